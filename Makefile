# dealgraph — the two commands of the README's quick start:
#   make         install what is missing, build, check and render every graph in graphs/ into output/
#   make test    install what is missing, build and run the test suite
# Meson does the building; this file only keeps those two commands short.

BUILD ?= build
MESON_FLAGS ?=
# Extra arguments for meson test, e.g. TEST_ARGS="--no-suite e2e".
TEST_ARGS ?=
DEALGRAPH := $(BUILD)/dealgraph
GRAPHS := $(wildcard graphs/*.gv)

# Debian 12 packages the build, the tests and the figures need. chromium,
# nodejs and node-ws run the HTML viewer's browser test (a node already
# installed under the name nodejs, as NodeSource's, is kept; node-ws is for
# a node without its own WebSocket, such as Debian 12's 18); npm installs
# axe-core for the accessibility test (tests/browser/package-lock.json; an
# npm that came with another node is kept).
DEB_PACKAGES := gcc pkg-config meson ninja-build libglib2.0-dev libgraphviz-dev \
	libcairo2-dev libpango1.0-dev libjson-glib-dev libcriterion-dev fonts-dejavu-core graphviz \
	libwebp-dev libpng-dev zlib1g-dev libxml2-dev python3-fitz bash-completion chromium nodejs node-ws npm

# Root installs directly; anyone else through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: all figures deps build test clean

all: figures

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  [ $$p = npm ] && command -v npm > /dev/null && continue; \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@# axe-core for the browser-a11y test, at the version the lock file names;
	@# without npm or the registry the test says what is missing.
	@if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] && command -v npm > /dev/null; then \
	  echo "Installing axe-core (npm ci in tests/browser)"; \
	  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || \
	    echo "make deps: could not install axe-core; the browser-a11y test will say so"; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_FLAGS)

build: deps
	@$(MAKE) --no-print-directory $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The figure set through examples/Makefile's rules (see the README's
# "Building figure sets with make"): only what changed is redrawn, and
# `make -j` draws stages in parallel. The program and its library count
# among every figure's inputs, so a rebuilt dealgraph redraws them all.
figures: build
	$(DEALGRAPH) check $(GRAPHS)
	@$(MAKE) --no-print-directory -f examples/Makefile DEALGRAPH=$(DEALGRAPH) GRAPHS_DIR=graphs OUT=output \
	  DEALGRAPH_DEPS="$(wildcard $(DEALGRAPH) $(BUILD)/libdealgraph.so.*.*)"

test: build
	meson test -C $(BUILD) --print-errorlogs $(TEST_ARGS); status=$$?; \
	  sh tests/summary.sh $(BUILD)/meson-logs/testlog.txt; exit $$status

clean:
	rm -rf $(BUILD)
