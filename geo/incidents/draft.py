"""Draft incident records from a news article, with the evidence beside every field.

An analyst who codes incidents from a story reads it sentence by sentence: *what happened*
(an exchange of fire, a checkpoint built), *when* (relative to the publication date), *who*
(Azerbaijani forces, Armenian positions), *where* (the Sotk region), *how many* were killed
or wounded, *with what*. :func:`incidents_from_article` does the same with rules, and keeps
the sentences every field was read from, so that review is a matter of reading the evidence,
not the whole story again. Every row is a draft (``review_status = "draft"``).

How a story becomes records
---------------------------
1. **Sentences** (:func:`geo.text.geoparse.sentences_from_text`); headlines and sub-heads (no
   closing punctuation) are skipped.
2. **Event cues** per sentence (:data:`EVENT_CUES`): an exchange of fire or a clash is
   *Battles / Armed clash*; shelling, artillery, mortars, rockets without a clash are
   *Explosions/Remote violence / Shelling/artillery/missile attack*; activists or protesters
   blocking a road, or a rally, are *Protests / Peaceful protest*; building a checkpoint or a
   base is *Strategic developments / Headquarters or base established*. No cue, no incident:
   talks, summits, wars of the past and statements draft nothing. A sentence whose only
   places are venues of talks ("comes just days before ... talks in Brussels") contributes no
   cue, and a noun cue with a definite article or a possessive ("after the fatal exchange of
   fire", "Thursday's flare-up") refers back to an incident already drafted.
3. **Grouping.** Sentences that describe the same incident are merged: same family of event
   (violence / protest / base), a compatible place (the same, or one of them unnamed) and a
   compatible date (overlapping, or one of them undated). Sentences without a cue that add a
   casualty figure, a weapon or a reaction ("denounced the move") attach to the incident
   drafted just before them (within :data:`SUPPORT_WINDOW` sentences); a casualty figure about
   wars ("killed in the two wars") does not.
4. **Fields** of each group:

   * dates: :mod:`geo.text.dates` on the cue sentences, the expression nearest the cue; dates after
     publication and dates that qualify a noun ("an accord from November 2020", "its invasion
     of Ukraine last year") are not event dates. No date: ``event_date`` empty and
     ``date_latest`` = publication date;
   * casualties: :mod:`geo.text.casualties`, the largest stated figure across the sentences;
   * actors: demonym mentions of the geoparser followed by an actor noun
     (:data:`ACTOR_NOUNS`: "Azerbaijani forces" -> *Military Forces of Azerbaijan*, "Armenian
     positions" -> *Military Forces of Armenia*, "Azerbaijani activists" -> *Protesters
     (Azerbaijan)*); for a base, the country that is the subject of the cue ("Azerbaijan said
     it had built a checkpoint" -> *Government of Azerbaijan*). The attacker (before the cue)
     is ``actor1``, a target ("at Armenian positions") ``actor2``;
   * location: the geoparser's ``incident_site`` mention of the cue sentence (else a place
     after "in/near/at/on"), else an anaphor ("on the corridor", "in the region") resolved to
     the most recent mention of that kind of feature; ``geo_precision`` 1 for "in X" (a town),
     2 for "near X" or "the X region", 3 for a corridor, region or province; ``country`` and
     ``admin1`` from the place;
   * ``weapons`` from :data:`WEAPONS`; ``evidence`` the sentences verbatim, in text order;
     ``notes`` say it is a machine draft and give, field by field, the words each value was
     read from.

A fact the text does not state is left empty (``source_scale``, coordinates, ``iso``...).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal

import pandas as pd

from geo.errors import DraftError
from geo.incidents.records import incidents_frame
from geo.places.gazetteer import Gazetteer, Place, default_gazetteer
from geo.places.names import PLACE_WORDS
from geo.text.articles import Article
from geo.text.casualties import Casualties, CasualtyCount, casualties_from_text, summarise
from geo.text.dates import DateMention, date_mentions
from geo.text.geoparse import Mention, mentions_from_text, sentences_from_text

__all__ = [
    "ACTOR_NOUNS",
    "DRAFT_NOTE",
    "EVENT_CUES",
    "SUPPORT_WINDOW",
    "WEAPONS",
    "Draft",
    "Site",
    "drafts_from_article",
    "incidents_from_article",
]

logger = logging.getLogger(__name__)

DRAFT_NOTE: Final = (
    "Machine draft (bordermap draft): read from the evidence by rules, not reviewed; "
    "check every field before use."
)
#: Two publication dates far apart: a date expression that means the same against both needs
#: none (see :func:`_stated_dates`).
_FAR_ANCHORS: Final[tuple[date, date]] = (date(1850, 1, 1), date(2150, 1, 1))
#: A cue-less sentence (a casualty figure, a weapon, a reaction) attaches to the incident
#: drafted at most this many sentences before it.
SUPPORT_WINDOW: Final = 3


@dataclass(frozen=True, slots=True)
class _EventKind:
    family: str
    event_type: str
    sub_event_type: str
    disorder_type: str
    rank: int  # lower wins when one incident has several cues


_KINDS: Final[dict[str, _EventKind]] = {
    "clash": _EventKind("violence", "Battles", "Armed clash", "Political violence", 0),
    "air": _EventKind(
        "violence", "Explosions/Remote violence", "Air/drone strike", "Political violence", 1
    ),
    "shelling": _EventKind(
        "violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Political violence",
        2,
    ),
    "mine": _EventKind(
        "violence",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "Political violence",
        3,
    ),
    "fire": _EventKind("violence", "Battles", "Armed clash", "Political violence", 4),
    "base": _EventKind(
        "base",
        "Strategic developments",
        "Headquarters or base established",
        "Strategic developments",
        5,
    ),
    "protest": _EventKind("protest", "Protests", "Peaceful protest", "Demonstrations", 6),
}

_I = re.IGNORECASE
#: Cue kind -> (pattern, True if the cue is a noun that a determiner can make a back-reference).
EVENT_CUES: Final[dict[str, tuple[re.Pattern[str], bool]]] = {
    "clash": (
        re.compile(
            r"\bexchanges?\s+of\s+(?:gun)?fire\b|\bexchanged\s+(?:gun)?fire\b|"
            r"\bclash(?:es|ed|ing)?\b|\bfire[- ]?fights?\b|\bgun[- ]?(?:fights?|battles?)\b|"
            r"\bskirmish(?:es|ed)?\b|\bflare-ups?\b|\bfighting\b(?!\s+(?:for|against)\b)",
            _I,
        ),
        True,
    ),
    "air": (
        re.compile(
            r"\bdrone\s+(?:strikes?|attacks?)\b|\bair\s*strikes?\b|"
            r"\bdrones?\s+(?:hit|struck|attacked|targeted)\b",
            _I,
        ),
        True,
    ),
    "shelling": (
        re.compile(
            r"\bshell(?:s|ed|ing)\b|\bartillery\b|\bmortars?\b|\brockets?\b|\bmissiles?\b|"
            r"\bbombard(?:ed|ing|ment)\b|\bhowitzers?\b",
            _I,
        ),
        True,
    ),
    "mine": (
        re.compile(
            r"\blandmines?\b|\bmine\s+(?:blast|explosion)s?\b|\bstepped\s+on\s+a\s+mine\b|"
            r"\bexplosive\s+devices?\b|\bIEDs?\b",
            _I,
        ),
        True,
    ),
    "fire": (
        re.compile(
            r"\bopened\s+fire\b|\b(?:came|comes|coming)\s+under\s+fire\b|\bincoming\s+fire\b|"
            r"\bshoot(?:ing|s)?\b|\bshot\s+at\b|\bfired\s+(?:on|at|upon|shots)\b|\bgunfire\b|"
            r"\bsniper\s+fire\b",
            _I,
        ),
        False,
    ),
    "base": (
        re.compile(
            r"\b(?:built|build(?:s|ing)?|set(?:s|ting)?\s+up|established|establish(?:es|ing)?|"
            r"install(?:ed|s|ing)?|erect(?:ed|s|ing)?|construct(?:ed|s|ing)?|opened)\s+"
            r"(?:(?:a|an|its|their|the|new|own|military|border|another|second)\s+){0,3}"
            r"(?:checkpoints?|check-points?|bases?|outposts?|border\s+posts?|posts?|"
            r"headquarters|barracks)\b",
            _I,
        ),
        False,
    ),
    "protest": (
        re.compile(
            r"\bprotest(?:s|ed|ing)?\b|\bdemonstrat(?:ion|ions|ed|ing)\b|\brall(?:y|ies|ied)\b|"
            r"\bsit-ins?\b|\bblock(?:ed|ing|s)?\b|\bblockad(?:e|es|ed|ing)\b",
            _I,
        ),
        True,
    ),
}
#: A protest cue counts only with people protesting (not "Armenia protested the move").
_PROTESTERS = re.compile(
    r"\b(?:eco-)?activists?\b|\bprotest[eo]rs?\b|\bdemonstrators?\b|\brall(?:y|ies)\b|\bsit-ins?\b",
    _I,
)
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|this|that|these|those|its|their)|[’']s)\s+(?:[\w-]+\s+){0,2}$", _I
)

#: Actor noun after a demonym (one word may come between: "Armenian border guards") ->
#: ACLED-style actor name (``{country}`` is the country the demonym names).
ACTOR_NOUNS: Final[tuple[tuple[str, str], ...]] = (
    (
        r"armed\s+forces|forces|troops|soldiers?|army|military|servicem[ae]n|units?|positions?|"
        r"border\s+guards?|snipers?|posts?",
        "Military Forces of {country}",
    ),
    (r"(?:eco-)?activists?|protest[eo]rs?|demonstrators?", "Protesters ({country})"),
    (r"police(?:men)?|police\s+officers?", "Police Forces of {country}"),
    (r"government|authorities|officials", "Government of {country}"),
)
_ACTOR_AFTER: Final = tuple(
    (re.compile(rf"\s+(?:[\w’'-]+\s+)?(?:{noun})\b", _I), template)
    for noun, template in ACTOR_NOUNS
)
_TARGET_BEFORE = re.compile(
    r"\b(?:at|on|against|targeting|toward|towards|into|upon)\s+(?:the\s+)?$", _I
)

#: Weapon words -> the name written in ``weapons``.
WEAPONS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"\bartillery\b", _I), "artillery"),
    (re.compile(r"\bmortars?\b", _I), "mortars"),
    (re.compile(r"\blarge[- ]calib(?:re|er)\s+weapons?\b", _I), "large-calibre weapons"),
    (re.compile(r"\bheavy\s+weapons\b", _I), "heavy weapons"),
    (re.compile(r"\bsmall[- ]arms\b", _I), "small arms"),
    (re.compile(r"\bmachine[- ]guns?\b", _I), "machine guns"),
    (re.compile(r"\bsnipers?\b", _I), "sniper rifles"),
    (re.compile(r"\bgrenade[- ]launchers?\b", _I), "grenade launchers"),
    (re.compile(r"\bgrenades?\b(?![- ]launcher)", _I), "grenades"),
    (re.compile(r"\bdrones?\b|\bUAVs?\b", _I), "drones"),
    (re.compile(r"\brockets?\b", _I), "rockets"),
    (re.compile(r"\bmissiles?\b", _I), "missiles"),
    (re.compile(r"\btanks?\b", _I), "tanks"),
    (re.compile(r"\blandmines?\b", _I), "landmines"),
)

_CLOSING: Final = "”\"’')»]"
_HEADLINE_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_VENUE_ROLES: Final = frozenset({"venue"})
_REACTION = re.compile(
    r"\b(?:the|this|that)\s+(?:move|step|decision|incident|attack|checkpoint|blockade|"
    r"shelling|clash(?:es)?|provocation|escalation|incursion|closure)\b",
    _I,
)
_WARS = re.compile(r"\bwars?\b", _I)
#: A date right after one of these nouns dates the noun, not the incident.
_DATED_NOUN = re.compile(
    r"\b(?:accord|agreement|deal|ceasefire|truce|treaty|wars?|invasion|talks|summit|meeting|"
    r"election|visit|statement)\b(?P<gap>[^,;.:]*)$",
    _I,
)
_VERBISH = re.compile(r"\b(?:is|was|were|are|had|has|have|been|\w+ed)\b", _I)
_SITE_CLASSES: Final = frozenset(
    {"populated_place", "corridor", "checkpoint", "region", "province", "admin1", "admin2"}
)
#: Nouns that refer back to a site named before ("on the corridor", "in the region"), and the
#: feature classes each may refer to: the words of geo.places.names.PLACE_WORDS naming a site.
_ANAPHOR_CLASSES: Final[dict[str, tuple[str, ...]]] = {
    word: tuple(c for c in p.classes if c in _SITE_CLASSES)
    for word, p in PLACE_WORDS.items()
    if _SITE_CLASSES.intersection(p.classes)
}
_ANAPHOR = re.compile(
    r"\b(?:on|in|at|near|along|across|to|of|inside|through)\s+the\s+"
    rf"(?P<noun>{'|'.join(_ANAPHOR_CLASSES)})\b",
    _I,
)
_POINT_CLASSES: Final = frozenset({"populated_place", "checkpoint"})
_NEAR_BEFORE = re.compile(
    r"\b(?:near|outside|around|close\s+to|next\s+to|not\s+far\s+from|"
    r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of|on\s+the\s+outskirts\s+of|"
    r"in\s+the\s+vicinity\s+of)\s+(?:the\s+)?(?:(?:village|town|city|settlement|community)\s+of\s+)?$",
    _I,
)
_AREA_AFTER = re.compile(
    r"^\s+(?:region|area|district|section|sector|direction|vicinity|outskirts|municipality|"
    r"community)\b",
    _I,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|near|at|on|outside|around|along|across|inside|blocked|of)\s+(?:the\s+)?$", _I
)


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str
    phrase: str
    start: int
    reference: bool


@dataclass(frozen=True, slots=True)
class Site:
    """Where a drafted incident happened.

    Attributes
    ----------
    place : Place
        The gazetteer place.
    phrase : str
        The words naming it ("in the Sotk region", "on the corridor"), verbatim.
    geo_precision : int
        ACLED geo_precision (1 the town, 2 near it or its area, 3 a region or a corridor).
    resolved_from : str
        How an anaphor was resolved ("on the corridor" -> the Lachin corridor named before);
        empty when the sentence names the place.
    """

    place: Place
    phrase: str
    geo_precision: int
    resolved_from: str = ""


@dataclass(frozen=True, slots=True)
class _Actor:
    name: str
    phrase: str
    target: bool


@dataclass
class _Sentence:
    index: int
    start: int  # offset of text in the article
    text: str
    mentions: list[Mention]
    cues: list[_Cue] = field(default_factory=list)
    casualties: Casualties = field(default_factory=Casualties)
    weapons: list[tuple[str, str]] = field(default_factory=list)
    actors: list[_Actor] = field(default_factory=list)
    site: Site | None = None
    dates: list[DateMention] = field(default_factory=list)


@dataclass
class Draft:
    """One drafted incident, before it becomes a row.

    Attributes
    ----------
    kind : str
        The winning cue kind (a key of :data:`EVENT_CUES`).
    sentences : list of int
        Indexes (:func:`geo.text.geoparse.sentences_from_text`) of the evidence sentences.
    evidence : list of str
        Those sentences, verbatim.
    date : DateMention or None
        The date expression the dates come from.
    site : Site or None
        The place, the words naming it and its geo_precision; ``None`` when the text names
        none (such a draft becomes no row).
    actors : list of str
        ``actor1``, ``actor2`` (at most two, in that order).
    casualties : Casualties
        Figures with the phrases they were read from.
    weapons : list of str
        In order of first mention.
    provenance : dict of str to list of str
        Field -> the words (verbatim) its value was read from.
    notes : list of str
        What was left empty or assumed, and why.
    """

    kind: str
    sentences: list[int] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    date: DateMention | None = None
    site: Site | None = None
    actors: list[str] = field(default_factory=list)
    casualties: Casualties = field(default_factory=Casualties)
    weapons: list[str] = field(default_factory=list)
    provenance: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _all: list[_Sentence] = field(default_factory=list, repr=False)
    _kinds: list[_Cue] = field(default_factory=list, repr=False)

    @property
    def event_kind(self) -> _EventKind:
        """Event type, sub-event type and disorder type of the draft."""
        return _KINDS[self.kind]

    @property
    def family(self) -> str:
        """``violence``, ``protest`` or ``base``: drafts merge only within a family."""
        return _KINDS[self.kind].family

    def _cite(self, column: str, phrase: str) -> None:
        phrase = " ".join(phrase.split())
        cited = self.provenance.setdefault(column, [])
        if phrase and phrase not in cited:
            cited.append(phrase)


# --- per sentence ---------------------------------------------------------------------------


def _cues(sentence: _Sentence) -> list[_Cue]:
    text = sentence.text
    if any(m.role in _VENUE_ROLES for m in sentence.mentions) and not any(
        m.role == "incident_site" for m in sentence.mentions
    ):
        return []  # a sentence about talks: "flare-up ... comes days before talks in Brussels"
    found: list[_Cue] = []
    for kind, (pattern, noun) in EVENT_CUES.items():
        if kind == "protest" and not _PROTESTERS.search(text):
            continue
        for match in pattern.finditer(text):
            # A noun after a determiner refers back ("the fatal exchange of fire"); a verb
            # ("activists blocked", "clashed", "shelled") never does.
            reference = (
                noun
                and not match.group(0).lower().endswith("ed")
                and _DETERMINER_BEFORE.search(text[: match.start()]) is not None
            )
            found.append(_Cue(kind, match.group(0), match.start(), reference))
    return sorted(found, key=lambda c: c.start)


def _weapons(text: str) -> list[tuple[str, str]]:
    found = [
        (m.start(), name, m.group(0)) for pattern, name in WEAPONS for m in pattern.finditer(text)
    ]
    return [(name, phrase) for _, name, phrase in sorted(found)]


def _actors(sentence: _Sentence, text: str) -> list[_Actor]:
    """Demonym + actor noun ("Azerbaijani forces", "at Armenian positions")."""
    actors: list[_Actor] = []
    for m in sentence.mentions:
        if m.role != "demonym" or m.place is None:
            continue
        after = text[m.end : m.end + 40]
        for pattern, template in _ACTOR_AFTER:
            noun = pattern.match(after)
            if noun is None:
                continue
            before = text[max(0, m.start - 30) : m.start]
            actors.append(
                _Actor(
                    template.format(country=m.place.name),
                    text[m.start : m.end + noun.end()],
                    target=_TARGET_BEFORE.search(before) is not None,
                )
            )
            break
    return actors


def _state_actor(sentence: _Sentence, cue: _Cue, gaz: Gazetteer) -> _Actor | None:
    """The country (or capital) nearest before a cue: "Azerbaijan said it had built ..."."""
    best: Mention | None = None
    for m in sentence.mentions:
        if m.place is None or m.start - sentence.start > cue.start:
            continue
        if m.role == "demonym":
            continue
        if m.place.feature_class == "country" or (
            m.place.feature_class == "populated_place" and m.place.capital
        ):
            best = m
    if best is None or best.place is None or not best.place.country:
        return None
    country = _country_name(gaz, best.place.country)
    if country is None:
        return None
    return _Actor(f"Government of {country}", best.surface, target=False)


def _country_name(gaz: Gazetteer, code: str | None) -> str | None:
    if not code:
        return None
    try:
        return gaz.get(f"country:{code}").name
    except KeyError:
        return None


def _site_of(
    sentence: _Sentence, text: str, s_start: int, mentions: list[Mention], cue: _Cue | None
) -> Site | None:
    """Where the sentence's incident happened: incident_site, a place after a preposition, an anaphor."""
    sites = [
        m
        for m in sentence.mentions
        if m.role == "incident_site" and m.place is not None and not _capital_as_subject(m, text)
    ]
    if not sites:
        sites = [
            m
            for m in sentence.mentions
            if m.place is not None
            and m.role == "context"
            and m.place.feature_class in _SITE_CLASSES
            and _PREPOSITION_BEFORE.search(text[max(0, m.start - 20) : m.start])
        ]
    if sites:
        at = s_start + (cue.start if cue else 0)
        m = min(sites, key=lambda m: abs(m.start - at))
        assert m.place is not None
        return _site_from_mention(m, text)
    if cue is None:
        return None
    for anaphor in _ANAPHOR.finditer(sentence.text):
        classes = _ANAPHOR_CLASSES[anaphor.group("noun").lower()]
        where = s_start + anaphor.start()
        earlier = [
            m
            for m in mentions
            if m.start < where
            and m.place is not None
            and m.role != "demonym"
            and m.place.feature_class in classes
        ]
        if earlier:
            antecedent = earlier[-1]
            assert antecedent.place is not None
            phrase = anaphor.group(0)
            return Site(
                antecedent.place,
                phrase,
                _geo_precision(antecedent.place, "", ""),
                resolved_from=f"“{phrase}” refers to “{antecedent.surface}” in “{antecedent.sentence}”",
            )
    return None


