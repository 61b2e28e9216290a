"""Every computed figure of the 事業評価書, from the live data, with its source.

The sheet for fiscal year F is written in the summer of F-1 (the FY2005
sheet is dated 2004): budgets are F's request and F-1's budget, regions are
those active in F-1, results are those of F-2 (the last complete year; the
seed's 「平成15年度までに」), targets are judged as of F-1. Each number is a
:class:`Figure` with the URL of the rows behind it; nothing here formats
prose or renders a file (see sheets.document and sheets.render).

Logic that exists elsewhere is called, never copied: budgets from
programmes.queries, active regions from ``Region.active_in``, outcomes from
the YearlyOutcome aggregates reports.outcomes maintains, targets from
targets.services.evaluate_targets, efficiency from targets.efficiency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from evaluations.choices import EvaluationType, Rating
from evaluations.models import Evaluation, ItemResult
from lib.money import YEN_PER_MILLION, YEN_PER_OKU
from lib.wareki import format_fiscal_year
from programmes.choices import BudgetKind
from programmes.models import Programme, Region
from programmes.queries import BudgetYear, budgets_by_year, subsidy
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome
from sheets.sources import OutcomeQuery, Population
from targets.choices import TargetRelation
from targets.completeness import Completeness, completeness, completeness_table
from targets.efficiency import EfficiencyRow, benchmark_efficiency, programme_efficiency
from targets.models import Target
from targets.services import TargetResult, evaluate_targets

__all__ = [
    "Cell",
    "EvaluationLine",
    "Figure",
    "Objective",
    "ResearcherGroup",
    "SheetFigures",
    "Table",
    "Unit",
    "build_figures",
    "format_figure",
]

O = OutcomeKind  # noqa: E741 - short alias, used on almost every line below


class Unit:
    """How a figure's value is written (and formatted in the xlsx)."""

    MILLION_YEN = "million_yen"
    OKU_YEN = "oku_yen"
    PEOPLE = "people"
    COUNT = "count"
    REGIONS = "regions"
    FISCAL_YEAR = "fiscal_year"
    RATIO = "ratio"
    PER_OKU = "per_oku"
    PERCENT = "percent"
    METRIC = "metric"  # a target metric's own unit, kept in Figure.suffix


@dataclass(frozen=True)
class Figure:
    """One computed number, its wording and the page with the rows behind it.

    ``value`` is in the unit's own terms (百万円, 億円, persons, a FY …), the
    number a government spreadsheet would hold in the cell.
    """

    key: str
    label: str
    value: int | float
    unit: str
    source: str
    approximate: bool = False
    #: The value is a floor (the seed's 「1兆円以上」).
    lower_bound: bool = False
    #: The unit word of a METRIC figure (「件」「%」「地域」 as the target defines).
    suffix: str = ""

    @property
    def text(self) -> str:
        if self.unit == Unit.METRIC:
            number = self.value
            shown = f"{number:,.1f}" if isinstance(number, float) else f"{number:,}"
            return f"{shown}{self.suffix}"
        text = format_figure(self.value, self.unit, self.approximate)
        if self.lower_bound:
            text = f"{text} or more" if _english() else f"{text}以上"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "source": self.source,
        }


Cell = str | Figure


@dataclass(frozen=True)
class Table:
    """A small table of the sheet; figure cells keep their links."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Objective:
    """A line of 施策目標及び達成目標: a policy goal or one of its targets."""

    kind: str  # "goal", "target" or "related" (the seed's 「(関連)」 marker)
    code: str
    text: str
    url: str = ""


@dataclass(frozen=True)
class ResearcherGroup:
    """Researchers of one programme's population in the results year."""

    programme: str
    population: Population
    regions: Figure
    total: Figure
    industry: Figure


@dataclass(frozen=True)
class EvaluationLine:
    """A published interim or final evaluation and its ratings."""

    title: str
    kind: str
    programme: str
    fiscal_year: int
    items: Figure
    ratings: tuple[tuple[str, int], ...]
    synthetic: bool = False


