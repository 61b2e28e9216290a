"""Demo evaluations: the committee, the FY2004 KC interim evaluation, the FY2005
City Area final evaluation, the FY2005 KC 傾斜配分 and a FY2005 発展型 call.

Per-region ratings and re-allocation amounts of the real 2004 interim
evaluation were not published in the sources we have (domain-facts §1c, §2d:
NOT FOUND), so **every score, rating, comment and amount here is synthetic**,
drawn with a fixed seed, and every row says so (``is_synthetic``, 「合成」 in the
texts). Committee members carry placeholder names (「評価委員A（仮名）」).

Run after the main demo loader has created the regions; the regions are
chosen by programme and start year (KC and CA regions started in FY2002), never
by code. Idempotent: an evaluation, call or run that already exists is left as
it is, so a second run writes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from evaluations.choices import (
    Aggregation,
    AssignmentMethod,
    CityAreaDecision,
    EvaluationState,
    EvaluationType,
    ProposalStatus,
    Rating,
)
from evaluations.models import (
    AllocationRun,
    Assignment,
    Call,
    Committee,
    CommitteeMember,
    Criterion,
    DecisionChange,
    DeclaredConflict,
    Evaluation,
    EvaluationItem,
    EvaluationTransition,
    ItemResult,
    Proposal,
    ProposalTransition,
    RegionPlan,
    Score,
)
from evaluations.services import (
    AllocationRequest,
    CriterionSpec,
    conflicts_for,
    run_allocation,
)
from evaluations.services._common import record
from evaluations.services.allocation import CONTINUE_RATINGS
from evaluations.services.lifecycle import (
    _create_criteria,
    result_rows,
    sheet_result,
    summarise_evaluation,
    summarise_inputs,
)
from geo.models import Prefecture
from lib.assignment import assign
from lib.money import YEN_PER_OKU
from programmes.models import Programme, Region

__all__ = ["load_evaluation_demo"]

SEED = 2004
COMMITTEE_NAME = "地域科学技術施策推進委員会"
SYNTHETIC_NOTE = (
    "（合成データ: 実際の評価結果は公表資料で確認できないため、固定乱数で生成）"
)
DEMO_REVIEWER = "reviewer"

#: (placeholder name, affiliation, prefecture code used for the conflict rule)
MEMBERS: tuple[tuple[str, str, str], ...] = (
    ("評価委員A（仮名）", "大学教授（仮）", "13"),
    ("評価委員B（仮名）", "民間企業 研究所長（仮）", "27"),
    ("評価委員C（仮名）", "公的研究機関 理事（仮）", "08"),
    ("評価委員D（仮名）", "大学教授（仮）", "40"),
    ("評価委員E（仮名）", "弁理士（仮）", "14"),
    ("評価委員F（仮名）", "ベンチャーキャピタル（仮）", "13"),
    ("評価委員G（仮名）", "大学副学長（仮）", "04"),
    ("評価委員H（仮名）", "経済団体 役員（仮）", "23"),
)

INTERIM_TITLE = "知的クラスター創成事業 中間評価（平成14年度開始地域）"
INTERIM_CRITERIA = (
    CriterionSpec(
        "progress", "事業の進捗状況", 3, "計画に対する進捗と目標の達成見込み"
    ),
    CriterionSpec("results", "研究開発の成果", 3, "特許出願・論文・試作品などの成果"),
    CriterionSpec("impact", "事業化・波及効果", 2, "事業化の状況と地域産業への波及"),
    CriterionSpec(
        "organisation", "推進体制", 2, "本部・コーディネータの機能と自治体の関与"
    ),
)
FINAL_TITLE = "都市エリア産学官連携促進事業 事後評価（平成14年度開始エリア）"
FINAL_CRITERIA = (
    CriterionSpec("targets", "目標の達成度", 3, "当初計画の目標に対する達成状況"),
    CriterionSpec("results", "研究成果", 3, "共同研究の成果と特許出願"),
    CriterionSpec("spillover", "地域への波及効果", 2, "地域の産学官連携への波及"),
    CriterionSpec("outlook", "今後の展望", 2, "支援終了後の自立的な取組の見通し"),
)
CONTINUATION_TITLE = "都市エリア産学官連携促進事業（発展型）採択評価"

#: 12 regions × 5億円: what the FY2002 KC regions received per year (§0).
KC_BASE_YEN = 5 * YEN_PER_OKU
ALLOCATION_LABEL = "平成17年度 傾斜配分（中間評価に基づく・合成データ）"
CONTINUE_DECISION_REASON = "評価 S・A のエリアは発展型に応募可（合成）"

COMMENTS = {
    Rating.S: "（合成）計画を上回る成果が上がっている。重点的な支援を継続する。",
    Rating.A: "（合成）概ね計画どおり進捗している。事業化への取組を一層進めること。",
    Rating.B: "（合成）一定の成果はあるが、一部の研究テーマで遅れがある。",
    Rating.C: "（合成）計画どおりの成果が上がっていない。計画の抜本的な見直しが必要。",
}
REQUESTED_CHANGES = {
    Rating.B: "（合成）研究テーマを重点化し、事業化計画を具体化すること。",
    Rating.C: "（合成）研究テーマの絞り込みと推進体制の再構築を求める。",
}


@dataclass(frozen=True)
class _Cohort:
    """A programme's regions that started in FY2002 (the seed's cohorts)."""

    programme: Programme
    regions: list[Region]


def load_evaluation_demo() -> None:
    """Create the demo evaluations (see the module docstring); idempotent."""
    kc, ca = _cohort("KC"), _cohort("CA")
    if kc is None and ca is None:
        return  # the main loader has not created the regions yet
    rng = random.Random(SEED)
    with transaction.atomic():
        committee = _committee()
        if kc is not None:
            interim = _interim(kc, committee, rng)
            _allocation(kc, interim)
            _plans(interim)
        if ca is not None:
            final = _final(ca, committee, rng)
            _continuation_call(ca, committee, final)


def _cohort(code: str) -> _Cohort | None:
    """The programme's regions that started in FY2002, if any."""
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        return None
    regions = list(
        Region.objects.filter(programme=programme, start_fy=2002)
        .select_related("main_prefecture", "core_institution")
        .order_by("code")
    )
    return _Cohort(programme, regions) if regions else None


