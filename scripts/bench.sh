#!/usr/bin/env bash
# `make bench`: every benchmark, on SQLite and (when reachable) PostgreSQL.
# Results are printed as Markdown tables; docs/benchmarks.md records them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

echo "## Page render time (SQLite)"
env -u DATABASE_URL $PY -m bench.pages "$@"

if $PY -c "import psycopg; psycopg.connect(host='127.0.0.1', user='postgres', dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then
  db="chiiki_bench_$$"
  psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE ${db}" postgres
  trap 'psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${db}" postgres' EXIT
  echo
  echo "## Page render time (PostgreSQL)"
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}" $PY -m bench.pages "$@"
else
  echo "PostgreSQL unreachable: PostgreSQL benchmarks skipped." >&2
fi
