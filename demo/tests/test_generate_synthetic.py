"""`manage.py generate_synthetic`: a large synthetic programme, replaceable."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from programmes.models import Programme, Region
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", *args, stdout=out)
    return out.getvalue()


def synthetic_rows() -> list[tuple[int, int, str, int]]:
    return list(
        YearlyOutcome.objects.filter(region__programme__code="SYN")
        .order_by("region__code", "fiscal_year", "kind")
        .values_list("region__code", "fiscal_year", "kind", "value")
    )


def test_it_creates_regions_and_one_row_per_region_year_and_kind() -> None:
    out = generate("--regions", "12", "--years", "4", "--seed", "7")

    regions = Region.objects.filter(programme__code="SYN")
    assert regions.count() == 12
    assert {r.prefectures.count() for r in regions} == {1}
    assert {(r.start_fy, r.planned_end_fy, r.name_certainty) for r in regions} == {
        (2002, 2005, "synthetic")
    }
    rows = synthetic_rows()
    assert len(rows) == 12 * 4 * len(OutcomeKind.values)
    assert {fy for _, fy, _, _ in rows} == {2002, 2003, 2004, 2005}
    assert all(value >= 0 for *_, value in rows)
    assert f"{len(rows):,} 行" in out


def test_it_replaces_the_previous_set_and_repeats_itself_for_a_seed() -> None:
    generate("--regions", "5", "--years", "3", "--seed", "1")
    first = synthetic_rows()
    generate("--regions", "8", "--years", "2", "--seed", "2")
    generate("--regions", "5", "--years", "3", "--seed", "1")

    assert Programme.objects.filter(code="SYN").count() == 1
    assert Region.objects.filter(programme__code="SYN").count() == 5
    assert synthetic_rows() == first


def test_it_removes_the_synthetic_programme() -> None:
    generate("--regions", "3", "--years", "2")

    assert "3 地域" in generate("--remove")
    assert not Programme.objects.filter(code="SYN").exists()
    assert not YearlyOutcome.objects.exists()


def test_it_refuses_zero_regions() -> None:
    with pytest.raises(CommandError) as error:
        generate("--regions", "0")

    assert error.value.returncode == 2


@pytest.mark.usefixtures("demo_data")
def test_it_keeps_the_demo_answers_of_targets_filtered_by_programme() -> None:
    def kpi() -> dict[str, object]:
        out = io.StringIO()
        call_command("kpi", "--fiscal-year", "2004", "--format", "json", stdout=out)
        return {t["id"]: t["value"] for t in json.loads(out.getvalue())}

    before = kpi()
    generate("--regions", "40", "--years", "3")
    after = kpi()

    for code in ("6-2-1", "6-2-5", "4-9-追加"):  # KC / CA only
        assert after[code] == before[code]
    assert after["6-2-4"] > before["6-2-4"]  # all programmes: synthetic included
