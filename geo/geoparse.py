"""Find the places a news text names, resolve them with document context, and give each a role.

First cut (issue 2): dictionary-based recognition against the gazetteer with rules that keep
people, demonyms and sentence-initial common words out, one reading per name per document,
and rule-based roles. Measured against public corpora by ``bordermap eval`` (issue 4).

Pipeline: text -> sentences -> capitalised runs -> candidate spans -> gazetteer keys ->
document-level resolution (countries named in the text steer the rest; small places must lie
near another place of the story) -> mentions with role.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import geopandas as gpd
import pandas as pd

from geo._names import normalize
from geo.gazetteer import Gazetteer, Place, Resolution, _km, default_gazetteer
from geo.geocode import PLACE_COLUMNS, place_record

__all__ = ["ROLES", "Mention", "mentions_from_text", "places_from_text", "sentences_from_text"]

#: Roles, most specific first: a place named in several ways keeps the first that applies.
ROLES: Final[tuple[str, ...]] = ("incident_site", "venue", "actor_seat", "context")

_TOKEN = re.compile(r"[^\W_][\w\-.’']*", re.UNICODE)
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[“\"‘(]?[A-Z0-9])|\n\s*\n|\n")
_FEATURE_WORDS: Final = ("corridor", "region", "border", "bridge", "checkpoint", "province")
_STOP: Final = frozenset(
    normalize(w)
    for w in [
        "The",
        "A",
        "An",
        "It",
        "Its",
        "In",
        "On",
        "At",
        "Of",
        "For",
        "And",
        "But",
        "Or",
        "As",
        "By",
        "To",
        "From",
        "With",
        "Under",
        "After",
        "Before",
        "Since",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Their",
        "They",
        "He",
        "She",
        "We",
        "You",
        "I",
        "Our",
        "Your",
        "His",
        "Her",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Leave",
        "Reply",
        "Required",
        "Tens",
        "Decades",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Central",
        "President",
        "Minister",
        "Council",
        "Union",
        "Kremlin",
        "Ministry",
        "Army",
        "Forces",
        "Government",
    ]
)
_SMALL_PLACE: Final = 15_000
_NEAR_KM: Final = 300.0

_INCIDENT_WORDS = re.compile(
    r"\b(fire|firing|shoot\w*|shell\w*|artillery|mortar\w*|kill\w*|wound\w*|clash\w*|attack\w*|"
    r"strike\w*|block\w*|blockade\w*|checkpoint|violat\w*|fighting|flare-up|dead|injur\w*)\b",
    re.IGNORECASE,
)
_VENUE_WORDS = re.compile(
    r"\b(talks|summit|meeting|meet|host\w*|negotiat\w*|conference)\b", re.IGNORECASE
)
_SPEECH_WORDS = re.compile(
    r"\b(said|say|says|accused|accuse\w*|told|urged|urge\w*|denounced|statement\w*|claimed|"
    r"warned|spokes\w*|frustrated|blamed|put out)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place mention in a text.

    ``start``/``end`` are character offsets into the text (``text[start:end] == surface``).
    """

    surface: str
    start: int
    end: int
    sentence: str
    sentence_index: int
    key: str
    place: Place | None
    confidence: float
    role: str


