#!/bin/sh
# tests/determinism-test.sh DEALGRAPH GEN-TIMELINE [RUNS] — a layout is the
# same file from every process: `-l stage` and `-l anchored` with neato on a
# generated 200-party, 20-stage graph, RUNS separate runs each, one distinct
# cache. neato's positions vary in their last digits from one process to the
# next (address-dependent order), and Graphviz's label placer used to turn
# that into tie labels tens of points apart: before the pinned second pass,
# `-l stage` gave 2 different caches in 8 runs (3 in 8 in another trial).
set -u
dealgraph=${1:?usage: tests/determinism-test.sh DEALGRAPH GEN-TIMELINE [RUNS]}
gen=${2:?usage: tests/determinism-test.sh DEALGRAPH GEN-TIMELINE [RUNS]}
runs=${3:-6}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-determinism.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$gen" --parties 200 --ties 400 --stages 20 --seed 3 >"$tmp/g.gv" || { echo "FAIL: gen-timeline"; exit 1; }
fail=0
for mode in stage anchored; do
  for r in $(seq "$runs"); do
    "$dealgraph" layout -K neato -l "$mode" "$tmp/g.gv" -o "$tmp/$mode-$r.json" 2>"$tmp/err" \
      || { echo "FAIL: $mode run $r:"; cat "$tmp/err"; exit 1; }
  done
  n=$(cksum "$tmp/$mode"-*.json | cut -d' ' -f1 | sort -u | wc -l)
  if [ "$n" -ne 1 ]; then
    echo "FAIL: -l $mode -K neato: $n different caches in $runs runs"; fail=1
  else
    echo "ok: -l $mode -K neato: one cache in $runs runs"
  fi
done
exit $fail
