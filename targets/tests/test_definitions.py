"""Metric definitions are data: a bad one is refused with a clear message."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from reports.choices import OutcomeKind
from targets.definitions import validate_metric_definition

OUTCOMES = dict(OutcomeKind.choices)


def errors(kind: str, params: Any, codes: set[str] | None = None) -> list[str]:
    with pytest.raises(ValidationError) as error:
        validate_metric_definition(kind, params, OUTCOMES, codes)
    return [
        message
        for messages in error.value.message_dict.values()
        for message in messages
    ]


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("count", {"entity": "region", "programme": "KC", "active": True}),
        ("count", {"entity": "region", "status": "active", "start_fy": 2002}),
        ("cumulative_sum", {"outcome": "patent_applications", "start_fy": 2002}),
        ("coverage", {"population": "prefectures", "condition": "has_active_region"}),
        (
            "coverage",
            {
                "population": "prefectures_and_designated_cities",
                "condition": "has_policy_outline",
            },
        ),
        ("growth_vs_baseline", {"outcome": "joint_research", "baseline_fy": 2002}),
        ("every_year", {"outcome": "companies", "start_fy": 2002, "min_per_year": 2}),
        ("yoy_increase", {"outcome": "companies", "programme": "CA"}),
    ],
)
def test_it_accepts_every_kind_with_its_parameters(
    kind: str, params: dict[str, Any]
) -> None:
    validate_metric_definition(kind, params, OUTCOMES, {"KC", "CA"})


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("median", {}, "指標の種類「median」は使えません。"),
        ("count", [], "パラメータはJSONオブジェクトで指定してください。"),
        ("count", {}, "必須のパラメータ「entity」がありません。"),
        (
            "count",
            {"entity": "region", "outcome": "x"},
            "パラメータ「outcome」はこの種類では使えません",
        ),
        ("count", {"entity": "city"}, "「entity」は region のいずれかです。"),
        ("count", {"entity": "region", "status": "asleep"}, "「status」は"),
        ("count", {"entity": "region", "active": "yes"}, "「active」は true か false"),
        (
            "cumulative_sum",
            {"outcome": "x", "start_fy": 2002},
            "実績の指標「x」はありません。",
        ),
        (
            "cumulative_sum",
            {"outcome": "companies", "start_fy": True},
            "「start_fy」は",
        ),
        (
            "cumulative_sum",
            {"outcome": "companies", "start_fy": 1800},
            "「start_fy」は",
        ),
        (
            "every_year",
            {"outcome": "companies", "start_fy": 2002, "min_per_year": 0},
            "min_per_year",
        ),
        (
            "coverage",
            {
                "population": "prefectures_and_designated_cities",
                "condition": "has_active_region",
            },
            "has_active_region は population が prefectures のときだけ使えます",
        ),
        (
            "coverage",
            {
                "population": "prefectures",
                "condition": "has_policy_outline",
                "programme": "KC",
            },
            "has_policy_outline には programme を指定できません。",
        ),
        (
            "yoy_increase",
            {"outcome": "companies", "programme": "ZZ"},
            "事業コード「ZZ」の事業はありません",
        ),
    ],
)
def test_it_refuses_a_bad_definition_with_a_clear_message(
    kind: str, params: Any, message: str
) -> None:
    assert any(message in text for text in errors(kind, params, {"KC", "CA"}))


def test_it_lists_every_problem_at_once() -> None:
    problems = errors("cumulative_sum", {"outcome": "x", "colour": "red"})

    assert len(problems) == 3  # missing start_fy, unknown colour, unknown outcome
