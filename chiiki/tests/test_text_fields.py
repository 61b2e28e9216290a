"""Bidi override and control characters are refused in text people enter.

Issue 13, finding 10: a right-to-left override (U+202E) was accepted in text
fields, so a comment or name showed reversed to every later reader. The
check (lib.text.check_text through chiiki.validators) runs in the forms and
the API schemas; the message is Japanese and names the character visibly.
"""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.tokens import issue_token
from reports.choices import ReportStatus
from sheets.choices import ProsePart
from sheets.forms import ProseForm
from sheets.models import SheetProse
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db

RLO = "\u202e"


@pytest.fixture
def people() -> Personas:
    return make_personas()


def _prose_data(text: str) -> dict[str, str]:
    data = {f"{part.value}_ja": "本文（合成）" for part in ProsePart}
    data[f"{ProsePart.OVERVIEW.value}_ja"] = text
    return data


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069"])
def test_the_prose_form_refuses_a_bidi_control(char: str) -> None:
    form = ProseForm(_prose_data(f"事業{char}概要"), initial_texts={})

    assert not form.is_valid()
    message = form.errors[f"{ProsePart.OVERVIEW.value}_ja"][0]
    assert "表示方向" in message
    assert f"〈U+{ord(char):04X}〉" in message


def test_the_prose_form_accepts_plain_japanese_with_line_breaks() -> None:
    assert ProseForm(_prose_data("第1段落\r\n第2段落"), initial_texts={}).is_valid()


def test_the_sheet_edit_page_refuses_it_and_saves_nothing(people: Personas) -> None:
    client = Client()
    client.force_login(people.officer)

    response = client.post("/sheets/2005/edit/", _prose_data(f"abc{RLO}def"))

    assert response.status_code in (200, 400)
    assert "表示方向" in response.content.decode()
    assert not SheetProse.objects.exists()


def test_the_api_refuses_a_return_comment_with_an_override(people: Personas) -> None:
    report = make_report(region=people.region, status=ReportStatus.SUBMITTED)
    token = issue_token(people.officer).plaintext

    response = Client().post(
        f"/api/v1/reports/{report.region.code}/{report.fiscal_year}/return",
        {"comment": f"修正してください{RLO}txt.exe"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 422
    assert "表示方向" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_api_refuses_nul_in_a_return_comment(people: Personas) -> None:
    # PostgreSQL refuses NUL in text: without the check this was a 500 there.
    report = make_report(region=people.region, status=ReportStatus.SUBMITTED)
    token = issue_token(people.officer).plaintext

    response = Client().post(
        f"/api/v1/reports/{report.region.code}/{report.fiscal_year}/return",
        {"comment": "a\u0000b"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 422
    assert "〈U+0000〉" in response.content.decode()
