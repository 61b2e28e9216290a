"""The targets' pages: cards with charts, a target's detail, the officer's form.

Thin on purpose: targets.services evaluates, targets.charts draws, the policy
module (accounts) decides who may add or edit; these functions only choose
the fiscal year, call them and render.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import policy_required
from accounts.policy import Action, can, get_object_for_user
from chiiki.forms import FiscalYearForm, selected_fiscal_year
from programmes.models import Programme
from programmes.queries import fiscal_year_span
from targets.charts import LineChart, target_cards, target_chart
from targets.forms import TargetForm, metric_formset, parameter_help, save_target
from targets.metrics import RegionContribution, region_contributions
from targets.models import Metric, Target
from targets.services import (
    MetricResult,
    configured_thresholds,
    evaluate_targets,
    programme_breakdown,
)

__all__ = ["target_create", "target_detail", "target_edit", "target_list"]


@dataclass(frozen=True)
class MetricSection:
    """A metric on the detail page: chart, breakdowns and the forecast's basis."""

    result: MetricResult
    chart: LineChart | None
    programmes: list[tuple[Programme, MetricResult]]
    regions: list[RegionContribution]


def target_list(request: HttpRequest) -> HttpResponse:
    """Every target as a card: progress, judgement and a chart per metric."""
    years, fiscal_year = _years(request)
    results = evaluate_targets(fiscal_year)
    context = {
        "fiscal_year": fiscal_year,
        "form": FiscalYearForm(years, fiscal_year),
        "cards": target_cards(results),
        "can_add": can(request.user, Action.ADD, Target),
        "thresholds": configured_thresholds(),
    }
    return render(request, "targets/target_list.html", context)


def target_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One target: each metric's chart, forecast basis and breakdowns."""
    target = get_object_for_user(
        request, Target.objects.select_related("goal"), Action.VIEW, code=code
    )
    years, fiscal_year = _years(request)
    result = evaluate_targets(fiscal_year, targets=Target.objects.filter(pk=target.pk))
    metrics = list(target.metrics.all())
    context = {
        "target": target,
        "result": result[0],
        "fiscal_year": fiscal_year,
        "form": FiscalYearForm(years, fiscal_year),
        "sections": [
            _section(metric, outcome, fiscal_year, target.deadline_fy)
            for metric, outcome in zip(metrics, result[0].metrics, strict=True)
        ],
        "thresholds": configured_thresholds(),
        "can_edit": can(request.user, Action.CHANGE, target),
    }
    return render(request, "targets/target_detail.html", context)


@policy_required(Action.ADD, Target)
def target_create(request: HttpRequest) -> HttpResponse:
    """An officer defines a new target and its metrics (no code change)."""
    return _edit(request, Target(), created=True)


@policy_required(Action.CHANGE, Target)
def target_edit(request: HttpRequest, code: str) -> HttpResponse:
    """An officer changes a target's text, deadline or metric definitions."""
    target = get_object_for_user(
        request, Target.objects.all(), Action.CHANGE, code=code
    )
    return _edit(request, target, created=False)


def _edit(request: HttpRequest, target: Target, *, created: bool) -> HttpResponse:
    """Validate the target and every metric; save all of them or nothing."""
    data = request.POST if request.method == "POST" else None
    form = TargetForm(data, instance=target)
    formset_class = metric_formset(extra=0 if created else 1)
    formset = formset_class(data, instance=target, prefix="metrics")
    # Both are validated (no short-circuit) so every error is shown at once.
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        saved = save_target(form, formset)
        messages.success(
            request, _("達成目標 {code} を保存しました。").format(code=saved.code)
        )
        return redirect(saved)
    context = {
        "form": form,
        "formset": formset,
        "target": None if created else target,
        "parameter_help": parameter_help(),
    }
    return render(request, "targets/target_form.html", context)


def _years(request: HttpRequest) -> tuple[list[int], int]:
    years = fiscal_year_span()
    return years, selected_fiscal_year(request.GET.get("fiscal_year"), years)


def _section(
    metric: Metric, result: MetricResult, fiscal_year: int, deadline: int
) -> MetricSection:
    return MetricSection(
        result=result,
        chart=target_chart(result),
        programmes=programme_breakdown(metric, fiscal_year, deadline=deadline),
        regions=region_contributions(metric.kind, metric.params, fiscal_year),
    )
