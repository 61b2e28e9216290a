"""`manage.py allocate`: table and JSON output, what-if, clear errors."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evaluations.choices import EvaluationType
from evaluations.services import close_evaluation, open_for_scoring
from evaluations.tests.factories import Panel, make_panel, score_everything
from lib.money import YEN_PER_OKU
from tests.factories import make_programme

pytestmark = pytest.mark.django_db
BASE = 5 * YEN_PER_OKU


@pytest.fixture
def panel() -> Panel:
    programme = make_programme(code="KC", annual_amount_per_region_yen=BASE)
    panel = make_panel(regions=3, members=2, min_reviewers=2, programme=programme)
    levels = dict(zip((i.pk for i in panel.items), (5, 3, 1), strict=True))
    open_for_scoring(panel.evaluation, None)
    score_everything(panel, lambda item, member: levels[item.pk])
    close_evaluation(panel.evaluation, None)
    return panel


def _run(*args: str) -> str:
    out = StringIO()
    call_command("allocate", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_allocation_as_json(panel: Panel) -> None:
    data = json.loads(
        _run(
            "--budget",
            "14億円",
            "--fiscal-year",
            "2005",
            "--evaluation",
            str(panel.evaluation.pk),
            "--format",
            "json",
        )
    )
    assert data["budget_yen"] == data["total_yen"] == 14 * YEN_PER_OKU
    assert data["programme"] == "KC"
    assert [r["rating"] for r in data["regions"]] == ["S", "B", "C"]
    amounts = [r["amount_yen"] for r in data["regions"]]
    assert amounts == sorted(amounts, reverse=True)
    assert data["regions"][2]["bound"] == "floor"


def test_it_prints_a_table_with_every_number(panel: Panel) -> None:
    text = _run(
        "--budget",
        "1500000000",
        "--fiscal-year",
        "2005",
        "--evaluation",
        str(panel.evaluation.pk),
    )
    assert "2005年度 傾斜配分" in text
    assert "350,000,000" in text
    assert "下限" in text
    assert panel.items[0].region.code in text


def test_it_compares_two_budgets(panel: Panel) -> None:
    data = json.loads(
        _run(
            "--budget",
            "15億円",
            "--compare-budget",
            "14億円",
            "--fiscal-year",
            "2005",
            "--evaluation",
            str(panel.evaluation.pk),
            "--format",
            "json",
        )
    )
    assert sum(d["difference_yen"] for d in data["deltas"]) == -YEN_PER_OKU
    assert "what-if" in _run(
        "--budget",
        "15億円",
        "--compare-budget",
        "14億円",
        "--fiscal-year",
        "2005",
        "--evaluation",
        str(panel.evaluation.pk),
    )


def test_it_accepts_other_rating_weights(panel: Panel) -> None:
    data = json.loads(
        _run(
            "--budget",
            "15億円",
            "--fiscal-year",
            "2005",
            "--evaluation",
            str(panel.evaluation.pk),
            "--weight",
            "C=1.3",
            "--weight",
            "S=0.7",
            "--format",
            "json",
        )
    )
    amounts = [r["amount_yen"] for r in data["regions"]]
    assert amounts == sorted(amounts)


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("9億円", "下限額の合計"),
        ("30億円", "上限額の合計"),
        ("1000000500", "1,000円単位"),
    ],
)
def test_it_fails_clearly_on_infeasible_input(
    panel: Panel, budget: str, message: str
) -> None:
    with pytest.raises(CommandError) as caught:
        _run(
            "--budget",
            budget,
            "--fiscal-year",
            "2005",
            "--evaluation",
            str(panel.evaluation.pk),
        )
    assert message in str(caught.value)


def test_it_fails_on_an_unknown_or_open_evaluation(panel: Panel) -> None:
    with pytest.raises(CommandError, match="見つかりません"):
        _run("--budget", "15億円", "--fiscal-year", "2005", "--evaluation", "999999")
    draft = make_panel(programme=panel.evaluation.programme, kind=EvaluationType.FINAL)
    with pytest.raises(CommandError, match="締切前"):
        _run(
            "--budget",
            "15億円",
            "--fiscal-year",
            "2005",
            "--evaluation",
            str(draft.evaluation.pk),
        )


def test_it_refuses_an_unreadable_budget_as_a_usage_error(panel: Panel) -> None:
    with pytest.raises(CommandError, match="--budget"):
        _run("--budget", "たくさん", "--fiscal-year", "2005")


def test_it_writes_nothing(panel: Panel) -> None:
    from evaluations.models import AllocationRun

    _run(
        "--budget",
        "15億円",
        "--fiscal-year",
        "2005",
        "--evaluation",
        str(panel.evaluation.pk),
    )
    assert not AllocationRun.objects.exists()
