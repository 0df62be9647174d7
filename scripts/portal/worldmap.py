"""The projection of the portal's world map (``overrides/assets/images/world-map.svg``).

The map is an equirectangular (plate carree) projection of the whole longitude
range and of the latitudes LAT_BOTTOM..LAT_TOP (Antarctica is left out), drawn
into an SVG ``viewBox="0 0 VIEWBOX_WIDTH VIEWBOX_HEIGHT"``. One degree is the
same length on both axes: VIEWBOX_WIDTH / 360 units.

Use :func:`project` to place a marker on the map; ``scripts/tools/build_world_map.py``
uses it too, so the markers and the land outlines always agree.

No third-party imports: this module is safe to use from MkDocs hooks and tests.
"""

from __future__ import annotations

VIEWBOX_WIDTH: float = 1000.0
"""Width of the SVG viewBox: longitude -180 is x=0, longitude 180 is x=VIEWBOX_WIDTH."""

LAT_TOP: float = 84.0
"""Latitude of the top edge (y=0)."""

LAT_BOTTOM: float = -58.0
"""Latitude of the bottom edge (y=VIEWBOX_HEIGHT)."""

_UNITS_PER_DEGREE = VIEWBOX_WIDTH / 360.0

VIEWBOX_HEIGHT: float = round((LAT_TOP - LAT_BOTTOM) * _UNITS_PER_DEGREE, 1)
"""Height of the SVG viewBox, (LAT_TOP - LAT_BOTTOM) / 360 * VIEWBOX_WIDTH, to 1 decimal (394.4)."""


# A city's locator map: this many degrees of longitude around it (half as many of latitude, the
# map's own proportions), drawn from the same cached world outline as the big map.
LOCATOR_DEGREES: float = 60.0


def locator_box(lat: float, lon: float) -> tuple[float, float, float, float]:
    """The viewBox (x, y, width, height) of a locator map centred on a point, kept inside the map."""
    width = LOCATOR_DEGREES * _UNITS_PER_DEGREE
    height = width / 2
    x, y = project(lat, lon)
    left = min(max(x - width / 2, 0.0), VIEWBOX_WIDTH - width)
    top = min(max(y - height / 2, 0.0), VIEWBOX_HEIGHT - height)
    return round(left, 1) + 0.0, round(top, 1) + 0.0, round(width, 1), round(height, 1)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Return the SVG ``(x, y)`` of a point given in degrees, each rounded to 1 decimal.

    ``x = (lon + 180) / 360 * VIEWBOX_WIDTH`` and
    ``y = (LAT_TOP - lat) / 360 * VIEWBOX_WIDTH``, so north is up, x grows
    eastwards and y grows southwards (SVG's y axis points down).

    Note the argument order: latitude first, then longitude.
    Points outside the map (latitude above LAT_TOP or below LAT_BOTTOM) are
    not clamped: they give a y outside ``0..VIEWBOX_HEIGHT``.

    >>> project(0, 0)
    (500.0, 233.3)
    >>> project(35.69, 51.39)  # Tehran
    (642.7, 134.2)
    """
    x = (lon + 180.0) * _UNITS_PER_DEGREE
    y = (LAT_TOP - lat) * _UNITS_PER_DEGREE
    # "+ 0.0" turns a -0.0 into 0.0
    return round(x, 1) + 0.0, round(y, 1) + 0.0
