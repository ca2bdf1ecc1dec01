"""Find the places a news text names, resolve them with document context, and give each a role.

Recognition is dictionary-based: capitalised runs of words that the gazetteer knows (with
one lowercase feature word of :data:`geo.places.names.FEATURE_WORDS`: "the Lachin
corridor") are candidate mentions; rules keep people (after a title, or the surname of a
person named earlier), organisations, acronyms, demonyms and sentence-initial common words
out. Resolution reads each name once per document, with the countries and regions the text
names as context and the places resolved around it as neighbours; "Town, Region" pairs are
read together. Roles are rule-based (:data:`ROLES`). ``bordermap eval`` measures the whole on
public gold corpora (:mod:`geo.text.evaluation`).

Pipeline: text -> sentences -> capitalised runs -> candidate spans -> gazetteer keys ->
document-level resolution (countries named in the text steer the rest; small places must lie
near another place of the story) -> mentions with role.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.places.distance import distance_km
from geo.places.gazetteer import (
    KEY_KNOWN,
    KEY_LEFT_OUT,
    Gazetteer,
    Place,
    Resolution,
    default_gazetteer,
)
from geo.places.geocode import PLACE_COLUMNS, place_record
from geo.places.names import (
    FEATURE_WORDS,
    NAME_PARTICLES,
    US_STATE_ABBREVIATIONS,
    arabic_article_variants,
    normalize,
)
from geo.text._demonyms import DEMONYMS
from geo.text._hierarchy import (
    ARABIC_ARTICLE,
    COMBINING_MARKS,
    UNIT_CLASSES,
    UNIT_WORDS,
    abroad,
    chains_from_spans,
    countries_from_demonyms,
    readings_in_chains,
    readings_in_countries,
)
from geo.text.encodings import c1_as_cp1252

__all__ = [
    "ROLES",
    "Mention",
    "mention_frame_from_text",
    "mentions_from_text",
    "places_from_text",
    "sentences_from_text",
]

#: Roles, most specific first: a place named in several ways keeps the first that applies.
#: ``demonym`` ("Azerbaijani forces") marks an actor's country, never a place on the map.
ROLES: Final[tuple[str, ...]] = ("incident_site", "venue", "actor_seat", "context", "demonym")

#: A word; U+FFFD (a byte that was not text) stays inside it: "La\ufffd\ufffdn" is one
#: unknown word, not the name "La".
_TOKEN = re.compile(rf"[^\W_][\w\-.’'{COMBINING_MARKS}\ufffd]*", re.UNICODE)
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){2,}$")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[“\"‘(]?[A-Z0-9])|\n\s*\n|\n")
_WORD_BEFORE_DOT = re.compile(r"(\w+)\.[”\"’)]?$")


def _keys(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


#: Capitalised function words that start a run but no name ("The Caucasus", "In Moscow").
_LEADING: Final = _keys(
    "The A An It Its In On At Of For And But Or As By To From With Under After Before Since "
    "This That These Those There Their They He She We You I Our Your His Her When While If "
    "Although Though Because During Near Outside Inside Across Into Through Like Unlike"
)
#: Words that are never a place on their own, whatever a gazetteer says (days, months,
#: compass words, titles, common nouns that are also tiny villages somewhere).
_NOT_A_PLACE: Final = _LEADING | _keys(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "North South East West Northeast Northwest Southeast Southwest Central Federal National "
    "Western Eastern Northern Southern Upper Lower Middle Greater "
    "Mr Mrs Ms Dr Sen Rep Gov Gen Lt Sgt Capt Col Maj Rev St Mt Ft "
    "President Minister Council Union Kremlin Ministry Army Forces Government Police Court "
    "University College School Church Hospital Center Centre Department Office Party "
    "County City State Street Road Avenue Park Lake River Bay Valley Green Day Man Act No Do "
    "Leave Reply Required Tens Decades Today Tonight Yesterday Tomorrow Earlier Later "
    "Hamas Hezbollah Taliban Fatah NATO Duma Pentagon Toyota Not Area "
    "Mary Paul John James David Michael Robert William Joseph Thomas Charles Daniel Mark "
    "Downtown Uptown Old New Historic Metro Little Big Great Fort Port Mount Saint"
)
_COMPASS: Final = _keys("North South East West Northern Southern Eastern Western Central Downtown")
#: Words after which a capitalised run names a person, not a place ("Sen. Mary Landrieu").
_TITLES: Final = _keys(
    "Mr Mrs Ms Miss Dr Sen Senator Rep Representative Gov Governor Gen General Lt Sgt Capt Col "
    "Maj Rev Father Sister Brother Judge Justice Officer Deputy Detective Trooper Sheriff Mayor "
    "President Chairman Chairwoman Coach Pastor Minister Secretary Spokesman Spokeswoman "
    "Director Prof Professor Chief Commissioner Councilman Councilwoman Attorney King Queen "
    "Prince Princess Pope Saint"
)
#: Abbreviations whose period belongs to the word ("St. Louis", "Wichita, Kan.").
_DOTTED: Final = frozenset(
    "St Mt Ft Pt Mr Mrs Ms Dr Sen Rep Gov Gen Lt Sgt Capt Col Maj Rev Jan Feb Mar Apr Jun Jul Aug "
    "Sep Sept Oct Nov Dec".split()
) | {a.removesuffix(".") for abbrs in US_STATE_ABBREVIATIONS.values() for a in abbrs}
_SMALL_PLACE: Final = 15_000
#: Longest name tried inside a capitalised run (keeps an all-capitals document linear).
_MAX_NAME_WORDS: Final = 6
_MAX_SENTENCE: Final = 600


def _sentence_around(text: str, bounds: tuple[int, int], start: int, end: int) -> str:
    """The sentence of a mention; for a run-on "sentence" (no punctuation for pages), a window
    of about 600 characters around the mention, so work per mention stays bounded."""
    s_start, s_end = bounds
    if s_end - s_start > _MAX_SENTENCE:
        s_start = max(s_start, start - _MAX_SENTENCE // 2)
        s_end = min(s_end, end + _MAX_SENTENCE // 2)
    return text[s_start:s_end].strip()


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
        before = _WORD_BEFORE_DOT.search(text, max(0, match.start() - 12), match.start())
        if before and "\n" not in match.group(0):
            word = before.group(1)
            if word in _DOTTED or (len(word) == 1 and word.isupper()):
                continue  # "St. Louis", "George W. Bush": not the end of a sentence
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
    after_title: bool = False  # the run follows "Sen.", "Mr", "President"...
    unit: bool = False  # a unit word follows the name ("Kaduna State", "Bay region")
    #: known only as local units the document's gazetteer leaves out: a place only as a
    #: name of a chain ("X (A, B)")
    hidden: bool = False


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    """The ``(start, end, word, possessive)`` of the words of one sentence."""
    out: list[tuple[int, int, str, bool]] = []
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        a, b = match.span()
        if word[-1] == "." and not _ABBREVIATION.match(word) and word[:-1] not in _DOTTED:
            stripped = word.rstrip(".")  # never empty: a word starts with a letter or digit
            word, b = stripped, b - (len(word) - len(stripped))
        # the last letter screens out most words before the pattern is tried
        if word[-1] in "s'’" and len(word) > 2 and _POSSESSIVE.search(word) is not None:
            stripped = _POSSESSIVE.sub("", word)  # a letter at least is left
            out.append((a, b - (len(word) - len(stripped)), stripped, True))
        else:
            out.append((a, b, word, False))
    return out


def _candidate_spans(
    text: str,
    sentences: list[tuple[int, int]],
    gaz: Gazetteer,
    record: frozenset[str] = frozenset(),
) -> tuple[list[_Span], set[str]]:
    """Candidate spans, and the words of capitalised runs that matched no place as a whole.

    Those words are most often people ("Rick Flores") or organisations; a later bare
    "Flores" in the same text is then taken to be the person (one sense per discourse).
    """
    spans: list[_Span] = []
    name_words: set[str] = set()
    for s_index, (s_start, s_end) in enumerate(sentences):
        words = _tokens(text, s_start, s_end)
        if text.find("-", s_start, s_end) >= 0:  # most sentences have no hyphenated word
            words = _split_hyphens(words, gaz, record)
        i = 0
        while i < len(words):
            if not words[i][2][0].isupper():
                i += 1
                continue
            while (
                normalize(words[i][2]) in _LEADING
                and i + 1 < len(words)
                and words[i + 1][2][0].isupper()
                and not text[words[i][1] : words[i + 1][0]].strip()
            ):
                i += 1  # "The Caucasus", "In Moscow": a capitalised function word starts no name
            j = _run_end(text, words, i)
            found = _match_run(text, words, i, j, s_index, gaz, record)
            if i > 0 and normalize(words[i - 1][2]) in _TITLES:
                for span in found:
                    span.after_title = True
            joined = any(w[2] in NAME_PARTICLES for w in words[i : j + 1])
            if j > i and not joined and not any(not s.strict for s in found):
                # a person's name; not "Trail de Paris", whose Paris is no surname
                surname = _surname(words, i, j, gaz)
                if surname:
                    name_words.add(surname)
            spans.extend(sorted(found, key=lambda s: s.start))
            i = j + 1
        if record and text.find("(", s_start, s_end) >= 0:
            spans = _with_bracketed_units(text, s_start, s_end, s_index, spans, gaz)
    return spans, name_words - _NOT_A_PLACE


#: "X (A, B)": the units in parentheses after a name, each between "(" or "," and "," or ")".
_BRACKETED: Final = re.compile(r"(?<=\w)\s*\(([^()]{1,200})\)")
_BRACKET_PART: Final = re.compile(r"[^,]+")


def _with_bracketed_units(
    text: str, s_start: int, s_end: int, s_index: int, spans: list[_Span], gaz: Gazetteer
) -> list[_Span]:
    """The spans with the units of a record's "X (A, B)" that the word rules leave out.

    In "in Odumesua (Afram Plains, Eastern)", "in Qansax Dheere (Bay)", "in Ras Ajdir (An
    Nuqat al Khams)", each part between the parentheses and commas is a whole name: Ghana's
    Eastern Region, Somalia's Bay, Libya's An Nuqat al Khams. A part that is a common word
    ("Eastern", "Bay": :data:`_NOT_A_PLACE`) or starts with a function word ("An") is taken
    as a span meaning a unit, as "Bay region" is (:func:`_unit_span`); it replaces the spans
    inside it. Only for text with a record's country (``record`` of
    :func:`mentions_from_text`): news uses parentheses for other things.
    """
    added: list[_Span] = []
    for group in _BRACKETED.finditer(text, s_start, s_end):
        for part in _BRACKET_PART.finditer(group.group(1)):
            name = part.group().strip()
            if not name or not name[0].isupper() or len(name.split()) > _MAX_NAME_WORDS:
                continue
            key = normalize(name)
            first = key.split(" ", 1)[0]
            if key not in _NOT_A_PLACE and (first not in _LEADING or key == first):
                continue  # the word rules read it
            if not gaz.has_key(key):
                continue
            start = group.start(1) + part.start() + (len(part.group()) - len(part.group().lstrip()))
            end = start + len(name)
            added.append(_Span(start, end, key, s_index, False, False, name, unit=True))
    if not added:
        return spans
    kept = [s for s in spans if not any(a.start <= s.start and s.end <= a.end for a in added)]
    return sorted(kept + added, key=lambda s: s.start)


def _run_end(text: str, words: list[tuple[int, int, str, bool]], i: int) -> int:
    """The last word of the capitalised run that starts at ``words[i]``: capitalised words
    with nothing but blanks between them, and up to two particles between two of them
    ("Rio de Janeiro", "Valle de la Luna": :data:`geo.places.names.NAME_PARTICLES`); a
    possessive ends it."""
    j = i
    while not words[j][3]:
        k = j + 1
        while k < len(words) and k - j <= 2 and words[k][2] in NAME_PARTICLES:
            k += 1
        if k >= len(words) or not (words[k][2][0].isupper() or _joined_article(words[k][2])):
            break
        if any(text[words[m - 1][1] : words[m][0]].strip() for m in range(j + 1, k + 1)):
            break  # punctuation between words
        j = k
    return j


#: Last words of organisation and street names: such a run is not a person's name.
_INSTITUTION_WORDS: Final = _keys(
    "Road Street Avenue Boulevard Drive Lane Highway Route County City Town Township Village "
    "School Schools High Elementary Middle Academy University College Institute Council Police "
    "Department Office Center Centre Hospital Church Park Times News Post Journal Herald Tribune "
    "Gazette Press Club Company Corp Inc Bank Airport Station Hall House Court Committee Board "
    "Party Authority Agency Service Services Association Foundation Group Team Fire Sheriff Jail "
    "Project Program Programme Festival Fair Market Mall Library Museum Theater Theatre Stadium "
    "Arena Zoo Chamber Commission Council District Schools Society Union Club Clinic Center"
)


def _surname(words: list[tuple[int, int, str, bool]], i: int, j: int, gaz: Gazetteer) -> str:
    """The last word of a two- or three-word run that looks like a person's name, else ``""``.

    "Rick Flores" -> "flores"; not "Dublin City Schools" (starts with a real place) nor
    "Rapides Parish Sheriff" (ends with an institution word).
    """
    if j - i > 2:
        return ""
    last = normalize(words[j][2])
    if last in _INSTITUTION_WORDS or last in _NOT_A_PLACE or normalize(words[i][2]) in _NOT_A_PLACE:
        return ""
    first = gaz.lookup(words[i][2]).place
    if first is not None and (
        first.feature_class != "populated_place"
        or first.population >= _SMALL_PLACE
        or first.capital
    ):
        return ""
    return last


def _split_hyphens(
    words: list[tuple[int, int, str, bool]],
    gaz: Gazetteer,
    record: frozenset[str] = frozenset(),
) -> list[tuple[int, int, str, bool]]:
    """Split hyphenated words into their names, but never cut a compound name.

    "Armenia-Azerbaijan" (every part a name) and "Russia-brokered" (a name and a lowercase
    word) are split; "Seme-Krake", "N-Dali", "Ti-n-Agadel", "Krake-Plage" stay one word,
    matched whole or not at all (:func:`_compound_parts`). With a record's country
    (``record``), a word whose parts are all names but none of them a place there stays one
    word too: "Mayo-Sava" in a note of Cameroon is a department, not Mayo, Ireland and Sava,
    Madagascar.
    """
    out: list[tuple[int, int, str, bool]] = []
    for index, (start, end, word, possessive) in enumerate(words):
        if "-" not in word or gaz.has_key(normalize(word)) or _joined_article(word):
            out.append((start, end, word, possessive))
            continue
        parts = word.split("-")
        name = _compound_parts(parts, words[index + 1 : index + 3], gaz, record)
        offset = start
        if name:
            compound = "-".join(parts[:name])
            out.append((start, start + len(compound), compound, possessive and name == len(parts)))
            offset += len(compound) + 1
            parts = parts[name:]
        for k, part in enumerate(parts):
            if part:
                last = k == len(parts) - 1
                out.append((offset, offset + len(part), part, possessive and last))
            offset += len(part) + 1
    return out


#: An Arabic article joined to the name after it: "al-Abd" of "Bir al-Abd", "ez-Zor" of
#: "Deir ez-Zor". The word goes on the capitalised run before it and is never cut.
_ARTICLE_WORD: Final = re.compile(rf"(?:{ARABIC_ARTICLE})-[A-Z][^-]*")


def _joined_article(word: str) -> bool:
    """True for a word that is an Arabic article joined to a name (:data:`_ARTICLE_WORD`)."""
    return word[1:3] in _ARTICLE_SECOND and _ARTICLE_WORD.fullmatch(word) is not None


#: The second and third characters of a joined article ("l-" of "al-Abd"): a quick screen.
_ARTICLE_SECOND: Final = frozenset({"d-", "l-", "n-", "r-", "s-", "t-", "z-", "sh"})


#: US party letters before a politician's seat ("D-Charleston", "DFL-Minneapolis").
_PARTY_LETTERS: Final = frozenset({"D", "R", "I", "DFL"})


def _is_abbreviation(part: str) -> bool:
    """An abbreviation of two to four capitals ("US", "ML"): a word of its own, not a name part."""
    return 2 <= len(part) <= 4 and part.isupper()


def _is_name(part: str, gaz: Gazetteer) -> bool:
    """A part of a hyphenated word that names something on its own: a place or a demonym."""
    return (
        len(part) > 1
        and part[0].isupper()
        and (gaz.has_key(normalize(part)) or part.lower() in DEMONYMS)
    )


def _part_in_record(part: str, record: frozenset[str], gaz: Gazetteer) -> bool:
    """A part of a hyphenated word names a place (or is a demonym) of the record's country."""
    code = DEMONYMS.get(part.lower())
    if code is not None:
        return code in record
    return any(c.place.country in record for c in gaz.lookup(part, countries=record).candidates)


