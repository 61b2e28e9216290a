"""Evaluation list and detail, and the officer's steps: assign, open, close, publish.

Each step is a POST form (CSRF) that calls one service; a refused step shows
the service's Japanese message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.policy import Action, is_officer, is_reviewer, scope
from evaluations.choices import EvaluationState
from evaluations.errors import WorkflowError
from evaluations.forms import ReasonForm
from evaluations.models import Assignment, Evaluation
from evaluations.services import (
    assign_reviewers,
    close_evaluation,
    conflicted_assignments,
    coverage_problems,
    open_for_scoring,
    publish,
)
from evaluations.tables import PER_PAGE, EvaluationTable, state_badge
from evaluations.views._common import fetch, login_or_403, report_error
from lib.errors import ConventionError

__all__ = [
    "evaluation_assign",
    "evaluation_close",
    "evaluation_detail",
    "evaluation_list",
    "evaluation_open",
    "evaluation_publish",
]

State = EvaluationState


def evaluation_list(request: HttpRequest) -> HttpResponse:
    """評価一覧: officers all, reviewers theirs, everyone the published ones."""
    evaluations = scope(
        request.user, Evaluation.objects.select_related("programme"), Action.VIEW
    ).annotate(item_count=Count("items", distinct=True))
    table = EvaluationTable(evaluations)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "evaluations/evaluation_list.html", {"table": table})


@login_or_403
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = fetch(request, Evaluation.objects.select_related("committee"), pk)
    user = request.user
    officer = is_officer(user)
    context: dict[str, Any] = {
        "evaluation": evaluation,
        "state_badge": state_badge(evaluation),
        "criteria": evaluation.criteria.all(),
        "officer": officer,
        "reason_form": ReasonForm(),
        "results_visible": evaluation.has_results
        and (officer or evaluation.state == State.PUBLISHED or is_reviewer(user)),
    }
    if officer:
        context.update(_officer_context(evaluation))
    else:
        items = evaluation.items.select_related("region", "proposal")
        context["items"] = scope(user, items, Action.VIEW)
    if is_reviewer(user):
        context["my_sheets"] = (
            Assignment.objects.filter(item__evaluation=evaluation, member__user=user)
            .select_related("item__region", "item__proposal")
            .order_by("item__region__code", "item__proposal_id")
        )
    return render(request, "evaluations/evaluation_detail.html", context)


def _officer_context(evaluation: Evaluation) -> dict[str, Any]:
    state = evaluation.state
    sheets = Assignment.objects.select_related("member").order_by("member__name_ja")
    items = (
        evaluation.items.select_related("region", "proposal")
        .prefetch_related(Prefetch("assignments", queryset=sheets))
        .annotate(
            reviewer_count=Count("assignments", distinct=True),
            submitted_count=Count(
                "assignments", filter=Q(assignments__submitted_at__isnull=False)
            ),
        )
    )
    assignable = state in (State.DRAFT, State.OPEN)
    return {
        "items": items,
        "members": evaluation.committee.members.prefetch_related(
            "organisations", "prefectures"
        ),
        "transitions": evaluation.transitions.select_related("actor"),
        "shortfalls": _shortfalls(evaluation) if assignable else [],
        "conflicted": conflicted_assignments(evaluation) if assignable else [],
        "can_assign": assignable,
        "can_open": state == State.DRAFT,
        "can_close": state == State.OPEN,
        "can_publish": state == State.CLOSED,
    }


def _shortfalls(evaluation: Evaluation) -> list[Any]:
    """The dry run's shortfalls; a refused plan shows as its one message."""
    try:
        return coverage_problems(evaluation)
    except ConventionError as error:
        return [_Problem(error.message_ja)]


class _Problem:
    def __init__(self, message_ja: str) -> None:
        self.message_ja = message_ja


Step = Callable[[Evaluation, Any, str], Any]


def _step(
    request: HttpRequest, pk: int, action: str, run: Step, done: str
) -> HttpResponse:
    """Fetch (404/403), run one service step, redirect back with its message."""
    evaluation = fetch(request, Evaluation.objects.all(), pk, action)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        run(evaluation, request.user, reason)
    except (WorkflowError, ValidationError) as error:
        report_error(request, error)
    else:
        messages.success(request, done)
    return redirect(reverse("evaluations:detail", kwargs={"pk": evaluation.pk}))


@require_POST
@login_or_403
def evaluation_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, Action.CHANGE, open_for_scoring, _("採点を開始しました。")
    )


@require_POST
@login_or_403
def evaluation_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        Action.CLOSE,
        close_evaluation,
        _("締め切りました。評価結果を算出しました。"),
    )


@require_POST
@login_or_403
def evaluation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, Action.PUBLISH, publish, _("評価結果を公表しました。"))


@require_POST
@login_or_403
def evaluation_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """自動割当て: created assignments, and every item left short with the reason."""
    evaluation = fetch(request, Evaluation.objects.all(), pk, Action.CHANGE)
    try:
        outcome = assign_reviewers(evaluation, request.user)
    except (WorkflowError, ConventionError) as error:
        report_error(request, error)
    else:
        if outcome.removed:
            messages.warning(
                request,
                _("利害関係のある割当てを{n}件解除しました。").format(
                    n=outcome.removed
                ),
            )
        messages.success(
            request,
            _("委員を{n}件割り当てました。").format(n=len(outcome.created)),
        )
        for text in outcome.messages_ja:
            messages.warning(request, text)
    return redirect(reverse("evaluations:detail", kwargs={"pk": evaluation.pk}))
