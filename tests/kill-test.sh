#!/bin/sh
# tests/kill-test.sh BUILD_DIR [TRIALS] — kill `dealgraph render` at random
# moments and check that no output file is ever partial or corrupt.
#
# The flagship graph is rendered into one output directory again and again,
# and each run is killed at a random moment. Before each trial the directory
# holds either nothing or a complete render of the previous version (the
# `dark` theme, so every file must be rewritten). After the kill, every
# figure must be absent, identical to a reference render, or identical to the
# previous version. Two kinds of moment, alternating:
#
#   anywhere:  a random delay from the start, 0 to 1.1 times a normal run;
#   writing:   a random delay, 0 to 1.2 times the usual writing time, after
#              the first temporary file appears (the shell watches for it),
#              so the commit itself is hit often.
#
# Run times are measured again every 25 trials, so a busy machine does not
# push every kill before the writing starts.
#
#   SIGKILL: nothing can clean up, so a temporary file (.NAME.XXXXXX) may
#            remain; such leftovers are counted and reported, not failures.
#   SIGTERM, SIGINT: the CLI must exit promptly and leave no temporary file;
#            leftovers are failures. SIGINT goes to the process group, like a
#            terminal's Ctrl-C; SIGTERM and SIGKILL to the CLI alone.
#
# Exits 1 on any partial, corrupt or unexpected file, on a temporary file
# left after SIGTERM/SIGINT, or on a CLI that does not die within 30 s of
# SIGTERM/SIGINT. TRIALS (default 200) is the number of SIGKILL trials; the
# SIGTERM and SIGINT rounds use TRIALS/4 each. Bad outputs are kept for
# inspection in the temporary directory, which is then not removed.
set -eu

build=${1:?usage: sh tests/kill-test.sh BUILD_DIR [TRIALS]}
trials=${2:-200}
cd "$(dirname "$0")/.."
cli="$build/dealgraph"
graph=graphs/microsoft-openai-2026.gv
name=microsoft-openai-2026
[ -x "$cli" ] || { echo "kill-test: no $cli; build it first" >&2; exit 2; }
command -v setsid >/dev/null || { echo "kill-test: needs setsid (util-linux)" >&2; exit 2; }
export LC_ALL=C.UTF-8 DEALGRAPH_TEMPLATES="$(pwd)/templates"
unset SOURCE_DATE_EPOCH

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-kill.XXXXXX")
keep_bad=0
cleanup () {
  if [ "$keep_bad" -eq 0 ]; then rm -rf "$tmp"; else echo "kill-test: evidence kept in $tmp" >&2; fi
}
trap cleanup EXIT

