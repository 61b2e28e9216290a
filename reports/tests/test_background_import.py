"""Large uploads: stored, enqueued (django-tasks, database backend), run by
the worker, with progress and the result on the report page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports.background import Progress, estimate_rows, run_import_job
from reports.importing import import_report_file
from reports.models import AnnualReport, ImportJob, ImportJobStatus, PatentApplication
from reports.tests.builders import valid_rows, write_csv_zip, write_xlsx
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


@pytest.fixture
def background(settings: object, tmp_path: Path) -> None:
    """Every upload goes to the worker, however small; stored under tmp_path."""
    settings.REPORT_IMPORT_BACKGROUND_BYTES = 0  # type: ignore[attr-defined]
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]


def _upload(client: Client, report: AnnualReport, path: Path) -> object:
    url = reverse(
        "reports:upload", kwargs={"code": report.region.code, "fy": report.fiscal_year}
    )
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(url, {"file": upload})


def _progress(client: Client, job: ImportJob) -> str:
    report = job.report
    url = reverse(
        "reports:import_progress",
        kwargs={"code": report.region.code, "fy": report.fiscal_year, "job": job.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The worker closes connections it finds inside a transaction (as it should
# between tasks), so this test commits for real instead of rolling back.
@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_queued_then_run_by_the_worker(
    p: Personas, background: None, tmp_path: Path
) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    rows = valid_rows(30)
    path = write_xlsx(tmp_path / "large.xlsx", rows)
    client = Client()
    client.force_login(p.region_user)

    response = _upload(client, report, path)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?import={job.pk}")
    assert job.status == ImportJobStatus.QUEUED and Path(job.path).exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "順番を待っています" in page
    assert PatentApplication.objects.count() == 0

    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert job.rows_done == job.rows_total == sum(len(r) for r in rows.values())
    assert not Path(job.path).exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert PatentApplication.objects.count() == len(rows["patent_applications"])
    done = _progress(client, job)
    assert "hx-trigger" not in done and "取り込みました（第1版）" in done


def test_a_rejected_background_import_shows_the_japanese_error_table(
    p: Personas, background: None, tmp_path: Path
) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    rows = valid_rows(5)
    rows["patent_applications"][2][1] = "2099-01-01"
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    client = Client()
    client.force_login(p.region_user)
    _upload(client, report, path)
    job = ImportJob.objects.get()

    assert run_import_job.call(job.pk) == ImportJobStatus.DONE

    page = _progress(client, job)
    assert "取り込めませんでした" in page and "error-table" in page
    assert "年度" in page  # the reason, in Japanese
    assert PatentApplication.objects.count() == 0


def test_progress_is_written_while_rows_are_read(p: Personas, tmp_path: Path) -> None:
    """The callback the CLI's progress bar uses, recorded on the job row."""
    report = make_report(region=p.region, fiscal_year=2004)
    path = write_xlsx(tmp_path / "r.xlsx", valid_rows(10))
    job = ImportJob.objects.create(report=report, source_name="r.xlsx", path=str(path))
    progress = Progress(job, interval=0.0)

    result = import_report_file(
        path, report.region.code, report.fiscal_year, progress=progress
    )

    job.refresh_from_db()
    assert result.ok
    assert job.phase == "validate"
    assert job.rows_done == progress.rows == sum(result.counts.values())


def test_the_row_estimate_counts_data_rows(tmp_path: Path) -> None:
    rows = valid_rows(7)
    path = write_csv_zip(tmp_path / "r.zip", rows)
    assert estimate_rows(path) == sum(len(r) for r in rows.values())
    # xlsx: every worksheet's rows (the explanation sheet too), less headers
    assert estimate_rows(write_xlsx(tmp_path / "r.xlsx", rows)) >= 7 * 6
    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    assert estimate_rows(tmp_path / "junk.xlsx") == 0
