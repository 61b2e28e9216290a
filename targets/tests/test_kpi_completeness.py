"""`kpi`'s table marks metrics whose as-of year is provisional (暫定)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from targets.tests.test_completeness import PARTIAL, accept_one_fy2005_report

pytestmark = pytest.mark.usefixtures("demo")


def test_kpi_table_marks_the_provisional_metrics() -> None:
    accept_one_fy2005_report()
    out = io.StringIO()

    call_command("kpi", "--fiscal-year", "2005", stdout=out)

    assert f"2005年度の報告は{PARTIAL}" in out.getvalue()
    assert not re.search(r"\s-\d", out.getvalue())
