"""`manage.py impact`: the outside panel, Chiiki's own outcome, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from impact.demo import PLANTED_EFFECT
from lib.did_synthetic import synthetic_rows

HEADER = "unit,year,value,first_treated\n"


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in rows), encoding="utf-8")
    return path


@pytest.fixture
def panel_csv(tmp_path: Path) -> Path:
    rows = synthetic_rows(
        ["u{}".format(i) for i in range(150)], range(2000, 2009), [2003, 2006],
        effect=2.5, seed=4,
    )  # fmt: skip
    lines = [
        "{},{},{},{}".format(r.unit, r.year, r.value, r.first_treated or "")
        for r in rows
    ]
    return _write(tmp_path / "panel.csv", lines)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("impact", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_estimate_as_json(panel_csv: Path) -> None:
    payload = json.loads(_run("--panel", str(panel_csv), "--format", "json"))
    overall = payload["overall"]
    assert overall["lower"] < 2.5 < overall["upper"]
    assert overall["se"] > 0
    assert [row["cohort"] for row in payload["cohorts"]] == [2003, 2006]
    assert {row["event_time"] for row in payload["event_time"]} >= {-5, 0, 5}
    assert payload["twfe"]["att"] == pytest.approx(2.5, abs=0.5)
    assert payload["bootstrap"]["draws"] == 999
    assert payload["source"] == {"panel": "panel.csv"}


def test_it_is_reproducible_with_a_seed_and_changes_without(panel_csv: Path) -> None:
    args = ("--panel", str(panel_csv), "--format", "json", "--draws", "199")
    first = json.loads(_run(*args, "--seed", "7"))
    again = json.loads(_run(*args, "--seed", "7"))
    other = json.loads(_run(*args, "--seed", "8"))
    assert first == again
    assert first["bootstrap"]["critical_value"] != other["bootstrap"]["critical_value"]


def test_it_prints_a_japanese_table_with_twfe(panel_csv: Path) -> None:
    text = _run("--panel", str(panel_csv), "--control", "notyet")
    assert "未処置・処置前群" in text
    assert "全体ATT" in text
    assert "二方向固定効果" in text
    assert "経過年別" in text


BAD = [
    (["A,2000,1"], "unit,year,value\n", "必要な列がありません"),
    (["A,2000,1,", "A,2000,2,"], HEADER, "重複"),
    (["A,2000,1,2001", "A,2001,2,2001", "B,2000,1,2001", "B,2001,1,2001"], HEADER,
     "未処置"),
    (["A,2000,1,2000", "A,2001,2,2000", "B,2000,1,", "B,2001,1,"], HEADER, "処置前"),
    (["A,2000,x,"], HEADER, "数値ではありません"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "header", "message"), BAD)
def test_it_refuses_bad_panels_with_exit_1(tmp_path, rows, header, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        _run("--panel", str(path))
    assert caught.value.returncode == 1
    assert message in str(caught.value)


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        _run("--panel", str(tmp_path / "none.csv"))
    assert caught.value.returncode == 1
    assert "ありません" in str(caught.value)


def test_it_exits_1_without_a_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path / "dup.csv", ["A,2000,1,", "A,2000,2,"])
    done = subprocess.run(
        [sys.executable, "manage.py", "impact", "--panel", str(path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "重複" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("control", ["never", "notyet"])
def test_it_finds_the_demo_panels_planted_effect(demo, control) -> None:
    payload = json.loads(
        _run("--outcome", "patent_applications", "--control", control,
             "--format", "json", "--draws", "199")
    )  # fmt: skip
    overall = payload["overall"]
    assert overall["lower"] < PLANTED_EFFECT < overall["upper"]
    assert payload["n_units"] == 47
    assert payload["source"]["synthetic"] is True
    assert payload["pretest"]["p_value"] > 0.05
    assert [row["cohort"] for row in payload["cohorts"]] == [2002, 2003, 2004]


def test_it_drops_neighbours_of_treated_prefectures(demo) -> None:
    payload = json.loads(
        _run("--outcome", "patent_applications", "--drop-neighbours",
             "--format", "json", "--draws", "199")
    )  # fmt: skip
    assert payload["n_units"] < 47


def test_it_refuses_an_unknown_outcome(demo) -> None:
    with pytest.raises(CommandError) as caught:
        _run("--outcome", "no_such_outcome")
    assert caught.value.returncode == 1
    assert "patent_applications" in str(caught.value)
