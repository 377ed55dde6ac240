#!/bin/sh
# tests/fidelity-test.sh DEALGRAPH — bench/fidelity --check on tests/data/attrs:
# the figures of the attribute-family graphs carry dot's words and colours and
# no raw record markup (targets in bench/README.md). Fails when a total misses.
set -eu
dealgraph=${1:?usage: tests/fidelity-test.sh DEALGRAPH}
root=$(cd "$(dirname "$0")/.." && pwd)
command -v dot >/dev/null 2>&1 || { echo "skip: dot is missing"; exit 77; }
/usr/bin/python3 -c 'import fitz' 2>/dev/null || { echo "skip: python3-fitz is missing"; exit 77; }
exec "$root/bench/fidelity" --check --dealgraph "$dealgraph" "$root/tests/data/attrs"
