"""Tests for the world map projection (scripts/portal/worldmap.py) and the SVG it draws."""

from __future__ import annotations

import doctest
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from portal import worldmap  # noqa: E402
from portal.worldmap import (  # noqa: E402
    LAT_BOTTOM,
    LAT_TOP,
    VIEWBOX_HEIGHT,
    VIEWBOX_WIDTH,
    project,
)

SVG_FILE = REPO_ROOT / "overrides" / "assets" / "images" / "world-map.svg"
SVG_NS = "{http://www.w3.org/2000/svg}"

TEHRAN = (35.69, 51.39)


# --- projection -------------------------------------------------------------


def test_constants():
    assert VIEWBOX_WIDTH == 1000
    assert (LAT_TOP, LAT_BOTTOM) == (84, -58)
    assert VIEWBOX_HEIGHT == pytest.approx(394.4)


def test_origin_is_centre_column():
    x, y = project(0, 0)
    assert x == 500.0
    assert y == pytest.approx(84 / 360 * 1000, abs=0.05)  # 233.3


def test_longitude_edges():
    assert project(0, 180)[0] == 1000.0
    assert project(0, -180)[0] == 0.0
    assert project(10, 90)[0] == 750.0


def test_latitude_edges():
    assert project(LAT_TOP, 0)[1] == 0.0
    assert project(LAT_BOTTOM, 0)[1] == VIEWBOX_HEIGHT


def test_tehran_is_right_half_upper_half():
    x, y = project(*TEHRAN)
    assert VIEWBOX_WIDTH / 2 < x < VIEWBOX_WIDTH
    assert 0 < y < VIEWBOX_HEIGHT / 2
    assert (x, y) == (642.7, 134.2)


def test_argument_order_is_lat_then_lon():
    # Buenos Aires: west and south of (0, 0)
    x, y = project(-34.6, -58.38)
    assert x < 500 and y > project(0, 0)[1]
    # north is up: a more northern place has a smaller y
    assert project(60, 0)[1] < project(50, 0)[1]


def test_rounded_to_one_decimal():
    for lat, lon in [(12.3456, 78.9012), (-33.333, -70.777), TEHRAN]:
        for v in project(lat, lon):
            assert round(v, 1) == v
            assert isinstance(v, float)


def test_same_scale_on_both_axes():
    x0, y0 = project(0, 0)
    x1, y1 = project(10, 10)
    assert x1 - x0 == pytest.approx(y0 - y1, abs=0.1)


def test_doctests():
    failures, tried = doctest.testmod(worldmap)
    assert tried > 0 and failures == 0


# --- the SVG ----------------------------------------------------------------


@pytest.fixture(scope="module")
def svg_root():
    return ET.parse(SVG_FILE).getroot()


@pytest.fixture(scope="module")
def rings(svg_root):
    return parse_path(svg_root.find(f"{SVG_NS}path").get("d"))


def parse_path(d: str) -> list[list[tuple[float, float]]]:
    """Absolute rings from the path data (commands M, m, L, l, Z, z only)."""
    tokens = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    rings: list[list[tuple[float, float]]] = []
    cmd, cx, cy, sx, sy, i = None, 0.0, 0.0, 0.0, 0.0, 0
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            assert t in "MmLlZz", f"unexpected path command {t!r}"
            cmd = t
            i += 1
            if t in "Zz":
                cx, cy = sx, sy
            continue
        x, y = float(t), float(tokens[i + 1])
        i += 2
        if cmd in ("M", "m"):
            if cmd == "m":
                x, y = cx + x, cy + y
            cx, cy = sx, sy = x, y
            rings.append([(x, y)])
            cmd = "L" if cmd == "M" else "l"
        elif cmd == "l":
            cx, cy = cx + x, cy + y
            rings[-1].append((cx, cy))
        elif cmd == "L":
            cx, cy = x, y
            rings[-1].append((cx, cy))
        else:
            raise AssertionError(f"coordinates after {cmd!r}")
    return rings


def on_land(rings, x: float, y: float) -> bool:
    """Even-odd point-in-polygon over all rings (the path uses fill-rule evenodd)."""
    inside = False
    for ring in rings:
        for k, (x1, y1) in enumerate(ring):
            x0, y0 = ring[k - 1]
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def test_svg_is_standalone_and_accessible(svg_root):
    assert svg_root.tag == f"{SVG_NS}svg"
    assert svg_root.get("role") == "img"
    assert svg_root.get("aria-hidden") == "true"
    assert svg_root.get("width") is None and svg_root.get("height") is None


def test_viewbox_matches_module(svg_root):
    vb = [float(v) for v in svg_root.get("viewBox").split()]
    assert vb == [0.0, 0.0, VIEWBOX_WIDTH, VIEWBOX_HEIGHT]


def test_exactly_one_path_with_land_style(svg_root):
    paths = list(svg_root.iter(f"{SVG_NS}path"))
    assert len(paths) == 1
    assert len(list(svg_root)) == 1  # nothing but the path (the comment is not an element)
    p = paths[0]
    assert p.get("fill") == "#d9e2ec"
    assert p.get("stroke") == "#ffffff"
    assert float(p.get("stroke-width")) == 0.4


def test_source_and_licence_comment():
    text = SVG_FILE.read_text(encoding="utf-8")
    comment = re.search(r"<!--(.*?)-->", text, re.S)
    assert comment and "Natural Earth" in comment.group(1) and "public domain" in comment.group(1)


def test_file_is_small():
    assert SVG_FILE.stat().st_size < 60 * 1024


def test_no_cdn_or_external_reference():
    text = SVG_FILE.read_text(encoding="utf-8")
    assert "href" not in text and "<image" not in text


def test_path_fills_the_viewbox(rings):
    assert len(rings) > 100
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    assert min(xs) >= -0.01 and max(xs) <= VIEWBOX_WIDTH + 0.01
    assert min(ys) >= -0.01 and max(ys) <= VIEWBOX_HEIGHT + 0.01
    # land reaches both the antimeridian edges (Russia, Fiji)
    assert min(xs) < 1 and max(xs) > VIEWBOX_WIDTH - 1
    # northern Greenland (about 83.6N) near the top; Tierra del Fuego (about 55.9S) near the bottom
    assert min(ys) < project(82, 0)[1]
    assert project(-54, 0)[1] < max(ys) < project(-57, 0)[1]


@pytest.mark.parametrize(
    "name, lat, lon",
    [
        ("Tehran", *TEHRAN),
        ("Madrid", 40.42, -3.70),
        ("Brasilia", -15.79, -47.88),
        ("Alice Springs", -23.70, 133.88),
        ("Denver", 39.74, -104.99),
        ("Kinshasa", -4.44, 15.27),
        ("Ulaanbaatar", 47.92, 106.92),
    ],
)
def test_places_on_land(rings, name, lat, lon):
    assert on_land(rings, *project(lat, lon)), f"{name} should be on land"


@pytest.mark.parametrize(
    "name, lat, lon",
    [
        ("mid Atlantic", 0.0, -30.0),
        ("mid Pacific", 0.0, -140.0),
        ("Indian Ocean", -20.0, 75.0),
        ("Caspian Sea", 42.0, 50.5),
        ("Mediterranean", 35.0, 18.0),
    ],
)
def test_places_at_sea(rings, name, lat, lon):
    assert not on_land(rings, *project(lat, lon)), f"{name} should be water"
