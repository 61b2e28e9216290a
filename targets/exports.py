"""Targets as a long CSV table: one row per target, metric and fiscal year.

What people open in a spreadsheet to filter and pivot: each reported year
(実績) and each forecast year (予測, with its interval) is its own row, with
the target's goal, deadline and judgement repeated so that any row stands on
its own. Written through the one formula-safe writer (``lib.csv_safety``):
UTF-8 with BOM, and ids such as ``6-2-1`` marked so no spreadsheet reads
them as dates (``#6-2-1``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lib.csv_safety import csv_bytes

__all__ = ["LONG_COLUMNS", "REPORTED", "FORECAST", "long_csv", "long_rows"]

REPORTED = "実績"
FORECAST = "予測"

LONG_COLUMNS = (
    "id", "metric", "label", "unit", "as_of_fiscal_year", "deadline", "goal",
    "fiscal_year", "kind", "value", "provisional", "interval_lower",
    "interval_upper", "confidence", "progress", "probability", "judgement",
    "judgement_code",
)  # fmt: skip


def long_rows(targets: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    """Rows of :data:`LONG_COLUMNS` from targets' ``as_dict()`` forms."""
    for target in targets:
        for metric in target["metrics"]:
            common = {
                "id": target["id"],
                "metric": metric["metric"],
                "label": metric["label"],
                "unit": metric["unit"],
                "as_of_fiscal_year": target["fiscal_year"],
                "deadline": target["deadline"],
                "goal": metric["goal"],
                "progress": metric["progress"],
                "probability": metric["probability"],
                "judgement": metric["judgement"],
                "judgement_code": metric["judgement_code"],
            }
            for point in metric["series"]:
                row = {
                    **common,
                    "fiscal_year": point["fiscal_year"],
                    "kind": REPORTED,
                    "value": point["value"],
                    "provisional": int(bool(point.get("provisional"))),
                }
                yield [row.get(column) for column in LONG_COLUMNS]
            interval = metric["interval"] or {}
            for prediction in metric.get("forecast_path") or []:
                row = {
                    **common,
                    "fiscal_year": prediction["fiscal_year"],
                    "kind": FORECAST,
                    "value": prediction["point"],
                    "provisional": 0,
                    "interval_lower": prediction["lower"],
                    "interval_upper": prediction["upper"],
                    "confidence": interval.get("confidence"),
                }
                yield [row.get(column) for column in LONG_COLUMNS]


def long_csv(targets: Iterable[dict[str, Any]]) -> bytes:
    """The long table as a CSV file (UTF-8 with BOM, CRLF, formula-safe)."""
    return csv_bytes(long_rows(targets), LONG_COLUMNS, text_columns=("id",))
