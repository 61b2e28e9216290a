"""GET /api/v1/targets and /api/v1/targets/{code}: the kpi command's JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from reports.models import YearlyOutcome

pytestmark = pytest.mark.usefixtures("demo")

URL = "/api/v1/targets"


def test_it_lists_every_target_with_its_forecast(client: Client) -> None:
    response = client.get(URL, {"fiscal_year": 2004})

    assert response.status_code == 200
    targets = response.json()
    assert [t["id"] for t in targets][:3] == ["6-2-1", "6-2-2", "6-2-4"]
    assert len(targets) == 8
    patents = targets[2]
    assert set(patents) >= {
        "id", "text", "value", "goal", "unit", "deadline", "progress", "forecast",
        "interval", "probability", "judgement", "series", "metrics",
    }  # fmt: skip
    assert patents["metric"] == "patent-applications"
    assert isinstance(patents["value"], int)
    assert patents["goal"] == 2000
    assert patents["unit"] == "件"
    assert (
        patents["interval"]["lower"]
        < patents["forecast"]
        < patents["interval"]["upper"]
    )
    assert 0 <= patents["probability"] <= 1
    assert [m["metric"] for m in patents["metrics"]] == [
        "patent-applications",
        "commercializations",
    ]
    assert patents["metrics"][0]["forecast_path"][-1]["fiscal_year"] == 2006


def test_it_answers_what_the_kpi_command_prints(client: Client) -> None:
    out = io.StringIO()
    call_command("kpi", "--fiscal-year", "2003", "--format", "json", stdout=out)

    assert client.get(URL, {"fiscal_year": 2003}).json() == json.loads(out.getvalue())


def test_it_defaults_to_the_latest_year_with_accepted_reports(client: Client) -> None:
    latest = max(YearlyOutcome.objects.values_list("fiscal_year", flat=True))

    targets = client.get(URL).json()

    assert {t["fiscal_year"] for t in targets} == {latest}


def test_it_follows_the_fiscal_year(client: Client) -> None:
    by_year = {
        fy: {t["id"]: t for t in client.get(URL, {"fiscal_year": fy}).json()}
        for fy in (2002, 2003, 2004)
    }

    patents = [by_year[fy]["6-2-4"]["value"] for fy in (2002, 2003, 2004)]
    assert patents == sorted(patents) and patents[0] < patents[-1]
    assert by_year[2002]["6-2-4"]["judgement_code"] == "insufficient_data"
    assert by_year[2002]["6-2-4"]["forecast"] is None


@pytest.mark.parametrize("bad", ["abc", "1800", "2201", "2004.5"])
def test_it_answers_422_for_a_bad_fiscal_year(client: Client, bad: str) -> None:
    response = client.get(URL, {"fiscal_year": bad})

    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["detail"][0]["loc"] == ["query", "fiscal_year"]


def test_it_answers_400_for_an_unknown_programme(client: Client) -> None:
    response = client.get(URL, {"programme": "XX"})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "programme": ["事業コード「XX」の事業はありません。"]
    }


def test_it_narrows_to_a_programme(client: Client) -> None:
    everything = {t["id"]: t for t in client.get(URL, {"fiscal_year": 2004}).json()}
    kc = {
        t["id"]: t
        for t in client.get(URL, {"fiscal_year": 2004, "programme": "KC"}).json()
    }
    ca = {
        t["id"]: t
        for t in client.get(URL, {"fiscal_year": 2004, "programme": "CA"}).json()
    }

    assert kc["6-2-4"]["value"] + ca["6-2-4"]["value"] == everything["6-2-4"]["value"]


def test_it_shows_one_target(client: Client) -> None:
    response = client.get(f"{URL}/4-9-追加", {"fiscal_year": 2004})

    assert response.status_code == 200
    assert response.json()["id"] == "4-9-追加"
    assert response.json()["relation"] == "related"


def test_it_answers_404_for_an_unknown_target(client: Client) -> None:
    response = client.get(f"{URL}/9-9-9")

    assert response.status_code == 404
    assert response.json() == {"detail": "達成目標「9-9-9」はありません。"}


def test_it_refuses_writes_with_405(client: Client) -> None:
    response = client.post(URL, {})

    assert response.status_code == 405
    assert "detail" in response.json()


def test_it_is_documented_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/targets" in schema["paths"]
    assert "/api/v1/targets/{code}" in schema["paths"]
    parameters = schema["paths"]["/api/v1/targets"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"fiscal_year", "programme"}


def test_it_uses_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        client.get(URL, {"fiscal_year": 2004})
