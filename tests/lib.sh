# lib.sh — the prelude of the end-to-end shell tests: CLI and source paths, a work dir, pass/fail/expect.
#
# Sourced (not run) by make-test.sh, shard-test.sh and install-test.sh, after
# their `set -eu`:
#
#   . "$(dirname "$0")/lib.sh"
#   use_cli "$@"            # $DEALGRAPH: the CLI under test, made absolute
#   begin_tests make-test   # $work, the counts, and the exit trap
#   …  pass WHAT / fail WHAT / expect STATUS WORDS COMMAND…
#   end_tests
#
# On any exit the trap prints the "[====] Synthesis:" line that
# tests/summary.sh adds up into `make test`'s closing line, removes $work, and
# exits 1 if a check failed or the script stopped before end_tests.
# shellcheck shell=sh

# The source tree: $DG_SOURCE_ROOT (meson test sets it), else the folder
# above the sourcing script's.
# shellcheck disable=SC2034 # used by the scripts that source this file
SRC=${DG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}

# use_cli [PATH]: $DEALGRAPH becomes PATH, else stays as the environment has
# it (one of the two is required), made absolute because the tests cd.
use_cli () {
  DEALGRAPH=${1:-${DEALGRAPH:?usage: $(basename "$0") DEALGRAPH}}
  case $DEALGRAPH in /*) ;; *) DEALGRAPH=$(pwd)/$DEALGRAPH ;; esac
}

# begin_tests NAME: makes $work (a new directory dg-NAME.XXXXXX in $TMPDIR),
# starts counting, and sets the trap; NAME also heads end_tests' line.
begin_tests () {
  test_name=$1
  work=$(mktemp -d "${TMPDIR:-/tmp}/dg-$test_name.XXXXXX")
  failures=0 passes=0 finished=
  trap finish EXIT
}

fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass () { echo "ok: $*"; passes=$((passes + 1)); }

# expect STATUS WORDS COMMAND…: the command exits with STATUS and says WORDS
# on stderr. Its output goes to the files out and err in the current folder.
expect () {
  want=$1 words=$2
  shift 2
  set +e
  "$@" > out 2> err
  got=$?
  set -e
  if [ "$got" -ne "$want" ]; then
    fail "$* exited $got, expected $want: $(cat err)"
  elif ! grep -q -- "$words" err; then
    fail "$* did not say \"$words\": $(cat err)"
  else
    pass "$want \"$words\": $*"
  fi
}

# end_tests: the last line of a script that ran to its end.
end_tests () {
  echo "$test_name: $passes passed, $failures failed"
  finished=yes
}

# The EXIT trap: a script that stopped half-way counts as one more failure.
finish () {
  status=$?
  [ -n "$finished" ] || { failures=$((failures + 1)); echo "FAIL: stopped early (status $status)" >&2; }
  echo "[====] Synthesis: Tested: $((passes + failures)) | Passing: $passes | Failing: $failures | Crashing: 0"
  rm -rf "$work"
  [ "$failures" -eq 0 ] && exit 0 || exit 1
}