# --- the committee --------------------------------------------------------------


def _committee() -> Committee:
    committee, _ = Committee.objects.get_or_create(
        name_ja=COMMITTEE_NAME,
        defaults={
            "name_en": "Committee for the Promotion of Regional S&T Policies",
            "is_synthetic": True,
        },
    )
    existing = set(committee.members.values_list("name_ja", flat=True))
    missing = [
        CommitteeMember(
            committee=committee,
            name_ja=name,
            title_ja=title,
            is_chair=n == 0,
            is_synthetic=True,
        )
        for n, (name, title, _p) in enumerate(MEMBERS)
        if name not in existing
    ]
    if missing:
        CommitteeMember.objects.bulk_create(missing)
        _member_prefectures(committee, {m.name_ja for m in missing})
    _seat_demo_reviewer(committee)
    return committee


def _member_prefectures(committee: Committee, names: set[str]) -> None:
    codes = {name: prefecture for name, _t, prefecture in MEMBERS}
    prefectures = {
        p.code: p for p in Prefecture.objects.filter(code__in=codes.values())
    }
    through = CommitteeMember.prefectures.through
    through.objects.bulk_create(
        through(committeemember_id=m.pk, prefecture_id=prefectures[codes[m.name_ja]].pk)
        for m in committee.members.filter(name_ja__in=names)
        if codes[m.name_ja] in prefectures
    )


def _seat_demo_reviewer(committee: Committee) -> None:
    """The demo reviewer account sits as member A (the chair)."""
    reviewer = User.objects.filter(
        username=DEMO_REVIEWER, role=User.Role.REVIEWER
    ).first()
    if reviewer is not None:
        committee.members.filter(name_ja=MEMBERS[0][0], user__isnull=True).update(
            user=reviewer
        )


# --- the two evaluations ------------------------------------------------------


