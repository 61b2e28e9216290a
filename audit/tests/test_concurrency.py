"""No lost updates: of two writers of one version, the second gets a conflict."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from audit.concurrency import (
    ConflictError,
    etag_for,
    parse_if_match,
    save_with_lock_version,
)
from audit.models import AuditEntry
from chiiki.api import api
from reports.models import AnnualReport
from tests.factories import make_report


@pytest.mark.django_db
def test_the_second_writer_of_the_same_version_gets_a_conflict() -> None:
    report = make_report()
    first = AnnualReport.objects.get(pk=report.pk)
    second = AnnualReport.objects.get(pk=report.pk)
    first.due_date = date(2005, 5, 31)
    save_with_lock_version(first, 0, ["due_date"])
    second.due_date = date(2005, 6, 30)
    with pytest.raises(ConflictError) as caught:
        save_with_lock_version(second, 0, ["due_date"])
    assert (caught.value.expected, caught.value.current) == (0, 1)
    report.refresh_from_db()
    assert report.due_date == date(2005, 5, 31)
    assert report.lock_version == 1


@pytest.mark.django_db
def test_a_locked_save_is_audited_with_the_old_and_new_version() -> None:
    report = make_report()
    report.due_date = date(2005, 5, 31)
    save_with_lock_version(report, 0, ["due_date"])
    entry = AuditEntry.objects.for_object(report).latest("pk")
    assert entry.before["lock_version"] == 0
    assert entry.after["lock_version"] == 1
    assert entry.after["due_date"] == "2005-05-31"


def test_the_api_answers_a_conflict_with_409_json() -> None:
    request = RequestFactory().patch("/api/v1/x")
    error = ConflictError(AnnualReport(), expected=0, current=3)
    response = api.on_exception(request, error)
    assert response.status_code == 409
    assert b"current_version" in response.content


@pytest.mark.parametrize(
    ("header", "version"),
    [('"3"', 3), ('W/"12"', 12), ("7", 7), ("*", None), ("", None), (None, None)],
)
def test_it_reads_the_version_from_if_match(header: str | None, version: int) -> None:
    assert parse_if_match(header) == version


def test_the_etag_is_the_quoted_version() -> None:
    assert etag_for(AnnualReport(lock_version=5)) == '"5"'


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def test_two_concurrent_writers_never_both_win(transactional_db: None) -> None:
    """Real threads, real connections: exactly one succeeds, and its value stays.

    The in-memory SQLite test database fails a second writer at once with
    "table is locked" instead of queuing it, which is not the production
    behaviour; the PostgreSQL run (and scripts/load_test.py) covers it.
    """
    if _in_memory_sqlite():
        pytest.skip("shared-cache in-memory SQLite does not queue writers")
    report = make_report()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def write(name: str, due: date) -> None:
        try:
            obj = AnnualReport.objects.get(pk=report.pk)
            obj.due_date = due
            barrier.wait(timeout=10)
            save_with_lock_version(obj, 0, ["due_date"])
            outcomes[name] = "saved"
        except ConflictError:
            outcomes[name] = "conflict"
        finally:
            connections.close_all()

    dates = {"a": date(2005, 5, 1), "b": date(2005, 6, 1)}
    threads = [threading.Thread(target=write, args=item) for item in dates.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    winner = next(name for name, result in outcomes.items() if result == "saved")
    report.refresh_from_db()
    assert report.due_date == dates[winner]
    assert report.lock_version == 1
