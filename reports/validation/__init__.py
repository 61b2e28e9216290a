"""Validation of annual-report rows: every problem found, none raised.

Bad data is the normal case for an upload, so nothing here raises for it:
each problem becomes a :class:`RowError` (sheet, row, column, value, code and
a Japanese and an English reason) collected in :class:`Findings`. The rules:

Cells
    types, required values, enumerations, lengths, 法人番号 check digit, patent
    number format, no formulas or Excel error values.
Dates and the fiscal year
    patent ``filed_on``, commercialisation ``date`` and activity ``held_on``
    must fall inside the report's fiscal year (error). Joint research
    ``started_on`` must not be after the year (error) and may be before it
    (warning: a continuing project); ``ended_on`` must not be before
    ``started_on`` nor before the year starts (errors).
Patents
    a domestic row needs a 特願 number; a foreign-style number (PCT/…) needs
    外国出願 = はい. The year in a 特願 number differing from the filing date's
    year is a warning (divisional applications keep the parent's date).
Duplicates within the file (error unless noted)
    patents: the application number; participants: the sector; companies:
    the 法人番号, or the name when there is none; commercialisations: kind,
    name, company and date; joint research: title and start date; activities:
    kind, title and date; funds: source and amount (warning: two equal grants
    are possible).
Against earlier accepted reports
    a patent number already counted in an accepted report of the same region
    (another fiscal year) is an error; in another region's accepted report a
    warning (joint applications are legitimate).
Totals (checked once all sheets are read)
    companies listed ⇒ participants must count ≥ 1 industry researcher;
    no joint research row may have more industry partners than the companies
    sheet lists; joint research without any participant is a warning.

Only keys are remembered for the duplicate checks (a 16-byte digest and a row
number per row), and patents are checked against the database in batches, so
memory does not grow with the size of the rows.

Modules: :mod:`.findings` (RowError, Findings), :mod:`.rows` (headers, cells,
row rules, duplicates), :mod:`.ledger` (earlier accepted reports) and
:mod:`.totals` (rules across sheets).
"""

from __future__ import annotations

from reports.validation.findings import (
    MAX_REPORTED,
    Findings,
    RowError,
    ValidationContext,
)
from reports.validation.ledger import PatentLedger
from reports.validation.rows import SheetStats, SheetValidator, check_header
from reports.validation.totals import check_totals

__all__ = [
    "MAX_REPORTED",
    "Findings",
    "PatentLedger",
    "RowError",
    "SheetStats",
    "SheetValidator",
    "ValidationContext",
    "check_header",
    "check_totals",
]
