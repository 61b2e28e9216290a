"""The region's plan revised after its interim evaluation (a new plan version).

The region's own staff or an officer write it (``can(user, SUBMIT, region)``
in the policy); the committee's requested changes are shown beside the form
and copied into the new version by the service.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import Action, can
from evaluations.choices import EvaluationType
from evaluations.errors import WorkflowError
from evaluations.forms import PlanForm
from evaluations.models import EvaluationItem
from evaluations.services import revise_plan
from evaluations.views._common import error_text, fetch, login_or_403

__all__ = ["plan_revise"]


@login_or_403
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the plan versions and the form; POST: store the revision."""
    item = fetch(
        request,
        EvaluationItem.objects.select_related("evaluation", "region"),
        pk,
    )
    region = item.region
    if region is None or item.evaluation.kind != EvaluationType.INTERIM:
        raise Http404(_("計画の改訂は中間評価の対象地域についてだけ行えます。"))
    if not can(request.user, Action.SUBMIT, region):
        raise PermissionDenied(_("この地域の計画を編集する権限がありません。"))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = revise_plan(
                item,
                request.user,
                body_ja=form.cleaned_data["body_ja"],
                title_ja=form.cleaned_data["title_ja"],
            )
        except (WorkflowError, ValidationError) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request, _("計画の第{n}版を保存しました。").format(n=plan.number)
            )
            return redirect(reverse("evaluations:plan", kwargs={"pk": item.pk}))
    context = {
        "item": item,
        "evaluation": item.evaluation,
        "region": region,
        "plans": region.plans.select_related("evaluation_item").order_by("-number"),
        "form": form,
        "closed": item.evaluation.has_results,
    }
    return render(request, "evaluations/plan_revise.html", context)
