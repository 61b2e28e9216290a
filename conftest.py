"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from tests.demo_snapshot import install_demo, remember_pristine

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told that this is safe (it is, in tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_content_type_cache() -> None:
    """Transactional tests flush and recreate content types with new ids, while
    ContentType's process-wide cache keeps the old ones; audit entries written
    later would point at ids that no longer exist."""
    ContentType.objects.clear_cache()


@pytest.fixture
def _django_db_helper(_django_db_helper: None) -> None:
    """pytest-django's database set-up (marks and fixtures alike), plus the
    reference data a flush removed.

    A transactional test ends with a flush that also deletes the rows the data
    migrations wrote (the 47 prefectures), so the next transactional test on the
    same worker would start without them. Overrides pytest-django's internal
    fixture because every way of asking for a database goes through it.
    """
    from geo.models import DesignatedCity, Prefecture
    from geo.reference import load_reference_data

    ContentType.objects.clear_cache()
    if not Prefecture.objects.exists():
        load_reference_data(Prefecture, DesignatedCity)


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> None:
    """pytest-django's test database, with its migrated state noted so the
    first demo load from it can be recorded (tests/demo_snapshot.py)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        remember_pristine()


@pytest.fixture
def demo_data(db: None) -> None:
    """The seed-calibrated demo data set, as `make run` loads it (restored after
    the first load in a process: see tests/demo_snapshot.py)."""
    install_demo()


@pytest.fixture
def live_demo_data(django_db_reset_sequences: None) -> None:
    """The demo data for live_server (browser) tests.

    The flush after each such test resets the sequences, so rows created by
    the test itself start from the same ids on every run."""
    # A transactional test flushes and recreates content types with new ids, but
    # ContentType's cache keeps the old ones; audit entries would point at them.
    ContentType.objects.clear_cache()
    install_demo()


@pytest.fixture(scope="module")
def demo_module(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[None]:
    """The demo data, loaded once per test module (loading takes seconds).

    Loaded inside an outer transaction rolled back when the module ends; each
    test's own transaction nests inside it as a savepoint (the way Django's
    TestCase nests setUpTestData), so a test that writes leaves no trace.
    """
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        with transaction.atomic():
            install_demo()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The module's demo data for one test (its writes roll back)."""
