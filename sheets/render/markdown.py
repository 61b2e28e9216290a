"""The sheet as Markdown, for review in version control (diffs line by line).

Figures are links to their source rows, so a reviewer can follow them; each
section is a ``##`` heading in the seed's order.

Markdown passes raw HTML through, so prose typed as ``<script>…`` would run
wherever the published ``.md`` is rendered (a repository viewer, a wiki).
Every text from the sheet goes through :func:`_text`, which writes ``&``,
``<`` and ``>`` as entities: the reader sees the characters, no renderer
sees markup.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from sheets.document import Line, Sheet
from sheets.figures import Cell, Figure

__all__ = ["render_markdown"]


def render_markdown(sheet: Sheet) -> bytes:
    with translation.override(sheet.language):
        return "\n".join(_lines(sheet)).encode()


def _lines(sheet: Sheet) -> list[str]:
    out = [f"# {_text(sheet.title)}", ""]
    out.append(
        f"{_('データ版')}: `{sheet.version.label}` · {_('作成日時')}: "
        f"{sheet.version.generated_at:%Y-%m-%d %H:%M}"
    )
    for section in sheet.sections:
        out += ["", f"## {_text(section.heading)}", ""]
        for line in section.lines:
            out += [_line(line), ""]
        for objective in section.objectives:
            if objective.kind == "goal":
                out.append(
                    f"- {_('施策目標')} {_text(objective.code)} {_text(objective.text)}"
                )
            elif objective.kind == "target":
                link = f"[{_('達成目標')} {_text(objective.code)}]({objective.url})"
                out.append(f"  - {link} {_text(objective.text)}")
            else:
                out.append(f"- {_text(objective.text)}")
        for prose in section.prose:
            for paragraph in prose.paragraphs:
                out += ["", _text(paragraph)]
        for table in section.tables:
            out += ["", f"**{_text(table.caption)}**", ""]
            out.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
            out.append("|" + "---|" * len(table.columns))
            out += [
                "| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows
            ]
        if section.side is not None:
            out += ["", f"**{_text(section.side.label)}**: {_cell(section.side)}"]
        out += [f"> {_text(note)}" for note in section.notes]
    return [*out, ""]


def _line(line: Line) -> str:
    return "".join(_cell(part) for part in line)


def _cell(value: Cell) -> str:
    if isinstance(value, Figure):
        return f"[{_text(value.text)}]({value.source})"
    return _text(str(value)).replace("|", "\\|")


def _text(value: object) -> str:
    """Sheet text as Markdown that shows it literally: no HTML gets through."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
