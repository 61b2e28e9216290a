"""refresh_yearly_outcomes: the aggregates follow the accepted version, exactly."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.choices import OutcomeKind, ReportStatus
from reports.models import (
    Activity,
    AnnualReport,
    Commercialization,
    Fund,
    JointResearch,
    ParticipantCount,
    ParticipatingCompany,
    PatentApplication,
    ReportVersion,
    YearlyOutcome,
)
from reports.outcomes import refresh_yearly_outcomes, refresh_yearly_outcomes_many
from tests.factories import make_region, make_report

pytestmark = pytest.mark.django_db

DAY = date(2003, 10, 1)


def fill(version: ReportVersion) -> None:
    """A few rows in every sheet, with known totals."""
    PatentApplication.objects.bulk_create(
        PatentApplication(
            version=version, application_number=f"特願2003-{100000 + n}",
            filed_on=DAY, title="t", applicants="a", foreign=n == 0,
        )
        for n in range(3)
    )  # fmt: skip
    Commercialization.objects.bulk_create(
        Commercialization(version=version, kind=kind, name="c", date=DAY)
        for kind in ("product", "product", "license")
    )
    ParticipantCount.objects.bulk_create(
        ParticipantCount(version=version, sector=sector, researchers=researchers)
        for sector, researchers in (("industry", 5), ("academia", 7), ("government", 2))
    )
    ParticipatingCompany.objects.bulk_create(
        ParticipatingCompany(version=version, name=f"会社{n}") for n in range(4)
    )
    JointResearch.objects.bulk_create(
        JointResearch(version=version, title="j", started_on=DAY, safety_security=s)
        for s in (True, False)
    )
    Activity.objects.bulk_create(
        Activity(version=version, kind=kind, title="a", held_on=DAY)
        for kind in ("forum", "forum", "joint_presentation")
    )
    Fund.objects.bulk_create(
        Fund(version=version, source=source, amount_yen=amount)
        for source, amount in (("subsidy", 500_000_000), ("regional", 120_000_000))
    )


def accept(report: AnnualReport, version: ReportVersion) -> None:
    report.status = ReportStatus.ACCEPTED
    report.accepted_version = version
    report.save(update_fields=["status", "accepted_version"])


def outcomes(report: AnnualReport) -> dict[str, int]:
    rows = YearlyOutcome.objects.filter(
        region=report.region, fiscal_year=report.fiscal_year
    )
    return dict(rows.values_list("kind", "value"))


def test_it_aggregates_every_sheet_of_the_accepted_version() -> None:
    report = make_report(fiscal_year=2003)
    fill(report.current_version)
    accept(report, report.current_version)

    refresh_yearly_outcomes(report)

    values = outcomes(report)
    assert set(values) == set(OutcomeKind.values)
    assert values == values | {
        "patent_applications": 3,
        "patent_applications_foreign": 1,
        "commercializations": 3,
        "commercializations_product": 2,
        "commercializations_license": 1,
        "commercializations_startup": 0,
        "researchers": 14,
        "researchers_industry": 5,
        "researchers_academia": 7,
        "researchers_government": 2,
        "companies": 4,
        "joint_research": 2,
        "joint_research_safety": 1,
        "activities_forum": 2,
        "activities_joint_presentation": 1,
        "activities_mot_course": 0,
        "funds_subsidy": 500_000_000,
        "funds_regional": 120_000_000,
        "funds_company": 0,
    }


def test_it_writes_zeros_for_an_accepted_version_with_empty_sheets() -> None:
    report = make_report()
    accept(report, report.current_version)

    refresh_yearly_outcomes(report)

    assert outcomes(report) == dict.fromkeys(OutcomeKind.values, 0)


def test_it_ignores_a_newer_version_that_is_not_accepted() -> None:
    report = make_report(fiscal_year=2003)
    accepted = report.current_version
    fill(accepted)
    accept(report, accepted)
    draft = ReportVersion.objects.create(report=report, number=2)
    Fund.objects.create(version=draft, source="company", amount_yen=9_999)
    report.current_version = draft
    report.save(update_fields=["current_version"])

    refresh_yearly_outcomes(report)

    assert outcomes(report)["funds_company"] == 0
    assert outcomes(report)["companies"] == 4


def test_it_replaces_stale_values_when_another_version_is_accepted() -> None:
    report = make_report(fiscal_year=2003)
    fill(report.current_version)
    accept(report, report.current_version)
    refresh_yearly_outcomes(report)
    second = ReportVersion.objects.create(report=report, number=2)
    ParticipatingCompany.objects.create(version=second, name="唯一の会社")
    accept(report, second)

    refresh_yearly_outcomes(report)

    assert outcomes(report)["companies"] == 1
    assert outcomes(report)["patent_applications"] == 0
    assert YearlyOutcome.objects.count() == len(OutcomeKind.values)


def test_it_deletes_the_outcomes_when_no_version_is_accepted() -> None:
    report = make_report(fiscal_year=2003)
    fill(report.current_version)
    accept(report, report.current_version)
    refresh_yearly_outcomes(report)
    report.status = ReportStatus.RETURNED
    report.accepted_version = None
    report.save(update_fields=["status", "accepted_version"])

    refresh_yearly_outcomes(report)

    assert outcomes(report) == {}


def test_it_leaves_other_regions_and_years_alone() -> None:
    region = make_region(start_fy=2002, planned_end_fy=2004)
    reports = [make_report(region=region, fiscal_year=fy) for fy in (2002, 2003)]
    other = make_report(fiscal_year=2003)
    for report in [*reports, other]:
        fill(report.current_version)
        accept(report, report.current_version)
        refresh_yearly_outcomes(report)
    reports[1].accepted_version = None
    reports[1].save(update_fields=["accepted_version"])

    refresh_yearly_outcomes(reports[1])

    assert outcomes(reports[1]) == {}
    assert outcomes(reports[0])["companies"] == 4
    assert outcomes(other)["companies"] == 4


def test_it_refreshes_many_reports_in_a_fixed_number_of_queries() -> None:
    def run(count: int) -> int:
        reports = [make_report(fiscal_year=2003) for _ in range(count)]
        for report in reports:
            fill(report.current_version)
            accept(report, report.current_version)
        with CaptureQueriesContext(connection) as queries:
            refresh_yearly_outcomes_many(reports)
        assert (
            YearlyOutcome.objects.filter(
                region__in=[r.region for r in reports], kind="companies", value=4
            ).count()
            == count
        )
        return len(queries)

    # 8 reports still fit in one INSERT batch on SQLite (999 parameters).
    assert run(2) == run(8)
