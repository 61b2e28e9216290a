"""Every evaluation model has a working admin page (read-only where history)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import User
from evaluations.tests.factories import make_closed_panel
from tests.factories import make_user

pytestmark = pytest.mark.django_db
MODELS = list(apps.get_app_config("evaluations").get_models())


def test_it_registers_every_model() -> None:
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_lists_and_opens_each_model(model: type) -> None:
    make_closed_panel()
    client = Client()
    client.force_login(make_user(User.Role.OFFICER, is_staff=True, is_superuser=True))
    info = (model._meta.app_label, model._meta.model_name)
    assert (
        client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    )
    obj = model._default_manager.first()
    if obj is not None:
        url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert client.get(url).status_code == 200
