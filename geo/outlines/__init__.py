"""Prefecture outlines and adjacency from `japanmap` 0.6.0's vendored data.

The package's data file is copied with its Apache-2.0 licence (see README.md
here); these readers follow the package's `get_data`, `pref_points` and
`adjacent` so the drawn map stays identical without opencv in the install.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

__all__ = ["PREFECTURE_NAMES", "adjacent_codes", "pref_points"]

_DATA = Path(__file__).with_name("japan.json")

#: Index = JIS prefecture number; index 0 is a placeholder, as in japanmap.
PREFECTURE_NAMES: tuple[str, ...] = tuple(
    (
        "_ 北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 "
        "群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 "
        "長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 "
        "和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 "
        "福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
    ).split()
)

Point = tuple[float, float]
#: Per prefecture: (neighbour's JIS number or 0 for the sea, boundary indices).
Outline = list[tuple[int, list[int]]]


@cache
def _raw() -> tuple[tuple[Point, ...], list[Outline]]:
    """Boundary points (each `[[x, y], tag]` in the file) and the outlines."""
    with _DATA.open("rb") as handle:
        points, outlines = json.load(handle)
    return tuple((entry[0][0], entry[0][1]) for entry in points), outlines


def _moved_points() -> list[Point]:
    """Boundary points with Hokkaido and Okinawa moved closer to Honshu, as
    japanmap's `get_data(move_hokkaido=True, move_okinawa=True)` does."""
    raw, outlines = _raw()
    points = list(raw)
    for index in outlines[0][0][1][:-1]:
        x, y = points[index]
        points[index] = (x - 10, y - 4.5)
    for index in outlines[46][0][1][:-1]:
        x, y = points[index]
        points[index] = (x + 4.5, y + 5)
    return points


def pref_points() -> list[list[Point]]:
    """One outline (list of (x, y) in degrees) per prefecture, JIS order."""
    points = _moved_points()
    _, outlines = _raw()
    return [
        [points[i] for _, indices in outline for i in indices] for outline in outlines
    ]


def adjacent_codes(number: int) -> list[int]:
    """JIS numbers of the prefectures sharing a land border with ``number``'s
    main area (the one holding its capital), as japanmap's `adjacent`."""
    if not 1 <= number <= 47:
        raise ValueError(f"prefecture number out of range: {number}")
    _, outlines = _raw()
    return sorted(code for code, _ in outlines[number - 1] if code)
