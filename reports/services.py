"""The annual-report workflow: submit, accept, return, and next year's draft.

Each step is one transaction that checks the policy and the allowed
transition, changes the report, appends a StatusChange row (the workflow
history regions and officers read) and an audit entry. An illegal step
raises :class:`WorkflowError` and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Action, require
from audit.concurrency import save_with_lock_version
from audit.transitions import record_transition
from programmes.models import Region
from reports.choices import ReportStatus
from reports.models import (
    AnnualReport,
    JointResearch,
    ParticipatingCompany,
    ReportVersion,
    StatusChange,
)
from reports.outcomes import refresh_yearly_outcomes

__all__ = [
    "ALLOWED_TRANSITIONS",
    "WorkflowError",
    "accept_report",
    "has_previous_accepted",
    "prefill_draft",
    "prefill_report",
    "return_report",
    "submit_report",
]

#: (from, to) pairs the workflow allows; anything else is refused.
ALLOWED_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (ReportStatus.DRAFT, ReportStatus.SUBMITTED),
        (ReportStatus.RETURNED, ReportStatus.SUBMITTED),
        (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
        (ReportStatus.SUBMITTED, ReportStatus.RETURNED),
    }
)


class WorkflowError(Exception):
    """A step the workflow does not allow now; ``code`` tells the API's status.

    ``illegal_transition`` and ``exists`` conflict with the report's state
    (409); ``comment_required`` and ``empty`` are bad requests (400).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def submit_report(
    report: AnnualReport,
    user: Any,
    *,
    expected_version: int | None = None,
    comment: str = "",
) -> StatusChange:
    """提出: the region hands its current version to the ministry.

    ``comment`` is the region's reply when resubmitting a returned report
    (what was fixed); it is kept in the history beside the return's reason.
    """
    with transaction.atomic():
        _check(report, user, ReportStatus.SUBMITTED, Action.SUBMIT)
        version = report.current_version
        if version is None:
            raise WorkflowError(
                "empty", _("取り込まれたデータがないため提出できません。")
            )
        if version.submitted_at is None:
            version.submitted_at = timezone.now()
            version.save(update_fields=["submitted_at"])
        reply = (comment or "").strip()
        return _move(report, user, ReportStatus.SUBMITTED, reply, expected_version)


def accept_report(
    report: AnnualReport, user: Any, *, expected_version: int | None = None
) -> StatusChange:
    """受理: the submitted version becomes the one every figure counts."""
    with transaction.atomic():
        _check(report, user, ReportStatus.ACCEPTED, Action.ACCEPT)
        report.accepted_version = report.current_version
        change = _move(
            report,
            user,
            ReportStatus.ACCEPTED,
            "",
            expected_version,
            extra_fields=("accepted_version",),
        )
        refresh_yearly_outcomes(report)
        return change


def return_report(
    report: AnnualReport,
    user: Any,
    comment: str,
    *,
    expected_version: int | None = None,
) -> StatusChange:
    """差戻し: back to the region with a comment saying what to fix."""
    comment = (comment or "").strip()
    with transaction.atomic():
        _check(report, user, ReportStatus.RETURNED, Action.RETURN)
        if not comment:
            raise WorkflowError(
                "comment_required", _("差し戻す理由（コメント）を入力してください。")
            )
        return _move(report, user, ReportStatus.RETURNED, comment, expected_version)


def prefill_report(region: Region, fiscal_year: int, user: Any) -> AnnualReport:
    """Create FY ``fiscal_year``'s draft from the previous year's accepted version.

    Companies and joint research that continue into the new year are what a
    region would otherwise retype; everything else is new every year.
    """
    with transaction.atomic():
        require(
            user, Action.CHANGE, AnnualReport(region=region, fiscal_year=fiscal_year)
        )
        if AnnualReport.objects.filter(region=region, fiscal_year=fiscal_year).exists():
            raise WorkflowError(
                "exists", _("{fy}年度の報告は既にあります。").format(fy=fiscal_year)
            )
        previous = (
            AnnualReport.objects.accepted()
            .filter(region=region, fiscal_year=fiscal_year - 1)
            .select_related("accepted_version")
            .first()
        )
        report = AnnualReport.objects.create(region=region, fiscal_year=fiscal_year)
        version = ReportVersion.objects.create(
            report=report,
            number=1,
            created_by=_person(user),
            source_name=_("前年度受理版からの引継ぎ") if previous else "",
        )
        if previous and previous.accepted_version:
            _copy_continuing(previous.accepted_version, version, fiscal_year)
        report.current_version = version
        report.save(update_fields=["current_version", "last_updated"])
        _record(report, user, "", ReportStatus.DRAFT, _("作成"))
        return report


def has_previous_accepted(report: AnnualReport) -> bool:
    """Whether the region's previous fiscal year has an accepted version."""
    return (
        AnnualReport.objects.accepted()
        .filter(
            region_id=report.region_id,
            fiscal_year=report.fiscal_year - 1,
            accepted_version__isnull=False,
        )
        .exists()
    )


