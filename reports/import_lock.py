"""Imports never silently replace each other: each lands on the version its
uploader saw, one at a time per report.

Every import names the report's ``lock_version`` it was started against:
the ``If-Match`` header (API), the upload form's hidden field (web), or else
the version stored when the import began (CLI, and clients that send
neither). The importer runs the guard from :func:`version_guard` as the
FIRST statement of its write transaction: a conditional UPDATE that bumps
``lock_version`` only if it still holds the expected number.

That statement takes the report's row lock on PostgreSQL, and the database
write lock on SQLite (where a transaction whose first statement writes waits
for the lock, up to the connection's timeout, instead of failing at once).
So two imports into one report serialise: the second waits for the first to
commit, finds the version moved on and is refused with
:class:`ImportConflict` (HTTP 409), whose message names the import that got
there first. Nothing of the refused file is written, and an import that did
land always answers with a fresh ``lock_version``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import OperationalError
from django.utils import timezone

from audit.concurrency import ConflictError
from audit.models import AuditEntry
from lib.errors import ConventionError
from lib.wareki import parse_fiscal_year
from programmes.models import Region
from reports.importing import ImportResult, import_report_file
from reports.models import AnnualReport

__all__ = [
    "ImportConflict",
    "current_lock_version",
    "guarded_import",
    "version_guard",
]

#: Called inside the write transaction once the version is claimed.
OnClaim = Callable[[AnnualReport], None]


class ImportConflict(ConflictError):
    """The report changed (or is being changed) since the import began (409)."""

    def __init__(
        self,
        report: AnnualReport,
        expected: int | None,
        current: int | None,
        message_ja: str,
        message_en: str,
    ) -> None:
        super().__init__(report, expected if expected is not None else -1, current)
        self.message_ja = message_ja
        self.message_en = message_en
        self.args = (message_ja,)

    @property
    def message(self) -> str:
        return self.message_ja


def guarded_import(
    path: str | Path,
    region_code: str,
    fiscal_year: int | str,
    *,
    expected_version: int | None = None,
    on_claim: OnClaim | None = None,
    **options: Any,
) -> ImportResult:
    """:func:`reports.importing.import_report_file`, serialised per report.

    ``expected_version`` defaults to the report's version now, before the
    file is read; ``options`` are the importer's (user, dry_run, progress,
    source_name). Raises :class:`ImportConflict` when the report moved on.
    """
    if expected_version is None:
        expected_version = current_lock_version(region_code, fiscal_year)
    source = str(options.get("source_name") or Path(path).name)
    guard = version_guard(expected_version, source, on_claim)
    return import_report_file(path, region_code, fiscal_year, guard=guard, **options)


def current_lock_version(region_code: str, fiscal_year: int | str) -> int:
    """The stored ``lock_version`` of that report (0: no report yet, or a
    year the importer will refuse anyway)."""
    try:
        fy = parse_fiscal_year(fiscal_year)
    except ConventionError:
        return 0
    stored = AnnualReport.objects.filter(
        region__code=region_code, fiscal_year=fy
    ).values_list("lock_version", flat=True)
    return stored.first() or 0


def version_guard(
    expected: int, source_name: str, on_claim: OnClaim | None = None
) -> Callable[[Region, int], None]:
    """The importer's guard: claim version ``expected`` → ``expected + 1``."""

    def guard(region: Region, fiscal_year: int) -> None:
        report = _claim(region, fiscal_year, expected, source_name)
        if on_claim is not None:
            on_claim(report)

    return guard


def _claim(region: Region, fy: int, expected: int, source: str) -> AnnualReport:
    reports = AnnualReport.objects.filter(region=region, fiscal_year=fy)
    try:
        claimed = reports.filter(lock_version=expected).update(
            lock_version=expected + 1
        )
        if not claimed and expected == 0 and not reports.exists():
            # A new report: create it (or find the one a concurrent import just
            # created; that one's version is 1 by now, so the claim fails).
            AnnualReport.objects.get_or_create(region=region, fiscal_year=fy)
            claimed = reports.filter(lock_version=0).update(lock_version=1)
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        # SQLite: another write held the database longer than the timeout.
        report = reports.select_related("region").get()
        raise _busy(report, expected, source) from exc
    report = reports.select_related("region").get()
    if not claimed:
        raise _conflict(report, expected, source)
    return report


def _conflict(report: AnnualReport, expected: int, source: str) -> ImportConflict:
    """Name the import that moved the report on, if an import did."""
    entry = (
        AuditEntry.objects.for_object(report)
        .filter(reason__startswith="import: ")
        .order_by("-pk")
        .first()
    )
    if entry is None:
        ja = (
            "この報告は、取り込みを始めた後に他の操作で更新されました。"
            f"ファイル「{source}」は取り込んでいません。最新の内容を確認してから、"
            "もう一度取り込んでください。"
        )
        en = (
            "The report changed after this import began; "
            f"{source!r} was not imported. Reload the report and import again."
        )
    else:
        other = entry.reason.removeprefix("import: ")
        when = timezone.localtime(entry.time).strftime("%Y-%m-%d %H:%M:%S")
        ja = (
            f"同じ報告に、別の取り込み（「{other}」、{entry.user_name}、{when}）が"
            f"先に反映されました。ファイル「{source}」は取り込んでいません"
            "（上書きを防ぐため）。最新の内容を確認してから、必要ならもう一度"
            "取り込んでください。"
        )
        en = (
            f"Another import ({other!r} by {entry.user_name} at {when}) reached "
            f"this report first; {source!r} was not imported, so that neither "
            "replaces the other silently. Check the report, then import again "
            "if needed."
        )
    return ImportConflict(report, expected, report.lock_version, ja, en)


def _busy(report: AnnualReport, expected: int, source: str) -> ImportConflict:
    ja = (
        "同じ報告に別の取り込みを書き込んでいる最中のため、"
        f"ファイル「{source}」は取り込んでいません。しばらくしてから、"
        "最新の内容を確認して、もう一度取り込んでください。"
    )
    en = (
        f"Another import is being written into this report; {source!r} was not "
        "imported. Wait a moment, check the report and import again."
    )
    return ImportConflict(report, expected, None, ja, en)
