"""`kpi --format csv`: a long table people open in a spreadsheet.

One row per target, metric and fiscal year; UTF-8 with BOM; ids marked so a
spreadsheet keeps them as text (Excel turns ``6-2-1`` into 2001/6/2). Where
LibreOffice is installed the file is opened by it, with Excel's habit of
reading dates ("detect special numbers") on.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from targets.exports import FORECAST, LONG_COLUMNS, REPORTED

pytestmark = pytest.mark.usefixtures("demo")


def kpi_csv(*args: str) -> str:
    out = io.StringIO()
    call_command("kpi", "--format", "csv", *args, stdout=out)
    return out.getvalue()


def test_it_writes_utf8_with_a_bom_and_the_long_columns() -> None:
    text = kpi_csv("--fiscal-year", "H16")

    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == LONG_COLUMNS


def test_it_writes_one_row_per_target_metric_and_year() -> None:
    text = kpi_csv("--fiscal-year", "H16").removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))

    patents = [
        r
        for r in rows
        if r["metric"] == "patent-applications" and r["kind"] == REPORTED
    ]
    assert [r["fiscal_year"] for r in patents] == ["2002", "2003", "2004"]
    assert all(r["id"] == "#6-2-4" for r in patents)
    assert all(r["as_of_fiscal_year"] == "2004" for r in patents)
    assert int(patents[-1]["value"]) >= int(patents[0]["value"])  # cumulative
    forecasts = [
        r
        for r in rows
        if r["metric"] == "patent-applications" and r["kind"] == FORECAST
    ]
    assert forecasts
    for row in forecasts:
        assert float(row["interval_lower"]) <= float(row["value"])
        assert float(row["value"]) <= float(row["interval_upper"])
    # No cell packs a series any more.
    assert not any(";" in value for row in rows for value in row.values())
    keys = [(r["id"], r["metric"], r["fiscal_year"], r["kind"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_every_id_is_marked_as_text() -> None:
    text = kpi_csv("--fiscal-year", "H16").removeprefix("\ufeff")
    ids = {row["id"] for row in csv.DictReader(io.StringIO(text))}

    assert {f"#6-2-{n}" for n in range(1, 8)} <= ids
    # Only ids a spreadsheet would convert are marked ("4-9-追加" is text).
    for value in ids:
        assert value.startswith("#") == value[1:].replace("-", "").isdigit(), value


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_keeps_the_ids_as_text(tmp_path: Path) -> None:
    text = kpi_csv("--fiscal-year", "H16")
    # A control row: the bare id, which a spreadsheet does read as a date.
    text += "6-2-1\r\n"
    source = tmp_path / "kpi.csv"
    source.write_bytes(text.encode("utf-8"))
    # CSV filter: comma, double quote, UTF-8 (76), from line 1, detect
    # special numbers (dates) on, as Excel does.
    subprocess.run(  # noqa: S603
        [
            "soffice",
            "--headless",
            "--convert-to",
            "xlsx",
            "--infilter=CSV:44,34,76,1,,1041,false,false,false,false,true",
            "--outdir",
            str(tmp_path),
            str(source),
        ],  # fmt: skip
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = load_workbook(tmp_path / "kpi.xlsx").active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids[-1] != "6-2-1"  # the control row became a date
    assert all(isinstance(i, str) and i.startswith("#") for i in ids[:-1])
