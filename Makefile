# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PYTEST := $(BIN)/pytest
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve setup install assets static migrate seed test test-integration test-e2e test-api-fuzz bench-cms bench-lifestory bench bench-queries lint format check-deploy clean

run: setup seed serve

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: install assets static migrate

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: build/static/.built

build/static/.built: node_modules/.installed scripts/build-assets.mjs portal/static_src/portal.scss
	node scripts/build-assets.mjs
	touch $@

static: assets $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate: $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py migrate --noinput --verbosity 0

seed: migrate
	$(PY) manage.py seed_demo

# The migrated test database is kept in var/test-db/ and reused until a migration
# changes (tests/db_template.py); the slowest tests are listed after each run.
test: install assets
	$(PYTEST) -n 2 --dist loadfile -q --durations=25 tests --ignore=tests/integration --ignore=tests/e2e

# The integration suite talks to the machine's real services. Settings read the
# environment at import time, so these are exported before pytest starts.
INTEGRATION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
INTEGRATION_REDIS_URL ?= redis://127.0.0.1:6379/0
INTEGRATION_BROKER_URL ?= redis://127.0.0.1:6379/1

test-integration: export DATABASE_URL = $(INTEGRATION_DATABASE_URL)
test-integration: export REDIS_URL = $(INTEGRATION_REDIS_URL)
test-integration: export CELERY_BROKER_URL = $(INTEGRATION_BROKER_URL)
test-integration: export CELERY_TASK_ALWAYS_EAGER = false
test-integration: install assets
	$(PYTEST) -q tests/integration -p no:xdist --create-db

test-e2e: install assets
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTEST) -q tests/e2e -p no:xdist

# schemathesis over /api/v1/openapi.json as the demo admin, the demo student and
# no one, against the demo data in a fresh database on the integration PostgreSQL.
API_FUZZ_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test_api_fuzz

test-api-fuzz: export DATABASE_URL = $(API_FUZZ_DATABASE_URL)
test-api-fuzz: install
	$(PY) scripts/api_fuzz.py

# Public pages vs a trivial Django view under gunicorn (a benchmark, not a test).
bench-cms: install assets static
	$(PY) scripts/bench_cms.py

# A 40-page Life Story Book with 30 photos, printed as a worker would (a benchmark).
bench-lifestory: install
	$(PY) scripts/bench_lifestory_render.py

# A 100-day placement's whole supervision log, made as the worker makes it (a benchmark;
# issue 20 requirement 4: under 10 s).
.PHONY: bench-supervision-pdf
bench-supervision-pdf: install
	$(PY) scripts/bench_supervision_pdf.py

# Every role's pages at a university's scale (issue 20): PostgreSQL (one database
# per scale, portal_bench_<students>, seeded once and reused), Redis, gunicorn with
# 2 workers; each page loaded BENCH_SECONDS at 4 and at 16 connections. Writes
# var/bench/results.json and prints each figure beside its target. A benchmark.
BENCH_STUDENTS ?= 2000
BENCH_SECONDS ?= 10
BENCH_SMALL_STUDENTS ?= 200
BENCH_DATABASE_URL_BASE ?= postgres://postgres@127.0.0.1:5432/portal_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3

bench bench-queries: export BENCH_DATABASE_URL_BASE := $(BENCH_DATABASE_URL_BASE)
bench bench-queries: export BENCH_REDIS_URL := $(BENCH_REDIS_URL)
bench: install static
	$(PY) -m scripts.bench --students $(BENCH_STUDENTS) --seconds $(BENCH_SECONDS)

# Queries per page at BENCH_SMALL_STUDENTS and at BENCH_STUDENTS (no server, no
# load): the counts must not grow with the data (issue 20, requirement 3).
bench-queries: install
	$(PY) -m scripts.bench --compare-queries $(BENCH_SMALL_STUDENTS) --students $(BENCH_STUDENTS)

# lint-imports: the dependencies between the apps run one way (the contracts are in
# pyproject.toml, the rules in docs/architecture.md).
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY=deploy-check-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG \
	ALLOWED_HOSTS=portal.example.org DATABASE_URL=sqlite:///var/deploy-check.sqlite3 \
	REDIS_URL=redis://127.0.0.1:6379/0 ALLAUTH_TRUSTED_PROXY_COUNT=1 \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules build var/static
