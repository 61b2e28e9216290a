"""Production settings plus the bare baseline view, for bench/http.py only."""

from __future__ import annotations

from chiiki.settings import *  # noqa: F403
from chiiki.settings import VAR_DIR

ROOT_URLCONF = "bench.urls"
# collectstatic target of the benchmark (the manifest storage needs it).
STATIC_ROOT = VAR_DIR / "static"
