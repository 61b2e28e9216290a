"""Validation of metric definitions stored as data.

A target's metric is a kind plus parameters (JSON). This module says which
parameters each kind takes, so an officer's bad definition is refused with a
clear Japanese message before it is saved, never at computation time.
targets/metrics.py computes exactly what is accepted here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from programmes.choices import RegionStatus
from targets.choices import MetricKind

__all__ = [
    "CONDITIONS",
    "ENTITIES",
    "PARAMETERS",
    "POPULATIONS",
    "validate_metric_definition",
]

POPULATIONS = ("prefectures", "prefectures_and_designated_cities")
CONDITIONS = ("has_active_region", "has_policy_outline")
ENTITIES = ("region",)
FISCAL_YEAR_RANGE = (1990, 2200)
_YEAR_KEYS = ("start_fy", "baseline_fy")
_BOOLEAN_KEYS = ("safety_security", "active")

# kind -> (required keys, optional keys)
PARAMETERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    MetricKind.COUNT: (
        frozenset({"entity"}),
        frozenset({"programme", "status", "safety_security", "active", "start_fy"}),
    ),
    MetricKind.CUMULATIVE_SUM: (
        frozenset({"outcome", "start_fy"}),
        frozenset({"programme"}),
    ),
    MetricKind.COVERAGE: (
        frozenset({"population", "condition"}),
        frozenset({"programme", "start_fy"}),
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
        frozenset({"programme", "start_fy"}),
    ),
}


def validate_metric_definition(
    kind: str,
    params: Any,
    outcome_kinds: Mapping[str, str],
    programme_codes: Collection[str] | None = None,
) -> None:
    """Raise a field-keyed ValidationError when the definition cannot be computed.

    ``programme_codes`` (the registered programmes) is optional so that the
    check also runs where the database is not at hand.
    """
    if kind not in PARAMETERS:
        raise ValidationError(
            {"kind": _("指標の種類「{kind}」は使えません。").format(kind=kind)}
        )
    if not isinstance(params, dict):
        raise ValidationError(
            {"params": _("パラメータはJSONオブジェクトで指定してください。")}
        )
    required, optional = PARAMETERS[kind]
    errors = _key_errors(params, required, optional)
    errors += _value_errors(params, outcome_kinds, programme_codes)
    errors += _combination_errors(params)
    if errors:
        raise ValidationError({"params": errors})


def _key_errors(
    params: dict[str, Any], required: frozenset[str], optional: frozenset[str]
) -> list[str]:
    errors = [
        _("必須のパラメータ「{key}」がありません。").format(key=key)
        for key in sorted(required - params.keys())
    ]
    unknown = params.keys() - required - optional
    allowed = ", ".join(sorted(required | optional))
    message = _("パラメータ「{key}」はこの種類では使えません（使用可: {allowed}）。")
    errors += [message.format(key=key, allowed=allowed) for key in sorted(unknown)]
    return errors


def _value_errors(
    params: dict[str, Any],
    outcome_kinds: Mapping[str, str],
    programme_codes: Collection[str] | None,
) -> list[str]:
    errors = _number_errors(params)
    if "outcome" in params and params["outcome"] not in outcome_kinds:
        errors.append(
            _("実績の指標「{outcome}」はありません。").format(outcome=params["outcome"])
        )
    for key, allowed in (
        ("population", POPULATIONS),
        ("condition", CONDITIONS),
        ("entity", ENTITIES),
        ("status", tuple(RegionStatus.values)),
    ):
        if key in params and params[key] not in allowed:
            errors.append(_choice_error(key, allowed))
    errors += _programme_errors(params, programme_codes)
    return errors


def _number_errors(params: dict[str, Any]) -> list[str]:
    low, high = FISCAL_YEAR_RANGE
    errors = [
        _("「{key}」は{low}〜{high}の年度（整数）で指定してください。").format(
            key=key, low=low, high=high
        )
        for key in _YEAR_KEYS
        if key in params and not (_is_int(params[key]) and low <= params[key] <= high)
    ]
    if "min_per_year" in params and not (
        _is_int(params["min_per_year"]) and params["min_per_year"] >= 1
    ):
        errors.append(_("「min_per_year」は1以上の整数で指定してください。"))
    errors += [
        _("「{key}」は true か false で指定してください。").format(key=key)
        for key in _BOOLEAN_KEYS
        if key in params and not isinstance(params[key], bool)
    ]
    return errors


def _programme_errors(
    params: dict[str, Any], programme_codes: Collection[str] | None
) -> list[str]:
    if "programme" not in params:
        return []
    code = params["programme"]
    if not isinstance(code, str) or not code:
        return [_("「programme」は事業コード（例: KC）で指定してください。")]
    if programme_codes is not None and code not in programme_codes:
        return [
            _("事業コード「{code}」の事業はありません（登録済み: {codes}）。").format(
                code=code, codes=", ".join(sorted(programme_codes)) or "—"
            )
        ]
    return []


def _combination_errors(params: dict[str, Any]) -> list[str]:
    """Rules between parameters: which populations a condition can cover."""
    condition = params.get("condition")
    if condition == "has_active_region" and params.get("population") not in (
        None,
        "prefectures",
    ):
        return [
            _(
                "has_active_region は population が prefectures のときだけ使えます"
                "（政令指定都市には地域が結び付いていません）。"
            )
        ]
    if condition == "has_policy_outline" and "programme" in params:
        return [_("has_policy_outline には programme を指定できません。")]
    return []


def _choice_error(key: str, allowed: tuple[str, ...]) -> str:
    return _("「{key}」は {allowed} のいずれかです。").format(
        key=key, allowed=" / ".join(allowed)
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
