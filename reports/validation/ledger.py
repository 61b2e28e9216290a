"""Patent numbers already counted in accepted reports."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from reports.choices import ReportStatus
from reports.models import PatentApplication
from reports.validation.findings import Findings, RowError, ValidationContext

__all__ = ["PatentLedger"]

_PATENT_BATCH = 2_000
_PRELOAD_LIMIT = 100_000


class PatentLedger:
    """Finds application numbers already counted in accepted reports.

    When the accepted patents of all regions number at most
    :data:`_PRELOAD_LIMIT` they are loaded once (one query, memory bounded by
    the database, not by the file); otherwise numbers are looked up in
    batches of :data:`_PATENT_BATCH` as the file streams past.
    """

    def __init__(self, context: ValidationContext, findings: Findings) -> None:
        self.context = context
        self.findings = findings
        self._pending: dict[str, int] = {}
        self._known: dict[str, tuple[int, str, int]] | None = None
        if self._accepted_rows().count() <= _PRELOAD_LIMIT:
            self._known = {}
            for number, *where in self._accepted_rows().values_list(*_WHERE):
                self._keep(self._known, number, tuple(where))  # type: ignore[arg-type]

    def add(self, number: str, row: int) -> None:
        if self._known is not None:
            if number in self._known:
                self._report(row, number, *self._known[number])
            return
        self._pending.setdefault(number, row)
        if len(self._pending) >= _PATENT_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        found: dict[str, tuple[int, str, int]] = {}
        rows = self._accepted_rows().filter(application_number__in=list(self._pending))
        for number, *where in rows.values_list(*_WHERE):
            self._keep(found, number, tuple(where))  # type: ignore[arg-type]
        for number, where in found.items():
            self._report(self._pending[number], number, *where)
        self._pending.clear()

    def _keep(
        self,
        found: dict[str, tuple[int, str, int]],
        number: str,
        where: tuple[int, str, int],
    ) -> None:
        """One match per number: the region's own earliest year wins."""
        current = found.get(number)
        own = self.context.region_id
        if current is None or (where[0] == own, -where[2]) > (
            current[0] == own,
            -current[2],
        ):
            found[number] = where

    def _accepted_rows(self) -> QuerySet[PatentApplication]:
        """Rows of accepted versions (the accepted one, or the current one when
        a loader did not record which), other than this very report's."""
        accepted_rows = Q(version=F("version__report__accepted_version")) | Q(
            version__report__accepted_version__isnull=True,
            version=F("version__report__current_version"),
        )
        return PatentApplication.objects.filter(
            accepted_rows, version__report__status=ReportStatus.ACCEPTED
        ).exclude(
            version__report__region_id=self.context.region_id,
            version__report__fiscal_year=self.context.fiscal_year,
        )

    def _report(
        self, row: int, number: str, region_id: int, region_code: str, fy: int
    ) -> None:
        sheet, column = "patent_applications", "application_number"
        if region_id == self.context.region_id:
            self.findings.error(
                RowError(
                    sheet,
                    row,
                    column,
                    number,
                    "duplicate.accepted_year",
                    f"出願番号「{number}」は{fy}年度の受理済み報告で既に計上されて"
                    "います。同じ出願を二度計上することはできません。",
                    f"{number} was already counted in the accepted FY{fy} report; "
                    "an application may be counted only once.",
                )
            )
            return
        self.findings.warning(
            RowError(
                sheet,
                row,
                column,
                number,
                "duplicate.other_region",
                f"出願番号「{number}」は他の地域（{region_code}、{fy}年度）の受理済み"
                "報告にもあります（共同出願であれば問題ありません）。",
                f"{number} also appears in the accepted FY{fy} report of region "
                f"{region_code} (fine for a joint application).",
            )
        )


_WHERE = (
    "application_number",
    "version__report__region_id",
    "version__report__region__code",
    "version__report__fiscal_year",
)
