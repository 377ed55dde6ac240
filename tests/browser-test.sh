#!/bin/sh
# browser-test.sh — runs the HTML viewer's browser test (tests/browser/viewer-test.mjs) with the node and Chromium found now; says why it cannot, and under CI fails instead of skipping.
#
# Usage: browser-test.sh   (DEALGRAPH and DG_SOURCE_ROOT from the environment, as meson test sets them;
#                           CHROMIUM may name the browser)
#
# Where node, Chromium or a WebSocket for node is missing, the test is
# skipped (77) with a line that says what to install; with CI=true that is a
# failure, so that a CI machine without them cannot pass without running it.
# The programs are looked up when the test runs, not when meson configures,
# so installing Chromium later needs no reconfigure.
set -u

SRC=${DG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}

cannot_run () {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: browser test: $1; CI must run it (.ci/run installs chromium, nodejs and node-ws)" >&2
    exit 1
  fi
  echo "browser test: skipped: $1"
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

# shellcheck disable=SC2086 # $flag is one word or none
"$node" $flag "$SRC/tests/browser/viewer-test.mjs" "$chromium"
status=$?
# viewer-test.mjs exits 77 itself when this node has no WebSocket at all.
[ "$status" -eq 77 ] && cannot_run "node $("$node" --version) has no WebSocket (apt-get install node-ws, or node >= 20.10)"
exit "$status"