def _compound_parts(
    parts: list[str],
    following: list[tuple[int, int, str, bool]],
    gaz: Gazetteer,
    record: frozenset[str] = frozenset(),
) -> int:
    """How many leading parts of a hyphenated word make one name (0: split every part).

    A word that starts in lowercase ("pro-Russia") is split, and so are abbreviations
    ("UK-Algerian", "Watertown-ML") and a US politician's party ("D-Charleston"); trailing
    lowercase parts ("-brokered", "-based") are words of their own. The capitalised rest is one name unless
    each part is itself a name of two letters or more ("Mandera-Nairobi"; the last part may
    go on with the next word: "Dallas-Fort Worth").
    """
    if not parts[0][:1].isupper() or parts[0] in _PARTY_LETTERS:
        return 0
    n = len(parts)
    while n > 1 and (not parts[n - 1][:1].isupper() or _is_abbreviation(parts[n - 1])):
        n -= 1
    if n == 1 or _is_abbreviation(parts[0]):
        return 0
    name = parts[:n]
    if gaz.has_key(normalize("-".join(name))):
        return n
    last = [name[-1], *(w[2] for w in following if w[2][:1].isupper())]
    separate = all(_is_name(p, gaz) for p in name[:-1])
    if separate and record and not any(_part_in_record(p, record, gaz) for p in name):
        return n  # no part is a place of the record's country: one name it does not know
    if separate and len(name[-1]) > 1 and name[-1][0].isupper():
        if name[-1].lower() in DEMONYMS:
            return 0
        if any(gaz.has_key(normalize(" ".join(last[:k]))) for k in range(1, len(last) + 1)):
            return 0
    return n