def _capital_as_subject(m: Mention, text: str) -> bool:
    """A capital named without a preposition stands for its government: "Baku denied ..."."""
    place = m.place
    if place is None or not (place.feature_class == "populated_place" and place.capital):
        return False
    return not _PREPOSITION_BEFORE.search(text[max(0, m.start - 20) : m.start])


def _geo_precision(place: Place, before: str, after: str) -> int:
    if place.feature_class not in _POINT_CLASSES:
        return 3
    if _NEAR_BEFORE.search(before) or _AREA_AFTER.match(after):
        return 2
    return 1


def _site_from_mention(m: Mention, text: str) -> Site:
    assert m.place is not None
    before = text[max(0, m.start - 40) : m.start]
    after = text[m.end : m.end + 30]
    start, end = m.start, m.end
    prep = re.search(
        r"\b(?:in|near|at|on|outside|around|along|close\s+to|next\s+to|of|blocked|blocking)\s+"
        r"(?:the\s+)?(?:(?:village|town|city|settlement|community)\s+of\s+)?$",
        before,
        _I,
    )
    if prep:
        start = m.start - (len(before) - prep.start())
    area = _AREA_AFTER.match(after)
    if area:
        end = m.end + area.end()
    return Site(m.place, text[start:end], _geo_precision(m.place, before, after))


