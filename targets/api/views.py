"""Public read endpoints of the targets: `/targets` and `/targets/{code}`.

Thin on purpose: targets.services.evaluate_targets computes, these parse the
parameters and answer its results (the same as `manage.py kpi --format json`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.decorators import decorate_view

from chiiki.api_schemas import ErrorOut, FilterErrorOut
from chiiki.caching import conditional_api
from programmes.models import Programme
from targets.api.schemas import TargetOut, TargetParams
from targets.models import Target
from targets.services import default_fiscal_year, evaluate_targets

__all__ = ["router"]

router = Router(tags=["targets"])


@router.get(
    "/targets",
    response={200: list[TargetOut], 400: FilterErrorOut},
    url_name="target_list",
)
@decorate_view(conditional_api)
def list_targets(request: HttpRequest, params: Query[TargetParams]) -> tuple[int, Any]:
    """Every target as of ``fiscal_year``: value, progress, forecast, judgement."""
    error = _programme_error(params.programme)
    if error is not None:
        return 400, error
    fiscal_year = params.fiscal_year or default_fiscal_year()
    results = evaluate_targets(fiscal_year, programme=params.programme)
    return 200, [result.as_dict() for result in results]


@router.get(
    "/targets/{code}",
    response={200: TargetOut, 400: FilterErrorOut, 404: ErrorOut},
    url_name="target_detail",
)
@decorate_view(conditional_api)
def get_target(
    request: HttpRequest, code: str, params: Query[TargetParams]
) -> tuple[int, Any]:
    """One target (404 if no target has that number)."""
    targets = Target.objects.filter(code=code)
    if not targets.exists():
        message = _("達成目標「{code}」はありません。").format(code=code)
        return 404, {"detail": message}
    error = _programme_error(params.programme)
    if error is not None:
        return 400, error
    fiscal_year = params.fiscal_year or default_fiscal_year()
    results = evaluate_targets(fiscal_year, programme=params.programme, targets=targets)
    return 200, results[0].as_dict()


def _programme_error(code: str | None) -> dict[str, Any] | None:
    if code is None or Programme.objects.filter(code=code).exists():
        return None
    message = _("事業コード「{code}」の事業はありません。").format(code=code)
    return {"detail": message, "errors": {"programme": [message]}}
