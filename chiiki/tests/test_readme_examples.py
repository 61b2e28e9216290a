"""Every ``curl`` example of the README, run against a live server with the demo data.

The README's shell blocks are parsed, continuation lines joined, comments
dropped; ``http://127.0.0.1:8000`` becomes the live server, ``$TOKEN`` an
officer's token and ``report.xlsx`` a valid report file. Each must answer
2xx: an example that stops working fails here, not for a reader.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User
from accounts.tokens import issue_token
from reports.tests.builders import valid_rows, write_xlsx

README = Path(settings.BASE_DIR) / "README.md"
FENCE = re.compile(r"^```(?:sh|bash|console|shell)\n(.*?)^```", re.M | re.S)

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="no curl")


def curl_examples(text: str) -> list[str]:
    commands = []
    for block in FENCE.findall(text):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("curl "):
                commands.append(line)
    return commands


def test_the_parser_finds_the_examples() -> None:
    commands = curl_examples(README.read_text(encoding="utf-8"))

    assert len(commands) >= 10
    assert any("/allocations" in c and '"programme"' in c for c in commands)


def test_every_readme_curl_example_answers_2xx(
    live_server: object, live_demo_data: None, tmp_path: Path
) -> None:
    officer = User.objects.get(username="officer")
    token = issue_token(officer).plaintext
    write_xlsx(tmp_path / "report.xlsx", valid_rows(5, fy=2005))
    base = str(live_server.url)  # type: ignore[attr-defined]
    statuses = {}
    for command in curl_examples(README.read_text(encoding="utf-8")):
        command = command.replace("http://127.0.0.1:8000", base)
        command = command.replace("$TOKEN", token)
        args = shlex.split(command, comments=True)
        args[1:1] = [
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--max-time",
            "120",
        ]
        result = subprocess.run(  # noqa: S603 (the README's own commands)
            args, cwd=tmp_path, capture_output=True, text=True, timeout=150
        )
        statuses[command] = result.stdout
    failing = {c: s for c, s in statuses.items() if not s.startswith("2")}
    assert not failing, failing
    assert len(statuses) >= 10
