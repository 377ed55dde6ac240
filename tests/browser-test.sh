#!/bin/sh
# browser-test.sh — runs a browser test of the HTML viewer (tests/browser/viewer-test.mjs, or a11y-test.mjs) with the node, Chromium and axe-core found now; says why it cannot, and under CI fails instead of skipping.
#
# Usage: browser-test.sh [viewer|a11y]   (DEALGRAPH and DG_SOURCE_ROOT from the environment, as meson
#                                         test sets them; CHROMIUM may name the browser, AXE_CORE axe.min.js)
#
# Where node, Chromium, a WebSocket for node or (for a11y) axe-core is
# missing, the test is skipped (77) with a line that says what to install;
# with CI=true that is a failure, so that a CI machine without them cannot
# pass without running it. The programs are looked up when the test runs,
# not when meson configures, so installing Chromium later needs no
# reconfigure.
set -u

SRC=${DG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
which=${1:-viewer}

cannot_run () {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $which browser test: $1; CI must run it (.ci/run installs chromium, nodejs, node-ws and npm, make deps axe-core)" >&2
    exit 1
  fi
  echo "$which browser test: skipped: $1"
  exit 77
}

node=$(command -v node) || cannot_run "node not installed (apt-get install nodejs)"
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)} \
  || cannot_run "chromium not installed (apt-get install chromium)"
[ -x "$chromium" ] || cannot_run "chromium not installed ($chromium is not a program)"

# DevTools speaks WebSocket: node 22 has it, 20.10+ behind a flag; an older
# node uses the ws package (Debian's node-ws, or npm install in tests/browser).
has_ws='process.exit(typeof WebSocket === "function" ? 0 : 1)'
flag=
if ! "$node" -e "$has_ws" 2> /dev/null && "$node" --experimental-websocket -e "$has_ws" 2> /dev/null; then
  flag=--experimental-websocket
fi

# axe-core (a11y only): AXE_CORE, or npm's copy in tests/browser (make deps,
# or npm ci there, installs it from package-lock.json).
if [ "$which" = a11y ]; then
  AXE_CORE=${AXE_CORE:-$SRC/tests/browser/node_modules/axe-core/axe.min.js}
  [ -f "$AXE_CORE" ] || cannot_run "axe-core not installed (cd tests/browser && npm ci, or make deps; or set AXE_CORE)"
  export AXE_CORE
fi

# shellcheck disable=SC2086 # $flag is one word or none
"$node" $flag "$SRC/tests/browser/$which-test.mjs" "$chromium"
status=$?
# The test exits 77 itself when this node has no WebSocket at all.
[ "$status" -eq 77 ] && cannot_run "node $("$node" --version) has no WebSocket (apt-get install node-ws, or node >= 20.10)"
exit "$status"