#: Unit words by their number of words, longest first ("local government area", "state").
_UNIT_WORDS_BY_LENGTH: Final = tuple(
    (n, frozenset(w for w in UNIT_WORDS if len(w.split()) == n)) for n in (3, 2, 1)
)
#: Last words of the unit words, as written in lowercase or capitalised ("state", "State").
_UNIT_LAST_WORDS: Final = frozenset(
    form for w in UNIT_WORDS for form in (w.split()[-1], w.split()[-1].capitalize(), w.upper())
)
#: Unit words that end institutions' names as often as units' ("Minnesota Department of
#: Health", "Bronx County Courthouse"): a unit word only when lowercase ("Hodan district").
_INSTITUTIONAL_UNIT_WORDS: Final = frozenset(
    {"department", "departement", "division", "district", "county", "sector", "circle", "zone"}
)


def _unit_span(
    text: str, words: list[tuple[int, int, str, bool]], i: int, j: int, s_index: int, gaz: Gazetteer
) -> _Span | None:
    """A name followed by a unit word, as one span meaning a unit: "Kaduna State", "Igabi
    Local Government Area", "Bay region" (the lowercase word is left out of the span).

    Only when the gazetteer does not know the whole ("Greene County" is a name of its own).
    """
    last_word = words[j][2].lower()
    following = words[j + 1][2] if j + 1 < len(words) else ""
    if last_word not in _UNIT_LAST_WORDS and following not in _UNIT_LAST_WORDS:
        return None  # the common case, decided without normalising
    lowered = [normalize(w[2]) for w in words[i : j + 2]]
    n = j - i + 1
    for size, unit_words in _UNIT_WORDS_BY_LENGTH:
        word = " ".join(lowered[n - size : n])
        if n > size and word in unit_words and word not in _INSTITUTIONAL_UNIT_WORDS:
            last, end = j - size, words[j][1]  # "Kaduna State": the name and the word
            whole = end
            break
    else:
        lowercase_word = j + 1 < len(words) and words[j + 1][2].islower() and not words[j][3]
        if not lowercase_word or lowered[n] not in _UNIT_WORDS_BY_LENGTH[2][1]:
            return None
        last, end = j, words[j][1]  # "Bay region": the name alone
        whole = words[j + 1][1]
    if last - i + 1 > _MAX_NAME_WORDS:
        return None
    key = normalize(text[words[i][0] : words[last][1]])
    # a local unit of any country: the text names it as a unit
    if not key or key in _LEADING or not gaz.local_units_in(None).has_key(key):
        return None  # "The state's budget"
    if gaz.has_key(normalize(text[words[i][0] : whole])):
        return None
    surface = text[words[i][0] : end]
    return _Span(words[i][0], end, key, s_index, i == 0, False, surface, unit=True)


