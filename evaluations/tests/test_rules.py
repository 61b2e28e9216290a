"""The policy rules of the evaluation models: object checks agree with scopes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.policy import Action, can, scope
from evaluations.models import (
    AllocationLine,
    AllocationRun,
    Assignment,
    Criterion,
    Evaluation,
    EvaluationItem,
    ItemResult,
    Proposal,
    RegionPlan,
    Score,
)
from evaluations.services import (
    AllocationRequest,
    create_plan,
    open_for_scoring,
    publish,
    run_allocation,
)
from evaluations.tests.factories import make_closed_panel, make_panel, make_proposal
from tests.factories import make_user

pytestmark = pytest.mark.django_db
MODELS = [
    Evaluation,
    EvaluationItem,
    Assignment,
    Score,
    ItemResult,
    Criterion,
    AllocationRun,
    AllocationLine,
    RegionPlan,
    Proposal,
]
ACTIONS = [Action.VIEW, Action.SCORE, Action.CHANGE, Action.CLOSE, Action.SUBMIT]


@pytest.fixture
def world() -> list[object]:
    """A published panel with an adopted run, an open panel, a plan, a proposal."""
    closed = make_closed_panel()
    publish(closed.evaluation, None)
    run_allocation(
        AllocationRequest(
            programme=closed.evaluation.programme,
            fiscal_year=2005,
            budget_yen=3 * closed.evaluation.programme.annual_amount_per_region_yen,
            evaluation=closed.evaluation,
        ),
        None,
        label_ja="決定",
        adopt=True,
    )
    opened = make_panel()
    open_for_scoring(opened.evaluation, None)
    create_plan(closed.items[0].region, None, title_ja="計画", body_ja="本文")
    make_proposal(region=closed.items[0].region)
    region_user = make_user(User.Role.REGION, regions=[closed.items[0].region])
    return [
        make_user(User.Role.OFFICER),
        opened.members[0].user,
        closed.members[0].user,
        make_user(User.Role.REVIEWER),
        region_user,
        make_user(User.Role.REGION),
        AnonymousUser(),
    ]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_it_agrees_between_object_checks_and_scopes(
    world: list[object], model: type
) -> None:
    objects = list(model._default_manager.all())
    assert objects, model
    for user in world:
        for action in ACTIONS:
            scoped = set(scope(user, model._default_manager.all(), action))
            for obj in objects:
                assert can(user, action, obj) == (obj in scoped), (user, action, obj)
