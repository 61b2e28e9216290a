"""The dashboard at /: programmes, counts per FY, budgets, chart and map."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.maps import outcome_buckets
from dashboard.tests.conftest import OKU, SmallProgramme
from programmes.models import Region
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome
from targets.models import BenchmarkInstitution, Metric, PolicyGoal, Target
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
    metrics = with_targets(small_programme)
    client.get(URL)  # warm caches (map geometry, content types)
    cache.clear()  # the computed figures, cached per data version
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(20):
        region = make_region(
            programme=small_programme.ca, start_fy=2003, planned_end_fy=2005
        )
        report_patents(region, {2003: 2, 2004: 3})
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)
    # The page without targets, then at most two queries per metric.
    # + 8: the reports' completeness (targets/completeness.py), once per version.
    assert len(few) <= 15 + 2 * metrics + 8  # 14 + the data version


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


# --- targets, outcomes, efficiency, the indicator map -----------------------------


def report_patents(region: Region, flows: dict[int, int]) -> None:
    YearlyOutcome.objects.bulk_create(
        YearlyOutcome(region=region, fiscal_year=fy, kind=kind, value=value * weight)
        for fy, value in flows.items()
        for kind, weight in (
            (OutcomeKind.PATENT_APPLICATIONS, 1),
            (OutcomeKind.FUNDS_SUBSIDY, 10_000_000),
        )
    )


def with_targets(small: SmallProgramme) -> int:
    """Two targets (three metrics) on the small programme; returns the metrics.

    Only Sapporo has patents, but every region active FY2002–FY2004 reported
    (zeros), so those years are complete (targets/completeness.py).
    """
    report_patents(small.sapporo, {2002: 10, 2003: 20, 2004: 30})
    for region in Region.objects.exclude(pk=small.sapporo.pk):
        years = range(max(region.start_fy, 2002), min(region.last_fy, 2004) + 1)
        report_patents(region, dict.fromkeys(years, 0))
    goal = PolicyGoal.objects.create(code="6-2", title_ja="地域")
    patents = Target.objects.create(
        goal=goal, code="6-2-4", text_ja="特許出願2,000件", deadline_fy=2006
    )
    regions = Target.objects.create(
        goal=goal, code="6-2-1", text_ja="知的クラスター10拠点", deadline_fy=2006
    )
    definitions = [
        (patents, "patents", "cumulative_sum",
         {"outcome": "patent_applications", "start_fy": 2002}, 2000),
        (patents, "growth", "growth_vs_baseline",
         {"outcome": "patent_applications", "baseline_fy": 2002}, 30),
        (regions, "kc", "count",
         {"entity": "region", "programme": "KC", "active": True}, 10),
    ]  # fmt: skip
    for target, key, kind, params, goal_value in definitions:
        Metric.objects.create(
            target=target,
            key=key,
            label_ja=key,
            kind=kind,
            params=params,
            goal_value=goal_value,
        )
    return len(definitions)


def test_it_shows_a_card_per_target_with_progress_and_judgement(
    client: Client, small_programme: SmallProgramme
) -> None:
    with_targets(small_programme)

    html = _text(client.get(URL))

    assert 'data-target="6-2-4"' in html and 'data-target="6-2-1"' in html
    card = re.search(r'data-target="6-2-4".*?</article>', html, re.S)
    assert card is not None
    assert card.group(0).count('class="line-chart"') == 2
    assert 'class="progress-bar"' in card.group(0)
    assert "60件" in card.group(0)  # 10 + 20 + 30
    assert "達成困難" in card.group(0)
    assert "style=" not in html


def test_it_tabulates_outcomes_per_year_and_programme(
    client: Client, small_programme: SmallProgramme
) -> None:
    report_patents(small_programme.sapporo, {2002: 10, 2003: 20})

    html = _text(client.get(URL))
    table = re.search(
        r'<table class="table numeric outcome-table">.*?</table>', html, re.S
    )

    assert table is not None
    assert "特許出願件数" in table.group(0)
    row = re.search(r">2003</th>.*?</tr>|2003 <small>.*?</tr>", table.group(0), re.S)
    assert row is not None and "<td>20</td>" in row.group(0)


def test_it_sets_patents_per_oku_beside_the_benchmarks(
    client: Client, small_programme: SmallProgramme
) -> None:
    region = make_region(
        programme=small_programme.ca, start_fy=2004, planned_end_fy=2006
    )
    report_patents(small_programme.sapporo, {2004: 30})  # 30 per 3億円
    report_patents(region, {2004: 10})  # 10 per 1億円
    BenchmarkInstitution.objects.create(
        name_ja="理化学研究所",
        fiscal_year=2002,
        patent_applications=264,
        budget_yen=800 * OKU,
    )

    html = _text(client.get(URL))
    section = re.search(r'<section class="efficiency".*?</section>', html, re.S)

    assert section is not None
    assert "10.00件" in section.group(0)  # 30 / 3 億円
    assert "本事業全体" in section.group(0)  # 40 / 4 億円
    assert "0.33件" in section.group(0)  # 264 / 800 億円
    assert 'class="efficiency-chart"' in section.group(0)


def test_it_colours_the_map_by_a_chosen_indicator(
    client: Client, small_programme: SmallProgramme
) -> None:
    report_patents(small_programme.sapporo, {2004: 30})

    html = _text(client.get(URL, {"indicator": "patent_applications"}))

    assert "都道府県別の特許出願件数（2004年度）" in html
    assert 'data-code="01" class="pref map-b1"' in html
    assert 'data-code="13" class="pref map-b0"' in html
    assert "北海道: 特許出願件数 30" in html
    assert 'href="/regions/?prefecture=01&amp;fiscal_year=2004"' in html
    assert '<option value="patent_applications" selected>' in html


def test_it_falls_back_to_regions_for_an_unknown_indicator(
    client: Client, small_programme: SmallProgramme
) -> None:
    html = _text(client.get(URL, {"indicator": "nonsense"}))

    assert "都道府県別の実施地域数（2004年度）" in html
    assert 'data-code="27" class="pref map-b2"' in html


@pytest.mark.parametrize(
    ("values", "buckets"),
    [
        ([], [(0, 0)]),
        ([0, 0, 5], [(0, 0), (1, None)]),
        ([0, 1, 2, 3, 4, 5, 6], [(0, 0), (1, 3), (4, 5), (6, None)]),
        ([7, 7, 7], [(0, 0), (1, None)]),
    ],
)
def test_it_splits_outcome_values_into_at_most_four_colours(
    values: list[int], buckets: list[tuple[int, int | None]]
) -> None:
    assert [(b.low, b.high) for b in outcome_buckets(values)] == buckets


@pytest.mark.usefixtures("demo_data")
def test_it_shows_the_targets_and_the_seed_benchmarks_on_the_demo_data(
    client: Client,
) -> None:
    html = _text(client.get(URL))

    assert html.count('class="card target-card"') == 8
    assert 'data-target="4-9-追加"' in html
    section = re.search(r'<section class="efficiency".*?</section>', html, re.S)
    assert section is not None
    for text in ("大学全体", "理化学研究所", "物質・材料研究機構", "0.33件", "1.76件"):
        assert text in section.group(0)
    assert "0.06件以下" in section.group(0)  # more than 1兆円: an upper bound