def _stated_dates(text: str) -> list[DateMention]:
    """Date expressions whose meaning needs no publication date ("11 May 2023", "in 2020").

    Each expression is resolved against two publication dates three centuries apart; those
    that mean the same against both stand on their own ("on Thursday" does not).
    """
    early, late = (date_mentions(text, anchor) for anchor in _FAR_ANCHORS)
    same = {(m.start, m.earliest, m.latest) for m in late}
    return [
        dataclasses.replace(m, future=False)
        for m in early
        if (m.start, m.earliest, m.latest) in same
    ]


def _event_dates(sentence: _Sentence, published: date | None) -> list[DateMention]:
    """Date expressions of a sentence that can date an incident reported on ``published``.

    ``published`` unknown (``None``): only the dates the sentence states in full.
    """
    out = []
    found = (
        _stated_dates(sentence.text)
        if published is None
        else date_mentions(sentence.text, published)
    )
    for d in found:
        if d.future:
            logger.debug("not an event date (after publication): %r", d.phrase)
            continue
        dated = _DATED_NOUN.search(sentence.text[max(0, d.start - 40) : d.start])
        if dated and not _VERBISH.search(dated.group("gap")):
            logger.debug("not an event date (dates a noun): %r", dated.group(0) + d.phrase)
            continue
        out.append(d)
    return out


