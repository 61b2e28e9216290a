"""How complete a fiscal year's reports are: expected, submitted, accepted.

A sum over a year whose reports are not all accepted is provisional (暫定):
with 1 of 36 FY2005 reports accepted, the FY2005 totals are 1/36 of a year,
and read as a year they show a collapse that never happened. Every figure
that sums a year carries its :class:`Completeness`, so the dashboard, the
API, ``kpi``, ``allocate`` and the sheet can say so, and the targets service
judges and forecasts on complete years only.

A year is complete when every region active that year has an accepted
report, or when an officer closed it (締め) with a reason for each report
still missing. A few grouped queries serve every programme and year; the
result is cached per data version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.policy import Action, require
from chiiki.caching import cached
from programmes.models import Programme, Region
from reports.choices import ReportStatus
from reports.models import AnnualReport, YearlyOutcome
from targets.models import MissingReport, YearClosure

__all__ = [
    "ClosureError",
    "Completeness",
    "MissingNote",
    "Table",
    "close_year",
    "completeness",
    "completeness_table",
    "latest_complete_year",
    "missing_regions",
]

#: Statuses in which the ministry holds the report (submitted or beyond).
_HANDED_IN = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass(frozen=True)
class MissingNote:
    """A report a closed year goes without, and the officer's reason."""

    programme: str
    region_code: str
    region_name: str
    reason: str


@dataclass(frozen=True)
class Completeness:
    """One programme's (or all programmes') reports for one fiscal year."""

    fiscal_year: int
    programme: str | None
    expected: int
    submitted: int
    accepted: int
    closed: bool = False
    missing: tuple[MissingNote, ...] = ()

    @property
    def is_complete(self) -> bool:
        return self.closed or self.accepted >= self.expected

    @property
    def is_provisional(self) -> bool:
        return not self.is_complete

    @property
    def counts_text(self) -> str:
        return _("{expected}地域中{accepted}地域受理").format(
            expected=self.expected, accepted=self.accepted
        )

    @property
    def label(self) -> str:
        """「暫定（36地域中1地域受理）」, 「確定（締め：…）」 or 「確定」."""
        if self.is_provisional:
            return _("暫定（{counts}）").format(counts=self.counts_text)
        if self.closed and self.accepted < self.expected:
            return _("確定（締め：{counts}）").format(counts=self.counts_text)
        return _("確定")

    def as_dict(self) -> dict[str, Any]:
        return {
            "fiscal_year": self.fiscal_year,
            "programme": self.programme,
            "expected": self.expected,
            "submitted": self.submitted,
            "accepted": self.accepted,
            "complete": self.is_complete,
            "provisional": self.is_provisional,
            "closed": self.closed,
            "label": self.label,
            "missing": [
                {"region": n.region_code, "name": n.region_name, "reason": n.reason}
                for n in self.missing
            ],
        }


def combine(parts: Iterable[Completeness], fiscal_year: int) -> Completeness:
    """All programmes together: complete only when every one of them is."""
    parts = [p for p in parts if p.expected or p.accepted]
    incomplete = any(p.is_provisional for p in parts)
    return Completeness(
        fiscal_year=fiscal_year,
        programme=None,
        expected=sum(p.expected for p in parts),
        submitted=sum(p.submitted for p in parts),
        accepted=sum(p.accepted for p in parts),
        closed=not incomplete and any(p.closed for p in parts),
        missing=tuple(n for p in parts for n in p.missing),
    )


# --- closing a year ---------------------------------------------------------------


