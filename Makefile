# Café sách 4.0 — the two commands: `make run` and `make test`.
# Both install what is missing (apt packages, .venv, the project) and skip what is there.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian 12 packages: Python venv, Qt offscreen + xcb/Xvfb, audio, speech, test tools,
# and the kiosk session (cage, which does not start without Xwayland).
APT_PACKAGES := python3-venv \
	libgl1 libegl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 libx11-6 \
	libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
	libxcb-shape0 libxkbcommon-x11-0 xvfb xauth libpulse0 libgl1-mesa-dri \
	espeak-ng zbar-tools nginx-light mupdf-tools ripgrep ffmpeg chromium nftables \
	systemd binutils x11-utils shellcheck cage xwayland

.PHONY: bytecode help setup run test bench lint dist demo clean

help:
	@echo "make run    install what is missing, start the station on the demo library"
	@echo "make test   install what is missing, run the whole test suite"
	@echo "make bench  benchmarks (not part of make test)"
	@echo "make lint   ruff"
	@echo "make dist   PyInstaller bundle dist/cafesach/ and its .tar.gz for install.sh"

$(STAMPS):
	@mkdir -p $@

# apt: install only the packages that are missing (fast no-op the second time).
$(STAMPS)/apt: Makefile | $(STAMPS)
	@missing=$$(dpkg-query -W -f='$${db:Status-Abbrev} $${Package}\n' $(APT_PACKAGES) 2>/dev/null \
		| awk '$$1=="ii"{print $$2}' | sort > $(STAMPS)/apt.have; \
		for p in $(APT_PACKAGES); do grep -qx "$$p" $(STAMPS)/apt.have || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "apt: installing $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

$(BIN)/python: | $(STAMPS)/apt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"

# The project and its pinned dependencies (constraints.txt locks the whole tree).
$(STAMPS)/venv: $(BIN)/python pyproject.toml constraints.txt | $(STAMPS)
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[kiosk,dev]"
	@touch $@

setup: $(STAMPS)/apt $(STAMPS)/venv demo bytecode

# Byte-compile the project once (only changed files are compiled again): with
# PYTHONDONTWRITEBYTECODE set, as on some CI machines, every start would compile
# the editable sources anew, and `make bench` would time the compiler.
bytecode: $(STAMPS)/venv
	@$(BIN)/python -m compileall -q library kiosk >/dev/null

# The demo library is built from assets/demo sources (never committed as binaries).
demo: $(STAMPS)/venv
	@$(BIN)/python -m library.demo ensure >/dev/null

# The station on the demo library in its own data folder. With a display: a window
# (RUN_FLAGS=--fullscreen for the locked kiosk). Without one: the screenshot tour,
# under Xvfb when it is installed, else offscreen; it prints where the PNGs are.
RUN_DATA ?= build/station
RUN_FLAGS ?= --windowed
TOUR_DIR ?= build/tour
run: setup
	@mkdir -p -m 700 $(XDG_RUNTIME_DIR)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(BIN)/cafesach --data $(RUN_DATA) run $(RUN_FLAGS); \
	elif command -v xvfb-run >/dev/null; then \
		echo "make run: no display here; touring the screens under Xvfb into $(TOUR_DIR)"; \
		xvfb-run -a -s "-screen 0 1920x1920x24" $(BIN)/cafesach --data $(RUN_DATA) run --tour $(TOUR_DIR); \
	else \
		echo "make run: no display here; touring the screens offscreen into $(TOUR_DIR)"; \
		QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software \
			$(BIN)/cafesach --data $(RUN_DATA) run --tour $(TOUR_DIR); \
	fi

# The suite runs on three processes (pytest-xdist), a file to each at a time: a file's
# fixtures (the bundle, a kiosk) stay in one process. Three on two cores: a UI test
# spends most of its time asleep in Qt's event loop waiting for a fade or a timer, and a
# third process uses the core meanwhile. TEST_WORKERS=0 runs it in one.
# A worker that crashes (a segfault in Qt) ends the run as a failure naming the test:
# with a replacement worker, --dist loadfile waits forever for the crashed one's files.
TEST_WORKERS ?= 3

test: setup
	@mkdir -p -m 700 $(XDG_RUNTIME_DIR)
	@$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --max-worker-restart=0; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; \
	exit $$rc

bench: setup
	@failed=""; for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "make bench: targets missed in:$$failed" >&2; exit 1; fi

lint: $(STAMPS)/venv
	$(BIN)/ruff check library kiosk tests bench deploy

# One-folder bundle dist/cafesach/ + dist/cafesach-<version>-linux-x86_64.tar.gz.
# Rebuilt only when its inputs changed (deploy/bundle.py hashes them); `make test`
# builds the same bundle and runs its self-test (tests/e2e/test_bundle.py).
# CAFESACH_BUILD_DEBUG=1 make dist: console + debug bootloader, unstripped.
dist: setup
	$(BIN)/python deploy/bundle.py --tarball

clean:
	rm -rf build dist $(STAMPS) .pytest_cache
