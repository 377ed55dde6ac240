#!/bin/sh
# tests/bench-smoke.sh BUILD_DIR — the benchmark still runs: the generator and
# bench/run on the small size, one run. Checks that both tools ran and that
# the table has every row (the loop, dealgraph, the ratios, the floor); the
# figures themselves are not judged here (see bench/README.md).
set -eu
build=${1:?usage: tests/bench-smoke.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in dot python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "skip: $tool is missing"; exit 77; }
done
out=$(RUNS=1 BUILD="$build" "$root/bench/run" small 2>&1) || { echo "$out"; echo "FAIL: bench/run small"; exit 1; }
echo "$out"
fail=0
for row in '| small (8/12/5, svg,png) | dot loop |' '| | dealgraph |' '| | **ratio** |' '| | cairo floor, PNG frames only'; do
  case $out in
    *"$row"*) ;;
    *) echo "FAIL: no row starting '$row'"; fail=1 ;;
  esac
done
# dealgraph's shared layout never moves a party.
echo "$out" | grep -q '^| | dealgraph | .* | 0.0 |$' || { echo "FAIL: dealgraph's displacement is not 0"; fail=1; }
[ $fail -eq 0 ] && echo "ok: bench/run small"
exit $fail
