"""REST endpoints of the 事業評価書.

* ``GET /sheets`` — the published versions (anyone);
* ``GET /sheets/{fy}`` — officers: the live draft's figures and prose;
  everyone else: the latest published version's (404 before publication);
* ``POST /sheets/{fy}/publish`` — an officer freezes the draft (token).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.decorators import decorate_view

from accounts.auth import api_user, token_auth
from accounts.policy import is_officer
from chiiki.api_schemas import ErrorOut
from chiiki.caching import conditional_api
from sheets.document import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, build_sheet
from sheets.models import PublishedSheet
from sheets.services import SheetError, latest_published, publish_sheet

__all__ = ["router"]

router = Router(tags=["sheets"])


class PublishedOut(Schema):
    fiscal_year: int
    number: int
    published_at: datetime
    data_version: str


class SheetOut(Schema):
    fiscal_year: int
    status: str
    number: int | None
    data_version: dict[str, Any]
    headings: list[str]
    figures: dict[str, Any]
    prose: dict[str, str]


def _published_out(sheet: PublishedSheet) -> dict[str, Any]:
    return {
        "fiscal_year": sheet.fiscal_year,
        "number": sheet.number,
        "published_at": sheet.published_at,
        "data_version": sheet.data_version,
    }


@router.get("/sheets", response=list[PublishedOut], url_name="sheet_list")
@decorate_view(conditional_api)
def list_sheets(request: HttpRequest) -> list[dict[str, Any]]:
    """Every published version, newest first."""
    return [_published_out(s) for s in PublishedSheet.objects.all()]


@router.get(
    "/sheets/{fy}",
    response={200: SheetOut, 404: ErrorOut},
    url_name="sheet_detail",
)
def get_sheet(request: HttpRequest, fy: int) -> tuple[int, Any]:
    """The draft (officers) or the latest published version of the FY."""
    if not FIRST_FISCAL_YEAR <= fy <= LAST_FISCAL_YEAR:
        return 404, {"detail": _("見つかりません。")}
    if is_officer(api_user(request)):
        payload = build_sheet(fy).as_dict()
        return 200, {**payload, "status": "draft", "number": None,
                     "data_version": payload["data_version"]}  # fmt: skip
    published = latest_published(fy)
    if published is None:
        return 404, {"detail": _("この年度の事業評価書はまだ公表されていません。")}
    stored = published.figures
    return 200, {
        "fiscal_year": fy,
        "status": "published",
        "number": published.number,
        "data_version": stored.get("data_version", {}),
        "headings": stored.get("headings", []),
        "figures": stored.get("figures", {}),
        "prose": published.prose,
    }


@router.post(
    "/sheets/{fy}/publish",
    response={201: PublishedOut, 404: ErrorOut, 409: ErrorOut},
    auth=token_auth,
    url_name="sheet_publish",
)
def publish(
    request: HttpRequest, fy: int, confirm_provisional: bool = False
) -> tuple[int, Any]:
    """Freeze the FY's draft as the next published version (officers).

    409 when the sheet sums a year whose reports are incomplete (暫定) and
    ``?confirm_provisional=true`` is not given.
    """
    if not FIRST_FISCAL_YEAR <= fy <= LAST_FISCAL_YEAR:
        raise Http404(_("見つかりません。"))
    try:
        sheet = publish_sheet(
            fy, api_user(request), confirm_provisional=confirm_provisional
        )
    except SheetError as error:
        return 409, {"detail": str(error)}
    return 201, _published_out(sheet)