def _interim(kc: _Cohort, committee: Committee, rng: random.Random) -> Evaluation:
    existing = _existing(kc.programme, EvaluationType.INTERIM, 2004, INTERIM_TITLE)
    if existing:
        return existing
    _declare_demo_conflict(committee, kc.regions[0])
    evaluation = _new_evaluation(
        kc,
        committee,
        kind=EvaluationType.INTERIM,
        fiscal_year=2004,
        title_ja=INTERIM_TITLE,
        criteria=INTERIM_CRITERIA,
        min_reviewers=4,
        same_prefecture_conflict=True,
        normalise_reviewers=True,
        aggregation=Aggregation.MEAN,
        summary_ja="中間評価（3年目）。" + SYNTHETIC_NOTE,
        assigned=False,
    )
    _score_and_publish(evaluation, rng, best=5.3, worst=2.2)
    return evaluation


def _final(ca: _Cohort, committee: Committee, rng: random.Random) -> Evaluation:
    existing = _existing(ca.programme, EvaluationType.FINAL, 2005, FINAL_TITLE)
    if existing:
        return existing
    evaluation = _new_evaluation(
        ca,
        committee,
        kind=EvaluationType.FINAL,
        fiscal_year=2005,
        title_ja=FINAL_TITLE,
        criteria=FINAL_CRITERIA,
        min_reviewers=3,
        aggregation=Aggregation.TRIMMED_MEAN,
        summary_ja="平成16年度に終了したエリアの事後評価（終了翌年度）。"
        + SYNTHETIC_NOTE,
        assigned=False,
    )
    _score_and_publish(
        evaluation, rng, best=4.7, worst=2.0, decide=CONTINUE_DECISION_REASON
    )
    return evaluation


def _existing(
    programme: Programme, kind: str, fiscal_year: int, title: str
) -> Evaluation | None:
    return Evaluation.objects.filter(
        programme=programme, kind=kind, fiscal_year=fiscal_year, title_ja=title
    ).first()


def _declare_demo_conflict(committee: Committee, region: Region) -> None:
    member = committee.members.get(name_ja=MEMBERS[1][0])
    DeclaredConflict.objects.get_or_create(
        member=member,
        region=region,
        defaults={"reason_ja": "（合成）過去に当該地域の研究開発に参加"},
    )


def _new_evaluation(
    cohort: _Cohort | None,
    committee: Committee,
    *,
    criteria: Sequence[CriterionSpec],
    programme: Programme | None = None,
    proposals: Sequence[Proposal] = (),
    assigned: bool = True,
    **fields: Any,
) -> Evaluation:
    """A draft evaluation with its rubric and items (and, if ``assigned``, its
    conflict-free assignments)."""
    evaluation = Evaluation.objects.create(
        programme=programme or cohort.programme,  # type: ignore[union-attr]
        committee=committee,
        is_synthetic=True,
        **fields,
    )
    _create_criteria(evaluation, criteria)
    items = (
        [EvaluationItem(evaluation=evaluation, region=r) for r in cohort.regions]
        if cohort
        else []
    )
    items += [EvaluationItem(evaluation=evaluation, proposal=p) for p in proposals]
    EvaluationItem.objects.bulk_create(items)
    if assigned:
        Assignment.objects.bulk_create(
            Assignment(item_id=i, member_id=m, method=AssignmentMethod.AUTOMATIC)
            for i, m in _plan(evaluation)
        )
    EvaluationTransition.objects.create(
        evaluation=evaluation,
        new_state=EvaluationState.DRAFT,
        reason=str(SYNTHETIC_NOTE),
    )
    return evaluation


def _plan(evaluation: Evaluation) -> list[tuple[int, int]]:
    """The same conflict-free, load-balanced plan as ``assign_reviewers``."""
    plan = assign(
        [str(pk) for pk in evaluation.items.values_list("pk", flat=True)],
        [str(pk) for pk in evaluation.committee.members.values_list("pk", flat=True)],
        minimum=evaluation.min_reviewers,
        conflicts=conflicts_for(evaluation),
        max_load=evaluation.max_load,
    )
    return sorted((int(item), int(member)) for item, member in plan.assignments)


