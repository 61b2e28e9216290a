"""Time of the 傾斜配分 solver over 5,000 regions against a plain proportional split.

Run with `.venv/bin/python -m bench.allocation [--regions N] [--runs R] [--db]`.

Without ``--db``: pure Python and numpy, no database. The inputs are synthetic
regions with bases of 0.5–6億円, bounds of ±30 % capped at 5億円, rating
weights S/A/B/C, and a budget half-way between the sums of the floors and of
the ceilings (so that many regions hit a bound).

With ``--db``: also the whole `manage.py allocate` path over N regions stored
in a closed evaluation (its own SQLite database under var/bench-allocation/, or
DATABASE_URL): the service (queries + solver) and the command with JSON and
table output.

The baseline is ``proportional_split`` in the same run: budget × base / Σ base,
no bounds, no weights, no rounding rule.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
from pathlib import Path
from typing import Any

from bench.harness import Timing, markdown_table, measure
from lib.allocation import (
    DEFAULT_RATING_WEIGHTS,
    UNIT_YEN,
    RegionInput,
    allocate,
    bounds_around,
    proportional_split,
)
from lib.money import YEN_PER_OKU

SEED = 5000
ROOT = Path(__file__).resolve().parent.parent
BENCH_PROGRAMME = "BENCH"


def synthetic_regions(count: int, seed: int = SEED) -> list[RegionInput]:
    rng = random.Random(seed)
    weights = list(DEFAULT_RATING_WEIGHTS.values())
    regions = []
    for n in range(count):
        base = rng.randrange(YEN_PER_OKU // 2, 6 * YEN_PER_OKU, UNIT_YEN)
        floor, ceiling = bounds_around(base, cap_yen=5 * YEN_PER_OKU)
        regions.append(
            RegionInput(
                f"r{n:05d}", base, rng.choice(weights), min(floor, ceiling), ceiling
            )
        )
    return regions


def midway_budget(regions: list[RegionInput]) -> int:
    low = sum(-(-r.floor_yen // UNIT_YEN) for r in regions)
    high = sum(r.ceiling_yen // UNIT_YEN for r in regions)
    return (low + high) // 2 * UNIT_YEN


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--db", action="store_true", help="also time manage.py allocate"
    )
    args = parser.parse_args()
    _pure(args.regions, args.runs)
    if args.db:
        print()
        _with_database(args.regions, max(5, args.runs // 5))


def _pure(count: int, runs: int) -> None:
    regions = synthetic_regions(count)
    budget = midway_budget(regions)
    bases = [r.base_yen for r in regions]
    result = allocate(regions, budget)
    assert result.total_yen == budget
    baseline = measure(
        "proportional split (no bounds)",
        lambda: proportional_split(budget, bases),
        runs,
    )
    solver = measure(
        f"lib.allocation.allocate, {count:,} regions",
        lambda: allocate(regions, budget),
        runs,
    )
    hits = sum(1 for line in result.lines if line.bound != "none")
    print(f"## 傾斜配分 over {count:,} regions ({hits:,} at a bound)\n")
    print(_table([baseline, solver], baseline))


def _table(timings: list[Timing], baseline: Timing) -> str:
    return markdown_table(timings, baseline).replace("× bare view", "× baseline")


def _with_database(count: int, runs: int) -> None:
    _setup_django()
    from django.core.management import call_command
    from django.db import connection

    from evaluations.services import AllocationRequest, compute_allocation

    call_command("migrate", verbosity=0)
    evaluation = _bench_evaluation(count)
    budget = count * evaluation.programme.annual_amount_per_region_yen
    request = AllocationRequest(
        programme=evaluation.programme,
        fiscal_year=2005,
        budget_yen=budget,
        evaluation=evaluation,
    )
    args = [
        "--budget",
        str(budget),
        "--fiscal-year",
        "2005",
        "--evaluation",
        str(evaluation.pk),
    ]

    def command(fmt: str) -> object:
        out = io.StringIO()
        call_command("allocate", *args, "--format", fmt, stdout=out)
        return out

    bases = [evaluation.programme.annual_amount_per_region_yen] * count
    baseline = measure(
        "proportional split (no bounds)",
        lambda: proportional_split(budget, bases),
        runs,
    )
    timings = [
        baseline,
        measure(
            f"compute_allocation (service), {count:,} regions",
            lambda: compute_allocation(request),
            runs,
        ),
        measure("manage.py allocate --format json", lambda: command("json"), runs),
        measure("manage.py allocate --format table", lambda: command("table"), runs),
    ]
    print(
        f"## manage.py allocate over {count:,} stored regions ({connection.vendor})\n"
    )
    print(_table(timings, baseline))


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki.settings")
    os.environ.setdefault("CHIIKI_VAR_DIR", str(ROOT / "var" / "bench-allocation"))
    Path(os.environ["CHIIKI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _bench_evaluation(count: int) -> Any:
    """A closed evaluation of ``count`` synthetic regions with random ratings,
    written in bulk (benchmark fixture; the workflow is not what is timed)."""
    from evaluations.models import Evaluation

    existing = Evaluation.objects.filter(
        programme__code=BENCH_PROGRAMME, items__isnull=False
    ).distinct()
    evaluation = existing.first()
    if evaluation is not None and evaluation.items.count() == count:
        return evaluation
    return _create_bench_evaluation(count)


def _create_bench_evaluation(count: int) -> Any:
    from decimal import Decimal

    from django.db import transaction

    from evaluations.choices import EvaluationState, EvaluationType
    from evaluations.models import Committee, Evaluation, EvaluationItem, ItemResult
    from geo.models import Prefecture
    from programmes.models import Programme, Region, Subsidy

    rng = random.Random(SEED)
    with transaction.atomic():
        Programme.objects.filter(code=BENCH_PROGRAMME).update(code="BENCH-OLD")
        subsidy, _ = Subsidy.objects.get_or_create(
            name_ja="ベンチマーク用補助金（合成）", defaults={"start_fy": 2002}
        )
        programme = Programme.objects.create(
            subsidy=subsidy,
            code=BENCH_PROGRAMME,
            name_ja=f"ベンチマーク事業（合成）{rng.random():.6f}",
            start_fy=2002,
            annual_amount_per_region_yen=5 * YEN_PER_OKU,
            duration_years=5,
        )
        tokyo = Prefecture.objects.get(code="13")
        regions = Region.objects.bulk_create(
            Region(
                code=f"bench-{programme.pk}-{n:05d}",
                programme=programme,
                name_ja=f"合成地域{n:05d}",
                main_prefecture=tokyo,
                start_fy=2002,
                planned_end_fy=2006,
            )
            for n in range(count)
        )
        committee, _ = Committee.objects.get_or_create(
            name_ja="ベンチマーク委員会（合成）"
        )
        evaluation = Evaluation.objects.create(
            kind=EvaluationType.INTERIM,
            programme=programme,
            fiscal_year=2004,
            title_ja="ベンチマーク評価（合成）",
            committee=committee,
            state=EvaluationState.CLOSED,
            is_synthetic=True,
        )
        items = EvaluationItem.objects.bulk_create(
            EvaluationItem(evaluation=evaluation, region=r) for r in regions
        )
        ItemResult.objects.bulk_create(
            _bench_result(item, rank, rng, Decimal)
            for rank, item in enumerate(items, start=1)
        )
    return evaluation


def _bench_result(item: Any, rank: int, rng: random.Random, decimal: Any) -> Any:
    from evaluations.models import ItemResult
    from lib.scoring import rate

    score = round(rng.uniform(1.5, 5.0), 3)
    zero = decimal("0")
    return ItemResult(
        item=item,
        score=decimal(str(score)),
        raw_mean=decimal(str(score)),
        std=zero,
        score_range=zero,
        reviewer_count=3,
        rating=rate(score),
        rank=rank,
    )


if __name__ == "__main__":
    main()
