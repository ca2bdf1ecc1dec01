"""The static part of the gazetteer's ranking, computed once when the name index is built.

A candidate's score is a *static* part, which depends only on the name and the place, plus
*context* bonuses (countries, nearby places, areas named with it) added at lookup time by
:mod:`geo.places.gazetteer`. The static part is stored in the index next to each posting
(``post_base``), with flags (``post_flags``):

- :data:`PRIMARY`: the name is the place's preferred name;
- :data:`NAMED_AFTER_TOWN`: an admin1 region named after a town of that name inside it
  ("Laçın" the rayon; "Zaporizhzhia" the oblast GeoNames calls Zaporizhia), ranked below the
  town (its score times 0.7, context included);
- :data:`BARE_ALIAS`: a line or point feature reached by a bare alias ("Lachin" for the Lachin
  corridor) in a name without a feature word; its quality is 0.45 (already in ``post_base``).

Without context the whole ranking is static, so the index also stores each name's postings
best first with their confidence (``post_conf``): a lookup without context reads its answer.
Lookups with context put the postings back in row order and rank them with :func:`rank`,
the function that made the stored order.

Changing anything here changes what the index holds: bump ``geo.places._index.INDEX_FORMAT``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np

from geo.places.distance import distance_km
from geo.places.names import FEATURE_WORDS

if TYPE_CHECKING:
    from geo.places.place import Place

__all__ = [
    "BARE_ALIAS",
    "CLASS_PRIOR",
    "NAMED_AFTER_TOWN",
    "NAMED_AFTER_TOWNS",
    "PRIMARY",
    "TEMPERATURE",
    "city_priors",
    "feature_base",
    "has_feature_word",
    "named_after_town",
    "rank",
]

#: Feature-class prior: how likely a bare name means a feature of this class.
CLASS_PRIOR: Final[dict[str, float]] = {
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
#: Feature classes usually named after a town; their bare-name aliases rank below the town.
NAMED_AFTER_TOWNS: Final = frozenset({"corridor", "checkpoint", "border"})

#: Posting flags (bits of ``post_flags``).
PRIMARY: Final = 1
NAMED_AFTER_TOWN: Final = 2
BARE_ALIAS: Final = 4

#: Quality of a name that is not the preferred one.
ALIAS_QUALITY: Final = 0.9
#: Quality of a bare alias of a line or point feature (see :data:`BARE_ALIAS`).
BARE_ALIAS_QUALITY: Final = 0.45
#: Score factor of a region named after a town inside it (see :data:`NAMED_AFTER_TOWN`).
NAMED_AFTER_TOWN_FACTOR: Final = 0.7
#: Softmax temperature turning scores into a confidence.
TEMPERATURE: Final = 0.08


def has_feature_word(key: str) -> bool:
    """True if a normalised key holds a word naming a kind of feature.

    "Lachin corridor" is the corridor, not a bare alias of it (:data:`BARE_ALIAS`); the words
    are :data:`geo.places.names.FEATURE_WORDS`.
    """
    return not FEATURE_WORDS.isdisjoint(key.split())


def rank(rows: Sequence[int], scores: Sequence[float]) -> tuple[list[int], list[float]]:
    """Order of candidates, best first (equal scores: lower row first), and their confidences.

    The confidence is a softmax of the scores (temperature :data:`TEMPERATURE`), summed in
    the order given. Pass rows ascending, as the index build and lookups do: a stable sort
    by score then keeps equal scores in row order.
    """
    order = sorted(range(len(rows)), key=scores.__getitem__, reverse=True)
    top = scores[order[0]]
    exp = math.exp
    weights = [exp((s - top) / TEMPERATURE) for s in scores]
    total = sum(weights)
    return order, [w / total for w in weights]


def city_priors(population: np.ndarray, capital: np.ndarray) -> np.ndarray:
    """Prior of each populated place: class prior + population (log, full at 10 M) + capital."""
    pop = np.maximum(np.asarray(population, dtype=np.int64), 1)
    prior = CLASS_PRIOR["populated_place"] + 0.7 * np.minimum(1.0, np.log10(pop) / 7.0)
    return np.asarray(prior + 0.1 * np.asarray(capital, dtype=bool), dtype=np.float64)


def feature_base(feature_class: str, weight: float, flags: int) -> float:
    """Static score of a country or curated feature reached by a name with these flags.

    ``weight`` multiplies the class prior (a region with few GeoNames places ranks lower).
    """
    prior = CLASS_PRIOR.get(feature_class, 0.5) * weight
    if flags & PRIMARY:
        return prior * 1.0
    return prior * (BARE_ALIAS_QUALITY if flags & BARE_ALIAS else ALIAS_QUALITY)


def named_after_town(
    region: Place,
    towns: Iterable[int],
    *,
    country: Sequence[str],
    lon: np.ndarray,
    lat: np.ndarray,
    alias: bool = False,
) -> bool:
    """True if an admin1 region is named after one of ``towns`` (city indices) lying in it.

    A district named after the town it contains ("Laçın" the rayon) ranks below the town. Only
    small regions (under about 1.5° across): "New York" and "Minnesota" the states are not named
    after the towns of that name inside them. A town counts when it is in the region's country
    and within 30 km of the region's anchor or inside its polygon.

    ``alias``: the name is not the region's own but one the gazetteer gives it ("Zaporizhzhia"
    for GeoNames' Zaporizhia, "Kirkuk" for "Muhafazat Kirkuk"). A region of any size reached
    by such a name, that a town inside it bears, is named after the town: text naming it
    means the town first.
    """
    import shapely

    assert region.wkb is not None
    geom = shapely.from_wkb(region.wkb)
    minx, miny, maxx, maxy = geom.bounds
    if not alias and (maxx - minx > 1.5 or maxy - miny > 1.5):
        return False
    for i in towns:
        if country[i] != region.country:
            continue
        x, y = float(lon[i]), float(lat[i])
        if distance_km(x, y, region.lon, region.lat) < 30.0:
            return True
        if (alias or geom.geom_type == "Polygon") and shapely.contains_xy(geom, x, y):
            return True
    return False
