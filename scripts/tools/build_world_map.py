#!/usr/bin/env python3
"""Build ``overrides/assets/images/world-map.svg`` from Natural Earth country outlines.

The portal draws its world map from this static SVG: no tile server, no CDN.
The outlines are Natural Earth 1:110m countries (public domain) as TopoJSON,
from the npm package ``world-atlas`` (file ``countries-110m.json``).

Usage::

    cd /tmp && npm pack world-atlas && mkdir world-atlas && tar xzf world-atlas-*.tgz -C world-atlas
    .venv/bin/python scripts/tools/build_world_map.py /tmp/world-atlas/package/countries-110m.json

What it does (standard library only):

1. decodes the quantized TopoJSON arcs (delta-decoded, then scale/translate);
2. turns every country's (Multi)Polygon into rings, leaving Antarctica out;
3. projects each point with ``portal.worldmap.project`` (equirectangular,
   latitudes LAT_BOTTOM..LAT_TOP, 1-decimal coordinates), clips the rings to
   that latitude band, drops consecutive duplicate points and drops rings
   smaller than MIN_AREA square units;
4. writes one ``<path>`` holding all land (relative path commands, to keep
   the file small), with ``fill-rule="evenodd"`` so holes stay holes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from portal.worldmap import (  # noqa: E402
    LAT_BOTTOM,
    LAT_TOP,
    VIEWBOX_HEIGHT,
    VIEWBOX_WIDTH,
    project,
)

OUT_FILE = REPO_ROOT / "overrides" / "assets" / "images" / "world-map.svg"
MIN_AREA = 0.5  # square viewBox units; smaller rings are dropped
TOLERANCE = 0.2  # viewBox units; Douglas-Peucker tolerance applied to each arc
EXCLUDE = {"Antarctica"}  # by properties.name (ISO 3166 numeric id 010)
FILL, STROKE, STROKE_WIDTH = "#d9e2ec", "#ffffff", "0.4"

Ring = list[tuple[int, int]]  # points in tenths of a viewBox unit


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Return every arc as a list of (lon, lat), undoing quantization."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification of one arc (its end points are always kept).

    Arcs are simplified before they are stitched into rings, so a border shared
    by two countries stays one line. Distances are in viewBox units: the
    projection is linear, so degrees are converted with VIEWBOX_WIDTH / 360.
    Longitudes are unwrapped first, so an arc crossing the antimeridian is
    measured as the short line it is.
    """
    if tolerance <= 0 or len(points) < 3:
        return points
    unit = VIEWBOX_WIDTH / 360.0
    flat = [(lon * unit, lat * unit) for lon, lat in unwrap(points)]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = flat[i], flat[j]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, best_k = -1.0, -1
        for k in range(i + 1, j):
            px, py = flat[k]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dx * (ay - py) - dy * (ax - px)) / norm
            if d > best:
                best, best_k = d, k
        if best > tolerance:
            keep[best_k] = True
            stack += [(i, best_k), (best_k, j)]
    return [p for p, k in zip(points, keep) if k]


def ring_from_arcs(indexes: list[int], arcs) -> list[tuple[float, float]]:
    """Stitch a TopoJSON ring: index ~i means arc i reversed; arcs share end points."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts[1:] if ring else pts)
    return ring


def geometry_polygons(geom: dict) -> list[list[list[int]]]:
    if geom.get("type") == "Polygon":
        return [geom["arcs"]]
    if geom.get("type") == "MultiPolygon":
        return geom["arcs"]
    return []


def clip_box(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of a closed ring to x0 <= x <= x1, y0 <= y <= y1."""
    x0, y0, x1, y1 = box

    def cut(a, b, axis, value):
        t = (value - a[axis]) / (b[axis] - a[axis])
        p = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        return (value, p[1]) if axis == 0 else (p[0], value)

    for axis, value, keep_above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        if not ring:
            break

        def inside(p):
            return p[axis] >= value if keep_above else p[axis] <= value

        out = []
        for k, cur in enumerate(ring):
            prev = ring[k - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur, axis, value))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur, axis, value))
        ring = out
    return ring


