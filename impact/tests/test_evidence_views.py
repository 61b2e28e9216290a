"""The evidence page, the dataset download and the API endpoints."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from impact.demo import DEMO_KEY, PLANTED_EFFECT


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="ja")


def test_it_is_linked_from_the_navigation(demo, client) -> None:
    page = client.get(reverse("dashboard:home")).content.decode()
    assert 'href="{}"'.format(reverse("impact:evidence")) in page


def test_it_shows_the_estimate_chart_assumptions_and_synthetic_mark(demo, client):
    response = client.get(reverse("impact:evidence"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "event-chart" in html
    assert "合成" in html
    assert "平行トレンド" in html and "波及なし" in html and "予期なし" in html
    assert "二方向固定効果" in html
    result = response.context["result"]
    assert result["overall"]["lower"] < PLANTED_EFFECT < result["overall"]["upper"]


def test_it_takes_the_control_group_and_neighbour_option(demo, client) -> None:
    response = client.get(
        reverse("impact:evidence"), {"control": "notyet", "drop_neighbours": "on"}
    )
    assert response.context["result"]["control"] == "notyet"
    assert response.context["result"]["n_units"] < 47


def test_it_falls_back_to_defaults_for_invalid_choices(demo, client) -> None:
    response = client.get(
        reverse("impact:evidence"), {"outcome": "nothing", "control": "x"}
    )
    assert response.status_code == 200
    assert response.context["result"]["control"] == "never"


def test_it_downloads_the_dataset_as_csv(demo, client) -> None:
    response = client.get(reverse("impact:dataset_download", args=[DEMO_KEY]))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "unit_code,unit_name,fiscal_year,value"
    assert len(lines) == 1 + 47 * 9
    assert (
        client.get(reverse("impact:dataset_download", args=["nope"])).status_code == 404
    )


def test_the_api_lists_datasets_with_provenance(demo, client) -> None:
    body = client.get("/api/v1/evidence/datasets").json()
    assert body[0]["key"] == DEMO_KEY
    assert body[0]["synthetic"] is True
    assert body[0]["values"] == 47 * 9
    assert "+15" in body[0]["provenance"]


def test_the_api_answers_the_estimate(demo, client) -> None:
    response = client.get(
        "/api/v1/evidence/estimate", {"control": "notyet", "draws": 199, "seed": 3}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["control"] == "notyet"
    assert body["bootstrap"] == {
        "draws": 199, "seed": 3, "critical_value": body["bootstrap"]["critical_value"]
    }  # fmt: skip
    assert body["overall"]["lower"] < PLANTED_EFFECT < body["overall"]["upper"]
    assert {row["cohort"] for row in body["cohorts"]} == {2002, 2003, 2004}


@pytest.mark.parametrize(
    ("params", "status"),
    [({"outcome": "nothing"}, 400), ({"draws": 5}, 400), ({"control": "x"}, 422)],
)
def test_the_api_refuses_bad_parameters(demo, client, params, status) -> None:
    response = client.get("/api/v1/evidence/estimate", params)
    assert response.status_code == status
    assert "detail" in response.json()
