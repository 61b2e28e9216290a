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
