"""reports.services: each workflow step, the refusals, and what each writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from audit.concurrency import ConflictError
from audit.models import AuditEntry
from reports.choices import OutcomeKind, ReportStatus
from reports.models import (
    AnnualReport,
    JointResearch,
    ParticipatingCompany,
    PatentApplication,
    StatusChange,
    YearlyOutcome,
)
from reports.services import (
    WorkflowError,
    accept_report,
    prefill_report,
    return_report,
    submit_report,
)
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _transitions(report: AnnualReport) -> int:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.TRANSITION, object_id=str(report.pk)
    ).count()


def _patent(report: AnnualReport, n: int = 1) -> None:
    PatentApplication.objects.create(
        version=report.current_version,
        application_number=f"特願2002-{n}",
        filed_on=date(2002, 6, 1),
        title="発明",
        applicants="大学",
    )


def test_it_submits_a_draft(p: Personas) -> None:
    report = make_report(region=p.region)

    change = submit_report(report, p.region_user)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.current_version.submitted_at is not None
    assert (change.old_status, change.new_status, change.actor) == (
        ReportStatus.DRAFT,
        ReportStatus.SUBMITTED,
        p.region_user,
    )
    assert _transitions(report) == 1
    assert report.lock_version == 1


def test_it_refuses_a_submit_by_another_region(p: Personas) -> None:
    report = make_report(region=p.region)

    with pytest.raises(PermissionDenied):
        submit_report(report, p.outsider)

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert StatusChange.objects.count() == 0
    assert _transitions(report) == 0


def test_it_refuses_to_accept_a_draft(p: Personas) -> None:
    report = make_report(region=p.region)

    with pytest.raises(WorkflowError) as info:
        accept_report(report, p.officer)

    assert "作成中" in info.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.accepted_version is None
    assert StatusChange.objects.count() == 0


def test_it_accepts_and_refreshes_the_yearly_outcomes(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)
    _patent(report, 1)
    _patent(report, 2)

    accept_report(report, p.officer)

    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.accepted_version_id == report.current_version_id
    outcome = YearlyOutcome.objects.get(
        region=p.region, fiscal_year=report.fiscal_year,
        kind=OutcomeKind.PATENT_APPLICATIONS,
    )  # fmt: skip
    assert outcome.value == 2
    assert _transitions(report) == 1


def test_it_lets_only_officers_accept(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)

    with pytest.raises(PermissionDenied):
        accept_report(report, p.region_user)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not YearlyOutcome.objects.exists()


def test_it_returns_with_a_comment(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)

    change = return_report(report, p.officer, "  特許番号を確認してください  ")

    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert change.comment == "特許番号を確認してください"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.TRANSITION)
    assert entry.reason == "特許番号を確認してください"


def test_it_refuses_a_return_without_comment(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)

    with pytest.raises(WorkflowError) as info:
        return_report(report, p.officer, "   ")

    assert info.value.code == "comment_required"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert StatusChange.objects.count() == 0


def test_it_resubmits_a_returned_report(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.RETURNED)

    submit_report(report, p.region_user)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_refuses_a_stale_lock_version(p: Personas) -> None:
    report = make_report(region=p.region)

    with pytest.raises(ConflictError):
        submit_report(report, p.region_user, expected_version=7)

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert StatusChange.objects.count() == 0
    assert report.current_version.submitted_at is None


def test_it_prefills_next_year_from_the_accepted_version(p: Personas) -> None:
    previous = make_report(region=p.region, fiscal_year=2003)
    version = previous.current_version
    previous.status = ReportStatus.ACCEPTED
    previous.accepted_version = version
    previous.save()
    ParticipatingCompany.objects.create(version=version, name="株式会社A")
    for title, ended in (("継続", None), ("今年度終了", date(2004, 9, 30)),
                         ("前年度終了", date(2004, 3, 31))):  # fmt: skip
        JointResearch.objects.create(
            version=version, title=title, started_on=date(2003, 4, 1), ended_on=ended
        )
    _patent(previous)

    report = prefill_report(p.region, 2004, p.region_user)

    assert report.status == ReportStatus.DRAFT
    rows = JointResearch.objects.filter(version=report.current_version)
    assert sorted(rows.values_list("title", flat=True)) == ["今年度終了", "継続"]
    assert (
        ParticipatingCompany.objects.filter(version=report.current_version).count() == 1
    )
    assert not PatentApplication.objects.filter(version=report.current_version).exists()
    assert report.status_changes.get().new_status == ReportStatus.DRAFT


def test_it_refuses_to_prefill_twice_or_for_outsiders(p: Personas) -> None:
    make_report(region=p.region, fiscal_year=2004)

    with pytest.raises(WorkflowError):
        prefill_report(p.region, 2004, p.officer)
    with pytest.raises(PermissionDenied):
        prefill_report(p.region, 2005, p.outsider)

    assert AnnualReport.objects.count() == 1
