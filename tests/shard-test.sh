#!/bin/sh
# shard-test.sh — `dealgraph layout` + `render --layout FILE`: shards equal an unsharded run, stale caches refused, depfiles make can read.
#
# Usage: shard-test.sh [DEALGRAPH]   (or $DEALGRAPH; the source tree from $DG_SOURCE_ROOT or this script's folder)
set -eu

. "$(dirname "$0")/lib.sh"
use_cli "$@"
D=$DEALGRAPH

begin_tests shard-test
cd "$work"

mkdir g
cp "$SRC/graphs/microsoft-openai-2026.gv" g/deal.gv
G=g/deal.gv

# 1. Shards drawn by separate processes from one layout cache are byte for
#    byte the figures of one unsharded run.
"$D" layout "$G" -o cache/layout.json
[ -s cache/layout.json ] && pass "layout writes the cache" || fail "no layout cache written"
head -c 80 cache/layout.json | grep -q '"format":"dealgraph-layout","format_version":2' \
  && pass "the cache says what it is and its version" || fail "the cache has no format header: $(head -c 80 cache/layout.json)"
"$D" render "$G" -o full -q
"$D" render "$G" --layout cache/layout.json -s 1 -s 3 -s 5 -o shard -q &
first=$!
"$D" render "$G" --layout cache/layout.json --stage 02-amazon --stage y2030 -o shard -q --jobs 1
wait $first || fail "the first shard failed"
"$D" render "$G" --layout cache/layout.json --book-only -o shard -q
n_full=$(find full -type f | wc -l)
n_shard=$(find shard -type f | wc -l)
[ "$n_full" -eq 16 ] && [ "$n_shard" -eq 16 ] && pass "both runs wrote 15 figures and a book" \
  || fail "unsharded wrote $n_full files, shards $n_shard (want 16 each)"
if diff -r full shard > /dev/null; then
  pass "sharded figures are byte-identical to the unsharded run"
else
  fail "shards differ from the unsharded run: $(diff -rq full shard | head -5)"
fi

# 2. The layout is the one thing shards share: every other option may vary.
"$D" render "$G" --layout cache/layout.json -s 3 -T svg -o narrow -q --width 10cm --no-legend
[ -s narrow/deal/03-agreement.svg ] && pass "render --layout takes the other options" || fail "no narrow figure"

# 3. A stale, foreign or broken cache is a clear error; a missing one cannot be opened.
cp "$G" g/edited.gv
"$D" layout g/edited.gv -o cache/edited.json
echo "// edited after the layout" >> g/edited.gv
expect 65 "cache/edited.json: stale layout cache: graph g/edited.gv has changed" \
  "$D" render g/edited.gv --layout cache/edited.json -o x -q
expect 65 'theme "dark"' "$D" render "$G" --layout cache/layout.json --theme dark -o x -q
expect 65 "cache/layout.json: stale layout cache: graph g/other.gv" \
  sh -c "cp '$SRC/tests/data/good/multi.gv' g/other.gv && '$D' render g/other.gv --layout cache/layout.json -o x -q"
head -c 1000 cache/layout.json > cache/cut.json
expect 65 "cache/cut.json: not a dealgraph layout cache" "$D" render "$G" --layout cache/cut.json -o x -q
expect 65 "not a dealgraph layout cache" "$D" render "$G" --layout "$G" -o x -q
sed 's/"format_version":2/"format_version":9/' cache/layout.json > cache/future.json
expect 65 "format version 9" "$D" render "$G" --layout cache/future.json -o x -q
expect 66 "cache/none.json: cannot open" "$D" render "$G" --layout cache/none.json -o x -q
[ ! -e x ] && pass "a refused cache writes no figure" || fail "a refused cache still wrote figures"

# 4. Usage errors.
expect 64 "was computed with dot" "$D" render "$G" --layout cache/layout.json --engine neato -o x -q
expect 64 "belongs to one graph" "$D" render "$G" "$G" --layout cache/layout.json -o x -q
expect 64 "book-only" "$D" render "$G" --book-only -s 1 -o x -q
expect 64 "no timeline" "$D" render "$SRC/tests/data/good/static.gv" --book-only -o x -q
expect 64 "name the layout cache with -o" "$D" layout "$G"
expect 64 "exactly one input file" "$D" layout "$G" "$G" -o y.json
expect 64 "not union, stage or anchored" "$D" layout "$G" --layout spiral -o y.json
expect 65 "" "$D" layout "$SRC/tests/data/bad/syntax-error.gv" -o y.json
[ ! -e y.json ] && pass "a failed layout writes no cache" || fail "a failed layout wrote y.json"
"$D" render "$G" --layout union -s 1 -T svg -o modes -q && [ -s modes/deal/01-before.svg ] \
  && pass "--layout union is still a mode" || fail "--layout union no longer works as a mode"