def sentences_from_text(text: str) -> list[tuple[int, int]]:
    """Split a text into sentences; return ``(start, end)`` offsets of the non-blank ones."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    key: str
    sentence_index: int
    sentence_initial: bool
    strict: bool  # only countries / curated features may match (sub-span of a longer run)
    surface: str = ""


def _tokens(text: str, start: int, end: int) -> Iterator[tuple[int, int, str, bool]]:
    """Yield ``(start, end, word, possessive)`` for the words of one sentence."""
    for match in _TOKEN.finditer(text, start, end):
        word, a, b = match.group(0), match.start(), match.end()
        if word.endswith(".") and not _ABBREVIATION.match(word):
            word, b = word.rstrip("."), b - (len(word) - len(word.rstrip(".")))
        possessive = bool(_POSSESSIVE.search(word)) and len(word) > 2
        if possessive:
            stripped = _POSSESSIVE.sub("", word)
            b -= len(word) - len(stripped)
            word = stripped
        if word:
            yield a, b, word, possessive


def _candidate_spans(text: str, sentences: list[tuple[int, int]], gaz: Gazetteer) -> list[_Span]:
    spans: list[_Span] = []
    for s_index, (s_start, s_end) in enumerate(sentences):
        words = _split_hyphens(list(_tokens(text, s_start, s_end)), gaz)
        i = 0
        while i < len(words):
            if not words[i][2][0].isupper():
                i += 1
                continue
            while (
                normalize(words[i][2]) in _STOP
                and i + 1 < len(words)
                and words[i + 1][2][0].isupper()
                and not text[words[i][1] : words[i + 1][0]].strip()
            ):
                i += 1  # "The Caucasus", "In Moscow": a capitalised function word starts no name
            j = i
            while j + 1 < len(words) and words[j + 1][2][0].isupper() and not words[j][3]:
                if text[words[j][1] : words[j + 1][0]].strip():  # punctuation between words
                    break
                j += 1
            spans.extend(_match_run(text, words, i, j, s_index, gaz))
            i = j + 1
    return spans


def _split_hyphens(
    words: list[tuple[int, int, str, bool]], gaz: Gazetteer
) -> list[tuple[int, int, str, bool]]:
    """Split "Armenia-Azerbaijan" and "Russia-brokered" into words, unless the whole is a name."""
    out: list[tuple[int, int, str, bool]] = []
    for start, end, word, possessive in words:
        if "-" not in word or gaz.has_key(normalize(word)):
            out.append((start, end, word, possessive))
            continue
        offset = start
        parts = word.split("-")
        for k, part in enumerate(parts):
            if part:
                last = k == len(parts) - 1
                out.append((offset, offset + len(part), part, possessive and last))
            offset += len(part) + 1
    return out


def _match_run(
    text: str, words: list[tuple[int, int, str, bool]], i: int, j: int, s_index: int, gaz: Gazetteer
) -> list[_Span]:
    """Longest gazetteer matches inside the capitalised run ``words[i..j]``."""
    found: list[_Span] = []
    # "Lachin corridor", "Sotk region": the run plus one lowercase feature word.
    if j + 1 < len(words) and words[j + 1][2].lower() in _FEATURE_WORDS and not words[j][3]:
        key = normalize(text[words[i][0] : words[j + 1][1]])
        if gaz.has_key(key):
            surface = text[words[i][0] : words[j + 1][1]]
            return [_Span(words[i][0], words[j + 1][1], key, s_index, i == 0, False, surface)]
    n = j - i + 1
    taken = [False] * n
    for length in range(n, 0, -1):
        for a in range(0, n - length + 1):
            if any(taken[a : a + length]):
                continue
            first, last = words[i + a], words[i + a + length - 1]
            key = normalize(text[first[0] : last[1]])
            if not key or key in _STOP or not gaz.has_key(key):
                continue
            found.append(
                _Span(
                    first[0],
                    last[1],
                    key,
                    s_index,
                    i + a == 0,
                    length < n,
                    text[first[0] : last[1]],
                )
            )
            for k in range(a, a + length):
                taken[k] = True
    return found


def mentions_from_text(text: str, *, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Find and resolve the place mentions of a text.

    Parameters
    ----------
    text : str
        Plain text (UTF-8 decoded).
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer.

    Returns
    -------
    list of Mention
        In text order. Unresolved spans are not returned (a span is only proposed when the
        gazetteer knows its name).
    """
    gaz = gazetteer or default_gazetteer()
    sentences = sentences_from_text(text)
    spans = _candidate_spans(text, sentences, gaz)

    # Pass 1: countries named in the text are the context of everything else.
    context: set[str] = set()
    resolved: dict[str, Resolution] = {}
    for span in spans:
        res = gaz.lookup(text[span.start : span.end])
        if res.place is not None and res.place.feature_class == "country" and res.confidence >= 0.5:
            context.add(str(res.place.country))
    # Pass 2: one reading per name per document, with the country context.
    for key in dict.fromkeys(s.key for s in spans):
        resolved[key] = gaz.lookup(key, countries=context)
    anchors = [
        r.place.anchor
        for r in resolved.values()
        if r.place is not None
        and r.place.feature_class not in ("country", "border")
        and (r.place.feature_class != "populated_place" or r.place.population >= _SMALL_PLACE)
    ]
    mentions: list[Mention] = []
    for span in spans:
        res = resolved[span.key]
        place = res.place
        if place is None or not _accept(span, res, context, anchors, gaz):
            continue
        s_start, s_end = sentences[span.sentence_index]
        sentence = text[s_start:s_end].strip()
        mentions.append(
            Mention(
                surface=text[span.start : span.end],
                start=span.start,
                end=span.end,
                sentence=sentence,
                sentence_index=span.sentence_index,
                key=span.key,
                place=place,
                confidence=res.confidence,
                role=_role(place, sentence, text[span.start : span.end]),
            )
        )
    return mentions