def _analyse(
    text: str, published: date | None, mentions: list[Mention], title: str
) -> list[_Sentence]:
    out: list[_Sentence] = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    for index, (a, b) in enumerate(sentences_from_text(text)):
        while b < len(text) and text[b] in _CLOSING:
            b += 1  # the splitter leaves a closing quote out: 'pretext.”'
        raw = text[a:b]
        stripped = raw.strip()
        if not _HEADLINE_END.search(stripped) or (title and stripped == title.strip()):
            continue  # headline or sub-head
        lead = len(raw) - len(raw.lstrip())
        s_start = a + lead
        s = _Sentence(index, s_start, stripped, by_sentence.get(index, []))
        s.cues = _cues(s)
        s.casualties = casualties_from_text(stripped)
        s.weapons = _weapons(stripped)
        s.actors = _actors(s, text)
        first = next((c for c in s.cues if not c.reference), None)
        s.site = _site_of(s, text, s_start, mentions, first)
        s.dates = _event_dates(s, published)
        out.append(s)
    return out


# --- grouping -------------------------------------------------------------------------------


def _overlap(a: DateMention | None, b: DateMention | None) -> bool:
    return a is None or b is None or (a.earliest <= b.latest and b.earliest <= a.latest)


def _nearest_date(s: _Sentence, cue: _Cue) -> DateMention | None:
    if not s.dates:
        return None
    return min(s.dates, key=lambda d: abs(d.start - cue.start))


