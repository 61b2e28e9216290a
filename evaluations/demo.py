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

from django.db import transaction

from accounts.models import User
from evaluations.choices import (
    Aggregation,
    CityAreaDecision,
    EvaluationType,
    ProposalStatus,
    Rating,
)
from evaluations.models import (
    AllocationRun,
    Call,
    Committee,
    CommitteeMember,
    DeclaredConflict,
    Evaluation,
    ItemResult,
    Proposal,
)
from evaluations.services import (
    AllocationRequest,
    CriterionSpec,
    assign_reviewers,
    close_evaluation,
    create_evaluation,
    create_plan,
    create_proposal,
    decide_city_areas,
    open_for_scoring,
    publish,
    record_paper_sheets,
    revise_plan,
    run_allocation,
    set_comment,
    submit_proposal,
)
from geo.models import Prefecture
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
        Region.objects.filter(programme=programme, start_fy=2002).order_by("code")
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
    reviewer = User.objects.filter(
        username=DEMO_REVIEWER, role=User.Role.REVIEWER
    ).first()
    for n, (name, title, prefecture) in enumerate(MEMBERS):
        member, created = CommitteeMember.objects.get_or_create(
            committee=committee,
            name_ja=name,
            defaults={"title_ja": title, "is_chair": n == 0, "is_synthetic": True},
        )
        if created:
            member.prefectures.set(Prefecture.objects.filter(code=prefecture))
        if n == 0 and reviewer is not None and member.user_id is None:
            member.user = reviewer
            member.save(update_fields=["user", "last_updated"])
    return committee


# --- the two evaluations ------------------------------------------------------


def _interim(kc: _Cohort, committee: Committee, rng: random.Random) -> Evaluation:
    existing = _existing(kc.programme, EvaluationType.INTERIM, 2004, INTERIM_TITLE)
    if existing:
        return existing
    _declare_demo_conflict(committee, kc.regions[0])
    evaluation = create_evaluation(
        kind=EvaluationType.INTERIM,
        programme=kc.programme,
        fiscal_year=2004,
        title_ja=INTERIM_TITLE,
        committee=committee,
        criteria=INTERIM_CRITERIA,
        regions=kc.regions,
        actor=None,
        min_reviewers=4,
        same_prefecture_conflict=True,
        normalise_reviewers=True,
        aggregation=Aggregation.MEAN,
        summary_ja="中間評価（3年目）。" + SYNTHETIC_NOTE,
        is_synthetic=True,
    )
    _score_and_publish(evaluation, rng, best=5.3, worst=2.2)
    return evaluation


def _final(ca: _Cohort, committee: Committee, rng: random.Random) -> Evaluation:
    existing = _existing(ca.programme, EvaluationType.FINAL, 2005, FINAL_TITLE)
    if existing:
        return existing
    evaluation = create_evaluation(
        kind=EvaluationType.FINAL,
        programme=ca.programme,
        fiscal_year=2005,
        title_ja=FINAL_TITLE,
        committee=committee,
        criteria=FINAL_CRITERIA,
        regions=ca.regions,
        actor=None,
        min_reviewers=3,
        aggregation=Aggregation.TRIMMED_MEAN,
        summary_ja="平成16年度に終了したエリアの事後評価（終了翌年度）。"
        + SYNTHETIC_NOTE,
        is_synthetic=True,
    )
    _score_and_publish(evaluation, rng, best=4.7, worst=2.0)
    decide_city_areas(
        evaluation, None, reason="評価 S・A のエリアは発展型に応募可（合成）"
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


def _score_and_publish(
    evaluation: Evaluation, rng: random.Random, best: float, worst: float
) -> None:
    """Assign, open, score with synthetic sheets, comment, close and publish."""
    assign_reviewers(evaluation, None)
    open_for_scoring(evaluation, None, "デモデータ（合成）")
    count = evaluation.items.count()
    step = (best - worst) / max(count - 1, 1)
    _synthetic_scores(evaluation, rng, [best - n * step for n in range(count)])
    close_evaluation(evaluation, None, "デモデータ（合成）")
    for result in ItemResult.objects.filter(item__evaluation=evaluation).select_related(
        "item"
    ):
        set_comment(
            result.item,
            None,
            committee_comment_ja=COMMENTS[Rating(result.rating)],
            requested_changes_ja=REQUESTED_CHANGES.get(Rating(result.rating), ""),
        )
    publish(evaluation, None, "デモデータ（合成）")


def _synthetic_scores(
    evaluation: Evaluation, rng: random.Random, quality: Sequence[float]
) -> None:
    """Designed quality levels in random order, a harsh/lenient bias per member,
    noise per score, and now and then a sheet far off the others (an outlier)."""
    codes = list(evaluation.criteria.values_list("code", flat=True))
    members = list(evaluation.committee.members.order_by("name_ja"))
    bias = {m.pk: rng.gauss(0, 0.35) for m in members}
    items = list(evaluation.items.order_by("pk"))
    levels = rng.sample(list(quality), len(items))
    sheets = {}
    for item, level in zip(items, levels, strict=False):
        for assignment in item.assignments.select_related("member").order_by("member"):
            off = rng.choice((-2, 2)) if rng.random() < 0.06 else 0
            mean = level + bias[assignment.member_id] + off
            sheets[(item, assignment.member)] = {
                code: _clamp(round(mean + rng.gauss(0, 0.45))) for code in codes
            }
    record_paper_sheets(evaluation, None, sheets)


def _clamp(value: int) -> int:
    return max(1, min(5, value))


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
    for item in interim.items.select_related("region", "result").order_by("pk"):
        region = item.region
        if region is None or region.plans.exists():
            continue
        create_plan(
            region,
            None,
            title_ja="{} 事業計画（合成）".format(
                region.cluster_name_ja or region.name_ja
            ),
            body_ja="（合成）平成14〜18年度の5か年計画。" + SYNTHETIC_NOTE,
            is_synthetic=True,
        )
        if item.result.rating in (Rating.B, Rating.C):
            revise_plan(
                item,
                None,
                body_ja="（合成）中間評価を受けて研究テーマを重点化した改訂計画。",
                is_synthetic=True,
            )


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
    ).select_related("item__region")
    proposals = [_proposal(call, r.item.region) for r in continuing if r.item.region]
    _draft_selection(ca.programme, committee, call, proposals)


def _proposal(call: Call, region: Region) -> Proposal:
    proposal = create_proposal(
        call,
        None,
        region=region,
        title_ja="{} 発展型提案（合成）".format(region.name_ja),
        applicant_ja="{}（合成）".format(region.main_prefecture.name_ja),
        core_institution=region.core_institution,
        main_prefecture=region.main_prefecture,
        requested_amount_yen=2 * YEN_PER_OKU,
        is_synthetic=True,
    )
    return submit_proposal(proposal, None)


def _draft_selection(
    programme: Programme,
    committee: Committee,
    call: Call,
    proposals: Sequence[Proposal],
) -> None:
    if not proposals:
        return
    evaluation = create_evaluation(
        kind=EvaluationType.CONTINUATION,
        programme=programme,
        fiscal_year=2005,
        title_ja=CONTINUATION_TITLE,
        committee=committee,
        call=call,
        criteria=FINAL_CRITERIA,
        proposals=[p for p in proposals if p.status == ProposalStatus.SUBMITTED],
        actor=None,
        min_reviewers=3,
        summary_ja="採点前のデモ（合成）。事業担当官が採点を開始できます。",
        is_synthetic=True,
    )
    assign_reviewers(evaluation, None)
