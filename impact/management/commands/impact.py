"""`manage.py impact`: staggered DID (Callaway & Sant'Anna) with TWFE beside it.

``--panel FILE.csv`` estimates an outside panel (columns
``unit,year,value,first_treated``), so anyone can check the estimator on data
they trust; ``--outcome KEY`` estimates a comparison dataset with treatment
from Chiiki's registry. Read-only, so idempotent. Bad input is one Japanese
line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from impact.reporting import estimate_table
from impact.services import estimate_file, estimate_outcome
from lib.did_panel import PanelError

REJECTED = 1


class Command(BaseCommand):
    help = (
        "多時点DID（Callaway & Sant'Anna）で効果を推定し、二方向固定効果推定と並べて"
        "表示します。 / Staggered DID with the naive TWFE estimate beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--panel", help="CSV（列: unit,year,value,first_treated）")
        source.add_argument(
            "--outcome", help="比較データの成果指標キー（例: patent_applications）"
        )
        parser.add_argument("--control", choices=["never", "notyet"], default="never")
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--programme", help="処置とする事業（KC / CA）。既定: 全て")
        parser.add_argument(
            "--drop-neighbours",
            action="store_true",
            help="処置県に隣接する未処置県を除く（波及効果への配慮）",
        )
        parser.add_argument(
            "--draws", type=int, default=999, help="ブートストラップ回数"
        )
        parser.add_argument("--seed", type=int, default=0, help="乱数シード")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["draws"] < 99:
            raise CommandError("--draws は99以上にしてください。", returncode=REJECTED)
        try:
            payload = self._estimate(options)
        except PanelError as error:
            raise CommandError(error.message_ja, returncode=REJECTED) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(estimate_table(payload))

    def _estimate(self, options: dict[str, Any]) -> dict[str, Any]:
        control, draws, seed = options["control"], options["draws"], options["seed"]
        if options["panel"]:
            path = Path(options["panel"])
            if not path.is_file():
                raise CommandError(
                    "ファイル「{}」がありません。".format(path), returncode=REJECTED
                )
            estimate = estimate_file(path, control, draws=draws, seed=seed)
            return {"source": {"panel": path.name}, **estimate.as_dict()}
        dataset, estimate = estimate_outcome(
            options["outcome"],
            control,
            programme=options["programme"],
            drop_neighbours=options["drop_neighbours"],
            draws=draws,
            seed=seed,
        )
        source = {
            "dataset": dataset.key,
            "outcome": dataset.outcome,
            "synthetic": dataset.synthetic,
            "source_url": dataset.source_url,
            "retrieved_on": dataset.retrieved_on.isoformat(),
        }
        return {"source": source, **estimate.as_dict()}
