"""The region list (/regions/), its CSV export and htmx partial, and a region's page."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from geo.models import Prefecture
from programmes.choices import Certainty, HQRole, RegionStatus
from programmes.models import (
    Programme,
    PromotionCouncil,
    Region,
    SpecialZone,
    StaffAssignment,
    Theme,
)
from reports.choices import OutcomeKind
from reports.models import AnnualReport, YearlyOutcome
from tests.factories import make_organisation, make_programme, make_region

pytestmark = pytest.mark.django_db

LIST_URL = "/regions/"
#: A 法人番号 with a valid check digit (the leading 6).
CORPORATE_NUMBER = "6500150000000"


@pytest.fixture
def kc() -> Programme:
    return make_programme(code="KC", name_ja="知的クラスター創成事業", duration_years=5)


@pytest.fixture
def ca() -> Programme:
    return make_programme(code="CA", name_ja="都市エリア産学官連携促進事業")


def _html(response: Any) -> str:
    return response.content.decode()


def _codes(response: Any) -> list[str]:
    """Region codes in table order (the code column is the first cell)."""
    return re.findall(r"<tr[^>]*>\s*<td[^>]*>([a-z0-9-]+)</td>", _html(response))


def _csv_rows(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _many_regions(programme: Programme, n: int) -> None:
    hokkaido, aomori = Prefecture.objects.filter(code__in=["01", "02"])
    for i in range(n):
        make_region(
            programme=programme, code=f"bulk-{i:03d}", prefectures=[hokkaido, aomori]
        )


# --- list -------------------------------------------------------------------


def test_it_lists_regions_with_the_expected_columns(
    client: Client, kc: Programme
) -> None:
    make_region(
        programme=kc,
        code="sapporo",
        name_ja="札幌",
        start_fy=2002,
        planned_end_fy=2006,
        main_prefecture=Prefecture.objects.get(code="01"),
    )

    response = client.get(LIST_URL)

    html = _html(response)
    assert response.status_code == 200
    assert "<h1>地域一覧</h1>" in html
    for header in (
        "地域コード",
        "名称",
        "事業",
        "都道府県",
        "開始年度",
        "終了予定年度",
        "状態",
        "名称の確度",
    ):
        assert f">{header}</a>" in html
    assert 'href="/regions/sapporo/"' in html
    assert "知的クラスター創成事業" in html and "北海道" in html
    assert "実施中" in html and "確認済み" in html
    assert "1 件" in html


def test_it_filters_by_programme_and_fiscal_year(
    client: Client, kc: Programme, ca: Programme
) -> None:
    make_region(programme=kc, code="kc-early", start_fy=2002, planned_end_fy=2006)
    make_region(programme=kc, code="kc-late", start_fy=2005, planned_end_fy=2009)
    make_region(programme=ca, code="ca-early", start_fy=2002, planned_end_fy=2004)

    response = client.get(LIST_URL, {"programme": "KC", "fiscal_year": 2004})

    assert _codes(response) == ["kc-early"]
    assert "1 件" in _html(response)


def test_it_filters_by_prefecture_keyword_status_and_start_year(
    client: Client, kc: Programme
) -> None:
    kyoto, osaka = Prefecture.objects.filter(code__in=["26", "27"])
    make_region(
        programme=kc,
        code="keihanna",
        name_ja="関西文化学術研究都市",
        prefectures=[kyoto, osaka],
    )
    make_region(
        programme=kc,
        code="kobe",
        name_ja="神戸",
        start_fy=2003,
        status=RegionStatus.FINISHED,
    )

    assert _codes(client.get(LIST_URL, {"prefecture": "27"})) == ["keihanna"]
    assert _codes(client.get(LIST_URL, {"q": "学術"})) == ["keihanna"]
    assert _codes(client.get(LIST_URL, {"status": "finished"})) == ["kobe"]
    assert _codes(client.get(LIST_URL, {"start_fy": 2003})) == ["kobe"]


def test_it_shows_no_rows_for_an_invalid_filter(client: Client, kc: Programme) -> None:
    make_region(programme=kc)

    response = client.get(LIST_URL, {"programme": "NOPE"})

    assert response.status_code == 200
    assert _codes(response) == []
    assert "0 件" in _html(response)


def test_it_sorts_by_a_column_both_ways(client: Client, kc: Programme) -> None:
    for code, start in (("b-mid", 2003), ("a-late", 2004), ("c-early", 2002)):
        make_region(programme=kc, code=code, start_fy=start)

    ascending = client.get(LIST_URL, {"sort": "start_fy"})
    descending = client.get(LIST_URL, {"sort": "-start_fy"})
    by_code = client.get(LIST_URL, {"sort": "code"})

    assert _codes(ascending) == ["c-early", "b-mid", "a-late"]
    assert _codes(descending) == ["a-late", "b-mid", "c-early"]
    assert _codes(by_code) == ["a-late", "b-mid", "c-early"]
    assert 'aria-sort="descending"' in _html(descending)


def test_it_pages_25_regions_at_a_time(client: Client, kc: Programme) -> None:
    _many_regions(kc, 30)

    first = client.get(LIST_URL, {"sort": "code"})
    second = client.get(LIST_URL, {"sort": "code", "page": 2})

    assert len(_codes(first)) == 25
    assert _codes(second) == [f"bulk-{i:03d}" for i in range(25, 30)]
    assert "30 件" in _html(first)
    assert 'rel="next"' in _html(first)
    assert 'hx-get="?sort=code&amp;page=2"' in _html(first)


def test_it_answers_htmx_with_the_results_partial(
    client: Client, kc: Programme
) -> None:
    make_region(programme=kc, code="sapporo")

    partial = client.get(LIST_URL, {"q": "sap"}, HTTP_HX_REQUEST="true")
    boosted = client.get(
        LIST_URL, {"q": "sap"}, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true"
    )

    assert partial.status_code == 200
    assert _html(partial).lstrip().startswith('<div id="region-results"')
    assert "<html" not in _html(partial)
    assert _codes(partial) == ["sapporo"]
    assert "<html" in _html(boosted)
    assert "HX-Request" in partial.headers["Vary"]


def test_it_falls_back_to_a_full_page_without_javascript(
    client: Client, kc: Programme
) -> None:
    html = _html(client.get(LIST_URL))

    assert '<form class="filter-form" method="get" action="/regions/"' in html
    assert 'hx-get="/regions/" hx-target="#region-results"' in html
    assert '<div id="region-results"' in html


def test_it_exports_the_filtered_list_as_excel_friendly_csv(
    client: Client, kc: Programme, ca: Programme
) -> None:
    make_region(
        programme=kc,
        code="sapporo",
        name_ja="札幌",
        main_prefecture=Prefecture.objects.get(code="01"),
        name_certainty=Certainty.LOW,
    )
    make_region(programme=ca, code="hakodate", name_ja="函館エリア")

    response = client.get(LIST_URL, {"programme": "KC", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="regions.csv"'
    rows = _csv_rows(response)
    assert rows[0] == [
        "地域コード",
        "名称",
        "事業",
        "都道府県",
        "開始年度",
        "終了予定年度",
        "状態",
        "名称の確度",
    ]
    assert rows[1:] == [
        [
            "sapporo",
            "札幌",
            "知的クラスター創成事業",
            "北海道",
            "2002",
            "2004",
            "実施中",
            "未確認",
        ]
    ]


def test_it_exports_every_page_in_the_table_order(
    client: Client, kc: Programme
) -> None:
    _many_regions(kc, 30)

    rows = _csv_rows(client.get(LIST_URL, {"export": "csv", "sort": "-code"}))

    assert len(rows) == 31
    assert rows[1][0] == "bulk-029"
    assert rows[1][3] == "北海道・青森県"


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"])
def test_it_neutralises_formulas_in_csv_cells(
    client: Client, kc: Programme, evil: str
) -> None:
    make_region(programme=kc, code="evil", name_ja=evil)

    rows = _csv_rows(client.get(LIST_URL, {"export": "csv"}))

    assert rows[1][1] == "'" + evil


def test_it_lists_without_n_plus_one_queries(
    client: Client, kc: Programme, django_assert_max_num_queries: Any
) -> None:
    _many_regions(kc, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    _many_regions_more(kc, 22)
    with django_assert_max_num_queries(len(few)):
        response = client.get(LIST_URL)

    assert len(_codes(response)) == 25
    with django_assert_max_num_queries(len(few)):
        client.get(LIST_URL, {"export": "csv"})


def test_it_shows_an_edit_made_after_the_list_was_cached(
    client: Client, kc: Programme
) -> None:
    region = make_region(programme=kc, code="edit-me", name_ja="旧名称")
    assert "旧名称" in _html(client.get(LIST_URL))
    assert "旧名称" in _html(client.get(LIST_URL, HTTP_HX_REQUEST="true"))

    region.name_ja = "新名称"
    region.save()

    for response in (
        client.get(LIST_URL),
        client.get(LIST_URL, HTTP_HX_REQUEST="true"),
    ):
        assert "新名称" in _html(response)
        assert "旧名称" not in _html(response)


def test_it_caches_each_query_string_apart(client: Client, kc: Programme) -> None:
    make_region(programme=kc, code="a-first", name_ja="甲", start_fy=2002)
    make_region(programme=kc, code="b-second", name_ja="乙", start_fy=2003)

    assert _codes(client.get(LIST_URL, {"sort": "code"})) == ["a-first", "b-second"]
    assert _codes(client.get(LIST_URL, {"sort": "-code"})) == ["b-second", "a-first"]
    assert _codes(client.get(LIST_URL, {"start_fy": "2003"})) == ["b-second"]


def _many_regions_more(programme: Programme, n: int) -> None:
    for i in range(n):
        make_region(programme=programme, code=f"more-{i:03d}")


# --- detail -----------------------------------------------------------------


@pytest.fixture
def sapporo(kc: Programme) -> Region:
    hokkaido = Prefecture.objects.get(code="01")
    foundation = make_organisation(
        name_ja="（財）テスト科学技術振興財団", corporate_number=CORPORATE_NUMBER
    )
    region = make_region(
        programme=kc,
        code="sapporo",
        name_ja="札幌",
        cluster_name_ja="札幌ITカロッツェリア",
        main_prefecture=hokkaido,
        start_fy=2002,
        planned_end_fy=2006,
        safety_security=True,
        core_institution=foundation,
        name_certainty=Certainty.HIGH,
    )
    region.themes.set([Theme.objects.create(code="it", name_ja="IT", name_en="IT")])
    zone = SpecialZone.objects.create(
        name_ja="テスト特区", applicant_ja="北海道", prefecture=hokkaido
    )
    zone.regions.add(region)
    council = PromotionCouncil.objects.create(name_ja="北海道地域クラスター推進協議会")
    council.regions.add(region)
    StaffAssignment.objects.create(
        region=region, person_name="山田太郎", role=HQRole.COORDINATOR, from_fy=2002
    )
    StaffAssignment.objects.create(
        region=region,
        person_name="佐藤花子",
        role=HQRole.DIRECTOR_GENERAL,
        from_fy=2002,
        to_fy=2004,
    )
    return region


def test_it_shows_a_region_with_its_registry_facts(
    client: Client, sapporo: Region
) -> None:
    response = client.get("/regions/sapporo/")

    html = _html(response)
    assert response.status_code == 200
    assert "<title>札幌 | Chiiki</title>" in html
    assert "札幌ITカロッツェリア" in html
    assert "知的クラスター創成事業" in html
    assert "北海道" in html
    assert "2002年度（平成14年度）" in html
    assert "2006年度（平成18年度）" in html
    assert "実施中" in html
    assert "IT" in html
    assert "安全・安心テーマ</dt><dd>あり" in html
    assert "（財）テスト科学技術振興財団" in html
    assert "テスト特区" in html and "北海道地域クラスター推進協議会" in html
    assert "certainty-note" not in html


def test_it_lists_hq_staff_director_first(client: Client, sapporo: Region) -> None:
    html = _html(client.get("/regions/sapporo/"))

    assert html.index("本部長") < html.index("科学技術コーディネータ</td>")
    assert html.index("佐藤花子") < html.index("山田太郎")


def test_it_shows_the_corporate_number_only_when_known(
    client: Client, sapporo: Region, kc: Programme
) -> None:
    make_region(
        programme=kc,
        code="no-number",
        core_institution=make_organisation(name_ja="番号のない財団"),
    )

    known = _html(client.get("/regions/sapporo/")).split("中核機関</dt>")[1]
    unknown = _html(client.get("/regions/no-number/")).split("中核機関</dt>")[1]

    assert f"法人番号 <code>{CORPORATE_NUMBER}</code>" in known.split("</dd>")[0]
    assert "番号のない財団" in unknown.split("</dd>")[0]
    assert "法人番号" not in unknown.split("</dd>")[0]


@pytest.mark.parametrize(
    ("certainty", "badge", "explanation"),
    [
        (Certainty.LOW, "未確認", "公開資料で確認できていません"),
        (Certainty.PLACEHOLDER, "仮称", "仮の名称（仮称）"),
    ],
)
def test_it_marks_an_uncertain_name(
    client: Client, kc: Programme, certainty: str, badge: str, explanation: str
) -> None:
    make_region(programme=kc, code="unsure", name_certainty=certainty)

    html = _html(client.get("/regions/unsure/"))

    assert f'<span class="badge certainty-{certainty}">{badge}</span>' in html
    assert explanation in html


def test_it_tabulates_yearly_outcomes_and_flags_synthetic_years(
    client: Client, sapporo: Region
) -> None:
    AnnualReport.objects.create(region=sapporo, fiscal_year=2003, is_synthetic=True)
    AnnualReport.objects.create(region=sapporo, fiscal_year=2004, is_synthetic=False)
    figures = {
        (2003, OutcomeKind.PATENT_APPLICATIONS): 41,
        (2003, OutcomeKind.RESEARCHERS): 120,
        (2003, OutcomeKind.RESEARCHERS_INDUSTRY): 40,
        (2003, OutcomeKind.FUNDS_REGIONAL): 250_000_000,
        (2004, OutcomeKind.PATENT_APPLICATIONS): 57,
        (2004, OutcomeKind.COMMERCIALIZATIONS): 3,
    }
    YearlyOutcome.objects.bulk_create(
        YearlyOutcome(region=sapporo, fiscal_year=fy, kind=kind, value=value)
        for (fy, kind), value in figures.items()
    )

    html = _html(client.get("/regions/sapporo/"))
    table = re.search(
        r'<table class="table numeric outcome-table">.*?</table>', html, re.S
    )

    assert table is not None
    for header in (
        "特許出願件数",
        "事業化件数",
        "参加研究者数",
        "うち産",
        "参加企業数",
        "産学官共同研究数",
        "地域の自主事業",
    ):
        assert header in table.group(0)
    rows = re.findall(r"<tr>.*?</tr>", table.group(0), re.S)[1:]
    assert len(rows) == 2
    assert "※" in rows[0] and "※" not in rows[1]
    assert re.findall(r"<td>([^<]*)</td>", rows[0]) == [
        "41",
        "—",
        "120",
        "40",
        "—",
        "—",
        "250百万円",
    ]
    assert "合成データです" in html


def test_it_says_when_there_are_no_outcomes(client: Client, sapporo: Region) -> None:
    html = _html(client.get("/regions/sapporo/"))

    assert "受理された年次報告の実績はまだありません。" in html
    assert "合成データです" not in html


def test_it_shows_an_edit_made_after_the_page_was_cached(
    client: Client, sapporo: Region
) -> None:
    url = f"/regions/{sapporo.code}/"
    assert "札幌ITカロッツェリア" in _html(client.get(url))

    sapporo.cluster_name_ja = "札幌バイオクラスター"
    sapporo.save()
    StaffAssignment.objects.create(
        region=sapporo, person_name="鈴木一郎", role=HQRole.ADVISOR, from_fy=2003
    )

    page = _html(client.get(url))
    assert "札幌バイオクラスター" in page
    assert "札幌ITカロッツェリア" not in page
    assert "鈴木一郎" in page


def test_it_answers_404_for_an_unknown_code(client: Client, db: None) -> None:
    assert client.get("/regions/no-such-region/").status_code == 404


def test_it_shows_a_region_in_a_fixed_number_of_queries(
    client: Client, sapporo: Region, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        client.get("/regions/sapporo/")


@pytest.mark.usefixtures("demo_data")
def test_it_lists_the_seed_regions_of_fy2004(client: Client) -> None:
    kc = client.get(LIST_URL, {"programme": "KC", "fiscal_year": 2004})
    everything = client.get(LIST_URL, {"fiscal_year": 2004})
    sapporo = client.get("/regions/kc-sapporo/")

    assert "18 件" in _html(kc)
    assert "55 件" in _html(everything)
    assert "札幌ITカロッツェリア" in _html(sapporo)
    assert "2002年度（平成14年度）" in _html(sapporo)