def _run_key(name: str, gaz: Gazetteer) -> str:
    """The key of a name; for a name with a one- or two-letter prefix ("N-Dali") that the
    gazetteer knows written in one word, that one (N'Dali, "Ndali"; not "Tri-State"); for a
    name whose Arabic article the gazetteer knows written otherwise before a sun letter,
    that spelling ("Jisr al-Shughur": Jisr ash Shughur; "al-Nabk": An Nabk)."""
    key = normalize(name)
    if 0 < name.find("-") <= 2 and not gaz.has_key(key):
        joined = normalize(name.replace("-", ""))
        if gaz.has_key(joined):
            return joined
    if " " in key and _ARTICLE_TOKEN.search(key) and not gaz.has_key(key):
        for other in arabic_article_variants(key, el="el-" in name.lower()):
            if gaz.has_key(other):
                return other
    return key


#: A key with an Arabic article as a word of its own: a screen for :func:`_run_key`.
_ARTICLE_TOKEN: Final = re.compile(r"(?:^| )(?:al|el|a[tdrzsn]|ash|ath|adh) ")


def _match_run(
    text: str,
    words: list[tuple[int, int, str, bool]],
    i: int,
    j: int,
    s_index: int,
    gaz: Gazetteer,
    record: frozenset[str] = frozenset(),
) -> list[_Span]:
    """Longest gazetteer matches inside the capitalised run ``words[i..j]``.

    A run without any match may hold names the gazetteer knows only as local units it leaves
    out (:meth:`Gazetteer.local_units_in`): they are returned ``hidden``, places only as the
    names of a chain (:func:`_chain_readings`).
    """
    # "Lachin corridor", "Sotk region": the run plus one lowercase feature word.
    if j + 1 < len(words) and words[j + 1][2].lower() in FEATURE_WORDS and not words[j][3]:
        key = normalize(text[words[i][0] : words[j + 1][1]])
        bare = text[words[i][0] : words[j][1]]
        if gaz.has_key(key) and not _only_bare_in_record(gaz, key, bare, record):
            surface = text[words[i][0] : words[j + 1][1]]
            return [_Span(words[i][0], words[j + 1][1], key, s_index, i == 0, False, surface)]
    unit = _unit_span(text, words, i, j, s_index, gaz)
    if unit is not None:
        return [unit]
    found, hidden = _run_matches(text, words, i, j, gaz)
    if not found and not hidden:
        return []  # most runs: no name (what follows only marks the names found)
    n = j - i + 1
    # "Paris High School", "Dublin Veterans Project": a place name opening an institution's
    # name is a place mention (LGL-style annotation); a person's name is not ("Antony Blinken").
    institution = (
        n > 1
        and (
            not _INSTITUTION_WORDS.isdisjoint(
                normalize(words[j][2]).split()
            )  # "Journal-Constitution"
            or any(normalize(w[2]) in _TITLES for w in words[i + 1 : j + 1])  # "East Bank Mayor"
        )
    )
    compass = n > 1 and normalize(words[i][2]) in _COMPASS  # "East Oxford" names Oxford
    acronyms = _leading_acronyms(words, i, j)  # "MSF Bambari": an acronym, then a place
    return [
        _Span(
            words[i + a][0],
            words[i + a + length - 1][1],
            key,
            s_index,
            i + a == 0,
            length < n
            and not (institution and a == 0)
            and not (compass and a == 1)
            and not (0 < acronyms == a and a + length == n),
            text[words[i + a][0] : words[i + a + length - 1][1]],
            hidden=not found,
        )
        for a, length, key in found or hidden
    ]


