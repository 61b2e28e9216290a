"""Assigning members: never a conflicted pair, the minimum met or explained."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.errors import WorkflowError
from evaluations.models import Assignment
from evaluations.services import (
    assign_reviewer,
    assign_reviewers,
    conflicts_for,
    declare_conflict,
    open_for_scoring,
    unassign_reviewer,
)
from evaluations.tests.factories import (
    make_evaluation,
    make_item,
    make_member,
    make_panel,
    score_everything,
)
from geo.models import Prefecture
from lib.assignment import ConflictReason
from programmes.choices import HQRole
from programmes.models import StaffAssignment
from tests.factories import make_organisation, make_region

pytestmark = pytest.mark.django_db


def test_it_gives_every_item_the_minimum_and_balances_the_load() -> None:
    make_panel(regions=6, members=4, min_reviewers=2)
    per_item = Counter(Assignment.objects.values_list("item_id", flat=True))
    per_member = Counter(Assignment.objects.values_list("member_id", flat=True))
    assert set(per_item.values()) == {2}
    assert set(per_member.values()) == {3}


def test_it_never_assigns_the_core_institutions_member() -> None:
    evaluation = make_evaluation(min_reviewers=1)
    foundation = make_organisation(name_ja="テスト財団X")
    item = make_item(evaluation, region=make_region(core_institution=foundation))
    insider = make_member(evaluation.committee, organisations=[foundation])
    outsider = make_member(evaluation.committee)
    outcome = assign_reviewers(evaluation, None)
    assert [a.member for a in outcome.created] == [outsider]
    reasons = conflicts_for(evaluation)[(str(item.pk), str(insider.pk))]
    assert reasons == (ConflictReason.CORE_INSTITUTION,)


def test_it_treats_hq_staff_organisations_as_participants() -> None:
    evaluation = make_evaluation(min_reviewers=1)
    university = make_organisation(name_ja="テスト大学")
    region = make_region()
    StaffAssignment.objects.create(
        region=region,
        person_name="研究統括（仮）",
        role=HQRole.RESEARCH_DIRECTOR,
        organisation=university,
        from_fy=2002,
    )
    item = make_item(evaluation, region=region)
    member = make_member(evaluation.committee, organisations=[university])
    assert conflicts_for(evaluation) == {
        (str(item.pk), str(member.pk)): (ConflictReason.PARTICIPANT,)
    }


def test_it_applies_the_same_prefecture_rule_only_when_switched_on() -> None:
    tokyo = Prefecture.objects.get(code="13")
    evaluation = make_evaluation(min_reviewers=1)
    make_item(evaluation, region=make_region(main_prefecture=tokyo))
    make_member(evaluation.committee, prefectures=[tokyo])
    assert conflicts_for(evaluation) == {}
    evaluation.same_prefecture_conflict = True
    evaluation.save()
    assert list(conflicts_for(evaluation).values()) == [
        (ConflictReason.SAME_PREFECTURE,)
    ]


def test_it_says_which_items_cannot_be_covered_and_why() -> None:
    tokyo = Prefecture.objects.get(code="13")
    evaluation = make_evaluation(min_reviewers=2, same_prefecture_conflict=True)
    item = make_item(evaluation, region=make_region(main_prefecture=tokyo))
    make_member(evaluation.committee, name_ja="都内委員", prefectures=[tokyo])
    make_member(evaluation.committee, name_ja="他県委員")
    outcome = assign_reviewers(evaluation, None)
    assert len(outcome.created) == 1
    (message,) = outcome.messages_ja
    assert item.region.name_ja in message
    assert "都内委員（同一都道府県）" in message
    with pytest.raises(WorkflowError) as caught:
        open_for_scoring(evaluation, None)
    assert caught.value.code == "evaluation.understaffed"


def test_it_refuses_a_manual_assignment_with_a_declared_conflict() -> None:
    evaluation = make_evaluation(min_reviewers=1)
    item = make_item(evaluation)
    member = make_member(evaluation.committee, name_ja="申告委員")
    declare_conflict(member, None, region=item.region, reason_ja="共同研究者")
    with pytest.raises(WorkflowError) as caught:
        assign_reviewer(item, member, None)
    assert caught.value.code == "assignment.conflict"
    assert "利害関係の申告あり" in caught.value.message
    assert not Assignment.objects.exists()


def test_it_unassigns_a_member_who_declares_a_conflict_on_an_assigned_pair() -> None:
    """Issue 13: the declaration binds at once (more in test_conflicts_bind)."""
    panel = make_panel(regions=1, members=1, min_reviewers=1)
    declare_conflict(panel.members[0], None, region=panel.items[0].region)
    assert not Assignment.objects.exists()


def test_it_assigns_by_hand_and_unassigns_until_scored() -> None:
    panel = make_panel(regions=1, members=3, min_reviewers=1)
    item = panel.items[0]
    spare = next(
        m for m in panel.members if not item.assignments.filter(member=m).exists()
    )
    manual = assign_reviewer(item, spare, None)
    assert manual.method == "manual"
    unassign_reviewer(manual, None)
    open_for_scoring(panel.evaluation, None)
    score_everything(panel, lambda item, member: 3)
    with pytest.raises(WorkflowError):
        unassign_reviewer(item.assignments.first(), None)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    affiliations=st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from(["01", "13", "27"])),
        min_size=1,
        max_size=6,
    ),
    regions=st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from(["01", "13", "27"])),
        min_size=1,
        max_size=5,
    ),
    minimum=st.integers(1, 3),
    same_prefecture=st.booleans(),
)
def test_it_never_assigns_a_conflicted_pair_and_covers_what_it_can(
    affiliations: list[tuple[str, str]],
    regions: list[tuple[str, str]],
    minimum: int,
    same_prefecture: bool,
) -> None:
    with transaction.atomic():
        orgs = {key: make_organisation(name_ja=f"機関{key}") for key in "abc"}
        evaluation = make_evaluation(
            min_reviewers=minimum, same_prefecture_conflict=same_prefecture
        )
        for org, pref in regions:
            prefecture = Prefecture.objects.get(code=pref)
            region = make_region(core_institution=orgs[org], main_prefecture=prefecture)
            make_item(evaluation, region=region)
        for org, pref in affiliations:
            prefecture = Prefecture.objects.get(code=pref)
            make_member(
                evaluation.committee,
                organisations=[orgs[org]],
                prefectures=[prefecture],
            )
        outcome = assign_reviewers(evaluation, None)
        conflicts = conflicts_for(evaluation)
        pairs = {(str(a.item_id), str(a.member_id)) for a in outcome.created}
        assert not pairs & set(conflicts)
        members = evaluation.committee.members.count()
        counts = Counter(item for item, _ in pairs)
        for item in evaluation.items.all():
            eligible = members - sum(1 for (i, _m) in conflicts if i == str(item.pk))
            assert counts[str(item.pk)] == min(minimum, eligible)
        transaction.set_rollback(True)