def _support_kind(s: _Sentence) -> set[str]:
    kinds: set[str] = set()
    if s.casualties.counts and not _WARS.search(s.text):
        kinds.add("casualties")
    if s.weapons:
        kinds.add("weapons")
    if _REACTION.search(s.text):
        kinds.add("reaction")
    return kinds


def _group(sentences: list[_Sentence], gaz: Gazetteer) -> list[Draft]:
    drafts: list[Draft] = []
    for s in sentences:
        fresh = [c for c in s.cues if not c.reference]
        if fresh:
            cue = min(fresh, key=lambda c: (_KINDS[c.kind].rank, c.start))
            family = _KINDS[cue.kind].family
            when = _nearest_date(s, cue)
            target = None
            for d in reversed(drafts):
                same_place = (
                    d.site is None
                    or s.site is None
                    or d.site.place.place_id == s.site.place.place_id
                )
                if d.family == family and same_place and _overlap(d.date, when):
                    target = d
                    break
            if target is None:
                target = Draft(kind=cue.kind)
                drafts.append(target)
                logger.info("sentence %d: new %s incident (%r)", s.index, cue.kind, cue.phrase)
            else:
                logger.info(
                    "sentence %d: same incident as sentence %d", s.index, target.sentences[0]
                )
            _add_cue_sentence(target, s, fresh, when, gaz)
            continue
        referenced = {c.kind for c in s.cues}
        support = _support_kind(s)
        if not support:
            if referenced:
                logger.debug("sentence %d refers back to an incident; nothing new", s.index)
            continue
        for d in reversed(drafts):
            if s.index - d.sentences[-1] > SUPPORT_WINDOW:
                break
            fits = "reaction" in support or (d.family == "violence" and support - {"reaction"})
            if fits:
                logger.info(
                    "sentence %d adds %s to the incident of sentence %d",
                    s.index,
                    sorted(support),
                    d.sentences[0],
                )
                _add_support_sentence(d, s)
                break
    return drafts