def unwrap(lonlat: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous across the antimeridian (they may leave -180..180)."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for k, (lon, lat) in enumerate(lonlat):
        if k:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def project_ring(lonlat: list[tuple[float, float]]) -> list[Ring]:
    """Project a lon/lat ring into rings of integer tenths of viewBox units.

    A ring crossing the antimeridian is drawn twice, 360 degrees apart, and
    each copy is clipped to the map; so is any part outside LAT_BOTTOM..LAT_TOP.
    Consecutive duplicate points (after rounding) are dropped.
    """
    lonlat = unwrap(lonlat)
    lons = [lon for lon, _ in lonlat]
    shifts = [0.0]
    if max(lons) > 180:
        shifts.append(-360.0)
    if min(lons) < -180:
        shifts.append(360.0)
    rings: list[Ring] = []
    for shift in shifts:
        xy = [project(lat, lon + shift) for lon, lat in lonlat]
        xy = clip_box(xy, (0.0, 0.0, VIEWBOX_WIDTH, VIEWBOX_HEIGHT))
        ring: Ring = []
        for x, y in xy:
            p = (round(x * 10), round(y * 10))
            if not ring or p != ring[-1]:
                ring.append(p)
        while len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
        if ring:
            rings.append(ring)
    return rings


def area(ring: Ring) -> float:
    """Absolute shoelace area in square viewBox units."""
    s = 0
    for k, (x1, y1) in enumerate(ring):
        x0, y0 = ring[k - 1]
        s += x0 * y1 - x1 * y0
    return abs(s) / 200.0


def fmt(tenths: int) -> str:
    """Tenths as a short SVG number: 12 -> '1.2', -5 -> '-.5', 30 -> '3'."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{frac}"


def join_numbers(numbers: list[str]) -> str:
    """Join SVG numbers with the fewest separators.

    A number starting with '-' needs no separator, nor does one starting with
    '.' after a number that already holds a '.' ('1.2.5' reads as 1.2, .5).
    """
    out = []
    prev = ""
    for n in numbers:
        if prev and not (n.startswith("-") or (n.startswith(".") and "." in prev)):
            out.append(" ")
        out.append(n)
        prev = n
    return "".join(out)


def path_data(rings: list[Ring]) -> str:
    """Relative path data: 'M x y l ...z' for the first ring, then 'm dx dy ...z'.

    After 'z' the current point is back at the ring's first point, and the
    pairs that follow an 'm' are implicit relative line-tos.
    """
    parts = []
    cx = cy = 0  # current point
    for n, ring in enumerate(rings):
        x0, y0 = ring[0]
        start = [fmt(x0 - cx), fmt(y0 - cy)]
        cx, cy = x0, y0
        numbers = []
        for x, y in ring[1:]:
            numbers += [fmt(x - cx), fmt(y - cy)]
            cx, cy = x, y
        if n == 0:
            # pairs after an absolute 'M' would be absolute too: switch to 'l'
            parts.append("M" + join_numbers(start) + "l" + join_numbers(numbers) + "z")
        else:
            parts.append("m" + join_numbers(start + numbers) + "z")
        cx, cy = x0, y0
    return "".join(parts)


def build(topo: dict) -> tuple[str, dict]:
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topo)]
    obj = topo["objects"]["countries"]
    rings: list[Ring] = []
    stats = {"countries": 0, "rings": 0, "dropped_small": 0, "points": 0}
    for geom in obj["geometries"]:
        if (geom.get("properties") or {}).get("name") in EXCLUDE or str(geom.get("id")) == "010":
            continue
        stats["countries"] += 1
        for polygon in geometry_polygons(geom):
            for indexes in polygon:
                for ring in project_ring(ring_from_arcs(indexes, arcs)):
                    if len(ring) < 3 or area(ring) < MIN_AREA:
                        stats["dropped_small"] += 1
                        continue
                    rings.append(ring)
    stats["rings"] = len(rings)
    stats["points"] = sum(len(r) for r in rings)

    w = fmt(round(VIEWBOX_WIDTH * 10))
    h = fmt(round(VIEWBOX_HEIGHT * 10))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-hidden="true">\n'
        "<!-- World land outlines: Natural Earth 1:110m countries (public domain, naturalearthdata.com), "
        "via the npm package world-atlas (ISC licence, Mike Bostock). "
        f"Equirectangular projection, latitudes {LAT_TOP:g} to {LAT_BOTTOM:g}, Antarctica left out. "
        "Generated by scripts/tools/build_world_map.py; projection in scripts/portal/worldmap.py. -->\n"
        f'<path fill="{FILL}" fill-rule="evenodd" stroke="{STROKE}" stroke-width="{STROKE_WIDTH}" '
        f'stroke-linejoin="round" d="{path_data(rings)}"/>\n'
        "</svg>\n"
    )
    return svg, stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="path to world-atlas countries-110m.json")
    parser.add_argument("--out", type=Path, default=OUT_FILE, help=f"output SVG (default: {OUT_FILE})")
    args = parser.parse_args(argv)

    topo = json.loads(args.topojson.read_text(encoding="utf-8"))
    if topo.get("type") != "Topology" or "countries" not in topo.get("objects", {}):
        raise SystemExit(f"error: {args.topojson} is not a world-atlas countries TopoJSON")
    svg, stats = build(topo)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(svg, encoding="utf-8")
    print(
        f"{args.out}: {len(svg.encode())} bytes; {stats['countries']} countries, "
        f"{stats['rings']} rings, {stats['points']} points, {stats['dropped_small']} small rings dropped"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
