"""The sheet as Markdown, for review in version control (diffs line by line).

Figures are links to their source rows, so a reviewer can follow them; each
section is a ``##`` heading in the seed's order.
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
    out = [f"# {sheet.title}", ""]
    out.append(
        f"{_('データ版')}: `{sheet.version.label}` · {_('作成日時')}: "
        f"{sheet.version.generated_at:%Y-%m-%d %H:%M}"
    )
    for section in sheet.sections:
        out += ["", f"## {section.heading}", ""]
        for line in section.lines:
            out += [_line(line), ""]
        for objective in section.objectives:
            if objective.kind == "goal":
                out.append(f"- {_('施策目標')} {objective.code} {objective.text}")
            elif objective.kind == "target":
                link = f"[{_('達成目標')} {objective.code}]({objective.url})"
                out.append(f"  - {link} {objective.text}")
            else:
                out.append(f"- {objective.text}")
        for prose in section.prose:
            for paragraph in prose.paragraphs:
                out += ["", paragraph]
        for table in section.tables:
            out += ["", f"**{table.caption}**", ""]
            out.append("| " + " | ".join(table.columns) + " |")
            out.append("|" + "---|" * len(table.columns))
            out += [
                "| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows
            ]
        if section.side is not None:
            out += ["", f"**{section.side.label}**: {_cell(section.side)}"]
        out += [f"> {note}" for note in section.notes]
    return [*out, ""]


def _line(line: Line) -> str:
    return "".join(_cell(part) for part in line)


def _cell(value: Cell) -> str:
    if isinstance(value, Figure):
        return f"[{value.text}]({value.source})"
    return str(value).replace("|", "\\|")
