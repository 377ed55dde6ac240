#!/bin/sh
# tests/unit-fixtures-test.sh SOURCE_ROOT — the unit tests use fixtures of
# their own, never the showcase in graphs/, so that editing graphs/ breaks
# no unit test. The unit tests are tests/test-*.c but test-cli.c: that one
# runs the CLI end to end and may render the showcase, as the shell scripts
# may. A unit test that wants the showcase's deal loads its frozen copy,
# tests/data/good/deal-fixture.gv (dg_test_load_deal(), dg_test_deal_path()).
set -u
root=${1:?usage: tests/unit-fixtures-test.sh SOURCE_ROOT}
cd "$root/tests" || exit 1
# The ways a test file can reach graphs/: the path itself, the folder's name
# given to g_build_filename(), and dg-test's helpers for the CLI's tests.
# (The fixture's own graph name, "microsoft-openai-2026", is no path.)
pattern='graphs/|"graphs"|dg_test_flagship_path|dg_test_load_flagship|DG_TEST_FLAGSHIP_NAME'
files=$(ls test-*.c | grep -v '^test-cli\.c$')
[ -n "$files" ] || { echo "FAIL: no unit test files in $root/tests"; exit 1; }
# shellcheck disable=SC2086 # $files is a list of plain file names
found=$(grep -nE "$pattern" $files)
if [ -n "$found" ]; then
  echo "FAIL: unit tests name the showcase in graphs/; load tests/data/good/deal-fixture.gv instead:"
  echo "$found"
  exit 1
fi
[ -f data/good/deal-fixture.gv ] || { echo "FAIL: tests/data/good/deal-fixture.gv is missing"; exit 1; }
echo "ok: $(echo "$files" | wc -l) unit test files, none names graphs/"