# 5. Depfiles: every output (changed or not) as targets, every input read as
#    prerequisites, names escaped so make reads them back, and rewritten only
#    when their bytes change.
printf '[theme]\ninherit = report\n' > parent.theme
printf '[theme]\ninherit = parent.theme\n' > child.theme
"$D" render "$G" --theme child.theme -s 2 -o dep -q --depfile dep.d
grep -q "^dep/deal/02-amazon.svg \\\\$" dep.d && grep -q "dep/deal/02-amazon.pdf:" dep.d \
  && grep -q "^  child.theme \\\\$" dep.d && grep -q "^  parent.theme" dep.d && grep -q "report.theme" dep.d \
  && pass "render's depfile names its outputs, the graph and the whole theme chain" \
  || fail "render's depfile is wrong: $(cat dep.d)"
before=$(stat -c %Y.%y dep.d)
sleep 1
"$D" render "$G" --theme child.theme -s 2 -o dep -q --depfile dep.d
[ "$(stat -c %Y.%y dep.d)" = "$before" ] && pass "an unchanged depfile keeps its mtime" || fail "the depfile was rewritten"
"$D" layout "$G" --theme child.theme -o dep/layout.json --depfile dep/layout.d --depfile-target dep/stamp
head -1 dep/layout.d | grep -q "^dep/stamp:" && pass "--depfile-target replaces the targets" \
  || fail "layout depfile: $(cat dep/layout.d)"

"$D" export "$G" --theme child.theme -T gexf -o dep/deal.gexf --depfile dep/gexf.d
grep -q "^dep/deal.gexf: \\\\$" dep/gexf.d && grep -q "^  child.theme \\\\$" dep/gexf.d && grep -q "^  parent.theme" dep/gexf.d \
  && pass "export's depfile names its output, the graph and the theme chain" \
  || fail "export's depfile is wrong: $(cat dep/gexf.d)"
"$D" export "$G" --theme child.theme -T json -l dep/layout.json --depfile dep/json.d --depfile-target dep/json.stamp > dep/deal.json
head -1 dep/json.d | grep -q "^dep/json.stamp:" && grep -q "dep/layout.json" dep/json.d \
  && pass "export to standard output names --depfile-target's target and the layout cache" \
  || fail "export's stdout depfile is wrong: $(cat dep/json.d)"
expect 64 "needs --depfile-target" "$D" export "$G" -T json --depfile dep/x.d
[ ! -e dep/x.d ] && pass "a refused export writes no depfile" || fail "a refused export wrote dep/x.d"
printf '<!doctype html><title>t</title><div>{{FIGURE}}</div><script type="application/json">{{DATA}}</script>\n' > page.html
"$D" animate "$G" --theme child.theme --template page.html -o dep/deal.html --frames dep/frames --fps 2 -q \
  --depfile dep/anim.d
grep -q "^dep/deal.html \\\\$" dep/anim.d && grep -q "^  dep/frames/frame-00001.png" dep/anim.d \
  && grep -q "^  page.html$" dep/anim.d && grep -q "^  child.theme \\\\$" dep/anim.d \
  && pass "animate's depfile names the page, every frame, the graph, the theme chain and the template" \
  || fail "animate's depfile is wrong: $(cat dep/anim.d)"

# make reads the names back: a rule `print` added to the depfile's targets
# shows its first prerequisite, which must be the graph's whole path.
if command -v make > /dev/null; then
  odd='odd dir#1$x'
  mkdir -p "$odd"
  cp "$G" "$odd/deal.gv"
  "$D" render "$odd/deal.gv" -s 1 -T svg -o "$odd/out put" -q --depfile odd.d
  sed -i 's/^\(.*01-before\.svg\):/\1 print:/' odd.d
  printf 'include odd.d\nprint:\n\t@echo "[$(subst $$,DOLLAR,$<)]"\n' > show.mk
  got=$(make -s -f show.mk print 2>&1 || true)
  [ "$got" = "[odd dir#1DOLLARx/deal.gv]" ] \
    && pass "make reads back a file name with a space, '#' and '\$' from the depfile" \
    || fail "make read [$got] from the depfile: $(cat odd.d)"
  [ -f "$odd/out put/deal/01-before.svg" ] || fail "no figure under a directory with a space"
fi

end_tests
