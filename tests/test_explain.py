"""The heaviest reads use indexes on PostgreSQL: EXPLAIN, no sequential scan.

The outcome table (YearlyOutcome) is the one that grows to millions of rows.
The test fills it with 24,000 synthetic rows (100 regions × 10 years × 24
kinds, `generate_synthetic`, which runs ANALYZE), so the planner works from
real statistics and chooses freely (no ``enable_seqscan`` tricks); then it
asks PostgreSQL for the plans of the real queries the pages, API and KPI
engine send. A control query on an unindexed column must show a sequential
scan, so the check is known to see one when there is one.

Skipped on SQLite (its planner and EXPLAIN output differ; the indexes are
the same migrations).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from demo.national import SYNTHETIC_PROGRAMME, generate_synthetic
from programmes.models import Region
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome

OUTCOMES = YearlyOutcome._meta.db_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def national() -> Region:
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are checked on PostgreSQL")
    generate_synthetic(100, 10, 7)
    return Region.objects.filter(programme__code=SYNTHETIC_PROGRAMME).order_by("code")[
        50
    ]


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _scans(queryset: QuerySet[Any], table: str) -> set[str]:
    """The node types PostgreSQL would use to read ``table`` for ``queryset``."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        [[document]] = cursor.fetchall()
    plan = document[0]["Plan"]
    return {
        node["Node Type"] for node in _nodes(plan) if node.get("Relation Name") == table
    }


def test_the_check_sees_a_sequential_scan(national: Region) -> None:
    unindexed = YearlyOutcome.objects.filter(value=123_456_789)
    assert _scans(unindexed, OUTCOMES) == {"Seq Scan"}


def test_a_region_and_fiscal_year_lookup_uses_an_index(national: Region) -> None:
    lookup = YearlyOutcome.objects.filter(region=national, fiscal_year=2005)
    scans = _scans(lookup, OUTCOMES)
    assert scans and "Seq Scan" not in scans, scans


def test_the_region_page_outcomes_use_an_index(national: Region) -> None:
    from reports.outcome_queries import REGION_OUTCOME_KINDS

    rows = YearlyOutcome.objects.filter(
        region=national, kind__in=REGION_OUTCOME_KINDS
    ).values_list("fiscal_year", "kind", "value")
    scans = _scans(rows, OUTCOMES)
    assert scans and "Seq Scan" not in scans, scans


def test_a_kpi_flow_for_a_kind_and_years_uses_an_index(national: Region) -> None:
    """targets.metrics._flows: one outcome kind over a few fiscal years."""
    flows = YearlyOutcome.objects.filter(
        kind=OutcomeKind.PATENT_APPLICATIONS,
        fiscal_year__gte=2002,
        fiscal_year__lte=2004,
    ).values("fiscal_year")
    scans = _scans(flows, OUTCOMES)
    assert scans and "Seq Scan" not in scans, scans


def test_a_fiscal_year_of_one_kind_uses_an_index(national: Region) -> None:
    """The dashboard map and efficiency: one kind in one fiscal year."""
    year = YearlyOutcome.objects.filter(
        kind=OutcomeKind.FUNDS_SUBSIDY, fiscal_year=2004
    ).values("region_id", "value")
    scans = _scans(year, OUTCOMES)
    assert scans and "Seq Scan" not in scans, scans
