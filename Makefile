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

.PHONY: setup serve build build-zensical test validate bench clean editor fsrs

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Zensical, the successor engine: only for build-zensical, test and bench, so `make serve` stays quick.
$(BIN)/.zensical: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[dev,zensical]'
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

# The scheduler bundle (ts-fsrs) is committed too; rebuild it after changing web/fsrs.js or ts-fsrs's version.
fsrs: node_modules/.installed
	npm run --silent build:fsrs

serve: setup
	@echo "Serving the MkDocs build; it rebuilds on edits to data/, schemas/, docs/ and loopguide/ (search index included)."
	@echo "(The Zensical build does not regenerate on edits: run make build-zensical again.)"
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(BIN)/mkdocs build --strict --site-dir site

# The same pages built by Zensical into site-zensical/ (docs folder written first: no hooks there).
build-zensical: setup $(BIN)/.zensical
	$(BIN)/python -m loopguide site --engine zensical -o site-zensical

validate: setup
	$(BIN)/python -m loopguide validate

# The whole suite on the MkDocs build, then the engine-neutral part again on the Zensical build.
test: setup $(BIN)/.zensical $(CHROMIUM)
	$(BIN)/python -m loopguide validate
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --engine zensical -m "not mkdocs_only" tests/test_integrity.py tests/test_browser_*.py
	@echo "Note: the $$(grep -l '^packages: \[.*numpy' data/katas/*.yaml | wc -l) NumPy katas were checked under CPython only on this machine" \
	  "(the package CDN is out of reach); .github/workflows/katas-pyodide.yml runs them under Pyodide's NumPy."

# Benchmarks print figures; they are not tests.
bench: setup $(BIN)/.zensical $(CHROMIUM)
	$(BIN)/python bench/kata_runner.py
	$(BIN)/python -m bench.build_bench
	$(BIN)/python -m bench.search_bench
	$(BIN)/python bench/hostile_validate.py
	$(BIN)/python -m bench.engines
	$(BIN)/python bench/lighthouse_bench.py

clean:
	rm -rf site site-zensical build/zensical .cache .pytest_cache
