"""PDF generation of the FY2005 事業評価書 on the demo data, with baselines.

Run with `.venv/bin/python -m bench.sheets [--runs N]`. It uses its own SQLite
database under var/bench/sheets/ (or DATABASE_URL) with the demo data loaded.

Timed (medians of N runs, in one process):

* ``build_sheet`` — every figure from the data (the queries);
* HTML only — build + the HTML rendering (no PDF);
* PDF — build + HTML + WeasyPrint: the whole ``evaluation_sheet --format pdf``;
* baseline — WeasyPrint on a one-line Japanese page (the fixed cost of
  WeasyPrint and the font), measured in the same run.

The issue's budget is the PDF under 5 s; the run fails (exit 1) above it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 5_000


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki.settings")
    os.environ.setdefault("CHIIKI_VAR_DIR", str(ROOT / "var" / "bench" / "sheets"))
    Path(os.environ["CHIIKI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    _setup_django()
    from django.core.management import call_command

    from bench.harness import markdown_table, measure
    from sheets.document import build_sheet
    from sheets.render import render
    from sheets.render.pdf import html_to_pdf

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    one_line = (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>'
        'html{font-family:"IPAexGothic"}</style></head><body><p>事業評価書</p>'
        "</body></html>"
    )
    baseline = measure(
        "WeasyPrint, one-line page", lambda: html_to_pdf(one_line), args.runs, 1
    )
    timings = [
        baseline,
        measure("build_sheet(2005) (figures)", lambda: build_sheet(2005), args.runs, 1),
        measure(
            "build + HTML", lambda: render(build_sheet(2005), "html"), args.runs, 1
        ),
        measure(
            "build + HTML + PDF", lambda: render(build_sheet(2005), "pdf"), args.runs, 1
        ),
    ]
    print(markdown_table(timings, baseline).replace("× bare view", "× baseline"))
    pdf = timings[-1]
    print(f"\nPDF median {pdf.median_ms:.0f} ms (limit {LIMIT_MS} ms)")
    return 0 if pdf.median_ms < LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