class ClosureError(Exception):
    """A refused 締め, with a Japanese message for the officer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def missing_regions(programme: Programme, fiscal_year: int) -> list[Region]:
    """Regions active in the FY whose report is not accepted (by code)."""
    accepted = AnnualReport.objects.filter(fiscal_year=fiscal_year).filter(
        Q(status=ReportStatus.ACCEPTED) | Q(accepted_version__isnull=False)
    )
    return list(
        Region.objects.filter(programme=programme, start_fy__lte=fiscal_year)
        .annotate(until_fy=Coalesce(F("end_fy"), F("planned_end_fy")))
        .filter(until_fy__gte=fiscal_year)
        .exclude(pk__in=accepted.values("region_id"))
        .order_by("code")
    )


def close_year(
    programme: Programme,
    fiscal_year: int,
    reasons: Mapping[str, str],
    user: Any,
    *,
    note: str = "",
) -> YearClosure:
    """締め: the FY counts as complete; each missing report needs its reason.

    ``reasons`` maps region codes to why their report will not come. Refused
    (nothing written) when a reason is missing or names a region that is not
    missing, or when the year is already closed.
    """
    require(user, Action.ADD, YearClosure)
    with transaction.atomic():
        if YearClosure.objects.filter(
            programme=programme, fiscal_year=fiscal_year
        ).exists():
            raise ClosureError(
                "already_closed", _("この事業・年度は既に締められています。")
            )
        missing = missing_regions(programme, fiscal_year)
        _check_reasons(missing, reasons)
        closure = YearClosure.objects.create(
            programme=programme,
            fiscal_year=fiscal_year,
            closed_by=user,
            note=note.strip(),
        )
        MissingReport.objects.bulk_create(
            MissingReport(closure=closure, region=r, reason=reasons[r.code].strip())
            for r in missing
        )
        return closure


def _check_reasons(missing: list[Region], reasons: Mapping[str, str]) -> None:
    codes = {region.code for region in missing}
    unknown = sorted(set(reasons) - codes)
    if unknown:
        raise ClosureError(
            "not_missing",
            _("報告が未受理ではない地域です: {codes}").format(codes="、".join(unknown)),
        )
    without = [r.name_ja for r in missing if not (reasons.get(r.code) or "").strip()]
    if without:
        raise ClosureError(
            "reason_required",
            _("報告が受理されていない地域の理由を入力してください: {names}").format(
                names="、".join(without)
            ),
        )


# --- queries ----------------------------------------------------------------------

Table = Mapping[tuple[str, int], Completeness]


def completeness_table() -> dict[tuple[str, int], Completeness]:
    """Every (programme code, FY) with regions or reports: cached per data version."""
    return cached("completeness_table", compute=_compute_table)


def completeness(
    fiscal_year: int, programme: str | None = None, *, table: Table | None = None
) -> Completeness:
    """One programme's FY, or (``programme=None``) all programmes' together.

    Pass ``table`` (from :func:`completeness_table`) when asking many times.
    """
    if table is None:
        table = completeness_table()
    if programme is not None:
        return table.get(
            (programme, fiscal_year), Completeness(fiscal_year, programme, 0, 0, 0)
        )
    return combine(
        (c for (_code, fy), c in sorted(table.items()) if fy == fiscal_year),
        fiscal_year,
    )


def latest_complete_year(
    programme: str | None = None, *, until: int | None = None
) -> int | None:
    """The latest FY (at or before ``until``) with reports that is complete."""
    table = completeness_table()
    years = sorted(
        {
            fy
            for (code, fy), c in table.items()
            if (programme is None or code == programme) and c.accepted
        },
        reverse=True,
    )
    for year in years:
        if until is not None and year > until:
            continue
        if completeness(year, programme, table=table).is_complete:
            return year
    return None


def _compute_table() -> dict[tuple[str, int], Completeness]:
    codes = dict(Programme.objects.values_list("pk", "code"))
    expected = _expected(codes)
    handed, accepted = _reports(codes)
    # Aggregates without a report row (data loaded as totals) count as accepted;
    # looked up only where the accepted reports fall short.
    short = {k for k, n in expected.items() if accepted.get(k, 0) < n}
    aggregated = _aggregated(codes, {fy for _code, fy in short})
    closures = _closures()
    keys = set(expected) | set(accepted) | set(aggregated) | set(closures)
    table = {}
    for key in sorted(keys):
        code, fy = key
        got = max(accepted.get(key, 0), aggregated.get(key, 0))
        table[key] = Completeness(
            fiscal_year=fy,
            programme=code,
            expected=max(expected.get(key, 0), got),
            submitted=max(handed.get(key, 0), got),
            accepted=got,
            closed=key in closures,
            missing=closures.get(key, ()),
        )
    return table


def _expected(codes: Mapping[int, str]) -> dict[tuple[str, int], int]:
    """Regions active per (programme, FY), read off grouped funding periods."""
    spans = (
        Region.objects.values_list(
            "programme_id", "start_fy", Coalesce(F("end_fy"), F("planned_end_fy"))
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[str, int], int] = {}
    for programme_id, first, last, number in spans:
        for year in range(first, (last if last is not None else first) + 1):
            key = (codes[programme_id], year)
            counts[key] = counts.get(key, 0) + number
    return counts


def _reports(
    codes: Mapping[int, str],
) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], int]]:
    """Reports handed in and accepted per (programme, FY): one grouped query."""
    rows = (
        AnnualReport.objects.values("region__programme_id", "fiscal_year")
        .annotate(
            handed=Count("pk", filter=Q(status__in=_HANDED_IN)),
            accepted=Count(
                "pk",
                filter=Q(status=ReportStatus.ACCEPTED)
                | Q(accepted_version__isnull=False),
            ),
        )
        .order_by()
    )
    handed, accepted = {}, {}
    for row in rows:
        key = (codes[row["region__programme_id"]], row["fiscal_year"])
        handed[key], accepted[key] = row["handed"], row["accepted"]
    return handed, accepted


def _aggregated(
    codes: Mapping[int, str], years: set[int]
) -> dict[tuple[str, int], int]:
    """Regions with yearly aggregates per (programme, FY), for ``years`` only."""
    if not years:
        return {}
    rows = (
        YearlyOutcome.objects.filter(fiscal_year__in=sorted(years))
        .values("region__programme_id", "fiscal_year")
        .annotate(n=Count("region_id", distinct=True))
        .order_by()
    )
    return {
        (codes[row["region__programme_id"]], row["fiscal_year"]): row["n"]
        for row in rows
    }


def _closures() -> dict[tuple[str, int], tuple[MissingNote, ...]]:
    notes: dict[tuple[str, int], list[MissingNote]] = {}
    for closure in YearClosure.objects.select_related("programme"):
        notes[(closure.programme.code, closure.fiscal_year)] = []
    missing = MissingReport.objects.select_related(
        "closure__programme", "region"
    ).order_by("region__code")
    for note in missing:
        key = (note.closure.programme.code, note.closure.fiscal_year)
        notes[key].append(
            MissingNote(key[0], note.region.code, note.region.name_ja, note.reason)
        )
    return {key: tuple(value) for key, value in notes.items()}
