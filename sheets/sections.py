"""The twelve sections of the 事業評価書, in the seed's order.

The FY2005 sheet (the seed) is the model: every rendering (HTML, PDF, xlsx,
Markdown) walks this tuple, so the order and the wording of the headings are
defined once. Headings are gettext strings: ``--lang en`` renders them in
English from the sheets catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from sheets.choices import ProsePart

__all__ = ["SECTIONS", "SectionSpec", "heading_texts"]


@dataclass(frozen=True)
class SectionSpec:
    """One section: its key, heading and the prose parts an officer writes."""

    key: str
    heading: Promise
    prose: tuple[ProsePart, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("name", pgettext_lazy("sheet heading", "事業名")),
    SectionSpec("divisions", pgettext_lazy("sheet heading", "主管課及び関係課")),
    SectionSpec("objectives", pgettext_lazy("sheet heading", "施策目標及び達成目標")),
    SectionSpec(
        "overview", pgettext_lazy("sheet heading", "事業の概要"), (ProsePart.OVERVIEW,)
    ),
    SectionSpec("budget", pgettext_lazy("sheet heading", "予算額及び事業開始年度")),
    SectionSpec(
        "initial_effect",
        pgettext_lazy("sheet heading", "事業開始時において得ようとした効果"),
        (ProsePart.INITIAL_EFFECT,),
    ),
    SectionSpec(
        "obtained_effect",
        pgettext_lazy("sheet heading", "得られた効果"),
        (ProsePart.OBTAINED_EFFECT,),
    ),
    SectionSpec(
        "intended_effect",
        pgettext_lazy("sheet heading", "得ようとする効果"),
        (ProsePart.INTENDED_EFFECT,),
    ),
    SectionSpec(
        "necessity", pgettext_lazy("sheet heading", "必要性"), (ProsePart.NECESSITY,)
    ),
    SectionSpec(
        "efficiency", pgettext_lazy("sheet heading", "効率性"), (ProsePart.EFFICIENCY,)
    ),
    SectionSpec(
        "effectiveness",
        pgettext_lazy("sheet heading", "有効性"),
        (ProsePart.EFFECTIVENESS,),
    ),
    SectionSpec(
        "remarks",
        pgettext_lazy("sheet heading", "備考"),
        (ProsePart.REMARKS, ProsePart.BASIS_DOCUMENTS),
    ),
)


def heading_texts() -> list[str]:
    """The twelve headings in the active language, in order."""
    return [str(section.heading) for section in SECTIONS]
