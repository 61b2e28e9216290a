"""A reviewer's scoring page (評価票), and reading one score sheet.

A reviewer sees only the items assigned to them and only their own sheet
until the evaluation closes; the policy (``evaluations.rules``) answers 403
for anything else, over the web as over the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, can, is_officer, scope
from evaluations.errors import WorkflowError
from evaluations.forms import ScoreForm
from evaluations.models import Assignment, EvaluationItem, Score
from evaluations.services import conflict_reasons, reason_text, record_scores
from evaluations.views._common import fetch, login_or_403, report_error

__all__ = ["item_detail", "item_score", "sheet_detail"]

ITEMS = EvaluationItem.objects.select_related(
    "evaluation__programme", "region", "proposal"
)


@login_or_403
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The item under review; the score form when the visitor may score it."""
    item = fetch(request, ITEMS, pk)
    form = None
    if can(request.user, Action.SCORE, item):
        sheet = own_sheet(request.user, item)
        reasons = conflict_reasons(item, sheet.member) if sheet else ()
        if reasons:
            messages.error(
                request,
                _("利害関係があるため、この評価対象は採点できません（{why}）。").format(
                    why=reason_text(reasons)
                ),
            )
        else:
            form = _score_form(item, sheet)
    return _render_item(request, item, form)


@require_POST
@login_or_403
def item_score(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the reviewer's sheet; errors re-render the form (200) unchanged."""
    item = fetch(request, ITEMS, pk, Action.SCORE)
    evaluation = item.evaluation
    form = ScoreForm(
        request.POST, evaluation=evaluation, criteria=evaluation.criteria.all()
    )
    if not form.is_valid():
        messages.error(request, _("入力内容を確認してください。"))
        return _render_item(request, item, form)
    try:
        record_scores(
            item, request.user, form.values(), comment_ja=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        for code, problems in error.message_dict.items():
            form.add_error(None, f"{code}: {' '.join(problems)}")
        return _render_item(request, item, form)
    except WorkflowError as error:
        report_error(request, error)
        return _render_item(request, item, form)
    messages.success(request, _("評点を保存しました。"))
    return redirect(reverse("evaluations:item", kwargs={"pk": item.pk}))


@login_or_403
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One member's sheet: the officer always, a reviewer their own (the
    panel's only after closing); never region staff or the public."""
    sheet = fetch(
        request,
        Assignment.objects.select_related(
            "member", "item__evaluation", "item__region", "item__proposal"
        ),
        pk,
    )
    scores = scope(
        request.user,
        Score.objects.filter(assignment=sheet).select_related("criterion"),
        Action.VIEW,
    ).order_by("criterion__order")
    context = {"sheet": sheet, "item": sheet.item, "scores": scores}
    return render(request, "evaluations/sheet_detail.html", context)


# --- helpers -------------------------------------------------------------------


def own_sheet(user: Any, item: EvaluationItem) -> Assignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Assignment.objects.filter(item=item, member__user=user)
        .prefetch_related("scores__criterion")
        .first()
    )


def _score_form(item: EvaluationItem, sheet: Assignment | None) -> ScoreForm:
    evaluation = item.evaluation
    initial: dict[str, Any] = {}
    if sheet is not None:
        initial["comment"] = sheet.comment_ja
        for score in sheet.scores.all():
            initial[f"score_{score.criterion.code}"] = score.value
    return ScoreForm(
        initial=initial, evaluation=evaluation, criteria=evaluation.criteria.all()
    )


def _render_item(
    request: HttpRequest, item: EvaluationItem, form: ScoreForm | None
) -> HttpResponse:
    user = request.user
    sheet = own_sheet(user, item)
    sheets = None
    if is_officer(user):
        sheets = item.assignments.select_related("member").order_by("member__name_ja")
    context = {
        "item": item,
        "evaluation": item.evaluation,
        "criteria": item.evaluation.criteria.all(),
        "form": form,
        "own_sheet": sheet,
        "own_scores": sheet.scores.all() if sheet else [],
        "sheets": sheets,
    }
    if form is None and sheet is None and not is_officer(user):
        # Region staff and the public: the item and its rubric, never scores.
        context["own_scores"] = []
    return render(request, "evaluations/item_detail.html", context)
