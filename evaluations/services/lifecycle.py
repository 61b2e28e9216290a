"""An evaluation's life: create, open for scoring, close (results), publish.

States move draft → open → closed → published; a closed evaluation may be
reopened (with a reason) to correct scores, which discards its results. Every
change writes an :class:`EvaluationTransition` and an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.choices import EvaluationState, EvaluationType
from evaluations.errors import WorkflowError
from evaluations.models import (
    Assignment,
    Committee,
    Criterion,
    Evaluation,
    EvaluationItem,
    EvaluationTransition,
    ItemResult,
    Proposal,
)
from evaluations.services._common import (
    Actor,
    actor_user,
    record,
    record_bulk,
    require_officer,
)
from evaluations.services.assignments import (
    conflicted_assignments,
    drop_conflicted_assignments,
)
from lib.scoring import Aggregation, ItemSummary, summarise, weighted_score
from programmes.models import Programme, Region

__all__ = [
    "TRANSITIONS",
    "CriterionSpec",
    "add_items",
    "close_evaluation",
    "create_evaluation",
    "open_for_scoring",
    "publish",
    "reopen",
    "result_rows",
    "set_comment",
    "set_rubric",
    "sheet_result",
    "summarise_evaluation",
    "summarise_inputs",
]

State = EvaluationState

#: The only state changes allowed; anything else is refused unchanged.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.OPEN}),
    State.OPEN: frozenset({State.CLOSED}),
    State.CLOSED: frozenset({State.PUBLISHED, State.OPEN}),
    State.PUBLISHED: frozenset(),
}


@dataclass(frozen=True)
class CriterionSpec:
    """One rubric line as the officer defines it."""

    code: str
    name_ja: str
    weight: Decimal | int | float
    description_ja: str = ""


# --- creating -----------------------------------------------------------------


@transaction.atomic
def create_evaluation(
    *,
    kind: EvaluationType | str,
    programme: Programme,
    fiscal_year: int,
    title_ja: str,
    committee: Committee,
    criteria: Sequence[CriterionSpec],
    actor: Actor,
    regions: Iterable[Region] = (),
    proposals: Iterable[Proposal] = (),
    **options: Any,
) -> Evaluation:
    """A draft evaluation with its rubric and items (``options``: model fields)."""
    require_officer(actor)
    evaluation = Evaluation(
        kind=kind,
        programme=programme,
        fiscal_year=fiscal_year,
        title_ja=title_ja,
        committee=committee,
        **options,
    )
    evaluation.full_clean()
    evaluation.save()
    _create_criteria(evaluation, criteria)
    _create_items(evaluation, regions, proposals, actor)
    _record(evaluation, "", State.DRAFT, actor, str(_("作成")))
    return evaluation


@transaction.atomic
def set_rubric(
    evaluation: Evaluation, criteria: Sequence[CriterionSpec], actor: Actor
) -> list[Criterion]:
    """Replace the rubric; only while the evaluation is a draft."""
    require_officer(actor)
    locked = _locked(evaluation)
    _require_state(locked, State.DRAFT, _("評価項目は準備中の評価でだけ変更できます。"))
    before = list(locked.criteria.values_list("code", "weight"))
    locked.criteria.all().delete()
    created = _create_criteria(locked, criteria)
    record(
        locked,
        str(before),
        str([(c.code, c.weight) for c in created]),
        actor,
        str(_("評価項目の変更")),
        "rubric",
    )
    return created


def _create_criteria(
    evaluation: Evaluation, criteria: Sequence[CriterionSpec]
) -> list[Criterion]:
    _check_rubric(criteria)
    return Criterion.objects.bulk_create(
        Criterion(
            evaluation=evaluation,
            code=spec.code,
            name_ja=spec.name_ja,
            description_ja=spec.description_ja,
            weight=Decimal(str(spec.weight)),
            order=order,
        )
        for order, spec in enumerate(criteria, start=1)
    )


def _check_rubric(criteria: Sequence[CriterionSpec]) -> None:
    """At least one criterion, distinct codes, positive weights."""
    if not criteria:
        raise WorkflowError(
            "evaluation.no_criteria", _("評価項目を1つ以上定義してください。")
        )
    codes = [spec.code for spec in criteria]
    if len(set(codes)) != len(codes):
        raise ValidationError(
            {"criteria": _("評価項目のコードが重複しています。")}, code="duplicate"
        )
    if any(Decimal(str(spec.weight)) <= 0 for spec in criteria):
        raise ValidationError(
            {"criteria": _("評価項目の重みは正の数にしてください。")}, code="weight"
        )


def _create_items(
    evaluation: Evaluation,
    regions: Iterable[Region],
    proposals: Iterable[Proposal],
    actor: Actor,
) -> list[EvaluationItem]:
    items = [EvaluationItem(evaluation=evaluation, region=r) for r in regions]
    items += [EvaluationItem(evaluation=evaluation, proposal=p) for p in proposals]
    for item in items:
        item.validate_constraints()
    created = EvaluationItem.objects.bulk_create(items)
    labels = [item.label for item in created]
    record_bulk(evaluation, actor, "items_added", labels, str(_("評価対象の追加")))
    return created


@transaction.atomic
def add_items(
    evaluation: Evaluation,
    actor: Actor,
    *,
    regions: Iterable[Region] = (),
    proposals: Iterable[Proposal] = (),
) -> list[EvaluationItem]:
    """Add regions or proposals to review; only while the evaluation is a draft."""
    require_officer(actor)
    locked = _locked(evaluation)
    _require_state(locked, State.DRAFT, _("評価対象は準備中の評価にだけ追加できます。"))
    return _create_items(locked, regions, proposals, actor)


@transaction.atomic
def set_comment(
    item: EvaluationItem,
    actor: Actor,
    *,
    committee_comment_ja: str,
    requested_changes_ja: str = "",
) -> EvaluationItem:
    """The committee's comment and requested plan changes, until publication."""
    require_officer(actor)
    locked = _locked(item.evaluation)
    if locked.state == State.PUBLISHED:
        raise WorkflowError(
            "evaluation.published",
            _("公表済みの評価のコメントは変更できません。"),
        )
    item.committee_comment_ja = committee_comment_ja
    item.requested_changes_ja = requested_changes_ja
    item.save(update_fields=["committee_comment_ja", "requested_changes_ja"])
    return item


