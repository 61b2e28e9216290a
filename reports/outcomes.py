"""Keep the yearly aggregates (YearlyOutcome) equal to the accepted report rows.

Targets, the dashboard and the 事業評価書 read YearlyOutcome, never the sheets,
so that they stay fast at national scale. This module is the only writer of
that table: call `refresh_yearly_outcomes` whenever a report's accepted version
changes (or `refresh_yearly_outcomes_many` after a bulk load).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from operator import or_
from typing import TypeVar

from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from reports.choices import (
    ActivityKind,
    CommercializationKind,
    FundSource,
    OutcomeKind,
    Sector,
)
from reports.models import (
    Activity,
    AnnualReport,
    Commercialization,
    Fund,
    JointResearch,
    ParticipantCount,
    ParticipatingCompany,
    PatentApplication,
    YearlyOutcome,
)

__all__ = [
    "outcome_values",
    "refresh_yearly_outcomes",
    "refresh_yearly_outcomes_many",
]

#: Versions per grouped query, well under every backend's parameter limit.
CHUNK = 500

Expressions = dict[str, models.Aggregate | Coalesce]
T = TypeVar("T")


def refresh_yearly_outcomes(report: AnnualReport) -> None:
    """Recompute every outcome kind of the report's region and fiscal year.

    The values come from the accepted version only (drafts and returned versions
    never count). Without an accepted version the region-year has no outcomes,
    so its rows are deleted. One transaction: readers never see half a year.
    """
    refresh_yearly_outcomes_many([report])


def refresh_yearly_outcomes_many(reports: Sequence[AnnualReport]) -> None:
    """`refresh_yearly_outcomes` for many reports in a fixed number of queries."""
    accepted = [r for r in reports if r.accepted_version_id is not None]
    values = outcome_values([r.accepted_version_id for r in accepted])
    with transaction.atomic():
        for chunk in _chunks(reports):
            pairs = (Q(region_id=r.region_id, fiscal_year=r.fiscal_year) for r in chunk)
            YearlyOutcome.objects.filter(reduce(or_, pairs)).delete()
        YearlyOutcome.objects.bulk_create(
            YearlyOutcome(
                region_id=report.region_id,
                fiscal_year=report.fiscal_year,
                kind=kind,
                value=values[report.accepted_version_id][kind],
            )
            for report in accepted
            for kind in OutcomeKind.values
        )


def outcome_values(version_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Every OutcomeKind's value per report version: one grouped query per sheet.

    A sheet with no rows in a version counts as zero, so every version gets
    every kind.
    """
    ids = list(version_ids)
    if _COVERED != set(OutcomeKind.values):  # a new OutcomeKind needs a sheet here
        raise LookupError(f"no aggregate for {set(OutcomeKind.values) - _COVERED}")
    values: dict[int, dict[str, int]] = {
        version_id: dict.fromkeys(OutcomeKind.values, 0) for version_id in ids
    }
    for model, expressions in _SHEETS:
        for chunk in _chunks(ids):
            for version_id, sheet_values in _grouped(model, chunk, expressions()):
                values[version_id].update(sheet_values)
    return values


def _chunks(items: Sequence[T]) -> Iterable[Sequence[T]]:
    return (items[start : start + CHUNK] for start in range(0, len(items), CHUNK))


def _grouped(
    model: type[models.Model], version_ids: Sequence[int], expressions: Expressions
) -> Iterable[tuple[int, dict[str, int]]]:
    # Aliases are prefixed: an alias equal to a field name ("researchers") would
    # clash with the field inside its own Sum.
    rows = (
        model._default_manager.filter(version_id__in=version_ids)
        .values("version_id")
        .annotate(**{f"outcome_{key}": expr for key, expr in expressions.items()})
        .order_by()
    )
    for row in rows:
        yield (
            row["version_id"],
            {key: int(row[f"outcome_{key}"]) for key in expressions},
        )


def _count(condition: Q | None = None) -> Count:
    return Count("pk", filter=condition)


def _sum(field: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(field, filter=condition), 0)


def _patents() -> Expressions:
    return {
        OutcomeKind.PATENT_APPLICATIONS.value: _count(),
        OutcomeKind.PATENT_APPLICATIONS_FOREIGN.value: _count(Q(foreign=True)),
    }


def _commercializations() -> Expressions:
    per_kind = {
        f"commercializations_{kind}": _count(Q(kind=kind))
        for kind in CommercializationKind.values
    }
    return {OutcomeKind.COMMERCIALIZATIONS.value: _count(), **per_kind}


def _researchers() -> Expressions:
    per_sector = {
        f"researchers_{sector}": _sum("researchers", Q(sector=sector))
        for sector in Sector.values
    }
    return {OutcomeKind.RESEARCHERS.value: _sum("researchers"), **per_sector}


def _companies() -> Expressions:
    return {OutcomeKind.COMPANIES.value: _count()}


def _joint_research() -> Expressions:
    return {
        OutcomeKind.JOINT_RESEARCH.value: _count(),
        OutcomeKind.JOINT_RESEARCH_SAFETY.value: _count(Q(safety_security=True)),
    }


def _activities() -> Expressions:
    return {f"activities_{kind}": _count(Q(kind=kind)) for kind in ActivityKind.values}


def _funds() -> Expressions:
    return {
        f"funds_{source}": _sum("amount_yen", Q(source=source))
        for source in FundSource.values
    }


#: Each sheet and the outcome kinds it yields; together they cover OutcomeKind.
_SHEETS: tuple[tuple[type[models.Model], Callable[[], Expressions]], ...] = (
    (PatentApplication, _patents),
    (Commercialization, _commercializations),
    (ParticipantCount, _researchers),
    (ParticipatingCompany, _companies),
    (JointResearch, _joint_research),
    (Activity, _activities),
    (Fund, _funds),
)
_COVERED = {kind for _, expressions in _SHEETS for kind in expressions()}
