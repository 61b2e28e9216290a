"""`load_demo`: the reference data plus the seed-calibrated demo data set.

Order follows the flow of data: reference (geo, themes) → registry (subsidy,
programmes, budgets, regions, links) → targets → users → annual reports and
their yearly aggregates. Everything runs in one transaction and writes only
what is missing or different, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from demo.annual_reports import write_reports
from demo.budgets import load_programmes
from demo.links import load_links
from demo.policy_outlines import load_policy_outlines
from demo.regions import all_region_specs, load_regions
from demo.synthetic import plan_reports
from demo.targets import load_targets
from demo.users import load_users
from geo.models import DesignatedCity, Prefecture
from geo.reference import load_reference_data
from programmes.models import Region
from reports.models import AnnualReport, YearlyOutcome
from targets.models import Metric, Target

__all__ = ["DemoSummary", "load_demo_data"]


@dataclass(frozen=True)
class DemoSummary:
    """What the data set holds after a load, and what this run added."""

    kc_regions: int
    ca_regions: int
    reports: int
    reports_created: int
    yearly_outcomes: int
    targets: int
    metrics: int


def load_demo_data() -> DemoSummary:
    """Load everything idempotently in one transaction; return the totals."""
    with transaction.atomic():
        load_reference_data(Prefecture, DesignatedCity)
        load_policy_outlines()
        programmes = load_programmes()
        regions = load_regions(programmes)
        load_links(regions)
        load_targets()
        users = load_users(regions)
        created = write_reports(plan_reports(all_region_specs()), regions, users)
    return _summary(created)


def _summary(created: int) -> DemoSummary:
    return DemoSummary(
        kc_regions=Region.objects.for_programme("KC").count(),
        ca_regions=Region.objects.for_programme("CA").count(),
        reports=AnnualReport.objects.count(),
        reports_created=created,
        yearly_outcomes=YearlyOutcome.objects.count(),
        targets=Target.objects.count(),
        metrics=Metric.objects.count(),
    )