now_ms () { date +%s%3N; }
random_u32 () { od -An -N4 -tu4 /dev/urandom | tr -d ' '; }
sleep_ms () { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# start_render: a render into $tmp/out in its own process group (setsid), with
# SIGINT back to its default, which a non-interactive shell takes away from
# background jobs. Sets $pid.
start_render () {
  setsid env --default-signal=INT "$cli" render -q -o "$tmp/out" "$graph" </dev/null >/dev/null 2>&1 &
  pid=$!
}

# wait_for_temp: returns once a temporary file exists in the output directory
# (0), or the render has ended (1). Globbing is done by the shell itself, so
# the loop forks nothing and reacts within microseconds.
wait_for_temp () {
  while kill -0 "$pid" 2>/dev/null; do
    for f in "$tmp/out/$name"/.[!.]*; do
      [ -e "$f" ] && return 0
    done
  done
  return 1
}

# ---- references ------------------------------------------------------------
"$cli" render -q -o "$tmp/ref-new" "$graph" </dev/null
"$cli" render -q -t dark -o "$tmp/ref-old" "$graph" </dev/null
n_ref=$(ls "$tmp/ref-new/$name" | wc -l)
[ "$n_ref" -gt 0 ] || { echo "kill-test: the reference render wrote nothing" >&2; exit 1; }
for f in "$tmp/ref-new/$name"/*; do
  if cmp -s "$f" "$tmp/ref-old/$name/$(basename "$f")"; then
    echo "kill-test: $(basename "$f") is the same in both themes; the test needs them to differ" >&2
    exit 1
  fi
done

# calibrate: the mean of three runs over the previous version, whole and from
# the first temporary file on; sets run_ms and write_ms.
calibrate () {
  total=0
  writing=0
  for i in 1 2 3; do
    rm -rf "$tmp/out"
    cp -R "$tmp/ref-old" "$tmp/out"
    t0=$(now_ms)
    start_render
    tw=$t0
    if wait_for_temp; then tw=$(now_ms); fi
    wait "$pid" || true
    t1=$(now_ms)
    total=$((total + t1 - t0))
    writing=$((writing + t1 - tw))
  done
  run_ms=$((total / 3))
  write_ms=$((writing / 3))
  echo "kill-test: a run takes ${run_ms} ms, of which ${write_ms} ms writing ($n_ref files)"
}

# ---- one trial ---------------------------------------------------------------
failures=0
# check_dir SIGNAL: classify what the killed run left in $tmp/out.
check_dir () {
  sig=$1
  dir="$tmp/out/$name"
  [ -d "$dir" ] || return 0
  n_new=0
  n_old=0
  n_temp=0
  temp_names=""
  for f in "$dir"/* "$dir"/.*; do
    [ -e "$f" ] || continue
    base=$(basename "$f")
    case $base in
      . | ..) continue ;;
      .*)
        leftovers=$((leftovers + 1))
        n_temp=$((n_temp + 1))
        temp_names="$temp_names $base"
        rm -f "$f"
        continue
        ;;
    esac
    if cmp -s "$f" "$tmp/ref-new/$name/$base"; then
      n_new=$((n_new + 1))
    elif [ "$had_old" -eq 1 ] && cmp -s "$f" "$tmp/ref-old/$name/$base"; then
      n_old=$((n_old + 1))
    else
      echo "kill-test: FAIL: $base is partial, corrupt or unexpected after SIG$sig (trial $trial, $mode, delay ${delay} ms, $(wc -c <"$f") bytes)" >&2
      failures=$((failures + 1))
      keep_bad=1
      cp "$f" "$tmp/bad.$trial.$base"
    fi
  done
  if [ "$n_temp" -gt 0 ] && [ "$sig" != KILL ]; then
    echo "kill-test: FAIL: SIG$sig left $n_temp temporary files (trial $trial, $mode, delay ${delay} ms, exit $rc):$temp_names" >&2
    failures=$((failures + 1))
  fi
  if [ "$n_new" -gt 0 ] && [ "$n_old" -gt 0 ]; then
    mixed=$((mixed + 1))
  fi
  if [ "$n_new" -gt 0 ] && [ "$n_new" -lt "$n_ref" ] && [ "$had_old" -eq 0 ]; then
    partial_sets=$((partial_sets + 1))
  fi
  if [ "$n_new" -eq "$n_ref" ]; then
    complete=$((complete + 1))
  fi
}

# run_trials SIGNAL COUNT
run_trials () {
  sig=$1
  count=$2
  leftovers=0
  mixed=0
  partial_sets=0
  finished=0
  killed=0
  complete=0
  in_commit=0
  trial=0
  while [ "$trial" -lt "$count" ]; do
    trial=$((trial + 1))
    [ $((trial % 25)) -eq 1 ] && calibrate
    rm -rf "$tmp/out"
    had_old=$((trial % 2))
    if [ "$had_old" -eq 1 ]; then
      cp -R "$tmp/ref-old" "$tmp/out"
    fi
    start_render
    if [ $((trial % 4)) -lt 2 ]; then
      mode=anywhere
      delay=$(($(random_u32) % (run_ms * 11 / 10 + 1)))
      sleep_ms "$delay"
    else
      mode=writing
      delay=$(($(random_u32) % (write_ms * 12 / 10 + 1)))
      if wait_for_temp; then
        in_commit=$((in_commit + 1))
        sleep_ms "$delay"
      fi
    fi
    target=$pid
    [ "$sig" = INT ] && target="-$pid"
    kill -s "$sig" -- "$target" 2>/dev/null || true
    # SIGTERM and SIGINT must end the run: give it 30 s, then SIGKILL.
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 300 ]; do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "kill-test: FAIL: still running 30 s after SIG$sig (trial $trial)" >&2
      failures=$((failures + 1))
      kill -s KILL "$pid" 2>/dev/null || true
    fi
    rc=0
    wait "$pid" 2>/dev/null || rc=$?
    case $rc in
      0) finished=$((finished + 1)) ;;
      *) killed=$((killed + 1)) ;;
    esac
    # The layout process of a killed run goes with its group.
    kill -s KILL -- "-$pid" 2>/dev/null || true
    while kill -0 -- "-$pid" 2>/dev/null; do sleep 0.05; done
    check_dir "$sig"
  done
  echo "kill-test: SIG$sig: $count trials ($in_commit sent while writing): $killed killed, $finished had" \
    "finished; afterwards $complete complete new sets, $mixed mixes of old and new figures," \
    "$partial_sets part of a new set; temporary files left: $leftovers"
}

# Self-check: a truncated figure must be caught.
rm -rf "$tmp/out"
mkdir -p "$tmp/out/$name"
first=$(ls "$tmp/ref-new/$name" | head -n 1)
head -c 100 "$tmp/ref-new/$name/$first" >"$tmp/out/$name/$first"
trial=0 mode=self-check delay=0 rc=0 had_old=0 leftovers=0 mixed=0 partial_sets=0 complete=0
check_dir KILL 2>/dev/null
if [ "$failures" -ne 1 ]; then
  echo "kill-test: the checker missed a truncated $first" >&2
  exit 1
fi
failures=0
keep_bad=0

run_trials KILL "$trials"
kill_leftovers=$leftovers
quarter=$(( (trials + 3) / 4 ))
run_trials TERM "$quarter"
run_trials INT "$quarter"

if [ "$failures" -gt 0 ]; then
  echo "kill-test: FAILED: $failures problems" >&2
  exit 1
fi
echo "kill-test: ok: no partial or corrupt figure in any trial ($kill_leftovers temporary files left by SIGKILL, which cannot clean up)"
