"""Annual reports in the API: read, import, submit, accept, return.

Reads are public for accepted reports (counts only) and need a token with
access otherwise; an invisible report is a 404, a visible one the caller
may not change a 403. Writes need a Bearer token. ``If-Match: "<lock
version>"`` makes a write conditional: 409 when the report changed since.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from accounts.auth import api_user, token_auth
from accounts.policy import Action
from audit.concurrency import ConflictError, parse_if_match
from chiiki.validators import CheckedText
from reports.choices import ReportStatus
from reports.diff import sheet_counts
from reports.forms import check_upload
from reports.import_lock import ImportConflict
from reports.importing import ImportUsageError
from reports.models import AnnualReport
from reports.queries import get_report_for_user, shown_version
from reports.services import (
    WorkflowError,
    accept_report,
    prefill_draft,
    return_report,
    submit_report,
)
from reports.uploads import import_upload

__all__ = ["router"]

router = Router(tags=["reports"])

_PATH = "/reports/{code}/{fy}"


class ReportErrorOut(Schema):
    detail: str
    code: str = ""


class ReportOut(Schema):
    region: str
    fiscal_year: int
    status: ReportStatus
    status_label: str
    version: int | None = Field(
        description="Version number shown: current (insiders) or accepted (public)."
    )
    lock_version: int = Field(description="Send as If-Match to make writes safe.")
    counts: dict[str, int] = Field(description="Sheet key → rows of that version.")


class ImportOut(Schema):
    status: Literal["imported", "validated", "rejected"] = Field(
        description="imported, validated (dry run) or rejected"
    )
    region: str
    fiscal_year: int
    dry_run: bool
    source: str
    version: int | None
    counts: dict[str, int]
    error_count: int
    warning_count: int
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    lock_version: int | None = Field(
        None, description="The report's version after the import (If-Match)."
    )


class ImportRejectedOut(ImportOut):
    detail: str


class ReturnIn(Schema):
    comment: CheckedText = Field(description="What the region has to fix (required).")


@router.get(_PATH, response=ReportOut, url_name="report_detail")
def get_report(request: HttpRequest, code: str, fy: int) -> dict[str, Any]:
    """Status and rows per sheet; public only once accepted."""
    user = api_user(request)
    report = get_report_for_user(user, code, fy)
    return _report_out(report, user)


@router.post(
    f"{_PATH}/import",
    response={
        200: ImportOut,
        400: ReportErrorOut,
        409: ReportErrorOut,
        422: ImportRejectedOut,
    },
    auth=token_auth,
    url_name="report_import",
)
def import_report(
    request: HttpRequest,
    code: str,
    fy: int,
    file: UploadedFile = File(...),  # noqa: B008 (ninja's declaration style)
    dry_run: bool = False,
) -> tuple[int, dict[str, Any]]:
    """All rows or none: 200 with counts, 422 with every row error.

    The rows land on the version named by ``If-Match`` (default: the
    report's version when the request arrived), or the answer is 409 with a
    message naming the import that got there first. 200 carries the new
    ``lock_version`` for the next conditional write.
    """
    user = api_user(request)
    report = get_report_for_user(user, code, fy, Action.IMPORT)
    _check_if_match(request, report)
    problem = check_upload(file)
    if problem:
        return 400, {"detail": problem, "code": "usage.bad_file"}
    expected = parse_if_match(request.headers.get("If-Match"))
    try:
        result = import_upload(
            file, report, user, dry_run=dry_run, expected_version=expected
        )
    except ImportUsageError as exc:
        return 400, {"detail": exc.message_ja, "code": exc.code}
    except ImportConflict as exc:
        return 409, {"detail": exc.message, "code": "import.conflict"}
    body = result.as_dict()
    if not result.ok:
        body["detail"] = _("ファイルに誤りがあるため取り込みませんでした。")
        return 422, body
    report.refresh_from_db(fields=["lock_version"])
    body["lock_version"] = report.lock_version
    return 200, body


@router.post(
    f"{_PATH}/submit",
    response={200: ReportOut, 400: ReportErrorOut, 409: ReportErrorOut},
    auth=token_auth,
    url_name="report_submit",
)
def submit(request: HttpRequest, code: str, fy: int) -> tuple[int, dict[str, Any]]:
    """提出 (region staff of the report's region, or an officer)."""
    return _step(
        request, code, fy, lambda r, u, v: submit_report(r, u, expected_version=v)
    )


@router.post(
    f"{_PATH}/accept",
    response={200: ReportOut, 400: ReportErrorOut, 409: ReportErrorOut},
    auth=token_auth,
    url_name="report_accept",
)
def accept(request: HttpRequest, code: str, fy: int) -> tuple[int, dict[str, Any]]:
    """受理 (officers): the yearly outcomes are refreshed in the same step."""
    return _step(
        request, code, fy, lambda r, u, v: accept_report(r, u, expected_version=v)
    )


@router.post(
    f"{_PATH}/return",
    response={200: ReportOut, 400: ReportErrorOut, 409: ReportErrorOut},
    auth=token_auth,
    url_name="report_return",
)
def return_(
    request: HttpRequest, code: str, fy: int, payload: ReturnIn
) -> tuple[int, dict[str, Any]]:
    """差戻し (officers) with a required comment."""
    return _step(
        request,
        code,
        fy,
        lambda r, u, v: return_report(r, u, payload.comment, expected_version=v),
    )


@router.post(
    f"{_PATH}/prefill",
    response={200: ReportOut, 400: ReportErrorOut, 409: ReportErrorOut},
    auth=token_auth,
    url_name="report_prefill",
)
def prefill(request: HttpRequest, code: str, fy: int) -> tuple[int, dict[str, Any]]:
    """前年度から引き継ぐ (region staff, officers): last year's continuing
    companies and joint research copied into this draft."""
    return _step(request, code, fy, lambda r, u, v: prefill_draft(r, u))


# --- helpers -------------------------------------------------------------------


def _step(
    request: HttpRequest, code: str, fy: int, run: Any
) -> tuple[int, dict[str, Any]]:
    """Fetch (404), run one service step (403, 400/409 on the workflow), answer."""
    user = api_user(request)
    report = get_report_for_user(user, code, fy)
    expected = parse_if_match(request.headers.get("If-Match"))
    try:
        run(report, user, expected)
    except WorkflowError as exc:
        status = 400 if exc.code in ("comment_required", "empty") else 409
        return status, {"detail": exc.message, "code": exc.code}
    report.refresh_from_db()
    return 200, _report_out(report, user)


def _check_if_match(request: HttpRequest, report: AnnualReport) -> None:
    expected = parse_if_match(request.headers.get("If-Match"))
    if expected is not None and expected != report.lock_version:
        raise ConflictError(report, expected, report.lock_version)


def _report_out(report: AnnualReport, user: Any) -> dict[str, Any]:
    version = shown_version(user, report)
    return {
        "region": report.region.code,
        "fiscal_year": report.fiscal_year,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "version": version.number if version else None,
        "lock_version": report.lock_version,
        "counts": sheet_counts(version),
    }
