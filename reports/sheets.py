"""The annual-report sheets as data: one source of truth for every door.

The template builder, the reader, the validator, the importer and the docs
all read :data:`SHEETS`. Sheet and column keys are part of the public contract
(product brief §5): outside tests and regions' own tooling rely on them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from django.db import models
from django.utils import translation

from lib.tables import normalize_header
from reports.choices import ActivityKind, CommercializationKind, FundSource, Sector
from reports.models import (
    Activity,
    Commercialization,
    Fund,
    JointResearch,
    ParticipantCount,
    ParticipatingCompany,
    PatentApplication,
)

__all__ = [
    "BOOL_LABELS",
    "EXPLANATION_SHEET_NAMES",
    "MAX_BIGINT",
    "MAX_INT",
    "SHEETS",
    "SHEETS_BY_KEY",
    "Column",
    "ColumnType",
    "DateWindow",
    "TYPE_LABELS_JA",
    "Sheet",
    "choice_pairs",
    "sheet_aliases",
]

#: PositiveIntegerField's upper bound on PostgreSQL (a 4-byte integer).
MAX_INT = 2_147_483_647
#: BigIntegerField's upper bound.
MAX_BIGINT = 9_223_372_036_854_775_807

#: Shown in drop-downs and written by the template; other spellings are
#: accepted on input (see reports.validation).
BOOL_LABELS = {True: "はい", False: "いいえ"}

#: Sheets (xlsx) or files (CSV) that the template adds for people, not data.
EXPLANATION_SHEET_NAMES = frozenset({"説明", "explanation", "readme"})


class ColumnType(enum.StrEnum):
    """How a cell is read; the names appear in the template's 説明 sheet."""

    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    ENUM = "enum"
    YEN = "yen"
    CORPORATE_NUMBER = "corporate_number"
    PATENT_NUMBER = "patent_number"


class DateWindow(enum.StrEnum):
    """Where a date must fall relative to the report's fiscal year.

    ``IN_YEAR``: inside the FY, else an error. ``MAY_PRECEDE``: not after the
    FY; earlier is allowed with a warning (multi-year projects). ``NOT_BEFORE``:
    not before the FY starts (an end date of something counted this year).
    """

    ANY = "any"
    IN_YEAR = "in_year"
    MAY_PRECEDE = "may_precede"
    NOT_BEFORE = "not_before"


