"""The evidence page's choices: outcome, control group, programme, spill-over."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from impact.models import ComparisonDataset
from programmes.models import Programme

__all__ = ["EvidenceForm"]


class EvidenceForm(forms.Form):
    """GET parameters of ``/evidence/``; every field has a safe default."""

    outcome = forms.ChoiceField(label=_("成果指標"), required=False)
    control = forms.ChoiceField(
        label=_("対照群"),
        required=False,
        choices=[
            ("never", _("未処置の県（never treated）")),
            ("notyet", _("まだ処置されていない県（not yet treated）")),
        ],
    )
    programme = forms.ChoiceField(label=_("処置とする事業"), required=False)
    drop_neighbours = forms.BooleanField(
        label=_("処置県に隣接する県を対照から除く"), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        outcomes = sorted(
            set(ComparisonDataset.objects.values_list("outcome", flat=True))
        )
        self.fields["outcome"].choices = [(o, o) for o in outcomes]  # type: ignore[attr-defined]
        self.fields["programme"].choices = [("", _("全ての事業"))] + [  # type: ignore[attr-defined]
            (p.code, p.name_ja) for p in Programme.objects.order_by("start_fy", "code")
        ]

    def choice(self, name: str, default: str) -> str:
        """The cleaned value, or ``default`` when absent or invalid."""
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default
