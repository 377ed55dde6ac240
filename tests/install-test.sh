#!/bin/sh
# install-test.sh — `meson install` into a temporary prefix, then use only what was installed: CLI, templates, headers, pkg-config, meson example.
#
# Usage: install-test.sh [DEALGRAPH]   (the argument is not used: the test builds and installs its own copy
# from $DG_SOURCE_ROOT, or the source tree this script is in)
set -eu

. "$(dirname "$0")/lib.sh"
for tool in meson ninja cc pkg-config; do
  command -v $tool > /dev/null || { echo "install-test: $tool is not installed" >&2; exit 1; }
done

begin_tests install-test
prefix=$work/prefix

# Only the installed files may be used from here on: no template directory
# from the environment, no build tree on any search path.
unset DEALGRAPH_TEMPLATES DEALGRAPH DG_TEST_DATA LD_LIBRARY_PATH PKG_CONFIG_PATH

# 1. Configure, build and install into the prefix.
if ! meson setup "$work/build" "$SRC" --prefix="$prefix" -Dtests=disabled > "$work/setup.log" 2>&1; then
  cat "$work/setup.log" >&2; echo "FAIL: meson setup" >&2; exit 1
fi
if ! meson install -C "$work/build" > "$work/install.log" 2>&1; then
  cat "$work/install.log" >&2; echo "FAIL: meson install" >&2; exit 1
fi
# The sources and the build tree go away: the install must stand alone.
rm -rf "$work/build"

libdir=$(dirname "$(find "$prefix" -name 'libdealgraph.so.0' | head -1)")
pcdir=$(dirname "$(find "$prefix" -name dealgraph.pc | head -1)")
for f in bin/dealgraph include/dealgraph/dealgraph.h include/dealgraph/version.h include/dealgraph/layout.h \
         share/dealgraph/templates/report.theme share/dealgraph/templates/dark.theme \
         share/dealgraph/templates/grayscale.theme share/man/man1/dealgraph.1 \
         share/bash-completion/completions/dealgraph share/doc/dealgraph/examples/Makefile \
         share/doc/dealgraph/examples/meson.build; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
[ -f "$libdir/libdealgraph.so.0" ] && [ -f "$pcdir/dealgraph.pc" ] && pass "CLI, library, headers, pkg-config file, templates, man page and completion installed" \
  || fail "library or pkg-config file missing under $prefix"
D=$prefix/bin/dealgraph

# The CLI finds the prefix's library by itself (its RUNPATH), with no
# LD_LIBRARY_PATH and no ldconfig: a non-system prefix is not on the
# loader's path, and without it the command died with status 127.
"$D" --version > "$work/version.out" 2> "$work/version.err" \
  && pass "the installed CLI starts without LD_LIBRARY_PATH" \
  || fail "the installed CLI does not start without LD_LIBRARY_PATH: $(cat "$work/version.err")"
