"""A quick schemathesis pass over the whole API, in-process (WSGI).

scripts/fuzz_api.sh is the real fuzzing run (thousands of calls against
gunicorn); this smoke test keeps the basics from regressing in every test
run: no operation answers 5xx, every status code and body is documented.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chiiki.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """As Django's test client does: a WSGI request must not close the
    connection that holds the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def demo_regions(db: None, keep_test_connection: None) -> None:
    """A region with an accepted and a draft report, so paths can resolve."""
    from geo.models import DesignatedCity, Prefecture
    from geo.reference import load_reference_data
    from reports.choices import ReportStatus
    from tests.factories import make_region, make_report

    # A transactional test run before this one may have flushed the
    # migration's reference rows; they are idempotent to reload.
    load_reference_data(Prefecture, DesignatedCity)
    region = make_region(code="kc-sapporo")
    make_report(region=region, fiscal_year=2004)
    make_report(region=region, fiscal_year=2003, status=ReportStatus.ACCEPTED)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_documented(case: Any, demo_regions: None) -> None:
    response = case.call()
    case.validate_response(response, checks=CHECKS)
