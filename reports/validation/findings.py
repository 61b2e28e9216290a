"""RowError and Findings: how every problem of an import is recorded."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from lib.errors import ConventionError
from lib.tables import TableError
from lib.wareki import fiscal_year_bounds

__all__ = ["MAX_REPORTED", "Findings", "RowError", "ValidationContext", "shown"]

#: Errors (and, separately, warnings) kept for display; the rest are counted.
MAX_REPORTED = 1_000
_VALUE_CHARS = 200


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem at one place: the unit of every import error report.

    ``row`` is the row number the user sees (header = 1); ``sheet``, ``row``
    and ``column`` are None for problems with the file or a whole sheet.
    """

    sheet: str | None
    row: int | None
    column: str | None
    value: str
    code: str
    message_ja: str
    message_en: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Findings:
    """Errors and warnings of one import, capped so a bad file stays cheap."""

    limit: int = MAX_REPORTED
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    def error(self, problem: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < self.limit:
            self.errors.append(problem)

    def warning(self, problem: RowError) -> None:
        self.warning_count += 1
        if len(self.warnings) < self.limit:
            self.warnings.append(problem)

    def add_convention(
        self,
        exc: ConventionError,
        sheet: str | None,
        row: int | None,
        column: str | None,
        *,
        warning: bool = False,
    ) -> None:
        """Record a lib error raised while reading the given place."""
        problem = RowError(
            sheet,
            row,
            column,
            shown(exc.value),
            exc.code,
            exc.message_ja,
            exc.message_en,
        )
        (self.warning if warning else self.error)(problem)

    def add_table_error(self, exc: TableError) -> None:
        self.add_convention(exc, exc.sheet, exc.row, exc.column)


def shown(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= _VALUE_CHARS else text[:_VALUE_CHARS] + "…"


@dataclass(frozen=True)
class ValidationContext:
    """What the rows are checked against: the report's region and year."""

    region_id: int
    fiscal_year: int

    @property
    def bounds(self) -> tuple[date, date]:
        return fiscal_year_bounds(self.fiscal_year)
