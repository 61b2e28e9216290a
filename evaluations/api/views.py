"""Evaluations in the API: read results, score, run the steps, allocate.

Reads take an optional token: the public sees published evaluations and
their aggregates only. Score sheets are never public: a reviewer reads and
writes only their own sheets of assigned items (403 otherwise; the panel's
only once closed), region staff none. Steps and allocations are officers'.
Answers: 403/404 per the policy (``evaluations.lookup.fetch``), 409 on a
step in the wrong state, 422 on bad input (scores off the scale, an
infeasible allocation).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query
from ninja.decorators import decorate_view

from accounts.auth import api_user, token_auth
from accounts.policy import Action, can, is_officer, is_reviewer, require, scope
from chiiki.caching import conditional_api
from evaluations.api import router
from evaluations.api.schemas import (
    AllocationIn,
    AllocationOut,
    AssignOut,
    EvaluationDetailOut,
    EvaluationErrorOut,
    EvaluationListOut,
    ScoreSheetOut,
    ScoresIn,
)
from evaluations.choices import AllocationWeighting
from evaluations.errors import WorkflowError
from evaluations.lookup import fetch
from evaluations.models import (
    AllocationRun,
    Assignment,
    Evaluation,
    EvaluationItem,
    ItemResult,
)
from evaluations.services import (
    AllocationRequest,
    allocation_what_if,
    assign_reviewers,
    close_evaluation,
    compute_allocation,
    open_for_scoring,
    publish,
    record_scores,
    run_allocation,
)
from lib.allocation import AllocationError
from lib.errors import ConventionError
from programmes.models import Programme

__all__ = [
    "allocate",
    "assign",
    "close",
    "evaluation_detail",
    "evaluation_list",
    "item_scores",
    "open_",
    "publish_",
    "score_item",
    "sheet_detail",
]

_ONE = "/evaluations/{evaluation_id}"
#: A primary key: positive and within a database bigint (larger ids answer 422).
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
STEP_RESPONSES = {
    200: EvaluationDetailOut,
    409: EvaluationErrorOut,
    422: EvaluationErrorOut,
}
MAX_LIMIT = 500
#: Beyond this an offset overflows the database's integer (a 500 under fuzzing).
MAX_OFFSET = 1_000_000_000


@router.get("/evaluations", response=EvaluationListOut, url_name="evaluation_list")
@decorate_view(conditional_api)
def evaluation_list(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),  # noqa: B008 (ninja style)
    offset: int = Query(0, ge=0, le=MAX_OFFSET),  # noqa: B008
) -> dict[str, Any]:
    """Evaluations the caller may see (the public: published ones)."""
    visible = scope(
        api_user(request), Evaluation.objects.select_related("programme"), Action.VIEW
    ).order_by("-fiscal_year", "pk")
    page = visible[offset : offset + limit]
    return {
        "count": visible.count(),
        "limit": limit,
        "offset": offset,
        "items": [_evaluation_out(e) for e in page],
    }


@router.get(
    f"{_ONE}",
    response={200: EvaluationDetailOut, 403: EvaluationErrorOut},
    url_name="evaluation_detail",
)
def evaluation_detail(request: HttpRequest, evaluation_id: Id) -> dict[str, Any]:
    """Rubric, items and the aggregates the caller may see (never scores)."""
    evaluation = fetch(request, _evaluations(), evaluation_id)
    return _detail_out(evaluation, api_user(request))


@router.get(
    f"{_ONE}/items/{{item_id}}/scores",
    response={200: list[ScoreSheetOut], 403: EvaluationErrorOut},
    url_name="evaluation_item_scores",
)
def item_scores(
    request: HttpRequest, evaluation_id: Id, item_id: Id
) -> list[dict[str, Any]]:
    """The sheets of one item: officers all; a reviewer their own (the panel's
    after closing); 403 for an unassigned item and for region staff."""
    user = api_user(request)
    item = _item(request, evaluation_id, item_id)
    require(user, Action.VIEW, Assignment)  # officers and reviewers only
    if not is_officer(user) and not _is_assigned(user, item):
        raise PermissionDenied(_("この評価対象は割り当てられていません。"))
    sheets = scope(user, item.assignments.select_related("member"), Action.VIEW)
    sheets = sheets.prefetch_related("scores__criterion").order_by("member__name_ja")
    return [_sheet_out(s) for s in sheets]


@router.get(
    f"{_ONE}/sheets/{{sheet_id}}",
    response={200: ScoreSheetOut, 403: EvaluationErrorOut},
    url_name="evaluation_sheet",
)
def sheet_detail(
    request: HttpRequest, evaluation_id: Id, sheet_id: Id
) -> dict[str, Any]:
    """One member's sheet; another reviewer's is a 403 until the close."""
    sheet = fetch(
        request,
        Assignment.objects.filter(item__evaluation_id=evaluation_id)
        .select_related("member")
        .prefetch_related("scores__criterion"),
        sheet_id,
    )
    return _sheet_out(sheet)


@router.post(
    f"{_ONE}/items/{{item_id}}/scores",
    response={200: ScoreSheetOut, 409: EvaluationErrorOut, 422: EvaluationErrorOut},
    auth=token_auth,
    url_name="evaluation_item_score",
)
def score_item(
    request: HttpRequest, evaluation_id: Id, item_id: Id, payload: ScoresIn
) -> tuple[int, dict[str, Any]]:
    """The reviewer's full sheet for an assigned item, while scoring is open."""
    user = api_user(request)
    item = _item(request, evaluation_id, item_id)
    if not can(user, Action.SCORE, item):
        if not _is_assigned(user, item):
            raise PermissionDenied(_("この評価対象の採点は割り当てられていません。"))
        return 409, {
            "detail": _("評点は「採点中」の評価にだけ入力できます。"),
            "code": "scoring.not_open",
        }
    try:
        sheet = record_scores(item, user, payload.scores, comment_ja=payload.comment)
    except WorkflowError as error:
        return 409, {"detail": error.message, "code": error.code}
    except ValidationError as error:
        return 422, {"detail": error.message_dict, "code": "scores.invalid"}
    sheet = Assignment.objects.prefetch_related("scores__criterion").get(pk=sheet.pk)
    return 200, _sheet_out(sheet)


