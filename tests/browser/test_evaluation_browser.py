"""An officer opens an evaluation, a reviewer scores, the officer closes it,
and the rating and the 傾斜配分 appear.

Drives Debian's chromium through Playwright against live_server with the demo
data plus a small evaluation of two KC regions; console errors (CSP
violations included) fail the test.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from demo.users import DEMO_PASSWORD
from evaluations.choices import EvaluationState, EvaluationType
from evaluations.models import Committee, CommitteeMember, Evaluation
from evaluations.services import CriterionSpec, assign_reviewers, create_evaluation
from programmes.models import Programme, Region
from tests.browser.conftest import log_in, open_tab

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_demo_data")]

CRITERIA = (
    CriterionSpec("progress", "事業の進捗状況", 3),
    CriterionSpec("results", "研究開発の成果", 2),
)


@pytest.fixture
def evaluation() -> Evaluation:
    """A draft of two KC regions, both assigned to the demo reviewer."""
    committee = Committee.objects.create(name_ja="ブラウザテスト委員会")
    CommitteeMember.objects.create(
        committee=committee,
        name_ja="評価委員（ブラウザテスト）",
        user=User.objects.get(username="reviewer"),
    )
    programme = Programme.objects.get(code="KC")
    regions = Region.objects.filter(programme=programme).order_by("code")[:2]
    created = create_evaluation(
        kind=EvaluationType.INTERIM,
        programme=programme,
        fiscal_year=2006,
        title_ja="ブラウザテスト中間評価",
        committee=committee,
        criteria=CRITERIA,
        regions=list(regions),
        actor=None,
        min_reviewers=1,
    )
    assign_reviewers(created, None)
    return created


def _log_in(
    browser: Browser, base_url: str, username: str, path: str, errors: list[str]
) -> Page:
    page = open_tab(browser, errors)
    log_in(page, base_url, username, DEMO_PASSWORD, path)
    expect(page.get_by_role("heading", name="ブラウザテスト中間評価")).to_be_visible()
    return page


def test_open_score_close_then_rating_and_allocation(
    chromium: Browser, live_server: Any, evaluation: Evaluation
) -> None:
    errors: list[str] = []
    path = f"/evaluations/{evaluation.pk}/"

    page = _log_in(chromium, live_server.url, "officer", path, errors)
    page.locator("main").get_by_role("button", name="採点を開始する").click()
    page.locator("#confirm-dialog").get_by_role("button", name="採点を開始する").click()
    expect(page.get_by_text("採点を開始しました。")).to_be_visible()
    page.context.close()

    page = _log_in(chromium, live_server.url, "reviewer", path, errors)
    for n, link in enumerate(["a", "b"]):
        page.goto(f"{live_server.url}{path}")
        page.locator("table.my-sheets a").nth(n).click()
        page.select_option("select[name=score_progress]", "5" if link == "a" else "3")
        page.select_option("select[name=score_results]", "4" if link == "a" else "2")
        page.fill("textarea[name=comment]", "ブラウザからの採点")
        page.get_by_role("button", name="評点を保存する").click()
        expect(page.get_by_text("評点を保存しました。")).to_be_visible()
    page.context.close()

    page = _log_in(chromium, live_server.url, "officer", path, errors)
    page.locator("main").get_by_role("button", name="締め切る").click()
    page.locator("#confirm-dialog").get_by_role("button", name="締め切る").click()
    expect(page.get_by_text("締め切りました。評価結果を算出しました。")).to_be_visible()
    page.get_by_role("link", name="評価結果を見る").click()
    ratings = page.locator("table.result-table .rating")
    expect(ratings).to_have_count(2)
    expect(ratings.first).to_have_text("S")  # (5×3 + 4×2) / 5 = 4.6
    expect(ratings.last).to_have_text("B")  # (3×3 + 2×2) / 5 = 2.6
    page.get_by_role("link", name="この評価で傾斜配分を試算する").click()
    expect(page.locator("table.allocation-table .allocation-amount")).to_have_count(2)
    expect(page.locator("table.allocation-table tfoot")).to_contain_text(
        "1,000,000,000円"
    )
    page.context.close()

    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.CLOSED
    assert errors == []
