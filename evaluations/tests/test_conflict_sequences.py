"""Random sequences of assign, declare, withdraw, affiliate and score (issue 13).

After every step of every sequence: no member is assigned to an item they
declared a conflict with, and no member with any conflict can score the item;
at the end the officer's page, the reviewers' pages and the assign endpoints
answer without a 500, and 自動割当て leaves no conflicted assignment behind.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.tokens import issue_token
from evaluations.errors import WorkflowError
from evaluations.models import Assignment, DeclaredConflict, EvaluationItem, Score
from evaluations.services import (
    assign_reviewer,
    assign_reviewers,
    conflicted_assignments,
    conflicts_for,
    declare_conflict,
    open_for_scoring,
    record_scores,
    unassign_reviewer,
    withdraw_conflict,
)
from evaluations.tests.factories import (
    make_evaluation,
    make_item,
    make_proposal,
    make_reviewer_member,
)
from lib.assignment import ConflictReason
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

SCORES = {"progress": 4, "results": 3, "impact": 3, "organisation": 4}
N_ITEMS, N_MEMBERS, N_REGIONS = 3, 3, 2

member_ = st.integers(0, N_MEMBERS - 1)
item_ = st.integers(0, N_ITEMS - 1)
region_ = st.integers(0, N_REGIONS - 1)
STEPS = st.one_of(
    st.tuples(st.just("assign"), item_, member_),
    st.tuples(st.just("auto")),
    st.tuples(st.just("declare_region"), member_, region_),
    st.tuples(st.just("declare_proposal"), member_),
    st.tuples(st.just("withdraw"), member_),
    st.tuples(st.just("affiliate"), member_, region_),
    st.tuples(st.just("score"), item_, member_),
    st.tuples(st.just("unassign"), item_, member_),
)
REFUSED = (WorkflowError, PermissionDenied, ValidationError)


class World:
    """An open evaluation: two regions' items and a proposal of region 0."""

    def __init__(self) -> None:
        self.officer = make_user(User.Role.OFFICER)
        self.evaluation = make_evaluation(min_reviewers=1)
        programme = self.evaluation.programme
        self.regions = [
            make_region(programme=programme, core_institution=make_organisation())
            for _ in range(N_REGIONS)
        ]
        self.proposal = make_proposal(region=self.regions[0])
        self.items = [make_item(self.evaluation, region=r) for r in self.regions]
        self.items.append(make_item(self.evaluation, proposal=self.proposal))
        committee = self.evaluation.committee
        self.members = [make_reviewer_member(committee) for _ in range(N_MEMBERS)]
        assign_reviewers(self.evaluation, self.officer)
        open_for_scoring(self.evaluation, self.officer)

    def run(self, step: tuple[Any, ...]) -> None:
        name, *args = step
        try:
            getattr(self, name)(*args)
        except REFUSED:
            pass  # a refused step changes nothing; the invariants check that

    def assign(self, item: int, member: int) -> None:
        assign_reviewer(self.items[item], self.members[member], self.officer)

    def auto(self) -> None:
        assign_reviewers(self.evaluation, self.officer)

    def declare_region(self, member: int, region: int) -> None:
        m = self.members[member]
        declare_conflict(m, m.user, region=self.regions[region])

    def declare_proposal(self, member: int) -> None:
        declare_conflict(self.members[member], self.officer, proposal=self.proposal)

    def withdraw(self, member: int) -> None:
        conflict = DeclaredConflict.objects.filter(member=self.members[member]).first()
        if conflict is not None:
            withdraw_conflict(conflict, self.members[member].user)

    def affiliate(self, member: int, region: int) -> None:
        """A new affiliation entered outside any service (a data load)."""
        org = self.regions[region].core_institution
        self.members[member].organisations.add(org)

    def score(self, item: int, member: int) -> None:
        target = self.items[item]
        pair = (str(target.pk), str(self.members[member].pk))
        conflicted = pair in conflicts_for(self.evaluation)
        record_scores(target, self.members[member].user, SCORES)
        assert not conflicted, "a conflicted member scored"

    def unassign(self, item: int, member: int) -> None:
        found = Assignment.objects.filter(
            item=self.items[item], member=self.members[member]
        ).first()
        if found is not None:
            unassign_reviewer(found, self.officer)

    def check(self) -> None:
        conflicts = conflicts_for(self.evaluation)
        declared = {p for p, why in conflicts.items() if ConflictReason.DECLARED in why}
        pairs = {
            (str(i), str(m))
            for i, m in Assignment.objects.filter(
                item__evaluation=self.evaluation
            ).values_list("item_id", "member_id")
        }
        assert not pairs & declared, "a declared conflict left an assignment"
        for item_pk, member_pk in pairs & set(conflicts):
            assignment = Assignment.objects.select_related("member__user").get(
                item_id=item_pk, member_id=member_pk
            )
            before = list(Score.objects.filter(assignment=assignment).values("value"))
            item = EvaluationItem.objects.get(pk=item_pk)
            with pytest.raises(WorkflowError) as caught:
                record_scores(item, assignment.member.user, SCORES)
            assert caught.value.code == "scoring.conflict"
            after = list(Score.objects.filter(assignment=assignment).values("value"))
            assert after == before


def _pages_answer(world: World) -> None:
    officer = Client()
    officer.force_login(world.officer)
    detail = f"/evaluations/{world.evaluation.pk}/"
    assert officer.get(detail).status_code == 200
    for member in world.members:
        reviewer = Client()
        reviewer.force_login(member.user)
        for item in world.items:
            status = reviewer.get(f"/evaluations/items/{item.pk}/").status_code
            assert status in (200, 404)
    token = issue_token(world.officer).plaintext
    response = Client().post(
        f"/api/v1/evaluations/{world.evaluation.pk}/assign",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert conflicted_assignments(world.evaluation) == []
    assert officer.post(f"{detail}assign/").status_code == 302
    assert officer.get(detail).status_code == 200


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=6))
def test_conflicts_bind_through_any_sequence(steps: list[tuple[Any, ...]]) -> None:
    with transaction.atomic():
        world = World()
        for step in steps:
            world.run(step)
            world.check()
        _pages_answer(world)
        transaction.set_rollback(True)
