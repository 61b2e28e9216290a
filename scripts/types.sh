#!/usr/bin/env bash
# mypy with django-stubs: the standard mode over the project, `--strict` over
# lib/ (pure Python, the floor everything else stands on). 0 errors is the bar.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/mypy .
.venv/bin/mypy --strict lib --exclude 'lib/tests/'
