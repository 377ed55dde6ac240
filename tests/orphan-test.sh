#!/bin/sh
# tests/orphan-test.sh DEALGRAPH GEN_TIMELINE — no Graphviz process outlives
# dealgraph: a layout whose parent is killed (SIGKILL, then SIGTERM) leaves no
# layout process behind. The layout runs in a forked child; without
# PR_SET_PDEATHSIG it kept running at 100 % CPU after its parent died.
set -u
dealgraph=${1:?usage: tests/orphan-test.sh DEALGRAPH GEN_TIMELINE}
gen=${2:?usage: tests/orphan-test.sh DEALGRAPH GEN_TIMELINE}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-orphan.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# dot on 300 parties and 700 ties takes far longer than this test waits.
"$gen" --parties 300 --ties 700 --stages 3 --seed 2 >"$tmp/big.gv" || { echo "FAIL: gen-timeline"; exit 1; }
fail=0
for sig in KILL TERM; do
  "$dealgraph" layout "$tmp/big.gv" -K dot -o "$tmp/out.json" 2>/dev/null &
  parent=$!
  child=""
  for _ in $(seq 100); do
    child=$(pgrep -P "$parent" | head -n 1)
    [ -n "$child" ] && break
    sleep 0.1
  done
  if [ -z "$child" ]; then
    echo "FAIL: SIG$sig: no layout process appeared"
    kill -KILL "$parent" 2>/dev/null
    fail=1
    continue
  fi
  sleep 0.5
  kill -"$sig" "$parent"
  wait "$parent" 2>/dev/null
  gone=0
  for _ in $(seq 50); do
    if ! kill -0 "$child" 2>/dev/null; then gone=1; break; fi
    sleep 0.1
  done
  if [ $gone -eq 1 ]; then
    echo "ok: SIG$sig to dealgraph: its layout process $child is gone"
  else
    echo "FAIL: SIG$sig to dealgraph: its layout process $child still runs"
    kill -KILL "$child" 2>/dev/null
    fail=1
  fi
done
exit $fail
