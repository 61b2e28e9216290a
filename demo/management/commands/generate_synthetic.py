"""`manage.py generate_synthetic`: a national-scale synthetic data set for benchmarks.

Replaces the synthetic programme (code SYN) with ``--regions`` regions and
their yearly outcomes for ``--years`` fiscal years (24 rows per region and
year: one per OutcomeKind). Same arguments, same data. Use a separate
database: targets without a programme filter include the synthetic regions
(see demo/national.py).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.national import generate_synthetic, remove_synthetic


class Command(BaseCommand):
    help = (
        "ベンチマーク用の合成データ（事業コード SYN）を生成します。"
        "再実行すると置き換えます。"
        " / A synthetic national-scale data set (programme SYN) for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regions", type=int, default=2_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=20050801)
        parser.add_argument("--first-fy", type=int, default=2002)
        parser.add_argument(
            "--remove", action="store_true", help="合成データを削除するだけ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["remove"]:
            removed = remove_synthetic()
            self.stdout.write(f"合成データを削除しました（{removed:,} 地域）。")
            return
        try:
            summary = generate_synthetic(
                options["regions"],
                options["years"],
                options["seed"],
                first_fy=options["first_fy"],
            )
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(
            f"合成データを生成しました: {summary.regions:,} 地域、"
            f"{summary.first_fy}〜{summary.last_fy}年度、"
            f"年度別実績 {summary.outcome_rows:,} 行（{summary.seconds:.1f} 秒）"
        )
