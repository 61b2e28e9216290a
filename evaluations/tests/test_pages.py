"""The evaluation pages: the officer's steps, scoring, results, allocation,
proposals and plan revisions (bad input: a Japanese message, nothing changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from accounts.models import User
from evaluations.choices import EvaluationState, EvaluationType
from evaluations.models import AllocationRun, Proposal, RegionPlan, Score
from evaluations.services import open_for_scoring
from evaluations.tests.factories import (
    Panel,
    make_call,
    make_closed_panel,
    make_panel,
)
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer() -> User:
    return make_user(User.Role.OFFICER)


def _text(response: Any) -> str:
    return response.content.decode()


def test_the_officer_opens_and_a_second_open_is_refused(officer: User) -> None:
    panel = make_panel(regions=2, members=2, min_reviewers=1)
    url = f"/evaluations/{panel.evaluation.pk}/"
    page = _text(_client(officer).get(url))
    assert "採点を開始する" in page and "委員を自動割当て" in page

    response = _client(officer).post(f"{url}open/", follow=True)
    assert "採点を開始しました。" in _text(response)
    response = _client(officer).post(f"{url}open/", follow=True)
    assert "「採点中」から「採点中」に変えることはできません" in _text(response)
    panel.evaluation.refresh_from_db()
    assert panel.evaluation.state == EvaluationState.OPEN


def test_closing_without_scores_is_refused_with_the_items_named(officer: User) -> None:
    panel = make_panel(regions=1, members=1, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    response = _client(officer).post(
        f"/evaluations/{panel.evaluation.pk}/close/", follow=True
    )
    assert "採点が1件もない評価対象があるため締め切れません" in _text(response)
    assert panel.items[0].region.name_ja in _text(response)


def test_the_detail_lists_items_that_cannot_be_covered(officer: User) -> None:
    panel = make_panel(regions=1, members=1, min_reviewers=3)
    page = _text(_client(officer).get(f"/evaluations/{panel.evaluation.pk}/"))
    assert "最低委員数を満たせない評価対象" in page
    assert "最低3名の委員が必要ですが" in page


def _open_panel() -> Panel:
    panel = make_panel(regions=1, members=1, min_reviewers=1)
    open_for_scoring(panel.evaluation, None)
    return panel


def test_a_reviewer_scores_on_the_web() -> None:
    panel = _open_panel()
    item, reviewer = panel.items[0], panel.members[0].user
    data = {
        "score_progress": "5",
        "score_results": "4",
        "score_impact": "3",
        "score_organisation": "4",
        "comment": "良好",
    }
    response = _client(reviewer).post(
        f"/evaluations/items/{item.pk}/score/", data, follow=True
    )
    assert "評点を保存しました。" in _text(response)
    assert Score.objects.filter(assignment__item=item).count() == 4


def test_an_incomplete_sheet_is_refused_and_nothing_is_saved() -> None:
    panel = _open_panel()
    item, reviewer = panel.items[0], panel.members[0].user
    response = _client(reviewer).post(
        f"/evaluations/items/{item.pk}/score/", {"score_progress": "9"}
    )
    assert response.status_code == 200
    assert "評点は1〜5から選んでください。" in _text(response)
    assert "評点を選んでください。" in _text(response)
    assert not Score.objects.exists()


def test_results_show_ratings_and_individual_scores_to_officers(
    officer: User,
) -> None:
    panel = make_closed_panel(regions=2, members=2, min_reviewers=2)
    page = _text(_client(officer).get(f"/evaluations/{panel.evaluation.pk}/results/"))
    assert "individual-scores" in page
    assert "rating--" in page
    assert "この評価で傾斜配分を試算する" in page


def _allocation_query(panel: Panel, budget: str, extra: str = "") -> str:
    evaluation = panel.evaluation
    return (
        f"/evaluations/allocation/?programme={evaluation.programme.code}"
        f"&fiscal_year=2005&evaluation={evaluation.pk}&budget={budget}"
        f"&weighting=rating&down_percent=30&up_percent=30&base=1億円{extra}"
    )


def test_the_allocation_page_explains_every_amount(officer: User) -> None:
    panel = make_closed_panel(regions=3, members=2, min_reviewers=2)
    page = _text(_client(officer).get(_allocation_query(panel, "3億円")))
    assert page.count("allocation-amount") == 3  # one per region
    assert "300,000,000円" in page
    assert "基準額 100,000,000円 × 重み" in page


def test_an_infeasible_budget_gets_a_japanese_error(officer: User) -> None:
    panel = make_closed_panel(regions=3, members=2, min_reviewers=2)
    page = _text(_client(officer).get(_allocation_query(panel, "1億円")))
    assert "下限" in page and "予算額" in page
    assert "allocation-amount" not in page


def test_what_if_compares_two_budgets_side_by_side(officer: User) -> None:
    panel = make_closed_panel(regions=3, members=2, min_reviewers=2)
    url = _allocation_query(panel, "3億円", "&compare_budget=3.3億円")
    page = _text(_client(officer).get(url))
    assert "what-if-table" in page
    assert "330,000,000円" in page


def test_an_absurd_amount_is_refused_before_the_solver(officer: User) -> None:
    panel = make_closed_panel(regions=1, members=1, min_reviewers=1)
    page = _text(_client(officer).get(_allocation_query(panel, "9" * 25)))
    assert "金額が大きすぎます" in page


def test_saving_an_allocation_stores_the_run(officer: User) -> None:
    panel = make_closed_panel(regions=2, members=2, min_reviewers=2)
    data = {
        "programme": panel.evaluation.programme.code,
        "fiscal_year": "2005",
        "evaluation": str(panel.evaluation.pk),
        "budget": "2億円",
        "base": "1億円",
        "weighting": "rating",
        "down_percent": "30",
        "up_percent": "30",
        "label_ja": "テスト配分",
    }
    response = _client(officer).post("/evaluations/allocation/save/", data)
    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert run.lines.count() == 2
    assert sum(run.lines.values_list("amount_yen", flat=True)) == 200_000_000


def test_a_region_enters_a_proposal_and_attaches_a_pdf(tmp_path: Path) -> None:
    region = make_region()
    staff = make_user(User.Role.REGION, regions=[region])
    call = make_call(region.programme)
    data = {
        "title_ja": "発展型の提案",
        "applicant_ja": "テスト県",
        "region": str(region.pk),
        "main_prefecture": region.main_prefecture_id,
        "requested_amount_yen": "200000000",
    }
    response = _client(staff).post(f"/evaluations/calls/{call.pk}/proposals/", data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    url = f"/evaluations/proposals/{proposal.pk}/attach/"
    with override_settings(MEDIA_ROOT=tmp_path):
        bad = SimpleUploadedFile("plan.exe", b"MZ...")
        page = _text(_client(staff).post(url, {"file": bad}))
        assert "添付できるのは PDF（.pdf）と Excel（.xlsx）のファイルだけです。" in page
        fake = SimpleUploadedFile("plan.pdf", b"not a pdf")
        page = _text(_client(staff).post(url, {"file": fake}))
        assert "ファイルの内容が拡張子（.pdf）と一致しません。" in page
        assert not proposal.attachments.exists()
        good = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 ok")
        assert _client(staff).post(url, {"file": good}).status_code == 302
        assert proposal.attachments.count() == 1


def test_a_region_revises_its_plan_after_the_interim_evaluation() -> None:
    panel = make_closed_panel(
        regions=1, members=1, min_reviewers=1, kind=EvaluationType.INTERIM
    )
    item = panel.items[0]
    item.requested_changes_ja = "テーマを絞ること"
    item.save()
    staff = make_user(User.Role.REGION, regions=[item.region])
    url = f"/evaluations/items/{item.pk}/plan/"
    assert "テーマを絞ること" in _text(_client(staff).get(url))

    response = _client(staff).post(url, {"body_ja": "絞り込んだ計画"})
    plan = RegionPlan.objects.get(region=item.region)
    assert response.status_code == 302
    assert (plan.number, plan.requested_changes_ja) == (1, "テーマを絞ること")
