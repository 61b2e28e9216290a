"""`manage.py evaluation_sheet --fiscal-year FY --format FMT --output PATH`.

FMT is html, pdf, xlsx or md; ``--lang en`` writes the English rendering.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lib.errors import ConventionError
from lib.wareki import parse_fiscal_year
from sheets.choices import SheetFormat, SheetLanguage
from sheets.document import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, build_sheet
from sheets.render import render


class Command(BaseCommand):
    help = (
        "Write the 事業評価書 of a fiscal year, computed from the live data, "
        "as HTML, PDF, xlsx or Markdown."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fiscal-year", required=True, help="e.g. 2005, 平成17年度 or H17"
        )
        parser.add_argument(
            "--format", required=True, choices=[f.value for f in SheetFormat]
        )
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument(
            "--lang", default="ja", choices=[lang.value for lang in SheetLanguage]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            fiscal_year = parse_fiscal_year(options["fiscal_year"])
        except ConventionError as error:
            raise CommandError(str(error)) from error
        if not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
            raise CommandError(
                f"年度は{FIRST_FISCAL_YEAR}〜{LAST_FISCAL_YEAR}の範囲で指定してください。"
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"出力先のフォルダ {output.parent} がありません。")
        sheet = build_sheet(fiscal_year, options["lang"])
        output.write_bytes(render(sheet, options["format"]))
        if options["verbosity"]:
            self.stdout.write(
                f"{output}: {sheet.title}（データ版 {sheet.version.label}）"
            )
