"""manage.py import_reports: import a region's annual report, all or nothing.

Exit status: 0 imported (or, with --dry-run, valid), 1 rejected (nothing was
written; every problem is listed, or another import of the same report landed
while this one was read: reports.import_lock), 2 usage error (unknown region, bad fiscal
year, missing file, bad options).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.import_lock import ImportConflict, guarded_import
from reports.importing import ImportResult, ImportUsageError
from reports.management.progress import RichProgress
from reports.sheets import SHEETS_BY_KEY
from reports.validation import RowError

USAGE = 2
REJECTED = 1


class Command(BaseCommand):
    help = (
        "年次報告ファイル（xlsx、またはCSVのzip/フォルダ）を検証し、誤りがなければ"
        "1つのトランザクションで取り込みます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="xlsx file, zip of CSV files or a folder")
        parser.add_argument("--region", required=True, help="region code")
        parser.add_argument(
            "--fiscal-year", required=True, help="2004, H16 or 平成16年度"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate only, write nothing"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["format"] == "json"
        try:
            with RichProgress(self.stderr, enabled=self.stderr.isatty()) as bar:
                result = guarded_import(
                    options["path"],
                    options["region"],
                    options["fiscal_year"],
                    dry_run=options["dry_run"],
                    progress=bar,
                )
        except ImportUsageError as exc:
            if as_json:
                self._write_json(
                    {
                        "status": "usage_error",
                        "code": exc.code,
                        "message_ja": exc.message_ja,
                        "message_en": exc.message_en,
                    }
                )
            raise CommandError(exc.message_ja, returncode=USAGE) from exc
        except ImportConflict as exc:
            # another import landed first: nothing written, like a rejected file
            if as_json:
                self._write_json(
                    {
                        "status": "conflict",
                        "code": "import.conflict",
                        "message_ja": exc.message_ja,
                        "message_en": exc.message_en,
                    }
                )
            raise CommandError(exc.message_ja, returncode=REJECTED) from exc
        if as_json:
            self._write_json(result.as_dict())
        else:
            self._write_text(result)
        if not result.ok:
            raise CommandError(
                "取り込みを中止しました（何も登録していません）。"
                f"エラー {result.findings.error_count:,}件",
                returncode=REJECTED,
            )

    def _write_json(self, payload: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _write_text(self, result: ImportResult) -> None:
        self.stdout.write(_headline(result))
        for key, count in result.counts.items():
            self.stdout.write(f"  {SHEETS_BY_KEY[key].name_ja}（{key}）: {count:,}行")
        self._write_problems("エラー", result.errors, result.findings.error_count)
        self._write_problems("警告", result.warnings, result.findings.warning_count)

    def _write_problems(self, title: str, shown: list[RowError], total: int) -> None:
        if not total:
            return
        self.stdout.write(f"{title} {total:,}件:")
        self.stdout.write("シート\t行\t列\t値\t理由")
        for problem in shown:
            self.stdout.write(_problem_line(problem))
        if total > len(shown):
            self.stdout.write(
                f"…ほか {total - len(shown):,}件（先頭{len(shown):,}件を表示）"
            )


def _headline(result: ImportResult) -> str:
    where = (
        f"地域 {result.region_code} {result.fiscal_year}年度（{result.source_name}）"
    )
    if result.status == "imported":
        return f"取り込みました: {where} 第{result.version_number}版"
    if result.status == "validated":
        return f"検証のみ（--dry-run）: 誤りはありません: {where}"
    return f"取り込めません: {where}。何も登録していません。"


def _problem_line(problem: RowError) -> str:
    sheet = SHEETS_BY_KEY.get(problem.sheet or "")
    sheet_name = sheet.name_ja if sheet else (problem.sheet or "（ファイル）")
    column = problem.column or ""
    if sheet and column in sheet.by_key:
        column = f"{sheet.by_key[column].label_ja}（{column}）"
    row = "" if problem.row is None else str(problem.row)
    return "\t".join([sheet_name, row, column, problem.value, problem.message_ja])
