"""manage.py report_template: write the annual-report template."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.template import write_csv_template, write_xlsx_template


class Command(BaseCommand):
    help = (
        "年次報告のテンプレートを書き出します（xlsx、またはシートごとのCSVを"
        "zip/フォルダで）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument(
            "--output",
            required=True,
            help="xlsx: file path. csv: a .zip path, or a folder to create.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        writer = (
            write_xlsx_template if options["format"] == "xlsx" else (write_csv_template)
        )
        target = writer(options["output"])
        self.stdout.write(f"テンプレートを書き出しました: {target}")
