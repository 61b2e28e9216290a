"""Render time of the dashboard and the region list against a bare Django view.

Run with `make bench` (or `.venv/bin/python -m bench.pages`). Uses its own
database under var/bench/ (SQLite) or DATABASE_URL, loads the demo data and
times the pages in-process through Django's test client.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki.settings")
    os.environ.setdefault("CHIIKI_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ["CHIIKI_ALLOWED_HOSTS"] = "testserver"
    Path(os.environ["CHIIKI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    _setup_django()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from bench.harness import markdown_table, measure

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client()

    def get(url: str) -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    with override_settings(ROOT_URLCONF="bench.urls"):
        baseline = measure(
            "bare Django view", lambda: get("/__bench__/bare/"), args.runs
        )
        timings = [
            baseline,
            measure("dashboard `/` (FY2004)", lambda: get("/"), args.runs),
            measure("region list `/regions/`", lambda: get("/regions/"), args.runs),
            measure(
                "region list, KC FY2004",
                lambda: get("/regions/?programme=KC&fiscal_year=2004"),
                args.runs,
            ),
            measure("region detail", lambda: get("/regions/kc-sapporo/"), args.runs),
        ]
    print(f"database: {connection.vendor}; runs per row: {args.runs}")
    print(markdown_table(timings, baseline))


if __name__ == "__main__":
    main()
