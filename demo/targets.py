"""Policy goals 6-2 and 4-9, their eight targets, nine metrics and the benchmarks.

Target texts are the seed's, word for word, in the seed's order (the five
targets of this subsidy, then the "(関連)" block). Each metric is data in the
form targets/definitions.py accepts, so the KPI engine needs no code per target.
The benchmark figures are the seed's FY2002 comparison (効率性 (2)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from demo.budgets import SEED_SOURCE
from demo.records import upsert
from lib.money import YEN_PER_CHO, YEN_PER_OKU
from targets.choices import MetricKind, TargetRelation
from targets.models import BenchmarkInstitution, Metric, PolicyGoal, Target

__all__ = ["BENCHMARKS", "GOALS", "TARGETS", "MetricSpec", "TargetSpec", "load_targets"]

DEADLINE_FY = 2006

GOALS: tuple[tuple[str, str, str], ...] = (
    ("6-2", "地域における科学技術振興のための環境整備",
     "Building the environment for regional science and technology promotion"),
    ("4-9", "社会基盤等の重要分野の推進や急速に発展しうる領域への対応",
     "Promoting key fields such as social infrastructure and fast-growing areas"),
)  # fmt: skip


@dataclass(frozen=True)
class MetricSpec:
    key: str
    label_ja: str
    kind: str
    params: dict[str, Any]
    goal_value: int
    unit_ja: str


@dataclass(frozen=True)
class TargetSpec:
    goal: str
    code: str
    relation: str
    text_ja: str
    text_en: str
    metrics: tuple[MetricSpec, ...] = field(default=())
    baseline_text: str = ""


_PRIMARY = TargetRelation.PRIMARY
_RELATED = TargetRelation.RELATED

TARGETS: tuple[TargetSpec, ...] = (
    TargetSpec(
        "6-2", "6-2-1", _PRIMARY,
        "平成18年度までに、知的クラスターを10拠点程度育成する。",
        "By FY2006, foster about 10 knowledge clusters.",
        (MetricSpec("kc-regions", "知的クラスター創成事業の実施地域数",
                    MetricKind.COUNT,
                    {"entity": "region", "programme": "KC", "active": True},
                    10, "拠点"),),
    ),
    TargetSpec(
        "6-2", "6-2-2", _PRIMARY,
        "平成18年度までに、産学官連携の拠点となるエリアを各都道府県に1~2ヶ所程度育成する。",
        "By FY2006, foster one or two hub areas of industry-academia-government "
        "collaboration in every prefecture.",
        (MetricSpec("prefecture-coverage", "拠点となる地域がある都道府県の割合",
                    MetricKind.COVERAGE,
                    {"population": "prefectures", "condition": "has_active_region"},
                    100, "%"),),
    ),
    TargetSpec(
        "6-2", "6-2-4", _PRIMARY,
        "平成18年度までに、地域施策を通じた大学等の特許権の出願件数2,000件、"
        "事業化(商品化(試作品含む)、起業等)件数200件を達成する。",
        "By FY2006, reach 2,000 patent applications by universities etc. through "
        "regional schemes and 200 commercialisations (products incl. prototypes, "
        "startups etc.).",
        (MetricSpec("patent-applications", "特許出願件数（平成14年度からの累計）",
                    MetricKind.CUMULATIVE_SUM,
                    {"outcome": "patent_applications", "start_fy": 2002},
                    2000, "件"),
         MetricSpec("commercializations", "事業化件数（平成14年度からの累計）",
                    MetricKind.CUMULATIVE_SUM,
                    {"outcome": "commercializations", "start_fy": 2002},
                    200, "件")),
    ),
    TargetSpec(
        "6-2", "6-2-5", _PRIMARY,
        "知的クラスター創成事業の実施地域で産業クラスターとの合同成果発表会等を毎年開催"
        "するほか、関係府省との連携プロジェクトを実施する。",
        "Hold joint results presentations with the industrial clusters every year "
        "in every KC region, and run projects with other ministries.",
        (MetricSpec("joint-presentations", "合同成果発表会を開催した地域の割合（毎年）",
                    MetricKind.EVERY_YEAR,
                    {"outcome": "activities_joint_presentation", "start_fy": 2002,
                     "programme": "KC", "min_per_year": 1},
                    100, "%"),),
    ),
    TargetSpec(
        "6-2", "6-2-6", _PRIMARY,
        "平成18年度までに、知的クラスター創成事業や都市エリア事業における参加企業を"
        "増加させる。",
        "By FY2006, increase the companies taking part in KC and City Area projects.",
        (MetricSpec("companies-yoy", "参加企業数の前年度比増加",
                    MetricKind.YOY_INCREASE, {"outcome": "companies"}, 1, "件"),),
        "前年度",
    ),
    TargetSpec(
        "6-2", "6-2-3", _RELATED,
        "平成18年度までに、各事業を通じた大学等の産学官連携による研究開発を3割程度"
        "増加させる。",
        "By FY2006, increase collaborative R&D by universities etc. by about 30 %.",
        (MetricSpec("joint-research-growth", "産学官共同研究数の平成14年度比増加率",
                    MetricKind.GROWTH_VS_BASELINE,
                    {"outcome": "joint_research", "baseline_fy": 2002},
                    30, "%"),),
        "平成14年度実績",
    ),
    TargetSpec(
        "6-2", "6-2-7", _RELATED,
        "平成18年度までに、すべての都道府県、政令指定都市が独自の科学技術政策大綱や"
        "方針を策定するように促す。",
        "By FY2006, encourage every prefecture and designated city to adopt its own "
        "S&T policy outline.",
        (MetricSpec("policy-outlines",
                    "科学技術政策大綱等を策定した都道府県・政令市の割合",
                    MetricKind.COVERAGE,
                    {"population": "prefectures_and_designated_cities",
                     "condition": "has_policy_outline"},
                    100, "%"),),
    ),
    TargetSpec(
        "4-9", "4-9-追加", _RELATED,
        "都市エリア産学官連携促進事業において、安全・安心をテーマとしたプロジェクトを"
        "実施することで、各地域で求められる「安全・安心」の強化を図る。",
        "Strengthen regional safety and security through City Area projects on "
        "that theme.",
        (MetricSpec("safety-security-areas", "安全・安心をテーマとする都市エリア数",
                    MetricKind.COUNT,
                    {"entity": "region", "programme": "CA", "safety_security": True},
                    1, "件"),),
    ),
)  # fmt: skip

# (institution, FY, patent applications, budget in yen, budget is a lower bound)
BENCHMARKS: tuple[tuple[str, int, int, int, bool], ...] = (
    ("大学全体", 2002, 600, 1 * YEN_PER_CHO, True),
    ("理化学研究所", 2002, 264, 800 * YEN_PER_OKU, False),
    ("物質・材料研究機構", 2002, 282, 160 * YEN_PER_OKU, False),
)


def load_targets() -> None:
    goals = {
        code: upsert(PolicyGoal, {"code": code}, {"title_ja": title, "title_en": en})
        for code, title, en in GOALS
    }
    for order, spec in enumerate(TARGETS, start=1):
        target = _load_target(goals[spec.goal], spec, order)
        for metric in spec.metrics:
            _load_metric(target, metric)
    for name, fiscal_year, patents, budget_yen, lower_bound in BENCHMARKS:
        upsert(
            BenchmarkInstitution,
            {"name_ja": name, "fiscal_year": fiscal_year},
            {
                "patent_applications": patents,
                "budget_yen": budget_yen,
                "is_approximate": True,
                "budget_is_lower_bound": lower_bound,
                "source": SEED_SOURCE + " 効率性(2)",
            },
        )


def _load_target(goal: PolicyGoal, spec: TargetSpec, order: int) -> Target:
    return upsert(
        Target,
        {"code": spec.code},
        {
            "goal_id": goal.pk,
            "text_ja": spec.text_ja,
            "text_en": spec.text_en,
            "relation": spec.relation,
            "baseline_text": spec.baseline_text,
            "deadline_fy": DEADLINE_FY,
            "order": order,
        },
    )


def _load_metric(target: Target, spec: MetricSpec) -> None:
    """Store the definition, then validate it as an officer's form would.

    A bad definition raises, and the loader's transaction rolls everything back.
    """
    values = {
        "label_ja": spec.label_ja,
        "kind": spec.kind,
        "params": spec.params,
        "goal_value": Decimal(spec.goal_value),
        "unit_ja": spec.unit_ja,
    }
    metric = upsert(Metric, {"target": target, "key": spec.key}, values)
    metric.full_clean()
