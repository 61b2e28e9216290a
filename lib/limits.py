"""The hard bounds an uploaded spreadsheet is read within, in one place.

An annual report is a few thousand rows of a handful of columns; the largest
file the project commits to importing is the 200,000-row patent sheet of the
benchmark (``bench/imports.py``). Anything far beyond that is a mistake or an
attack (an 8.9 KB xlsx holding one cell at column ``ZZZZZZ`` once made the
old reader pad a row to 321 million cells). Every reader — :mod:`lib.tables`
(CSV), :mod:`lib.xlsx`, and any reader that replaces it — takes a
:class:`ReadLimits` and checks each bound *while it streams*, before memory
grows, raising :class:`lib.tables.TableError` with the ``code`` and a
Japanese message from :func:`describe` that names the limit and the place.

The values are chosen so that a rejected file costs less than 256 MB of peak
memory and 5 s (``reports/tests/test_hostile_files.py`` measures both), while
the benchmark file still imports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "COLUMN_MARGIN",
    "DEFAULT_LIMITS",
    "LIMIT_CODES",
    "ReadLimits",
    "describe",
]

#: Columns allowed right of a sheet's template width: enough for a note
#: column or two (reported as unknown columns, with their own message),
#: far too few for a column-reference bomb.
COLUMN_MARGIN = 20

_MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What a legitimate upload never exceeds (see the module docstring)."""

    #: columns of one sheet (the importer narrows it per sheet with
    #: :meth:`for_width`: template width + :data:`COLUMN_MARGIN`)
    max_columns: int = 64
    #: rows read from one sheet, header included
    max_rows: int = 250_001
    #: rows read from all sheets of one file together
    max_file_rows: int = 500_000
    #: characters of one cell (Excel's own limit)
    max_cell_chars: int = 32_767
    #: entries of an xlsx shared-string table
    max_shared_strings: int = 1_000_000
    #: characters of all shared strings together
    max_shared_chars: int = 32_000_000
    #: bytes of XML between two row ends (one row, or the sheet's tail)
    max_xml_span_bytes: int = 16 * _MIB
    #: bytes of one tag, comment or CDATA section (expat 2.5 re-scans an
    #: unfinished one on every chunk: a 20 MB attribute cost minutes)
    max_markup_bytes: int = _MIB
    #: elements of a small xlsx part read as a whole (workbook, rels)
    max_part_elements: int = 100_000
    #: nesting depth of any xlsx XML part
    max_xml_depth: int = 64
    #: declared uncompressed bytes of all members of a zip together
    max_total_bytes: int = 384 * _MIB
    #: uncompressed / compressed size of one member ...
    max_ratio: float = 200.0
    #: ... for members larger than this (tiny members compress well)
    ratio_floor_bytes: int = _MIB
    #: members of a zip
    max_members: int = 1_000
    #: bytes of a zip's central directory (read before any member)
    max_directory_bytes: int = 4 * _MIB
    #: characters of one CSV line (the longest legitimate one is
    #: max_columns cells of max_cell_chars; the header must fit in it)
    max_csv_line_chars: int = 4 * _MIB

    def for_width(self, width: int) -> ReadLimits:
        """These limits for a sheet whose template has ``width`` columns."""
        return replace(self, max_columns=min(self.max_columns, width + COLUMN_MARGIN))


DEFAULT_LIMITS = ReadLimits()

#: code → (Japanese name, English name) of each limit, for messages and docs.
LIMIT_CODES: dict[str, tuple[str, str]] = {
    "limit.columns": ("1シートの列数", "columns per sheet"),
    "limit.rows": ("1シートの行数", "rows per sheet"),
    "limit.file_rows": ("ファイル全体の行数", "rows per file"),
    "limit.cell_chars": ("1セルの文字数", "characters per cell"),
    "limit.shared_strings": ("共有文字列の数", "shared strings"),
    "limit.shared_chars": ("共有文字列の合計文字数", "characters of shared strings"),
    "limit.xml_span": ("1行のXMLの大きさ（バイト）", "bytes of one row's XML"),
    "limit.xml_markup": ("1つのタグの大きさ（バイト）", "bytes of one tag"),
    "limit.xml_elements": ("XML要素の数", "XML elements of a part"),
    "limit.xml_depth": ("XMLの入れ子の深さ", "XML nesting depth"),
    "zip.too_large": ("展開後の合計サイズ（バイト）", "uncompressed bytes"),
    "zip.ratio": ("圧縮率", "compression ratio"),
    "zip.too_many_members": ("zip内のファイル数", "members of the zip"),
    "zip.directory": ("zipの目次の大きさ（バイト）", "zip directory bytes"),
    "limit.csv_line": ("CSVの1行の文字数", "characters of one CSV line"),
}


def describe(code: str, limit: float, where_ja: str, where_en: str) -> tuple[str, str]:
    """The Japanese and English message for ``code`` exceeded at ``where``.

    ``where`` is the place as far as the reader knows it (「シート「特許出願」
    2行目 ZZZZZZ2セル」); the message says which limit, its value, and that
    nothing was imported.
    """
    name_ja, name_en = LIMIT_CODES[code]
    shown = f"{limit:,.0f}" if float(limit).is_integer() else f"{limit:,}"
    ja = (
        f"{where_ja}で{name_ja}の上限（{shown}）を超えました。"
        "取り込み用のファイルとして大きすぎるため、読み込みを中止しました"
        "（何も登録していません）。テンプレートの形のまま保存し直してください。"
    )
    en = (
        f"{where_en}: the limit on {name_en} ({shown}) was exceeded; the file "
        "was not read (nothing was imported). Save it again in the template's shape."
    )
    return ja, en
