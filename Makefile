# The two commands: `make serve` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Debian's Chromium by default (installed below when missing); another real one with `make test CHROMIUM=/path`
CHROMIUM ?= /usr/bin/chromium
export LOOPGUIDE_CHROMIUM := $(CHROMIUM)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PYTHONDONTWRITEBYTECODE := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test validate bench clean editor

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null

# Python and Node parts: the kata pages copy Pyodide's core out of node_modules.
setup: $(BIN)/.installed node_modules/.installed

# The editor bundle is committed; rebuild it after changing web/editor.js or CodeMirror's version.
editor: node_modules/.installed
	npm run --silent build:editor

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(BIN)/mkdocs build --strict --site-dir site

validate: setup
	$(BIN)/python -m loopguide validate

test: setup $(CHROMIUM)
	$(BIN)/python -m loopguide validate
	$(BIN)/python -m pytest

# Benchmarks print figures; they are not tests.
bench: setup $(CHROMIUM)
	$(BIN)/python bench/kata_runner.py
	$(BIN)/python -m bench.build_bench
	$(BIN)/python bench/hostile_validate.py

clean:
	rm -rf site .pytest_cache
