"""The results of a closed evaluation, the committee's comments and the
continue/end decisions for finished City Areas.

Aggregates (weighted score, spread, rating) are shown to whoever the policy
lets see the result rows: everyone once published. Individual sheets are for
officers only, on this page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, is_officer, scope
from evaluations.choices import EvaluationState, EvaluationType
from evaluations.errors import WorkflowError
from evaluations.forms import CommentForm, ReasonForm
from evaluations.models import Assignment, Evaluation, EvaluationItem, ItemResult, Score
from evaluations.services import decide_city_areas, set_comment
from evaluations.views._common import fetch, login_or_403, report_error

__all__ = ["evaluation_decide", "evaluation_results", "item_comment"]


@login_or_403
def evaluation_results(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = fetch(request, Evaluation.objects.select_related("programme"), pk)
    user = request.user
    officer = is_officer(user)
    results = scope(
        user,
        ItemResult.objects.filter(item__evaluation=evaluation).select_related(
            "item__region", "item__proposal"
        ),
        Action.VIEW,
    ).order_by("rank", "item__region__code")
    context: dict[str, Any] = {
        "evaluation": evaluation,
        "results": results,
        "officer": officer,
        "editable": officer and evaluation.state == EvaluationState.CLOSED,
        "can_decide": officer
        and evaluation.kind == EvaluationType.FINAL
        and evaluation.has_results,
        "is_final": evaluation.kind == EvaluationType.FINAL,
        "is_interim": evaluation.kind == EvaluationType.INTERIM,
        "reason_form": ReasonForm(),
        "allocation_url": _allocation_url(evaluation) if officer else "",
    }
    if officer and evaluation.has_results:
        context["sheets"] = _sheets_by_item(evaluation)
        context["criteria"] = list(evaluation.criteria.all())
    return render(request, "evaluations/evaluation_results.html", context)


@require_POST
@login_or_403
def item_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """委員会コメント and requested plan changes (officers, until published)."""
    item = fetch(
        request, EvaluationItem.objects.select_related("evaluation"), pk, Action.CHANGE
    )
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("入力内容を確認してください。"))
    else:
        try:
            set_comment(item, request.user, **form.cleaned_data)
        except (WorkflowError, ValidationError) as error:
            report_error(request, error)
        else:
            messages.success(
                request, _("「{}」のコメントを保存しました。").format(item.label)
            )
    return redirect(_results_url(item.evaluation))


@require_POST
@login_or_403
def evaluation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """継続可否: S/A areas may continue (apply for 発展型), the others end."""
    evaluation = fetch(request, Evaluation.objects.all(), pk, Action.CHANGE)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        decisions = decide_city_areas(evaluation, request.user, reason=reason)
    except WorkflowError as error:
        report_error(request, error)
    else:
        continuing = sum(1 for d in decisions.values() if d == "continue")
        messages.success(
            request,
            _("継続可否を決定しました（継続 {a} 件・終了 {b} 件）。").format(
                a=continuing, b=len(decisions) - continuing
            ),
        )
    return redirect(_results_url(evaluation))


# --- helpers -------------------------------------------------------------------


def _results_url(evaluation: Evaluation) -> str:
    return reverse("evaluations:results", kwargs={"pk": evaluation.pk})


def _sheets_by_item(evaluation: Evaluation) -> dict[int, list[Assignment]]:
    """Every sheet with its scores, per item (officers only)."""
    sheets = (
        Assignment.objects.filter(item__evaluation=evaluation)
        .select_related("member")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("criterion").order_by(
                    "criterion__order"
                ),
            )
        )
        .order_by("member__name_ja")
    )
    grouped: dict[int, list[Assignment]] = defaultdict(list)
    for sheet in sheets:
        grouped[sheet.item_id].append(sheet)
    return dict(grouped)


def _allocation_url(evaluation: Evaluation) -> str:
    """The allocation page, filled in for next year from this evaluation."""
    if not evaluation.has_results or not can_allocate(evaluation):
        return ""
    count = evaluation.items.filter(region__isnull=False).count()
    params = {
        "programme": evaluation.programme.code,
        "fiscal_year": evaluation.fiscal_year + 1,
        "evaluation": evaluation.pk,
        "budget": count * evaluation.programme.annual_amount_per_region_yen,
        "weighting": "rating",
        "down_percent": 30,
        "up_percent": 30,
    }
    return reverse("evaluations:allocation") + "?" + urlencode(params)


def can_allocate(evaluation: Evaluation) -> bool:
    return evaluation.items.filter(region__isnull=False).exists()
