#!/bin/sh
# tests/commit-kill-test.sh DEALGRAPH KILL-AT [TRIALS] — SIGKILL aimed at the
# commit window never leaves a mixed figure set or a temporary name.
#
# Version A of the flagship is rendered into a shared figure folder (--flat);
# then version B is rendered and killed (tests/kill-at.c) at the n-th name
# change in that folder, n walking through the whole commit: the naming of
# each staged figure, the journal, each rename, the journal's removal. The
# next run into the folder (a small graph of its own) settles what the killed
# one left. Afterwards the flagship's figures are all A or all B, and no
# temporary name or journal is left. Before the journal, a kill in the window
# left temporary files in 15 of 15 trials and mixed sets of old and new
# figures, and later runs did not remove the leftovers.
set -u
dealgraph=${1:?usage: tests/commit-kill-test.sh DEALGRAPH KILL-AT [TRIALS]}
killat=${2:?usage: tests/commit-kill-test.sh DEALGRAPH KILL-AT [TRIALS]}
trials=${3:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-commit-kill.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for v in A B; do
  mkdir -p "$tmp/$v"
  sed "s/label = \"Microsoft and OpenAI renegotiate their partnership\"/label = \"Version $v\"/" \
    "$root/graphs/microsoft-openai-2026.gv" >"$tmp/$v/deal.gv"
  grep -q "Version $v" "$tmp/$v/deal.gv" || { echo "FAIL: could not make version $v"; exit 1; }
done
printf 'digraph tiny { a -> b }\n' >"$tmp/tiny.gv"
out="$tmp/out"
render() { "$dealgraph" render -q --flat -o "$out" "$@"; }
fail=0 killed=0 mixed_raw=0 new_sets=0
for t in $(seq "$trials"); do
  rm -rf "$out"
  render "$tmp/A/deal.gv" || { echo "FAIL: trial $t: render A"; exit 1; }
  n=$(( (t - 1) % 60 + 1 ))
  what=$("$killat" "$out" "$n" "$dealgraph" render -q --flat -o "$out" "$tmp/B/deal.gv" 2>"$tmp/b.err")
  [ "$what" = killed ] && killed=$((killed + 1))
  na=$(grep -lE "<title[^>]*>Version A" "$out"/deal-*.svg | wc -l)
  nb=$(grep -lE "<title[^>]*>Version B" "$out"/deal-*.svg | wc -l)
  [ "$na" -ne 0 ] && [ "$nb" -ne 0 ] && mixed_raw=$((mixed_raw + 1))
  # The next run into the folder settles the killed one's commit.
  render "$tmp/tiny.gv" 2>"$tmp/tiny.err" || { echo "FAIL: trial $t: the next run failed:"; cat "$tmp/tiny.err"; fail=1; }
  na=$(grep -lE "<title[^>]*>Version A" "$out"/deal-*.svg | wc -l)
  nb=$(grep -lE "<title[^>]*>Version B" "$out"/deal-*.svg | wc -l)
  # A check that finds neither version could never see a mix.
  [ $((na + nb)) -gt 0 ] || { echo "FAIL: trial $t: no figure's <title> names its version"; fail=1; }
  if [ "$na" -ne 0 ] && [ "$nb" -ne 0 ]; then
    echo "FAIL: trial $t (kill at name change $n, $what): a mix of $na figures of A and $nb of B"; fail=1
  fi
  [ "$nb" -ne 0 ] && new_sets=$((new_sets + 1))
  # Every PDF too: the flip-book deal.pdf and the stage PDFs carry the title.
  for f in "$out"/deal*.pdf "$out"/deal-*.png; do
    [ -s "$f" ] || { echo "FAIL: trial $t: $f is missing or empty"; fail=1; }
  done
  left=$(find "$out" -name '.*' | wc -l)
  if [ "$left" -ne 0 ]; then
    echo "FAIL: trial $t (kill at name change $n): left behind:"; find "$out" -name '.*'; fail=1
  fi
done
echo "$trials trials: $killed killed in the commit window, $mixed_raw left a mix the next run settled, $new_sets ended with the new set"
# The trials must really hit the window, including the renames.
[ "$killed" -ge $((trials / 2)) ] || { echo "FAIL: only $killed of $trials runs were killed in the window"; fail=1; }
[ "$trials" -lt 20 ] || [ "$mixed_raw" -ge 1 ] || { echo "FAIL: no kill landed among the renames"; fail=1; }
[ $fail -eq 0 ] && echo "ok: never a mix, never a leftover"
exit $fail
