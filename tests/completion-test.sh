#!/bin/sh
# completion-test.sh — the bash completion (data/dealgraph.bash-completion) offers what each command accepts: formats, engines, modes, themes, stage ids and ranges, -G/-N/-E settings, -q/-v, .gv and .dot files.
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
: > figure.svg
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

# lacks LINE WORD…: completing LINE gives none of WORD… (and something else).
lacks () {
  line=$1
  shift
  got=$(complete_line "$line")
  found=
  for w in "$@"; do
    printf '%s\n' "$got" | grep -qxF -- "$w" && found="$found $w"
  done
  if [ -z "$got" ]; then
    fail "'$line' offers nothing"
  elif [ -n "$found" ]; then
    fail "'$line' offers$found"
  else
    pass "'$line' offers none of $*"
  fi
}

bash -n "$script" && pass "the script parses" || fail "the script has a syntax error"
offers "dealgraph " check stages audit layout render animate export diff strip describe --version -V --help

# Formats: each command's own (render, diff and strip take a list).
for cmd in render diff strip; do
  offers "dealgraph $cmd deal.gv -T " svg png pdf
done
offers "dealgraph render deal.gv -T svg," svg,png svg,pdf
offers "dealgraph render deal.gv --format png,pdf,s" png,pdf,svg
offers "dealgraph animate deal.gv -T " html svg webp
offers "dealgraph export deal.gv -T " dot json gexf graphml
offers "dealgraph export deal.gv --format g" gexf graphml
offers "dealgraph describe deal.gv -T " md txt json
offers "dealgraph describe deal.gv --format j" json

# Engines, with auto (the default), and layout modes; a layout cache where
# --layout may name one.
for cmd in render audit layout animate export diff strip; do
  offers "dealgraph $cmd deal.gv -K " auto dot neato fdp sfdp circo twopi
done
offers "dealgraph render deal.gv -l " union stage anchored cache.json figures
offers "dealgraph layout deal.gv -l " union stage anchored
offers "dealgraph animate deal.gv --layout " union stage anchored cache.json figures
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
includes "dealgraph animate deal.gv -s " before amazon agreement y2030 y2032 01-before 05-y2032

# Ranges FROM..TO (render, animate and strip take them): the stages from
# FROM on, as ids and file stems; FROM an id, a file stem or a number.
offers "dealgraph render deal.gv -s agreement.." agreement..agreement agreement..y2030 agreement..y2032 \
  agreement..03-agreement agreement..04-y2030 agreement..05-y2032
offers "dealgraph animate deal.gv --stage 4..y" 4..y2030 4..y2032
offers "dealgraph strip deal.gv -s 02-amazon..a" 02-amazon..amazon 02-amazon..agreement
offers "dealgraph render deal.gv -s ..a" ..amazon ..agreement
offers "dealgraph describe deal.gv -s y2030..y" y2030..y2030 y2030..y2032
offers "dealgraph render deal.gv -s nosuch.."   # an unknown FROM: nothing
offers "dealgraph audit deal.gv -s agreement.."  # audit and export take one stage
offers "dealgraph export deal.gv -s agreement.."

# Output names by command, and the other values: diff and strip take a
# folder or one figure's file, as render does.
offers "dealgraph diff deal.gv --from 1 --to 2 -o " figure.svg figures
offers "dealgraph strip deal.gv --output " figure.svg figures
offers "dealgraph layout deal.gv -o " cache.json figures
offers "dealgraph strip deal.gv --page " a4 letter
offers "dealgraph animate deal.gv --easing " linear ease-in-out
includes "dealgraph animate deal.gv --" --frames --hold --tween --easing --format --output
includes "dealgraph export deal.gv --" --format --output --stage --engine --layout --theme

# -G, -N and -E: common Graphviz attribute names, each with its '=', then
# values where Graphviz has a list; apart, glued or long, in every command.
offers "dealgraph render deal.gv -N " shape= style= color= fillcolor= fontname= fontsize= label= penwidth=
offers "dealgraph render deal.gv -E " color= style= penwidth= arrowhead= label= fontsize=
for cmd in check stages audit layout render animate export diff strip describe; do
  offers "dealgraph $cmd deal.gv -G " rankdir= nodesep= ranksep= splines= label= bgcolor= fontname=
done
offers "dealgraph render deal.gv -G rankdir=" LR TB RL BT
offers "dealgraph render deal.gv -Grankdir=" LR TB RL BT
offers "dealgraph render deal.gv --graph-attr=rankdir=" LR TB RL BT
offers "dealgraph render deal.gv -G rankdir=L" LR
offers "dealgraph render deal.gv -Nsh" -Nshape=
offers "dealgraph render deal.gv --node-attr=fill" fillcolor=
offers "dealgraph render deal.gv -N shape=M" Mdiamond Msquare Mcircle Mrecord
offers "dealgraph diff deal.gv -Nshape=doub" doublecircle doubleoctagon
includes "dealgraph render deal.gv --node-attr shape=" box ellipse circle diamond cylinder note record plaintext
lacks "dealgraph render deal.gv -N shape=" epsf custom  # dealgraph reads no files a graph names
offers "dealgraph render deal.gv -E style=" dashed dotted solid bold invis tapered
offers "dealgraph render deal.gv -G splines=" spline line polyline curved none
offers "dealgraph render deal.gv -N label="  # free text: nothing
offers "dealgraph render deal.gv -N shape=box " deal.gv other.dot figures

# -q and -v: where the command has them, and never both.
offers "dealgraph render deal.gv -v" -v
offers "dealgraph layout deal.gv -q" -q
offers "dealgraph check deal.gv -v"  # check has -q, no -v
offers "dealgraph stages deal.gv -q"
includes "dealgraph export deal.gv --" --quiet --verbose
lacks "dealgraph render deal.gv -q --" --verbose --quiet
lacks "dealgraph animate deal.gv --verbose --" --quiet --verbose
lacks "dealgraph strip -v deal.gv --" --quiet

end_tests