TYPE_LABELS_JA: Mapping[ColumnType, str] = {
    ColumnType.TEXT: "文字列",
    ColumnType.INT: "整数（0以上）",
    ColumnType.BOOL: "はい／いいえ",
    ColumnType.DATE: "日付（西暦または和暦）",
    ColumnType.ENUM: "区分（一覧から選択）",
    ColumnType.YEN: "金額（円、0以上）",
    ColumnType.CORPORATE_NUMBER: "法人番号（13桁）",
    ColumnType.PATENT_NUMBER: "特許出願番号",
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key (= model field name) and how to read it."""

    key: str
    label_ja: str
    type: ColumnType
    required: bool
    example: str
    help_ja: str = ""
    max_length: int | None = None
    choices: type[models.TextChoices] | None = None
    max_value: int = MAX_INT
    window: DateWindow = DateWindow.ANY
    default: object = None

    def allowed_ja(self) -> str:
        """Allowed values as the 説明 sheet lists them."""
        if self.type is ColumnType.ENUM:
            return "、".join(f"{label}（{value}）" for value, label in self.pairs())
        if self.type is ColumnType.BOOL:
            return "はい（true, 1）、いいえ（false, 0）、空欄はいいえ"
        if self.max_length:
            return f"最大{self.max_length}文字"
        return ""

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """(value, Japanese label) of an enumeration; empty for other types."""
        return choice_pairs(self.choices) if self.choices else ()


@dataclass(frozen=True)
class Sheet:
    """One sheet of the annual report and the model its rows become."""

    key: str
    name_ja: str
    model: type[models.Model]
    description_ja: str
    columns: tuple[Column, ...]
    by_key: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)

    def header_aliases(self) -> dict[str, str]:
        """Normalised header spelling → column key: the label and the key."""
        return _column_aliases(self.key)


@cache
def choice_pairs(choices: type[models.TextChoices]) -> tuple[tuple[str, str], ...]:
    """(value, label) with the labels in Japanese whatever the active language."""
    with translation.override("ja"):
        return tuple((str(value), str(label)) for value, label in choices.choices)


@cache
def _column_aliases(sheet_key: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for column in SHEETS_BY_KEY[sheet_key].columns:
        aliases[normalize_header(column.key)] = column.key
        aliases[normalize_header(column.label_ja)] = column.key
    return aliases


@cache
def sheet_aliases() -> dict[str, str]:
    """Normalised sheet (or CSV file) name → sheet key."""
    aliases: dict[str, str] = {}
    for sheet in SHEETS:
        aliases[normalize_header(sheet.key)] = sheet.key
        aliases[normalize_header(sheet.name_ja)] = sheet.key
    return aliases


_TITLE = 300

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        key="patent_applications",
        name_ja="特許出願",
        model=PatentApplication,
        description_ja="この年度に出願した特許（1件1行）。",
        columns=(
            Column(
                "application_number",
                "出願番号",
                ColumnType.PATENT_NUMBER,
                True,
                "特願2004-123456",
                "国内出願は 特願2004-123456 / 特願平16-123456 の形式。"
                "外国出願は PCT/JP2004/012345 などの番号も可。",
                max_length=24,
            ),
            Column(
                "filed_on",
                "出願日",
                ColumnType.DATE,
                True,
                "2004-06-15",
                "報告年度内の日付。",
                window=DateWindow.IN_YEAR,
            ),
            Column(
                "title",
                "発明の名称",
                ColumnType.TEXT,
                True,
                "糖質を用いた機能性食品素材",
                max_length=_TITLE,
            ),
            Column(
                "applicants",
                "出願人",
                ColumnType.TEXT,
                True,
                "国立大学法人香川大学；株式会社レアスウィート",
                "複数の場合は「；」で区切る。",
                max_length=500,
            ),
            Column(
                "foreign",
                "外国出願",
                ColumnType.BOOL,
                False,
                "いいえ",
                default=False,
            ),
        ),
    ),
    Sheet(
        key="commercializations",
        name_ja="事業化",
        model=Commercialization,
        description_ja="この年度の商品化・試作品・起業・ライセンス（1件1行）。",
        columns=(
            Column(
                "kind",
                "区分",
                ColumnType.ENUM,
                True,
                "商品化",
                choices=CommercializationKind,
            ),
            Column(
                "name",
                "名称",
                ColumnType.TEXT,
                True,
                "希少糖含有シロップ",
                max_length=_TITLE,
            ),
            Column(
                "company",
                "企業名",
                ColumnType.TEXT,
                False,
                "株式会社レアスウィート",
                max_length=200,
                default="",
            ),
            Column(
                "corporate_number",
                "法人番号",
                ColumnType.CORPORATE_NUMBER,
                False,
                "5835678256246",
                "分かる場合のみ。チェックディジットを検査します。",
                max_length=13,
                default="",
            ),
            Column(
                "date",
                "年月日",
                ColumnType.DATE,
                True,
                "平成16年10月1日",
                "報告年度内の日付。",
                window=DateWindow.IN_YEAR,
            ),
        ),
    ),
    Sheet(
        key="participants",
        name_ja="参加研究者数",
        model=ParticipantCount,
        description_ja="産・学・官それぞれの参加研究者数（各セクター1行まで）。",
        columns=(
            Column("sector", "セクター", ColumnType.ENUM, True, "産", choices=Sector),
            Column("researchers", "研究者数", ColumnType.INT, True, "120"),
        ),
    ),
    Sheet(
        key="companies",
        name_ja="参加企業",
        model=ParticipatingCompany,
        description_ja="共同研究に参加した企業（1社1行）。",
        columns=(
            Column(
                "name",
                "企業名",
                ColumnType.TEXT,
                True,
                "株式会社レアスウィート",
                max_length=200,
            ),
            Column(
                "corporate_number",
                "法人番号",
                ColumnType.CORPORATE_NUMBER,
                False,
                "5835678256246",
                "分かる場合のみ。チェックディジットを検査します。",
                max_length=13,
                default="",
            ),
        ),
    ),
    Sheet(
        key="joint_research",
        name_ja="産学官共同研究",
        model=JointResearch,
        description_ja="この年度に実施した産学官共同研究（1件1行、前年度からの継続を含む）。",
        columns=(
            Column(
                "title",
                "研究テーマ名",
                ColumnType.TEXT,
                True,
                "希少糖の量産技術の開発",
                max_length=_TITLE,
            ),
            Column(
                "theme",
                "分野",
                ColumnType.TEXT,
                False,
                "バイオ",
                max_length=64,
                default="",
            ),
            Column(
                "safety_security",
                "安全・安心",
                ColumnType.BOOL,
                False,
                "いいえ",
                default=False,
            ),
            Column(
                "started_on",
                "開始日",
                ColumnType.DATE,
                True,
                "2002-04-01",
                "年度末以前。前年度以前の開始は継続課題として警告のみ。",
                window=DateWindow.MAY_PRECEDE,
            ),
            Column(
                "ended_on",
                "終了日",
                ColumnType.DATE,
                False,
                "",
                "空欄は継続中。開始日以降かつ年度開始日以降。",
                window=DateWindow.NOT_BEFORE,
            ),
            Column(
                "industry_partners",
                "参加企業数",
                ColumnType.INT,
                False,
                "3",
                "空欄は0。参加企業シートの社数を超えないこと。",
                default=0,
            ),
        ),
    ),
    Sheet(
        key="activities",
        name_ja="活動",
        model=Activity,
        description_ja="この年度に開催したフォーラム・成果発表会・講座など（1件1行）。",
        columns=(
            Column(
                "kind",
                "区分",
                ColumnType.ENUM,
                True,
                "合同成果発表会",
                choices=ActivityKind,
            ),
            Column(
                "title",
                "名称",
                ColumnType.TEXT,
                True,
                "知的クラスター合同成果発表会",
                max_length=_TITLE,
            ),
            Column(
                "held_on",
                "開催日",
                ColumnType.DATE,
                True,
                "H17.2.3",
                "報告年度内の日付。",
                window=DateWindow.IN_YEAR,
            ),
            Column(
                "participants",
                "参加者数",
                ColumnType.INT,
                False,
                "250",
                "空欄は0。",
                default=0,
            ),
        ),
    ),
    Sheet(
        key="funds",
        name_ja="資金",
        model=Fund,
        description_ja="この年度の事業費を財源別に（同じ財源の行は合計されます）。",
        columns=(
            Column(
                "source",
                "財源",
                ColumnType.ENUM,
                True,
                "国の補助金",
                choices=FundSource,
            ),
            Column(
                "amount_yen",
                "金額（円）",
                ColumnType.YEN,
                True,
                "500,000,000",
                "円単位。「5億円」「500百万円」も可。",
                max_value=MAX_BIGINT,
            ),
        ),
    ),
)

SHEETS_BY_KEY: Mapping[str, Sheet] = {sheet.key: sheet for sheet in SHEETS}
