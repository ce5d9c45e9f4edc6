# `make run`: a development site on SQLite with the demo content.
# `make test`: lint, checks and the whole suite on PostgreSQL.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install lock run test lint e2e-deps deploy-deps deploy-check bench

install: $(VENV)/.installed

# Exactly the versions in the lock file, each checked against its hash.
$(VENV)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	touch $@

# The lock files, from pyproject.toml's ranges by the uv that the dev lock
# pins: requirements.lock (production) and requirements-dev.lock (with the
# dev extra; `make run`, `make test`, CI), the same versions in both.
# Versions already locked are kept unless the ranges exclude them:
# `make lock UPGRADE=1` takes the newest of everything,
# `make lock UPGRADE_PACKAGE=wagtail` of one package.
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --python-version 3.11 \
	--python-platform linux --generate-hashes --custom-compile-command "make lock" \
	$(if $(UPGRADE),--upgrade) $(if $(UPGRADE_PACKAGE),--upgrade-package $(UPGRADE_PACKAGE))

lock: install
	$(LOCK) --extra dev -o requirements-dev.lock
	$(LOCK) -c requirements-dev.lock -o requirements.lock

# Development settings for `make run` and manage.py in this checkout.
.env:
	printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@

# The task worker (e-mail, search index) runs beside the development server.
# The set-up steps are quiet, so that the banner (the address, the admin's
# login, where mail goes) is what shows: `make run VERBOSITY=1` shows them.
VERBOSITY ?= 0
run: install .env
	$(MANAGE) migrate --noinput --verbosity $(VERBOSITY)
	$(MANAGE) load_demo_content --verbosity $(VERBOSITY)
	$(MANAGE) create_dev_admin
	$(MANAGE) db_worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests need Debian's Chromium and axe-core from the npm registry.
e2e-deps: tests/e2e/node_modules/axe-core/axe.min.js
	@test -x /usr/bin/chromium || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is not installed (apt-get install chromium): the browser tests will be skipped."; \
		fi; }

tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --silent
	touch $@

# The tests of the shipped front run Debian's nginx (tests/test_front.py).
deploy-deps:
	@test -x /usr/sbin/nginx || command -v nginx >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null \
				|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }; \
		else \
			echo "nginx is not installed (apt-get install nginx): the tests of the front will be skipped."; \
		fi; }

# PostgreSQL from DATABASE_URL; tests/settings.py has the default.
test: lint e2e-deps deploy-deps
	$(BIN)/python -m tests.check_postgres
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

# README's runbook followed on this machine (a clone, its venv, PostgreSQL,
# Redis, gunicorn, the worker, nginx over TLS): a few minutes and the
# package index, so not part of `make test`.
deploy-check: install deploy-deps
	RUNBOOK_CHECK=1 $(BIN)/pytest -p no:randomly tests/test_deploy_runbook.py

# Production-like load on 127.0.0.1 (PostgreSQL, Redis, gunicorn, nginx, wrk):
# bench/README.md. Never part of `make test`; about five minutes.
bench: install
	$(BIN)/python -m bench.run
