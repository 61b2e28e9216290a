"""An inline SVG map of Japan's 47 prefectures, drawn from `japanmap`'s outlines
(vendored in `geo/outlines`).

The geometry (one outline per prefecture: the area holding its capital, with
Hokkaido and Okinawa moved closer as on most printed maps) is projected,
simplified and cached once per process. Callers pass, per prefecture, a
title, a link and a colour class; styling lives in CSS, so the SVG carries
no inline styles and passes a strict Content-Security-Policy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from geo.outlines import PREFECTURE_NAMES, pref_points

__all__ = [
    "MAP_BUCKETS",
    "MapBucket",
    "MapItem",
    "PrefectureShape",
    "bucket_class",
    "prefecture_shapes",
    "render_japan_map",
]

#: Width of the SVG coordinate system; the height follows from the outline.
VIEW_WIDTH = 1000.0
#: Points closer than this to the last kept one are dropped (about 2 km).
SIMPLIFY_TOLERANCE = 2.0
#: Longitude shrink at Japan's mean latitude (cos 35.7°), as japanmap uses.
_X_RATIO = 0.812
_MARGIN = 6.0


@dataclass(frozen=True)
class PrefectureShape:
    """The outline of one prefecture as an SVG path, keyed by JIS X 0401 code."""

    code: str
    name_ja: str
    path: str


@dataclass(frozen=True)
class MapItem:
    """What the caller shows for one prefecture: tooltip, link and colour class."""

    code: str
    title: str
    href: str
    css_class: str


@dataclass(frozen=True)
class MapBucket:
    """A colour bucket: values from ``low`` to ``high`` (None: no upper bound)."""

    css_class: str
    low: int
    high: int | None


MAP_BUCKETS: tuple[MapBucket, ...] = (
    MapBucket("map-b0", 0, 0),
    MapBucket("map-b1", 1, 1),
    MapBucket("map-b2", 2, 2),
    MapBucket("map-b3", 3, None),
)


def bucket_class(value: int, buckets: Sequence[MapBucket] = MAP_BUCKETS) -> str:
    """The CSS class of the bucket ``value`` falls into."""
    for bucket in buckets:
        if value >= bucket.low and (bucket.high is None or value <= bucket.high):
            return bucket.css_class
    return buckets[0].css_class


@cache
def prefecture_shapes() -> tuple[tuple[PrefectureShape, ...], float]:
    """All 47 outlines and the map height, computed once per process."""
    outlines = [[(x * _X_RATIO, -y) for x, y in points] for points in pref_points()]
    xs = [x for outline in outlines for x, _ in outline]
    ys = [y for outline in outlines for _, y in outline]
    scale = (VIEW_WIDTH - 2 * _MARGIN) / (max(xs) - min(xs))
    origin = (min(xs), min(ys))
    shapes = tuple(
        PrefectureShape(
            code=f"{number:02d}",
            name_ja=PREFECTURE_NAMES[number],
            path=_path(_simplify([_scaled(p, origin, scale) for p in outline])),
        )
        for number, outline in enumerate(outlines, start=1)
    )
    height = (max(ys) - min(ys)) * scale + 2 * _MARGIN
    return shapes, round(height, 1)


def _scaled(
    point: tuple[float, float], origin: tuple[float, float], scale: float
) -> tuple[float, float]:
    return (
        (point[0] - origin[0]) * scale + _MARGIN,
        (point[1] - origin[1]) * scale + _MARGIN,
    )


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop points within the tolerance of the last kept one (~20 % fewer)."""
    kept = [points[0]]
    for point in points[1:]:
        if math.dist(point, kept[-1]) >= SIMPLIFY_TOLERANCE:
            kept.append(point)
    return kept


def _path(points: list[tuple[float, float]]) -> str:
    # Whole units of a 1000-wide box are finer than any screen or print needs.
    coords = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
    return f"M{coords}Z"


def render_japan_map(
    items: Iterable[MapItem], *, label: str, css_class: str = "japan-map"
) -> SafeString:
    """The map as inline SVG: one linked, titled <path> per prefecture."""
    shapes, height = prefecture_shapes()
    by_code = {item.code: item for item in items}
    paths = format_html_join(
        "\n", "{}", ((_shape_html(shape, by_code.get(shape.code)),) for shape in shapes)
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="{}" '
        'role="img" aria-label="{}"><title>{}</title>\n{}\n</svg>',
        int(VIEW_WIDTH),
        height,
        css_class,
        label,
        label,
        paths,
    )


def _shape_html(shape: PrefectureShape, item: MapItem | None) -> SafeString:
    if item is None:
        return format_html(
            '<path data-code="{}" class="pref" d="{}"><title>{}</title></path>',
            shape.code,
            shape.path,
            shape.name_ja,
        )
    return format_html(
        '<a href="{}" aria-label="{}"><path data-code="{}" class="pref {}" d="{}">'
        "<title>{}</title></path></a>",
        item.href,
        item.title,
        shape.code,
        item.css_class,
        shape.path,
        item.title,
    )
