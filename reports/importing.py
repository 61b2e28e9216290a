"""Import an annual-report file: all rows, or none.

One service for the three doors (``manage.py import_reports``, the web upload
and ``POST /api/v1/reports/{code}/{fy}/import``).

Pass 1 streams the file, validates every row and spools the clean rows, as
pickled batches of tuples, to anonymous temporary files (unlinked at once, so
nothing is left behind even if the process is killed). If anything is wrong,
nothing is written. Pass 2 streams the spools into the database inside ONE
transaction: PostgreSQL gets ``COPY``, other databases batched ``INSERT``s.
Writing from the spool rather than re-reading the upload means that exactly
the rows that were validated are stored, and the slow part (parsing xlsx)
happens once.

Bounds: the file is read within :data:`lib.limits.DEFAULT_LIMITS` (columns
narrowed per sheet to the template's width plus a margin); rows are counted
by a cheap scan before any is validated, so a file over a limit is refused
in about a second, with the limit and the place named. Any other failure to
read the file (damaged compression, bad encoding, a number no parser takes)
also becomes a file error: an import never raises for a file's content.

Versions: a report whose current version was never submitted has that
version's rows replaced (a draft is a work area, re-importing is normal);
otherwise (new report, or a report returned after submission) a new version
``last + 1`` is created. Submitted and accepted versions are never touched.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Max, QuerySet

from audit.models import AuditEntry
from audit.signals import write_entry
from lib.errors import ConventionError
from lib.limits import DEFAULT_LIMITS, ReadLimits
from lib.tables import (
    TableError,
    TableSource,
    check_row_counts,
    normalize_header,
    open_tables,
    read_records,
)
from lib.wareki import parse_fiscal_year
from programmes.models import Region
from reports.choices import ReportStatus
from reports.models import AnnualReport, ReportVersion
from reports.sheets import EXPLANATION_SHEET_NAMES, SHEETS, Sheet, sheet_aliases
from reports.validation import (
    Findings,
    RowError,
    SheetStats,
    SheetValidator,
    ValidationContext,
    check_header,
    check_totals,
)

__all__ = [
    "EDITABLE_STATUSES",
    "ImportResult",
    "ImportUsageError",
    "ProgressCallback",
    "import_report_file",
]

#: ``progress(sheet_key, rows_done, phase)`` with phase "validate" or "write".
ProgressCallback = Callable[[str, int, str], None]
#: ``guard(region, fiscal_year)``: the first statement of the write
#: transaction; it may raise to refuse the write (reports.import_lock).
ImportGuard = Callable[[Region, int], None]

log = logging.getLogger(__name__)

EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
_PROGRESS_EVERY = 1_000
_FATAL_CODES = ("limit.", "zip.")
_SPOOL_BATCH = 2_000


class ImportUsageError(Exception):
    """The request itself is wrong (unknown region, bad year, no such file).

    Distinct from a rejected file: the CLI exits 2 for this, 1 for a file.
    """

    def __init__(self, code: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_ja)
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en


@dataclass
class ImportResult:
    """What an import did or would do: counts per sheet, errors, the version."""

    region_code: str
    fiscal_year: int
    dry_run: bool
    source_name: str
    counts: dict[str, int] = field(default_factory=dict)
    findings: Findings = field(default_factory=Findings)
    report_id: int | None = None
    version_number: int | None = None

    @property
    def ok(self) -> bool:
        return not self.findings.has_errors

    @property
    def status(self) -> str:
        """``imported``, ``validated`` (a clean dry run) or ``rejected``."""
        if not self.ok:
            return "rejected"
        return "validated" if self.dry_run else "imported"

    @property
    def errors(self) -> list[RowError]:
        return self.findings.errors

    @property
    def warnings(self) -> list[RowError]:
        return self.findings.warnings

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape shared by ``--format json`` and the API.

        ``counts`` are the rows per sheet that passed validation: on success,
        the rows stored.
        """
        return {
            "status": self.status,
            "region": self.region_code,
            "fiscal_year": self.fiscal_year,
            "dry_run": self.dry_run,
            "source": self.source_name,
            "version": self.version_number,
            "counts": self.counts,
            "error_count": self.findings.error_count,
            "warning_count": self.findings.warning_count,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def import_report_file(
    path: str | Path,
    region_code: str,
    fiscal_year: int | str,
    *,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    source_name: str | None = None,
    guard: ImportGuard | None = None,
) -> ImportResult:
    """Validate ``path`` and, if it is clean and not a dry run, store it.

    Raises :class:`ImportUsageError` for a bad region, year or path; every
    problem with the file's content ends up in ``result.findings`` instead.
    """
    region = _region(region_code)
    fy = _fiscal_year(fiscal_year, region)
    target = Path(path)
    if not target.exists():
        raise ImportUsageError(
            "usage.no_file",
            f"ファイル「{target}」がありません。",
            f"No such file: {target}",
        )
    result = ImportResult(region.code, fy, dry_run, source_name or target.name)
    if not _editable(AnnualReport.objects.filter(region=region, fiscal_year=fy)):
        result.findings.error(_not_editable_error(fy))
        return result
    context = ValidationContext(region.pk, fy)
    with _Spools() as spools:
        result.counts = _validate_file(
            target, context, result.findings, spools, progress
        )
        if result.ok and not dry_run:
            _write(result, region, spools, user, progress, guard)
    return result


# --- usage -------------------------------------------------------------------


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ImportUsageError(
            "usage.unknown_region",
            f"地域コード「{code}」は登録されていません"
            "（/api/v1/regions で確認できます）。",
            f"Unknown region code {code!r} (see /api/v1/regions).",
        )
    return region


def _fiscal_year(value: int | str, region: Region) -> int:
    try:
        fy = parse_fiscal_year(value)
    except ConventionError as exc:
        raise ImportUsageError(exc.code, exc.message_ja, exc.message_en) from exc
    if fy < region.start_fy:
        raise ImportUsageError(
            "usage.before_region_start",
            f"{region.name_ja}の事業開始は{region.start_fy}年度です。"
            f"{fy}年度の報告は取り込めません。",
            f"Region {region.code} starts in FY{region.start_fy}; there is no "
            f"FY{fy} report.",
        )
    return fy


def _editable(reports: QuerySet[AnnualReport]) -> bool:
    report = reports.only("status").first()
    return report is None or report.status in EDITABLE_STATUSES


def _not_editable_error(fy: int) -> RowError:
    return RowError(
        None,
        None,
        None,
        str(fy),
        "report.not_editable",
        f"{fy}年度の報告は提出済み/受理済みのため取り込めません"
        "（差し戻された報告は取り込めます）。",
        f"The FY{fy} report has been submitted or accepted and cannot be "
        "replaced (a returned report can).",
    )


# --- pass 1: read and validate -----------------------------------------------


class _Spool:
    """Clean rows of one sheet on disk, as pickled batches of tuples.

    For PostgreSQL (``copy_text``) a batch is instead the rows already in
    COPY's text format (without the version column, which does not exist
    yet): formatting them here, in pass 1, makes the write pass little more
    than sending bytes, where psycopg's ``write_row`` adapted every value.
    """

    def __init__(self, copy_text: bool = False) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="chiiki-import-")
        self._batch: list[Any] = []
        self.copy_text = copy_text
        self.count = 0

    def append(self, row: tuple[object, ...]) -> None:
        self._batch.append(_copy_line(row) if self.copy_text else row)
        self.count += 1
        if len(self._batch) >= _SPOOL_BATCH:
            self._dump()

    def batches(self) -> Iterator[Any]:
        """Lists of tuples, or (row count, COPY lines joined by newlines)."""
        self._dump()
        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)  # noqa: S301 - our own temp file
            except EOFError:
                return

    def _dump(self) -> None:
        if self._batch:
            batch: Any = self._batch
            if self.copy_text:
                batch = (len(batch), "\n".join(batch).encode())
            pickle.dump(batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def close(self) -> None:
        self._file.close()


class _Spools(dict[str, _Spool]):
    def __enter__(self) -> _Spools:
        copy_text = connection.vendor == "postgresql"
        for sheet in SHEETS:
            self[sheet.key] = _Spool(copy_text)
        return self

    def __exit__(self, *exc: object) -> None:
        for spool in self.values():
            spool.close()


def _validate_file(
    path: Path,
    context: ValidationContext,
    findings: Findings,
    spools: _Spools,
    progress: ProgressCallback | None,
) -> dict[str, int]:
    """Pass 1: every sheet, every row; returns the clean row count per sheet."""
    stats: dict[str, SheetStats] = {}
    try:
        with closing(open_tables(path, DEFAULT_LIMITS)) as source:
            names = _map_sheets(source.sheet_names(), findings)
            check_row_counts(source, names.values(), DEFAULT_LIMITS)
            for sheet in SHEETS:
                if sheet.key in names:
                    stats[sheet.key] = _validate_sheet(
                        source,
                        names[sheet.key],
                        sheet,
                        context,
                        findings,
                        spools[sheet.key],
                        progress,
                    )
    except TableError as exc:
        findings.add_table_error(exc)
    except Exception as exc:  # noqa: BLE001 - a file must never crash an import
        # Every known way a file can fail is a TableError with its own words
        # (the fuzz test asserts this code never appears); this keeps an
        # unforeseen one from turning into a 500 or a traceback.
        log.exception("unreadable report file %s", path.name)
        findings.error(_unreadable(exc))
    check_totals(stats, findings)
    return {key: spool.count for key, spool in spools.items()}


def _unreadable(exc: Exception) -> RowError:
    return RowError(
        None,
        None,
        None,
        type(exc).__name__,
        "file.unreadable",
        "ファイルを読み込めませんでした（内容が壊れているか、想定していない形式です）。"
        "何も登録していません。テンプレートから作り直して保存してください。",
        "The file could not be read (damaged or in an unexpected shape); nothing "
        "was imported. Make it again from the template.",
    )


def _map_sheets(names: list[str], findings: Findings) -> dict[str, str]:
    """Sheet key → the sheet's (or CSV file's) name in the upload."""
    aliases = sheet_aliases()
    found: dict[str, str] = {}
    for name in names:
        folded = normalize_header(name)
        key = aliases.get(folded)
        if key is None:
            if folded not in EXPLANATION_SHEET_NAMES:
                findings.warning(_sheet_problem(None, name, "sheet.unknown"))
        elif key in found:
            findings.error(_sheet_problem(key, name, "sheet.duplicated"))
        else:
            found[key] = name
    for sheet in SHEETS:
        if sheet.key not in found:
            findings.error(_sheet_problem(sheet.key, sheet.name_ja, "sheet.missing"))
    return found


def _sheet_problem(key: str | None, name: str, code: str) -> RowError:
    if code == "sheet.missing":
        ja = (
            f"シート「{name}」（{key}）がありません。テンプレートの7シートを"
            "すべて含めてください（データがなければ見出し行だけで構いません）。"
        )
        en = (
            f"Sheet '{key}' ({name}) is missing; include all seven sheets of the "
            "template (a header row alone is fine when there is no data)."
        )
    elif code == "sheet.duplicated":
        ja = f"シート「{name}」は同じ内容のシート（{key}）が他にもあります。"
        en = f"Sheet {name!r} is a second copy of sheet '{key}'."
    else:
        ja = f"シート「{name}」は報告のシートではないため読み込みません。"
        en = f"Sheet {name!r} is not a report sheet and was ignored."
    return RowError(key or name, None, None, name, code, ja, en)


def _validate_sheet(
    source: TableSource,
    name: str,
    sheet: Sheet,
    context: ValidationContext,
    findings: Findings,
    spool: _Spool,
    progress: ProgressCallback | None,
) -> SheetStats:
    validator = SheetValidator(sheet, context, findings, spool.append)
    limits: ReadLimits = DEFAULT_LIMITS.for_width(len(sheet.columns))
    try:
        header, records = read_records(
            source.rows(name, limits), sheet.header_aliases(), sheet.required_keys
        )
        validator.stats.readable = check_header(sheet, header, findings)
        if validator.stats.readable:
            validator.run(records, _sheet_progress(progress, sheet.key, "validate"))
    except TableError as exc:
        exc.sheet = sheet.key
        if exc.code.startswith(_FATAL_CODES):
            raise  # a bound of the file: reading on would only cost time
        findings.add_table_error(exc)
        validator.stats.readable = False
    return validator.stats


def _sheet_progress(
    progress: ProgressCallback | None, key: str, phase: str
) -> Callable[[int], None] | None:
    if progress is None:
        return None
    progress(key, 0, phase)
    return lambda done: progress(key, done, phase)


# --- pass 2: write -------------------------------------------------------------


class _NotEditable(Exception):
    """The report was submitted between pass 1 and pass 2."""


def _write(
    result: ImportResult,
    region: Region,
    spools: _Spools,
    user: AbstractBaseUser | None,
    progress: ProgressCallback | None,
    guard: ImportGuard | None = None,
) -> None:
    try:
        with transaction.atomic():
            if guard is not None:
                guard(region, result.fiscal_year)
            report, _ = AnnualReport.objects.select_for_update().get_or_create(
                region=region, fiscal_year=result.fiscal_year
            )
            if report.status not in EDITABLE_STATUSES:
                raise _NotEditable
            replaced = _row_counts(report.current_version_id)
            version = _target_version(report, user, result.source_name)
            for sheet in SHEETS:
                _insert(sheet, version.pk, spools[sheet.key], progress)
            report.current_version = version
            report.save(update_fields=["current_version", "last_updated"])
            _audit_import(report, version, replaced, result, user)
    except _NotEditable:
        result.findings.error(_not_editable_error(result.fiscal_year))
        return
    result.report_id, result.version_number = report.pk, version.number


def _target_version(
    report: AnnualReport, user: AbstractBaseUser | None, source: str
) -> ReportVersion:
    """The never-submitted current version (emptied), or a new one."""
    current = report.current_version
    if (
        current is not None
        and current.submitted_at is None
        and (current.pk != report.accepted_version_id)
    ):
        _delete_rows(current.pk)
        current.created_by = user if getattr(user, "pk", None) else None
        current.source_name = source[:255]
        current.save(update_fields=["created_by", "source_name"])
        return current
    last = report.versions.aggregate(last=Max("number"))["last"] or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        created_by=user if getattr(user, "pk", None) else None,
        source_name=source[:255],
    )


