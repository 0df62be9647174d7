"""Sister cities as GeoJSON (RFC 7946): a FeatureCollection that geojson.io and QGIS open as is.

Coordinates are [longitude, latitude] (RFC 7946 order, the reverse of the data's lat/lon), in
WGS 84 with no `crs` member. Properties are flat (no nested objects), because QGIS and most
GIS tools show only flat attributes as table columns.
"""
from __future__ import annotations

from .. import languages
from ..schema_paths import references, values_at
from .common import absolute, page_path
from .tables import dump_json


def citing_counts(data, target: str = "sister-cities") -> dict:
    """{collection: {record id: how many of its records name it}} for every collection whose schema
    refers to `target` (agreements and visits of each city), in the collections' order."""
    counts: dict = {}
    for name, records in data.records.items():
        paths = [path for path, refers_to in references(name).items() if refers_to == target]
        if not paths:
            continue
        tally = counts.setdefault(name, {})
        for record in records.values():
            for ref in {ref for path in paths for _location, ref in values_at(record.data, path)}:
                tally[ref] = tally.get(ref, 0) + 1
    return counts


def sister_cities_geojson(data, *, site_url: str, licence: dict) -> bytes:
    cities = data.records["sister-cities"]
    counts = citing_counts(data)
    features = []
    for city_id in sorted(cities):
        city = cities[city_id]
        name = city["name"]
        properties = {
            "id": city_id,
            **{f"name_{lang}": name.get(lang) for lang in languages.data_codes()},
            "country": city["country"],
            "relation": city["relation"],
            "status": city["status"],
            "signed_on": city["signed_on"].iso if city.get("signed_on") else None,
            "example": city.example,
            # How many agreements, visits... name the city (their pages list them).
            **{name: tally.get(city_id, 0) for name, tally in counts.items()},
        }
        for lang in languages.codes():
            properties[f"url_{lang}"] = absolute(site_url, page_path("sister-cities", city_id, lang))
        features.append({
            "type": "Feature",
            "id": city_id,
            "geometry": {"type": "Point",
                         "coordinates": [city["coordinates"]["lon"], city["coordinates"]["lat"]]},
            "properties": properties,
        })
    # A foreign member with the licence; readers that do not know it ignore it (RFC 7946, 6.1).
    return dump_json({"type": "FeatureCollection", "licence": licence, "features": features})