def _run_matches(
    text: str, words: list[tuple[int, int, str, bool]], i: int, j: int, gaz: Gazetteer
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The longest names of ``words[i..j]`` that ``gaz`` knows, as (first word, words, key)
    from the run's start, none overlapping; and those it knows only as local units it
    leaves out, found the same way among the words no known name takes."""
    n = j - i + 1
    found: list[tuple[int, int, str]] = []
    hidden: list[tuple[int, int, str]] = []
    if n == 1:  # most runs: the word alone
        key = _run_key(text[words[i][0] : words[i][1]], gaz)
        if key and key not in _NOT_A_PLACE:
            status = gaz.key_status(key)
            if status == KEY_KNOWN:
                found.append((0, 1, key))
            elif status == KEY_LEFT_OUT:
                hidden.append((0, 1, key))
        return found, hidden
    taken, left_out = [False] * n, [False] * n
    # "Bab al-Hawa": a word joined to an article belongs to the word before it
    bound = [a for a in range(1, n) if _joined_article(words[i + a][2])]
    for length in range(min(n, _MAX_NAME_WORDS), 0, -1):
        for a in range(0, n - length + 1):
            if any(taken[a : a + length]) or (bound and (a in bound or a + length in bound)):
                continue
            key = _run_key(text[words[i + a][0] : words[i + a + length - 1][1]], gaz)
            if not key or key in _NOT_A_PLACE:
                continue
            status = gaz.key_status(key)
            if status == KEY_KNOWN:
                found.append((a, length, key))
                taken[a : a + length] = [True] * length
            elif status == KEY_LEFT_OUT and not any(left_out[a : a + length]):
                hidden.append((a, length, key))
                left_out[a : a + length] = [True] * length
    return found, hidden


def _only_bare_in_record(gaz: Gazetteer, key: str, bare: str, record: frozenset[str]) -> bool:
    """True if the record's country holds a place named ``bare`` and none keyed ``key``
    (the name with its feature word): "Est region" in a note of Burkina Faso is its Est,
    not the Eastern Region of Uganda."""
    if not record or any(gaz.lookup(key, within=code).place is not None for code in record):
        return False
    return any(gaz.lookup(bare, within=code).place is not None for code in record)


def _leading_acronyms(words: list[tuple[int, int, str, bool]], i: int, j: int) -> int:
    """How many words of the run ``words[i..j]`` are an organisation's acronym before a
    place name ("MSF Bambari", "UNHCR Kakuma"): the place is then named on its own.

    Acronyms of three to five capitals only ("AC Milan", "AP" and initials are not); none
    when the run is all capitals or ends with an institution word ("KBR Inc").
    """
    k = 0
    while i + k < j and words[i + k][2].isalpha() and words[i + k][2].isupper():
        k += 1
    if k == 0:
        return 0  # the common case
    rest = words[i + k : j + 1]
    if (
        not all(3 <= len(w[2]) <= 5 for w in words[i : i + k])
        or all(w[2].isupper() for w in rest)
        or normalize(words[j][2]) in _INSTITUTION_WORDS
    ):
        return 0
    return k


#: A capitalised run after a word saying where ("in Janzour", "near the Tawila camp").
_AFTER_LOCATIVE = re.compile(
    r"\b(?i:in|at|near|of|from|outside|around|to)\s+(?:the\s+)?"
    rf"((?:(?:{ARABIC_ARTICLE})-)?"  # "in al-Bab": an article written lowercase
    rf"[A-Z][\w’'{COMBINING_MARKS}-]*(?:\s+[A-Z][\w’'{COMBINING_MARKS}-]*){{0,2}})"
    rf"(?!\s+(?:{ARABIC_ARTICLE})[- ][A-Z])"  # not cut before "al-Hawa", "al Hawa"
)


def _with_respelled(
    text: str, sentences: list[tuple[int, int]], spans: list[_Span], gaz: Gazetteer, country: str
) -> list[_Span]:
    """The spans, plus names after "in", "at", "near"... that the gazetteer knows in the
    record's ``country`` only under another spelling: another romanisation ("Garabulli",
    Qasr al Qarabulli) or other vowels ("Shashamene", Shashamane; :meth:`Gazetteer.respelled`).

    A report with a record names its places as they are heard; the record's country keeps
    the respelling to places the event can be at. Parts of a longer run that the new span
    covers are dropped.
    """
    taken = [(s.start, s.end) for s in spans if not s.strict and not s.hidden]
    starts = [a for a, _ in sentences]
    found: list[_Span] = []
    for match in _AFTER_LOCATIVE.finditer(text):
        start, end = match.span(1)
        if any(a < end and start < b for a, b in taken):
            continue
        res = gaz.lookup(match.group(1), within=country)
        if res.place is not None:
            key = res.matched
        else:
            place = gaz.respelled(match.group(1), country)
            key = normalize(place.name) if place is not None else ""
        if key:
            index = max(0, bisect.bisect_right(starts, start) - 1)
            found.append(_Span(start, end, key, index, False, False, match.group(1)))
    if not found:
        return spans
    kept = [s for s in spans if not any(f.start < s.end and s.start < f.end for f in found)]
    return sorted(kept + found, key=lambda s: s.start)


def _demonym_mentions(
    text: str, sentences: list[tuple[int, int]], taken: list[tuple[int, int]], gaz: Gazetteer
) -> list[Mention]:
    """Mentions of countries through their demonyms ("Azerbaijani", "Sri Lankan"), role ``demonym``."""
    out: list[Mention] = []
    starts = [a for a, _ in sentences]
    taken = sorted(taken)
    taken_starts = [a for a, _ in taken]
    for match in _demonym_matches(text):
        start, end = match.span()
        k = bisect.bisect_left(taken_starts, end) - 1
        if k >= 0 and taken[k][1] > start:
            continue  # part of a place name ("American Samoa"); mentions never overlap
        try:
            place = gaz.get(f"country:{DEMONYMS[match.group(0).lower()]}")
        except KeyError:
            continue
        index = max(0, bisect.bisect_right(starts, start) - 1)
        bounds = sentences[index] if sentences else (0, len(text))
        out.append(
            Mention(
                surface=match.group(0),
                start=start,
                end=end,
                sentence=_sentence_around(text, bounds, start, end),
                sentence_index=index,
                key=normalize(match.group(0)),
                place=place,
                confidence=1.0,
                role="demonym",
            )
        )
    return out


#: A demonym as written in a text, longest first; a word boundary must come before it
#: (:func:`_demonym_matches`).
_DEMONYM_RE = re.compile(
    r"(?:"
    + "|".join(re.escape(d.title()) for d in sorted(DEMONYMS, key=len, reverse=True))
    + r")\b"
)
_WORD_CHARACTER = re.compile(r"\w")


def _demonym_matches(text: str) -> Iterator[re.Match[str]]:
    """The demonyms of a text ("Azerbaijani", "Sri Lankan"), each a whole word, in order.

    What ``finditer`` of the pattern with a word boundary (``\\b``) before it finds. The
    pattern has none: it starts with its demonyms' first letters, which the regular
    expression engine screens positions with, while a leading boundary would make it try
    every alternative at every position. A match that does not start a word is skipped and
    the search goes on from its next character, as the boundary would have it.
    """
    search, pos = _DEMONYM_RE.search, 0
    while (match := search(text, pos)) is not None:
        start = match.start()
        if start and _WORD_CHARACTER.match(text, start - 1):
            pos = start + 1
            continue
        yield match
        pos = match.end()


def mentions_from_text(
    text: str,
    *,
    gazetteer: Gazetteer | None = None,
    demonyms: bool = True,
    countries: Iterable[str] = (),
) -> list[Mention]:
    """Find and resolve the place mentions of a text.

    Capitalised runs of words that the gazetteer knows are candidate mentions; each name is
    read once per document, with the countries and regions the text names as context and
    the places resolved around it as neighbours; rules then keep people, organisations and
    stray villages out (see the module docstring).

    Parameters
    ----------
    text : str
        Plain text (UTF-8 decoded), read as it is; for a web page pass
        :func:`geo.text.articles.text_from_html` of it (offsets still index the page). C1
        control characters are read as the cp1252 punctuation they stand for
        (:func:`geo.text.encodings.c1_as_cp1252`: ``Tripoli\x92s``, a possessive); surfaces
        and sentences are returned as ``text`` writes them.
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer (:func:`geo.places.gazetteer.default_gazetteer`).
    demonyms : bool, keyword-only
        Also return demonyms ("Azerbaijani forces") as mentions of their country with role
        ``demonym``; :func:`places_from_text` never turns them into places.
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of the country of the record the text belongs to (an ACLED note's
        ``country``): ambiguous names lean towards it.

    Returns
    -------
    list of Mention
        In text order. Unresolved spans are not returned (a span is only proposed when the
        gazetteer knows its name).

    Examples
    --------
    >>> from geo.text.geoparse import mentions_from_text
    >>> text = "Azerbaijani forces shelled Sotk, Armenia, the ministry in Yerevan said."
    >>> for m in mentions_from_text(text):
    ...     print(m.surface, m.place.place_id, m.role, text[m.start : m.end] == m.surface)
    Azerbaijani country:AZ demonym True
    Sotk geonames:616041 incident_site True
    Armenia country:AM context True
    Yerevan geonames:616052 actor_seat True
    """
    # cp1252 punctuation stored as C1 controls ("SABC\x92s") read as what it stands for; the
    # same length, so spans index ``original`` too
    original, text = text, c1_as_cp1252(text)
    sentences = sentences_from_text(text)
    record = frozenset(c.upper() for c in countries if c)
    # local units (geoBoundaries communes, wards...) in the record's country; elsewhere only
    # where the text names them as units (:func:`_unit_readings`)
    gaz = (gazetteer or default_gazetteer()).local_units_in(record)
    spans, name_words = _candidate_spans(text, sentences, gaz, record)
    if len(record) == 1:
        spans = _with_respelled(text, sentences, spans, gaz, next(iter(record)))
    known = [s for s in spans if not s.hidden]
    context, areas = _document_context(text, known, gaz)
    context |= record
    # with no country named, demonyms steer the readings ("Beninese soldiers"); they vouch
    # for no village
    told = set() if context else _demonym_countries(text)
    steer = context or told
    resolved = _readings(known, gaz, steer, areas, record)
    resolved |= {s.key: Resolution(query=s.key) for s in spans if s.hidden}
    resolved |= _unit_readings([s for s in spans if s.unit], gaz, steer, areas, record)
    pulled = _pulled_to_named(resolved, _named_countries(resolved) or told, steer, record)
    anchors = _anchors(resolved)
    # One sense per discourse: a name seen inside a sentence vouches for its sentence-initial uses.
    seen_inside = {s.key for s in spans if not s.sentence_initial}
    for span in spans:
        if span.sentence_initial and span.key in seen_inside:
            span.sentence_initial = False
    qualified, rejected = _chain_readings(text, spans, resolved, gaz, (steer, areas), record)
    mentions: list[Mention] = []
    for k, span in enumerate(spans):
        res = qualified.get(k) or _span_reading(span, resolved)
        if (
            res.place is None
            or k in rejected
            or not (
                k in qualified
                or _accept(span, res, steer, anchors, name_words, record, pulled=span.key in pulled)
            )
        ):
            continue
        mentions.append(_mention(text, sentences[span.sentence_index], span, res))
    if demonyms:
        taken = [(m.start, m.end) for m in mentions]
        mentions = sorted(
            mentions + _demonym_mentions(text, sentences, taken, gaz), key=lambda m: m.start
        )
    if text != original:
        mentions = [_as_written(m, original, sentences) for m in mentions]
    return mentions


def _as_written(mention: Mention, original: str, sentences: list[tuple[int, int]]) -> Mention:
    """A mention found in :func:`~geo.text.encodings.c1_as_cp1252` of ``original``, its
    surface and sentence as ``original`` writes them (its offsets are the same)."""
    bounds = sentences[mention.sentence_index] if sentences else (0, len(original))
    return replace(
        mention,
        surface=original[mention.start : mention.end],
        sentence=_sentence_around(original, bounds, mention.start, mention.end),
    )


#: Feature classes too broad to vouch for the places around them.
_BROAD: Final = frozenset({"country", "border", "continent", "macro_region"})


def _document_context(text: str, spans: list[_Span], gaz: Gazetteer) -> tuple[set[str], set[str]]:
    """The countries a text is about, and the ids of the regions it names.

    The countries named in the text, and the countries of the regions it names ("Ohio" puts
    a story in the United States), are the context of everything else; with none, the
    country of its confident towns (:func:`_country_by_towns`).
    """
    context: set[str] = set()
    areas: set[str] = set()
    for span in spans:
        res = gaz.lookup(text[span.start : span.end])
        place = res.place
        if place is None or res.confidence < 0.5 or not place.country:
            continue
        if (
            place.feature_class == "country"
            or (place.feature_class == "admin1" and res.confidence >= 0.6)
            or (place.feature_class == "admin2" and res.confidence >= 0.9)
        ):
            context.add(str(place.country))
        if place.feature_class in ("admin1", "province", "region") and res.confidence >= 0.6:
            areas.add(place.place_id)
    if not context:
        context = _country_by_towns(text, spans, gaz)
    return context, areas


def _demonym_countries(text: str) -> set[str]:
    """The countries of the demonyms of a text ("Beninese soldiers" put a note in Benin)."""
    return {DEMONYMS[m.group(0).lower()] for m in _demonym_matches(text)}


def _country_by_towns(text: str, spans: list[_Span], gaz: Gazetteer) -> set[str]:
    """The country most of a text's confident towns (15,000 people or more) lie in, if any.

    "Bicester" and "Kidlington" put an Oxfordshire story in the United Kingdom.
    """
    votes: dict[str, int] = {}
    for span in spans:
        res = gaz.lookup(text[span.start : span.end])
        place = res.place
        if (
            place is not None
            and place.feature_class == "populated_place"
            and res.confidence >= 0.8
            and place.population >= _SMALL_PLACE
            and not span.strict
            and place.country
        ):
            votes[place.country] = votes.get(place.country, 0) + 1
    return {max(sorted(votes), key=votes.__getitem__)} if votes else set()


def _readings(
    spans: list[_Span],
    gaz: Gazetteer,
    context: set[str],
    areas: set[str],
    record: frozenset[str] = frozenset(),
) -> dict[str, Resolution]:
    """One reading per name per document, with the document's context.

    Names still in doubt are then settled by the places around them: by the places resolved
    with confidence ("Columbus" next to "Muscogee County" is Columbus, Georgia), and by the
    top candidates of the other doubtful names ("Springfield" and "Greene County" pick the
    readings that lie together, in Missouri). A name with a candidate in the record's
    country (``record``) means that one (:func:`_in_record`).
    """
    resolved = {
        key: _in_record(gaz.lookup(key, countries=context, regions=areas), record, gaz)
        for key in dict.fromkeys(s.key for s in spans)
    }
    sure = {
        key: r.place.anchor
        for key, r in resolved.items()
        if r.place is not None and r.confidence >= 0.9 and r.place.feature_class not in _BROAD
    }
    doubtful = {
        key: [p.anchor for p, confidence in islice(r.ranked_places(), 3) if confidence >= 0.05]
        for key, r in resolved.items()
        if r.place is not None and r.confidence < 0.9 and r.place.feature_class not in _BROAD
    }
    for key, res in list(resolved.items()):
        if res.place is None or len(res) < 2:
            continue
        near = [xy for other, xy in sure.items() if other != key]
        near += [xy for other, xys in doubtful.items() if other != key for xy in xys]
        if near:
            again = gaz.lookup(key, countries=context, regions=areas, near=near)
            resolved[key] = _in_record(again, record, gaz)
    named = _named_countries(resolved)
    if named:
        for key, res in resolved.items():
            resolved[key] = _capital_of_named(res, named, record)
    return resolved


def _named_countries(resolved: dict[str, Resolution]) -> set[str]:
    """The countries a text names by their own name ("Armenia"), read with some confidence."""
    return {
        str(r.place.country)
        for r in resolved.values()
        if r.place is not None and r.place.feature_class == "country" and r.confidence >= 0.5
    }


#: A text naming at most this many countries is about them: a name with a candidate in one
#: of them and none in the countries of the text's other places means that candidate.
_FEW_COUNTRIES: Final = 2


def _pulled_to_named(
    resolved: dict[str, Resolution],
    named: set[str],
    context: set[str],
    record: frozenset[str],
) -> set[str]:
    """Move the readings of names that lie outside every country of the text to a candidate
    in a country the text names, when it names only a few (in place); return their keys.

    "Shells fell on Kut. Armenia protested." is the Armenian village, not Al-Kut, Iraq: the
    context bonus of the ranking does not outweigh a large namesake's population. A reading
    already in a country of the text's context (a country named, or that of a region or
    record) stays; so does one whose record's country has no such candidate.
    """
    if not named or len(named) > _FEW_COUNTRIES:
        return set()
    pulled: set[str] = set()
    for key, res in resolved.items():
        place = res.place
        if place is None or place.feature_class in _BROAD or place.country in context:
            continue
        moved = res.preferring(lambda c: c.country in named and (not record or c.country in record))
        if moved is not res:
            resolved[key] = moved
            pulled.add(key)
    return pulled


def _capital_of_named(res: Resolution, named: set[str], record: frozenset[str]) -> Resolution:
    """The reading moved to a national capital of that name when the text names its country.

    "Paris" in a story that names France is the French capital, whatever Paris, Kentucky
    near the reporter's home town; "Paris, Kentucky" is read as a pair first
    (:mod:`geo.text._hierarchy`).
    """
    place = res.place
    if place is None or place.feature_class != "populated_place" or place.capital or len(res) < 2:
        return res
    return res.preferring(
        lambda c: c.capital and c.country in named and (not record or c.country in record)
    )


_SUBNATIONAL: Final = UNIT_CLASSES - {"country"}


def _span_reading(span: _Span, resolved: dict[str, Resolution]) -> Resolution:
    """The document's reading of a span's name; for a name with a unit word ("Kaduna
    State", "Panamá Province"), its reading as a unit (:func:`_unit_readings`), its
    subnational units first (the state, not the city nor the country)."""
    if not span.unit:
        return resolved[span.key]
    res = resolved.get(_AS_UNIT + span.key) or resolved[span.key]
    if res.place is None or res.place.feature_class in _SUBNATIONAL:
        return res
    return res.preferring(lambda place: place.feature_class in _SUBNATIONAL)


#: Prefix of the keys under which :func:`_unit_readings` stores a name's reading as a unit
#: (no normalised key starts with it).
_AS_UNIT: Final = "\x00unit:"


def _unit_readings(
    spans: Iterable[_Span],
    gaz: Gazetteer,
    context: set[str],
    areas: set[str],
    record: frozenset[str],
) -> dict[str, Resolution]:
    """The readings of names the text gives a unit's role ("Al-Ahram district", the names
    of "X (A, B)"), by :data:`_AS_UNIT` + key: with the local units of the document's
    countries (of every country when it names none), for the names with local units there
    that ``gaz`` leaves out (:meth:`Gazetteer.local_units_in`); other names keep the
    document's reading. "Matara district" in a story of Sri Lanka is not a commune of
    Burundi."""
    units = _unit_gazetteer(gaz, context, record)
    return {
        _AS_UNIT + key: _in_record(
            units.lookup(key, countries=context, regions=areas), record, units
        )
        for key in dict.fromkeys(s.key for s in spans)
        if gaz.units_left_out(key) > units.units_left_out(key)
    }


def _unit_gazetteer(gaz: Gazetteer, context: set[str], record: frozenset[str]) -> Gazetteer:
    """The gazetteer of the names a text gives a unit's role: with the local units of the
    document's countries, or of every country when it names none."""
    return gaz.local_units_in({*context, *record} if context or record else None)