# --- state changes ------------------------------------------------------------


@transaction.atomic
def open_for_scoring(
    evaluation: Evaluation, actor: Actor, reason: str = ""
) -> Evaluation:
    """draft → open: every item must already have its minimum of reviewers."""
    require_officer(actor)
    locked = _locked(evaluation)
    _check_transition(locked, State.OPEN)
    _check_ready_to_open(locked)
    return _move(
        evaluation, locked, State.OPEN, actor, reason, opened_at=timezone.now()
    )


@transaction.atomic
def close_evaluation(
    evaluation: Evaluation, actor: Actor, reason: str = ""
) -> Evaluation:
    """open → closed: compute and store every item's result."""
    require_officer(actor)
    locked = _locked(evaluation)
    _check_transition(locked, State.CLOSED)
    _store_results(locked)
    return _move(
        evaluation, locked, State.CLOSED, actor, reason, closed_at=timezone.now()
    )


@transaction.atomic
def publish(evaluation: Evaluation, actor: Actor, reason: str = "") -> Evaluation:
    """closed → published: results (never individual scores) become public."""
    require_officer(actor)
    locked = _locked(evaluation)
    _check_transition(locked, State.PUBLISHED)
    return _move(
        evaluation,
        locked,
        State.PUBLISHED,
        actor,
        reason,
        published_at=timezone.now(),
    )


@transaction.atomic
def reopen(evaluation: Evaluation, actor: Actor, reason: str) -> Evaluation:
    """closed → open to correct scores; the results are discarded."""
    require_officer(actor)
    if not reason.strip():
        raise WorkflowError(
            "evaluation.reason_required", _("再開する理由を入力してください。")
        )
    locked = _locked(evaluation)
    _check_transition(locked, State.OPEN)
    _check_results_unused(locked)
    ItemResult.objects.filter(item__evaluation=locked).delete()
    moved = _move(evaluation, locked, State.OPEN, actor, reason, closed_at=None)
    # A conflict declared while it was closed binds once it is open again.
    drop_conflicted_assignments(moved, actor)
    return moved


