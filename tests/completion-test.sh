#!/bin/sh
# completion-test.sh — the bash completion (data/dealgraph.bash-completion) offers what each command accepts: formats, engines, modes, themes, stage ids, .gv and .dot files.
#
# Usage: completion-test.sh DEALGRAPH
#
# Each check completes one command line in a bash that has loaded
# bash-completion (the Debian package) and the script, as an interactive
# shell would, and compares the candidates with what the command takes.
# Without bash-completion the test reports itself skipped (77); under CI
# (CI=true), where .ci/run installs it, that is a failure.
set -eu

. "$(dirname "$0")/lib.sh"
use_cli "$@"

bash_completion=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}
if [ ! -f "$bash_completion" ] || ! command -v bash > /dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: completion-test: bash-completion is not installed (the Debian package bash-completion; CI must run this test)" >&2
    exit 1
  fi
  echo "completion-test: skipped: bash-completion not installed (apt-get install bash-completion)"
  exit 77
fi
script=$SRC/data/dealgraph.bash-completion

begin_tests completion-test
cd "$work"
cp "$SRC/graphs/microsoft-openai-2026.gv" deal.gv
# The same graph as .dot, with other stage ids, to tell which file was read.
sed 's/\bbefore\b/start/g' deal.gv > other.dot
: > notes.txt
: > mine.theme
: > cache.json
mkdir figures

# complete_line LINE: the candidates bash offers with the cursor at the end of
# LINE (whose first word, dealgraph, becomes the CLI under test), sorted, one
# per line. Folders come without the / that readline adds.
complete_line () {
  bash --norc --noprofile -c '
    . "$1" 2> /dev/null
    . "$2"
    COMP_LINE=$4${3#dealgraph}
    COMP_POINT=${#COMP_LINE}
    read -r -a COMP_WORDS <<< "$COMP_LINE"
    [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _dealgraph dealgraph "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2> /dev/null
    printf "%s\n" "${COMPREPLY[@]}" | sort
  ' completion "$bash_completion" "$script" "$1" "$DEALGRAPH"
}

# offers LINE WORD…: completing LINE gives exactly WORD… (in any order).
offers () {
  line=$1
  shift
  want=$(printf '%s\n' "$@" | sort)
  got=$(complete_line "$line")
  if [ "$got" = "$want" ]; then
    pass "'$line' offers $*"
  else
    fail "'$line' offers $(printf "%s\n" "$got" | tr "\n" " "), want $*"
  fi
}

# includes LINE WORD…: completing LINE gives at least WORD….
includes () {
  line=$1
  shift
  got=$(complete_line "$line")
  missing=
  for w in "$@"; do
    printf '%s\n' "$got" | grep -qxF -- "$w" || missing="$missing $w"
  done
  [ -z "$missing" ] && pass "'$line' offers $*" || fail "'$line' does not offer$missing (offers $(printf "%s\n" "$got" | tr "\n" " "))"
}

bash -n "$script" && pass "the script parses" || fail "the script has a syntax error"
offers "dealgraph " check stages audit layout render animate export diff strip --version -V --help

# Formats: each command's own (render, diff and strip take a list).
for cmd in render diff strip; do
  offers "dealgraph $cmd deal.gv -T " svg png pdf
done
offers "dealgraph render deal.gv -T svg," svg,png svg,pdf
offers "dealgraph render deal.gv --format png,pdf,s" png,pdf,svg
offers "dealgraph animate deal.gv -T " html svg webp
offers "dealgraph export deal.gv -T " dot json gexf graphml
offers "dealgraph export deal.gv --format g" gexf graphml

# Engines, with auto (the default), and layout modes; a layout cache where
# --layout may name one.
for cmd in render audit layout animate export diff strip; do
  offers "dealgraph $cmd deal.gv -K " auto dot neato fdp sfdp circo twopi
done
offers "dealgraph render deal.gv -l " union stage anchored cache.json figures
offers "dealgraph layout deal.gv -l " union stage anchored
offers "dealgraph animate deal.gv --layout " union stage anchored
includes "dealgraph render deal.gv -t " report dark grayscale mine.theme

# Graphs: .gv and .dot files (and folders), nothing else.
offers "dealgraph render " deal.gv other.dot figures
offers "dealgraph check deal.gv " deal.gv other.dot figures

# Stage ids (and file stems) of the graph on the line, .gv or .dot.
includes "dealgraph render deal.gv -s " before amazon agreement y2030 y2032 01-before 03-agreement
offers "dealgraph render deal.gv -s a" amazon agreement
offers "dealgraph diff other.dot --from s" start
offers "dealgraph diff other.dot --from start --to y" y2030 y2032
offers "dealgraph audit -K dot other.dot --stage 0" 01-start 02-amazon 03-agreement 04-y2030 05-y2032
offers "dealgraph strip --stage y2030 --stage "  # no graph on the line: nothing

# Output names by command, and the other values.
offers "dealgraph diff deal.gv --from 1 --to 2 -o " figures
offers "dealgraph layout deal.gv -o " cache.json figures
offers "dealgraph strip deal.gv --page " a4 letter
offers "dealgraph animate deal.gv --easing " linear ease-in-out
includes "dealgraph animate deal.gv --" --frames --hold --tween --easing --format --output
includes "dealgraph export deal.gv --" --format --output --stage --engine --layout --theme

end_tests
