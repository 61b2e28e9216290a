"""Forms of the evaluation pages: they check input, the services decide.

Every error is a Japanese sentence; a form never writes anything itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_officer, region_ids
from chiiki.validators import CheckedTextMixin
from evaluations.choices import AllocationWeighting
from evaluations.models import Criterion, Evaluation, Proposal
from evaluations.services import AllocationRequest
from evaluations.services.allocation import DEFAULT_BOUND_PERCENT
from evaluations.validators import MAX_ATTACHMENT_BYTES
from lib.allocation import DEFAULT_RATING_WEIGHTS
from lib.errors import ConventionError
from lib.money import parse_yen
from programmes.models import FISCAL_YEAR_VALIDATORS, Programme, Region

__all__ = [
    "AllocationForm",
    "AllocationSaveForm",
    "AttachmentForm",
    "CommentForm",
    "PlanForm",
    "ProposalForm",
    "ReasonForm",
    "ScoreForm",
]

MAX_PERCENT = 100
#: 1,000兆円: far above any budget, well inside a database bigint.
MAX_YEN = 10**15


class ReasonForm(CheckedTextMixin, forms.Form):
    """The optional reason of a state change (open, close, publish, decide)."""

    reason = forms.CharField(
        label=_("理由・メモ"), required=False, max_length=500, widget=forms.TextInput
    )


class ScoreForm(CheckedTextMixin, forms.Form):
    """One score sheet: a whole-point choice per rubric criterion and a comment."""

    comment = forms.CharField(
        label=_("コメント"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        evaluation: Evaluation,
        criteria: Iterable[Criterion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [
            (str(v), str(v))
            for v in range(evaluation.scale_min, evaluation.scale_max + 1)
        ]
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name_ja,
                help_text=criterion.description_ja,
                choices=choices,
                coerce=int,
                error_messages={
                    "required": _("評点を選んでください。"),
                    "invalid_choice": _(
                        "評点は{low}〜{high}から選んでください。"
                    ).format(low=evaluation.scale_min, high=evaluation.scale_max),
                },
            )
        # The criteria first, the comment last.
        self.fields = {**fields, "comment": self.fields["comment"]}

    @staticmethod
    def field_name(criterion: Criterion) -> str:
        return f"score_{criterion.code}"

    def criterion_fields(self) -> list[tuple[Criterion, forms.BoundField]]:
        return [(c, self[self.field_name(c)]) for c in self.criteria]

    def values(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[self.field_name(c)] for c in self.criteria}


class CommentForm(CheckedTextMixin, forms.Form):
    committee_comment_ja = forms.CharField(
        label=_("委員会コメント"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    requested_changes_ja = forms.CharField(
        label=_("計画の修正要請"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class YenField(forms.CharField):
    """An amount in yen: 6000000000, 6,000,000,000, 60億円 or 6,000百万円."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            amount = parse_yen(text)
        except ConventionError as error:
            raise ValidationError(error.message_ja, code=error.code) from error
        if amount < 0:
            raise ValidationError(_("金額は0円以上で入力してください。"))
        if amount > MAX_YEN:
            raise ValidationError(_("金額が大きすぎます（上限 1,000兆円）。"))
        return amount


def _percent_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PERCENT,
        initial=DEFAULT_BOUND_PERCENT,
        error_messages={
            "required": _("0〜100の整数で入力してください。"),
            "invalid": _("0〜100の整数で入力してください。"),
            "min_value": _("0〜100の整数で入力してください。"),
            "max_value": _("0〜100の整数で入力してください。"),
        },
    )