def _check_results_unused(evaluation: Evaluation) -> None:
    """Results that decided something (continuation, an allocation) stay put."""
    results = ItemResult.objects.filter(item__evaluation=evaluation)
    if results.exclude(decision="").exists() or evaluation.allocation_runs.exists():
        raise WorkflowError(
            "evaluation.results_in_use",
            _("結果に基づく継続可否の決定または配分があるため再開できません。"),
        )


def _locked(evaluation: Evaluation) -> Evaluation:
    """The evaluation re-read under a row lock, so two officers cannot race."""
    return Evaluation.objects.select_for_update().get(pk=evaluation.pk)


def _require_state(evaluation: Evaluation, state: str, message: Any) -> None:
    if evaluation.state != state:
        raise WorkflowError("evaluation.wrong_state", message)


def _check_transition(evaluation: Evaluation, new: str) -> None:
    if new not in TRANSITIONS[evaluation.state]:
        raise WorkflowError(
            "evaluation.illegal_transition",
            _("評価の状態を「{old}」から「{new}」に変えることはできません。").format(
                old=State(evaluation.state).label, new=State(new).label
            ),
        )


def _move(
    caller: Evaluation,
    locked: Evaluation,
    new: str,
    actor: Actor,
    reason: str,
    **stamps: Any,
) -> Evaluation:
    """Save the new state on the locked row and mirror it on the caller's copy."""
    old = locked.state
    for instance in (locked, caller):
        instance.state = new
        for name, value in stamps.items():
            setattr(instance, name, value)
    locked.save(update_fields=["state", "last_updated", *stamps])
    _record(locked, old, new, actor, reason)
    return locked


def _record(
    evaluation: Evaluation, old: str, new: str, actor: Actor, reason: str
) -> None:
    EvaluationTransition.objects.create(
        evaluation=evaluation,
        old_state=old,
        new_state=new,
        actor=actor_user(actor),
        reason=reason,
    )
    if old:  # the creation itself is audited by the save signal
        record(evaluation, old, new, actor, reason)


def _check_ready_to_open(evaluation: Evaluation) -> None:
    if not evaluation.criteria.exists():
        raise WorkflowError(
            "evaluation.no_criteria", _("評価項目を1つ以上定義してください。")
        )
    items = evaluation.items.annotate(n=Count("assignments"))
    if not items.exists():
        raise WorkflowError("evaluation.no_items", _("評価対象がありません。"))
    conflicted = conflicted_assignments(evaluation)
    if conflicted:
        raise WorkflowError(
            "evaluation.conflicted",
            _(
                "利害関係のある委員が割り当てられています。"
                "「自動割当て」で解除と補充をしてから開始してください: {}"
            ).format("".join(c.message_ja for c in conflicted)),
        )
    short = [i.label for i in items.filter(n__lt=evaluation.min_reviewers)]
    if short:
        raise WorkflowError(
            "evaluation.understaffed",
            _(
                "最低{n}名の委員が割り当てられていない評価対象があります: {items}"
            ).format(n=evaluation.min_reviewers, items="、".join(short)),
        )


# --- results ------------------------------------------------------------------


def _store_results(evaluation: Evaluation) -> None:
    """Compute every item's result from the complete score sheets and store it."""
    sheets = list(
        Assignment.objects.filter(item__evaluation=evaluation)
        .select_related("member")
        .prefetch_related("scores__criterion")
    )
    weighted = _weighted_scores(evaluation, [a for a in sheets if a.is_complete])
    items = list(evaluation.items.select_related("region", "proposal"))
    unscored = [i.label for i in items if not any(k[0] == str(i.pk) for k in weighted)]
    if unscored:
        raise WorkflowError(
            "evaluation.unscored",
            _("採点が1件もない評価対象があるため締め切れません: {}").format(
                "、".join(unscored)
            ),
        )
    summaries = summarise_evaluation(evaluation, weighted)
    _save_item_results(items, summaries)
    _save_sheet_results(sheets, summaries)


