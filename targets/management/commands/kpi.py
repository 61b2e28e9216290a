"""`manage.py kpi`: every policy target as of a fiscal year, with its forecast.

Read-only, so idempotent. ``--format json`` prints the list that
``GET /api/v1/targets`` answers; ``csv`` a long table, one row per target,
metric and fiscal year (``targets/exports.py``: UTF-8 with BOM, ids kept as
text, formula-safe); ``table`` (the default) one row per metric for a
terminal. Exit status 2 for a usage error (bad
fiscal year, unknown programme).
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from lib.errors import ConventionError
from lib.wareki import parse_fiscal_year
from programmes.models import Programme
from targets.exports import long_csv
from targets.services import TargetResult, default_fiscal_year, evaluate_targets

USAGE = 2


class Command(BaseCommand):
    help = (
        "達成目標ごとの実績値・進捗・達成年度の予測（区間・達成確率）・判定を表示します。"
        " / Every target's value, progress, forecast and judgement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fiscal-year",
            help="時点とする年度（2004、H16、平成16年度）。既定: 実績のある最新年度",
        )
        parser.add_argument(
            "--format", choices=["table", "json", "csv"], default="table"
        )
        parser.add_argument("--programme", help="事業コードで絞り込む（例: KC）")

    def handle(self, *args: Any, **options: Any) -> None:
        fiscal_year = _fiscal_year(options["fiscal_year"])
        programme = _programme(options["programme"])
        results = evaluate_targets(fiscal_year, programme=programme)
        writer = {"json": _json, "csv": _csv, "table": _table}[options["format"]]
        self.stdout.write(writer(results), ending="")


def _fiscal_year(raw: str | None) -> int:
    if raw is None:
        return default_fiscal_year()
    try:
        return parse_fiscal_year(raw)
    except ConventionError as error:
        raise CommandError(error.message_ja, returncode=USAGE) from error


def _programme(code: str | None) -> str | None:
    if code is not None and not Programme.objects.filter(code=code).exists():
        raise CommandError(
            f"事業コード「{code}」の事業はありません。", returncode=USAGE
        )
    return code


def _json(results: list[TargetResult]) -> str:
    payload = [result.as_dict() for result in results]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _csv(results: list[TargetResult]) -> str:
    return long_csv(result.as_dict() for result in results).decode("utf-8")


def _table(results: list[TargetResult]) -> str:
    fiscal_year = results[0].fiscal_year if results else ""
    table = Table(title=f"達成目標の状況（{fiscal_year}年度時点）")
    for header in ("番号", "指標", "値", "目標", "達成年度", "進捗", "予測", "区間"):
        table.add_column(header, justify="left" if header == "指標" else "right")
    table.add_column("達成確率", justify="right")
    table.add_column("判定", overflow="fold")
    notes: dict[str, None] = {}
    for result in results:
        for index, metric in enumerate(result.as_dict()["metrics"]):
            code = result.code if index == 0 else ""
            table.add_row(code, *_table_cells(metric, result.deadline))
            notes.update(dict.fromkeys(_completeness_notes(metric)))
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    console.print(table)
    for note in notes:
        console.print(note)
    return buffer.getvalue()


def _completeness_notes(metric: dict[str, Any]) -> list[str]:
    """*: the as-of FY's reports are incomplete; values are of complete years."""
    state = metric["completeness"]
    if not state or not state["provisional"]:
        return []
    return [
        f"* {state['fiscal_year']}年度の報告は{state['label']}: "
        "値・進捗・予測・判定は報告のそろった年度までで計算しています。"
    ]


def _table_cells(metric: dict[str, Any], deadline: int) -> list[str]:
    unit = metric["unit"]
    interval = metric["interval"]
    mark = "*" if (metric["completeness"] or {}).get("provisional") else ""
    return [
        metric["label"] + mark,
        _number(metric["value"], unit),
        _number(metric["goal"], unit),
        str(deadline),
        _percent(metric["progress"]),
        _number(metric["forecast"], unit),
        f"{interval['lower']:,.1f}〜{interval['upper']:,.1f}" if interval else "—",
        _percent(
            None if metric["probability"] is None else metric["probability"] * 100
        ),
        metric["judgement"],
    ]


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return f"{text}{unit}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"