def _row_counts(version_id: int | None) -> dict[str, int] | None:
    """Rows per sheet of a version, for the audit record of what an import replaced."""
    if version_id is None:
        return None
    return {
        sheet.key: sheet.model._default_manager.filter(version_id=version_id).count()
        for sheet in SHEETS
    }


def _audit_import(
    report: AnnualReport,
    version: ReportVersion,
    replaced: dict[str, int] | None,
    result: ImportResult,
    user: AbstractBaseUser | None,
) -> None:
    """One audit entry per import: the rows themselves are written by COPY, without
    signals, and a re-import into a draft reuses its version in place, so neither
    would otherwise leave a trace of who replaced what."""
    write_entry(
        report,
        AuditEntry.Action.UPDATE,
        before={"rows": replaced},
        after={"rows": dict(result.counts), "version": version.number},
        reason=f"import: {result.source_name}"[:200],
        user=user,
    )


def _delete_rows(version_id: int) -> None:
    """Plain DELETEs: the ORM would first fetch every row to send signals."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for sheet in SHEETS:
            table = quote(sheet.model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE version_id = %s", [version_id])  # noqa: S608


def _insert(
    sheet: Sheet, version_id: int, spool: _Spool, progress: ProgressCallback | None
) -> None:
    if spool.count == 0:
        return
    writer = _copy_rows if connection.vendor == "postgresql" else _insert_rows
    done = 0
    for done in writer(sheet, version_id, spool):  # noqa: B007
        if progress is not None:
            progress(sheet.key, done, "write")


def _columns(sheet: Sheet) -> tuple[str, list[str]]:
    quote = connection.ops.quote_name
    meta = sheet.model._meta
    names = ["version_id"] + [meta.get_field(c.key).column for c in sheet.columns]
    return quote(meta.db_table), [quote(name) for name in names]


def _copy_rows(sheet: Sheet, version_id: int, spool: _Spool) -> Iterator[int]:
    """PostgreSQL: COPY FROM STDIN on the transaction's own connection, the
    spooled text with the version id put in front of every line."""
    table, columns = _columns(sheet)
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    prefix = f"{version_id}\t".encode()
    joint = b"\n" + prefix
    done = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for count, lines in spool.batches():
            # escaped fields never hold a raw newline: each one ends a row
            copy.write(prefix + lines.replace(b"\n", joint) + b"\n")
            done += count
            yield done


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_line(row: tuple[object, ...]) -> str:
    """One row in COPY's text format (what psycopg's write_row would send)."""
    return "\t".join([_copy_field(value) for value in row])


def _copy_field(value: object) -> str:
    kind = type(value)
    if kind is str:
        text: str = value  # type: ignore[assignment]
        if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
            return text.translate(_COPY_ESCAPES)
        return text
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is date:
        return value.isoformat()  # type: ignore[attr-defined]
    return str(value).translate(_COPY_ESCAPES)


def _insert_rows(sheet: Sheet, version_id: int, spool: _Spool) -> Iterator[int]:
    """Other databases: executemany of one INSERT, values prepared by the
    model fields (the same conversion bulk_create applies)."""
    table, columns = _columns(sheet)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    meta = sheet.model._meta
    prepare = [meta.get_field(c.key).get_db_prep_save for c in sheet.columns]
    done = 0
    with connection.cursor() as cursor:
        for batch in spool.batches():
            rows = [[version_id, *_prepared(prepare, row)] for row in batch]
            cursor.executemany(sql, rows)
            done += len(batch)
            yield done


def _prepared(prepare: list[Callable[..., object]], row: tuple[object, ...]) -> list:
    return [p(value, connection) for p, value in zip(prepare, row, strict=True)]
