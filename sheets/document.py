"""The 事業評価書 as one typed document: twelve sections of prose and figures.

:func:`build_sheet` joins the computed figures (sheets.figures) with the
officers' prose (SheetProse) into :class:`Sheet`; every renderer
(sheets.render.*) only walks that structure. The sheet also records the data
version it was generated from: the last audit entry (every change to the
data writes one) and a digest of its figures.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from sheets.choices import ProsePart
from sheets.figures import (
    Cell,
    Figure,
    Objective,
    SheetFigures,
    Table,
    build_figures,
    fy_text,
)
from sheets.models import SheetProse
from sheets.sections import SECTIONS

__all__ = [
    "FIRST_FISCAL_YEAR",
    "LAST_FISCAL_YEAR",
    "DataVersion",
    "Line",
    "ProseText",
    "Section",
    "Sheet",
    "build_sheet",
    "compose",
    "current_prose",
]

Line = tuple[Cell, ...]

#: The years a sheet can be asked for (平成2年度〜; the registry's own bounds).
FIRST_FISCAL_YEAR = 1990
LAST_FISCAL_YEAR = 2200


@dataclass(frozen=True)
class DataVersion:
    """Which state of the data a sheet shows: audit high-water mark + digest."""

    audit_id: int
    digest: str
    generated_at: datetime

    @property
    def label(self) -> str:
        return f"audit#{self.audit_id}/{self.digest}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "audit_id": self.audit_id,
            "digest": self.digest,
            "generated_at": self.generated_at.isoformat(),
        }


@dataclass(frozen=True)
class ProseText:
    """The written text of one part, and which FY's revision it is."""

    part: str
    text: str
    revision: int
    fiscal_year: int

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n") if p.strip()]


@dataclass
class Section:
    """One of the twelve sections, ready to render."""

    key: str
    heading: str
    number: int
    lines: list[Line] = field(default_factory=list)
    prose: list[ProseText] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    #: 達成年度 beside 得ようとする効果, as the seed's right-hand column.
    side: Figure | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    fiscal_year: int
    language: str
    title: str
    sections: list[Section]
    data: SheetFigures
    version: DataVersion

    def figures_json(self) -> dict[str, Any]:
        return self.data.figures_json()

    def prose_json(self) -> dict[str, str]:
        return {
            prose.part: prose.text
            for section in self.sections
            for prose in section.prose
        }

    def as_dict(self) -> dict[str, Any]:
        """What the API answers and publication stores as JSON."""
        return {
            "fiscal_year": self.fiscal_year,
            "language": self.language,
            "title": self.title,
            "data_version": self.version.as_dict(),
            "headings": [section.heading for section in self.sections],
            "figures": self.figures_json(),
            "prose": self.prose_json(),
            "completeness": [state.as_dict() for state in self.data.completeness],
        }

    @property
    def is_provisional(self) -> bool:
        """Some year the sheet sums has reports still missing (暫定)."""
        return bool(self.data.provisional)


def compose(template: str, **parts: Cell) -> Line:
    """「{a}は{b}」 with figures kept as figures, so renderers can link them."""
    line: list[Cell] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            line.append(literal)
        if name is not None:
            line.append(parts[name])
    return tuple(line)


def current_prose(fiscal_year: int, language: str = "ja") -> dict[str, ProseText]:
    """Each part's latest revision for the FY, else the latest earlier FY's.

    Carrying the previous year's wording forward gives the officer a draft
    to edit, as ministries start a sheet from last year's.
    """
    found: dict[str, ProseText] = {}
    rows = SheetProse.objects.filter(fiscal_year__lte=fiscal_year).order_by(
        "fiscal_year", "revision"
    )
    for row in rows:
        text = row.text_en if language == "en" and row.text_en else row.text_ja
        found[row.part] = ProseText(row.part, text, row.revision, row.fiscal_year)
    return found


