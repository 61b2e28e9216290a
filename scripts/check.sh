#!/usr/bin/env bash
# `make check`: the edit–test loop, under two minutes. Lint, the
# database-free tests of lib/, the import layers, and the SQLite tests of the apps the change
# touches (uncommitted files, else the last commit); no browser, no
# PostgreSQL. `make test` is the full run that CI makes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

changed=$( { git diff --name-only HEAD; git ls-files --others --exclude-standard; } | sort -u)
if [ -z "$changed" ]; then
  changed=$(git diff --name-only HEAD~1 HEAD 2>/dev/null || true)
fi
targets=(lib tests/test_layers.py)
for top in $(printf '%s\n' $changed | cut -d/ -f1 | sort -u); do
  case "$top" in
    lib) ;;
    templates|static|locale|conftest.py|chiiki) targets+=(tests chiiki) ;;
    *) [ -d "$top/tests" ] && targets+=("$top") ;;
  esac
done
mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -u)
echo "== pytest on SQLite: ${targets[*]}"
unset DATABASE_URL
$PY -m pytest -n 2 -m "not browser" --durations=10 "${targets[@]}"