def prefill_draft(report: AnnualReport, user: Any) -> dict[str, int]:
    """前年度から引き継ぐ: copy last year's continuing rows into this draft.

    The report page's button (and ``POST …/prefill`` in the API) for a report
    that already exists: the companies and the joint research still running
    are copied from the previous year's accepted version into the working
    version. Refused when those two sheets already hold rows, so that pressing
    it twice (or after an import) never counts anything twice; refused for a
    version that was submitted (import a file to start a new version).
    Returns the number of rows copied per sheet.
    """
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        require(user, Action.IMPORT, report)
        if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
            raise WorkflowError(
                "illegal_transition",
                _("提出済み・受理済みの報告には引き継げません。"),
            )
        previous = (
            AnnualReport.objects.accepted()
            .filter(region_id=report.region_id, fiscal_year=report.fiscal_year - 1)
            .select_related("accepted_version")
            .first()
        )
        if previous is None or previous.accepted_version is None:
            raise WorkflowError(
                "empty",
                _(
                    "{fy}年度の受理済みの報告がないため、引き継ぐものがありません。"
                ).format(fy=report.fiscal_year - 1),
            )
        version = _working_version(report, user)
        if (
            ParticipatingCompany.objects.filter(version=version).exists()
            or JointResearch.objects.filter(version=version).exists()
        ):
            raise WorkflowError(
                "exists",
                _(
                    "参加企業または共同研究のシートに既に行があるため、引き継げません"
                    "（二重に計上しないため）。"
                ),
            )
        _copy_continuing(previous.accepted_version, version, report.fiscal_year)
        report.current_version = version
        report.save(update_fields=["current_version", "last_updated"])
        return {
            "companies": ParticipatingCompany.objects.filter(version=version).count(),
            "joint_research": JointResearch.objects.filter(version=version).count(),
        }


def _working_version(report: AnnualReport, user: Any) -> ReportVersion:
    """The never-submitted current version, or a new one if there is none.

    A submitted current version (a returned report) is never changed: the
    rows would have to be copied along, which is what an import is for.
    """
    current = report.current_version
    if current is not None and current.submitted_at is None:
        return current
    if current is not None:
        raise WorkflowError(
            "exists",
            _(
                "提出済みの版には引き継げません。修正したファイルを取り込んでから"
                "ご利用ください。"
            ),
        )
    last = report.versions.aggregate(last=Max("number"))["last"] or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        created_by=_person(user),
        source_name=_("前年度受理版からの引継ぎ"),
    )


# --- helpers -------------------------------------------------------------------


def _check(report: AnnualReport, user: Any, new: str, action: str) -> None:
    """The policy first (403 for whoever may not act at all), then the state."""
    require(user, action, report)
    if (report.status, new) not in ALLOWED_TRANSITIONS:
        raise WorkflowError(
            "illegal_transition",
            _("「{old}」の報告を「{new}」にすることはできません。").format(
                old=ReportStatus(report.status).label, new=ReportStatus(new).label
            ),
        )


def _move(
    report: AnnualReport,
    user: Any,
    new: str,
    comment: str,
    expected_version: int | None,
    extra_fields: tuple[str, ...] = (),
) -> StatusChange:
    old = report.status
    report.status = new
    expected = report.lock_version if expected_version is None else expected_version
    save_with_lock_version(report, expected, ["status", *extra_fields])
    return _record(report, user, old, new, comment)


def _record(
    report: AnnualReport, user: Any, old: str, new: str, comment: str
) -> StatusChange:
    record_transition(report, old, new, reason=comment, actor=user)
    return StatusChange.objects.create(
        report=report,
        version=report.current_version,
        old_status=old,
        new_status=new,
        comment=comment,
        actor=_person(user),
    )


def _person(user: Any) -> Any:
    """The user row to link, or None for anonymous and the CLI operator."""
    return user if getattr(user, "pk", None) else None


def _copy_continuing(source: ReportVersion, target: ReportVersion, fy: int) -> None:
    """Copy companies, and joint research not ended before FY ``fy`` began."""
    fy_start = date(fy, 4, 1)
    companies = ParticipatingCompany.objects.filter(version=source)
    ParticipatingCompany.objects.bulk_create(
        ParticipatingCompany(
            version=target, name=c.name, corporate_number=c.corporate_number
        )
        for c in companies
    )
    research = JointResearch.objects.filter(version=source).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=fy_start)
    )
    JointResearch.objects.bulk_create(
        JointResearch(
            version=target,
            title=r.title,
            theme=r.theme,
            safety_security=r.safety_security,
            started_on=r.started_on,
            ended_on=r.ended_on,
            industry_partners=r.industry_partners,
        )
        for r in research
    )
