"""The evaluations API: steps (409 in the wrong state), scores (422 off the
scale) and allocations (every number explained; 422 when infeasible)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from evaluations.choices import EvaluationState
from evaluations.services import open_for_scoring
from evaluations.tests.factories import make_closed_panel, make_panel
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _post(user: User, url: str, body: dict[str, Any] | None = None) -> Any:
    return Client().post(
        url,
        json.dumps(body or {}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issue_token(user).plaintext}"},
    )


@pytest.fixture
def officer() -> User:
    return make_user(User.Role.OFFICER)


def test_open_close_and_a_step_in_the_wrong_state(officer: User) -> None:
    panel = make_panel(regions=1, members=1, min_reviewers=1)
    base = f"/api/v1/evaluations/{panel.evaluation.pk}"

    response = _post(officer, f"{base}/open")
    assert (response.status_code, response.json()["state"]) == (200, "open")
    response = _post(officer, f"{base}/publish")
    assert response.status_code == 409
    assert "変えることはできません" in response.json()["detail"]
    response = _post(officer, f"{base}/close")
    assert response.status_code == 409
    assert response.json()["code"] == "evaluation.unscored"


def test_a_reviewer_scores_over_the_api() -> None:
    panel = make_panel(regions=1, members=1, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    item, reviewer = panel.items[0], panel.members[0].user
    url = f"/api/v1/evaluations/{panel.evaluation.pk}/items/{item.pk}/scores"
    scores = {"progress": 5, "results": 4, "impact": 3, "organisation": 4}

    bad = _post(reviewer, url, {"scores": {**scores, "progress": 9}})
    assert bad.status_code == 422
    assert "評点は1〜5の整数で入力してください。" in json.dumps(
        bad.json(), ensure_ascii=False
    )
    good = _post(reviewer, url, {"scores": scores, "comment": "良"})
    assert good.status_code == 200
    assert good.json()["scores"] == scores


def test_scoring_a_closed_evaluation_is_a_conflict() -> None:
    panel = make_closed_panel(regions=1, members=1, min_reviewers=1)
    item, reviewer = panel.items[0], panel.members[0].user
    url = f"/api/v1/evaluations/{panel.evaluation.pk}/items/{item.pk}/scores"
    response = _post(reviewer, url, {"scores": {"progress": 3}})
    assert response.status_code == 409
    assert panel.evaluation.state == EvaluationState.CLOSED


def test_an_allocation_explains_every_number(officer: User) -> None:
    panel = make_closed_panel(regions=3, members=2, min_reviewers=2)
    body = {
        "programme": panel.evaluation.programme.code,
        "fiscal_year": 2005,
        "budget_yen": 300_000_000,
        "base_yen": 100_000_000,
        "evaluation_id": panel.evaluation.pk,
    }
    response = _post(officer, "/api/v1/allocations", body)
    assert response.status_code == 200
    allocation = response.json()["allocation"]
    assert sum(r["amount_yen"] for r in allocation["regions"]) == 300_000_000
    for region in allocation["regions"]:
        assert {"base_yen", "weight", "floor_yen", "ceiling_yen", "bound"} <= set(
            region
        )
        assert region["explanation_ja"].startswith("基準額")

    compared = _post(
        officer, "/api/v1/allocations", {**body, "compare": {"budget_yen": 330_000_000}}
    ).json()
    assert compared["compared"]["total_yen"] == 330_000_000
    assert len(compared["differences"]) == 3


def test_an_infeasible_allocation_is_refused_in_japanese(officer: User) -> None:
    panel = make_closed_panel(regions=3, members=2, min_reviewers=2)
    body = {
        "programme": panel.evaluation.programme.code,
        "fiscal_year": 2005,
        "budget_yen": 100_000_000,
        "base_yen": 100_000_000,
        "evaluation_id": panel.evaluation.pk,
    }
    response = _post(officer, "/api/v1/allocations", body)
    assert response.status_code == 422
    assert "下限" in response.json()["detail"]


@pytest.mark.parametrize("offset", ["-1", "1000000001", "99999999999999999999"])
def test_an_offset_out_of_range_is_refused_not_a_500(offset: str) -> None:
    response = Client().get("/api/v1/evaluations", {"offset": offset})
    assert response.status_code == 422, response.content


def test_a_boolean_is_not_a_score() -> None:
    """JSON true used to be taken as 1 (issue 13): now 422, nothing stored."""
    panel = make_panel(regions=1, members=1, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    item, reviewer = panel.items[0], panel.members[0].user
    url = f"/api/v1/evaluations/{panel.evaluation.pk}/items/{item.pk}/scores"
    scores = {"progress": True, "results": 4, "impact": 3, "organisation": 4}

    response = _post(reviewer, url, {"scores": scores})

    assert response.status_code == 422
    assert "true・false は数値として受け付けません" in json.dumps(
        response.json(), ensure_ascii=False
    )
    assert not item.assignments.get().scores.exists()


def test_a_boolean_is_not_a_budget(officer: User) -> None:
    response = _post(
        officer,
        "/api/v1/allocations",
        {"programme": "KC", "fiscal_year": 2005, "budget_yen": True},
    )
    assert response.status_code == 422
    assert "true・false" in json.dumps(response.json(), ensure_ascii=False)