def _weighted_scores(
    evaluation: Evaluation, sheets: list[Assignment]
) -> dict[tuple[str, str], float]:
    values = {
        (a.item_id, a.member_id): {s.criterion.code: s.value for s in a.scores.all()}
        for a in sheets
    }
    return summarise_inputs(evaluation, list(evaluation.criteria.all()), values)


def summarise_inputs(
    evaluation: Evaluation,
    criteria: Sequence[Criterion],
    sheets: Mapping[tuple[int, int], Mapping[str, int]],
) -> dict[tuple[str, str], float]:
    """Weighted score per (item pk, member pk) as :func:`lib.scoring.summarise`
    expects them, from complete sheets (criterion code → score)."""
    weights = {c.code: float(c.weight) for c in criteria}
    return {
        (str(item), str(member)): weighted_score(values, weights, evaluation.scale)
        for (item, member), values in sheets.items()
    }


def summarise_evaluation(
    evaluation: Evaluation, weighted: Mapping[tuple[str, str], float]
) -> dict[str, ItemSummary]:
    """Every item's summary under the evaluation's own rules."""
    return summarise(
        weighted,
        evaluation.scale,
        Aggregation(evaluation.aggregation),
        float(evaluation.trim_proportion),
        evaluation.normalise_reviewers,
    )


def result_rows(
    items: list[EvaluationItem], summaries: Mapping[str, ItemSummary]
) -> list[ItemResult]:
    """Unsaved ItemResult rows, ranked, one per item."""
    ranks = _ranks(items, summaries)
    return [_item_result(i, summaries[str(i.pk)], ranks[i.pk]) for i in items]


def sheet_result(
    summaries: Mapping[str, ItemSummary], item_id: int, member_id: int
) -> tuple[Decimal | None, Decimal | None, bool]:
    """A sheet's (weighted, adjusted, is outlier) from its item's summary."""
    summary = summaries.get(str(item_id))
    result = summary.reviewer_results.get(str(member_id)) if summary else None
    if result is None:
        return None, None, False
    return _decimal(result.weighted), _decimal(result.adjusted), result.is_outlier


def _save_item_results(
    items: list[EvaluationItem], summaries: Mapping[str, ItemSummary]
) -> None:
    ItemResult.objects.filter(item__in=items).delete()
    ItemResult.objects.bulk_create(result_rows(items, summaries))


def _ranks(
    items: list[EvaluationItem], summaries: Mapping[str, ItemSummary]
) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank."""
    ordered = sorted(items, key=lambda i: (-summaries[str(i.pk)].score, i.key))
    ranks: dict[int, int] = {}
    last_score, last_rank = None, 0
    for position, item in enumerate(ordered, start=1):
        score = summaries[str(item.pk)].score
        if score != last_score:
            last_score, last_rank = score, position
        ranks[item.pk] = last_rank
    return ranks


def _item_result(item: EvaluationItem, summary: ItemSummary, rank: int) -> ItemResult:
    return ItemResult(
        item=item,
        score=_decimal(summary.score),
        raw_mean=_decimal(summary.raw_mean),
        std=_decimal(summary.std),
        score_range=_decimal(summary.range),
        reviewer_count=summary.reviewers,
        outlier_count=len(summary.outliers),
        rating=summary.rating,
        rank=rank,
    )


def _save_sheet_results(
    sheets: list[Assignment], summaries: Mapping[str, ItemSummary]
) -> None:
    for sheet in sheets:
        sheet.weighted_score, sheet.adjusted_score, sheet.is_outlier = sheet_result(
            summaries, sheet.item_id, sheet.member_id
        )
    Assignment.objects.bulk_update(
        sheets, ["weighted_score", "adjusted_score", "is_outlier"]
    )


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.001"), ROUND_HALF_UP)
