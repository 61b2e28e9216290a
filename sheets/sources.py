"""The rows behind a figure: one query definition serves the figure and its page.

A figure of the sheet that sums yearly outcomes (researchers, patents, own
funds …) is computed from an :class:`OutcomeQuery`; its link opens
/sheets/sources/outcomes/ with the same query in the URL, where the page lists
the region × year rows of that very query, each linking to its annual report.
The figure and its evidence cannot drift apart because they share the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.models import Programme
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome

__all__ = ["OutcomeQuery", "Population", "SourceError", "parse_outcome_query"]

#: Fiscal years a source URL may name at most (a sheet spans a few years).
MAX_YEARS = 30


class SourceError(ValueError):
    """A source URL's query that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Population:
    """Regions of a programme (all, or the cohort that started in ``start_fy``)."""

    programme: str
    start_fy: int | None = None

    @property
    def token(self) -> str:
        """「KC」 or 「CA@2002」, as the source URL writes it."""
        return (
            self.programme
            if self.start_fy is None
            else (f"{self.programme}@{self.start_fy}")
        )

    def condition(self) -> Q:
        condition = Q(region__programme__code=self.programme)
        if self.start_fy is not None:
            condition &= Q(region__start_fy=self.start_fy)
        return condition


@dataclass(frozen=True)
class OutcomeQuery:
    """Outcome kinds summed over fiscal years and (optionally) populations."""

    kinds: tuple[str, ...]
    fiscal_years: tuple[int, ...]
    populations: tuple[Population, ...] = ()

    def rows(self) -> QuerySet[YearlyOutcome]:
        rows = YearlyOutcome.objects.filter(
            kind__in=self.kinds, fiscal_year__in=self.fiscal_years
        )
        if self.populations:
            rows = rows.filter(reduce(or_, (p.condition() for p in self.populations)))
        return rows

    def totals(self) -> dict[str, int]:
        """Each kind's sum (0 without rows), in one grouped query."""
        sums = dict.fromkeys(self.kinds, 0)
        grouped = self.rows().values("kind").annotate(total=Sum("value")).order_by()
        for row in grouped:
            sums[row["kind"]] = int(row["total"] or 0)
        return sums

    def totals_by_year(self) -> dict[tuple[int, str], int]:
        """Each (fiscal year, kind)'s sum (0 without rows), in one grouped query.

        A table of years × kinds reads this once instead of a query per cell.
        """
        sums = {(year, kind): 0 for year in self.fiscal_years for kind in self.kinds}
        grouped = (
            self.rows()
            .values("fiscal_year", "kind")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for row in grouped:
            sums[(row["fiscal_year"], row["kind"])] = int(row["total"] or 0)
        return sums

    def region_count(self) -> int:
        return self.rows().values("region_id").distinct().count()

    def url(self) -> str:
        params: list[tuple[str, str | int]] = [("kind", k) for k in self.kinds]
        params += [("fiscal_year", fy) for fy in self.fiscal_years]
        params += [("population", p.token) for p in self.populations]
        return f"{reverse('sheets:source_outcomes')}?{urlencode(params)}"


def parse_outcome_query(params: Mapping[str, Iterable[str]]) -> OutcomeQuery:
    """The query of a source URL; :class:`SourceError` with a Japanese message."""
    kinds = tuple(params.get("kind", ()))
    unknown = [k for k in kinds if k not in OutcomeKind.values]
    if not kinds or unknown:
        raise SourceError(_("指標（kind）を正しく指定してください。"))
    try:
        years = tuple(int(value) for value in params.get("fiscal_year", ()))
    except ValueError as error:
        raise SourceError(_("年度は数字で指定してください。")) from error
    if not years or len(years) > MAX_YEARS or not all(1990 <= y <= 2200 for y in years):
        raise SourceError(_("年度（fiscal_year）を正しく指定してください。"))
    populations = tuple(_population(token) for token in params.get("population", ()))
    return OutcomeQuery(kinds, years, populations)


def _population(token: str) -> Population:
    code, _sep, start = token.partition("@")
    if not Programme.objects.filter(code=code).exists():
        raise SourceError(_("事業コード「{code}」はありません。").format(code=code))
    if not start:
        return Population(code)
    if not start.isdigit():
        raise SourceError(_("開始年度は数字で指定してください。"))
    return Population(code, int(start))