def _score_and_publish(
    evaluation: Evaluation,
    rng: random.Random,
    best: float,
    worst: float,
    decide: str = "",
) -> None:
    """Synthetic sheets, results, comments, then the state history up to 公表."""
    criteria = list(evaluation.criteria.all())
    items = list(evaluation.items.select_related("region").order_by("pk"))
    pairs = _plan(evaluation)
    step = (best - worst) / max(len(items) - 1, 1)
    quality = [best - n * step for n in range(len(items))]
    values = _synthetic_scores(evaluation, criteria, items, pairs, rng, quality)
    summaries = summarise_evaluation(
        evaluation, summarise_inputs(evaluation, criteria, values)
    )
    now = timezone.now()
    sheets = []
    for item_id, member_id in pairs:
        weighted, adjusted, outlier = sheet_result(summaries, item_id, member_id)
        sheets.append(
            Assignment(
                item_id=item_id,
                member_id=member_id,
                method=AssignmentMethod.AUTOMATIC,
                submitted_at=now,
                weighted_score=weighted,
                adjusted_score=adjusted,
                is_outlier=outlier,
            )
        )
    Assignment.objects.bulk_create(sheets)
    by_code = {c.code: c for c in criteria}
    Score.objects.bulk_create(
        Score(assignment=sheet, criterion=by_code[code], value=value)
        for sheet in sheets
        for code, value in values[(sheet.item_id, sheet.member_id)].items()
    )
    results = result_rows(items, summaries)
    if decide:
        for result in results:
            continuing = result.rating in CONTINUE_RATINGS
            result.decision = (
                CityAreaDecision.CONTINUE if continuing else CityAreaDecision.END
            )
    ItemResult.objects.bulk_create(results)
    _comment(items, results)
    if decide:
        DecisionChange.objects.bulk_create(
            DecisionChange(result=r, new_decision=r.decision, reason=decide)
            for r in results
        )
    _publish(evaluation, now)


def _synthetic_scores(
    evaluation: Evaluation,
    criteria: list[Criterion],
    items: list[EvaluationItem],
    pairs: list[tuple[int, int]],
    rng: random.Random,
    quality: Sequence[float],
) -> dict[tuple[int, int], dict[str, int]]:
    """Designed quality levels in random order, a harsh/lenient bias per member,
    noise per score, and now and then a sheet far off the others (an outlier)."""
    members = list(evaluation.committee.members.order_by("name_ja"))
    bias = {m.pk: rng.gauss(0, 0.35) for m in members}
    levels = dict(
        zip((i.pk for i in items), rng.sample(list(quality), len(items)), strict=True)
    )
    values = {}
    for item_id, member_id in pairs:
        off = rng.choice((-2, 2)) if rng.random() < 0.06 else 0
        mean = levels[item_id] + bias[member_id] + off
        values[(item_id, member_id)] = {
            c.code: _clamp(round(mean + rng.gauss(0, 0.45))) for c in criteria
        }
    return values


def _clamp(value: int) -> int:
    return max(1, min(5, value))


def _comment(items: list[EvaluationItem], results: list[ItemResult]) -> None:
    """The committee's comment and requested changes, by rating (one update each)."""
    rating = {r.item_id: r.rating for r in results}
    for letter in Rating:
        chosen = [i.pk for i in items if rating[i.pk] == letter]
        if chosen:
            EvaluationItem.objects.filter(pk__in=chosen).update(
                committee_comment_ja=COMMENTS[letter],
                requested_changes_ja=REQUESTED_CHANGES.get(letter, ""),
            )


