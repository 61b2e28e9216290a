"""Every evaluation model has a working admin page (read-only where history),
and committee data changes in the admin only where it is audited (issue 13)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from evaluations.choices import EvaluationState
from evaluations.errors import WorkflowError
from evaluations.models import Assignment, Criterion, Score
from evaluations.services import CriterionSpec, publish, set_rubric
from evaluations.tests.factories import make_closed_panel, make_evaluation, make_panel
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


# --- committee data changes only where audited (issue 13) ---------------------


def _officer_admin() -> Client:
    client = Client()
    client.force_login(make_user(User.Role.OFFICER, is_staff=True, is_superuser=True))
    return client


def _change_url(obj: Any) -> str:
    info = (obj._meta.app_label, obj._meta.model_name)
    return reverse("admin:{}_{}_change".format(*info), args=[obj.pk])


def test_an_officer_cannot_change_a_score_in_the_admin() -> None:
    panel = make_closed_panel()
    score = Score.objects.select_related("assignment").first()
    client = _officer_admin()
    entries = AuditEntry.objects.count()

    response = client.post(
        _change_url(score),
        {
            "assignment": score.assignment_id,
            "criterion": score.criterion_id,
            "value": 1,
        },
    )

    assert response.status_code == 403
    assert Score.objects.get(pk=score.pk).value == score.value
    assert AuditEntry.objects.count() == entries
    assert panel.evaluation.state == EvaluationState.CLOSED


def test_a_published_evaluations_criteria_cannot_change() -> None:
    panel = make_closed_panel()
    publish(panel.evaluation, None)
    criterion = panel.evaluation.criteria.first()
    client = _officer_admin()

    response = client.post(
        _change_url(criterion),
        {
            "evaluation": criterion.evaluation_id,
            "code": criterion.code,
            "name_ja": criterion.name_ja,
            "weight": "9",
            "order": criterion.order,
        },
    )

    assert response.status_code == 403
    assert Criterion.objects.get(pk=criterion.pk).weight == criterion.weight
    assert client.post(_change_url(panel.evaluation), {}).status_code == 403
    criterion.weight = Decimal(9)
    with pytest.raises(ValidationError) as caught:
        criterion.full_clean()
    assert "準備中の評価でだけ変更できます" in str(caught.value)
    with pytest.raises(WorkflowError):
        set_rubric(panel.evaluation, [CriterionSpec("x", "新項目", 1)], None)
    assert panel.evaluation.criteria.count() == 4


def test_a_drafts_weight_changed_in_the_admin_is_audited() -> None:
    evaluation = make_evaluation()
    criterion = evaluation.criteria.first()
    client = _officer_admin()

    response = client.post(
        _change_url(criterion),
        {
            "evaluation": criterion.evaluation_id,
            "code": criterion.code,
            "name_ja": criterion.name_ja,
            "description_ja": "",
            "weight": "9",
            "order": criterion.order,
        },
    )

    assert response.status_code == 302
    assert Criterion.objects.get(pk=criterion.pk).weight == Decimal(9)
    entry = AuditEntry.objects.for_object(criterion).get(action="update")
    assert (Decimal(entry.before["weight"]), Decimal(entry.after["weight"])) == (
        criterion.weight,
        Decimal(9),
    )
    assert entry.user_name


def test_a_conflict_added_in_the_admin_removes_the_assignment() -> None:
    panel = make_panel(regions=1, members=2, min_reviewers=1)
    assignment = Assignment.objects.select_related("item").first()
    client = _officer_admin()

    response = client.post(
        reverse("admin:evaluations_declaredconflict_add"),
        {
            "member": assignment.member_id,
            "region": assignment.item.region_id,
            "reason_ja": "共同研究者",
        },
    )

    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert panel.evaluation.items.count() == 1
