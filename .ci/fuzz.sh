#!/bin/sh
# .ci/fuzz.sh — build the libFuzzer targets (tests/fuzz) with clang and run each
# for a short time budget. Installs nothing: needs clang, libclang-rt-14-dev
# (libFuzzer and the sanitizer runtimes) and llvm (llvm-symbolizer, for
# readable stacks), plus the packages of the normal build.
#
#   FUZZ_SECONDS  seconds per target (default 60)
#   BUILD         build directory (default build-fuzz)
#   FUZZ_TARGETS  which targets (default "load theme value")
#
# Exits non-zero when a target crashes, leaks, times out on one input or
# breaks one of its checks; the input that did it is kept in
# $BUILD/fuzz-artifacts/. New corpus entries go to $BUILD/fuzz-corpus/, never
# into the source tree.
set -eu
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
BUILD=${BUILD:-build-fuzz}
FUZZ_TARGETS=${FUZZ_TARGETS:-"load theme value"}
export LC_ALL=C.UTF-8

if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang meson setup "$BUILD" -Dfuzz=true -Dtests=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized
fi
targets=""
for t in $FUZZ_TARGETS; do targets="$targets tests/fuzz/fuzz-$t"; done
# shellcheck disable=SC2086
ninja -C "$BUILD" $targets

# Leaks inside Graphviz's parser on syntax errors and the caches of GLib's
# and fontconfig's libraries are not ours; everything else is reported.
supp="$(pwd)/tests/fuzz/lsan.supp"
export ASAN_OPTIONS="fast_unwind_on_malloc=0:detect_leaks=1:abort_on_error=1:symbolize=1"
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export DEALGRAPH_TEMPLATES="$(pwd)/templates"

status=0
for t in $FUZZ_TARGETS; do
  corpus="$BUILD/fuzz-corpus/$t"
  artifacts="$BUILD/fuzz-artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  dict=""
  case $t in
    load) dict="-dict=tests/fuzz/dot.dict" ;;
    theme) dict="-dict=tests/fuzz/theme.dict" ;;
  esac
  # The inputs that once crashed a target or broke one of its checks
  # (tests/fuzz/crashes, named after the target) must pass now.
  set -- tests/fuzz/crashes/"$t"-*
  if [ -e "$1" ]; then
    echo "== fuzz-$t on its $# old findings =="
    if ! "$BUILD/tests/fuzz/fuzz-$t" "$@" </dev/null >"$artifacts/regressions.log" 2>&1; then
      cat "$artifacts/regressions.log" >&2
      echo "fuzz-$t FAILED on an old finding (tests/fuzz/crashes)" >&2
      status=1
    fi
  fi
  echo "== fuzz-$t for ${FUZZ_SECONDS}s =="
  # stdin from /dev/null: a theme may name /dev/stdin as its parent.
  # shellcheck disable=SC2086
  if ! "$BUILD/tests/fuzz/fuzz-$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 $dict -artifact_prefix="$artifacts/" \
      "$corpus" "tests/fuzz/corpus-$t" </dev/null; then
    echo "fuzz-$t FAILED; the input is in $artifacts/" >&2
    status=1
  fi
done
exit $status