def _in_record(res: Resolution, record: frozenset[str], gaz: Gazetteer) -> Resolution:
    """The reading moved to its best candidate in the record's country, when it has one;
    else to a crossing the project curates on that country's border, when it has one.

    A record's country is a fact about the event, not a hint: "Berlin" in a South African
    report is the Eastern Cape village, however large the German capital; "Hakari" in a
    note of Armenia is the bridge checkpoint on its border, not Hakkâri, Turkey.
    """
    place = res.place
    if not record or place is None or place.country in record:
        return res
    moved = res.preferring(lambda candidate: candidate.country in record)
    if moved is not res:
        return moved
    return res.preferring(
        lambda candidate: (
            candidate.feature_class == "checkpoint"  # a crossing the project curates
            and not abroad(candidate, record, gaz)
        )
    )


def _anchors(resolved: dict[str, Resolution]) -> np.ndarray:
    """(lon, lat) rows of the places that vouch for small places near them (:func:`_accept`):
    the resolved places that are neither too broad nor themselves small."""
    anchors = [
        r.place.anchor
        for r in resolved.values()
        if r.place is not None
        and r.place.feature_class not in _BROAD
        and (r.place.feature_class != "populated_place" or r.place.population >= _SMALL_PLACE)
    ]
    return np.asarray(anchors, dtype=np.float64).reshape(-1, 2)


