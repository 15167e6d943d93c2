# One command runner. `make run` and `make test` set everything up from a fresh clone; both are idempotent.
SHELL := /bin/bash
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo-data run test test-fast check lint format messages compile-messages clean-db

setup: .venv/.synced node_modules/.installed compile-messages

# Python packages, pinned by uv.lock. uv itself comes from PyPI when the machine lacks it.
.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || [ -x "$$HOME/.local/bin/uv" ] || $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet --user --break-system-packages uv
	@PATH="$$HOME/.local/bin:$$PATH" uv sync --frozen --python $(PYTHON) --quiet
	@touch $@

# Front-end assets (htmx, ECharts, fonts), pinned by package-lock.json, served by whitenoise; never committed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

compile-messages: .venv/.synced
	@.venv/bin/pybabel -q compile -d locale -D django

# The database `make run` serves: migrated, with the reference data and the demo province (CI runs it on a fresh one).
demo-data: setup
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	DEBUG=1 $(PY) manage.py load_reference
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py schedule_reminders

run: demo-data
	@echo "Serving http://$(HOST):$(PORT)/ with a background worker (Ctrl+C stops both)"
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py db_worker --no-reload --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 DEMO_MODE=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, browser tests included. DATABASE_URL=postgres://... runs it on PostgreSQL.
test: setup
	$(PY) -m pytest

# Without the browser tests and those marked slow (PDF conversions, whole national documents): about a minute.
test-fast: setup
	$(PY) -m pytest -m "not browser and not slow"

check: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	DEBUG=1 $(PY) manage.py check
	$(PY) -m mypy

lint: check

format: .venv/.synced
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Developers: refresh the catalogues after changing strings (needs gettext's xgettext).
messages: .venv/.synced
	DEBUG=1 $(PY) manage.py makemessages -l vi -l en --no-obsolete --ignore=node_modules --ignore=.venv

clean-db:
	rm -f db.sqlite3 db.sqlite3-shm db.sqlite3-wal

# Benchmarks on an invented national-scale dataset, each figure beside its baseline (see README, "Benchmarks").
# PostgreSQL only: the database is created and seeded on the first run (a few minutes), then reused. Several
# minutes; not part of `make test`. BENCH_ARGS passes options, e.g. BENCH_ARGS="--skip-load".
BENCH_DATABASE_URL ?= postgres://bdg_ci:bdg_ci@127.0.0.1:5432/bdg_bench
.PHONY: bench
bench: setup
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=0 SECRET_KEY=$${SECRET_KEY:-bench-only-not-a-secret} \
	STATIC_MANIFEST=0 LOG_LEVEL=WARNING $(PY) manage.py run_bench $(BENCH_ARGS)
