"""Who may read scores and results, over the web and the API (issue 5).

A reviewer cannot read an item not assigned to them nor another reviewer's
score; region staff never read a score; the public sees only published
aggregates. What a caller may not see answers 404 exactly like a missing id
(issue 13: hidden evaluations must not be enumerable); asking for score
sheets of an item one may see, without the right to, answers 403.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from evaluations.models import Assignment, EvaluationItem
from evaluations.services import close_evaluation, open_for_scoring, publish
from evaluations.tests.factories import Panel, make_panel, score_everything
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel() -> Panel:
    """Open: 3 regions, 3 reviewers, 2 per item, so each misses one item."""
    panel = make_panel(regions=3, members=3, min_reviewers=2)
    open_for_scoring(panel.evaluation, None)
    return panel


def _split(panel: Panel, reviewer: User) -> tuple[EvaluationItem, EvaluationItem]:
    """(an item assigned to ``reviewer`` shared with another, one not assigned)."""
    mine = [i for i in panel.items if i.assignments.filter(member__user=reviewer)]
    other = [i for i in panel.items if i not in mine]
    return mine[0], other[0]


def _web(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _api(user: User | None) -> dict[str, Any]:
    if user is None:
        return {}
    return {"headers": {"Authorization": f"Bearer {issue_token(user).plaintext}"}}


def _scores_url(item: EvaluationItem) -> str:
    return f"/api/v1/evaluations/{item.evaluation_id}/items/{item.pk}/scores"


def _sheet_url(sheet: Assignment) -> str:
    return f"/api/v1/evaluations/{sheet.item.evaluation_id}/sheets/{sheet.pk}"


def test_a_reviewer_cannot_read_an_unassigned_item(panel: Panel) -> None:
    reviewer = panel.members[0].user
    mine, unassigned = _split(panel, reviewer)

    assert _web(reviewer).get(f"/evaluations/items/{unassigned.pk}/").status_code == 404
    assert Client().get(_scores_url(unassigned), **_api(reviewer)).status_code == 404
    assert _web(reviewer).get(f"/evaluations/items/{mine.pk}/").status_code == 200


def test_a_reviewer_cannot_read_another_reviewers_score(panel: Panel) -> None:
    reviewer = panel.members[0].user
    mine, _ = _split(panel, reviewer)
    score_everything(panel, lambda item, member: 4)
    own = mine.assignments.get(member__user=reviewer)
    other = mine.assignments.exclude(member__user=reviewer).first()

    assert _web(reviewer).get(f"/evaluations/sheets/{other.pk}/").status_code == 404
    assert Client().get(_sheet_url(other), **_api(reviewer)).status_code == 404
    assert Client().get(_sheet_url(own), **_api(reviewer)).status_code == 200
    listed = Client().get(_scores_url(mine), **_api(reviewer)).json()
    assert [sheet["id"] for sheet in listed] == [own.pk]


def test_the_scoring_page_shows_no_other_reviewers_score(panel: Panel) -> None:
    reviewer = panel.members[0].user
    mine, _ = _split(panel, reviewer)
    other = mine.assignments.exclude(member__user=reviewer).select_related("member")
    other = other.first()

    page = _web(reviewer).get(f"/evaluations/items/{mine.pk}/").content.decode()

    assert "score_progress" in page
    assert other.member.name_ja not in page


def test_region_staff_cannot_read_any_score(panel: Panel) -> None:
    item = panel.items[0]
    staff = make_user(User.Role.REGION, regions=[item.region])
    sheet = item.assignments.first()

    assert _web(staff).get(f"/evaluations/items/{item.pk}/").status_code == 200
    assert Client().get(_scores_url(item), **_api(staff)).status_code == 403
    assert Client().get(_sheet_url(sheet), **_api(staff)).status_code == 404
    assert _web(staff).get(f"/evaluations/sheets/{sheet.pk}/").status_code == 404


def test_the_public_sees_only_published_aggregates(panel: Panel) -> None:
    evaluation = panel.evaluation
    score_everything(panel, lambda item, member: 3 + item.pk % 3)
    url = f"/api/v1/evaluations/{evaluation.pk}"
    missing = f"/api/v1/evaluations/{evaluation.pk + 1000}"
    hidden = Client().get(url)
    assert hidden.status_code == 404
    assert hidden.json() == Client().get(missing).json()
    assert Client().get(f"/evaluations/{evaluation.pk}/").status_code == 404
    assert Client().get("/api/v1/evaluations").json()["count"] == 0

    close_evaluation(evaluation, None)
    assert Client().get(url).status_code == 404
    publish(evaluation, None)

    body = Client().get(url).json()
    assert {i["result"]["rating"] for i in body["items"]} <= {"S", "A", "B", "C"}
    assert all("scores" not in i["result"] for i in body["items"])
    sheet = panel.items[0].assignments.first()
    assert Client().get(_scores_url(panel.items[0])).status_code == 403
    assert Client().get(_sheet_url(sheet)).status_code == 404
    page = Client().get(f"/evaluations/{evaluation.pk}/results/").content.decode()
    assert "individual-scores" not in page
    assert sheet.member.name_ja not in page
