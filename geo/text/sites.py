"""Where an incident happened: the incident site of a short report (an ACLED note, a lead).

The rule (:func:`incident_site_from_mentions`), as an analyst coding the report would apply it:

1. **Candidates** are the report's place mentions (demonyms are actors, not places), without
   the very broad ones (continents, the Caucasus, a border line). When the record gives its
   country (ACLED ``country``/``iso``, UCDP ``country``), only places in that country are
   candidates: a neighbouring country or a town abroad named in passing ("refugees from
   Burkina Faso", "in response to an attack in Lamu, Kenya") is never the site. The one
   exception is a disputed region the project curates next to the record's country, when the
   report names no place of the country: "Stepanakert (Askeran, Nagorno-Karabakh)" in a note
   of Armenia is sited there; so is a crossing the project curates on the country's border
   ("shots at the Hakari bridge" in a note of Armenia).
2. **The finest level wins**: a town, village, district or checkpoint before a province or
   region, a province before a country. A country is the site only when the report names
   no finer place in it.
3. At the same level, the first in the text, except that a venue of talks or the seat of
   an actor that speaks ("the ministry in Yerevan said") comes after the others, and a
   place the text gives its units ("in Paletwa (Paletwa, Chin)", rule 4) before the others:
   that is how a report says where the event was ("Arakan Army fighters" name no site). (The
   geoparser's ``incident_site`` role is not preferred over ``context``: in a note of two
   lines every sentence has an incident word, and "The Tripoli Post reported" gets it too.)
4. **The hierarchy the text gives** (:mod:`geo.text._hierarchy`): a place named with the
   units holding it ("in Hlassame (Lalo, Couffo)", "Gurguzu village of Igabi LGA") is the
   site when the gazetteer knows it (the geoparser has resolved it inside them); when it
   does not, the incident falls back to the smallest named unit that is known (Lalo), with
   the precision saying so, and the site keeps the name as written ("Hlassame"). The units
   of a name, known or not, are not sites of their own: in "Hays district (Al Hudaydah)"
   the site is the district, not the city that names its governorate.

``geo_precision`` follows ACLED's codes: 1 the site is the place named (a town, a
village); 2 a district (second-level unit) or a corridor, a town the text calls a district
("Qarabagh district"), or a town or district standing for a place in it that the gazetteer
does not know; 3 a province, region or country.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Final

from geo.places.gazetteer import Gazetteer, Place, default_gazetteer
from geo.text._hierarchy import UNIT_CLASSES, Chain, abroad, chains_from_spans, unit_word_after
from geo.text.encodings import c1_as_cp1252
from geo.text.geoparse import Mention, mentions_from_text

__all__ = ["IncidentSite", "incident_site_from_mentions", "incident_site_from_text"]

#: Feature classes never an incident site: too broad, or not a place one is at.
_NOT_SITES: Final = frozenset({"continent", "macro_region", "border"})
#: Level of a feature class: the smallest level is the finest.
_LEVEL: Final[dict[str, int]] = {
    "populated_place": 0,
    "checkpoint": 0,
    "admin2": 1,
    "corridor": 1,
    "admin1": 2,
    "province": 2,
    "region": 2,
    "country": 3,
}
#: Roles of places where the incident did not happen: talks, the seat of a speaking actor.
_ELSEWHERE: Final = frozenset({"venue", "actor_seat"})
#: ACLED ``geo_precision`` of a site by feature class.
_PRECISION: Final[dict[str, int]] = {
    "populated_place": 1,
    "checkpoint": 1,
    "admin2": 2,
    "corridor": 2,
}


@dataclass(frozen=True, slots=True)
class IncidentSite:
    """The place an incident is put at, and why.

    Attributes
    ----------
    surface : str
        The name as the text writes it.
    start, end : int
        Its offsets in the text.
    place : Place
        The gazetteer place the incident is put at.
    geo_precision : int
        1 the place named (a town, a village); 2 a district or a corridor; 3 a province,
        a region or a country (ACLED's codes).
    mention : Mention
        The mention the site comes from.
    """

    surface: str
    start: int
    end: int
    place: Place
    geo_precision: int
    mention: Mention


def incident_site_from_mentions(
    text: str,
    mentions: Sequence[Mention],
    *,
    countries: Iterable[str] = (),
    gazetteer: Gazetteer | None = None,
) -> IncidentSite | None:
    """The incident site among a report's mentions, by the rule of the module docstring.

    Parameters
    ----------
    text : str
        The report (the mentions' offsets index it).
    mentions : sequence of Mention
        The report's mentions (:func:`geo.text.geoparse.mentions_from_text`).
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of the record's country; when given, only places in it are sites.
    gazetteer : Gazetteer, optional, keyword-only
        Tells a town that stands for the province named after it; defaults to the shared
        offline gazetteer.

    Returns
    -------
    IncidentSite or None
        ``None`` when no mention can be the site.
    """
    gaz = gazetteer or default_gazetteer()
    wanted = {c.upper() for c in countries if c}
    usable = sorted(
        (
            m
            for m in mentions
            if m.place is not None
            and m.role != "demonym"
            and m.place.feature_class not in _NOT_SITES
        ),
        key=lambda m: m.start,
    )
    inside = [m for m in usable if not wanted or (m.place and m.place.country in wanted)]
    read = c1_as_cp1252(text)  # the text as the geoparser read it (same offsets)
    chosen = _best_site(read, inside, gaz)
    if chosen is None and wanted:
        # no place of the record's country: one inside a disputed region the project curates
        # next to it ("Stepanakert (Askeran, Nagorno-Karabakh)" in a note of Armenia), or a
        # crossing it curates on its border (the Hakari bridge checkpoint); never a town
        # across an ordinary border ("an attack in Lamu, Kenya" in a note of Somalia)
        disputed = _disputed_regions(gaz)
        across = [
            m
            for m in usable
            if m.place is not None
            and m.place.country not in wanted
            and not abroad(m.place, wanted, gaz)
            and (
                m.place.feature_class == "checkpoint"
                or any(m.place == r or gaz.contains(r, m.place) for r in disputed)
            )
        ]
        chosen = _best_site(read, across, gaz)
    if chosen is not None and read != text:
        chosen = replace(chosen, surface=text[chosen.start : chosen.end])
    return chosen


@cache
def _disputed_regions(gaz: Gazetteer) -> tuple[Place, ...]:
    """The regions the project curates (``bm:`` ids: Nagorno-Karabakh), once per gazetteer."""
    return tuple(
        r for r in gaz.features if r.feature_class == "region" and r.place_id.startswith("bm:")
    )


def _best_site(text: str, places: list[Mention], gaz: Gazetteer) -> IncidentSite | None:
    """The site of rule 2 and 3 (module docstring) among ``places``, in text order."""
    best: tuple[int, int, int] | None = None
    chosen: IncidentSite | None = None
    for site, placed in _sites(text, places, gaz):
        rank = (
            _LEVEL.get(site.place.feature_class, 2),
            site.mention.role in _ELSEWHERE,
            not placed,
            site.start,
        )
        if best is None or rank < best:
            best, chosen = rank, site
    return chosen


def _sites(text: str, places: list[Mention], gaz: Gazetteer) -> list[tuple[IncidentSite, bool]]:
    """Every possible site: each place mention, or for a name the gazetteer does not know,
    the smallest known unit the text puts it in (then not a site of its own); each with
    whether the text places it in its units ("Paletwa (Paletwa, Chin)": a report's way of
    naming where the event was, before "Arakan Army fighters" of the same level)."""
    units = {k for k, m in enumerate(places) if m.place and m.place.feature_class in UNIT_CLASSES}
    chains = chains_from_spans(text, [(m.start, m.end) for m in places], units)
    fallbacks: list[IncidentSite] = []
    standing_in: set[int] = set()
    placed: set[int] = set()
    for chain in chains:
        if chain.head_index is not None:
            standing_in.update(chain.units)  # "Hays district (Al Hudaydah)": Hays, not the city
            placed.add(chain.head_index)
            continue
        start, end = chain.head
        unit = places[chain.units[0]]
        standing_in.update(chain.units)
        assert unit.place is not None
        precision = 2 if _LEVEL.get(unit.place.feature_class, 2) <= 1 else 3
        if precision == 2 and _stands_for_province(text, chain, unit, gaz):
            precision = 3
        fallbacks.append(IncidentSite(text[start:end], start, end, unit.place, precision, unit))
    direct = [
        (
            IncidentSite(
                m.surface, m.start, m.end, m.place, _direct_precision(text, m.place, m.end), m
            ),
            k in placed,
        )
        for k, m in enumerate(places)
        if k not in standing_in and m.place is not None
    ]
    return direct + [(site, True) for site in fallbacks]


def _stands_for_province(text: str, chain: Chain, unit: Mention, gaz: Gazetteer) -> bool:
    """True if the one known unit of a chain, last in the parentheses, reads as a town
    named like a province of its country: "Al Tanf (Al Tanf, Homs)" with only Homs known
    falls back to Homs, the capital standing for the governorate (``geo_precision`` 3, as
    ACLED codes a province's events at its capital), not for a district."""
    place = unit.place
    if (
        place is None
        or place.feature_class != "populated_place"
        or not chain.listed
        or len(chain.units) != 1
        or text[unit.end :].lstrip()[:1] != ")"
    ):
        return False
    found = gaz.lookup(unit.surface, within=place.country or "", limit=10)
    return any(_LEVEL.get(c.place.feature_class, 0) == 2 for c in found.candidates)


def _direct_precision(text: str, place: Place, end: int) -> int:
    """``geo_precision`` of a place the text names: by its feature class, but 2 for a town
    the text calls a district ("Qarabagh district": the town stands for its district)."""
    precision = _PRECISION.get(place.feature_class, 3)
    if precision == 1 and place.feature_class == "populated_place" and unit_word_after(text, end):
        return 2
    return precision


def incident_site_from_text(
    text: str, *, countries: Iterable[str] = (), gazetteer: Gazetteer | None = None
) -> IncidentSite | None:
    """Geoparse a short report and return its incident site.

    Parameters
    ----------
    text : str
        The report (an ACLED note, a news lead).
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of the record's country: context for the geoparser
        (:func:`geo.text.geoparse.mentions_from_text`) and the only country a site may lie in.
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer.

    Returns
    -------
    IncidentSite or None
        ``None`` when the report names no place that can be the site.

    Examples
    --------
    >>> from geo.text.sites import incident_site_from_text
    >>> site = incident_site_from_text("Azerbaijani forces shelled Sotk, Armenia.")
    >>> site.surface, site.place.place_id, site.geo_precision
    ('Sotk', 'geonames:616041', 1)
    """
    codes = [c.upper() for c in countries if c]
    mentions = mentions_from_text(text, gazetteer=gazetteer, demonyms=False, countries=codes)
    return incident_site_from_mentions(text, mentions, countries=codes, gazetteer=gazetteer)