def _add_cue_sentence(
    d: Draft, s: _Sentence, cues: list[_Cue], when: DateMention | None, gaz: Gazetteer
) -> None:
    d._all.append(s)
    d.sentences.append(s.index)
    d._kinds.extend(cues)
    best = min(d._kinds, key=lambda c: _KINDS[c.kind].rank)
    d.kind = best.kind
    if when is not None and (d.date is None or (when.precision or 9) < (d.date.precision or 9)):
        d.date = when
    if d.site is None and s.site is not None:
        d.site = s.site
    actors = list(s.actors)
    if d.family == "base" and not any(not a.target for a in actors):
        state = _state_actor(s, cues[0], gaz)
        if state is not None:
            actors.insert(0, state)
    _add_actors(d, actors)


def _add_support_sentence(d: Draft, s: _Sentence) -> None:
    d._all.append(s)
    d.sentences.append(s.index)
    if d.site is None and s.site is not None and any(m.role == "incident_site" for m in s.mentions):
        d.site = s.site
    _add_actors(d, s.actors)


def _add_actors(d: Draft, actors: list[_Actor]) -> None:
    if d.family == "protest":
        actors = [a for a in actors if a.name.startswith("Protesters")] or actors
    for actor in sorted(actors, key=lambda a: a.target):
        if actor.name in d.actors:
            d._cite("actor1" if d.actors.index(actor.name) == 0 else "actor2", actor.phrase)
            continue
        if len(d.actors) >= 2 or (d.family != "violence" and d.actors):
            continue
        d.actors.append(actor.name)
        d._cite("actor1" if len(d.actors) == 1 else "actor2", actor.phrase)