def _state_step(action: str, run: Any, name: str, doc: str) -> Any:
    def step(
        request: HttpRequest, evaluation_id: Id, reason: str = ""
    ) -> tuple[int, dict[str, Any]]:
        evaluation = fetch(request, _evaluations(), evaluation_id, action)
        user = api_user(request)
        try:
            run(evaluation, user, reason[:500])
        except WorkflowError as error:
            return 409, {"detail": error.message, "code": error.code}
        except ValidationError as error:
            return 422, {"detail": " ".join(error.messages), "code": "invalid"}
        return 200, _detail_out(_evaluations().get(pk=evaluation.pk), user)

    step.__name__ = name
    step.__doc__ = doc
    return router.post(
        f"{_ONE}/{name.rstrip('_')}",
        response=STEP_RESPONSES,
        auth=token_auth,
        url_name=f"evaluation_{name.rstrip('_')}",
    )(step)


open_ = _state_step(
    Action.CHANGE,
    open_for_scoring,
    "open_",
    "準備中 → 採点中 (officers); every item needs its minimum of reviewers.",
)
close = _state_step(
    Action.CLOSE,
    close_evaluation,
    "close",
    "採点中 → 締切 (officers): results per item are computed and stored.",
)
publish_ = _state_step(
    Action.PUBLISH,
    publish,
    "publish_",
    "締切 → 公表 (officers): aggregates become public, scores never.",
)


@router.post(
    f"{_ONE}/assign",
    response={200: AssignOut, 409: EvaluationErrorOut},
    auth=token_auth,
    url_name="evaluation_assign",
)
def assign(request: HttpRequest, evaluation_id: Id) -> tuple[int, dict[str, Any]]:
    """Automatic, conflict-free assignment up to the minimum (officers)."""
    evaluation = fetch(request, _evaluations(), evaluation_id, Action.CHANGE)
    try:
        outcome = assign_reviewers(evaluation, api_user(request))
    except WorkflowError as error:
        return 409, {"detail": error.message, "code": error.code}
    except ConventionError as error:
        return 409, {"detail": error.message_ja, "code": error.code}
    return 200, {
        "created": len(outcome.created),
        "removed": outcome.removed,
        "shortfalls": outcome.messages_ja,
    }


@router.post(
    "/allocations",
    response={200: AllocationOut, 409: EvaluationErrorOut, 422: EvaluationErrorOut},
    auth=token_auth,
    url_name="allocation_compute",
)
def allocate(request: HttpRequest, payload: AllocationIn) -> tuple[int, dict[str, Any]]:
    """傾斜配分 (officers): every amount with base, weight, bounds and bound hit.

    ``compare`` adds a second scenario side by side; ``save`` stores the run
    (audited). Infeasible budgets answer 422 with the solver's message.
    """
    user = api_user(request)
    require(user, Action.ALLOCATE, AllocationRun)
    try:
        allocation_request = _allocation_request(request, payload)
        if payload.compare is not None:
            return 200, _what_if_out(allocation_request, payload)
        outcome = compute_allocation(allocation_request)
        run_id = None
        if payload.save:
            run_id = _save(allocation_request, user, payload)
    except AllocationError as error:
        return 422, {"detail": error.message_ja, "code": error.code}
    except WorkflowError as error:
        status = 409 if error.code == "allocation.duplicate_label" else 422
        return status, {"detail": error.message, "code": error.code}
    return 200, {"allocation": outcome.as_dict(), "run_id": run_id}


# --- helpers -------------------------------------------------------------------


def _evaluations() -> Any:
    return Evaluation.objects.select_related("programme")


def _is_assigned(user: Any, item: EvaluationItem) -> bool:
    if not is_reviewer(user):
        return False
    return item.assignments.filter(member__user=user).exists()


def _item(
    request: HttpRequest, evaluation_id: int, item_id: int, action: str = Action.VIEW
) -> EvaluationItem:
    items = EvaluationItem.objects.filter(evaluation_id=evaluation_id).select_related(
        "evaluation", "region", "proposal"
    )
    return fetch(request, items, item_id, action)


