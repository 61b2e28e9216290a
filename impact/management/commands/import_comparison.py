"""`manage.py import_comparison PATH --key … --outcome … --retrieved-on …`.

Imports a comparison table (CSV or xlsx: unit_code, unit_name, fiscal_year,
value) all or nothing. Exit 0 imported, 1 rejected (nothing written, every bad
row listed in Japanese on stderr).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from impact.importing import ImportRejected
from impact.models import ComparisonDataset
from impact.services import import_dataset

REJECTED = 1


class Command(BaseCommand):
    help = "比較データ（成果指標の単位別・年度別の表）を取り込みます（全件か無か）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--key", required=True, help="データセットのキー（英数字）")
        parser.add_argument("--title", required=True)
        parser.add_argument("--outcome", required=True, help="例: patent_applications")
        parser.add_argument("--source-url", default="", help="出典のURL")
        parser.add_argument("--retrieved-on", required=True, help="取得日 YYYY-MM-DD")
        parser.add_argument("--provenance", required=True, help="出典の表・加工の説明")
        parser.add_argument(
            "--unit-kind",
            choices=ComparisonDataset.UnitKind.values,
            default=ComparisonDataset.UnitKind.PREFECTURE,
        )
        parser.add_argument("--synthetic", action="store_true", help="合成データ")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(
                "ファイル「{}」がありません。".format(path), returncode=REJECTED
            )
        try:
            retrieved = datetime.date.fromisoformat(options["retrieved_on"])
        except ValueError as error:
            raise CommandError(
                "取得日は YYYY-MM-DD で指定してください。", returncode=REJECTED
            ) from error
        try:
            dataset = import_dataset(
                path,
                key=options["key"],
                title=options["title"],
                outcome=options["outcome"],
                source_url=options["source_url"],
                retrieved_on=retrieved,
                provenance=options["provenance"],
                unit_kind=options["unit_kind"],
                synthetic=options["synthetic"],
            )
        except ImportRejected as rejected:
            message = "取り込めませんでした（何も書き込んでいません）:\n" + "\n".join(
                rejected.errors
            )
            raise CommandError(message, returncode=REJECTED) from rejected
        self.stdout.write(
            "「{}」を取り込みました: {}行".format(dataset.title, dataset.values.count())
        )
