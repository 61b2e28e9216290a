"""Every create, update, delete and m2m change of audited data is recorded."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from accounts.models import User
from audit.context import audit_context
from audit.middleware import AuditContextMiddleware
from audit.models import AuditEntry
from audit.signals import audited_models
from geo.models import Prefecture
from programmes.models import Region, SpecialZone
from reports.models import AnnualReport
from tests.factories import make_region, make_report, make_user

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action


def _entries(obj: object) -> list[AuditEntry]:
    return list(AuditEntry.objects.for_object(obj).order_by("pk"))


def test_it_audits_every_change_logged_model_and_the_user() -> None:
    labels = {model._meta.label for model in audited_models()}
    assert {"programmes.Region", "reports.AnnualReport", "accounts.User"} <= labels
    assert "accounts.ApiToken" in labels


def test_it_records_a_create_with_the_actor_and_the_after_values() -> None:
    officer = make_user(User.Role.OFFICER)
    with audit_context(user=officer, request_id="r-1", remote_addr="192.0.2.7"):
        region = make_region(name_ja="札幌")
    created = _entries(region)[0]
    assert created.action == Action.CREATE
    assert created.user == officer
    assert created.user_name == officer.username
    assert (created.request_id, created.remote_addr) == ("r-1", "192.0.2.7")
    assert created.before is None
    assert created.after["name_ja"] == "札幌"


def test_it_records_an_update_with_before_and_after() -> None:
    region = make_region(name_ja="旧名")
    region.name_ja = "新名"
    region.save()
    update = _entries(region)[-1]
    assert update.action == Action.UPDATE
    assert update.before["name_ja"] == "旧名"
    assert update.after["name_ja"] == "新名"
    assert update.changed_fields == ["name_ja"]


def test_it_skips_saves_that_change_nothing() -> None:
    region = make_region()
    count = AuditEntry.objects.count()
    Region.objects.get(pk=region.pk).save()
    assert AuditEntry.objects.count() == count


def test_it_records_a_delete_with_the_before_values() -> None:
    report = make_report()
    pk = report.pk
    report.delete()
    entry = AuditEntry.objects.filter(object_id=str(pk), action=Action.DELETE).get()
    assert entry.before["fiscal_year"] == report.fiscal_year
    assert entry.after is None


def test_it_records_many_to_many_changes_from_either_side() -> None:
    region = make_region()
    tokyo, osaka = Prefecture.objects.get(code="13"), Prefecture.objects.get(code="27")
    region.prefectures.add(osaka)
    entry = _entries(region)[-1]
    assert entry.before["prefectures"] == [tokyo.pk]
    assert entry.after["prefectures"] == sorted([tokyo.pk, osaka.pk])
    zone = SpecialZone.objects.create(
        name_ja="特区", applicant_ja="市", prefecture=tokyo
    )
    region.special_zones.add(zone)  # reverse side: the zone's field changed
    assert _entries(zone)[-1].after["regions"] == [region.pk]
    region.special_zones.clear()
    assert _entries(zone)[-1].after["regions"] == []


def test_it_records_role_and_region_changes_of_users_without_secrets() -> None:
    region = make_region()
    user = make_user(User.Role.REVIEWER)
    user.role = User.Role.REGION
    user.save()
    user.regions.add(region)
    role_change, region_change = _entries(user)[-2:]
    assert (role_change.before["role"], role_change.after["role"]) == (
        "reviewer",
        "region",
    )
    assert region_change.after["regions"] == [region.pk]
    for entry in _entries(user):
        assert "password" not in (entry.after or {})


def test_the_middleware_attributes_changes_to_the_request() -> None:
    officer = make_user(User.Role.OFFICER)
    request = RequestFactory().post(
        "/", REMOTE_ADDR="198.51.100.4", HTTP_X_REQUEST_ID="proxy-id-12345"
    )
    request.user = officer

    def view(request: object) -> object:
        from django.http import HttpResponse

        make_report()
        return HttpResponse()

    response = AuditContextMiddleware(view)(request)
    entry = AuditEntry.objects.filter(
        content_type__model=AnnualReport._meta.model_name, action=Action.CREATE
    ).get()
    assert entry.user == officer
    assert entry.remote_addr == "198.51.100.4"
    assert entry.request_id == "proxy-id-12345" == response["X-Request-ID"]


def test_the_middleware_makes_its_own_id_for_an_unsafe_one() -> None:
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="bad id\nInjected: x")
    from django.http import HttpResponse

    response = AuditContextMiddleware(lambda r: HttpResponse())(request)
    assert len(response["X-Request-ID"]) == 32


def test_changes_outside_a_request_are_attributed_to_the_system() -> None:
    region = make_region()
    entry = _entries(region)[0]
    assert entry.user is None
    assert entry.user_name == "system"
