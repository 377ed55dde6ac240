#!/bin/sh
# make-test.sh — examples/Makefile end to end: a second make does nothing, an edit redraws only what it touched, -j2 = -j1.
#
# Usage: make-test.sh [DEALGRAPH]   (or $DEALGRAPH; the source tree from $DG_SOURCE_ROOT or this script's folder)
set -eu

. "$(dirname "$0")/lib.sh"
use_cli "$@"
MAKEFILE=$SRC/examples/Makefile
command -v make >/dev/null || { echo "make-test: make is not installed" >&2; exit 1; }

begin_tests make-test
cd "$work"

# A project: three graphs with timelines (the flagship for its clusters) and
# a static one. Graph "deal" uses its own theme, which inherits from another
# theme file, which inherits report.
mkdir graphs themes
cat > graphs/deal.gv <<'EOF'
digraph deal {
  label = "A test deal";
  subgraph timeline {
    s1 [label = "One"]; s2 [label = "Two"]; s3 [label = "Three"];
    s1 -> s2 -> s3;
  }
  A [kind = company]; B [kind = lab]; C [kind = cloud];
  A -> B [kind = stake, value = "10%"];
  B -> C [kind = license, from = s2, until = s3];
  A -> C [kind = investment, value = "$5B", from = s3];
  C -> A [kind = license, from = s3];
}
EOF
cp "$SRC/tests/data/good/multi.gv" graphs/other.gv
cp "$SRC/tests/data/good/static.gv" graphs/still.gv
cp "$SRC/graphs/microsoft-openai-2026.gv" graphs/flagship.gv
printf '[theme]\ninherit = report\nmargin = 20\n' > themes/base.theme
printf '[theme]\ninherit = base.theme\nname = deal\n' > themes/deal.theme

# Run make on the project; its log goes to $work/log.
mk () {
  make -f "$MAKEFILE" DEALGRAPH="$DEALGRAPH" THEME_deal=themes/deal.theme "$@" > log 2>&1 || {
    cat log >&2
    return 1
  }
}
# Every file of the figure sets with its mtime, one per line.
mtimes () { find "${1:-output}" -type f ! -path '*/.stamps/*' -printf '%p %T@\n' | sort; }
# The files whose mtime differs between two mtimes listings.
changed () { diff "$1" "$2" | sed -n 's/^> \([^ ]*\) .*/\1/p' | sort; }

# 1. A fresh build makes every figure, every book and every layout.
mk -j2 || { echo "FAIL: the first make failed" >&2; exit 1; }
expected=""
for g in deal other flagship; do
  for s in $("$DEALGRAPH" stages --names "graphs/$g.gv"); do
    for ext in svg png pdf alt.txt desc.md; do expected="$expected output/$g/$s.$ext"; done
  done
  expected="$expected output/$g/$g.pdf output/$g/layout.json"
  for ext in dot json gexf graphml; do expected="$expected output/$g/exports/$g.$ext"; done
done
expected="$expected output/still/still.svg output/still/still.png output/still/still.pdf output/still/still.alt.txt output/still/still.desc.md"
missing=""
for f in $expected; do [ -s "$f" ] || missing="$missing $f"; done
[ -z "$missing" ] && pass "a fresh make writes every figure, book and layout" || fail "missing after make:$missing"

# 2. A second make has nothing to do.
mtimes > before
if make -q -f "$MAKEFILE" DEALGRAPH="$DEALGRAPH" THEME_deal=themes/deal.theme 2>/dev/null; then
  pass "make -q: up to date after a build"
else
  fail "make -q says something is out of date right after a build"
fi
mk
if grep -q "graphs/" log; then fail "a second make ran dealgraph:"; cat log >&2; else pass "a second make runs nothing"; fi
mtimes > after
cmp -s before after && pass "a second make changes no mtime" || fail "a second make changed: $(changed before after)"

