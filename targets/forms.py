"""An officer's form for a target and its metrics (kind + JSON parameters).

Validation is the model's: each metric's ``full_clean`` runs
targets/definitions.py, so the form, the admin and `load_demo` refuse the same
bad definitions with the same messages. :func:`save_target` writes the target
and its metrics in one transaction, and only after every form is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from chiiki.validators import CheckedTextMixin
from targets.choices import MetricKind
from targets.definitions import PARAMETERS
from targets.models import Metric, Target

__all__ = [
    "MetricForm",
    "ParameterHelp",
    "TargetForm",
    "metric_formset",
    "parameter_help",
    "save_target",
]

#: One working example per kind, shown next to the form.
EXAMPLES: dict[str, str] = {
    MetricKind.COUNT: '{"entity": "region", "programme": "KC", "active": true}',
    MetricKind.CUMULATIVE_SUM: '{"outcome": "patent_applications", "start_fy": 2002}',
    MetricKind.COVERAGE: (
        '{"population": "prefectures", "condition": "has_active_region"}'
    ),
    MetricKind.GROWTH_VS_BASELINE: '{"outcome": "joint_research", "baseline_fy": 2002}',
    MetricKind.EVERY_YEAR: (
        '{"outcome": "activities_joint_presentation", "start_fy": 2002, '
        '"programme": "KC", "min_per_year": 1}'
    ),
    MetricKind.YOY_INCREASE: '{"outcome": "companies"}',
}  # fmt: skip


class TargetForm(CheckedTextMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "goal", "code", "text_ja", "text_en", "relation", "baseline_text",
            "deadline_fy", "order",
        ]  # fmt: skip
        widgets = {
            "text_ja": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }


class MetricForm(CheckedTextMixin, forms.ModelForm):
    params = forms.JSONField(
        label=_("パラメータ（JSON）"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "code-input"}),
        help_text=_("種類ごとのパラメータは右の表を参照してください。"),
    )

    class Meta:
        model = Metric
        fields = ["key", "label_ja", "kind", "params", "goal_value", "unit_ja"]


def metric_formset(extra: int = 0) -> type[BaseInlineFormSet]:
    """A target's metrics: at least one; keys unique within the target.

    ``extra`` blank forms follow the existing metrics (an unchanged blank
    form is ignored), so an officer can add a metric while editing.
    """
    return inlineformset_factory(
        Target,
        Metric,
        form=MetricForm,
        extra=extra,
        min_num=1,
        validate_min=True,
        can_delete=True,
    )


@dataclass(frozen=True)
class ParameterHelp:
    kind: str
    label: str
    required: list[str]
    optional: list[str]
    example: str


def parameter_help() -> list[ParameterHelp]:
    """The parameter table of targets/definitions.py, for the form page."""
    return [
        ParameterHelp(
            kind=kind.value,
            label=str(kind.label),
            required=sorted(PARAMETERS[kind][0]),
            optional=sorted(PARAMETERS[kind][1]),
            example=EXAMPLES[kind],
        )
        for kind in MetricKind
    ]


def save_target(form: TargetForm, formset: Any) -> Target:
    """Save a valid target form and its valid metric formset atomically."""
    with transaction.atomic():
        target = form.save()
        formset.instance = target
        formset.save()
    return target
