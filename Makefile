# Toptechniek — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format venv venv-dev lock messages check-migrations bench bench-load bench-load-large bench-placemat backup restore drills clean

# Runtime pins for running the app; the dev pins (tests, lint, benchmarks) on top. Both compiled by `make lock`.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

venv-dev: $(VENV)/.installed-dev

## lock: compile requirements.in / requirements-dev.in into the pinned requirements.txt / requirements-dev.txt
lock: venv-dev
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
		--output-file requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
		--output-file requirements-dev.txt requirements-dev.in

## run: the app with demo data on the embedded default (SQLite, tasks in-process, mail in var/mail/)
run: venv
	mkdir -p var/mail
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

## test: every test; PostgreSQL and Redis when they answer (required under CI=true)
test: venv-dev
	$(PY) -m toptechniek.testenv $(PYTEST_ARGS)

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: venv
	$(PY) manage.py makemessages -l nl -l en --no-obsolete --no-location --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

check-migrations: venv
	$(PY) manage.py makemigrations --check --dry-run

## bench: dashboard (also right after a write), region, report and export pages, and what the facts refresh adds
## to a write, at 1,000 regions x 10 years x 20 indicators (throwaway PostgreSQL database); the JSON in
## var/bench-dashboard.json, one PASS/FAIL line per budget at the end. BENCH_ARGS=--strict: exit 1 on a FAIL.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/toptechniek
bench: venv-dev
	mkdir -p var
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py benchmark --regions 1000 --years 10 --indicators 20 \
		--compare-small 20 --json var/bench-dashboard.json $(BENCH_ARGS)

## bench-load: locust, 50 users for 60 s, against gunicorn (3 sync workers) on a throwaway PostgreSQL database with
## the demo, then a BI client paging through every settled realisation with an API token; req/s, p95 per kind,
## the BI client's sweep and failures, one PASS/FAIL line per budget (exit 1 on a FAIL)
bench-load: venv-dev
	mkdir -p var
	$(PY) scripts/load_test.py --users 50 --duration 60 --json var/bench-load.json

## bench-load-large: the same on the benchmark's 1,000 regions x 10 years x 20 indicators (the BI client's sweep:
## every settled realisation of the 1,000 regions, 145 pages). --api-concurrent: the BI client inside the window too
bench-load-large: venv-dev
	mkdir -p var
	$(PY) scripts/load_test.py --users 50 --duration 60 --regions 1000 --json var/bench-load-large.json

## bench-placemat: placemat PDF render times, a 20-region batch through a worker, memory (throwaway database)
bench-placemat: venv-dev
	mkdir -p var
	$(PY) scripts/bench_placemat.py --json var/bench-placemat.json

## backup: the database (pg_dump, or SQLite's backup) and the stored files into var/backups/<timestamp>/
backup: venv
	$(PY) manage.py backup

## restore: BACKUP=var/backups/<timestamp> — checks the checksums, restores database and files, compares counts
restore: venv
	test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=var/backups/<timestamp>" && exit 2)
	$(PY) manage.py restore $(BACKUP)

## drills: fault drills with real processes: SIGKILL of a worker (pool, whole) mid-render; Redis down 60 s
## during 100 submissions (its own Redis on a free port; about 7 minutes)
drills: venv
	mkdir -p var
	SECRET_KEY=$${SECRET_KEY:-drill-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz} \
		$(PY) scripts/drill_worker_kill.py --json var/drill-worker-kill.json
	SECRET_KEY=$${SECRET_KEY:-drill-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz} \
		$(PY) scripts/drill_broker_outage.py --json var/drill-broker-outage.json

clean:
	rm -rf var/toptechniek.sqlite3 staticfiles .pytest_cache
