"""`manage.py load_demo`: reference data and the seed-calibrated demo data set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo.loader import load_demo_data
from evaluations.demo import load_evaluation_demo
from impact.demo import load_impact_demo
from sheets.demo import load_demo_prose


class Command(BaseCommand):
    help = (
        "Load the reference data (prefectures, programmes, budgets, goals, targets) "
        "and the demo data set calibrated on the FY2005 evaluation sheet. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo_data()
        # The committee's evaluations and the FY2005 allocation (synthetic).
        load_evaluation_demo()
        load_demo_prose()  # the 事業評価書 FY2005 prose (sheets)
        load_impact_demo()  # the synthetic (合成) comparison panel (impact)
        if options["verbosity"] == 0:
            return
        lines = [
            "デモデータを読み込みました。",
            f"  知的クラスター創成事業: {summary.kc_regions} 地域",
            f"  都市エリア産学官連携促進事業: {summary.ca_regions} エリア",
            f"  年次報告: {summary.reports} 件"
            f"（今回追加 {summary.reports_created} 件）",
            f"  年度別実績: {summary.yearly_outcomes} 行",
            f"  達成目標: {summary.targets} 件（指標 {summary.metrics} 件）",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
