"""傾斜配分 as the seed describes it: only evaluated regions get a weighted share.

On the demo data, 6 KC regions have no published evaluation result before
FY2005: they keep the base amount exactly, are listed as 未評価 with the
reason, and the budget is still spent to the yen.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.usefixtures("demo")

BUDGET = 9_000_000_000


def allocate(*args: str) -> str:
    out = io.StringIO()
    call_command(
        "allocate", "--budget", str(BUDGET), "--fiscal-year", "2005", *args, stdout=out
    )
    return out.getvalue()


def allocation() -> dict[str, Any]:
    return json.loads(allocate("--format", "json"))


def test_unevaluated_regions_keep_their_base_and_the_budget_is_spent() -> None:
    result = allocation()

    rows = result["regions"]
    unevaluated = [r for r in rows if not r["evaluated"]]
    assert len(unevaluated) == 6
    for row in unevaluated:
        assert row["amount_yen"] == row["base_yen"]
        assert row["change_yen"] == 0
        assert row["status"] == "未評価"
        assert "公表された評価の結果がない" in row["unevaluated_reason"]
        assert row["provenance"] is None
    assert {u["code"] for u in result["unevaluated"]} == {
        r["code"] for r in unevaluated
    }
    assert sum(r["amount_yen"] for r in rows) == BUDGET == result["total_yen"]
    evaluated = [r for r in rows if r["evaluated"]]
    assert any(r["change_yen"] != 0 for r in evaluated)


def test_json_and_table_mark_synthetic_ratings() -> None:
    rows = allocation()["regions"]
    table = allocate()

    assert {r["provenance"] for r in rows if r["evaluated"]} == {"合成"}
    assert "未評価" in table
    assert "※ 合成" in table
    rated = next(r for r in rows if r["evaluated"])
    assert f"{rated['rating']}※" in table
