"""`manage.py allocate`: next year's 傾斜配分 with every number explained.

Read-only (and so idempotent): it computes and prints; storing and adopting a
run is an officer's action in the web UI or the API. Exit status 0 with the
allocation, 1 (CommandError) when the inputs are infeasible or the evaluation
unusable, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evaluations.choices import AllocationWeighting, Rating
from evaluations.errors import WorkflowError
from evaluations.models import Evaluation
from evaluations.services import (
    AllocationOutcome,
    AllocationRequest,
    WhatIf,
    allocation_what_if,
    compute_allocation,
)
from evaluations.services.allocation import DEFAULT_BOUND_PERCENT
from lib.allocation import DEFAULT_RATING_WEIGHTS, AllocationError
from lib.errors import ConventionError
from lib.money import parse_yen
from lib.texttable import render_table
from programmes.models import Programme

BOUND_LABELS = {"none": "", "floor": "下限", "ceiling": "上限"}


def yen_argument(text: str) -> int:
    """Accept 6000000000, 6,000,000,000, 60億円 or 6,000百万円."""
    try:
        return parse_yen(text)
    except ConventionError as error:
        raise argparse.ArgumentTypeError(error.message_ja) from error


class Command(BaseCommand):
    help = (
        "予算額を評価結果に応じて地域に傾斜配分し、各地域の額の根拠を示します。"
        " / Weighted allocation of a budget by evaluation results, explained."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--budget",
            required=True,
            type=yen_argument,
            help="予算額（円。60億円 などの表記も可）",
        )
        parser.add_argument(
            "--fiscal-year", required=True, type=int, help="配分する年度（例: 2005）"
        )
        parser.add_argument(
            "--evaluation",
            type=int,
            help="根拠とする評価のID（省略時は直近の公表済み評価）",
        )
        parser.add_argument(
            "--programme", help="事業コード（既定: 評価の事業、なければ KC）"
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--weighting",
            choices=AllocationWeighting.values,
            default=AllocationWeighting.RATING,
        )
        parser.add_argument(
            "--down",
            type=int,
            default=DEFAULT_BOUND_PERCENT,
            help="下限: 基準額からの減少率（%%）",
        )
        parser.add_argument(
            "--up",
            type=int,
            default=DEFAULT_BOUND_PERCENT,
            help="上限: 基準額からの増加率（%%）",
        )
        parser.add_argument("--cap", type=yen_argument, help="1地域当たりの上限額")
        parser.add_argument(
            "--base",
            type=yen_argument,
            help="基準額（既定: 事業の1地域当たり年間補助額）",
        )
        parser.add_argument(
            "--weight",
            action="append",
            default=[],
            metavar="R=W",
            help="評価区分の重み（例: S=1.5）。繰り返し指定可",
        )
        parser.add_argument(
            "--compare-budget",
            type=yen_argument,
            help="別の予算額で試算し、並べて比較する（what-if）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        request = self._request(options)
        try:
            if options["compare_budget"] is not None:
                what_if = allocation_what_if(
                    request, budget_yen=options["compare_budget"]
                )
                self._write(options["format"], what_if, _what_if_dict, _what_if_table)
            else:
                outcome = compute_allocation(request)
                self._write(options["format"], outcome, _outcome_dict, _table)
        except (AllocationError, WorkflowError) as error:
            raise CommandError(str(error)) from error

    def _request(self, options: dict[str, Any]) -> AllocationRequest:
        evaluation = _evaluation(options["evaluation"])
        return AllocationRequest(
            programme=_programme(options["programme"], evaluation),
            fiscal_year=options["fiscal_year"],
            budget_yen=options["budget"],
            evaluation=evaluation,
            weighting=options["weighting"],
            down_percent=options["down"],
            up_percent=options["up"],
            cap_yen=options["cap"],
            base_yen=options["base"],
            rating_weights=_rating_weights(options["weight"]),
        )

    def _write(
        self,
        fmt: str,
        result: Any,
        as_dict: Callable[[Any], dict[str, Any]],
        as_table: Callable[[Any], str],
    ) -> None:
        if fmt == "json":
            self.stdout.write(json.dumps(as_dict(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_table(result), ending="")


def _evaluation(pk: int | None) -> Evaluation | None:
    if pk is None:
        return None
    evaluation = Evaluation.objects.select_related("programme").filter(pk=pk).first()
    if evaluation is None:
        raise CommandError(f"評価 ID {pk} が見つかりません。 / No evaluation {pk}.")
    return evaluation


def _programme(code: str | None, evaluation: Evaluation | None) -> Programme:
    if evaluation is not None:
        if code and code != evaluation.programme.code:
            raise CommandError(
                f"評価 {evaluation.pk} は事業 {evaluation.programme.code} のものです。"
            )
        return evaluation.programme
    programme = Programme.objects.filter(code=code or "KC").first()
    if programme is None:
        raise CommandError(f"事業コード {code or 'KC'} が見つかりません。")
    return programme


def _rating_weights(pairs: list[str]) -> dict[str, float]:
    weights = dict(DEFAULT_RATING_WEIGHTS)
    for pair in pairs:
        rating, _, value = pair.partition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if rating not in Rating.values or weight < 0:
            raise CommandError(f"重みの指定「{pair}」が不正です（例: S=1.5）。")
        weights[rating] = weight
    return weights


def _yen(value: int) -> str:
    return f"{value:,}"


TABLE_HEADERS = (
    "地域コード",
    "地域",
    "評価",
    "評点",
    "重み",
    "基準額",
    "下限",
    "上限",
    "制約なし比例配分",
    "配分額",
    "増減",
    "上下限",
)


def _rating_cell(basis: Any) -> str:
    """「A」, 「C※」 for a synthetic (合成) rating, 「未評価」 without a result."""
    if not basis.evaluated:
        return "未評価"
    return f"{basis.rating}※" if basis.is_synthetic else basis.rating


def _table(outcome: AllocationOutcome) -> str:
    allocation = outcome.allocation
    rows = [
        (
            basis.code,
            basis.name_ja,
            _rating_cell(basis),
            str(basis.score) if basis.score is not None else "-",
            f"{basis.weight:.2f}",
            _yen(line.base_yen),
            _yen(line.floor_yen),
            _yen(line.ceiling_yen),
            _yen(line.raw_share_yen),
            _yen(line.amount_yen),
            f"{line.change_yen:+,}",
            BOUND_LABELS[str(line.bound)] if basis.evaluated else "基準額",
        )
        for basis, line in outcome.rows()
    ]
    return render_table(
        TABLE_HEADERS,
        rows,
        right=[n >= 2 for n in range(len(TABLE_HEADERS))],
        title="{}年度 傾斜配分（予算 {}円）".format(
            outcome.request.fiscal_year, _yen(allocation.budget_yen)
        ),
        footer="合計 {}円 / 1,000円単位、端数は最大剰余法で配分{}".format(
            _yen(allocation.total_yen), _legend(outcome)
        ),
    )


def _legend(outcome: AllocationOutcome) -> str:
    """The marks used in the rating column, explained under the table."""
    bases = list(outcome.bases.values())
    notes = []
    if any(b.is_synthetic for b in bases):
        notes.append("※ 合成: デモ用に生成した評価結果（実在の評価ではありません）")
    if any(not b.evaluated for b in bases):
        notes.append(f"未評価: {outcome.unevaluated_reason}")
    return "".join(f"\n{note}" for note in notes)


def _what_if_table(what_if: WhatIf) -> str:
    a, b = what_if.before.allocation, what_if.after.allocation
    rows = [
        (
            delta.key,
            _yen(delta.before_yen or 0),
            _yen(delta.after_yen or 0),
            f"{delta.difference_yen:+,}",
            "{}→{}".format(
                BOUND_LABELS[str(delta.before_bound or "none")] or "-",
                BOUND_LABELS[str(delta.after_bound or "none")] or "-",
            ),
        )
        for delta in what_if.deltas
    ]
    return render_table(
        ("地域コード", "配分額 A", "配分額 B", "差額", "上下限 A→B"),
        rows,
        right=[False, True, True, True, True],
        title="what-if: 予算 {}円 → {}円".format(
            _yen(a.budget_yen), _yen(b.budget_yen)
        ),
    )


def _outcome_dict(outcome: AllocationOutcome) -> dict[str, Any]:
    return outcome.as_dict()


def _what_if_dict(what_if: WhatIf) -> dict[str, Any]:
    return {
        "before": what_if.before.as_dict(),
        "after": what_if.after.as_dict(),
        "deltas": [
            {
                "code": d.key,
                "before_yen": d.before_yen,
                "after_yen": d.after_yen,
                "difference_yen": d.difference_yen,
                "before_bound": str(d.before_bound) if d.before_bound else None,
                "after_bound": str(d.after_bound) if d.after_bound else None,
            }
            for d in what_if.deltas
        ],
    }
