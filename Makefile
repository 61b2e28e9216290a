# Chiiki — the two set-up commands are `make run` and `make test`.
.PHONY: run test bench install migrate demo lint format lock messages

PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

install:
	scripts/bootstrap.sh

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@# The background worker (large report imports) runs beside the server and stops with it.
	$(PY) manage.py db_worker --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	scripts/test.sh

bench: install
	scripts/bench.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

lock:
	.venv/bin/pip install -q -r requirements.in
	{ echo "# Exact pins for requirements.in (pip freeze). japanmap is installed separately"; \
	  echo "# with --no-deps: we only need its outline data, not its opencv dependency."; \
	  .venv/bin/pip freeze | grep -v -E '^(opencv-python|japanmap)=='; } > requirements.lock

messages:
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv
