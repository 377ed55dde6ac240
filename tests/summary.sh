#!/bin/sh
# summary.sh — adds up the Criterion "Synthesis" lines of a meson test log
# into one closing line: "tests: N passed, N failed".
log=${1:?usage: summary.sh MESON_TESTLOG}
[ -f "$log" ] || { echo "summary.sh: no test log at $log" >&2; exit 1; }
grep -a 'Synthesis: Tested:' "$log" | sed 's/\x1b\[[0-9;]*m//g' | awk '
  { for (i = 1; i <= NF; i++) {
      if ($i == "Passing:") pass += $(i + 1)
      if ($i == "Failing:") fail += $(i + 1)
      if ($i == "Crashing:") fail += $(i + 1) } }
  END { printf "tests: %d passed, %d failed\n", pass, fail }'