@dataclass
class SheetFigures:
    """All computed content of one FY's sheet, before the prose is added."""

    fiscal_year: int
    subsidy_name: str = ""
    lead_division: str = ""
    related_divisions: str = ""
    figures: dict[str, Figure] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    objectives: list[Objective] = field(default_factory=list)
    programmes: list[tuple[str, str]] = field(default_factory=list)
    researchers: list[ResearcherGroup] = field(default_factory=list)
    targets: list[TargetResult] = field(default_factory=list)
    evaluations: list[EvaluationLine] = field(default_factory=list)
    budgets: list[BudgetYear] = field(default_factory=list)
    #: Years the sheet sums whose reports are incomplete (暫定) or were closed
    #: with reports missing (締め): each output says so with the counts.
    completeness: list[Completeness] = field(default_factory=list)

    @property
    def provisional(self) -> list[Completeness]:
        return [state for state in self.completeness if state.is_provisional]

    @property
    def previous_fy(self) -> int:
        return self.fiscal_year - 1

    @property
    def results_fy(self) -> int:
        return self.fiscal_year - 2

    def add(self, figure: Figure) -> Figure:
        self.figures[figure.key] = figure
        return figure

    def figures_json(self) -> dict[str, dict[str, Any]]:
        """Every figure by key (plus the table-only ones), JSON-ready."""
        return {key: figure.as_dict() for key, figure in sorted(self.figures.items())}


# --- formatting -------------------------------------------------------------------


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


def format_figure(value: float, unit: str, approximate: bool = False) -> str:
    """「17,600百万円」「107億円」「1,500人」「平成18年度」 (or the English forms)."""
    english = _english()
    if unit == Unit.FISCAL_YEAR:
        return f"FY{int(value)}" if english else format_fiscal_year(int(value))
    number = f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    if unit in (Unit.RATIO, Unit.PERCENT):
        number = f"{value:,.1f}" if unit == Unit.PERCENT else f"{value:,.2f}"
    if unit == Unit.OKU_YEN and not english and value >= 10_000 and value % 10_000 == 0:
        return f"{'約' if approximate else ''}{int(value) // 10_000:,}兆円"
    english_forms = {
        Unit.MILLION_YEN: "¥{n} million",
        Unit.OKU_YEN: "¥{n}00 million",
        Unit.PEOPLE: "{n} people",
        Unit.COUNT: "{n}",
        Unit.REGIONS: "{n} regions",
        Unit.RATIO: "×{n}",
        Unit.PER_OKU: "{n} per ¥100 million",
        Unit.PERCENT: "{n}%",
    }
    japanese_forms = {
        Unit.MILLION_YEN: "{n}百万円",
        Unit.OKU_YEN: "{n}億円",
        Unit.PEOPLE: "{n}人",
        Unit.COUNT: "{n}件",
        Unit.REGIONS: "{n}地域",
        Unit.RATIO: "{n}倍",
        Unit.PER_OKU: "{n}件",
        Unit.PERCENT: "{n}%",
    }
    forms = english_forms if english else japanese_forms
    text = forms[unit].format(n=number)
    if approximate:
        text = f"≈{text}" if english else f"約{text}"
    return text


def fy_text(fiscal_year: int) -> str:
    return format_figure(fiscal_year, Unit.FISCAL_YEAR)


# --- entry point ------------------------------------------------------------------


def build_figures(fiscal_year: int) -> SheetFigures:
    """Compute every figure of the FY's sheet (about 40 queries, no loops over rows).

    Call inside ``translation.override`` for another language: labels are
    gettext strings.
    """
    sheet = SheetFigures(fiscal_year)
    owner = subsidy()
    if owner is not None:
        sheet.subsidy_name = (
            owner.name_en if _english() and owner.name_en else owner.name_ja
        )
        sheet.lead_division = owner.lead_division
        sheet.related_divisions = owner.related_divisions
        sheet.add(
            Figure(
                "subsidy.start_fy",
                _("事業開始年度"),
                owner.start_fy,
                Unit.FISCAL_YEAR,
                _budget_url(owner.start_fy),
            )
        )
    programmes = list(Programme.objects.order_by("start_fy", "pk"))
    sheet.programmes = [(p.code, _programme_name(p)) for p in programmes]
    _completeness(sheet)
    _objectives(sheet)
    _budgets(sheet, programmes)
    _regions(sheet, programmes)
    _researchers(sheet, programmes)
    _outcomes(sheet)
    _growth(sheet)
    _efficiency(sheet)
    _targets(sheet)
    _evaluations(sheet)
    return sheet


