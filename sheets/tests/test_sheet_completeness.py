"""The FY2006 sheet after 1 of 36 FY2005 reports is accepted (issue 14).

Every format says 暫定 with the counts; the targets table shows no negative
progress and no judgement from the partial year; publishing asks for
confirmation and the published files print the completeness.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from accounts.models import User
from sheets.document import build_sheet
from sheets.models import PublishedSheet, SheetRendition
from sheets.render import render
from sheets.services import SheetError, publish_sheet
from sheets.tests.test_sheet_outputs import text_of
from targets.tests.test_completeness import PARTIAL, accept_one_fy2005_report
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("demo")

FY = 2006


@pytest.fixture
def officer() -> User:
    return make_user(User.Role.OFFICER, username="sheet-officer")


def test_every_format_says_provisional_and_never_regresses(tmp_path: Path) -> None:
    accept_one_fy2005_report()
    sheet = build_sheet(FY)

    assert sheet.is_provisional
    assert sheet.as_dict()["completeness"][0]["label"] == PARTIAL
    for fmt in ("html", "md", "xlsx", "pdf"):
        text = text_of(fmt, render(sheet, fmt), tmp_path)
        flat = re.sub(r"\s+", "", text)
        assert PARTIAL in flat, fmt
        assert "暫定値で、達成目標の判定・予測には用いていません" in flat, fmt
    for key, figure in sheet.data.figures.items():
        if key.startswith("target.") and key.endswith(".progress"):
            assert figure.value >= 0, key


def test_publishing_a_provisional_sheet_needs_confirmation(officer: User) -> None:
    accept_one_fy2005_report()

    with pytest.raises(SheetError) as refused:
        publish_sheet(FY, officer)

    assert PARTIAL in str(refused.value)
    assert not PublishedSheet.objects.exists()

    published = publish_sheet(FY, officer, confirm_provisional=True)

    assert published.figures["completeness"][0]["label"] == PARTIAL
    md = SheetRendition.objects.get(sheet=published, format="md", language="ja")
    assert PARTIAL in bytes(md.content).decode()


def test_the_web_form_asks_and_refuses_an_unconfirmed_publication(
    officer: User,
) -> None:
    accept_one_fy2005_report()
    client = Client()
    client.force_login(officer)

    page = client.get(f"/sheets/{FY}/").content.decode()
    refused = client.post(f"/sheets/{FY}/publish/", follow=True)

    assert 'name="confirm_provisional"' in page and PARTIAL in page
    assert refused.status_code == 200
    assert PARTIAL in refused.content.decode()
    assert not PublishedSheet.objects.exists()