# --- from drafts to rows ----------------------------------------------------------------------


def _finish(d: Draft, published: date | None) -> None:
    """Fill casualties, weapons, evidence and provenance once all sentences are in."""
    d._all.sort(key=lambda s: s.index)
    d.sentences = [s.index for s in d._all]
    d.evidence = [s.text for s in d._all]
    kind = d.event_kind
    for cue in d._kinds:
        if cue.kind == d.kind:
            d._cite("event_type", cue.phrase)
    if d.family == "violence":
        counts: list[CasualtyCount] = [c for s in d._all for c in s.casualties.counts]
        d.casualties = summarise(counts)
        for c in counts:
            if c.value is not None and c.value == d.casualties.of(c.kind):
                d._cite(c.kind, c.phrase)
        d.notes.extend(d.casualties.notes)
        for s in d._all:
            for name, phrase in s.weapons:
                if name not in d.weapons:
                    d.weapons.append(name)
                d._cite("weapons", phrase)
    if d.date is not None:
        d._cite("event_date" if d.date.precision else "date_earliest", d.date.phrase)
    elif published is None:
        d.notes.append(
            f"the text states no full date for this {kind.sub_event_type.lower()} and its "
            "publication date is unknown: event_date and date_latest are empty"
        )
    else:
        d.notes.append(
            f"the text gives no date for this {kind.sub_event_type.lower()}: event_date is "
            f"empty; it happened by the publication date ({published.isoformat()}, date_latest)"
        )
    if d.site is not None:
        d._cite("location", d.site.phrase)
        if d.site.resolved_from:
            d.notes.append(f"location: {d.site.resolved_from}")


def _admin1(gaz: Gazetteer, place: Place) -> str | None:
    """The province a town lies in: a curated province, else the GeoNames admin1 region of its
    code, else the first admin1 outline or hull covering it."""
    if place.feature_class in ("province", "admin1"):
        return re.sub(r"\s+Province$", "", place.name)
    if place.feature_class not in _POINT_CLASSES or not place.country:
        return None
    point = place.geometry
    areas = [
        f
        for f in gaz.features
        if f.country == place.country and f.feature_class in ("province", "admin1")
    ]
    for f in areas:
        if f.feature_class == "province" and f.geometry.covers(point):
            return re.sub(r"\s+Province$", "", f.name)
    # the region of the town's admin1 code (Ituri for Bunia, not the 2016 Orientale that
    # holds Ituri's code too; a hull of towns may miss a town on its edge by its rounding),
    # else the first outline or hull that covers it
    region = gaz.region_of(place)
    if region is not None:
        return re.sub(r"\s+Province$", "", region.name)
    for f in areas:
        if f.feature_class == "admin1" and f.geometry.covers(point):
            return re.sub(r"\s+Province$", "", f.name)
    return None


def _row(
    d: Draft, n: int, article: Article, published: date | None, gaz: Gazetteer
) -> dict[str, Any] | None:
    kind = d.event_kind
    site = d.site
    if site is None:
        logger.warning(
            "%s: %s incident in sentence(s) %s names no place; not drafted",
            article.path,
            kind.sub_event_type,
            d.sentences,
        )
        return None
    country = _country_name(gaz, site.place.country)
    if country is None:
        logger.warning("%s: no country for %s; not drafted", article.path, site.place.name)
        return None
    actors = list(d.actors)
    if not actors:
        placeholder = (
            f"Protesters ({country})"
            if d.family == "protest"
            else f"Unidentified Armed Group ({country})"
        )
        actors = [placeholder]
        d.notes.append(f"actor1: the text names no actor; ACLED's placeholder {placeholder!r}")
    when = d.date
    event_date = when.event_date if when else None
    earliest = when.earliest if when else None
    latest = when.latest if when else published
    year = (
        event_date.year
        if event_date
        else (earliest.year if earliest and latest and earliest.year == latest.year else None)
    )
    provenance = "; ".join(
        f"{column} ← {', '.join(f'“{p}”' for p in phrases)}"
        for column, phrases in d.provenance.items()
        if phrases and any(phrases)
    )
    notes = " ".join(
        part
        for part in (
            DRAFT_NOTE,
            f"Read from: {provenance}." if provenance else "",
            " ".join(n[0].upper() + n[1:] + ("" if n.endswith(".") else ".") for n in d.notes),
        )
        if part
    )
    title = article.title or article.name
    return {
        "event_id_cnty": f"DRAFT-{article.path.stem}-{n}",
        "event_date": event_date,
        "year": year,
        "time_precision": when.precision if when and event_date else None,
        "disorder_type": kind.disorder_type,
        "event_type": kind.event_type,
        "sub_event_type": kind.sub_event_type,
        "actor1": actors[0],
        "actor2": actors[1] if len(actors) > 1 else None,
        "country": country,
        "admin1": _admin1(gaz, site.place),
        "location": site.place.name,
        "geo_precision": site.geo_precision,
        "source": f"{title} ({article.path}), "
        + (published.isoformat() if published else "publication date unknown"),
        "notes": notes,
        "fatalities": d.casualties.fatalities if d.family == "violence" else None,
        "injuries": d.casualties.injuries if d.family == "violence" else None,
        "weapons": "; ".join(d.weapons) or None,
        "date_earliest": earliest,
        "date_latest": latest,
        "evidence": " ".join(d.evidence),
        "review_status": "draft",
    }