def _completeness(sheet: SheetFigures) -> None:
    """The reports behind each year the sheet sums, where they are not all in."""
    first = sheet.figures.get("subsidy.start_fy")
    start = int(first.value) if first else sheet.results_fy
    table = completeness_table()
    states = (completeness(y, table=table) for y in range(start, sheet.fiscal_year))
    sheet.completeness = [s for s in states if s.is_provisional or s.missing]


def _year_state(sheet: SheetFigures, year: int) -> Completeness | None:
    return next((s for s in sheet.completeness if s.fiscal_year == year), None)


def _programme_name(programme: Programme) -> str:
    return programme.name_en if _english() and programme.name_en else programme.name_ja


def _budget_url(fiscal_year: int, kind: str = "") -> str:
    params: dict[str, Any] = {"fiscal_year": fiscal_year}
    if kind:
        params["kind"] = kind
    return f"{reverse('sheets:source_budgets')}?{urlencode(params)}"


def _region_url(code: str, fiscal_year: int, start_fy: int | None = None) -> str:
    params: dict[str, Any] = {"programme": code, "fiscal_year": fiscal_year}
    if start_fy is not None:
        params["start_fy"] = start_fy
    return f"{reverse('programmes:region_list')}?{urlencode(params)}"


# --- 施策目標及び達成目標 ------------------------------------------------------------


def _objectives(sheet: SheetFigures) -> None:
    """Goals and their targets, primary ones first, then 「(関連)」 as the seed."""
    targets = list(Target.objects.select_related("goal").order_by("order", "pk"))
    for relation in (TargetRelation.PRIMARY, TargetRelation.RELATED):
        group = [t for t in targets if t.relation == relation]
        if not group:
            continue
        if relation == TargetRelation.RELATED:
            sheet.objectives.append(Objective("related", "", _("(関連)")))
        current_goal = None
        for target in group:
            if target.goal_id != current_goal:
                current_goal = target.goal_id
                goal = target.goal
                title = goal.title_en if _english() and goal.title_en else goal.title_ja
                sheet.objectives.append(Objective("goal", goal.code, title))
            text = target.text_en if _english() and target.text_en else target.text_ja
            url = reverse("targets:detail", args=[target.code])
            sheet.objectives.append(Objective("target", target.code, text, url))
    deadline = max((t.deadline_fy for t in targets), default=None)
    if deadline is not None:
        sheet.add(
            Figure(
                "targets.deadline",
                _("達成年度"),
                deadline,
                Unit.FISCAL_YEAR,
                reverse("targets:list"),
            )
        )


# --- 予算額 ----------------------------------------------------------------------


def _budgets(sheet: SheetFigures, programmes: list[Programme]) -> None:
    budgets = budgets_by_year()
    sheet.budgets = budgets
    by_key = {(b.fiscal_year, b.kind): b for b in budgets}
    fy = sheet.fiscal_year
    request = by_key.get((fy, BudgetKind.REQUEST))
    if request is not None:
        sheet.add(
            Figure(
                "budget.request",
                _("{fy}概算要求額").format(fy=fy_text(fy)),
                _millions(request.total_yen),
                Unit.MILLION_YEN,
                _budget_url(fy, BudgetKind.REQUEST),
            )
        )
    previous = by_key.get((fy - 1, BudgetKind.BUDGET))
    if previous is not None:
        sheet.add(
            Figure(
                "budget.previous",
                _("{fy}予算額").format(fy=fy_text(fy - 1)),
                _millions(previous.total_yen),
                Unit.MILLION_YEN,
                _budget_url(fy - 1, BudgetKind.BUDGET),
            )
        )
    sheet.tables["budgets"] = _budget_table(budgets, programmes, fy)


