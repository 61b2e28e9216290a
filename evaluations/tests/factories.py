"""`make_<thing>` factories for the evaluations app (plain functions, no magic)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accounts.models import User
from evaluations.choices import EvaluationType
from evaluations.models import (
    Assignment,
    Call,
    Committee,
    CommitteeMember,
    Criterion,
    Evaluation,
    EvaluationItem,
    Proposal,
)
from evaluations.services import (
    assign_reviewers,
    close_evaluation,
    open_for_scoring,
    record_scores,
)
from geo.models import Prefecture
from programmes.models import Programme, Region
from tests.factories import make_programme, make_region, make_user

_seq = itertools.count(1)

#: A small rubric like the KC interim evaluation's (weights 3/3/2/2).
DEFAULT_CRITERIA: Sequence[tuple[str, str, int]] = (
    ("progress", "進捗状況", 3),
    ("results", "研究成果", 3),
    ("impact", "波及効果", 2),
    ("organisation", "推進体制", 2),
)


def make_committee(**overrides: Any) -> Committee:
    overrides.setdefault("name_ja", f"テスト委員会{next(_seq)}")
    return Committee.objects.create(**overrides)


def make_member(
    committee: Committee | None = None, **overrides: Any
) -> CommitteeMember:
    organisations = overrides.pop("organisations", [])
    prefectures = overrides.pop("prefectures", [])
    overrides.setdefault("name_ja", f"テスト委員{next(_seq)}")
    member = CommitteeMember.objects.create(
        committee=committee or make_committee(), **overrides
    )
    member.organisations.set(organisations)
    member.prefectures.set(prefectures)
    return member


def make_reviewer_member(committee: Committee, **overrides: Any) -> CommitteeMember:
    """A member with a reviewer account, as most members have."""
    user = make_user(User.Role.REVIEWER)
    return make_member(committee, user=user, **overrides)


def make_evaluation(**overrides: Any) -> Evaluation:
    """A draft evaluation with the default rubric (no items)."""
    criteria = overrides.pop("criteria", DEFAULT_CRITERIA)
    overrides.setdefault("kind", EvaluationType.INTERIM)
    if "programme" not in overrides:
        overrides["programme"] = make_programme()
    if "committee" not in overrides:
        overrides["committee"] = make_committee()
    overrides.setdefault("fiscal_year", 2004)
    overrides.setdefault("title_ja", f"テスト評価{next(_seq)}")
    evaluation = Evaluation.objects.create(**overrides)
    Criterion.objects.bulk_create(
        Criterion(
            evaluation=evaluation, code=code, name_ja=name, weight=Decimal(w), order=n
        )
        for n, (code, name, w) in enumerate(criteria, start=1)
    )
    return evaluation


def make_item(evaluation: Evaluation, **overrides: Any) -> EvaluationItem:
    if "region" not in overrides and "proposal" not in overrides:
        overrides["region"] = make_region(programme=evaluation.programme)
    return EvaluationItem.objects.create(evaluation=evaluation, **overrides)


def make_assignment(item: EvaluationItem, member: CommitteeMember) -> Assignment:
    return Assignment.objects.create(item=item, member=member)


def make_call(programme: Programme | None = None, **overrides: Any) -> Call:
    overrides.setdefault("fiscal_year", 2005)
    overrides.setdefault("title_ja", f"テスト公募{next(_seq)}")
    return Call.objects.create(programme=programme or make_programme(), **overrides)


def make_proposal(call: Call | None = None, **overrides: Any) -> Proposal:
    overrides.setdefault("title_ja", f"テスト提案{next(_seq)}")
    overrides.setdefault("applicant_ja", "テスト県")
    overrides.setdefault("main_prefecture", Prefecture.objects.get(code="13"))
    return Proposal.objects.create(call=call or make_call(), **overrides)


@dataclass
class Panel:
    """An evaluation with regions, reviewer members and automatic assignments."""

    evaluation: Evaluation
    items: list[EvaluationItem]
    members: list[CommitteeMember]

    def sheet(self, item: EvaluationItem) -> list[Assignment]:
        return list(item.assignments.select_related("member__user"))


def make_panel(
    regions: int = 3, members: int = 4, min_reviewers: int = 2, **overrides: Any
) -> Panel:
    """A draft evaluation of ``regions`` regions, assigned to ``members`` reviewers."""
    evaluation = make_evaluation(min_reviewers=min_reviewers, **overrides)
    items = [make_item(evaluation) for _ in range(regions)]
    panel_members = [make_reviewer_member(evaluation.committee) for _ in range(members)]
    assign_reviewers(evaluation, None)
    return Panel(evaluation, items, panel_members)


def score_everything(
    panel: Panel, value: Callable[[EvaluationItem, CommitteeMember], int]
) -> None:
    """Every assigned member scores every criterion of their items with ``value``."""
    codes = list(panel.evaluation.criteria.values_list("code", flat=True))
    for item in panel.items:
        for assignment in panel.sheet(item):
            score = value(item, assignment.member)
            record_scores(item, assignment.member.user, {code: score for code in codes})


def make_closed_panel(
    scores: Callable[[EvaluationItem, CommitteeMember], int] | None = None,
    **overrides: Any,
) -> Panel:
    """An evaluation opened, fully scored and closed (results computed)."""
    panel = make_panel(**overrides)
    open_for_scoring(panel.evaluation, None)
    score_everything(panel, scores or (lambda item, member: 3 + item.pk % 3))
    close_evaluation(panel.evaluation, None)
    panel.evaluation.refresh_from_db()
    return panel


def kc_regions(programme: Programme, count: int) -> list[Region]:
    return [make_region(programme=programme, start_fy=2002) for _ in range(count)]
