"""Fixtures for the dashboard's tests: a small two-programme data set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real

from geo.models import Prefecture
from programmes.choices import BudgetKind
from programmes.models import BudgetFigure, Programme, Region, Subsidy
from tests.factories import make_programme, make_region, make_subsidy

OKU = 100_000_000
HYAKUMAN = 1_000_000


@dataclass
class SmallProgramme:
    subsidy: Subsidy
    kc: Programme
    ca: Programme
    sapporo: Region


@pytest.fixture
def small_programme(db: None) -> SmallProgramme:
    """KC with 2 regions active in FY2004 (+1 from FY2005), CA with 1 (+1 ended)."""
    subsidy = make_subsidy(name_ja="地域科学技術振興事業費補助金")
    kc = make_programme(
        subsidy=subsidy, code="KC", name_ja="知的クラスター創成事業", duration_years=5
    )
    ca = make_programme(
        subsidy=subsidy,
        code="CA",
        name_ja="都市エリア産学官連携促進事業",
        region_label_ja="エリア",
    )
    hokkaido, kyoto, osaka = (
        Prefecture.objects.get(code=code) for code in ("01", "26", "27")
    )
    sapporo = make_region(
        programme=kc,
        code="kc-sapporo",
        name_ja="札幌",
        main_prefecture=hokkaido,
        start_fy=2002,
        planned_end_fy=2006,
    )
    make_region(
        programme=kc,
        code="kc-keihanna",
        name_ja="関西文化学術研究都市",
        main_prefecture=kyoto,
        prefectures=[kyoto, osaka],
        start_fy=2002,
        planned_end_fy=2006,
    )
    make_region(programme=kc, start_fy=2005, planned_end_fy=2009)
    make_region(programme=ca, main_prefecture=osaka, start_fy=2004, planned_end_fy=2006)
    make_region(programme=ca, start_fy=2002, planned_end_fy=2003)
    _budgets(subsidy, kc, ca)
    return SmallProgramme(subsidy, kc, ca, sapporo)


def _budgets(subsidy: Subsidy, kc: Programme, ca: Programme) -> None:
    figures = [
        (kc, 2003, BudgetKind.BUDGET, 69 * OKU),
        (ca, 2003, BudgetKind.BUDGET, 31 * OKU),
        (kc, 2004, BudgetKind.BUDGET, 90 * OKU),
        (ca, 2004, BudgetKind.BUDGET, 34 * OKU),
        (None, 2004, BudgetKind.BUDGET, 12_400 * HYAKUMAN),
        (None, 2005, BudgetKind.REQUEST, 17_600 * HYAKUMAN),
    ]
    BudgetFigure.objects.bulk_create(
        BudgetFigure(
            subsidy=subsidy,
            programme=programme,
            fiscal_year=fy,
            kind=kind,
            amount_yen=amount,
        )
        for programme, fy, kind, amount in figures
    )


@pytest.fixture
def english_catalog() -> None:
    """Compile the English catalogue if it is missing or stale, and reload it.

    The .mo files are build output (the bootstrap compiles them); a test run
    straight after editing the .po file must not read an old one.
    """
    locale_dir = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
    po, mo = locale_dir / "django.po", locale_dir / "django.mo"
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        call_command("compilemessages", locale=["en"], ignore=[".venv"], verbosity=0)
        # Django caches catalogues per process; drop them so the new one loads.
        trans_real._translations = {}
        trans_real._default = None
