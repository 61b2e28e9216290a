"""Fixtures of the sheets' tests: the demo data, loaded once per module.

As in targets/tests/conftest.py: the data is loaded inside an outer
transaction rolled back when the module ends, and each test's own
transaction nests inside it, so a test that writes leaves no trace.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_module(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        with transaction.atomic():
            call_command("load_demo", verbosity=0)
            yield
            transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo data for one test (its writes roll back)."""
