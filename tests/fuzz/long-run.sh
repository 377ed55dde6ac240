#!/bin/sh
# tests/fuzz/long-run.sh — the long fuzzing run by hand: each target for a
# wall-time budget, in forked mode so a crash is kept and the run goes on,
# then one Markdown table row per target with the CPU time it really got
# (user + system of the whole process tree, from /usr/bin/time), executions,
# executions per CPU-second, corpus growth and findings. Paste the rows into
# the "Runs" table of tests/fuzz/README.md.
#
#   tests/fuzz/long-run.sh [BUILD] [TARGET:SECONDS ...]
#   tests/fuzz/long-run.sh build-fuzz load:2400 theme:900 value:300
#
# BUILD defaults to build-fuzz and is configured and built like .ci/fuzz.sh
# does. Runs under nice -n 10 so the machine stays usable; the CPU column is
# what counts towards a budget, not the wall time. Findings go to
# BUILD/fuzz-artifacts/long-TARGET-*; logs to BUILD/fuzz-long/TARGET.log.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build-fuzz}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- load:2400 theme:900 value:300
export LC_ALL=C.UTF-8

if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang meson setup "$BUILD" -Dfuzz=true -Dtests=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$BUILD" tests/fuzz/fuzz-load tests/fuzz/fuzz-theme tests/fuzz/fuzz-value >/dev/null

export ASAN_OPTIONS="fast_unwind_on_malloc=0:detect_leaks=1:abort_on_error=1:symbolize=1"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/fuzz/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export DEALGRAPH_TEMPLATES="$(pwd)/templates"

logs="$BUILD/fuzz-long"
mkdir -p "$logs" "$BUILD/fuzz-artifacts"
echo "| date | target | wall s | CPU s | executions | exec/CPU-s | corpus before → after | crashes / timeouts / OOMs |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"
for spec in "$@"; do
  t=${spec%%:*}
  secs=${spec#*:}
  corpus="$BUILD/fuzz-corpus/$t"
  mkdir -p "$corpus"
  dict=""
  case $t in
    load) dict="-dict=tests/fuzz/dot.dict" ;;
    theme) dict="-dict=tests/fuzz/theme.dict" ;;
  esac
  before=$(find "$corpus" "tests/fuzz/corpus-$t" -type f | wc -l)
  start=$(date +%s)
  # shellcheck disable=SC2086
  /usr/bin/time -f "cpu %U %S" -o "$logs/$t.time" \
    nice -n 10 "$BUILD/tests/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 \
      -rss_limit_mb=2048 -max_len=65536 $dict -fork=1 -ignore_crashes=1 \
      -ignore_timeouts=1 -ignore_ooms=1 -artifact_prefix="$BUILD/fuzz-artifacts/long-$t-" \
      "$corpus" "tests/fuzz/corpus-$t" </dev/null >"$logs/$t.log" 2>&1 || true
  wall=$(($(date +%s) - start))
  cpu=$(awk '/^cpu/ { printf "%.0f", $2 + $3 }' "$logs/$t.time")
  after=$(find "$corpus" "tests/fuzz/corpus-$t" -type f | wc -l)
  # The fork-mode parent prints "#RUNS: cov: … oom/timeout/crash: O/T/C …".
  last=$(grep -E '^#[0-9]+: cov:' "$logs/$t.log" | tail -n 1)
  runs=$(printf '%s\n' "$last" | sed -E 's/^#([0-9]+):.*/\1/')
  otc=$(printf '%s\n' "$last" | sed -E 's|.*oom/timeout/crash: ([0-9]+)/([0-9]+)/([0-9]+).*|\3 / \2 / \1|')
  [ -n "$runs" ] || { runs=0; otc="? (see $logs/$t.log)"; }
  rate=$(awk -v r="$runs" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? r / c : 0) }')
  echo "| $(date -u +%Y-%m-%d) | fuzz-$t | $wall | $cpu | $runs | $rate | $before → $after | $otc |"
done