def _millions(yen: int) -> int:
    return (yen + YEN_PER_MILLION // 2) // YEN_PER_MILLION


def _budget_kind(by_key: dict[tuple[int, str], BudgetYear], year: int, fy: int) -> str:
    """The sheet's own year shows its request; earlier years their budget."""
    preferred = (BudgetKind.REQUEST, BudgetKind.BUDGET)
    if year != fy:
        preferred = (BudgetKind.BUDGET, BudgetKind.REQUEST)
    return next((k for k in preferred if (year, k) in by_key), BudgetKind.BUDGET)


def _budget_table(
    budgets: list[BudgetYear], programmes: list[Programme], fy: int
) -> Table:
    """Budget (or, for the sheet's own year, the request) per FY and programme."""
    rows: list[tuple[Cell, ...]] = []
    by_key = {(b.fiscal_year, b.kind): b for b in budgets}
    years = sorted({b.fiscal_year for b in budgets if b.fiscal_year <= fy})
    for year in years:
        kind = _budget_kind(by_key, year, fy)
        budget = by_key.get((year, kind))
        if budget is None:
            continue
        cells: list[Cell] = [fy_text(year), str(BudgetKind(kind).label)]
        for programme in programmes:
            amount = budget.by_programme.get(programme.code)
            cells.append(
                "—"
                if amount is None
                else Figure(
                    f"budget.{year}.{kind}.{programme.code}",
                    f"{fy_text(year)} {_programme_name(programme)}",
                    _millions(amount),
                    Unit.MILLION_YEN,
                    _budget_url(year, kind),
                )
            )
        cells.append(
            Figure(
                f"budget.{year}.{kind}.total",
                f"{fy_text(year)} {_('合計')}",
                _millions(budget.total_yen),
                Unit.MILLION_YEN,
                _budget_url(year, kind),
            )
        )
        rows.append(tuple(cells))
    columns = (
        _("年度"),
        _("区分"),
        *(_programme_name(p) for p in programmes),
        _("合計"),
    )
    return Table("budgets", _("予算額の推移（百万円）"), columns, tuple(rows))


# --- regions and researchers ------------------------------------------------------


def _regions(sheet: SheetFigures, programmes: list[Programme]) -> None:
    year = sheet.previous_fy
    counts = dict(
        Region.objects.active_in(year)
        .values_list("programme__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for programme in programmes:
        sheet.add(
            Figure(
                f"regions.{programme.code}",
                _("{fy}の{programme}の実施地域数").format(
                    fy=fy_text(year), programme=_programme_name(programme)
                ),
                counts.get(programme.code, 0),
                Unit.REGIONS,
                _region_url(programme.code, year),
            )
        )


def researcher_population(
    programme: Programme, fiscal_year: int, cohorts: set[tuple[str, int]]
) -> Population:
    """Whose researchers the sheet reports for a programme.

    When a cohort of the programme ends its term in the year before the
    sheet's (it is being finally evaluated), the seed reports that cohort
    (「平成14年度に事業を開始した19地域の合計で、約700人」); otherwise every
    region reporting in the results year (「平成15年度までに15地域で約1,500人」).
    ``cohorts`` holds the (programme code, start FY) pairs that have regions.
    """
    cohort = fiscal_year - programme.duration_years
    if (programme.code, cohort) in cohorts:
        return Population(programme.code, cohort)
    return Population(programme.code)


@dataclass
class _CohortTotals:
    """Researchers reported in one year by one (programme, start FY) cohort."""

    regions: int = 0
    researchers: int = 0
    industry: int = 0

    def add(self, other: _CohortTotals) -> None:
        self.regions += other.regions
        self.researchers += other.researchers
        self.industry += other.industry


def _researcher_totals(year: int) -> dict[tuple[str, int], _CohortTotals]:
    """Every cohort's researcher figures for ``year`` in one grouped query.

    Cohorts partition the regions, so a programme's (or the whole
    programme's) region count is the sum of its cohorts' distinct counts.
    """
    grouped = (
        YearlyOutcome.objects.filter(
            fiscal_year=year,
            kind__in=(O.RESEARCHERS.value, O.RESEARCHERS_INDUSTRY.value),
        )
        .values("region__programme__code", "region__start_fy")
        .annotate(
            regions=Count("region_id", distinct=True),
            researchers=Sum("value", filter=Q(kind=O.RESEARCHERS.value)),
            industry=Sum("value", filter=Q(kind=O.RESEARCHERS_INDUSTRY.value)),
        )
        .order_by()
    )
    return {
        (row["region__programme__code"], row["region__start_fy"]): _CohortTotals(
            row["regions"], int(row["researchers"] or 0), int(row["industry"] or 0)
        )
        for row in grouped
    }


def _population_totals(
    population: Population, cohorts: dict[tuple[str, int], _CohortTotals]
) -> _CohortTotals:
    total = _CohortTotals()
    for (code, start_fy), figures in cohorts.items():
        if code == population.programme and population.start_fy in (None, start_fy):
            total.add(figures)
    return total


def _researchers(sheet: SheetFigures, programmes: list[Programme]) -> None:
    year = sheet.results_fy
    kinds = (O.RESEARCHERS.value, O.RESEARCHERS_INDUSTRY.value)
    existing = set(Region.objects.values_list("programme__code", "start_fy").distinct())
    cohorts = _researcher_totals(year)
    populations = []
    overall_totals = _CohortTotals()
    for programme in programmes:
        population = researcher_population(programme, sheet.fiscal_year, existing)
        query = OutcomeQuery(kinds, (year,), (population,))
        totals = _population_totals(population, cohorts)
        if not totals.researchers:
            continue
        populations.append(population)
        overall_totals.add(totals)
        code, name = programme.code, _programme_name(programme)
        sheet.researchers.append(
            ResearcherGroup(
                code,
                population,
                sheet.add(
                    Figure(
                        f"researchers.{code}.regions",
                        _("{programme}の参加研究者を報告した地域数").format(
                            programme=name
                        ),
                        totals.regions,
                        Unit.REGIONS,
                        query.url(),
                    )
                ),
                sheet.add(
                    Figure(
                        f"researchers.{code}.total",
                        _("{programme}の参加研究者数").format(programme=name),
                        totals.researchers,
                        Unit.PEOPLE,
                        query.url(),
                    )
                ),
                sheet.add(
                    Figure(
                        f"researchers.{code}.industry",
                        _("{programme}の参加研究者数（うち企業）").format(
                            programme=name
                        ),
                        totals.industry,
                        Unit.PEOPLE,
                        query.url(),
                    )
                ),
            )
        )
    if not populations:
        return
    overall = OutcomeQuery(kinds, (year,), tuple(populations))
    sheet.add(
        Figure(
            "researchers.total",
            _("参加研究者数（本事業全体）"),
            overall_totals.researchers,
            Unit.PEOPLE,
            overall.url(),
        )
    )
    sheet.add(
        Figure(
            "researchers.industry",
            _("参加研究者数（本事業全体、うち産）"),
            overall_totals.industry,
            Unit.PEOPLE,
            overall.url(),
        )
    )


# --- outcomes, growth, own funds ---------------------------------------------------

#: The outcome kinds of the yearly results table, in the seed's order of mention.
RESULT_KINDS = (
    O.RESEARCHERS,
    O.COMPANIES,
    O.JOINT_RESEARCH,
    O.PATENT_APPLICATIONS,
    O.COMMERCIALIZATIONS,
)


def _outcome_figure(
    key: str,
    label: str,
    kind: str,
    years: tuple[int, ...],
    value: int | None = None,
) -> Figure:
    """A summed outcome; ``value`` when the caller already has the sum."""
    query = OutcomeQuery((kind,), years)
    unit = Unit.PEOPLE if kind == O.RESEARCHERS else Unit.COUNT
    total = query.totals()[kind] if value is None else value
    return Figure(key, label, total, unit, query.url())


def _outcomes(sheet: SheetFigures) -> None:
    first = sheet.figures.get("subsidy.start_fy")
    start = int(first.value) if first else sheet.results_fy
    years = tuple(range(start, sheet.fiscal_year))
    # One grouped query for the whole table, however many years it spans.
    table = OutcomeQuery(tuple(k.value for k in RESULT_KINDS), years).totals_by_year()
    rows = []
    for year in years:
        state = _year_state(sheet, year)
        # A provisional year's row says so with its counts: 「平成17年度 暫定（…）」.
        cells: list[Cell] = [
            f"{fy_text(year)} {state.label}" if state else fy_text(year)
        ]
        for kind in RESULT_KINDS:
            label = f"{fy_text(year)} {OutcomeKind(kind).label}"
            cells.append(
                _outcome_figure(
                    f"outcomes.{year}.{kind}",
                    str(label),
                    kind,
                    (year,),
                    value=table[(year, kind)],
                )
            )
        rows.append(tuple(cells))
    columns = (_("年度"), *(str(OutcomeKind(kind).label) for kind in RESULT_KINDS))
    sheet.tables["outcomes"] = Table(
        "outcomes", _("年度別の実績（受理された年次報告）"), columns, tuple(rows)
    )
    results = sheet.results_fy
    sheet.add(
        _outcome_figure(
            "patents.results_year",
            _("{fy}の特許出願件数").format(fy=fy_text(results)),
            O.PATENT_APPLICATIONS,
            (results,),
        )
    )
    until = tuple(range(start, results + 1))
    sheet.add(
        _outcome_figure(
            "commercializations.cumulative",
            _("{fy}までの事業化件数（累計）").format(fy=fy_text(results)),
            O.COMMERCIALIZATIONS,
            until,
        )
    )
    funds = OutcomeQuery((O.FUNDS_REGIONAL.value,), until)
    amount = funds.totals()[O.FUNDS_REGIONAL]
    sheet.add(
        Figure(
            "funds.regional",
            _("地域の自主事業への投入額（{first}〜{last}、企業の負担を除く）").format(
                first=fy_text(start), last=fy_text(results)
            ),
            round(amount / YEN_PER_OKU)
            if amount % YEN_PER_OKU == 0
            else round(amount / YEN_PER_OKU, 1),
            Unit.OKU_YEN,
            funds.url(),
        )
    )


def _growth(sheet: SheetFigures) -> None:
    """Subsidy growth against companies' and patents' growth (効率性 (1)).

    The money is the national subsidy the regions report spending (FUNDS_SUBSIDY),
    which exists for every programme and year, unlike the budget lines.
    """
    before, after = sheet.results_fy - 1, sheet.results_fy
    kinds = (
        (O.FUNDS_SUBSIDY, "budget", _("国の補助金")),
        (O.COMPANIES, "companies", str(O.COMPANIES.label)),
        (O.PATENT_APPLICATIONS, "patents", str(O.PATENT_APPLICATIONS.label)),
    )
    for kind, key, name in kinds:
        query = OutcomeQuery((kind.value,), (before, after))
        old = OutcomeQuery((kind.value,), (before,)).totals()[kind]
        new = OutcomeQuery((kind.value,), (after,)).totals()[kind]
        if not old:
            continue
        label = _("{kind}の増加割合（{a}→{b}）").format(
            kind=name, a=fy_text(before), b=fy_text(after)
        )
        sheet.add(
            Figure(f"growth.{key}", label, round(new / old, 2), Unit.RATIO, query.url())
        )


# --- efficiency, targets, evaluations ------------------------------------------------


def _efficiency(sheet: SheetFigures) -> None:
    year = sheet.results_fy
    rows: list[tuple[Cell, ...]] = []
    own = programme_efficiency(year)
    for row in own:
        key = "total" if row is own[-1] and len(own) > 1 else row.label
        rows.append(
            _efficiency_row(sheet, f"efficiency.{key}", row, _outcome_url(year))
        )
    benchmark_url = reverse("sheets:source_benchmarks")
    for index, row in enumerate(benchmark_efficiency()):
        rows.append(_efficiency_row(sheet, f"benchmark.{index}", row, benchmark_url))
    columns = (
        _("事業・機関"),
        _("年度"),
        _("特許出願件数"),
        _("予算規模"),
        _("1億円当たり"),
    )
    sheet.tables["efficiency"] = Table(
        "efficiency", _("投入資金当たりの特許出願件数"), columns, tuple(rows)
    )


def _outcome_url(year: int) -> str:
    kinds = (O.PATENT_APPLICATIONS.value, O.FUNDS_SUBSIDY.value)
    return OutcomeQuery(kinds, (year,)).url()


def _efficiency_row(
    sheet: SheetFigures, key: str, row: EfficiencyRow, url: str
) -> tuple[Cell, ...]:
    patents = sheet.add(
        Figure(
            f"{key}.patents",
            f"{row.label} {_('特許出願件数')}",
            row.patents,
            Unit.COUNT,
            url,
            approximate=row.is_approximate and row.is_benchmark,
        )
    )
    oku = row.budget_yen / YEN_PER_OKU
    budget = sheet.add(
        Figure(
            f"{key}.budget",
            f"{row.label} {_('予算規模')}",
            int(oku) if oku.is_integer() else round(oku, 1),
            Unit.OKU_YEN,
            url,
            approximate=row.is_approximate and row.is_benchmark,
            lower_bound=row.budget_is_lower_bound,
        )
    )
    ratio: Cell = "—"
    if row.per_oku is not None:
        ratio = sheet.add(
            Figure(f"{key}.per_oku", f"{row.label} {_('1億円当たり')}",
                   round(row.per_oku, 2), Unit.PER_OKU, url)
        )  # fmt: skip
    return (row.label, fy_text(row.fiscal_year), patents, budget, ratio)


def _targets(sheet: SheetFigures) -> None:
    year = sheet.previous_fy
    sheet.targets = evaluate_targets(year)
    rows: list[tuple[Cell, ...]] = []
    for result in sheet.targets:
        url = f"{reverse('targets:detail', args=[result.code])}?fiscal_year={year}"
        for metric in result.metrics:
            value: Cell = "—"
            progress: Cell = "—"
            if metric.value is not None:
                number = (
                    int(metric.value)
                    if float(metric.value).is_integer()
                    else round(metric.value, 1)
                )
                value = sheet.add(
                    Figure(f"target.{result.code}.{metric.key}", metric.label,
                           number, Unit.METRIC, url, suffix=metric.unit)
                )  # fmt: skip
            if metric.progress is not None:
                progress = sheet.add(
                    Figure(f"target.{result.code}.{metric.key}.progress",
                           f"{metric.label} {_('進捗')}", round(metric.progress, 1),
                           Unit.PERCENT, url)
                )  # fmt: skip
            goal_value = float(metric.goal)
            goal = sheet.add(
                Figure(
                    f"target.{result.code}.{metric.key}.goal",
                    f"{metric.label} {_('目標')}",
                    int(goal_value) if goal_value.is_integer() else goal_value,
                    Unit.METRIC,
                    url,
                    suffix=metric.unit,
                )
            )
            rows.append(
                (
                    result.code,
                    metric.label,
                    value,
                    goal,
                    progress,
                    metric.judgement_label,
                )
            )
    columns = (_("達成目標"), _("指標"), _("実績"), _("目標"), _("進捗"), _("判定"))
    caption = _("達成目標の進捗と判定（{fy}時点）").format(fy=fy_text(year))
    sheet.tables["targets"] = Table("targets", caption, columns, tuple(rows))


def _evaluations(sheet: SheetFigures) -> None:
    """Published interim and final evaluations of the sheet's writing years."""
    evaluations = (
        Evaluation.objects.published()
        .filter(
            kind__in=[EvaluationType.INTERIM, EvaluationType.FINAL],
            fiscal_year__in=[sheet.previous_fy, sheet.fiscal_year],
        )
        .select_related("programme")
        .order_by("fiscal_year", "programme__start_fy", "pk")
    )
    evaluations = list(evaluations)
    # Every evaluation's ratings in one grouped query, not one per evaluation.
    tallies: dict[int, dict[str, int]] = {
        e.pk: {rating: 0 for rating in Rating.values} for e in evaluations
    }
    grouped = (
        ItemResult.objects.filter(item__evaluation__in=evaluations)
        .values("item__evaluation_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        tally = tallies[row["item__evaluation_id"]]
        tally[row["rating"]] = tally.get(row["rating"], 0) + row["n"]
    for evaluation in evaluations:
        counts = tallies[evaluation.pk]
        url = reverse("sheets:source_evaluations") + (
            f"?fiscal_year={evaluation.fiscal_year}"
        )
        sheet.evaluations.append(
            EvaluationLine(
                title=evaluation.title_ja,
                kind=str(EvaluationType(evaluation.kind).label),
                programme=_programme_name(evaluation.programme),
                fiscal_year=evaluation.fiscal_year,
                items=sheet.add(
                    Figure(
                        f"evaluation.{evaluation.pk}.items",
                        evaluation.title_ja,
                        sum(counts.values()),
                        Unit.COUNT,
                        url,
                    )
                ),
                ratings=tuple((r, n) for r, n in counts.items() if n),
                synthetic=evaluation.is_synthetic,
            )
        )
