# Samverkanskartan — the two commands of the README: `make run` and `make test`.
# Each installs what it needs: a virtualenv with the packages, and (for tests, as root)
# Debian's chromium for the browser tests.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data/forums.yaml
HOST   ?= 127.0.0.1
PORT   ?= 8000
JOBS   ?= 2
# the packaging check (a wheel in a fresh venv): its own step of `make test`
PACKAGING := tests/test_install.py
# pytest, writing bytecode caches (__pycache__/, git-ignored) even where the environment
# says not to (PYTHONDONTWRITEBYTECODE): else every worker, server and fresh interpreter
# of the suite compiles kartan/, api/ and the rewritten test modules again
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

.PHONY: run test install chromium postgresql lint typecheck unit validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Start the service on the real data: http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/kartan validate $(DATA) --errors-only
	$(BIN)/kartan serve --data $(DATA) --host $(HOST) --port $(PORT)

chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
	   (apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null)); \
	else echo "chromium missing: install Debian's 'chromium' package (as root: apt-get install chromium)"; exit 1; fi

# PostgreSQL for the store's tests (the test fixture starts its own throwaway cluster).
postgresql:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian's postgresql for the store's tests"; \
	  (apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1 || \
	   (apt-get update >/dev/null && apt-get install -y --no-install-recommends postgresql >/dev/null)); \
	else echo "postgresql missing: the store's PostgreSQL tests are skipped (as root: apt-get install postgresql)"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy kartan api kartan_cli benchmarks tests

validate: $(STAMP)
	$(BIN)/kartan validate $(DATA) --errors-only
	$(BIN)/kartan fmt --check $(DATA)
	$(BIN)/kartan schema --check

## Run every test: lint, types, data checks, then three steps of tests:
##   1. the suite: every test but the packaging check and the browser (in parallel);
##   2. the packaging check: the wheel built, installed in a fresh venv, served from elsewhere;
##   3. the browser tests (real Chromium on real servers).
test: $(STAMP) chromium postgresql lint typecheck validate
	$(PYTEST) -q -n $(JOBS) --dist loadfile --ignore=tests/browser --ignore=$(PACKAGING)
	$(PYTEST) -q $(PACKAGING)
	$(PYTEST) -q tests/browser

# The fast loop while working: step 1 of `make test` without the slow tests (PostgreSQL,
# real servers with several workers or a kill -9); `make test` runs all.
unit: $(STAMP)
	$(PYTEST) -q -n $(JOBS) --dist loadfile --ignore=tests/browser --ignore=$(PACKAGING) -m "not slow"

bench: $(STAMP) chromium
	$(BIN)/python -m benchmarks.bench_load --write
	$(BIN)/python -m benchmarks.bench_layout --write
	$(BIN)/python -m benchmarks.bench_history
	$(BIN)/python -m benchmarks.bench_guide --write
	$(BIN)/python -m benchmarks.bench_api --write
	$(BIN)/python -m benchmarks.bench_guide_api --write
	$(BIN)/python -m benchmarks.bench_render
	$(BIN)/python -m benchmarks.bench_hostile --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts site
