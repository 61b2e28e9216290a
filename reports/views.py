"""Annual-report pages: list, detail with sheets, diff, upload and workflow.

Every object is fetched through reports.queries.get_report_for_user, so a
draft is a 404 to anyone outside its region, and every change goes through
reports.services (the policy and the allowed transitions live there).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.policy import Action, can, is_region_user, scope
from audit.concurrency import ConflictError
from programmes.models import Programme
from reports.background import poll_job, start_import, wants_background
from reports.choices import ReportStatus
from reports.diff import diff_versions, sheet_counts
from reports.forms import (
    ReportListForm,
    ReturnForm,
    SubmitForm,
    UploadForm,
    WorkflowForm,
)
from reports.import_lock import ImportConflict
from reports.importing import ImportResult, ImportUsageError
from reports.models import AnnualReport, ImportJob
from reports.queries import (
    ReportFilter,
    get_report_for_user,
    has_full_access,
    latest_changes,
    overdue_q,
    reports_for_list,
    shown_version,
    status_counts,
)
from reports.services import (
    WorkflowError,
    accept_report,
    has_previous_accepted,
    prefill_draft,
    return_report,
    submit_report,
)
from reports.sheets import SHEETS, SHEETS_BY_KEY
from reports.tables import ReportTable, sheet_table_class, status_badge
from reports.template import build_xlsx_template, csv_files
from reports.uploads import import_upload

__all__ = [
    "import_progress",
    "report_accept",
    "report_detail",
    "report_diff",
    "report_list",
    "report_prefill",
    "report_return",
    "report_submit",
    "report_upload",
    "template_csv",
    "template_xlsx",
]

SHEET_PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_list(request: HttpRequest) -> HttpResponse:
    """年次報告一覧: only the reports the visitor may see (drafts: insiders).

    Filtered by programme, FY, status, overdue and region code, sorted by
    any column; the counts per status follow every filter but the status
    one, so each count is what clicking it would list.
    """
    today = timezone.localdate()
    visible = scope(request.user, reports_for_list(), Action.VIEW)
    form = _list_form(request, visible)
    form.is_valid()  # an unknown value is dropped, the others still apply
    filters = ReportFilter.from_cleaned(form.cleaned_data)
    unfiltered_status = filters.apply(visible, today, with_status=False)
    table = ReportTable(filters.apply(visible, today), today=today)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    counts = status_counts(unfiltered_status)
    context = {
        "table": table,
        "form": form,
        "filters": filters,
        "status_counts": [(s, s.label, counts[s]) for s in ReportStatus],
        "overdue_count": unfiltered_status.filter(overdue_q(today)).count(),
        "query": _query_without(request, "status", "page"),
    }
    return render(request, "reports/report_list.html", context)


def _list_form(request: HttpRequest, visible: Any) -> ReportListForm:
    years = visible.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
    programmes = Programme.objects.order_by("start_fy", "code")
    return ReportListForm(
        request.GET,
        programmes=[(p.code, p.name_ja) for p in programmes],
        years=list(dict.fromkeys(years)),
        statuses=list(ReportStatus.choices),
    )


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def report_detail(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    report = get_report_for_user(request, code, fy)
    return _render_detail(request, report)


@require_POST
def report_upload(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    """Import the uploaded file at once; show its errors or its counts.

    A refused file re-renders the page with 200, as a form with errors does
    (browsers log other codes as console errors); the API answers 400/422.
    """
    report = get_report_for_user(request, code, fy, Action.IMPORT)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, report, upload_form=form)
    upload = form.cleaned_data["file"]
    expected = form.cleaned_data.get("lock_version")
    try:
        if wants_background(upload):
            job = start_import(upload, report, request.user, expected_version=expected)
            return redirect(f"{_detail_url(report)}?import={job.pk}")
        result = import_upload(upload, report, request.user, expected_version=expected)
    except ImportUsageError as exc:
        form.add_error("file", exc.message_ja)
        return _render_detail(request, report, upload_form=form)
    except ImportConflict as exc:
        # 409 like the API; the page shows the report as it is now, with a
        # form that carries the current version.
        messages.error(request, exc.message)
        report.refresh_from_db()
        return _render_detail(request, report, status=409)
    if not result.ok:
        return _render_detail(request, report, result=result)
    messages.success(
        request, _("取り込みました（第{n}版）。").format(n=result.version_number)
    )
    return redirect(_detail_url(report))


def import_progress(request: HttpRequest, code: str, fy: int, job: int) -> HttpResponse:
    """The progress of a background import (polled every second), then its
    result: the error table or the counts."""
    report = get_report_for_user(request, code, fy, Action.IMPORT)
    found = report.import_jobs.filter(pk=job).first()
    if found is None:
        raise Http404
    context = {"report": report, **_job_context(report, poll_job(found))}
    return render(request, "reports/_import_job.html", context)


@require_POST
def report_prefill(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    """前年度から引き継ぐ: copy last year's continuing rows into this draft."""
    report = get_report_for_user(request, code, fy, Action.IMPORT)
    try:
        copied = prefill_draft(report, request.user)
    except WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("前年度から引き継ぎました（参加企業 {c} 件、共同研究 {j} 件）。").format(
                c=copied["companies"], j=copied["joint_research"]
            ),
        )
    return redirect(_detail_url(report))