def drafts_from_article(
    article: Article,
    *,
    gazetteer: Gazetteer | None = None,
    undated: Literal["raise", "draft"] = "raise",
    countries: Iterable[str] = (),
) -> list[Draft]:
    """Find the incidents an article reports, with the words behind every field.

    Parameters
    ----------
    article : Article
        The text and its publication date.
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer.
    undated : {"raise", "draft"}, keyword-only
        An article without a publication date: ``"raise"`` a :class:`DraftError`, or
        ``"draft"`` it with the dates it states in full only ("11 May 2023"; "on Thursday"
        cannot be resolved, and no date is bounded by a publication date).
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of the country the text reports on (a record's, or one the user
        gives): read as an ACLED note's record country (:func:`mentions_from_text`), its
        villages are kept where a text that names no country keeps only large towns.

    Returns
    -------
    list of Draft
        In order of first mention; drafts without a place are included (they are dropped
        only when rows are made).

    Raises
    ------
    DraftError
        The article has no publication date and ``undated="raise"``.
    """
    published = _published(article, undated)
    gaz = gazetteer or default_gazetteer()
    text = article.text
    if not text.strip():
        return []
    mentions = mentions_from_text(text, gazetteer=gaz, countries=countries)
    sentences = _analyse(text, published, mentions, article.title)
    drafts = _group(sentences, gaz)
    for d in drafts:
        _finish(d, published)
    return drafts


def _published(article: Article, undated: str) -> date | None:
    if article.published is None and undated != "draft":
        sidecar = article.path.with_suffix(".meta.json")
        where = f"no 'published' in {sidecar}" if sidecar.exists() else f"no sidecar {sidecar}"
        raise DraftError(
            f"{article.path}: no publication date ({where}); relative dates such as "
            "'on Thursday' cannot be resolved. Give one with --published YYYY-MM-DD."
        )
    return article.published


def incidents_from_article(
    article: Article,
    *,
    gazetteer: Gazetteer | None = None,
    undated: Literal["raise", "draft"] = "raise",
    countries: Iterable[str] = (),
) -> pd.DataFrame:
    """Draft the incident records an article supports, validated by the incident schema.

    Parameters
    ----------
    article : Article
        The text and its publication date (from the ``.meta.json`` sidecar, or set with
        ``dataclasses.replace(article, published=...)``).
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer.
    undated : {"raise", "draft"}, keyword-only
        An article without a publication date: see :func:`drafts_from_article`. Drafted,
        its rows have only the dates the text states in full; ``source`` says the
        publication date is unknown.
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of the country the text reports on (a record's, or one the user
        gives): read as an ACLED note's record country (:func:`mentions_from_text`), its
        villages are kept where a text that names no country keeps only large towns.

    Returns
    -------
    pandas.DataFrame
        One row per incident, columns and dtypes of :data:`geo.incidents.schema.INCIDENT_COLUMNS`,
        ``review_status`` "draft"; empty (with those columns) when the article reports none.

    Raises
    ------
    DraftError
        The article has no publication date and ``undated="raise"``.

    Examples
    --------
    >>> from geo.text.articles import article_from_path
    >>> frame = incidents_from_article(article_from_path("seeds/000_1ae35c016cd00801.txt"))
    >>> list(frame["sub_event_type"])  # doctest: +SKIP
    ['Armed clash', 'Peaceful protest', 'Headquarters or base established']
    """
    published = _published(article, undated)
    gaz = gazetteer or default_gazetteer()
    rows: list[dict[str, Any]] = []
    for d in drafts_from_article(article, gazetteer=gaz, undated=undated, countries=countries):
        row = _row(d, len(rows) + 1, article, published, gaz)
        if row is not None:
            rows.append(row)
    logger.info("%s: %d incident(s) drafted", article.path, len(rows))
    return incidents_frame(rows, source=str(article.path))
