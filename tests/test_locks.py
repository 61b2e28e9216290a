"""Installs that fit their use: production gets the runtime lock only."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_ONLY = {"pytest", "playwright", "pandas", "duckdb", "ruff", "hypothesis", "mypy"}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[_canon(name)] = version.strip()
    return pins


def _requirements(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(_canon(re.split(r"[<>=\[; ]", line, maxsplit=1)[0]))
    return names


def test_the_runtime_lock_has_no_test_or_benchmark_package() -> None:
    assert DEV_ONLY.isdisjoint(_pins(ROOT / "requirements.lock"))


def test_every_direct_dependency_is_pinned_in_its_lock() -> None:
    runtime, dev = (
        _pins(ROOT / "requirements.lock"),
        _pins(ROOT / "requirements-dev.lock"),
    )
    assert _requirements(ROOT / "requirements.in") <= set(runtime)
    assert _requirements(ROOT / "requirements-dev.in") <= set(runtime) | set(dev)
    assert DEV_ONLY <= set(dev)


def test_the_dev_lock_extends_the_runtime_lock_without_repinning() -> None:
    text = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    assert "-r requirements.lock" in text.splitlines()
    runtime, dev = (
        _pins(ROOT / "requirements.lock"),
        _pins(ROOT / "requirements-dev.lock"),
    )
    assert set(runtime).isdisjoint(dev)


def test_the_map_outlines_are_vendored_with_their_licence() -> None:
    assert "japanmap" not in _pins(ROOT / "requirements.lock")
    assert "japanmap" not in _pins(ROOT / "requirements-dev.lock")
    outlines = ROOT / "geo" / "outlines"
    assert "Apache License" in (outlines / "LICENSE").read_text(encoding="utf-8")
    assert (outlines / "japan.json").stat().st_size > 200_000
