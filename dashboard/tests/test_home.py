"""The dashboard at /: programmes, counts per FY, budgets, chart and map."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.tests.conftest import SmallProgramme
from tests.factories import make_region, make_user

URL = "/"


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def _programme_count(html: str, code: str) -> str:
    """The big number on the programme's card."""
    card = re.search(rf'data-programme="{code}".*?</article>', html, re.S)
    assert card is not None
    count = re.search(r'data-count="(\d+)"', card.group(0))
    assert count is not None
    return count.group(1)


def test_it_is_the_dashboard_home_url() -> None:
    assert reverse("dashboard:home") == URL


def test_it_renders_the_subsidy_and_both_programmes(
    client: Client, small_programme: SmallProgramme
) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    html = _text(response)
    assert "地域科学技術振興事業費補助金" in html
    assert "知的クラスター創成事業" in html
    assert "都市エリア産学官連携促進事業" in html
    assert '<html lang="ja">' in html


def test_it_counts_regions_active_in_fy2004_by_default(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL))

    assert _programme_count(html, "KC") == "2"
    assert _programme_count(html, "CA") == "1"
    assert "2004年度（平成16年度）の実施地域数" in html
    assert 'value="2004" selected' in html


def test_it_counts_regions_in_the_selected_fiscal_year(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL, {"fiscal_year": 2005}))

    assert _programme_count(html, "KC") == "3"
    assert _programme_count(html, "CA") == "1"
    assert "2005年度（平成17年度）の実施地域数" in html


@pytest.mark.parametrize("bad", ["abc", "1800", "", "2004; drop"])
def test_it_falls_back_to_fy2004_for_a_bad_year(
    client: Client, small_programme: SmallProgramme, bad: str
) -> None:
    response = client.get(URL, {"fiscal_year": bad})

    assert response.status_code == 200
    assert _programme_count(_text(response), "KC") == "2"


def test_it_lists_only_the_years_the_data_covers(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL))
    select = re.search(r'<select name="fiscal_year".*?</select>', html, re.S)

    assert select is not None
    years = re.findall(r'<option value="(\d{4})"', select.group(0))
    assert years == [str(year) for year in range(2002, 2010)]
    assert "2004（平成16年度）" in select.group(0)


def test_it_tabulates_regions_per_programme_per_year(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL))
    table = re.search(
        r'<table class="table numeric year-table">.*?</table>', html, re.S
    )

    assert table is not None
    rows = re.findall(r"<tr.*?</tr>", table.group(0), re.S)
    cells = {
        re.search(r">(\d{4})</a>", row).group(1): re.findall(r"<td>(\d+)</td>", row)  # type: ignore[union-attr]
        for row in rows[1:]
    }
    # KC, CA, total.
    assert cells["2002"] == ["2", "1", "3"]
    assert cells["2004"] == ["2", "1", "3"]
    assert cells["2005"] == ["3", "1", "4"]
    assert cells["2007"] == ["1", "0", "1"]


def test_it_shows_budgets_in_oku_and_million_yen(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL))

    assert "90億円" in html and "34億円" in html
    assert "69億円" in html and "31億円" in html
    assert "12,400百万円" in html
    assert "17,600百万円" in html
    assert "概算要求額" in html


def test_it_draws_the_budget_chart_as_inline_svg(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL))
    chart = re.search(r'<svg class="bar-chart".*?</svg>', html, re.S)

    assert chart is not None
    assert chart.group(0).count('<g class="bar">') == 3
    assert 'class="series-0"' in chart.group(0)
    assert 'class="series-request"' in chart.group(0)
    assert "124億円" in chart.group(0)
    assert "<script" not in html.split("</head>")[1]
    assert "style=" not in html


def test_it_draws_the_map_coloured_by_regions_per_prefecture(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL))

    assert html.count("<path data-code=") == 47
    assert 'data-code="01" class="pref map-b1"' in html
    # The Keihanna region spans Kyoto and Osaka; Osaka also has a CA area.
    assert 'data-code="26" class="pref map-b1"' in html
    assert 'data-code="27" class="pref map-b2"' in html
    assert 'data-code="13" class="pref map-b0"' in html
    assert 'href="/regions/?prefecture=01&amp;fiscal_year=2004"' in html
    assert "北海道: 1地域" in html
    assert "3地域以上" in html


def test_it_links_to_the_region_list_and_the_api_docs(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL))

    assert 'href="/regions/?programme=KC&amp;fiscal_year=2004"' in html
    assert 'href="/regions/?fiscal_year=2004"' in html
    assert 'href="/api/v1/docs"' in html


def test_it_renders_without_any_data(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    assert "事業が登録されていません。" in _text(response)
    assert "予算が登録されていません。" in _text(response)


def test_it_uses_a_constant_number_of_queries(
    client: Client, small_programme: SmallProgramme
) -> None:
    client.get(URL)  # warm caches (map geometry, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(20):
        make_region(programme=small_programme.ca, start_fy=2003, planned_end_fy=2005)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)
    assert len(few) <= 10


def test_it_shows_staff_the_admin_link(
    client: Client, small_programme: SmallProgramme
) -> None:
    staff = make_user(is_staff=True)
    public_html = _text(client.get(URL))
    client.force_login(staff)
    staff_html = _text(client.get(URL))

    assert 'href="/admin/"' not in public_html
    assert 'href="/admin/"' in staff_html
    assert "ログアウト" in staff_html


@pytest.mark.usefixtures("english_catalog")
def test_it_switches_to_english(
    client: Client, small_programme: SmallProgramme
) -> None:
    response = client.post(
        reverse("set_language"), {"language": "en", "next": URL}, follow=True
    )

    html = _text(response)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Dashboard" in html
    assert "Regions" in html
    # Proper names stay in Japanese next to the English interface.
    assert "知的クラスター創成事業" in html


@pytest.mark.usefixtures("demo_data")
def test_it_shows_the_seed_figures_on_the_demo_data(client: Client) -> None:
    html = _text(client.get(URL))

    assert _programme_count(html, "KC") == "18"
    assert _programme_count(html, "CA") == "37"
    assert "合計 55 地域" in html
    assert "90億円" in html and "34億円" in html
    assert "69億円" in html and "31億円" in html
    assert "12,400百万円" in html and "17,600百万円" in html
    assert _programme_count(_text(client.get(URL, {"fiscal_year": 2002})), "KC") == "12"
