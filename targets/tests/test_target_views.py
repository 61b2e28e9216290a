"""The targets' pages: cards, detail, and the officer's create / edit form."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from audit.models import AuditEntry
from reports.models import YearlyOutcome
from targets.models import Metric, PolicyGoal, Target
from tests.base import Personas, make_personas
from tests.factories import make_programme, make_region

pytestmark = pytest.mark.django_db

NEW_URL = "/targets/new/"


@pytest.fixture
def personas() -> Personas:
    return make_personas()


@pytest.fixture
def goal() -> PolicyGoal:
    return PolicyGoal.objects.create(code="6-2", title_ja="地域の科学技術振興")


@pytest.fixture
def patents(personas: Personas) -> None:
    """A KC programme with two regions reporting patents FY2002–FY2004.

    The personas' regions report none, so FY2002–FY2004 are complete years
    (targets.completeness): every region active in them has its figures.
    """
    kc = make_programme(code="KC")
    for size in (1, 2):
        region = make_region(programme=kc, start_fy=2002, planned_end_fy=2006)
        YearlyOutcome.objects.bulk_create(
            YearlyOutcome(
                region=region,
                fiscal_year=fy,
                kind="patent_applications",
                value=size * (fy - 2000) * 10,
            )
            for fy in (2002, 2003, 2004)
        )
    YearlyOutcome.objects.bulk_create(
        YearlyOutcome(
            region=region, fiscal_year=fy, kind="patent_applications", value=0
        )
        for region in (personas.region, personas.other_region)
        for fy in (2002, 2003, 2004)
    )


def form_data(goal: PolicyGoal, **overrides: Any) -> dict[str, Any]:
    params = overrides.pop(
        "params", {"outcome": "patent_applications", "start_fy": 2002}
    )
    data = {
        "goal": goal.pk,
        "code": "6-2-9",
        "text_ja": "平成18年度までに、特許出願を500件にする。",
        "text_en": "",
        "relation": "primary",
        "baseline_text": "",
        "deadline_fy": 2006,
        "order": 9,
        "metrics-TOTAL_FORMS": 1,
        "metrics-INITIAL_FORMS": 0,
        "metrics-MIN_NUM_FORMS": 1,
        "metrics-MAX_NUM_FORMS": 1000,
        "metrics-0-key": "patents",
        "metrics-0-label_ja": "特許出願件数（累計）",
        "metrics-0-kind": "cumulative_sum",
        "metrics-0-params": json.dumps(params, ensure_ascii=False),
        "metrics-0-goal_value": "500",
        "metrics-0-unit_ja": "件",
    }
    data.update(overrides)
    return data


# --- create: the access ladder ----------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(
    client: Client, goal: PolicyGoal
) -> None:
    response = client.post(NEW_URL, form_data(goal))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/targets/new/")
    assert not Target.objects.exists()


@pytest.mark.parametrize("who", ["region_user", "reviewer"])
def test_it_forbids_other_roles(
    client: Client, personas: Personas, goal: PolicyGoal, who: str
) -> None:
    client.force_login(getattr(personas, who))

    assert client.get(NEW_URL).status_code == 403
    assert client.post(NEW_URL, form_data(goal)).status_code == 403
    assert not Target.objects.exists()


@pytest.mark.usefixtures("patents")
def test_it_lets_an_officer_create_a_target_that_kpi_and_the_dashboard_show(
    client: Client, personas: Personas, goal: PolicyGoal
) -> None:
    client.force_login(personas.officer)

    response = client.post(NEW_URL, form_data(goal))

    assert response.status_code == 302
    assert response["Location"] == "/targets/6-2-9/"
    target = Target.objects.get(code="6-2-9")
    assert target.metrics.get().params == {
        "outcome": "patent_applications",
        "start_fy": 2002,
    }
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
    assert entries.filter(object_repr="達成目標 6-2-9").count() == 1
    assert entries.filter(user=personas.officer).count() == 2  # target, metric
    out = io.StringIO()
    call_command("kpi", "--fiscal-year", "2004", "--format", "json", stdout=out)
    [result] = json.loads(out.getvalue())
    assert result["id"] == "6-2-9"
    assert result["value"] == sum(size * n * 10 for size in (1, 2) for n in (2, 3, 4))
    home = client.get("/").content.decode()
    assert 'data-target="6-2-9"' in home
    assert "平成18年度までに、特許出願を500件にする。" in home


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"outcome": "patents", "start_fy": 2002},
            "実績の指標「patents」はありません。",
        ),
        (
            {"outcome": "patent_applications"},
            "必須のパラメータ「start_fy」がありません。",
        ),
        (
            {"outcome": "patent_applications", "start_fy": 2002, "programme": "ZZ"},
            "事業コード「ZZ」の事業はありません",
        ),
        (
            {"outcome": "patent_applications", "start_fy": "2002"},
            "「start_fy」は1990〜2200の年度（整数）で指定してください。",
        ),
    ],
)
def test_it_refuses_an_invalid_definition_and_saves_nothing(
    client: Client,
    personas: Personas,
    goal: PolicyGoal,
    params: dict[str, Any],
    message: str,
) -> None:
    client.force_login(personas.officer)
    entries = AuditEntry.objects.count()

    response = client.post(NEW_URL, form_data(goal, params=params))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "何も保存していません" in html
    assert not Target.objects.exists()
    assert not Metric.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_it_refuses_malformed_json(
    client: Client, personas: Personas, goal: PolicyGoal
) -> None:
    client.force_login(personas.officer)

    response = client.post(NEW_URL, {**form_data(goal), "metrics-0-params": "{oops"})

    assert response.status_code == 200
    assert "JSON" in response.content.decode()
    assert not Target.objects.exists()


def test_it_requires_at_least_one_metric(
    client: Client, personas: Personas, goal: PolicyGoal
) -> None:
    client.force_login(personas.officer)
    data = {key: value for key, value in form_data(goal).items() if "-0-" not in key}

    response = client.post(NEW_URL, {**data, "metrics-TOTAL_FORMS": 0})

    assert response.status_code == 200
    assert not Target.objects.exists()


def test_it_shows_the_parameter_table_on_the_form(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.officer)

    html = client.get(NEW_URL).content.decode()

    assert "<code>cumulative_sum</code>" in html
    assert "<code>baseline_fy</code>" in html
    assert 'name="metrics-0-params"' in html


# --- edit -------------------------------------------------------------------------


@pytest.fixture
def target(goal: PolicyGoal) -> Target:
    target = Target.objects.create(
        goal=goal,
        code="6-2-1",
        text_ja="知的クラスターを10拠点程度育成する。",
        deadline_fy=2006,
    )
    Metric.objects.create(
        target=target,
        key="kc-regions",
        label_ja="実施地域数",
        kind="count",
        params={"entity": "region", "active": True},
        goal_value=10,
        unit_ja="拠点",
    )
    return target


def edit_data(target: Target, **overrides: Any) -> dict[str, Any]:
    metric = target.metrics.get()
    data = form_data(
        target.goal,
        code=target.code,
        text_ja=target.text_ja,
        **{
            "metrics-INITIAL_FORMS": 1,
            "metrics-0-id": metric.pk,
            "metrics-0-key": metric.key,
            "metrics-0-label_ja": metric.label_ja,
            "metrics-0-kind": metric.kind,
            "metrics-0-params": json.dumps(metric.params),
            "metrics-0-goal_value": "12",
            "metrics-0-unit_ja": metric.unit_ja,
        },
    )
    data.update(overrides)
    return data


def test_it_lets_an_officer_edit_a_metric(
    client: Client, personas: Personas, target: Target
) -> None:
    client.force_login(personas.officer)
    url = f"/targets/{target.code}/edit/"

    assert client.get(url).status_code == 200
    response = client.post(url, edit_data(target))

    assert response.status_code == 302
    metric = target.metrics.get()
    assert metric.goal_value == 12
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_repr__startswith="6-2-1"
    ).exists()


def test_it_keeps_the_old_definition_when_an_edit_is_invalid(
    client: Client, personas: Personas, target: Target
) -> None:
    client.force_login(personas.officer)

    response = client.post(
        f"/targets/{target.code}/edit/",
        edit_data(target, **{"metrics-0-params": json.dumps({"entity": "city"})}),
    )

    assert response.status_code == 200
    assert "entity" in response.content.decode()
    metric = target.metrics.get()
    metric.refresh_from_db()
    assert metric.params == {"entity": "region", "active": True}
    assert metric.goal_value == 10


def test_it_guards_the_edit_page(
    client: Client, personas: Personas, target: Target
) -> None:
    url = f"/targets/{target.code}/edit/"

    assert client.get(url).status_code == 302
    client.force_login(personas.region_user)
    assert client.post(url, edit_data(target)).status_code == 403
    client.force_login(personas.officer)
    assert client.get("/targets/0-0-0/edit/").status_code == 404


# --- list and detail --------------------------------------------------------------


@pytest.mark.usefixtures("patents")
def test_it_shows_a_card_with_a_chart_per_target(
    client: Client, target: Target
) -> None:
    html = client.get("/targets/", {"fiscal_year": 2004}).content.decode()

    assert 'data-target="6-2-1"' in html
    assert 'class="line-chart"' in html
    assert 'class="goal-line"' in html
    assert 'class="forecast-band"' in html
    assert "達成見込み" in html
    assert "style=" not in html
    assert "達成目標を追加" not in html  # anonymous


@pytest.mark.usefixtures("patents")
def test_it_offers_officers_the_add_and_edit_buttons(
    client: Client, personas: Personas, target: Target
) -> None:
    client.force_login(personas.officer)

    assert "達成目標を追加" in client.get("/targets/").content.decode()
    assert (
        f"/targets/{target.code}/edit/"
        in client.get(f"/targets/{target.code}/").content.decode()
    )


@pytest.mark.usefixtures("patents")
def test_it_explains_the_forecast_on_the_detail_page(
    client: Client, target: Target
) -> None:
    response = client.get(f"/targets/{target.code}/", {"fiscal_year": 2004})

    html = response.content.decode()
    assert response.status_code == 200
    assert "予測の根拠" in html
    assert "2002〜2004年度の3年度分の実績から" in html
    assert "達成確率" in html
    assert "事業別" in html


def test_it_answers_404_for_an_unknown_target(client: Client) -> None:
    assert client.get("/targets/0-0-0/").status_code == 404


@pytest.mark.usefixtures("patents")
def test_it_renders_the_list_in_a_bounded_number_of_queries(
    client: Client, target: Target, django_assert_max_num_queries: Any
) -> None:
    # 12, + 1: the data version of the reports' completeness (targets/completeness.py)
    with django_assert_max_num_queries(13):
        client.get("/targets/")


@pytest.mark.usefixtures("patents")
def test_it_hides_the_edit_button_from_other_roles(
    client: Client, personas: Personas, target: Target
) -> None:
    client.force_login(personas.reviewer)

    html = client.get(f"/targets/{target.code}/").content.decode()

    assert "/edit/" not in html
