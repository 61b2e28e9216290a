"""Validation of metric definitions stored as data.

A target's metric is a kind plus parameters (JSON). This module says which
parameters each kind takes, so an officer's bad definition is refused with a
clear Japanese message before it is saved, never at computation time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from targets.choices import MetricKind

POPULATIONS = ("prefectures", "prefectures_and_designated_cities")
CONDITIONS = ("has_active_region", "has_policy_outline")
ENTITIES = ("region",)

# kind -> (required keys, optional keys)
PARAMETERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    MetricKind.COUNT: (
        frozenset({"entity"}),
        frozenset({"programme", "status", "safety_security", "active"}),
    ),
    MetricKind.CUMULATIVE_SUM: (
        frozenset({"outcome", "start_fy"}),
        frozenset({"programme"}),
    ),
    MetricKind.COVERAGE: (
        frozenset({"population", "condition"}),
        frozenset({"programme"}),
    ),
    MetricKind.GROWTH_VS_BASELINE: (
        frozenset({"outcome", "baseline_fy"}),
        frozenset({"programme"}),
    ),
    MetricKind.EVERY_YEAR: (
        frozenset({"outcome", "start_fy"}),
        frozenset({"programme", "min_per_year"}),
    ),
    MetricKind.YOY_INCREASE: (
        frozenset({"outcome"}),
        frozenset({"programme"}),
    ),
}


def validate_metric_definition(
    kind: str, params: Any, outcome_kinds: Mapping[str, str]
) -> None:
    """Raise a field-keyed ValidationError when the definition cannot be computed."""
    if kind not in PARAMETERS:
        raise ValidationError({"kind": f"指標の種類「{kind}」は使えません。"})
    if not isinstance(params, dict):
        raise ValidationError(
            {"params": "パラメータはJSONオブジェクトで指定してください。"}
        )
    required, optional = PARAMETERS[kind]
    errors = _key_errors(params, required, optional)
    errors += _value_errors(params, outcome_kinds)
    if errors:
        raise ValidationError({"params": errors})


def _key_errors(
    params: dict[str, Any], required: frozenset[str], optional: frozenset[str]
) -> list[str]:
    errors = [
        f"必須のパラメータ「{key}」がありません。"
        for key in sorted(required - params.keys())
    ]
    unknown = params.keys() - required - optional
    errors += [
        f"パラメータ「{key}」はこの種類では使えません。" for key in sorted(unknown)
    ]
    return errors


def _value_errors(
    params: dict[str, Any], outcome_kinds: Mapping[str, str]
) -> list[str]:
    errors: list[str] = []
    if "outcome" in params and params["outcome"] not in outcome_kinds:
        errors.append(f"実績の指標「{params['outcome']}」はありません。")
    for key in ("start_fy", "baseline_fy", "min_per_year"):
        if key in params and not _is_int(params[key]):
            errors.append(f"「{key}」は整数で指定してください。")
    if "population" in params and params["population"] not in POPULATIONS:
        errors.append("population は " + " / ".join(POPULATIONS) + " のいずれかです。")
    if "condition" in params and params["condition"] not in CONDITIONS:
        errors.append("condition は " + " / ".join(CONDITIONS) + " のいずれかです。")
    if "entity" in params and params["entity"] not in ENTITIES:
        errors.append("entity は region のみ使えます。")
    return errors


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
