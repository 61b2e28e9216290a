"""The audit trail only grows: no update or delete, from code or the admin."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import Client

from accounts.models import User
from audit.models import AuditEntry
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry() -> AuditEntry:
    make_region()
    return AuditEntry.objects.first()


def test_it_refuses_to_save_an_entry_twice(entry: AuditEntry) -> None:
    entry.reason = "改ざん"
    with pytest.raises(TypeError):
        entry.save()


def test_it_refuses_to_delete_an_entry(entry: AuditEntry) -> None:
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(reason="x")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_offers_no_way_to_change_entries(entry: AuditEntry) -> None:
    admin = site._registry[AuditEntry]
    officer = make_user(User.Role.OFFICER, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(officer)
    response = client.post(
        f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert not admin.has_change_permission(None)
