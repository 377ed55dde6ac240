#!/bin/sh
# tests/kill-test.sh BUILD_DIR [TRIALS] — kill `dealgraph render` at random
# moments and check that no output file is ever partial or corrupt.
#
# The flagship graph is rendered into one output directory again and again,
# and the process is killed after a random delay between 0 and 1.1 times a
# normal run (half the trials in the second half of that range, where the
# files are written). Before each trial the directory holds either nothing or a
# complete render of the previous version (the `dark` theme, so every file
# must be rewritten). After the kill, every figure must be absent, identical
# to a reference render, or identical to the previous version.
#
#   SIGKILL: nothing can clean up, so a temporary file (.NAME.XXXXXX) may
#            remain; such leftovers are counted and reported, not failures.
#   SIGTERM, SIGINT: the CLI must exit promptly and leave no temporary file;
#            leftovers are failures.
#
# Exits 1 on any partial, corrupt or unexpected file, on a temporary file
# left after SIGTERM/SIGINT, or on a CLI that does not die within 30 s of
# SIGTERM/SIGINT. TRIALS (default 200) is the number of SIGKILL trials; the
# SIGTERM and SIGINT rounds use TRIALS/4 each. Bad outputs are kept in
# $KEEP (default: a kept temporary directory) for inspection.
set -eu

build=${1:?usage: sh tests/kill-test.sh BUILD_DIR [TRIALS]}
trials=${2:-200}
cd "$(dirname "$0")/.."
cli="$build/dealgraph"
graph=graphs/microsoft-openai-2026.gv
name=microsoft-openai-2026
[ -x "$cli" ] || { echo "kill-test: no $cli; build it first" >&2; exit 2; }
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

# A normal run, for the range of delays (mean of three, written from scratch).
total=0
for i in 1 2 3; do
  rm -rf "$tmp/time"
  t0=$(now_ms)
  "$cli" render -q -o "$tmp/time" "$graph" </dev/null
  t1=$(now_ms)
  total=$((total + t1 - t0))
done
run_ms=$((total / 3))
max_delay=$((run_ms * 11 / 10))
echo "kill-test: $n_ref files per render, a run takes ${run_ms} ms; delays 0..${max_delay} ms"

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
      echo "kill-test: FAIL: $base is partial, corrupt or unexpected after SIG$sig (trial $trial, delay ${delay} ms, $(wc -c <"$f") bytes)" >&2
      failures=$((failures + 1))
      keep_bad=1
      cp "$f" "$tmp/bad.$trial.$base"
    fi
  done
  if [ "$n_temp" -gt 0 ] && [ "$sig" != KILL ]; then
    echo "kill-test: FAIL: SIG$sig left $n_temp temporary files (trial $trial, delay ${delay} ms, exit $rc):$temp_names" >&2
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
  trial=0
  while [ "$trial" -lt "$count" ]; do
    trial=$((trial + 1))
    rm -rf "$tmp/out"
    had_old=$((trial % 2))
    if [ "$had_old" -eq 1 ]; then
      cp -R "$tmp/ref-old" "$tmp/out"
    fi
    # Half the trials anywhere in the run, half in its second half, where
    # the figures are written and renamed into place.
    if [ $((trial % 4)) -lt 2 ]; then
      delay=$(($(random_u32) % (max_delay + 1)))
    else
      delay=$((run_ms / 2 + $(random_u32) % (max_delay - run_ms / 2 + 1)))
    fi
    # Its own process group (setsid), so the layout child can be killed
    # with it; SIGINT back to its default, which a non-interactive shell
    # takes away from background jobs.
    setsid env --default-signal=INT "$cli" render -q -o "$tmp/out" "$graph" </dev/null >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    # SIGINT goes to the whole group, as a terminal's Ctrl-C does; SIGTERM
    # and SIGKILL to the CLI alone, as kill(1) or the OOM killer do.
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
  echo "kill-test: SIG$sig: $count trials: $killed killed, $finished had finished; afterwards $complete" \
    "complete new sets, $mixed mixes of old and new figures, $partial_sets part of a new set;" \
    "temporary files left: $leftovers"
}

# Self-check: a truncated figure must be caught.
rm -rf "$tmp/out"
mkdir -p "$tmp/out/$name"
first=$(ls "$tmp/ref-new/$name" | head -n 1)
head -c 100 "$tmp/ref-new/$name/$first" >"$tmp/out/$name/$first"
trial=0 delay=0 rc=0 had_old=0 leftovers=0 mixed=0 partial_sets=0 complete=0
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
