"""GET /api/v1/programmes and /api/v1/budgets: public budget figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from programmes.choices import BudgetKind, Certainty
from programmes.models import BudgetFigure, Programme
from tests.factories import make_programme, make_subsidy

pytestmark = pytest.mark.django_db


def _budget(programme: Programme | None, **overrides: Any) -> BudgetFigure:
    """A programme's figure, or a whole-subsidy one when programme is None."""
    if programme is not None:
        overrides.setdefault("subsidy", programme.subsidy)
    overrides.setdefault("fiscal_year", 2004)
    overrides.setdefault("kind", BudgetKind.BUDGET)
    overrides.setdefault("amount_yen", 9_000_000_000)
    return BudgetFigure.objects.create(programme=programme, **overrides)


def test_it_lists_programmes_with_their_budgets(client: Client) -> None:
    kc = make_programme(
        code="KC",
        name_ja="知的クラスター創成事業",
        name_en="Knowledge Cluster Initiative",
        annual_amount_per_region_yen=500_000_000,
        duration_years=5,
    )
    _budget(kc, fiscal_year=2004, amount_yen=9_000_000_000)
    _budget(kc, fiscal_year=2003, amount_yen=6_900_000_000, source="評価書")
    _budget(None, subsidy=kc.subsidy, amount_yen=12_400_000_000)

    response = client.get("/api/v1/programmes")

    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "KC",
            "name_ja": "知的クラスター創成事業",
            "name_en": "Knowledge Cluster Initiative",
            "start_fy": 2002,
            "annual_amount_per_region_yen": 500_000_000,
            "duration_years": 5,
            "budgets": [
                {
                    "fiscal_year": 2003,
                    "kind": "budget",
                    "amount_yen": 6_900_000_000,
                    "certainty": "high",
                    "source": "評価書",
                },
                {
                    "fiscal_year": 2004,
                    "kind": "budget",
                    "amount_yen": 9_000_000_000,
                    "certainty": "high",
                    "source": "",
                },
            ],
        }
    ]


def test_it_lists_programmes_in_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: Any
) -> None:
    subsidy = make_subsidy()
    for n in range(3):
        _budget(make_programme(subsidy=subsidy), fiscal_year=2002 + n)

    # The data version (ETag, chiiki/caching.py), programmes, their budgets.
    with django_assert_num_queries(3):
        response = client.get("/api/v1/programmes")

    assert len(response.json()) == 3


def test_it_lists_whole_subsidy_figures_with_a_null_programme(client: Client) -> None:
    subsidy = make_subsidy(name_ja="地域科学技術振興事業費補助金")
    ca = make_programme(code="CA", subsidy=subsidy)
    _budget(ca, fiscal_year=2004, amount_yen=3_400_000_000)
    _budget(
        None,
        subsidy=subsidy,
        fiscal_year=2004,
        amount_yen=12_400_000_000,
    )
    _budget(
        None,
        subsidy=subsidy,
        fiscal_year=2005,
        kind=BudgetKind.REQUEST,
        amount_yen=17_600_000_000,
        certainty=Certainty.MEDIUM,
    )

    response = client.get("/api/v1/budgets")

    assert response.status_code == 200
    body = response.json()
    assert [(b["fiscal_year"], b["kind"], b["programme"]) for b in body] == [
        (2004, "budget", None),
        (2004, "budget", "CA"),
        (2005, "request", None),
    ]
    assert body[2] == {
        "subsidy": "地域科学技術振興事業費補助金",
        "programme": None,
        "fiscal_year": 2005,
        "kind": "request",
        "amount_yen": 17_600_000_000,
        "certainty": "medium",
        "source": "",
    }
