#!/usr/bin/env bash
# `make bench`: every benchmark, on SQLite and (when reachable) PostgreSQL.
# Results are printed as Markdown tables; docs/benchmarks.md records them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

echo "## Page render time (SQLite)"
env -u DATABASE_URL $PY -m bench.pages "$@"
echo
echo "## Report import, 200,000 rows (SQLite)"
env -u DATABASE_URL $PY -m bench.imports --rows 200000
echo
echo "## KPI computation, 100k and 1M outcome rows (SQLite)"
rm -f var/bench/kpi/chiiki.sqlite3
env -u DATABASE_URL $PY -m bench.kpi --rows 100000 --rows 1000000
echo
echo "## Allocation over 5,000 regions"
env -u DATABASE_URL $PY -m bench.allocation --db
echo
echo "## 事業評価書 PDF generation, FY2005 demo data (SQLite)"
env -u DATABASE_URL $PY -m bench.sheets --runs 5

if $PY -c "import psycopg; psycopg.connect(host='127.0.0.1', user='postgres', dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then
  db="chiiki_bench_$$"
  psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE ${db}" postgres
  trap 'psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${db}" postgres' EXIT
  echo
  echo "## Page render time (PostgreSQL)"
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}" $PY -m bench.pages "$@"
  echo
  echo "## Report import, 200,000 rows (PostgreSQL)"
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}" $PY -m bench.imports --rows 200000
  echo
  echo "## KPI computation, 100k and 1M outcome rows (PostgreSQL)"
  kdb="${db}_kpi"
  psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE ${kdb}" postgres
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/${kdb}" $PY -m bench.kpi --rows 100000 --rows 1000000
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${kdb}" postgres
  echo
  echo "## HTTP under 20 concurrent clients, gunicorn, 1M outcome rows (PostgreSQL)"
  $PY -m bench.http --rows 1000000 --clients 20 --seconds 10 --rounds 3
  echo
  echo "## Scaling curve: import, KPI and dashboard at 10k-5M outcome rows (PostgreSQL)"
  sdb="${db}_scaling"
  psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE ${sdb}" postgres
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/${sdb}" $PY -m bench.scaling \
    --rows 10000 --rows 100000 --rows 1000000 --rows 5000000 --png docs/scaling.png
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS ${sdb} WITH (FORCE)" postgres
else
  echo "PostgreSQL unreachable: PostgreSQL benchmarks skipped." >&2
fi
