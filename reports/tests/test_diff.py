"""reports.diff: counts and added/removed rows by natural key."""

from __future__ import annotations

from datetime import date

import pytest

from reports.diff import diff_versions, sheet_counts
from reports.models import Fund, PatentApplication, ReportVersion
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def _patent(version: ReportVersion, number: str) -> None:
    PatentApplication.objects.create(
        version=version, application_number=number, filed_on=date(2002, 6, 1),
        title="発明", applicants="大学",
    )  # fmt: skip


def test_it_lists_added_and_removed_rows_per_sheet() -> None:
    report = make_report()
    old = report.current_version
    new = ReportVersion.objects.create(report=report, number=2)
    for number in ("特願2002-1", "特願2002-2"):
        _patent(old, number)
    for number in ("特願2002-2", "特願2002-3", "特願2002-4"):
        _patent(new, number)
    Fund.objects.create(version=new, source="subsidy", amount_yen=1)

    diffs = {d.key: d for d in diff_versions(old, new)}

    patents = diffs["patent_applications"]
    assert (patents.old_count, patents.new_count) == (2, 3)
    assert patents.added == [("特願2002-3",), ("特願2002-4",)]
    assert patents.removed == [("特願2002-1",)]
    assert diffs["funds"].added == [("subsidy",)]
    assert not diffs["companies"].changed
    assert list(diffs) == list(sheet_counts(old))


def test_it_counts_rows_per_sheet() -> None:
    report = make_report()
    _patent(report.current_version, "特願2002-9")

    counts = sheet_counts(report.current_version)

    assert counts["patent_applications"] == 1
    assert sum(counts.values()) == 1
    assert set(sheet_counts(None).values()) == {0}


def test_it_lists_changed_cells_old_to_new_with_japanese_labels() -> None:
    from reports.models import ParticipantCount

    report = make_report()
    old = report.current_version
    new = ReportVersion.objects.create(report=report, number=2)
    ParticipantCount.objects.create(version=old, sector="academia", researchers=95)
    ParticipantCount.objects.create(version=new, sector="academia", researchers=140)
    ParticipantCount.objects.create(version=old, sector="industry", researchers=10)
    ParticipantCount.objects.create(version=new, sector="industry", researchers=10)
    _patent(old, "特願2002-1")
    _patent(new, "特願2002-1")
    PatentApplication.objects.filter(version=new).update(title="改良した発明")
    Fund.objects.create(version=new, source="company", amount_yen=1_500_000)

    diffs = {d.key: d for d in diff_versions(old, new)}

    (researchers,) = diffs["participants"].changes
    assert researchers.key == ("学",)
    assert [(c.column, c.old, c.new) for c in researchers.cells] == [
        ("研究者数", "95", "140")
    ]
    (title,) = diffs["patent_applications"].changes
    assert [(c.old, c.new) for c in title.cells] == [("発明", "改良した発明")]
    assert not diffs["patent_applications"].added
    assert diffs["funds"].added_shown == [("企業負担",)]
    assert diffs["participants"].changed_cells == 1


def test_two_identical_rows_against_one_is_one_removed_row() -> None:
    report = make_report()
    old = report.current_version
    new = ReportVersion.objects.create(report=report, number=2)
    Fund.objects.create(version=old, source="subsidy", amount_yen=5)
    Fund.objects.create(version=old, source="subsidy", amount_yen=5)
    Fund.objects.create(version=new, source="subsidy", amount_yen=5)

    funds = {d.key: d for d in diff_versions(old, new)}["funds"]

    assert funds.removed == [("subsidy",)]
    assert funds.changes == []
