"""The inline SVG map of Japan built from japanmap's outline data."""

from __future__ import annotations

import re

from geo.japan_map import (
    MAP_BUCKETS,
    MapItem,
    bucket_class,
    prefecture_shapes,
    render_japan_map,
)

ALL_CODES = [f"{n:02d}" for n in range(1, 48)]


def _items() -> list[MapItem]:
    return [
        MapItem(code, f"pref {code}", f"/regions/?prefecture={code}", "map-b0")
        for code in ALL_CODES
    ]


def test_it_has_one_shape_per_prefecture_coded_01_to_47() -> None:
    shapes, height = prefecture_shapes()

    assert [shape.code for shape in shapes] == ALL_CODES
    assert shapes[0].name_ja == "北海道"
    assert shapes[12].name_ja == "東京都"
    assert shapes[46].name_ja == "沖縄県"
    assert 500 < height < 2000


def test_it_draws_closed_paths_inside_the_view_box() -> None:
    shapes, height = prefecture_shapes()

    for shape in shapes:
        assert shape.path.startswith("M") and shape.path.endswith("Z")
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.path)]
        assert len(numbers) >= 6, shape.code
        xs, ys = numbers[0::2], numbers[1::2]
        assert 0 <= min(xs) and max(xs) <= 1000, shape.code
        assert 0 <= min(ys) and max(ys) <= height, shape.code


def test_it_caches_the_geometry() -> None:
    assert prefecture_shapes() is prefecture_shapes()


def test_it_renders_47_linked_titled_paths() -> None:
    svg = str(render_japan_map(_items(), label="地図"))

    codes = re.findall(r'<path data-code="(\d\d)"', svg)
    assert codes == ALL_CODES
    assert svg.count("<a href=") == 47
    assert svg.count("<title>") == 48
    assert '<a href="/regions/?prefecture=13" aria-label="pref 13">' in svg
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 ')
    assert 'role="img" aria-label="地図"' in svg
    assert "style" not in svg


def test_it_draws_prefectures_without_data_unlinked() -> None:
    svg = str(render_japan_map([MapItem("13", "東京都", "/x", "map-b2")], label="m"))

    assert svg.count("<path data-code=") == 47
    assert svg.count("<a href=") == 1
    assert '<path data-code="13" class="pref map-b2"' in svg
    assert '<path data-code="01" class="pref" d=' in svg


def test_it_escapes_titles_and_links() -> None:
    item = MapItem("01", '<script>"x"</script>', "/r/?a=1&b=2", "map-b1")

    svg = str(render_japan_map([item], label="<b>"))

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'href="/r/?a=1&amp;b=2"' in svg
    assert 'aria-label="&lt;b&gt;"' in svg


def test_it_puts_values_into_colour_buckets() -> None:
    assert [bucket_class(n) for n in (0, 1, 2, 3, 4, 12)] == [
        "map-b0",
        "map-b1",
        "map-b2",
        "map-b3",
        "map-b3",
        "map-b3",
    ]
    assert MAP_BUCKETS[-1].high is None