@require_POST
def report_submit(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    return _workflow(request, code, fy, SubmitForm, _submit, _("提出しました。"))


@require_POST
def report_accept(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    return _workflow(request, code, fy, WorkflowForm, _accept, _("受理しました。"))


@require_POST
def report_return(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    return _workflow(request, code, fy, ReturnForm, _return, _("差し戻しました。"))


def report_diff(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    """版の比較 (?from=N&to=M, default the last two versions): insiders only,
    like the history it belongs to. Cell by cell (reports.diff)."""
    report = get_report_for_user(request, code, fy)
    if not has_full_access(request.user, report):
        raise Http404
    versions = {v.number: v for v in report.versions.all()}
    numbers = sorted(versions)
    default_from = numbers[-2] if len(numbers) > 1 else None
    default_to = numbers[-1] if numbers else None
    old = versions.get(_version_number(request.GET.get("from"), default_from))
    new = versions.get(_version_number(request.GET.get("to"), default_to))
    asked = "from" in request.GET or "to" in request.GET
    if asked and (old is None or new is None):
        raise Http404(_("指定された版はありません。"))
    context = {
        "report": report,
        "old": old,
        "new": new,
        "numbers": numbers,
        "diffs": diff_versions(old, new) if old and new else [],
    }
    return render(request, "reports/report_diff.html", context)


def _version_number(raw: str | None, default: int | None) -> int | None:
    if raw is None or raw == "":
        return default
    return int(raw) if raw.isdigit() else -1


def template_xlsx(request: HttpRequest) -> HttpResponse:
    buffer = io.BytesIO()
    build_xlsx_template().save(buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, "chiiki-report-template.xlsx")


def template_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in csv_files().items():
            archive.writestr(name, content)
    return _download(buffer.getvalue(), "application/zip", "chiiki-report-template.zip")


# --- helpers -------------------------------------------------------------------

Step = Callable[[AnnualReport, Any, dict[str, Any]], Any]


def _submit(report: AnnualReport, user: Any, data: dict[str, Any]) -> Any:
    return submit_report(
        report,
        user,
        expected_version=data["lock_version"],
        comment=data.get("comment", ""),
    )


def _accept(report: AnnualReport, user: Any, data: dict[str, Any]) -> Any:
    return accept_report(report, user, expected_version=data["lock_version"])


def _return(report: AnnualReport, user: Any, data: dict[str, Any]) -> Any:
    return return_report(
        report, user, data["comment"], expected_version=data["lock_version"]
    )


def _workflow(
    request: HttpRequest,
    code: str,
    fy: int,
    form_class: type[WorkflowForm],
    step: Step,
    done: str,
) -> HttpResponse:
    """Fetch (404 if invisible), validate, run one service step, redirect."""
    report = get_report_for_user(request, code, fy)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("入力内容を確認してください。"))
        return redirect(_detail_url(report))
    try:
        step(report, request.user, form.cleaned_data)
    except (WorkflowError, ConflictError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(_detail_url(report))


def _render_detail(
    request: HttpRequest,
    report: AnnualReport,
    *,
    upload_form: UploadForm | None = None,
    result: ImportResult | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _detail_context(request, report)
    context["upload_form"] = upload_form or UploadForm(
        initial={"lock_version": report.lock_version}
    )
    context["result"] = result
    if result is not None:
        context["errors"] = result.errors
        context["error_count"] = result.findings.error_count
    context.update(_requested_job(request, report))
    return render(request, "reports/report_detail.html", context, status=status)


def _requested_job(request: HttpRequest, report: AnnualReport) -> dict[str, Any]:
    """The background import named by ``?import=ID``, for those who may import."""
    raw = request.GET.get("import", "")
    if not raw.isdigit() or not can(request.user, Action.IMPORT, report):
        return {}
    job = report.import_jobs.filter(pk=int(raw)).first()
    return _job_context(report, poll_job(job)) if job else {}


def _job_context(report: AnnualReport, job: ImportJob) -> dict[str, Any]:
    result = job.result or {}
    counts = result.get("counts") or {}
    return {
        "job": job,
        "job_result": result,
        "errors": result.get("errors", []),
        "error_count": result.get("error_count", 0),
        "job_counts": [
            (SHEETS_BY_KEY[key].name_ja, n)
            for key, n in counts.items()
            if key in SHEETS_BY_KEY
        ],
        "job_ok": result.get("status") == "imported",
    }


def _detail_context(request: HttpRequest, report: AnnualReport) -> dict[str, Any]:
    user = request.user
    full = has_full_access(user, report)
    version = shown_version(user, report)
    context: dict[str, Any] = {
        "report": report,
        "status_badge": status_badge(report),
        "full": full,
        "version": version,
        "counts": _labelled_counts(sheet_counts(version)),
    }
    if full:
        context.update(_insider_context(request, report, version))
    return context


def _insider_context(
    request: HttpRequest, report: AnnualReport, version: Any
) -> dict[str, Any]:
    user = request.user
    editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    submitted = report.status == ReportStatus.SUBMITTED
    # Upload, prefill and submit are the region's work: an officer may do
    # them by the policy, but the page offers them only to the region's staff
    # (an officer reading a returned report sees the reason, not the controls).
    region_side = editable and is_region_user(user)
    returns = latest_changes([report], ReportStatus.RETURNED)
    return {
        "last_return": returns.get(report.pk)
        if report.status == ReportStatus.RETURNED
        else None,
        "sheet_key": _sheet_key(request),
        "sheets": SHEETS,
        "sheet_table": _sheet_table(request, version),
        "versions": report.versions.order_by("-number"),
        "changes": report.status_changes.select_related("actor", "version"),
        "can_upload": region_side and can(user, Action.IMPORT, report),
        "can_prefill": region_side
        and can(user, Action.IMPORT, report)
        and has_previous_accepted(report),
        "can_submit": region_side and can(user, Action.SUBMIT, report),
        "can_review": submitted and can(user, Action.ACCEPT, report),
        "lock_form": WorkflowForm(initial={"lock_version": report.lock_version}),
        "submit_form": SubmitForm(initial={"lock_version": report.lock_version}),
        "return_form": ReturnForm(initial={"lock_version": report.lock_version}),
    }


def _sheet_key(request: HttpRequest) -> str:
    key = request.GET.get("sheet", "")
    return key if key in SHEETS_BY_KEY else SHEETS[0].key


def _sheet_table(request: HttpRequest, version: Any) -> Any:
    if version is None:
        return None
    key = _sheet_key(request)
    rows = SHEETS_BY_KEY[key].model._default_manager.filter(version=version)
    table = sheet_table_class(key)(rows.order_by("pk"))
    RequestConfig(request, paginate={"per_page": SHEET_PAGE_SIZE}).configure(table)
    return table


def _labelled_counts(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(key, SHEETS_BY_KEY[key].name_ja, n) for key, n in counts.items()]


def _detail_url(report: AnnualReport) -> str:
    return reverse(
        "reports:detail", kwargs={"code": report.region.code, "fy": report.fiscal_year}
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
