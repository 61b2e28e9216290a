"""Forms of the sheets pages: the prose of one FY, and the comparison choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chiiki.validators import CheckedTextMixin
from sheets.choices import ProsePart

__all__ = ["CompareForm", "ProseForm"]


class ProseForm(CheckedTextMixin, forms.Form):
    """One Japanese (and optional English) textarea per written part."""

    def __init__(self, *args: Any, initial_texts: dict[str, tuple[str, str]],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        for part in ProsePart:
            ja, en = initial_texts.get(part.value, ("", ""))
            self.fields[f"{part.value}_ja"] = forms.CharField(
                label=part.label,
                initial=ja,
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=20_000,
            )
            self.fields[f"{part.value}_en"] = forms.CharField(
                label=_("{part}（英語）").format(part=part.label),
                initial=en,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=20_000,
            )

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            part.value: (
                self.cleaned_data[f"{part.value}_ja"],
                self.cleaned_data[f"{part.value}_en"],
            )
            for part in ProsePart
        }


class CompareForm(forms.Form):
    before = forms.IntegerField(label=_("比較元の年度"), min_value=1990, max_value=2200)
    after = forms.IntegerField(label=_("比較先の年度"), min_value=1990, max_value=2200)
