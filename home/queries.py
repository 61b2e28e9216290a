"""What each role's home shows, read from the reports, evaluations and sheets.

This module sits on the interface floor: it only reads other apps' models
and query helpers (scoped by accounts.policy) and shapes them for the three
home pages. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from accounts.policy import Action, region_ids, scope
from evaluations.access import assignments_for
from evaluations.choices import EvaluationState
from evaluations.models import Assignment, Evaluation
from reports.choices import ReportStatus
from reports.models import AnnualReport, StatusChange
from reports.queries import (
    is_overdue,
    latest_changes,
    overdue_q,
    reports_for_list,
    status_counts,
)
from sheets.models import PublishedSheet, SheetProse

__all__ = [
    "EvaluationLine",
    "OfficerInbox",
    "RegionReport",
    "ReviewerEvaluation",
    "officer_inbox",
    "region_reports",
    "reviewer_evaluations",
]

#: How many rows each inbox box lists; the count above it says how many exist.
INBOX_ROWS = 20


# --- region staff ---------------------------------------------------------------


@dataclass(frozen=True)
class RegionReport:
    """One of the region's reports with what the region should do next."""

    report: AnnualReport
    overdue: bool
    days_overdue: int
    last_return: StatusChange | None
    next_action: str


def region_reports(user: Any, today: date) -> list[RegionReport]:
    """The reports of the user's regions, newest year first."""
    reports = list(
        scope(user, reports_for_list(), Action.VIEW)
        .filter(region__in=region_ids(user))
        .order_by("-fiscal_year", "region__code")
    )
    returns = latest_changes(reports, ReportStatus.RETURNED)
    return [_region_line(report, returns.get(report.pk), today) for report in reports]


def _region_line(
    report: AnnualReport, last_return: StatusChange | None, today: date
) -> RegionReport:
    overdue = is_overdue(report, today)
    days = (today - report.due_date).days if overdue and report.due_date else 0
    shown_return = last_return if report.status == ReportStatus.RETURNED else None
    return RegionReport(report, overdue, days, shown_return, _next_action(report))


def _next_action(report: AnnualReport) -> str:
    if report.status == ReportStatus.RETURNED:
        return str(_("差戻しの理由を読み、直して再提出する"))
    if report.status == ReportStatus.DRAFT and report.current_version_id is None:
        return str(_("様式に記入してアップロードする"))
    if report.status == ReportStatus.DRAFT:
        return str(_("内容を確かめて提出する"))
    if report.status == ReportStatus.SUBMITTED:
        return str(_("担当官の確認を待つ（操作は不要）"))
    return ""


# --- officers ---------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingReport:
    report: AnnualReport
    days_waiting: int


@dataclass(frozen=True)
class EvaluationLine:
    """An evaluation that is not yet published, with the step it waits for."""

    evaluation: Evaluation
    items: int
    assignments: int
    scored: int
    next_action: str

    @property
    def percent(self) -> int:
        return round(100 * self.scored / self.assignments) if self.assignments else 0


@dataclass
class OfficerInbox:
    """The four boxes of the officer's home, each with its full count."""

    waiting: list[WaitingReport] = field(default_factory=list)
    waiting_count: int = 0
    overdue: list[AnnualReport] = field(default_factory=list)
    overdue_count: int = 0
    overdue_regions: int = 0
    evaluations: list[EvaluationLine] = field(default_factory=list)
    sheets: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def officer_inbox(user: Any, today: date) -> OfficerInbox:
    reports = scope(user, reports_for_list(), Action.VIEW)
    submitted = reports.filter(status=ReportStatus.SUBMITTED).order_by(
        "current_version__submitted_at", "pk"
    )
    overdue = reports.filter(overdue_q(today)).order_by("due_date", "region__code")
    return OfficerInbox(
        waiting=[_waiting(r, today) for r in submitted[:INBOX_ROWS]],
        waiting_count=submitted.count(),
        overdue=list(overdue[:INBOX_ROWS]),
        overdue_count=overdue.count(),
        overdue_regions=overdue.values("region").distinct().count(),
        evaluations=_evaluation_lines(user),
        sheets=_sheets_awaiting(),
        counts=status_counts(reports),
    )


def _waiting(report: AnnualReport, today: date) -> WaitingReport:
    version = report.current_version
    submitted = version.submitted_at if version else None
    days = (today - submitted.date()).days if submitted else 0
    return WaitingReport(report, max(days, 0))


def _evaluation_lines(user: Any) -> list[EvaluationLine]:
    evaluations = (
        scope(user, Evaluation.objects.all(), Action.VIEW)
        .exclude(state=EvaluationState.PUBLISHED)
        .select_related("programme")
        .annotate(
            n_items=Count("items", distinct=True),
            n_assignments=Count("items__assignments", distinct=True),
            n_scored=Count(
                "items__assignments",
                filter=Q(items__assignments__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-fiscal_year", "pk")
    )
    return [
        EvaluationLine(e, e.n_items, e.n_assignments, e.n_scored, _evaluation_step(e))
        for e in evaluations
    ]


def _evaluation_step(evaluation: Any) -> str:
    if evaluation.state == EvaluationState.DRAFT:
        return str(_("委員を割り当て、採点を開始する"))
    if evaluation.state == EvaluationState.OPEN:
        if evaluation.n_assignments and evaluation.n_scored == evaluation.n_assignments:
            return str(_("全員が採点済み: 締め切る"))
        return str(_("採点の完了を待つ"))
    return str(_("結果を確かめて公表する"))


def _sheets_awaiting() -> list[dict[str, Any]]:
    """Fiscal years whose written parts changed after the last publication
    (or were never published): the 事業評価書 waiting to be published."""
    edited = SheetProse.objects.values("fiscal_year").annotate(last=Max("created"))
    published = dict(
        PublishedSheet.objects.values("fiscal_year")
        .annotate(last=Max("published_at"))
        .values_list("fiscal_year", "last")
    )
    return [
        {
            "fiscal_year": row["fiscal_year"],
            "edited": row["last"],
            "published": published.get(row["fiscal_year"]),
        }
        for row in edited.order_by("-fiscal_year")
        if published.get(row["fiscal_year"]) is None
        or row["last"] > published[row["fiscal_year"]]
    ]


# --- reviewers -----------------------------------------------------------------


@dataclass
class ReviewerEvaluation:
    """One evaluation the reviewer scores in, with their own items."""

    evaluation: Evaluation
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return sum(1 for a in self.assignments if a.submitted_at is not None)

    @property
    def total(self) -> int:
        return len(self.assignments)

    @property
    def open(self) -> bool:
        return self.evaluation.state == EvaluationState.OPEN

    @property
    def percent(self) -> int:
        return round(100 * self.scored / self.total) if self.total else 0


def reviewer_evaluations(user: Any) -> list[ReviewerEvaluation]:
    """The reviewer's own score sheets, grouped by evaluation, open ones first."""
    assignments = (
        assignments_for(user)
        .filter(member__user=user)
        .select_related("item__evaluation__programme", "item__region", "item__proposal")
        .order_by("item__evaluation_id", "item__region__code", "item_id")
    )
    grouped: dict[int, ReviewerEvaluation] = {}
    for assignment in assignments:
        evaluation = assignment.item.evaluation
        line = grouped.setdefault(evaluation.pk, ReviewerEvaluation(evaluation))
        line.assignments.append(assignment)
    return sorted(
        grouped.values(),
        key=lambda line: (not line.open, -line.evaluation.fiscal_year),
    )