def _mention(text: str, bounds: tuple[int, int], span: _Span, res: Resolution) -> Mention:
    """The mention of a span accepted as a place, with its sentence and role."""
    place = res.place
    assert place is not None
    sentence = _sentence_around(text, bounds, span.start, span.end)
    surface = text[span.start : span.end]
    return Mention(
        surface=surface,
        start=span.start,
        end=span.end,
        sentence=sentence,
        sentence_index=span.sentence_index,
        key=span.key,
        place=place,
        confidence=res.confidence,
        role=_role(place, sentence, surface),
    )


def _chain_readings(
    text: str,
    spans: list[_Span],
    resolved: dict[str, Resolution],
    gaz: Gazetteer,
    steer: tuple[set[str], set[str]],
    record: frozenset[str] = frozenset(),
) -> tuple[dict[int, Resolution], set[int]]:
    """Readings of the names a text puts inside others ("Sotk, Armenia", "Hlassame (Lalo,
    Couffo)", "Jilib town in Middle Jubba region"): see :mod:`geo.text._hierarchy`.

    ``steer`` is the document's countries and regions. The names of a chain are read with
    the local units of those countries, of every country when there are none
    (:func:`_unit_readings`): the text names them as units, or as the place units hold.
    Returns the readings (by span index) that the units holding them vouch for, and the
    spans that name no place inside the units the text gives.
    """
    context, areas = steer
    units = {
        k
        for k, span in enumerate(spans)
        if (place := _span_reading(span, resolved).place) is not None
        and place.feature_class in UNIT_CLASSES
    }
    names = [k for k, span in enumerate(spans) if not span.strict]  # no part of a longer name
    bounds = [(spans[k].start, spans[k].end) for k in names]
    chains = chains_from_spans(text, bounds, {n for n, k in enumerate(names) if k in units})
    in_countries = countries_from_demonyms(text, bounds)
    if not chains and not in_countries:
        return {}, set()
    readings = [_span_reading(spans[k], resolved) for k in names]
    members = {n for chain in chains for n in (*chain.units, chain.head_index) if n is not None}
    as_units = _unit_readings([spans[names[n]] for n in members], gaz, context, areas, record)
    in_chains = [
        as_units.get(_AS_UNIT + spans[k].key, res) if n in members and not spans[k].unit else res
        for n, (k, res) in enumerate(zip(names, readings, strict=True))
    ]  # a name with a unit word has its reading as a unit already (_span_reading)
    unit_gaz = _unit_gazetteer(gaz, context, record)
    qualified, rejected = readings_in_chains(chains, in_chains, unit_gaz, context, record=record)
    # "the Armenian village of Sotk": after the units the text names, which say more
    for n, res in readings_in_countries(in_countries, readings, gaz, context).items():
        if n not in rejected:
            qualified.setdefault(n, res)
    return {names[n]: res for n, res in qualified.items()}, {names[n] for n in rejected}


