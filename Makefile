# kentsend: `make run` to try it, `make test` to check it. `make help` lists every target.
# With DATABASE_URL and REDIS_URL unset, an embedded PostgreSQL and Redis run under .local/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EMBEDDED := $(PY) -m kentsend.embedded exec --
# Settings for the test suite: production-like, but over plain HTTP.
TEST_ENV := DEBUG=false SECURE=false CACHE_KEY_PREFIX=kentsend-test \
	SECRET_KEY=test-only-secret-key-not-for-any-real-server-0123456789
# mypy imports the settings; it never connects to these.
TYPECHECK_ENV := DEBUG=true DATABASE_URL=postgres://typecheck@localhost/typecheck REDIS_URL=redis://localhost:6379/0

.DEFAULT_GOAL := help
.PHONY: help install run test check lint typecheck format migrate seed smoke bench browser clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/.built: node_modules/.installed static/src/kentsend.scss
	npm run --silent build
	touch $@

install: $(VENV)/.installed static/build/.built ## Install Python and front-end dependencies (only what is missing)

browser: ## Install Debian's Chromium for the browser tests, if missing
	@scripts/ensure-chromium

run: install ## Run web, Celery worker and beat with demo data on http://127.0.0.1:8000/
	$(PY) -m kentsend.embedded run

test: install browser lint typecheck ## Lint, type-check and run the whole test suite
	$(TEST_ENV) $(EMBEDDED) $(PY) -m pytest $(PYTEST_ARGS)

lint: install ## Check style with ruff, and the layers of DESIGN section 8 with import-linter
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install ## Type-check with mypy (strict)
	$(TYPECHECK_ENV) $(VENV)/bin/mypy .

format: install ## Format the code and fix what ruff can
	$(VENV)/bin/ruff check --fix --exit-zero .
	$(VENV)/bin/ruff format .

migrate: install ## Apply database migrations
	$(EMBEDDED) $(PY) manage.py migrate

seed: install ## Load the demo council (safe to repeat)
	DEBUG=$${DEBUG:-true} $(EMBEDDED) $(PY) manage.py seed_demo

smoke: install ## Start `make run` on the embedded servers, check /healthz and sign in, then stop
	$(PY) scripts/smoke.py

bench: install ## Run the benchmarks in bench/ and print their figures
	$(TEST_ENV) $(EMBEDDED) $(PY) bench/run.py $(BENCH)

clean: ## Remove build output (keeps .local/ data; delete it by hand to start afresh)
	rm -rf static/build staticfiles
