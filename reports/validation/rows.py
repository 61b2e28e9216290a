"""Headers, cells, row rules and duplicates of one sheet."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from lib.errors import ConventionError
from lib.tables import UNLABELLED, HeaderMatch, Record, normalize_header
from reports.cells import is_domestic_patent, read_cell, string_reader
from reports.sheets import Column, ColumnType, DateWindow, Sheet
from reports.validation.findings import Findings, RowError, ValidationContext, shown
from reports.validation.ledger import PatentLedger

__all__ = ["SheetStats", "SheetValidator", "check_header"]


# --- headers -------------------------------------------------------------------


def check_header(sheet: Sheet, header: HeaderMatch, findings: Findings) -> bool:
    """Report missing, unknown and repeated columns; False if rows can't be read.

    Unknown columns are errors rather than being dropped: a mistyped header
    of an optional column would otherwise lose its data without a word.
    """
    for key in header.missing:
        label = sheet.by_key[key].label_ja
        findings.error(
            RowError(
                sheet.key,
                1,
                key,
                "",
                "column.missing",
                f"シート「{sheet.name_ja}」に必須の列「{label}」（{key}）がありません。",
                f"Sheet '{sheet.key}' lacks the required column '{key}' ({label}).",
            )
        )
    for position, text in header.unknown:
        findings.error(_header_problem(sheet, position, text, "column.unknown"))
    for position, text in header.duplicated:
        findings.error(_header_problem(sheet, position, text, "column.duplicated"))
    return not (header.missing or header.unknown or header.duplicated)


def _header_problem(sheet: Sheet, position: int, text: str, code: str) -> RowError:
    known = "、".join(c.label_ja for c in sheet.columns)
    if code == "column.unknown":
        ja = (
            f"{position}列目の見出し「{text}」はシート「{sheet.name_ja}」の列では"
            f"ありません（使える列: {known}）。不要な列は削除してください。"
        )
        en = (
            f"Column {position} header {text!r} is not a column of sheet "
            f"'{sheet.key}' (expected: {', '.join(sheet.by_key)}); remove it."
        )
    else:
        ja = f"{position}列目の見出し「{text}」は他の列と重複しています。"
        en = f"Column {position} header {text!r} repeats another column."
    return RowError(sheet.key, 1, text, shown(text), code, ja, en)


# --- rows ------------------------------------------------------------------------


@dataclass
class SheetStats:
    """What the totals rules need to know about a sheet after reading it."""

    rows: int = 0
    readable: bool = True
    max_partners: int = 0
    max_partners_row: int | None = None
    researchers: dict[str, tuple[int, int]] = field(default_factory=dict)


RowCheck = Callable[["SheetValidator", int, dict[str, object]], None]


class SheetValidator:
    """Checks the rows of one sheet and hands each clean row to ``sink``.

    The clean row is a tuple in column order, ready to be stored. Rows with
    any error are not passed on; once the file has an error nothing is
    stored anyway, so the sink can stop caring.
    """

    def __init__(
        self,
        sheet: Sheet,
        context: ValidationContext,
        findings: Findings,
        sink: Callable[[tuple[object, ...]], None] | None = None,
    ) -> None:
        self.sheet = sheet
        self.context = context
        self.findings = findings
        self.sink = sink
        self.stats = SheetStats()
        self._start, self._end = context.bounds
        self._seen: dict[bytes | str, int] = {}
        self._duplicates = _DUPLICATE_KEYS.get(sheet.key)
        is_patents = sheet.key == "patent_applications"
        self.patents = PatentLedger(context, findings) if is_patents else None
        self._row_check = _ROW_CHECKS.get(sheet.key)
        self._readers = [(c.key, c, string_reader(c)) for c in sheet.columns]
        self._dated = [c for c in sheet.columns if c.window is not DateWindow.ANY]
        self._order = itemgetter(*(c.key for c in sheet.columns))

    def run(
        self,
        records: Iterator[Record],
        progress: Callable[[int], None] | None = None,
        every: int = 1_000,
    ) -> None:
        """Validate every record; ``progress(rows_done)`` every ``every`` rows."""
        done = 0
        for number, record in records:
            self.validate(number, record)
            done += 1
            if progress is not None and done % every == 0:
                progress(done)
        if progress is not None:
            progress(done)
        self.finish()

    def validate(self, number: int, record: dict[str, object]) -> None:
        """Check one record; a clean one goes to the sink."""
        self.stats.rows += 1
        errors_before = self.findings.error_count
        if UNLABELLED in record:
            self._unlabelled(number, record.pop(UNLABELLED))
        values = self._read_cells(number, record)
        if values is None:
            return
        self._check_dates(number, values)
        if self._row_check is not None:
            self._row_check(self, number, values)
        self._check_duplicate(number, values)
        if self.findings.error_count == errors_before and self.sink is not None:
            self.sink(self._order(values))

    def finish(self) -> None:
        if self.patents is not None:
            self.patents.flush()

    def problem(
        self,
        number: int | None,
        column: str | None,
        value: object,
        code: str,
        ja: str,
        en: str,
        *,
        warning: bool = False,
    ) -> None:
        found = RowError(self.sheet.key, number, column, shown(value), code, ja, en)
        (self.findings.warning if warning else self.findings.error)(found)

    def _unlabelled(self, number: int, stray: object) -> None:
        for position, value in stray:  # type: ignore[attr-defined]
            self.problem(
                number,
                f"#{position}",
                value,
                "column.unlabelled",
                f"{position}列目に値がありますが、見出しがありません。"
                "見出しを付けるか値を削除してください。",
                f"Column {position} holds a value but has no header.",
            )

    def _read_cells(
        self, number: int, record: dict[str, object]
    ) -> dict[str, object] | None:
        values: dict[str, object] = {}
        ok = True
        get = record.get
        for key, column, read in self._readers:
            raw = get(key)
            try:
                if type(raw) is str and raw and not raw.isspace():
                    values[key] = read(column, raw)
                else:
                    values[key] = read_cell(column, raw)
            except ConventionError as exc:
                self.findings.add_convention(exc, self.sheet.key, number, key)
                ok = False
        return values if ok else None

    def _check_dates(self, number: int, values: dict[str, object]) -> None:
        start, end = self._start, self._end
        for column in self._dated:
            day = values[column.key]
            if isinstance(day, date) and not start <= day <= end:
                self._check_window(number, column, day)

    def _check_window(self, number: int, column: Column, day: date) -> None:
        before, after = day < self._start, day > self._end
        if not (before or after):
            return
        window = column.window
        if window is DateWindow.IN_YEAR:
            self._date_problem(number, column, day, "date.outside_fiscal_year")
        elif window is DateWindow.MAY_PRECEDE and after:
            self._date_problem(number, column, day, "date.after_fiscal_year")
        elif window is DateWindow.MAY_PRECEDE:
            self._date_problem(number, column, day, "date.continuing", warning=True)
        elif window is DateWindow.NOT_BEFORE and before:
            self._date_problem(number, column, day, "date.before_fiscal_year")

    def _date_problem(
        self,
        number: int,
        column: Column,
        day: date,
        code: str,
        *,
        warning: bool = False,
    ) -> None:
        fy, label, key = self.context.fiscal_year, column.label_ja, column.key
        span = f"{self._start:%Y-%m-%d}〜{self._end:%Y-%m-%d}"
        ja, en = {
            "date.outside_fiscal_year": (
                f"「{label}」{day:%Y-%m-%d} が報告対象の{fy}年度（{span}）の外です。",
                f"'{key}' {day:%Y-%m-%d} is outside FY{fy} ({span}).",
            ),
            "date.after_fiscal_year": (
                f"「{label}」{day:%Y-%m-%d} が報告対象の{fy}年度（{span}）より後です。",
                f"'{key}' {day:%Y-%m-%d} is after FY{fy} ({span}) ends.",
            ),
            "date.continuing": (
                f"「{label}」{day:%Y-%m-%d} は{fy}年度（{span}）より前です"
                "（前年度からの継続として取り込みます）。",
                f"'{key}' {day:%Y-%m-%d} is before FY{fy}; imported as a "
                "continuing project.",
            ),
            "date.before_fiscal_year": (
                f"「{label}」{day:%Y-%m-%d} は{fy}年度（{span}）の開始前です"
                "（前年度までに終了したものは計上できません）。",
                f"'{key}' {day:%Y-%m-%d} is before FY{fy} starts; finished work "
                "cannot be counted this year.",
            ),
        }[code]
        self.problem(number, key, day, code, ja, en, warning=warning)

    def _check_duplicate(self, number: int, values: dict[str, object]) -> None:
        if self._duplicates is None:
            return
        choose, warning = self._duplicates
        columns = choose(values)
        key = _digest(self.sheet, values, columns)
        first = self._seen.setdefault(key, number)
        if first == number:
            return
        shown = " / ".join(str(values[c]) for c in columns)
        self.problem(
            number,
            columns[0],
            shown,
            "duplicate.in_file",
            f"{first}行目と同じ内容です（{shown}）。同じものを二重に計上しないで"
            "ください。",
            f"Duplicates row {first} ({shown}); do not count the same item twice.",
            warning=warning,
        )


def _digest(sheet: Sheet, values: dict[str, object], columns: list[str]) -> bytes | str:
    """The duplicate key: text compared as people read it (全角/半角, spaces, case).

    Only free-text columns need folding; read enumerations, dates, numbers
    and identifiers are canonical already, and a single identifier (a patent
    number) is its own key. Anything longer becomes a 16-byte digest, so the
    memory kept per row does not depend on the length of its text.
    """
    if len(columns) == 1 and sheet.by_key[columns[0]].type is not ColumnType.TEXT:
        return str(values[columns[0]])
    parts = [
        normalize_header(values[c])
        if sheet.by_key[c].type is ColumnType.TEXT
        else str(values[c])
        for c in columns
    ]
    joined = "\x1f".join([sheet.key, *parts]).encode()
    return hashlib.blake2b(joined, digest_size=16).digest()


def _fixed(*keys: str) -> Callable[[dict[str, object]], list[str]]:
    return lambda values: list(keys)


def _company_key(values: dict[str, object]) -> list[str]:
    return ["corporate_number"] if values["corporate_number"] else ["name"]


_DUPLICATE_KEYS: dict[str, tuple[Callable[[dict[str, object]], list[str]], bool]] = {
    "patent_applications": (_fixed("application_number"), False),
    "participants": (_fixed("sector"), False),
    "companies": (_company_key, False),
    "commercializations": (_fixed("kind", "name", "company", "date"), False),
    "joint_research": (_fixed("title", "started_on"), False),
    "activities": (_fixed("kind", "title", "held_on"), False),
    "funds": (_fixed("source", "amount_yen"), True),
}


# --- sheet-specific row rules ------------------------------------------------


def _check_patent(v: SheetValidator, number: int, values: dict[str, object]) -> None:
    application = str(values["application_number"])
    domestic = is_domestic_patent(application)
    if not domestic and not values["foreign"]:
        v.problem(
            number,
            "application_number",
            application,
            "patent.not_domestic",
            f"出願番号「{application}」は特願番号ではありません。国内出願は"
            "特願2004-123456 の形式で、外国出願なら「外国出願」を「はい」に"
            "してください。",
            f"{application!r} is not a 特願 number; domestic applications look "
            "like 特願2004-123456, foreign ones need foreign = true.",
        )
        return
    filed = values["filed_on"]
    if domestic and isinstance(filed, date) and int(application[2:6]) != filed.year:
        v.problem(
            number,
            "application_number",
            application,
            "patent.year_mismatch",
            f"出願番号の年（{application[2:6]}年）と出願日 {filed:%Y-%m-%d} の年が"
            "異なります（分割出願でなければ確認してください）。",
            f"The year in {application} differs from the filing date "
            f"{filed:%Y-%m-%d} (fine for a divisional application).",
            warning=True,
        )
    if v.patents is not None:
        v.patents.add(application, number)


def _check_joint_research(
    v: SheetValidator, number: int, values: dict[str, object]
) -> None:
    started, ended = values["started_on"], values["ended_on"]
    if isinstance(ended, date) and isinstance(started, date) and ended < started:
        v.problem(
            number,
            "ended_on",
            ended,
            "date.end_before_start",
            f"終了日 {ended:%Y-%m-%d} が開始日 {started:%Y-%m-%d} より前です。",
            f"ended_on {ended:%Y-%m-%d} is before started_on {started:%Y-%m-%d}.",
        )
    partners = values["industry_partners"]
    if isinstance(partners, int) and partners > v.stats.max_partners:
        v.stats.max_partners, v.stats.max_partners_row = partners, number


def _check_participants(
    v: SheetValidator, number: int, values: dict[str, object]
) -> None:
    sector, researchers = values["sector"], values["researchers"]
    if isinstance(sector, str) and isinstance(researchers, int):
        v.stats.researchers.setdefault(sector, (researchers, number))


_ROW_CHECKS: dict[str, RowCheck] = {
    "patent_applications": _check_patent,
    "joint_research": _check_joint_research,
    "participants": _check_participants,
}
