"""The estimate as terminal text: overall ATT, cohorts, event times, TWFE.

Kept apart from the command so the evidence page's plain-text download (if
any) and the CLI print the same lines.
"""

from __future__ import annotations

from typing import Any

from lib.texttable import render_table

__all__ = ["estimate_table"]

CONTROL_LABELS = {
    "never": "未処置群（never treated）",
    "notyet": "未処置・処置前群（not yet treated）",
}


def _f(value: float | None) -> str:
    return "—" if value is None else "{:.4f}".format(value)


def _interval(row: dict[str, Any]) -> str:
    return "[{}, {}]".format(_f(row["lower"]), _f(row["upper"]))


def _band(row: dict[str, Any]) -> str:
    return "[{}, {}]".format(_f(row["band_lower"]), _f(row["band_upper"]))


def _summary(payload: dict[str, Any]) -> list[str]:
    overall, naive, pre = payload["overall"], payload["twfe"], payload["pretest"]
    cells = payload["pretest_cells"]
    return [
        "対照群: {}　単位数: {}".format(
            CONTROL_LABELS[payload["control"]], payload["n_units"]
        ),
        "全体ATT（コホート加重）: {}  標準誤差 {}  95%区間 {}".format(
            _f(overall["att"]), _f(overall["se"]), _interval(overall)
        ),
        "二方向固定効果（TWFE、比較用）: {}  標準誤差 {}  95%区間 {}".format(
            _f(naive["att"]), _f(naive["se"]), _interval(naive)
        ),
        "事前トレンド検定（経過年別 Wald）: 統計量 {}  自由度 {}  p値 {}  "
        "処置前の同時信頼帯が全て0を含む: {}".format(
            _f(pre["statistic"]),
            pre["df"],
            _f(pre["p_value"]),
            "はい" if pre.get("bands_cover_zero") else "いいえ",
        ),
        "（参考: セル別 Wald 統計量 {}  自由度 {}  p値 {}。"
        "小標本では過大に棄却しがち）".format(
            _f(cells["statistic"]), cells["df"], _f(cells["p_value"])
        ),
    ]


def estimate_table(payload: dict[str, Any]) -> str:
    """Every figure of ``Estimate.as_dict()`` as aligned text."""
    right = [True] * 5
    headers = ["ATT", "標準誤差", "95%区間", "同時信頼帯"]
    cohorts = render_table(
        ["コホート", *headers],
        [
            [str(r["cohort"]), _f(r["att"]), _f(r["se"]), _interval(r), _band(r)]
            for r in payload["cohorts"]
        ],
        right,
        title="コホート別",
    )
    events = render_table(
        ["経過年", *headers],
        [
            [str(r["event_time"]), _f(r["att"]), _f(r["se"]), _interval(r), _band(r)]
            for r in payload["event_time"]
        ],
        right,
        title="経過年別（イベントスタディ）",
        footer="同時信頼帯: 乗数ブートストラップ {} 回、シード {}、臨界値 {}".format(
            payload["bootstrap"]["draws"],
            payload["bootstrap"]["seed"],
            _f(payload["bootstrap"]["critical_value"]),
        ),
    )
    notes = ["注: " + note for note in payload["notes"]]
    return "\n".join([*_summary(payload), "", cohorts, "", events, *notes]) + "\n"
