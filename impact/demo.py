"""The demo's comparison panel: a synthetic (合成) outcome for the 47 prefectures.

No real prefecture series ships with Chiiki, so the demo plants a known effect
and lets the evidence page show the estimator finding it:

* outcome ``patent_applications``, FY1996–FY2004, one value per prefecture;
* each prefecture is treated from the fiscal year its first region started
  (the registry), the others never;
* ``value = 100 + α_pref + λ_FY + 15·treated + ε`` with ``α ~ N(0, 40²)``,
  a common trend ``λ``, noise ``ε ~ N(0, 8²)``, fixed seed 2005.

The planted effect is **+15 per prefecture and year** from the start year on;
an estimate far from it would mean the estimator is broken, not the programme.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np
from django.utils import timezone

from geo.models import Prefecture
from impact.models import ComparisonDataset
from impact.services import import_dataset, treatment_by_prefecture
from lib.did_synthetic import planted_rows

__all__ = ["DEMO_KEY", "PLANTED_EFFECT", "load_impact_demo"]

DEMO_KEY = "demo-patent-applications-prefecture"
PLANTED_EFFECT = 15.0
YEARS = range(1996, 2005)
SEED = 2005

PROVENANCE = (
    "合成データ（デモ用）。実在の統計ではありません。都道府県ごとの年度値を "
    "100 + 県効果 N(0, 40²) + 共通の年度効果 + 誤差 N(0, 8²) で生成し、"
    "地域の登録簿で最初の地域が始まった年度以降の県に +15（植え込んだ効果）を"
    "加えました（固定乱数シード 2005、lib/did_synthetic.py）。"
    "推定値がこの +15 を区間に含むことが推定手法の確認になります。"
)


def _rows() -> list[tuple[str, str, int, float]]:
    prefectures = list(
        Prefecture.objects.order_by("code").values_list("code", "name_ja")
    )
    treated = treatment_by_prefecture()
    codes = [code for code, _ in prefectures]
    names = dict(prefectures)
    panel = planted_rows(
        codes,
        list(YEARS),
        [treated.get(code, 0) for code in codes],
        effect=PLANTED_EFFECT,
        rng=np.random.default_rng(SEED),
        noise=8.0,
        level=100.0,
        spread=40.0,
    )
    return [(r.unit, names[r.unit], r.year, round(r.value, 1)) for r in panel]


def load_impact_demo() -> ComparisonDataset:
    """(Re)load the synthetic panel through the ordinary import; idempotent."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic_patent_applications.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["unit_code", "unit_name", "fiscal_year", "value"])
            writer.writerows(_rows())
        return import_dataset(
            path,
            key=DEMO_KEY,
            title="特許出願件数（都道府県別・合成）",
            outcome="patent_applications",
            source_url="",
            retrieved_on=timezone.localdate(),
            provenance=PROVENANCE,
            synthetic=True,
        )
