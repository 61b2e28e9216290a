"""The evidence pages: the estimate with its chart and assumptions, the datasets.

Public, like the targets: the comparison data and the estimate are derived
from published figures (or marked 合成). Thin on purpose: impact.services
estimates, impact.charts draws.
"""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from impact.charts import event_chart
from impact.forms import EvidenceForm
from impact.models import ComparisonDataset
from impact.services import estimate_outcome
from lib.csv_safety import neutralise_row
from lib.did_panel import PanelError

__all__ = ["dataset_download", "evidence"]

DEFAULT_OUTCOME = "patent_applications"


def _estimate(form: EvidenceForm) -> dict[str, Any]:
    outcome = form.choice("outcome", DEFAULT_OUTCOME)
    control = form.choice("control", "never")
    try:
        dataset, estimate = estimate_outcome(
            outcome,
            control,  # type: ignore[arg-type]
            programme=form.choice("programme", "") or None,
            drop_neighbours=bool(
                form.is_valid() and form.cleaned_data["drop_neighbours"]
            ),
        )
    except PanelError as error:
        return {"error": error.message_ja}
    result = estimate.as_dict()
    return {
        "dataset": dataset,
        "result": result,
        "chart": event_chart(result["event_time"]),
    }


@require_GET
def evidence(request: HttpRequest) -> HttpResponse:
    """The estimate for the chosen outcome, control group and programme."""
    form = EvidenceForm(request.GET or None)
    context: dict[str, Any] = {
        "form": form,
        "datasets": ComparisonDataset.objects.order_by("outcome", "key"),
    }
    if context["datasets"].exists():
        context.update(_estimate(form))
    return render(request, "impact/evidence.html", context)


@require_GET
def dataset_download(request: HttpRequest, key: str) -> HttpResponse:
    """The dataset as CSV (UTF-8 with BOM for Excel), with its provenance rows."""
    dataset = get_object_or_404(ComparisonDataset, key=key)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="{}.csv"'.format(key)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["unit_code", "unit_name", "fiscal_year", "value"])
    for row in dataset.values.values_list(
        "unit_code", "unit_name", "fiscal_year", "value"
    ):
        writer.writerow(neutralise_row(row))
    return response
