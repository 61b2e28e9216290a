"""The FY2005 sheet in every format: the seed's twelve headings and figures.

The demo data is loaded once for the module inside a transaction that is
rolled back, the four files are rendered once, and each test reads them.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from sheets.document import build_sheet
from sheets.render import render

JA_HEADINGS = [
    "事業名",
    "主管課及び関係課",
    "施策目標及び達成目標",
    "事業の概要",
    "予算額及び事業開始年度",
    "事業開始時において得ようとした効果",
    "得られた効果",
    "得ようとする効果",
    "必要性",
    "効率性",
    "有効性",
    "備考",
]
EN_HEADINGS = [
    "Project name",
    "Responsible divisions",
    "Policy goals and targets",
    "Outline of the project",
    "Budget and starting year",
    "Effects sought at the start",
    "Effects obtained",
    "Effects sought",
    "Necessity",
    "Efficiency",
    "Effectiveness",
    "Remarks",
]
#: The seed's figures as the sheet writes them (see demo/tests/test_seed_figures).
SEED_TEXTS = [
    "17,600百万円",
    "12,400百万円",
    "18地域",
    "37地域",
    "15地域",
    "1,500人",
    "500人",
    "19地域",
    "700人",
    "200人",
    "2,200人",
    "523件",
    "107億円",
    "約600件",
    "約264件",
    "約282件",
    "約1兆円以上",
    "約800億円",
    "約160億円",
    "平成18年度",
    "平成14年度",
]
FORMATS = ("html", "md", "pdf", "xlsx")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def files(demo_module: None) -> dict[str, bytes]:
    """The FY2005 sheet rendered once: the four formats, and English md/xlsx."""
    sheet = build_sheet(2005)
    rendered = {fmt: render(sheet, fmt) for fmt in FORMATS}
    english = build_sheet(2005, "en")
    rendered["en.md"] = render(english, "md")
    rendered["en.xlsx"] = render(english, "xlsx")
    return rendered


def pdf_text(data: bytes, tmp: Path) -> str:
    path = tmp / "sheet.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


def xlsx_values(data: bytes) -> list[Any]:
    ws = load_workbook(io.BytesIO(data)).active
    return [
        cell.value for row in ws.iter_rows() for cell in row if cell.value is not None
    ]


def text_of(fmt: str, data: bytes, tmp: Path) -> str:
    if fmt == "pdf":
        return pdf_text(data, tmp)
    if fmt.endswith("xlsx"):
        return "\n".join(str(value) for value in xlsx_values(data))
    text = data.decode()
    if fmt == "html":
        text = re.sub(r"<[^>]+>", "", text)
    return text


def positions(text: str, headings: list[str]) -> list[int]:
    """Each heading's first position after the previous one (-1 if missing)."""
    found, start = [], 0
    flat = re.sub(r"\s+", "", text)
    for heading in headings:
        index = flat.find(re.sub(r"\s+", "", heading), start)
        found.append(index)
        start = max(index, start) + 1
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_it_carries_the_twelve_headings_in_the_seed_order(
    files: dict[str, bytes], fmt: str, tmp_path: Path
) -> None:
    found = positions(text_of(fmt, files[fmt], tmp_path), JA_HEADINGS)

    assert -1 not in found, dict(zip(JA_HEADINGS, found, strict=True))
    assert found == sorted(found)


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_it_carries_the_seed_figures(
    files: dict[str, bytes], fmt: str, tmp_path: Path
) -> None:
    text = re.sub(r"\s+", "", text_of(fmt, files[fmt], tmp_path))

    missing = [figure for figure in SEED_TEXTS if figure not in text]
    assert not missing


def test_it_writes_figures_as_numbers_with_formats_in_the_xlsx(
    files: dict[str, bytes],
) -> None:
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert len(book.worksheets) == 1
    ws = book.active
    numbers = {
        cell.value: cell.number_format
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    }
    strings = [
        cell.value
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]

    assert numbers[17_600] == numbers[12_400] == '#,##0"百万円"'
    assert {18, 37, 15, 19, 1_500, 500, 700, 200, 2_200, 523, 107, 264, 282, 600} <= (
        set(numbers)
    )
    assert "億円" in numbers[107]
    assert not [s for s in strings if re.fullmatch(r"[\d,]+(百万円|人|件|億円)", s)]
    assert ws.merged_cells.ranges
    assert "平成18年度" in strings
    text = "".join(strings)
    assert positions(text, JA_HEADINGS) == sorted(positions(text, JA_HEADINGS))


def test_it_embeds_the_japanese_font_and_renders_nonblank_a4_pages(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(files["pdf"])
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    pages = int(re.search(rb"Pages:\s+(\d+)", info.stdout).group(1))
    size = re.search(rb"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)

    assert 3 <= pages <= 10
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (595, 842)
    assert b"IPAexGothic" in fonts.stdout
    low, high = image.getextrema()
    assert high - low > 100  # ink on paper, not a blank page
    dark = sum(1 for value in image.tobytes() if value < 128)
    assert 0.005 < dark / (image.width * image.height) < 0.5
    assert "\ufffd" not in pdf_text(files["pdf"], tmp_path)


def test_it_renders_the_svg_charts_in_the_html(files: dict[str, bytes]) -> None:
    html = files["html"].decode()

    assert 'class="bar-chart"' in html
    assert html.count('class="line-chart"') >= 5
    assert "IPAexGothic" in html


def test_it_renders_english_headings_with_lang_en(
    files: dict[str, bytes], tmp_path: Path
) -> None:
    for fmt in ("en.md", "en.xlsx"):
        found = positions(text_of(fmt, files[fmt], tmp_path), EN_HEADINGS)
        assert -1 not in found, (fmt, dict(zip(EN_HEADINGS, found, strict=True)))
        assert found == sorted(found)
    assert "¥17,600 million" in files["en.md"].decode()
    assert "FY2006" in files["en.md"].decode()
