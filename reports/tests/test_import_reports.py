"""manage.py import_reports: outputs, exit codes, versions, dry runs."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.utils import timezone

from reports.choices import ReportStatus
from reports.importing import ImportUsageError, import_report_file
from reports.management.progress import RichProgress
from reports.models import AnnualReport, PatentApplication, ReportVersion
from reports.tests.builders import (
    FY,
    row_counts,
    stored_rows,
    valid_rows,
    write_csv_zip,
    write_xlsx,
)
from reports.tests.conftest import ROOT, SETUP_SCRIPT, run_python, subprocess_env
from tests.factories import make_region, make_report, make_user

pytestmark = pytest.mark.django_db

ARGS = ("--region", "kc-test", "--fiscal-year", "2004")


def _import(*args: str) -> tuple[int, str, str]:
    """call_command as manage.py runs it: (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_reports", *args, stdout=out, stderr=err)
    except CommandError as exc:
        err.write(str(exc))
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def run_from_argv(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Run the command the way manage.py does; return its exit status.

    Django closes every connection after a command run from the command line;
    inside a test transaction that would end the test's transaction too.
    """
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(args: list[str]) -> int:
        command = load_command_class("reports", "import_reports")
        command.stdout, command.stderr = StringIO(), StringIO()
        try:
            command.run_from_argv(["manage.py", "import_reports", *args])
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    return run


@pytest.fixture
def region():  # noqa: ANN201 - a Region
    return make_region(start_fy=2002, code="kc-test")


@pytest.fixture
def good_zip(tmp_path: Path) -> Path:
    return write_csv_zip(tmp_path / "good.zip", valid_rows(20))


def test_it_imports_and_lists_counts(region, good_zip: Path) -> None:
    code, out, _ = _import(str(good_zip), "--region", "kc-test", "--fiscal-year", "H16")
    assert code == 0
    assert "取り込みました: 地域 kc-test 2004年度（good.zip） 第1版" in out
    assert "特許出願（patent_applications）: 20行" in out
    report = AnnualReport.objects.get(region=region, fiscal_year=FY)
    assert report.status == ReportStatus.DRAFT
    assert report.current_version.number == 1
    assert report.current_version.source_name == "good.zip"
    assert len(stored_rows(report)["patent_applications"]) == 20


def test_it_answers_json_with_the_same_counts(region, good_zip: Path) -> None:
    code, out, _ = _import(
        str(good_zip), "--region", "kc-test", "--fiscal-year", "2004",
        "--format", "json",
    )  # fmt: skip
    payload = json.loads(out)
    assert code == 0
    assert payload["status"] == "imported"
    assert payload["version"] == 1
    assert payload["counts"] == {
        "patent_applications": 20,
        "commercializations": 20,
        "participants": 3,
        "companies": 20,
        "joint_research": 20,
        "activities": 20,
        "funds": 20,
    }
    assert payload["errors"] == [] and payload["error_count"] == 0


def test_it_writes_nothing_on_a_dry_run(region, good_zip: Path) -> None:
    before = row_counts()
    code, out, _ = _import(
        str(good_zip), "--region", "kc-test", "--fiscal-year", "2004", "--dry-run"
    )
    assert code == 0
    assert "検証のみ（--dry-run）: 誤りはありません" in out
    assert row_counts() == before


def test_it_lists_every_error_with_its_place(region, tmp_path: Path) -> None:
    rows = valid_rows(5)
    rows["patent_applications"][1][1] = "2005-04-01"
    rows["companies"][3][1] = "1234567890123"
    path = write_csv_zip(tmp_path / "bad.zip", rows)
    code, out, err = _import(str(path), "--region", "kc-test", "--fiscal-year", "2004")
    assert code == 1
    assert "エラー 2件:" in out
    assert "シート\t行\t列\t値\t理由" in out
    assert "特許出願\t3\t出願日（filed_on）\t2005-04-01\t" in out
    assert "参加企業\t5\t法人番号（corporate_number）\t1234567890123\t" in out
    assert "何も登録していません" in err
    assert AnnualReport.objects.count() == 0


def test_it_gives_both_languages_in_json(region, tmp_path: Path) -> None:
    rows = valid_rows(2)
    rows["funds"][0][1] = "たくさん"
    path = write_csv_zip(tmp_path / "bad.zip", rows)
    code, out, _ = _import(
        str(path), "--region", "kc-test", "--fiscal-year", "2004", "--format", "json"
    )
    payload = json.loads(out)
    assert code == 1
    assert payload["status"] == "rejected"
    assert payload["errors"] == [
        {
            "sheet": "funds",
            "row": 2,
            "column": "amount_yen",
            "value": "たくさん",
            "code": "money.invalid",
            "message_ja": payload["errors"][0]["message_ja"],
            "message_en": payload["errors"][0]["message_en"],
        }
    ]
    assert "金額" in payload["errors"][0]["message_ja"]
    assert "yen" in payload["errors"][0]["message_en"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--region", "nowhere", "--fiscal-year", "2004"], "usage.unknown_region"),
        (["--region", "kc-test", "--fiscal-year", "平成99年度"], "fiscal_year"),
        (["--region", "kc-test", "--fiscal-year", "2001"], "usage.before_region"),
    ],
)
def test_it_exits_2_for_usage_errors(
    region, good_zip: Path, args: list[str], code: str
) -> None:
    exit_code, out, _ = _import(str(good_zip), *args, "--format", "json")
    assert exit_code == 2
    assert json.loads(out)["code"].startswith(code)


def test_it_exits_2_for_a_missing_file(region, tmp_path: Path) -> None:
    exit_code, _, err = _import(
        str(tmp_path / "nope.xlsx"), "--region", "kc-test", "--fiscal-year", "2004"
    )
    assert exit_code == 2
    assert "nope.xlsx" in err


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        ([], 0),
        (["--fiscal-year", "2004", "--region", "nowhere"], 2),
        (["--fiscal-year", "2004", "--region", "kc-test", "--dry-run"], 0),
        (["--region", "kc-test"], 2),
    ],
)
def test_it_exits_with_the_documented_status_through_manage_py(
    region, good_zip: Path, run_from_argv, argv: list[str], status: int
) -> None:
    argv = argv or ["--region", "kc-test", "--fiscal-year", "2004"]
    assert run_from_argv([str(good_zip), *argv]) == status


def test_it_exits_1_through_manage_py_when_rejected(
    region, tmp_path: Path, run_from_argv
) -> None:
    rows = valid_rows(2)
    rows["participants"].append(["産", "1"])
    path = write_csv_zip(tmp_path / "bad.zip", rows)
    argv = [str(path), "--region", "kc-test", "--fiscal-year", "2004"]
    assert run_from_argv(argv) == 1


# --- versions -----------------------------------------------------------------------


def test_it_replaces_the_rows_of_a_draft_that_was_never_submitted(
    region, tmp_path: Path
) -> None:
    first = write_csv_zip(tmp_path / "a.zip", valid_rows(10))
    second = write_xlsx(tmp_path / "b.xlsx", valid_rows(4))
    import_report_file(first, region.code, FY)
    result = import_report_file(second, region.code, FY, user=make_user())
    report = AnnualReport.objects.get(region=region, fiscal_year=FY)
    assert result.version_number == 1
    assert ReportVersion.objects.filter(report=report).count() == 1
    assert report.current_version.source_name == "b.xlsx"
    assert len(stored_rows(report)["patent_applications"]) == 4
    assert PatentApplication.objects.count() == 4


def test_it_adds_a_version_to_a_returned_report_and_keeps_the_submitted_one(
    region, tmp_path: Path
) -> None:
    report = make_report(region=region, fiscal_year=FY)
    submitted = report.current_version
    import_report_file(
        write_csv_zip(tmp_path / "a.zip", valid_rows(3)), region.code, FY
    )
    submitted.submitted_at = timezone.now()
    submitted.save(update_fields=["submitted_at"])
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    result = import_report_file(
        write_csv_zip(tmp_path / "b.zip", valid_rows(5)), region.code, FY
    )
    report.refresh_from_db()
    assert result.version_number == 2
    assert report.current_version.number == 2
    assert PatentApplication.objects.filter(version=submitted).count() == 3
    assert PatentApplication.objects.filter(version=report.current_version).count() == 5


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
def test_it_refuses_a_submitted_or_accepted_report(
    region, good_zip: Path, status: str
) -> None:
    make_report(region=region, fiscal_year=FY, status=status)
    before = row_counts()
    code, out, _ = _import(
        str(good_zip), "--region", "kc-test", "--fiscal-year", "2004"
    )
    assert code == 1
    assert "提出済み/受理済み" in out
    assert row_counts() == before


def test_it_raises_a_usage_error_for_the_service_too(region, good_zip: Path) -> None:
    with pytest.raises(ImportUsageError) as caught:
        import_report_file(good_zip, "nowhere", FY)
    assert caught.value.code == "usage.unknown_region"


def test_it_reports_progress_while_validating_and_writing(
    region, tmp_path: Path
) -> None:
    path = write_csv_zip(tmp_path / "a.zip", valid_rows(2_500))
    calls: list[tuple[str, int, str]] = []
    import_report_file(path, region.code, FY, progress=lambda *a: calls.append(a))
    patents = [c for c in calls if c[0] == "patent_applications"]
    assert ("patent_applications", 1000, "validate") in patents
    assert patents[-1] == ("patent_applications", 2500, "write")
    assert {phase for _, _, phase in calls} == {"validate", "write"}


def test_it_exits_0_1_2_as_a_real_process(
    process_var_dir: Path, tmp_path: Path
) -> None:
    """manage.py in a subprocess, on a SQLite file of its own."""
    env = subprocess_env(process_var_dir)
    run_python(["-c", SETUP_SCRIPT], env)
    rows = valid_rows(3)
    good = write_csv_zip(tmp_path / "good.zip", rows)
    rows["companies"][0][1] = "1234567890123"
    bad = write_csv_zip(tmp_path / "bad.zip", rows)

    def manage(path: Path, region: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", "import_reports", str(path),
             "--region", region, "--fiscal-year", "2004"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
            check=False,
        )  # fmt: skip

    rejected = manage(bad, "kc-proc")
    assert rejected.returncode == 1, rejected.stderr
    assert "参加企業\t2\t法人番号（corporate_number）" in rejected.stdout
    usage = manage(good, "nowhere")
    assert usage.returncode == 2
    assert "nowhere" in usage.stderr
    imported = manage(good, "kc-proc")
    assert imported.returncode == 0, imported.stderr
    assert "取り込みました" in imported.stdout


def test_it_draws_a_progress_bar_on_a_terminal(region, tmp_path: Path) -> None:
    path = write_csv_zip(tmp_path / "a.zip", valid_rows(1_500))
    stream = StringIO()
    with RichProgress(stream, enabled=True) as bar:
        import_report_file(path, region.code, FY, progress=bar)
    drawn = stream.getvalue()
    assert "検証 特許出願" in drawn
    assert "書込 特許出願" in drawn
    assert "1500/1500" in drawn


def test_it_stays_quiet_when_output_is_not_a_terminal(region, good_zip: Path) -> None:
    _, _, err = _import(str(good_zip), *ARGS)
    assert err == ""


def test_it_stores_tabs_newlines_and_backslashes_exactly(
    region, tmp_path: Path
) -> None:
    """PostgreSQL gets the rows as COPY text: its escapes must round-trip."""
    rows = valid_rows(3)
    title = "改行\nあり\tタブ\\円記号\r\n終わり"
    rows["patent_applications"][1][2] = title
    path = write_csv_zip(tmp_path / "escapes.zip", rows)

    result = import_report_file(path, "kc-test", FY)

    assert result.ok, result.as_dict()["errors"]
    stored = PatentApplication.objects.order_by("pk")
    assert stored[1].title == title.strip()
    assert stored[0].title == rows["patent_applications"][0][2]