# 3. Touching a theme reruns exactly the rules of the graphs drawn with it,
#    through inheritance too, and rewrites no file (its bytes are the same).
sleep 1
for theme in themes/deal.theme themes/base.theme; do
  touch "$theme"
  mk
  ran_deal=$(grep -c "graphs/deal.gv" log || true)
  ran_other=$(grep -c "graphs/other.gv\|graphs/still.gv\|graphs/flagship.gv" log || true)
  # deal: its layout, three stages, its book and its exports.
  if [ "$ran_deal" -eq 6 ] && [ "$ran_other" -eq 0 ]; then
    pass "touching $theme reruns deal's 6 rules and nothing else"
  else
    fail "touching $theme ran $ran_deal rules for deal (want 6) and $ran_other for other graphs (want 0)"
    cat log >&2
  fi
  mtimes > after
  cmp -s before after && pass "touching $theme rewrites no figure" || fail "touching $theme rewrote: $(changed before after)"
  make -q -f "$MAKEFILE" DEALGRAPH="$DEALGRAPH" THEME_deal=themes/deal.theme 2>/dev/null \
    && pass "make -q: up to date after touching $theme" || fail "make -q: not up to date after touching $theme"
done

# 4. Editing one stage's tie redraws only the files whose bytes change: the
#    license B -> C exists at stage 2 only; as an investment it looks
#    different there, in stage 3 (which draws the ghost of what ended at it)
#    and in the book, and nowhere else; the exports, which hold every tie,
#    change too. (C -> A keeps a license in the timeline:
#    the legend, laid out once per timeline, holds every kind it has, so
#    a kind gone from the whole timeline would change every figure.) The
#    long descriptions of stages 2 and 3 say it too (stage 3's in what
#    changed since stage 2); their short texts, which count ties, do not.
sleep 1
sed -i 's/B -> C \[kind = license/B -> C [kind = investment/' graphs/deal.gv
mk -j2
mtimes > after
got=$(changed before after | tr '\n' ' ')
want="output/deal/02-s2.desc.md output/deal/02-s2.pdf output/deal/02-s2.png output/deal/02-s2.svg output/deal/03-s3.desc.md output/deal/03-s3.pdf output/deal/03-s3.png output/deal/03-s3.svg output/deal/deal.pdf output/deal/exports/deal.dot output/deal/exports/deal.gexf output/deal/exports/deal.graphml output/deal/exports/deal.json output/deal/layout.json "
[ "$got" = "$want" ] && pass "editing a tie of stage 2 rewrites only stages 2 and 3 (figures and descriptions), the book, the exports and the layout" \
  || fail "editing a tie of stage 2 rewrote [$got], expected [$want]"
mk
grep -q "graphs/" log && fail "make after the edit is not idempotent" || pass "and then nothing is left to do"
mtimes > before

# 5. A graph edit that changes no figure (a comment) reruns deal and rewrites
#    only the layout, whose digest of the graph changed.
sleep 1
echo "// a comment" >> graphs/deal.gv
mk
mtimes > after
got=$(changed before after | tr '\n' ' ')
[ "$got" = "output/deal/layout.json " ] && pass "a comment rewrites only the layout cache" \
  || fail "a comment rewrote [$got], expected only output/deal/layout.json"
mtimes > before

# 6. make -j1 from scratch gives the same bytes as the -j2 build above and
#    the incremental builds since.
mk -j1 OUT=serial
if diff -r -x .stamps serial output > /dev/null; then
  pass "make -j1 from scratch gives the same bytes as make -j2 and the incremental builds"
else
  fail "make -j1 and make -j2 differ: $(diff -rq -x .stamps serial output | head -5)"
fi

# 7. The depfiles make reads name every input, with the stamp as target.
dep=output/.stamps/deal/02-s2.d
if grep -q "^output/.stamps/deal/02-s2.stamp:" "$dep" && grep -q "themes/base.theme" "$dep" \
   && grep -q "report.theme" "$dep" && grep -q "graphs/deal.gv" "$dep" && grep -q "output/deal/layout.json" "$dep"; then
  pass "a stage's depfile names the graph, every theme file and the layout"
else
  fail "depfile $dep lacks an input:"; cat "$dep" >&2
fi

# 8. A deleted theme file does not stop make with "No rule to make target".
sed 's/inherit = base.theme/inherit = report/' themes/deal.theme > themes/deal2.theme
mv themes/deal2.theme themes/deal.theme
rm themes/base.theme
mk && pass "make copes with a theme file that went away" || fail "make stopped after a theme file went away"

end_tests