def _accept(
    span: _Span,
    res: Resolution,
    context: set[str],
    anchors: list[tuple[float, float]],
    gaz: Gazetteer,
) -> bool:
    place = res.place
    assert place is not None
    if place.feature_class != "populated_place":
        return True
    if span.strict:
        return False  # part of a longer capitalised run: a person or an organisation
    surface = span.surface
    if surface.isupper() and len(surface) <= 4:
        return False  # "EU", "UN": acronyms name organisations far more often than towns
    big = place.population >= 100_000 or place.capital
    if big:
        return True
    if place.country not in context or span.sentence_initial:
        return False
    if place.population >= _SMALL_PLACE:
        return True
    lon, lat = place.anchor
    return any(0.0 < _km(lon, lat, alon, alat) < _NEAR_KM for alon, alat in anchors)


def _role(place: Place, sentence: str, surface: str) -> str:
    """Rule-based role of one mention in its sentence."""
    lowered = sentence.lower()
    at = lowered.find(surface.lower())
    before = lowered[max(0, at - 40) : at]
    after = lowered[at + len(surface) : at + len(surface) + 40]
    if place.feature_class == "populated_place" and place.capital:
        subject = re.match(r"^(\s+\w+){0,2}?\s+(" + _SPEECH_WORDS.pattern[3:-3] + r")\b", after)
        if subject or (re.search(r"\bin\s+$", before) and _SPEECH_WORDS.search(sentence)):
            return "actor_seat"
    if place.feature_class in ("populated_place", "corridor", "checkpoint", "region", "province"):
        if (
            place.feature_class != "region"
            and _INCIDENT_WORDS.search(sentence)
            and not _VENUE_WORDS.search(sentence)
        ):
            return "incident_site"
        if (
            place.feature_class != "region"
            and re.search(r"\b(blocked|on|at|near)\s+(the\s+)?$", before)
            and _INCIDENT_WORDS.search(sentence)
        ):
            return "incident_site"
    if _VENUE_WORDS.search(sentence) and re.search(r"\b(in|to|at)\s+(the\s+)?$", before):
        return "venue"
    return "context"


def places_from_text(text: str, *, gazetteer: Gazetteer | None = None) -> gpd.GeoDataFrame:
    """Return the places a text names, one row per place, as a GeoDataFrame (EPSG:4326).

    Columns: the place attributes of :data:`geo.geocode.PLACE_COLUMNS`, ``role`` (the most
    specific over its mentions, see :data:`ROLES`), ``mentions`` (count), ``surfaces``
    (distinct spellings, ``|``-separated), ``first_start``, ``sentence`` (the first sentence
    naming it in that role), ``confidence`` and ``geometry``.
    """
    mentions = mentions_from_text(text, gazetteer=gazetteer)
    by_place: dict[str, list[Mention]] = {}
    for m in mentions:
        assert m.place is not None
        by_place.setdefault(m.place.place_id, []).append(m)
    rows: list[dict[str, Any]] = []
    geoms = []
    for group in by_place.values():
        place = group[0].place
        assert place is not None
        role = min((m.role for m in group), key=ROLES.index)
        cited = next(m for m in group if m.role == role)
        record = place_record(place)
        record.update(
            {
                "role": role,
                "mentions": len(group),
                "surfaces": "|".join(dict.fromkeys(" ".join(m.surface.split()) for m in group)),
                "first_start": group[0].start,
                "sentence": cited.sentence,
                "confidence": max(m.confidence for m in group),
            }
        )
        rows.append(record)
        geoms.append(place.geometry)
    columns = [
        *PLACE_COLUMNS,
        "role",
        "mentions",
        "surfaces",
        "first_start",
        "sentence",
        "confidence",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")