lib=$(ldd "$D" | awk '$1 == "libdealgraph.so.0" { print ($3 == "not" ? "not found" : $3) }')
[ -e "$lib" ] && lib=$(readlink -f "$lib")
case $lib in
  "$(readlink -f "$libdir")"/*) pass "…and loads the prefix's libdealgraph ($lib)" ;;
  *) fail "libdealgraph.so.0 of the installed CLI: ${lib:-not needed}, want it under $libdir" ;;
esac

# 2. The installed CLI, run from elsewhere, finds the installed templates.
mkdir "$work/elsewhere"
cd "$work/elsewhere"
cp "$SRC/graphs/microsoft-openai-2026.gv" deal.gv
"$D" --version | grep -q "^dealgraph [0-9]" && pass "dealgraph --version" || fail "dealgraph --version"
if "$D" render deal.gv -o out -q --depfile deal.d; then
  n=$(find out/deal -type f | wc -l)
  [ "$n" -eq 16 ] && pass "the installed CLI renders the flagship (15 figures and a book)" || fail "rendered $n files, want 16"
else
  fail "the installed CLI cannot render the flagship"
fi
grep -q "$prefix/share/dealgraph/templates/report.theme" deal.d \
  && pass "…with the installed templates" || fail "the theme did not come from the prefix: $(cat deal.d)"
"$D" render deal.gv -o out -q -t dark -s 1 -T png && pass "named themes resolve in the prefix" || fail "-t dark failed"
# The page names this prefix's folders, not /usr/local's.
grep -q "^\.I $prefix/share/dealgraph/templates/\$" "$prefix/share/man/man1/dealgraph.1" \
  && ! grep -q /usr/local "$prefix/share/man/man1/dealgraph.1" \
  && pass "the man page names the prefix's template folder" \
  || fail "the man page does not name $prefix/share/dealgraph/templates/: $(grep -n 'templates\|/usr/local' "$prefix/share/man/man1/dealgraph.1")"
if command -v man > /dev/null; then
  MANPATH=$prefix/share/man man -P cat dealgraph 2>/dev/null | grep -q "dealgraph layout" \
    && pass "man dealgraph reads the installed page" || fail "man dealgraph"
fi
bash -n "$prefix/share/bash-completion/completions/dealgraph" && pass "the completion script parses" \
  || fail "the completion script has a syntax error"

# 3. A C program built against the installed headers and library via pkg-config.
cat > count.c <<'EOF'
#include <dealgraph/dealgraph.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (argc > 1 ? argv[1] : "", NULL, NULL, &error);
  if (graph == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_autoptr (DgTheme) theme = dg_theme_load ("report", &error);
  if (theme == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("%u stages, theme %s, dealgraph %s\n", dg_graph_n_stages (graph), dg_theme_get_path (theme), DG_VERSION);
  return 0;
}
EOF
export PKG_CONFIG_PATH="$pcdir"
flags=$(pkg-config --cflags --libs dealgraph) || fail "pkg-config dealgraph"
case $flags in *"$prefix"*) pass "pkg-config points into the prefix" ;; *) fail "pkg-config flags: $flags" ;; esac
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -pedantic -o count count.c $flags; then
  # Built without -Wl,-rpath, so, as for any program of a user's own
  # against a non-system prefix, the loader is told where the library is.
  out=$(LD_LIBRARY_PATH="$libdir" ./count deal.gv) || fail "the program failed"
  case $out in
    "5 stages, theme $prefix/share/dealgraph/templates/report.theme, dealgraph "*) pass "a C program built via pkg-config loads the flagship: $out" ;;
    *) fail "the program printed: $out" ;;
  esac
else
  fail "a C program does not compile against the installed headers"
fi

# 4. examples/meson.build, as installed, in a project of one's own: a
#    second ninja has nothing to do, and touching the graph redraws nothing
#    whose bytes stay the same.
mkdir -p "$work/project/graphs" "$work/project/figures"
cd "$work/project"
cp "$SRC/graphs/microsoft-openai-2026.gv" graphs/deal.gv
cp "$prefix/share/doc/dealgraph/examples/meson.build" figures/meson.build
printf "project('figures-example', meson_version: '>= 0.63')\nsubdir('figures')\n" > meson.build
if PATH="$prefix/bin:$PATH" meson setup b > setup.log 2>&1 && PATH="$prefix/bin:$PATH" ninja -C b figures > ninja.log 2>&1; then
  n=$(find b/figures -maxdepth 1 -name 'deal*.svg' | wc -l)
  [ "$n" -eq 5 ] && [ -s b/figures/deal.pdf ] && [ -s b/figures/deal-03-agreement.png ] \
    && pass "the meson example builds the figure set" || fail "the meson example built $n SVGs: $(ls b/figures)"
  PATH="$prefix/bin:$PATH" ninja -C b figures > again.log 2>&1
  grep -q "no work to do" again.log && pass "a second ninja has nothing to do" || fail "a second ninja: $(cat again.log)"
  before=$(find b/figures -maxdepth 1 -name 'deal*' -printf '%p %T@\n' | sort)
  sleep 1
  touch graphs/deal.gv
  PATH="$prefix/bin:$PATH" ninja -C b figures > touched.log 2>&1 || fail "ninja after touching the graph: $(cat touched.log)"
  after=$(find b/figures -maxdepth 1 -name 'deal*' -printf '%p %T@\n' | sort)
  [ "$before" = "$after" ] && pass "touching the graph rewrites no figure" || fail "touching the graph rewrote figures"
  PATH="$prefix/bin:$PATH" ninja -C b figures > again.log 2>&1
  grep -q "no work to do" again.log && pass "…and then ninja has nothing to do" || fail "ninja keeps rebuilding: $(cat again.log)"
else
  cat setup.log ninja.log >&2 2>/dev/null || true
  fail "the meson example does not build"
fi

end_tests
