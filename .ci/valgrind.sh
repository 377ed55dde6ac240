#!/bin/sh
# .ci/valgrind.sh BUILD_DIR — render the flagship graph under valgrind and fail
# on any memory error or leak of dealgraph's own.
#
# BUILD_DIR must be a build without sanitizers (valgrind and ASan do not
# mix), e.g. the CI's build-ci. The layout runs in a forked child, which
# valgrind follows; both processes are checked, each into its own log,
# because the child's exit status does not reach the CLI's. Leaks inside
# Graphviz, fontconfig, pango and cairo are suppressed by
# tests/valgrind.supp; everything else fails the run.
set -eu
build=${1:?usage: .ci/valgrind.sh BUILD_DIR}
cd "$(dirname "$0")/.."
[ -x "$build/dealgraph" ] || { echo "valgrind.sh: no $build/dealgraph; build it first" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dg-valgrind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C.UTF-8 DEALGRAPH_TEMPLATES="$(pwd)/templates"
# GLib's slice allocator hides individual blocks from valgrind.
export G_SLICE=always-malloc G_DEBUG=gc-friendly

status=0
valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
  --show-leak-kinds=definite,possible --num-callers=40 \
  --suppressions=tests/valgrind.supp --log-file="$tmp/valgrind.%p.log" \
  "$build/dealgraph" render -q -o "$tmp/out" graphs/microsoft-openai-2026.gv </dev/null || status=$?

n_logs=0
for log in "$tmp"/valgrind.*.log; do
  n_logs=$((n_logs + 1))
  summary=$(grep -h "ERROR SUMMARY" "$log" || true)
  echo "valgrind: $(basename "$log"): ${summary#==*== }"
  case $summary in
    *"ERROR SUMMARY: 0 errors"*) ;;
    *) cat "$log" >&2; status=1 ;;
  esac
done
if [ "$n_logs" -lt 2 ]; then
  echo "valgrind.sh: expected logs for the CLI and its layout process, got $n_logs" >&2
  status=1
fi
n_svg=$(find "$tmp/out" -name '*.svg' | wc -l)
if [ "$n_svg" -lt 1 ]; then
  echo "valgrind.sh: the render wrote no figures" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "valgrind: clean ($n_logs processes, $n_svg SVG figures)"
exit "$status"