class AllocationForm(CheckedTextMixin, forms.Form):
    """The inputs of a 傾斜配分, and optionally a second budget/weighting (what-if)."""

    programme = forms.ModelChoiceField(
        label=_("事業"),
        queryset=Programme.objects.order_by("code"),
        to_field_name="code",
        empty_label=None,
    )
    fiscal_year = forms.IntegerField(
        label=_("配分年度"),
        validators=FISCAL_YEAR_VALIDATORS,
        error_messages={"required": _("配分年度を入力してください。")},
    )
    budget = YenField(
        label=_("予算額"),
        help_text=_("例: 60億円、6,000百万円、6000000000"),
        error_messages={"required": _("予算額を入力してください。")},
    )
    evaluation = forms.ModelChoiceField(
        label=_("根拠とする評価"),
        queryset=Evaluation.objects.with_results().select_related("programme"),
        required=False,
        empty_label=_("（直近の公表済み評価）"),
    )
    weighting = forms.ChoiceField(
        label=_("重み付け"),
        choices=AllocationWeighting.choices,
        initial=AllocationWeighting.RATING,
    )
    down_percent = _percent_field(_("下限（基準額からの減 %）"))
    up_percent = _percent_field(_("上限（基準額からの増 %）"))
    cap = YenField(label=_("1地域当たり上限額"), required=False)
    base = YenField(
        label=_("基準額（1地域当たり）"),
        required=False,
        help_text=_("空欄なら事業の1地域当たり年額"),
    )
    compare_budget = YenField(label=_("比較する予算額"), required=False)
    compare_weighting = forms.ChoiceField(
        label=_("比較する重み付け"),
        choices=[("", _("（同じ）")), *AllocationWeighting.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        evaluation, programme = data.get("evaluation"), data.get("programme")
        if evaluation and programme and evaluation.programme_id != programme.pk:
            self.add_error("evaluation", _("評価の事業と配分の事業が異なります。"))
        return data

    def request(self) -> AllocationRequest:
        data = self.cleaned_data
        return AllocationRequest(
            programme=data["programme"],
            fiscal_year=data["fiscal_year"],
            budget_yen=data["budget"],
            evaluation=data["evaluation"],
            weighting=data["weighting"],
            down_percent=data["down_percent"],
            up_percent=data["up_percent"],
            cap_yen=data["cap"],
            base_yen=data["base"],
            rating_weights=dict(DEFAULT_RATING_WEIGHTS),
        )

    def what_if_changes(self) -> dict[str, Any]:
        """The second scenario's changes, empty when no comparison was asked."""
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        if data.get("compare_budget") is not None:
            changes["budget_yen"] = data["compare_budget"]
        if data.get("compare_weighting"):
            changes["weighting"] = data["compare_weighting"]
        return changes

    def compared_request(self) -> AllocationRequest | None:
        changes = self.what_if_changes()
        return replace(self.request(), **changes) if changes else None


class AllocationSaveForm(AllocationForm):
    """The same inputs, stored as a named run (and optionally adopted)."""

    label_ja = forms.CharField(label=_("名称"), max_length=200)
    adopt = forms.BooleanField(label=_("この配分を決定とする"), required=False)
    note_ja = forms.CharField(label=_("備考"), required=False, max_length=2000)


class ProposalForm(CheckedTextMixin, forms.ModelForm):
    """A proposal to a call; region staff may only name their own regions."""

    class Meta:
        model = Proposal
        fields = [
            "title_ja",
            "applicant_ja",
            "region",
            "main_prefecture",
            "requested_amount_yen",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.select_related("programme").order_by("code")
        if not is_officer(user):
            regions = regions.filter(pk__in=region_ids(user))
        self.fields["region"].queryset = regions


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("添付資料（PDF・xlsx）"),
        help_text=_("PDF（.pdf）または Excel（.xlsx）、{} MB まで").format(
            MAX_ATTACHMENT_BYTES // (1024 * 1024)
        ),
        error_messages={
            "required": _("ファイルを選んでください。"),
            "empty": _("空のファイルは添付できません。"),
        },
    )


class PlanForm(CheckedTextMixin, forms.Form):
    title_ja = forms.CharField(label=_("計画名"), required=False, max_length=200)
    body_ja = forms.CharField(
        label=_("改訂後の計画"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("改訂後の計画を入力してください。")},
    )
