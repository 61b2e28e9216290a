"""Fuzz: thousands of mutated xlsx, zip and CSV files through the importer.

A seeded mutator (reproducible: the failing case's number is in the
message) damages real report files in two ways: the raw bytes of the file
(mostly caught by the zip layer) and the *content* of one member, re-zipped
so that the damage reaches the XML and CSV readers, the number and date
parsers and the validators. Each case goes through
:func:`reports.importing.import_report_file`, the entry point of all three
doors. Asserted for every case: nothing but an ImportResult comes back (no
exception), a rejected file writes no row, and no error is the importer's
catch-all ``file.unreadable`` (which would mean an unforeseen exception
that the safety net hid).
"""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

from reports.importing import import_report_file
from reports.models import AnnualReport, ReportVersion
from reports.sheets import SHEETS
from reports.tests.builders import csv_members, valid_rows, write_xlsx
from reports.tests.hostile import csv_zip_bytes, workbook
from tests.factories import make_region, make_report

pytestmark = pytest.mark.django_db

SEED = 20261202
CASES = int(os.environ.get("CHIIKI_FUZZ_CASES", "2000"))
#: The run stops early past this many seconds, stretched when the machine
#: has more runnable processes than cores; it must still run MIN_CASES.
TIME_BUDGET = float(os.environ.get("CHIIKI_FUZZ_SECONDS", "60"))
MIN_CASES = 1_000

_TOKENS = [
    b"<",
    b">",
    b"&",
    b'"',
    b"</row>",
    b"<row>",
    b'<c r="ZZZZZZZZ9">',
    b'<c r="A1" t="s"><v>99</v></c>',
    b"<![CDATA[",
    b"<!--",
    b"<!DOCTYPE x>",
    b"&amp;",
    b"&#0;",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\x82\xa0",
    b"\xff\xfe",
    b"9" * 400,
    b"1" + b",000" * 1_500,
    b"-",
    b"1e309",
    b"NaN",
    b"\r",
    b"\n",
    b",",
    b'"',
    b"\t",
    "平成16年4月1日".encode(),
    "特願2004-123456".encode(),
    "１，２３４".encode(),
    b"=SUM(A1)",
]


def _seeds(folder: Path) -> list[bytes]:
    rows = valid_rows(4)
    return [
        write_xlsx(folder / "seed.xlsx", rows).read_bytes(),
        workbook(
            {
                "funds": '<row r="2"><c r="A2" t="inlineStr"><is><t>国の補助金</t></is>'
                '</c><c r="B2"><v>1000</v></c></row>',
                "companies": '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
            },
            strings="<si><t>株式会社</t></si>",
        ),
        csv_zip_bytes(csv_members(rows)),
        csv_zip_bytes(csv_members(rows, encoding="cp932")),
        csv_zip_bytes(csv_members(rows, encoding="utf-8-sig", delimiter="\t")),
    ]


# --- mutations ----------------------------------------------------------------------


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few random edits of ``data``: flips, insertions, deletions, copies."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        _EDITS[rng.randrange(len(_EDITS))](out, rng)
    return bytes(out)


def _flip(out: bytearray, rng: random.Random) -> None:
    if out:
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)


def _insert(out: bytearray, rng: random.Random) -> None:
    at = rng.randint(0, len(out))
    out[at:at] = rng.choice(_TOKENS)


def _delete(out: bytearray, rng: random.Random) -> None:
    if out:
        at = rng.randrange(len(out))
        del out[at : at + rng.randint(1, 64)]


def _duplicate(out: bytearray, rng: random.Random) -> None:
    if out:
        at = rng.randrange(len(out))
        piece = out[at : at + rng.randint(1, 256)]
        out[rng.randint(0, len(out)) : 0] = piece * rng.randint(1, 8)


def _truncate(out: bytearray, rng: random.Random) -> None:
    if out:
        del out[rng.randrange(len(out)) :]


_EDITS: list[Callable[[bytearray, random.Random], None]] = [
    _flip,
    _insert,
    _insert,
    _delete,
    _duplicate,
    _truncate,
]


def _mutate_member(data: bytes, rng: random.Random) -> bytes:
    """``data`` (a zip) with one member's content mutated and re-zipped."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    target = rng.randrange(len(members))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members):
            if index == target:
                content = _mutate_bytes(content, rng)
            archive.writestr(name, content)
    return buffer.getvalue()


def _case(seeds: list[bytes], rng: random.Random) -> bytes:
    seed = rng.choice(seeds)
    if rng.random() < 0.7:
        return _mutate_member(seed, rng)
    return _mutate_bytes(seed, rng)


# --- the run -----------------------------------------------------------------------


def _counter() -> Callable[[], tuple[int, ...]]:
    """Row counts of every table an import writes, in one query (a count
    per table through the ORM was most of a case's time)."""
    models = [s.model for s in SHEETS] + [AnnualReport, ReportVersion]
    quote = connection.ops.quote_name
    parts = [f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models]
    sql = "SELECT " + ", ".join(parts)

    def count() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return tuple(cursor.fetchone())

    return count


def _budget() -> float:
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return TIME_BUDGET * max(1.0, load)


def test_it_survives_mutated_files(tmp_path: Path) -> None:
    region = make_region()
    report = make_report(region=region, fiscal_year=2004)
    seeds = _seeds(tmp_path)
    rng = random.Random(SEED)
    path = tmp_path / "case.bin"
    failures: list[str] = []
    row_counts = _counter()
    counts = row_counts()
    started, budget = time.monotonic(), _budget()
    done = 0
    for number in range(CASES):
        if time.monotonic() - started > budget:
            break
        path.write_bytes(_case(seeds, rng))
        try:
            result = import_report_file(path, region.code, report.fiscal_year)
        except Exception as exc:  # noqa: BLE001 - what the test looks for
            failures.append(f"case {number}: {type(exc).__name__}: {exc!s:.200}")
            continue
        finally:
            done += 1
        codes = {e.code for e in result.errors}
        if "file.unreadable" in codes:
            failures.append(
                f"case {number}: unforeseen failure {result.errors[0].value}"
            )
        after = row_counts()
        if not result.ok and after != counts:
            failures.append(f"case {number}: rejected but rows changed")
        counts = after
    assert done >= MIN_CASES, f"only {done} cases in {budget:.0f} s"
    assert not failures, "\n".join(failures[:20])