def data_version(figures: dict[str, Any]) -> DataVersion:
    audit_id = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    payload = json.dumps(figures, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(payload.encode()).hexdigest()[:12]
    return DataVersion(audit_id, digest, timezone.now())


def build_sheet(fiscal_year: int, language: str = "ja") -> Sheet:
    """The FY's sheet from the live data and the current prose."""
    with translation.override(language):
        data = build_figures(fiscal_year)
        prose = current_prose(fiscal_year, language)
        sections = [
            _section(number, spec.key, str(spec.heading), data, prose, spec.prose)
            for number, spec in enumerate(SECTIONS, start=1)
        ]
        title = _("{fy}事業評価書 {name}").format(
            fy=fy_text(fiscal_year), name=data.subsidy_name
        )
        figures = data.figures_json()
        return Sheet(
            fiscal_year, language, title, sections, data, data_version(figures)
        )


def _section(
    number: int,
    key: str,
    heading: str,
    data: SheetFigures,
    prose: dict[str, ProseText],
    parts: tuple[ProsePart, ...],
) -> Section:
    section = Section(key, heading, number)
    section.prose = [prose[part] for part in parts if part in prose]
    builder = _BUILDERS.get(key)
    if builder is not None:
        builder(section, data)
    if any(table.key in _SUMMING_TABLES for table in section.tables):
        section.notes += completeness_notes(data)
    return section


#: Tables whose figures sum the years' reports (the completeness notes go there).
_SUMMING_TABLES = frozenset({"outcomes", "targets", "efficiency"})


def completeness_notes(data: SheetFigures) -> list[str]:
    """「平成17年度の年次報告は暫定（36地域中1地域受理）…」 and each 締め's reasons."""
    notes = []
    for state in data.completeness:
        year = fy_text(state.fiscal_year)
        if state.is_provisional:
            notes.append(
                _(
                    "{fy}の年次報告は{label}です。同年度を合計した数値は暫定値で、"
                    "達成目標の判定・予測には用いていません。"
                ).format(fy=year, label=state.label)
            )
            continue
        reasons = "、".join(f"{n.region_name}：{n.reason}" for n in state.missing)
        notes.append(
            _("{fy}は{label}。未受理の報告の理由：{reasons}").format(
                fy=year, label=state.label, reasons=reasons
            )
        )
    return notes


# --- the computed part of each section --------------------------------------------


def _name(section: Section, data: SheetFigures) -> None:
    section.lines.append((data.subsidy_name,))
    names = "・".join(name for _code, name in data.programmes)
    if names:
        section.lines.append((f"（{names}）",))


def _divisions(section: Section, data: SheetFigures) -> None:
    if data.lead_division:
        section.lines.append((_("（主管課）"), data.lead_division))
    if data.related_divisions:
        section.lines.append((_("（関係課）"), data.related_divisions))


def _objectives(section: Section, data: SheetFigures) -> None:
    section.objectives = list(data.objectives)


def _overview(section: Section, data: SheetFigures) -> None:
    parts = []
    for code, name in data.programmes:
        figure = data.figures.get(f"regions.{code}")
        if figure is not None:
            parts.append(compose(_("{programme}は全国{regions}"), programme=name,
                                 regions=figure))  # fmt: skip
    if not parts:
        return
    line: list[Cell] = [_("{fy}は、").format(fy=fy_text(data.previous_fy))]
    for index, part in enumerate(parts):
        if index:
            line.append(_("、"))
        line.extend(part)
    line.append(_("で実施。"))
    section.lines.append(tuple(line))


def _budget(section: Section, data: SheetFigures) -> None:
    request = data.figures.get("budget.request")
    previous = data.figures.get("budget.previous")
    start = data.figures.get("subsidy.start_fy")
    if request is not None:
        line: list[Cell] = [request.label, _(": "), request]
        if previous is not None:
            line += [_("（"), previous.label, " ", previous, _("）")]
        section.lines.append(tuple(line))
    if start is not None:
        section.lines.append((start.label, _(": "), start))
    section.tables.append(data.tables["budgets"])
    section.charts.append("budget")


def _obtained(section: Section, data: SheetFigures) -> None:
    year = fy_text(data.results_fy)
    names = dict(data.programmes)
    for group in data.researchers:
        name = names.get(group.programme, group.programme)
        if group.population.start_fy is not None:
            template = _(
                "{programme}では、{start}に事業を開始した{regions}の合計で、"
                "{total}の研究者（うち企業{industry}）が共同研究に参加している。"
            )
            start = fy_text(group.population.start_fy)
        else:
            template = _(
                "{programme}では、{year}までに{regions}で{total}の研究者"
                "（うち企業{industry}）が共同研究に参加している。"
            )
            start = ""
        section.lines.append(
            compose(template, programme=name, start=start, year=year,
                    regions=group.regions, total=group.total, industry=group.industry)
        )  # fmt: skip
    commercial = data.figures.get("commercializations.cumulative")
    if commercial is not None:
        section.lines.append(
            compose(_("{label}: {value}"), label=commercial.label, value=commercial)
        )
    section.tables.append(data.tables["outcomes"])


def _intended(section: Section, data: SheetFigures) -> None:
    section.side = data.figures.get("targets.deadline")


def _efficiency(section: Section, data: SheetFigures) -> None:
    figures = data.figures
    total, industry = (
        figures.get("researchers.total"),
        figures.get("researchers.industry"),
    )
    if total is not None and industry is not None:
        section.lines.append(
            compose(_("(1) 本事業には、{total}の産学官の研究者が参加"
                      "（うち産は{industry}）。"),
                    total=total, industry=industry)
        )  # fmt: skip
    growth = [figures.get(f"growth.{k}") for k in ("budget", "companies", "patents")]
    if all(growth):
        budget, companies, patents = growth
        section.lines.append(
            compose(_("{budget_label} {budget} に対し、{companies_label} {companies}、"
                      "{patents_label} {patents}。"),
                    budget_label=budget.label, budget=budget,
                    companies_label=companies.label, companies=companies,
                    patents_label=patents.label, patents=patents)
        )  # fmt: skip
    patents_year = figures.get("patents.results_year")
    if patents_year is not None:
        section.lines.append(
            compose(_("(2) 本事業の実施による特許出願件数は{label}で{value}。"
                      "比較対象機関の特許出願件数と予算規模は次表のとおり。"),
                    label=fy_text(data.results_fy), value=patents_year)
        )  # fmt: skip
    section.tables.append(data.tables["efficiency"])
    funds = figures.get("funds.regional")
    if funds is not None:
        section.lines.append(
            compose(_("(3) 本事業と連動した地域側の自主事業に{value}"
                      "（{label}）が投入されている。"),
                    value=funds, label=funds.label)
        )  # fmt: skip


def _effectiveness(section: Section, data: SheetFigures) -> None:
    section.tables.append(data.tables["targets"])
    section.charts.append("targets")
    if not data.evaluations:
        section.notes.append(_("中間評価・終了評価の結果は、まだ公表されていません。"))
    for evaluation in data.evaluations:
        ratings = "、".join(f"{rating} {count}" for rating, count in evaluation.ratings)
        synthetic = _("（合成データ）") if evaluation.synthetic else ""
        section.lines.append(
            compose(
                _("{fy} {title}: {items}（{ratings}）{synthetic}"),
                fy=fy_text(evaluation.fiscal_year),
                title=evaluation.title,
                items=evaluation.items,
                ratings=ratings,
                synthetic=synthetic,
            )
        )


_BUILDERS = {
    "name": _name,
    "divisions": _divisions,
    "objectives": _objectives,
    "overview": _overview,
    "budget": _budget,
    "obtained_effect": _obtained,
    "intended_effect": _intended,
    "efficiency": _efficiency,
    "effectiveness": _effectiveness,
}
