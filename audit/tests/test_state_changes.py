"""Each state change, done the way users do it, leaves its audit entry.

Issue 7's acceptance: "a test performs each state change and finds its audit
record with before/after values". The report workflow runs through the API
with Bearer tokens (import, submit, return, resubmit, accept), so the entries
must name the token's user, the caller's address and the request id. Domain
data is created, changed and deleted through the admin site and the targets'
form as an officer. The evaluation steps (score, close, publish, allocate)
are tested with their services in the evaluations app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from audit.models import AuditEntry
from geo.models import Prefecture
from reports.choices import ReportStatus
from reports.models import AnnualReport
from reports.tests.builders import valid_rows, write_csv_zip
from targets.models import PolicyGoal
from tests.base import Personas, make_personas
from tests.factories import make_region, make_report, make_user

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
REGION_ADDR = "192.0.2.21"
OFFICER_ADDR = "198.51.100.8"


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _api(user: User, addr: str) -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {issue_token(user).plaintext}",
        "REMOTE_ADDR": addr,
    }


def _url(report: AnnualReport, step: str) -> str:
    return f"/api/v1/reports/{report.region.code}/{report.fiscal_year}/{step}"


def _latest(obj: Any, action: str) -> AuditEntry:
    return AuditEntry.objects.for_object(obj).filter(action=action).latest("pk")


def _assert_attributed(entry: AuditEntry, user: User, addr: str, response: Any) -> None:
    assert entry.user == user
    assert entry.user_name == user.username
    assert entry.remote_addr == addr
    assert entry.request_id == response["X-Request-ID"]
    assert entry.time is not None


# --- the report workflow through the API ---------------------------------------


def _import(client: Client, report: AnnualReport, path: Path, headers: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(_url(report, "import"), {"file": handle}, **headers)


def test_every_report_step_through_the_api_is_audited_with_before_and_after(
    p: Personas, tmp_path: Path
) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    region_headers = _api(p.region_user, REGION_ADDR)
    officer_headers = _api(p.officer, OFFICER_ADDR)
    client = Client()
    path = write_csv_zip(tmp_path / "report.zip", valid_rows(1))
    assert _import(client, report, path, region_headers).status_code == 200

    actors = {
        "region": (region_headers, p.region_user, REGION_ADDR),
        "officer": (officer_headers, p.officer, OFFICER_ADDR),
    }
    comment = {"comment": "特許番号を確認してください"}
    steps = [
        ("submit", {}, "region", "draft", "submitted"),
        ("return", comment, "officer", "submitted", "returned"),
        ("import", {}, "region", "", ""),
        ("submit", {}, "region", "returned", "submitted"),
        ("accept", {}, "officer", "submitted", "accepted"),
    ]
    for step, body, who, old, new in steps:
        headers, user, addr = actors[who]
        if step == "import":
            # Re-importing a returned report makes a new version the current one.
            submitted_version = report.current_version_id
            response = _import(client, report, path, headers)
            assert response.status_code == 200, response.content
            report.refresh_from_db()
            updates = AuditEntry.objects.for_object(report).filter(action=Action.UPDATE)
            imported = updates.filter(reason__startswith="import").latest("pk")
            _assert_attributed(imported, user, addr, response)
            update = updates.exclude(reason__startswith="import").latest("pk")
            assert update.before["current_version"] == submitted_version
            assert update.after["current_version"] == report.current_version_id
            assert report.current_version_id != submitted_version
            _assert_attributed(update, user, addr, response)
            continue
        response = client.post(
            _url(report, step), body, content_type="application/json", **headers
        )
        assert response.status_code == 200, (step, response.content)

        transition = _latest(report, Action.TRANSITION)
        assert (transition.before, transition.after) == (
            {"status": old},
            {"status": new},
        ), step
        assert transition.reason == body.get("comment", "")
        _assert_attributed(transition, user, addr, response)
        # The row itself changed too: its update entry shows the same step.
        update = _latest(report, Action.UPDATE)
        assert (update.before["status"], update.after["status"]) == (old, new), step
        _assert_attributed(update, user, addr, response)

    report.refresh_from_db()
    accepted = _latest(report, Action.UPDATE)
    assert accepted.before["accepted_version"] is None
    assert accepted.after["accepted_version"] == report.current_version_id
    transitions = AuditEntry.objects.for_object(report).filter(action=Action.TRANSITION)
    assert transitions.count() == 4


def test_an_import_into_a_draft_is_audited(p: Personas, tmp_path: Path) -> None:
    report = make_report(region=p.region, fiscal_year=2004)
    headers = _api(p.region_user, REGION_ADDR)
    before = AuditEntry.objects.count()
    path = write_csv_zip(tmp_path / "report.zip", valid_rows(1))

    assert _import(Client(), report, path, headers).status_code == 200
    assert _import(Client(), report, path, headers).status_code == 200

    entries = AuditEntry.objects.for_object(report).filter(reason__startswith="import")
    assert entries.count() == 2 and AuditEntry.objects.count() > before
    first, second = entries.order_by("pk")
    assert first.user == p.region_user
    assert second.before["rows"] == first.after["rows"]
    assert sum(second.after["rows"].values()) > 0


def test_a_refused_step_leaves_no_entry(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)
    headers = _api(p.region_user, REGION_ADDR)
    before = AuditEntry.objects.count()

    response = Client().post(
        _url(report, "accept"), content_type="application/json", **headers
    )

    assert response.status_code == 403
    assert AuditEntry.objects.count() == before
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


# --- domain data: create, update, delete as an officer -------------------------


@pytest.fixture
def admin_officer() -> tuple[User, Client]:
    officer = make_user(User.Role.OFFICER, is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR=OFFICER_ADDR)
    client.force_login(officer)
    return officer, client


def test_create_update_and_delete_through_the_admin_are_audited(
    admin_officer: tuple[User, Client],
) -> None:
    officer, client = admin_officer
    base = "/admin/targets/policygoal/"

    created = client.post(
        f"{base}add/", {"code": "6-9", "title_ja": "旧名", "title_en": ""}
    )
    assert created.status_code == 302, created.content
    goal = PolicyGoal.objects.get(code="6-9")
    entry = _latest(goal, Action.CREATE)
    assert entry.before is None and entry.after["title_ja"] == "旧名"
    _assert_attributed(entry, officer, OFFICER_ADDR, created)

    changed = client.post(
        f"{base}{goal.pk}/change/", {"code": "6-9", "title_ja": "新名", "title_en": ""}
    )
    assert changed.status_code == 302, changed.content
    entry = _latest(goal, Action.UPDATE)
    assert (entry.before["title_ja"], entry.after["title_ja"]) == ("旧名", "新名")
    assert entry.changed_fields == ["title_ja"]
    _assert_attributed(entry, officer, OFFICER_ADDR, changed)

    deleted = client.post(f"{base}{goal.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302, deleted.content
    entry = AuditEntry.objects.get(object_id=str(goal.pk), action=Action.DELETE)
    assert entry.before["title_ja"] == "新名" and entry.after is None
    _assert_attributed(entry, officer, OFFICER_ADDR, deleted)


def test_deleting_a_region_through_the_admin_is_audited(
    admin_officer: tuple[User, Client],
) -> None:
    officer, client = admin_officer
    region = make_region(name_ja="削除される地域")
    pk = region.pk

    response = client.post(f"/admin/programmes/region/{pk}/delete/", {"post": "yes"})

    assert response.status_code == 302, response.content
    entry = AuditEntry.objects.get(
        content_type__model="region", object_id=str(pk), action=Action.DELETE
    )
    assert entry.before["name_ja"] == "削除される地域"
    _assert_attributed(entry, officer, OFFICER_ADDR, response)


def test_changing_a_prefectures_policy_outline_is_audited(
    admin_officer: tuple[User, Client],
) -> None:
    officer, client = admin_officer
    prefecture = Prefecture.objects.get(code="13")
    prefecture.st_policy_outline_fy = 2005
    prefecture.save()

    assert AuditEntry.objects.for_object(prefecture).exists()
