#!/bin/sh
# tests/concurrency-test.sh DEALGRAPH [TRIALS] — two versions of one graph
# rendered into one folder at once never leave a mix: afterwards every figure
# is of one version. Each run either commits its whole set or, when the other
# changed a file it counted on meanwhile, fails saying so (73). Without the
# folder lock both exited 0 and left a mix in 18 of 20 trials.
set -u
dealgraph=${1:?usage: tests/concurrency-test.sh DEALGRAPH [TRIALS]}
trials=${2:-12}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-concurrency.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a" "$tmp/b"
sed 's/label = "Microsoft and OpenAI renegotiate their partnership"/label = "Version A"/' \
  "$root/graphs/microsoft-openai-2026.gv" >"$tmp/a/deal.gv"
sed 's/label = "Microsoft and OpenAI renegotiate their partnership"/label = "Version B"/' \
  "$root/graphs/microsoft-openai-2026.gv" >"$tmp/b/deal.gv"
grep -q "Version A" "$tmp/a/deal.gv" && grep -q "Version B" "$tmp/b/deal.gv" || { echo "FAIL: could not make two versions"; exit 1; }
fail=0
for t in $(seq "$trials"); do
  "$dealgraph" render -q -T svg --no-book -o "$tmp/out" "$tmp/a/deal.gv" 2>"$tmp/a.err" &
  pa=$!
  "$dealgraph" render -q -T svg --no-book -o "$tmp/out" "$tmp/b/deal.gv" 2>"$tmp/b.err" &
  pb=$!
  wait $pa; sa=$?
  wait $pb; sb=$?
  for s in $sa $sb; do
    case $s in
      0|73) ;;
      *) echo "FAIL: trial $t: exit $sa and $sb"; cat "$tmp/a.err" "$tmp/b.err"; fail=1 ;;
    esac
  done
  if [ $sa -ne 0 ] && [ $sb -ne 0 ]; then
    echo "FAIL: trial $t: neither run committed"; fail=1
  fi
  for s in a b; do
    st=$(eval echo \$s$s)
    if [ "$st" -eq 73 ] && ! grep -q "another run changed" "$tmp/$s.err"; then
      echo "FAIL: trial $t: run $s failed without saying why:"; cat "$tmp/$s.err"; fail=1
    fi
  done
  na=$(grep -lE "<title[^>]*>Version A" "$tmp/out/deal/"*.svg | wc -l)
  nb=$(grep -lE "<title[^>]*>Version B" "$tmp/out/deal/"*.svg | wc -l)
  # A check that finds neither version could never see a mix.
  [ $((na + nb)) -gt 0 ] || { echo "FAIL: trial $t: no figure's <title> names its version"; fail=1; }
  if [ "$na" -ne 0 ] && [ "$nb" -ne 0 ]; then
    echo "FAIL: trial $t: a mix of $na figures of A and $nb of B"; fail=1
  fi
  left=$(find "$tmp/out" -name '.*' -type f | wc -l)
  [ "$left" -eq 0 ] || { echo "FAIL: trial $t: $left temporary files left"; fail=1; }
done
[ $fail -eq 0 ] && echo "ok: $trials trials, never a mix"
exit $fail
