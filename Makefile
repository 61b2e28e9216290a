# Chiiki — the two set-up commands are `make run` and `make test`.
.PHONY: run test check bench install install-dev migrate demo lint format lock messages

PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` and production install the runtime lock; tests and tools the dev lock.
install:
	scripts/bootstrap.sh

install-dev:
	scripts/bootstrap.sh dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@# The background worker (large report imports) runs beside the server and stops with it.
	$(PY) manage.py db_worker --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# The full run CI makes: lint, types, layers, both databases (~10 min).
test: install-dev
	scripts/test.sh

# The edit-test loop (< 2 min): lint, types, layers, lib and the changed apps on SQLite.
check: install-dev
	scripts/check.sh

bench: install-dev
	scripts/bench.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

lint: install-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install-dev
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

lock: install-dev
	scripts/lock.sh

messages:
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv
