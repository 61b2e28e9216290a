"""No secrets in the repository: keys, tokens and passwords never get committed.

Scans every file git would commit (tracked, plus untracked files that are not
ignored) for the shapes of real credentials. Known, deliberate non-secrets
(the development-only key, the public demo password, test fixtures) are
allow-listed by exact value, so anything new fails loudly.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 2_000_000
SKIP_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".xlsx", ".woff2"}
SKIP_SUFFIXES |= {".mo", ".zip", ".sqlite3", ".gz"}

PATTERNS: dict[str, re.Pattern[str]] = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "Stripe key": re.compile(r"\b[rs]k_live_[0-9A-Za-z]{20,}\b"),
    "Chiiki API token": re.compile(r"\bchiiki_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\b"),
    "password in a URL": re.compile(
        r"\b(?:postgres(?:ql)?|mysql|redis|amqp|https?)://[^\s/:@'\"]+:([^\s/@'\"]+)@"
    ),
    "Django secret key": re.compile(r"""SECRET_KEY\s*[:=]\s*["']([^"']{20,})["']"""),
}

#: Exact values that look like secrets but are public on purpose.
ALLOWED_VALUES = {
    # chiiki/settings.py: used only when DEBUG is on (refused otherwise).
    "chiiki-development-only-not-a-secret",
}
#: Files whose job is to describe or test the patterns above.
ALLOWED_FILES = {"tests/test_secrets_scan.py"}


def committable_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        pytest.skip("git is not available to list the repository's files")
    names = sorted({name for name in listed.decode().split("\0") if name})
    return [ROOT / name for name in names]


def findings(path: Path, root: Path = ROOT) -> Iterator[str]:
    if path.suffix.lower() in SKIP_SUFFIXES or not path.is_file():
        return
    if path.stat().st_size > MAX_BYTES:
        return
    text = path.read_text(encoding="utf-8", errors="ignore")
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            value = match.group(match.lastindex or 0)
            # A value computed at run time (shell `$(...)`, `${VAR}`) is no secret.
            if value in ALLOWED_VALUES or "$" in value:
                continue
            line = text.count("\n", 0, match.start()) + 1
            yield f"{path.relative_to(root)}:{line}: {kind}"


def test_it_finds_no_secret_in_the_repository() -> None:
    problems = [
        problem
        for path in committable_files()
        if str(path.relative_to(ROOT)) not in ALLOWED_FILES
        for problem in findings(path)
    ]
    assert not problems, "Possible secrets committed:\n" + "\n".join(problems)


def test_no_environment_file_is_committed() -> None:
    names = {path.name for path in committable_files()}
    assert not names & {".env", ".env.local", ".env.production", "secrets.json"}


@pytest.mark.parametrize(
    "sample",
    [
        "-----BEGIN RSA PRIVATE KEY-----",
        'SECRET_KEY = "x7!kq2-a-real-looking-production-key"',
        "DATABASE_URL=postgres://chiiki:hunter2-pass@db:5432/chiiki",
        "chiiki_0123456789ab_" + "A" * 43,
        "AKIA" + "ABCDEFGHIJKLMNOP",
    ],
)
def test_the_scanner_catches_each_kind_of_secret(tmp_path: Path, sample: str) -> None:
    leak = tmp_path / "leak.py"
    leak.write_text(f"value = {sample!r}\n", encoding="utf-8")
    assert list(findings(leak, root=tmp_path))
