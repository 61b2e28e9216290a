"""Write the planned synthetic reports with their versions, rows and history.

Each FY2002–FY2004 report gets one version, accepted, and the trail a real one
would have (draft → submitted → accepted, with dates in the following spring
and summer); the two FY2005 drafts have no trail yet. Rows go in with
bulk_create because tests load the demo often. A report that already exists is
left alone, which is what makes a second `load_demo` a no-op.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone

from accounts.models import User
from demo.synthetic import ReportPlan
from demo.users import DEMO_USERS
from programmes.models import Region
from reports.choices import ReportStatus
from reports.models import AnnualReport, ReportVersion, StatusChange
from reports.outcomes import refresh_yearly_outcomes_many

__all__ = ["write_reports"]

SOURCE_NAME = "load_demo（合成データ）"


def write_reports(
    plans: Sequence[ReportPlan], regions: dict[str, Region], users: dict[str, User]
) -> int:
    """Write the plans whose report does not exist yet; return how many."""
    existing = set(AnnualReport.objects.values_list("region_id", "fiscal_year"))
    todo = [
        plan
        for plan in plans
        if (regions[plan.spec.code].pk, plan.fiscal_year) not in existing
    ]
    if not todo:
        return 0
    reports = _create_reports(todo, regions)
    versions = _create_versions(todo, reports)
    _create_rows(todo, versions)
    _create_trail(todo, versions, users)
    refresh_yearly_outcomes_many(reports)
    return len(reports)


def _create_reports(
    plans: Sequence[ReportPlan], regions: dict[str, Region]
) -> list[AnnualReport]:
    return AnnualReport.objects.bulk_create(
        AnnualReport(
            region=regions[plan.spec.code],
            fiscal_year=plan.fiscal_year,
            status=ReportStatus.ACCEPTED if plan.accepted else ReportStatus.DRAFT,
            due_date=date(plan.fiscal_year + 1, 5, 31),
            is_synthetic=True,
        )
        for plan in plans
    )


def _create_versions(
    plans: Sequence[ReportPlan], reports: list[AnnualReport]
) -> list[ReportVersion]:
    """Version 1 of each report; accepted ones get their historical dates."""
    versions = ReportVersion.objects.bulk_create(
        ReportVersion(
            report=report,
            number=1,
            submitted_at=_submitted_at(index, plan) if plan.accepted else None,
            source_name=SOURCE_NAME,
        )
        for index, (plan, report) in enumerate(zip(plans, reports, strict=True))
    )
    dated = []
    for index, (plan, version) in enumerate(zip(plans, versions, strict=True)):
        if plan.accepted:
            version.created = _submitted_at(index, plan) - timedelta(days=30)
            dated.append(version)
    # bulk_update skips auto_now_add, so the historical dates stick.
    ReportVersion.objects.bulk_update(dated, ["created"])
    for plan, report, version in zip(plans, reports, versions, strict=True):
        report.current_version = version
        report.accepted_version = version if plan.accepted else None
    AnnualReport.objects.bulk_update(reports, ["current_version", "accepted_version"])
    return versions


def _create_rows(plans: Sequence[ReportPlan], versions: list[ReportVersion]) -> None:
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for plan, version in zip(plans, versions, strict=True):
        for row in plan.rows:
            row.version = version  # type: ignore[attr-defined]
            by_model[type(row)].append(row)
    for model, rows in by_model.items():
        model._default_manager.bulk_create(rows)


def _create_trail(
    plans: Sequence[ReportPlan], versions: list[ReportVersion], users: dict[str, User]
) -> None:
    """draft → submitted by the region's demo user, → accepted by the officer."""
    submitters = {
        code: users[spec.username] for spec in DEMO_USERS for code in spec.regions
    }
    changes, times = [], []
    for index, (plan, version) in enumerate(zip(plans, versions, strict=True)):
        if not plan.accepted:
            continue
        submitted = _submitted_at(index, plan)
        changes += [
            StatusChange(
                report_id=version.report_id, version=version,
                old_status=ReportStatus.DRAFT, new_status=ReportStatus.SUBMITTED,
                actor=submitters.get(plan.spec.code),
            ),
            StatusChange(
                report_id=version.report_id, version=version,
                old_status=ReportStatus.SUBMITTED, new_status=ReportStatus.ACCEPTED,
                comment="（合成データ）受理", actor=users["officer"],
            ),
        ]  # fmt: skip
        times += [submitted, submitted + timedelta(days=40 + index % 15)]
    created = StatusChange.objects.bulk_create(changes)
    for change, at in zip(created, times, strict=True):
        change.at = at
    StatusChange.objects.bulk_update(created, ["at"])


def _submitted_at(index: int, plan: ReportPlan) -> datetime:
    """Reports came in during May–June after the fiscal year closed."""
    start = datetime(plan.fiscal_year + 1, 5, 10, 10, 0)
    return timezone.make_aware(start + timedelta(days=index % 30))
