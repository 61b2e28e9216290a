"""The officer's audit page: access ladder, filters, detail, CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from accounts.models import User
from audit.context import audit_context
from audit.models import AuditEntry
from programmes.models import Region
from tests.base import Personas, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/audit/", "/audit/export.csv"])
def test_the_access_ladder_lets_only_officers_in(p: Personas, path: str) -> None:
    anonymous = _client(None).get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    for user in (p.outsider, p.region_user, p.reviewer):
        assert _client(user).get(path).status_code == 403
    assert _client(p.officer).get(path).status_code == 200


def test_it_lists_and_filters_entries(p: Personas) -> None:
    p.region.name_ja = "改名した地域"
    p.region.save()
    client = _client(p.officer)
    response = client.get("/audit/", {"action": "update", "q": "改名"})
    assert response.status_code == 200
    rows = response.context["table"].rows
    assert len(rows) == 1
    assert rows[0].record.object_repr.startswith("改名した地域")
    assert "name_ja" in response.content.decode()


def test_it_shows_one_entry_with_before_and_after(p: Personas) -> None:
    p.region.name_ja = "新名"
    p.region.save()
    entry = AuditEntry.objects.for_object(p.region).latest("pk")
    response = _client(p.officer).get(f"/audit/{entry.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "札幌テスト地域" in text
    assert "新名" in text
    assert _client(p.region_user).get(f"/audit/{entry.pk}/").status_code == 403


def test_it_offers_no_way_to_change_an_entry(p: Personas) -> None:
    entry = AuditEntry.objects.first()
    client = _client(p.officer)
    assert client.post(f"/audit/{entry.pk}/", {"reason": "x"}).status_code == 405
    assert client.post("/audit/", {}).status_code == 405


def test_the_csv_export_neutralises_formulas(p: Personas) -> None:
    with audit_context(user_name="cli:x"):
        region = Region.objects.get(pk=p.region.pk)
        region.name_ja = "@SUM(A1)"
        region.save()
        region.name_ja = "=HYPERLINK(1)"
        region.save()
    response = _client(p.officer).get("/audit/export.csv", {"action": "update"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["time", "user", "action"]
    objects = [row[5] for row in rows[1:]]
    assert objects[-2].startswith("'@SUM(A1)")
    assert objects[-1].startswith("'=HYPERLINK(1)")
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert response["Content-Type"].startswith("text/csv")