def _accept(
    span: _Span,
    res: Resolution,
    context: set[str],
    anchors: np.ndarray,
    name_words: set[str],
    record: frozenset[str] = frozenset(),
    *,
    pulled: bool = False,
) -> bool:
    """Keep a resolved span as a place mention, or not (people, acronyms, stray villages).

    A village is kept when it lies in the record's country (``record``), or in a country
    the text is about and near another place of the text, or when the few countries the
    text names moved its name to it from a namesake elsewhere (``pulled``,
    :func:`_pulled_to_named`).
    """
    place = res.place
    assert place is not None
    fclass = place.feature_class
    if span.unit and span.key in _NOT_A_PLACE:
        return fclass in _SUBNATIONAL  # "Bay region" is Bay, Somalia; no "Lake region" town
    if fclass not in ("populated_place", "admin2"):
        return not (span.after_title and fclass == "admin1")  # "Gov. Georgia Smith"
    if span.after_title or span.key in name_words:
        return False  # "Sen. Lincoln", or "Flores" after "Rick Flores"
    if fclass == "admin2":
        # "Giza's Haram district" is not Haram, Norway: a district outside the countries of
        # the text is kept only when its name was not just read off a unit word
        return not (span.unit and context and place.country not in context)
    if span.strict:
        return False  # part of a longer capitalised run: a person or an organisation
    surface = span.surface
    if surface.isupper() and len(surface) <= 4:
        return False  # "EU", "UN": acronyms name organisations far more often than towns
    if place.country in record:
        return True
    big = place.population >= 100_000 or place.capital
    if big or pulled:
        return True
    if place.country not in context:
        return False
    if place.population >= _SMALL_PLACE:
        return True
    if not len(anchors):
        return False
    lon, lat = place.anchor
    km = distance_km(lon, lat, anchors[:, 0], anchors[:, 1])
    return bool(((km > 0.0) & (km < _NEAR_KM)).any())


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


def places_from_text(
    text: str, *, gazetteer: Gazetteer | None = None, countries: Iterable[str] = ()
) -> gpd.GeoDataFrame:
    """Return the places a text names, one row per place, as a GeoDataFrame (EPSG:4326).

    The places of :func:`mentions_from_text` (demonyms left out), grouped by place.

    Parameters
    ----------
    text : str
        Plain text (UTF-8 decoded), read as it is (see :func:`mentions_from_text`).
    gazetteer : Gazetteer, optional, keyword-only
        Defaults to the shared offline gazetteer (:func:`geo.places.gazetteer.default_gazetteer`).
    countries : iterable of str, keyword-only
        ISO alpha-2 codes of the country the text reports on (a record's, or one the user
        gives): read as an ACLED note's record country (:func:`mentions_from_text`), its
        villages are kept where a text that names no country keeps only large towns.

    Returns
    -------
    geopandas.GeoDataFrame
        In order of first mention. Columns: the place attributes of
        :data:`geo.places.geocode.PLACE_COLUMNS`, ``role`` (the most specific over its
        mentions, see :data:`ROLES`), ``mentions`` (count), ``surfaces`` (distinct
        spellings, ``|``-separated), ``first_start``, ``sentence`` (the first sentence
        naming it in that role), ``confidence`` and ``geometry`` (the place's own geometry:
        a point, a line, a polygon).

    Examples
    --------
    >>> import geo
    >>> text = "Azerbaijani forces shelled Sotk, Armenia, the ministry in Yerevan said."
    >>> places = geo.places_from_text(text)
    >>> places[["name", "feature_class", "role", "mentions"]]
          name    feature_class           role  mentions
    0     Sotk  populated_place  incident_site         1
    1  Armenia          country        context         1
    2  Yerevan  populated_place     actor_seat         1
    >>> places.crs.to_string(), list(places.geom_type)
    ('EPSG:4326', ['Point', 'MultiPolygon', 'Point'])
    """
    mentions = mentions_from_text(text, gazetteer=gazetteer, demonyms=False, countries=countries)
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


def mention_frame_from_text(
    text: str, *, gazetteer: Gazetteer | None = None, demonyms: bool = True
) -> gpd.GeoDataFrame:
    """Return the mentions of a text as a GeoDataFrame (EPSG:4326), one row per mention.

    Columns: ``text`` (as written), ``start``, ``end``, ``sentence``, ``place_id``, ``name``,
    ``feature_class``, ``country``, ``precision``, ``role``, ``confidence`` and ``geometry``
    (the place's true geometry: a point, a line, a polygon).
    """
    rows: list[dict[str, Any]] = []
    geoms = []
    for m in mentions_from_text(text, gazetteer=gazetteer, demonyms=demonyms):
        assert m.place is not None
        rows.append(
            {
                "text": m.surface,
                "start": m.start,
                "end": m.end,
                "sentence": m.sentence,
                "place_id": m.place.place_id,
                "name": m.place.name,
                "feature_class": m.place.feature_class,
                "country": m.place.country,
                "precision": m.place.precision,
                "role": m.role,
                "confidence": m.confidence,
            }
        )
        geoms.append(m.place.geometry)
    columns = [
        "text",
        "start",
        "end",
        "sentence",
        "place_id",
        "name",
        "feature_class",
        "country",
        "precision",
        "role",
        "confidence",
    ]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry=geoms, crs="EPSG:4326")
