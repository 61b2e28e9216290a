"""A national-scale synthetic data set for benchmarks (`manage.py generate_synthetic`).

Creates one programme, code ``SYN`` (合成データ), under its own subsidy, with
``regions`` regions active for ``years`` fiscal years from ``first_fy``, and
one YearlyOutcome row per region × fiscal year × outcome kind: ``regions ×
years × 24`` rows (4,167 regions × 10 years make 1,000,080 rows). Values are
drawn with numpy from a fixed seed, so the same arguments give the same data.

Running it again replaces the previous synthetic programme wholesale, and it
never touches other programmes: targets filtered by programme (KC, CA) keep
their demo answers, while targets without a programme filter (e.g. 6-2-4's
patent total) include the synthetic regions — run it in a separate database.

Rows are written the fast way: PostgreSQL ``COPY … FROM STDIN`` through
psycopg, SQLite ``executemany`` in batches. Both skip model signals, so the
synthetic rows leave no audit entries (they are not anybody's change).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction

from geo.models import Prefecture
from programmes.choices import Certainty, RegionStatus
from programmes.models import Programme, Region, Subsidy
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome

__all__ = [
    "SYNTHETIC_PROGRAMME",
    "SyntheticSummary",
    "generate_synthetic",
    "remove_synthetic",
]

SYNTHETIC_PROGRAMME = "SYN"
SYNTHETIC_SUBSIDY = "合成データ（ベンチマーク用）"
BATCH = 50_000
#: Typical yearly value of each outcome kind for a region of size 1.
_MEANS: dict[str, float] = {
    OutcomeKind.PATENT_APPLICATIONS: 25,
    OutcomeKind.PATENT_APPLICATIONS_FOREIGN: 3,
    OutcomeKind.COMMERCIALIZATIONS: 2,
    OutcomeKind.COMMERCIALIZATIONS_PRODUCT: 0.8,
    OutcomeKind.COMMERCIALIZATIONS_PROTOTYPE: 0.6,
    OutcomeKind.COMMERCIALIZATIONS_STARTUP: 0.3,
    OutcomeKind.COMMERCIALIZATIONS_LICENSE: 0.3,
    OutcomeKind.RESEARCHERS: 80,
    OutcomeKind.RESEARCHERS_INDUSTRY: 25,
    OutcomeKind.RESEARCHERS_ACADEMIA: 45,
    OutcomeKind.RESEARCHERS_GOVERNMENT: 10,
    OutcomeKind.COMPANIES: 20,
    OutcomeKind.JOINT_RESEARCH: 9,
    OutcomeKind.JOINT_RESEARCH_SAFETY: 1,
    OutcomeKind.ACTIVITIES_FORUM: 3,
    OutcomeKind.ACTIVITIES_JOINT_PRESENTATION: 1.2,
    OutcomeKind.ACTIVITIES_INTERNSHIP: 1,
    OutcomeKind.ACTIVITIES_MOT_COURSE: 0.5,
    OutcomeKind.ACTIVITIES_INTERNATIONAL: 0.7,
    OutcomeKind.ACTIVITIES_OUTREACH: 2,
    OutcomeKind.ACTIVITIES_INTER_MINISTRY: 0.3,
    OutcomeKind.FUNDS_SUBSIDY: 300_000_000,
    OutcomeKind.FUNDS_REGIONAL: 150_000_000,
    OutcomeKind.FUNDS_COMPANY: 30_000_000,
}
#: Yearly growth of every outcome, so that trends exist to forecast.
_GROWTH = 0.08


@dataclass(frozen=True)
class SyntheticSummary:
    regions: int
    first_fy: int
    last_fy: int
    outcome_rows: int
    seconds: float


def generate_synthetic(
    regions: int, years: int, seed: int, *, first_fy: int = 2002
) -> SyntheticSummary:
    """Replace the synthetic programme with a fresh one (one transaction)."""
    if regions < 1 or years < 1:
        raise ValueError("regions and years must be at least 1")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    last_fy = first_fy + years - 1
    with transaction.atomic():
        programme = _programme(first_fy, years)
        _delete_regions(programme.pk)
        region_ids = _create_regions(programme, regions, first_fy, last_fy, rng)
        rows = _write(_outcome_rows(region_ids, first_fy, years, rng))
    _analyze()
    elapsed = time.perf_counter() - started
    return SyntheticSummary(len(region_ids), first_fy, last_fy, rows, elapsed)


def remove_synthetic() -> int:
    """Delete the synthetic programme and everything under it; regions removed."""
    programme = Programme.objects.filter(code=SYNTHETIC_PROGRAMME).first()
    if programme is None:
        return 0
    with transaction.atomic():
        removed = _delete_regions(programme.pk)
        programme.delete()
    return removed


def _programme(first_fy: int, years: int) -> Programme:
    subsidy, _ = Subsidy.objects.get_or_create(
        name_ja=SYNTHETIC_SUBSIDY, defaults={"start_fy": first_fy}
    )
    programme, _ = Programme.objects.update_or_create(
        code=SYNTHETIC_PROGRAMME,
        defaults={
            "subsidy": subsidy,
            "name_ja": "合成データ事業（ベンチマーク用）",
            "start_fy": first_fy,
            "annual_amount_per_region_yen": 300_000_000,
            "duration_years": years,
        },
    )
    return programme


def _delete_regions(programme_id: int) -> int:
    """Raw DELETEs: the ORM would load a million rows to send signals."""
    outcomes = YearlyOutcome._meta.db_table
    regions = Region._meta.db_table
    through = Region.prefectures.through._meta.db_table
    of_programme = f"SELECT id FROM {regions} WHERE programme_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {outcomes} WHERE region_id IN ({of_programme})",
            [programme_id],
        )
        cursor.execute(
            f"DELETE FROM {through} WHERE region_id IN ({of_programme})", [programme_id]
        )
        cursor.execute(f"DELETE FROM {regions} WHERE programme_id = %s", [programme_id])
        return cursor.rowcount


def _create_regions(
    programme: Programme,
    count: int,
    first_fy: int,
    last_fy: int,
    rng: np.random.Generator,
) -> list[int]:
    """Regions spread over the 47 prefectures; returns their ids in order."""
    codes = list(Prefecture.objects.order_by("code").values_list("code", flat=True))
    places = rng.integers(0, len(codes), size=count)
    regions = Region.objects.bulk_create(
        (
            Region(
                code=f"syn-{n:06d}",
                programme=programme,
                name_ja=f"合成地域 {n:06d}",
                main_prefecture_id=codes[int(places[n])],
                start_fy=first_fy,
                planned_end_fy=last_fy,
                status=RegionStatus.ACTIVE,
                name_certainty=Certainty.SYNTHETIC,
                note="generate_synthetic（合成データ）",
            )
            for n in range(count)
        ),
        batch_size=2_000,
    )
    through = Region.prefectures.through
    through.objects.bulk_create(
        (through(region_id=r.pk, prefecture_id=r.main_prefecture_id) for r in regions),
        batch_size=5_000,
    )
    return [region.pk for region in regions]


def _outcome_rows(
    region_ids: Sequence[int], first_fy: int, years: int, rng: np.random.Generator
) -> Iterator[tuple[int, int, str, int]]:
    """(region_id, fiscal_year, kind, value), one kind at a time, drawn in bulk."""
    sizes = rng.lognormal(mean=0.0, sigma=0.5, size=(len(region_ids), 1))
    trend = (1 + _GROWTH) ** np.arange(years)[np.newaxis, :]
    ids = np.repeat(np.asarray(region_ids), years).tolist()
    fiscal_years = np.tile(np.arange(first_fy, first_fy + years), len(region_ids))
    fiscal_years_list = fiscal_years.tolist()
    for kind in OutcomeKind.values:
        values = rng.poisson(_MEANS[kind] * sizes * trend).ravel().tolist()
        yield from zip(ids, fiscal_years_list, [kind] * len(ids), values, strict=True)


def _write(rows: Iterable[tuple[int, int, str, int]]) -> int:
    table = YearlyOutcome._meta.db_table
    columns = "region_id, fiscal_year, kind, value"
    if connection.vendor == "postgresql":
        return _copy(table, columns, rows)
    return _insert_batches(table, columns, rows)


def _copy(table: str, columns: str, rows: Iterable[tuple[int, int, str, int]]) -> int:
    count = 0
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _insert_batches(
    table: str, columns: str, rows: Iterable[tuple[int, int, str, int]]
) -> int:
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)"
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _analyze() -> None:
    """Fresh planner statistics after a bulk load (outside the transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {YearlyOutcome._meta.db_table}")
        cursor.execute(f"ANALYZE {Region._meta.db_table}")