def _allocation_request(request: HttpRequest, payload: AllocationIn) -> Any:
    programme = Programme.objects.filter(code=payload.programme).first()
    if programme is None:
        raise WorkflowError(
            "allocation.programme",
            _("事業コード「{}」はありません。").format(payload.programme),
        )
    evaluation = None
    if payload.evaluation_id is not None:
        try:
            evaluation = fetch(request, _evaluations(), payload.evaluation_id)
        except Http404 as error:
            raise WorkflowError(
                "allocation.evaluation", _("指定された評価はありません。")
            ) from error
    for weighting in (payload.weighting, payload.compare and payload.compare.weighting):
        if weighting and weighting not in AllocationWeighting.values:
            raise WorkflowError(
                "allocation.weighting",
                _("重み付けは rating・score・equal のいずれかです。"),
            )
    return AllocationRequest(
        programme=programme,
        fiscal_year=payload.fiscal_year,
        budget_yen=payload.budget_yen,
        evaluation=evaluation,
        weighting=payload.weighting,
        down_percent=payload.down_percent,
        up_percent=payload.up_percent,
        cap_yen=payload.cap_yen,
        base_yen=payload.base_yen,
    )


def _what_if_out(request: AllocationRequest, payload: AllocationIn) -> dict[str, Any]:
    compare = payload.compare
    assert compare is not None
    changes: dict[str, Any] = {}
    if compare.budget_yen is not None:
        changes["budget_yen"] = compare.budget_yen
    if compare.weighting:
        changes["weighting"] = compare.weighting
    what_if = allocation_what_if(request, **changes)
    return {
        "allocation": what_if.before.as_dict(),
        "compared": what_if.after.as_dict(),
        "differences": [
            {
                "code": d.key,
                "before_yen": d.before_yen,
                "after_yen": d.after_yen,
                "difference_yen": d.difference_yen,
            }
            for d in what_if.deltas
        ],
    }


def _save(request: AllocationRequest, user: Any, payload: AllocationIn) -> int:
    if not payload.label_ja.strip():
        raise WorkflowError(
            "allocation.label", _("保存する配分の名称を入力してください。")
        )
    run = run_allocation(request, user, label_ja=payload.label_ja, adopt=payload.adopt)
    return run.pk


def _evaluation_out(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "id": evaluation.pk,
        "kind": evaluation.kind,
        "kind_label": str(evaluation.get_kind_display()),
        "programme": evaluation.programme.code,
        "fiscal_year": evaluation.fiscal_year,
        "title_ja": evaluation.title_ja,
        "state": evaluation.state,
        "state_label": str(evaluation.get_state_display()),
        "is_synthetic": evaluation.is_synthetic,
    }


def _detail_out(evaluation: Evaluation, user: Any) -> dict[str, Any]:
    results = {
        r.item_id: r
        for r in scope(
            user, ItemResult.objects.filter(item__evaluation=evaluation), Action.VIEW
        )
    }
    items = scope(
        user,
        evaluation.items.select_related("region", "proposal"),
        Action.VIEW,
    )
    return {
        **_evaluation_out(evaluation),
        "scale_min": evaluation.scale_min,
        "scale_max": evaluation.scale_max,
        "aggregation": evaluation.aggregation,
        "normalise_reviewers": evaluation.normalise_reviewers,
        "summary_ja": evaluation.summary_ja,
        "criteria": [
            {
                "code": c.code,
                "name_ja": c.name_ja,
                "description_ja": c.description_ja,
                "weight": float(c.weight),
            }
            for c in evaluation.criteria.all()
        ],
        "items": [_item_out(i, results.get(i.pk)) for i in items],
    }


def _item_out(item: EvaluationItem, result: ItemResult | None) -> dict[str, Any]:
    return {
        "id": item.pk,
        "label": item.label,
        "region": item.region.code if item.region_id else None,
        "proposal_id": item.proposal_id,
        "result": None if result is None else _result_out(item, result),
    }


def _result_out(item: EvaluationItem, result: ItemResult) -> dict[str, Any]:
    return {
        "score": float(result.score),
        "raw_mean": float(result.raw_mean),
        "std": float(result.std),
        "score_range": float(result.score_range),
        "reviewer_count": result.reviewer_count,
        "outlier_count": result.outlier_count,
        "rating": result.rating,
        "rank": result.rank,
        "decision": result.decision,
        "committee_comment_ja": item.committee_comment_ja,
    }


def _sheet_out(sheet: Assignment) -> dict[str, Any]:
    def number(value: Any) -> float | None:
        return None if value is None else float(value)

    return {
        "id": sheet.pk,
        "item_id": sheet.item_id,
        "member": sheet.member.name_ja,
        "scores": {s.criterion.code: s.value for s in sheet.scores.all()},
        "comment_ja": sheet.comment_ja,
        "submitted_at": sheet.submitted_at.isoformat() if sheet.submitted_at else None,
        "weighted_score": number(sheet.weighted_score),
        "adjusted_score": number(sheet.adjusted_score),
        "is_outlier": sheet.is_outlier,
    }