def _publish(evaluation: Evaluation, now: Any) -> None:
    """draft → open → closed → published, with the history and one audit entry."""
    steps = [
        (EvaluationState.DRAFT, EvaluationState.OPEN),
        (EvaluationState.OPEN, EvaluationState.CLOSED),
        (EvaluationState.CLOSED, EvaluationState.PUBLISHED),
    ]
    EvaluationTransition.objects.bulk_create(
        EvaluationTransition(
            evaluation=evaluation,
            old_state=old,
            new_state=new,
            reason="デモデータ（合成）",
        )
        for old, new in steps
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(
        state=EvaluationState.PUBLISHED,
        opened_at=now,
        closed_at=now,
        published_at=now,
    )
    record(
        evaluation,
        EvaluationState.DRAFT,
        EvaluationState.PUBLISHED,
        None,
        "デモデータ（合成）の読込",
    )
    evaluation.refresh_from_db()


# --- what follows from the results ------------------------------------------------


def _allocation(kc: _Cohort, interim: Evaluation) -> None:
    """FY2005: 12 × 5億円 = 60億円 re-weighted by the interim ratings, ±30 %."""
    if AllocationRun.objects.filter(
        programme=kc.programme, fiscal_year=2005, label_ja=ALLOCATION_LABEL
    ).exists():
        return
    budget = len(kc.regions) * KC_BASE_YEN
    run_allocation(
        AllocationRequest(
            programme=kc.programme,
            fiscal_year=2005,
            budget_yen=budget,
            evaluation=interim,
            base_yen=KC_BASE_YEN,
        ),
        None,
        label_ja=ALLOCATION_LABEL,
        adopt=True,
        note_ja=(
            "予算額 = 中間評価対象 {n} 地域 × 5億円 = {oku}億円、上下限は基準額の±30%。"
            "評価 S 1.3・A 1.1・B 1.0・C 0.7 の重みで傾斜配分。"
        ).format(n=len(kc.regions), oku=budget // YEN_PER_OKU)
        + SYNTHETIC_NOTE,
        is_synthetic=True,
    )


def _plans(interim: Evaluation) -> None:
    """Version 1 for every region; B/C regions revise it as the committee asks."""
    items = interim.items.filter(region__isnull=False, region__plans__isnull=True)
    plans = []
    for item in items.select_related("region", "result").order_by("pk"):
        region = item.region
        title = "{} 事業計画（合成）".format(region.cluster_name_ja or region.name_ja)
        plans.append(
            RegionPlan(
                region=region,
                number=1,
                title_ja=title,
                body_ja="（合成）平成14〜18年度の5か年計画。" + SYNTHETIC_NOTE,
                is_synthetic=True,
            )
        )
        if item.result.rating in (Rating.B, Rating.C):
            plans.append(
                RegionPlan(
                    region=region,
                    number=2,
                    title_ja=title,
                    body_ja="（合成）中間評価を受けて研究テーマを重点化した改訂計画。",
                    requested_changes_ja=item.requested_changes_ja
                    or item.committee_comment_ja,
                    evaluation_item=item,
                    is_synthetic=True,
                )
            )
    RegionPlan.objects.bulk_create(plans)


def _continuation_call(ca: _Cohort, committee: Committee, final: Evaluation) -> None:
    """A draft 発展型 selection of the areas allowed to continue, ready to open."""
    call, created = Call.objects.get_or_create(
        programme=ca.programme,
        fiscal_year=2005,
        title_ja="平成17年度 都市エリア産学官連携促進事業（発展型）公募（合成）",
        defaults={"is_synthetic": True},
    )
    if not created:
        return
    continuing = ItemResult.objects.filter(
        item__evaluation=final, decision=CityAreaDecision.CONTINUE
    ).select_related("item__region__main_prefecture")
    regions = [r.item.region for r in continuing if r.item.region]
    proposals = _proposals(call, regions)
    if proposals:
        _new_evaluation(
            None,
            committee,
            programme=ca.programme,
            kind=EvaluationType.CONTINUATION,
            fiscal_year=2005,
            title_ja=CONTINUATION_TITLE,
            call=call,
            criteria=FINAL_CRITERIA,
            proposals=proposals,
            min_reviewers=3,
            summary_ja="採点前のデモ（合成）。事業担当官が採点を開始できます。",
        )


def _proposals(call: Call, regions: list[Region]) -> list[Proposal]:
    """Submitted 発展型 proposals of the continuing areas, with their history."""
    proposals = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            region=region,
            title_ja="{} 発展型提案（合成）".format(region.name_ja),
            applicant_ja="{}（合成）".format(region.main_prefecture.name_ja),
            core_institution=region.core_institution,
            main_prefecture=region.main_prefecture,
            requested_amount_yen=2 * YEN_PER_OKU,
            status=ProposalStatus.SUBMITTED,
            is_synthetic=True,
        )
        for region in regions
    )
    through = Proposal.prefectures.through
    through.objects.bulk_create(
        through(proposal_id=p.pk, prefecture_id=p.main_prefecture_id) for p in proposals
    )
    ProposalTransition.objects.bulk_create(
        ProposalTransition(proposal=p, old_status=old, new_status=new)
        for p in proposals
        for old, new in (
            ("", ProposalStatus.DRAFT),
            (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED),
        )
    )
    return proposals
