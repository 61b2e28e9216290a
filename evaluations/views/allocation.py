"""The 傾斜配分 page: compute (GET, nothing stored), compare two scenarios
(what-if), store a run (POST, audited), and the stored runs.

The numbers come from ``evaluations.services.allocation``; an infeasible
input (budget below the sum of the floors or above the sum of the ceilings)
is the solver's Japanese message under the form.
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
from django_tables2 import RequestConfig

from accounts.access import policy_required
from accounts.policy import Action, is_officer, scope
from evaluations.errors import WorkflowError
from evaluations.forms import AllocationForm, AllocationSaveForm
from evaluations.models import AllocationRun
from evaluations.services import (
    WhatIf,
    allocation_what_if,
    compute_allocation,
    run_allocation,
)
from evaluations.tables import PER_PAGE, AllocationRunTable
from evaluations.views._common import error_text, fetch, login_or_403
from lib.allocation import AllocationError

__all__ = ["allocation", "allocation_save", "run_detail", "run_list"]

REFUSED = (AllocationError, WorkflowError, ValidationError)


@policy_required(Action.ALLOCATE, AllocationRun)
def allocation(request: HttpRequest) -> HttpResponse:
    """Compute on GET (bookmarkable, stores nothing)."""
    form = AllocationForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        context.update(_solve(form))
    return _render(request, context)


@require_POST
@policy_required(Action.ALLOCATE, AllocationRun)
def allocation_save(request: HttpRequest) -> HttpResponse:
    """Store the run under a name (and adopt it if asked); audited by the service."""
    form = AllocationSaveForm(request.POST)
    if not form.is_valid():
        return _render(request, {"form": form, "save_form": form})
    data = form.cleaned_data
    try:
        run = run_allocation(
            form.request(),
            request.user,
            label_ja=data["label_ja"],
            adopt=data["adopt"],
            note_ja=data["note_ja"],
        )
    except REFUSED as error:
        form.add_error(None, error_text(error))
        return _render(request, {"form": form, "save_form": form})
    messages.success(request, _("配分を保存しました。"))
    return redirect(reverse("evaluations:run_detail", kwargs={"pk": run.pk}))


def run_list(request: HttpRequest) -> HttpResponse:
    """Stored runs: officers all; the public the adopted ones."""
    runs = scope(
        request.user, AllocationRun.objects.select_related("programme"), Action.VIEW
    )
    table = AllocationRunTable(runs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {"table": table, "officer": is_officer(request.user)}
    return render(request, "evaluations/run_list.html", context)


@login_or_403
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = fetch(
        request, AllocationRun.objects.select_related("programme", "evaluation"), pk
    )
    lines = run.lines.select_related("region").order_by("region__code")
    return render(request, "evaluations/run_detail.html", {"run": run, "lines": lines})


# --- helpers -------------------------------------------------------------------


def _solve(form: AllocationForm) -> dict[str, Any]:
    """The outcome (or the what-if pair), or the error as a form error."""
    try:
        if form.what_if_changes():
            what_if = allocation_what_if(form.request(), **form.what_if_changes())
            return {"what_if": _what_if_rows(what_if), "outcome": what_if.before}
        outcome = compute_allocation(form.request())
    except REFUSED as error:
        form.add_error(None, error_text(error))
        return {}
    return {
        "outcome": outcome,
        "rows": outcome.rows(),
        "save_form": AllocationSaveForm(initial=_save_initial(form)),
    }


def _what_if_rows(what_if: WhatIf) -> dict[str, Any]:
    before = what_if.before.allocation.by_key()
    after = what_if.after.allocation.by_key()
    names = {**what_if.before.bases, **what_if.after.bases}
    rows = [
        {
            "code": delta.key,
            "name_ja": names[delta.key].name_ja,
            "before": before.get(delta.key),
            "after": after.get(delta.key),
            "difference_yen": delta.difference_yen,
        }
        for delta in what_if.deltas
    ]
    return {"rows": rows, "before": what_if.before, "after": what_if.after}


def _save_initial(form: AllocationForm) -> dict[str, Any]:
    data = form.cleaned_data
    initial = {name: form.data.get(name, "") for name in form.fields}
    initial["label_ja"] = _("{fy}年度 傾斜配分（試算）").format(fy=data["fiscal_year"])
    return initial


def _render(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "evaluations/allocation.html", context)
