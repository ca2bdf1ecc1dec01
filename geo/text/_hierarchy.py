"""The hierarchy a text gives a place: "X (A, B)", "X in A", "X, A province", "the A district of B".

Reports place a village inside the units that hold it: ACLED notes name commune and
department in parentheses ("in Hlassame (Lalo, Couffo)"), others write "Gurguzu village of
Igabi LGA of Kaduna State", "Jilib town in Middle Jubba region", "Kersa, Arsi zone". Read
from the text alone (names, punctuation, unit words), such a **chain** is a named place
(the head, known to the gazetteer or not) and the names of the units holding it, smallest
first. The geoparser resolves each name inside the next (:mod:`geo.text.geoparse`); the
incident site falls back to the smallest known unit when the head is unknown
(:mod:`geo.text.sites`).

Links, from a name to the unit holding it:

- **parentheses**: every name in "X (A, B)" holds the one before it, whatever it is;
- **comma**: "X, A" when A is a unit (``units``: a region, a district, a country) or is
  followed by a unit word ("X, A province");
- **in/of**: "X in A", "X village of A", "the X area in A" when A is a unit or followed
  by a unit word, or X is followed by a word for a settlement or a unit ("X village of A":
  A may then be a town, "the Chalala area of Lusaka");
- **lists**: the names listed before X ("Sotk and Jermuk in Armenia", "Sotk, Kut and in
  Jermuk, Armenia", "Sotk and Jermuk (Gegharkunik, Armenia)") lie in X's units too, weakly:
  a member is read inside them when it has a candidate there, and is never rejected for
  having none ("Stepanakert and Goris (Syunik, Armenia)").

Apart from chains, a demonym before a settlement or unit word and "of" puts the names after
it in its country ("the Armenian village of Sotk", "Armenian villages of Sotk and Kut"):
:func:`countries_from_demonyms`, :func:`readings_in_countries`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Final

import numpy as np

from geo.places.distance import ABROAD_KM, distance_km, km_to_geometries
from geo.places.gazetteer import Gazetteer, Place, Resolution
from geo.places.names import NAME_PARTICLES, admin_name_variants, normalize
from geo.text._demonyms import DEMONYMS

__all__ = [
    "ARABIC_ARTICLE",
    "COMBINING_MARKS",
    "UNIT_CLASSES",
    "UNIT_WORDS",
    "Chain",
    "abroad",
    "chains_from_spans",
    "countries_from_demonyms",
    "readings_in_chains",
    "readings_in_countries",
    "unit_word_after",
]

#: Words after a name that make it an administrative unit ("Kaduna State", "Masisi territory").
UNIT_WORDS: Final = (
    "province",
    "state",
    "region",
    "district",
    "county",
    "department",
    "departement",
    "governorate",
    "prefecture",
    "territory",
    "zone",
    "locality",
    "lga",
    "local government area",
    "local government",
    "municipality",
    "commune",
    "sub-county",
    "subcounty",
    "woreda",
    "chiefdom",
    "division",
    "cercle",
    "circle",
    "oblast",
    "rayon",
    "marz",
    "wilaya",
    "emirate",
    "canton",
    "sector",
    "kebele",
    "ward",
    "payam",
    "boma",
    "tehsil",
    "hromada",
    "barangay",
    "village tract",
    "union council",
    "sub-district",
    "subdistrict",
    "arrondissement",
)
#: Words after a name that make it a settlement or a part of one ("Bordode town").
_SETTLEMENT_WORDS: Final = (
    "village",
    "villages",
    "town",
    "city",
    "area",
    "areas",
    "camp",
    "township",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "quarter",
    "hamlet",
    "settlement",
)
_WORDS = "|".join(
    re.escape(w).replace(r"\ ", r"\s+")
    for w in sorted((*UNIT_WORDS, *_SETTLEMENT_WORDS), key=len, reverse=True)
)
_UNIT_AFTER = re.compile(
    r"\s+(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(UNIT_WORDS, key=len)[::-1])
    + r")\b",
    re.IGNORECASE,
)


def unit_word_after(text: str, end: int) -> bool:
    """True if a unit word follows the name ending at ``end`` ("Qarabagh district", "Igabi
    LGA", "Masisi territory"): the text names the unit, whatever place the name resolves to.
    """
    return _UNIT_AFTER.match(text, end) is not None


#: Combining diacritics, as the body of a regex character class: in text written decomposed
#: (NFD: "Se\u0301gou"), the accents are characters of their own that ``\w`` does not match,
#: and a word pattern must take them in ("Ségou" is one word, not "Se" and "gou").
COMBINING_MARKS: Final = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
#: A capitalised word of a name (hyphens and apostrophes inside).
_NAME_WORD = rf"[^\W\d_a-z][\w'’\-{COMBINING_MARKS}]*"
#: An Arabic article as the romanisations of reports write it before a name ("al", "ad",
#: "ash", "el", "ez", "ul"), as the body of a regex group: the one pattern of the geoparser's
#: rules for articles joined to names ("Bir al-Abd", "Deir ez-Zor", "in al-Bab").
ARABIC_ARTICLE: Final = r"a[dlnrstz]|ash|e[dlnrstz]|ul"
#: An Arabic article written lowercase and joined to the name it opens ("al-Bab (...)").
_LOWER_ARTICLE = rf"(?:(?<![\w-])(?:{ARABIC_ARTICLE})-)?"
#: Between two capitalised words of one name: up to two particles ("Rio de Janeiro").
_JOIN = (
    r"(?:\s+(?:" + "|".join(sorted(NAME_PARTICLES)) + r")){0,2}\s+"
    rf"(?:(?:{ARABIC_ARTICLE})-)?"  # an article joined to the word: "Bab al-Hawa"
)
#: What comes between a name and the unit holding it, outside parentheses; ``word`` is a
#: settlement or unit word after the name, ``link`` the comma or preposition.
_GAP = re.compile(
    rf"(?P<head>{_NAME_WORD}(?:{_JOIN}{_NAME_WORD}){{0,4}})"
    rf"(?P<word>(?:\s+(?i:{_WORDS})){{0,2}})"
    r"(?P<link>\s*,\s*(?:(?i:in)\s+)?|\s*,?\s+(?i:in|of|within)\s+)(?:(?i:the)\s+)?$"
)
#: How a window that a gap (:data:`_GAP`) ends must end, blanks stripped.
_GAP_END = re.compile(r"(?:,|(?i:in|of|the))$")
#: Up to the last character of a window that no gap holds (they hold words, blanks,
#: apostrophes, hyphens and commas): a gap starts after it.
_BEFORE_GAP = re.compile(rf"(?s:.*)[^\w\s'’,\-{COMBINING_MARKS}]")


def _gap(window: str) -> re.Match[str] | None:
    """``_GAP.search(window)``, its search cut short: a window whose end no gap can take is
    answered at once, and the search starts after the last character no gap holds."""
    tail = window.rstrip()
    if _GAP_END.search(tail, max(0, len(tail) - 3)) is None:
        return None  # most windows
    before = _BEFORE_GAP.match(window)
    return _GAP.search(window, before.end() if before else 0)


#: Words for a settlement or a unit that may stand between its name and its units ("Kabul
#: city (...)", "Hays district (Al Hudaydah)").
_PLACE_IS: Final = (
    "villages|village|towns|town|city|township|hamlet|settlement|camps|camp|districts|district|"
    "locality|localities|county|sub-county|subcounty|commune|municipality|department|"
    "prefecture|woreda|lga|chiefdom|sector|kebele|ward|payam|boma|tehsil|hromada|barangay|"
    "sub-district|subdistrict|arrondissement|crossing|checkpoint|bridge|market|junction|"
    "airport|base"
)
_PARENS = re.compile(r"\(([^()]{1,160})\)")
_HEAD_BEFORE = re.compile(
    rf"(?P<head>{_LOWER_ARTICLE}{_NAME_WORD}(?:{_JOIN}{_NAME_WORD}){{0,4}})"
    rf"(?:\s+(?i:{_PLACE_IS}))?\s*$"
)  # "Hlassame (", "Kabul city ("; not "the Pretoria area (Mamelodi)", a part of Pretoria
#: Capitalised words that start a run but are no part of a name ("In Hlassame (...)").
_LEADING: Final = frozenset(
    "the a an in on at of for and but or as by to from with near into he she it they we i you "
    "his her its their our".split()
)
_WINDOW: Final = 120


@dataclass(frozen=True, slots=True)
class Chain:
    """A named place and the units the text puts it in.

    Attributes
    ----------
    head : tuple of int
        ``(start, end)`` of the place's name in the text.
    head_index : int or None
        Its index in the spans given to :func:`chains_from_spans`, ``None`` when no span
        covers exactly that name (a name the gazetteer does not know).
    units : tuple of int
        Indices of the spans naming the units that hold it, smallest first.
    strong : tuple of bool
        For each unit, whether the text says outright that the name before it lies in it
        (parentheses, a unit word: "X (A)", "X, A province", "X village of A") rather than
        only placing two names side by side ("X, A", "X in A", which may be a list).
    listed : bool
        The units are listed in parentheses after the name, two or more ("X (A, B)"): the
        way incident notes name commune and department.
    """

    head: tuple[int, int]
    head_index: int | None
    units: tuple[int, ...]
    strong: tuple[bool, ...] = ()
    listed: bool = False


def chains_from_spans(
    text: str, spans: Sequence[tuple[int, int]], units: set[int] | frozenset[int]
) -> list[Chain]:
    """The chains of a text (see the module docstring).

    Parameters
    ----------
    text : str
        The text.
    spans : sequence of (int, int)
        ``(start, end)`` of the names the gazetteer knows, in text order.
    units : set of int
        Indices of the spans whose place is a unit (a country, a region, a district).

    Returns
    -------
    list of Chain
        In text order of their heads; each head appears once, with the longest chain.
    """
    index = {span: k for k, span in enumerate(spans)}
    links: dict[tuple[int, int], tuple[int, bool]] = {}
    in_parens, listed = _paren_links(text, spans, index, links)
    for k in range(len(spans)):
        if k not in in_parens:
            link = _link_before(text, spans[k], k in units, index)
            if link is not None:
                links.setdefault(link[0], (k, link[1]))
    holders = {spans[k] for k, _ in links.values()}
    for head, (k, _) in list(links.items()):
        for member in _members_before(text, head, index, holders):
            if member not in links:
                links[member] = (k, False)
                if head in listed:
                    listed.add(member)  # "Sotk and Jermuk (Gegharkunik, Armenia)"
    return _chains(links, spans, index, listed)


#: Between two members of a list of names: "Sotk and Jermuk", "Sotk, Kut and in Jermuk".
_LAST_SEP = re.compile(r"\s*,?\s+(?i:and|or)\s+(?:(?i:in|at|near)\s+)?(?:(?i:the)\s+)?$")
_COMMA_SEP = re.compile(r"\s*,\s*(?:(?i:in|at|near)\s+)?(?:(?i:the)\s+)?$")
_NAME_BEFORE = re.compile(rf"(?P<head>{_NAME_WORD}(?:{_JOIN}{_NAME_WORD}){{0,4}})$")


def _members_before(
    text: str,
    head: tuple[int, int],
    index: dict[tuple[int, int], int],
    holders: AbstractSet[tuple[int, int]],
) -> list[tuple[int, int]]:
    """The names listed with ``head`` before it ("Sotk and Jermuk in Armenia", "Sotk, Kut and
    Jermuk, Armenia"), which the units after ``head`` hold as well; only names the gazetteer
    knows (``index``), nearest first.

    The last two members are joined by "and"/"or", earlier ones by commas: "Sotk, Jermuk,
    Armenia" is read as a chain, not a list. The list ends at a name that holds another
    (``holders``): in "Sotk, Armenia, and Jermuk, Armenia" each member has its own units.
    """
    members: list[tuple[int, int]] = []
    at = head[0]
    sep = _LAST_SEP
    while len(members) < 8:
        window = text[max(0, at - _WINDOW) : at]
        gap = sep.search(window)
        if gap is None:
            break
        offset = at - len(window)
        name = _NAME_BEFORE.search(window, 0, gap.start())
        if name is None:
            break
        member = _known_tail(text, offset + name.start(), offset + name.end(), index)
        if member is None or member in holders:
            break
        if member in index:
            members.append(member)
        at, sep = member[0], _COMMA_SEP
    return members


def _known_tail(
    text: str, start: int, end: int, index: dict[tuple[int, int], int]
) -> tuple[int, int] | None:
    """The longest known name that ends a run of capitalised words ("On Monday Sotk" ->
    "Sotk"), else the name of the whole run (:func:`_name`)."""
    for word in re.finditer(r"\S+", text[start:end]):
        if (start + word.start(), end) in index:
            return start + word.start(), end
    return _name(text, start, end, index)


#: Settlement words that describe the name after "of": "the Hunan city of Yueyang".
_OF_WHAT_FOLLOWS: Final = frozenset({"city", "town", "village", "suburb", "hamlet", "township"})


def _link_before(
    text: str, span: tuple[int, int], unit: bool, index: dict[tuple[int, int], int]
) -> tuple[tuple[int, int], bool] | None:
    """The name the text puts in the unit ``span`` names, outside parentheses, and whether
    it says so outright (a unit or settlement word), or None.

    "X, A" and "X in A" need A to be a unit (``unit``: its place is one); "X village of A",
    "X in A province" do not. "The Hunan city of Yueyang" puts Yueyang in Hunan, not the
    reverse: no link.
    """
    start, end = span
    window = text[max(0, start - _WINDOW) : start]
    if not window or window[-1] not in " \t,":
        return None
    gap = _gap(window)
    if gap is None:
        return None
    unit_word = _UNIT_AFTER.match(text, end) is not None
    word = gap.group("word").split()
    comma = "," in gap.group("link")
    if not unit and not unit_word and (not word or comma):
        return None
    if not unit and _is_acronym(text[start:end]):
        return None  # "Kasai province in the DRC": an acronym the gazetteer reads as a town
    offset = start - len(window)
    if (
        word
        and word[-1].lower() in _OF_WHAT_FOLLOWS
        and window[: gap.start("head")].rstrip().lower().endswith("the")
    ):
        return None
    head = _name(text, offset + gap.start("head"), offset + gap.end("head"), index)
    if head is None or head == span:
        return None
    if _PARTY_BEFORE.search(text, max(0, head[0] - 20), head[0]):
        return None  # "clashed with Taliban in Dara district": a party to the event, no place
    return head, unit_word or bool(word)


#: The word before a name that makes it a party to an event rather than a place in the unit
#: after it: "clashed with (the) Taliban in Dara district", "attacked by ISWAP in Gwoza
#: LGA", "fought against Houthis in Sirwah district", "the border with Burkina Faso in
#: Tanguieta commune" (a neighbour is never in a commune).
_PARTY_BEFORE: Final = re.compile(r"(?<!\w)(?i:with|by|against)\s+(?:(?i:the)\s+)?$")


def _paren_links(
    text: str,
    spans: Sequence[tuple[int, int]],
    index: dict[tuple[int, int], int],
    links: dict[tuple[int, int], tuple[int, bool]],
) -> tuple[set[int], set[tuple[int, int]]]:
    """Add the links of "X (A, B)" groups; return the indices of the spans inside them and
    the heads of groups of two items or more."""
    inside: set[int] = set()
    listed: set[tuple[int, int]] = set()
    if "(" not in text:
        return inside, listed
    starts = [s for s, _ in spans]
    for group in _PARENS.finditer(text):
        before = _HEAD_BEFORE.search(text, max(0, group.start() - _WINDOW), group.start())
        if before is None:
            continue
        head = _name(text, before.start("head"), before.end("head"), index)
        known = [
            k
            for k in _spans_between(starts, group.start(1), group.end(1))
            if _whole_item(text, spans[k], group.start(1), group.end(1))
            and not _is_acronym(text[spans[k][0] : spans[k][1]])
        ]
        if head is None or not known:
            continue
        if "," in group.group(1):
            listed.add(head)
        inside.update(known)
        smaller = head
        for k in known:
            links.setdefault(smaller, (k, True))
            smaller = spans[k]
    return inside, listed


def _is_acronym(name: str) -> bool:
    """ "(CAF)", "(FDC)": the abbreviation of the name before the parenthesis, not a place."""
    return len(name) <= 5 and name.isupper()


def _spans_between(starts: list[int], lo: int, hi: int) -> list[int]:
    import bisect

    return list(range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)))


def _whole_item(text: str, span: tuple[int, int], lo: int, hi: int) -> bool:
    """True if a span is a whole comma-separated item of a parenthesis (unit words aside)."""
    start, end = span
    if end > hi:
        return False
    before = text[lo:start]
    after = text[end:hi]
    item_before = before.rpartition(",")[2]
    item_after = after.partition(",")[0]
    if item_before.strip():
        return False
    rest = item_after.strip()
    return not rest or _UNIT_AFTER.fullmatch(" " + rest) is not None


def _name(
    text: str, start: int, end: int, index: dict[tuple[int, int], int]
) -> tuple[int, int] | None:
    """The name in ``text[start:end]``: without leading function words ("In Hlassame"), and
    without trailing unit words ("Igabi LGA") unless a known name covers them."""
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]
    while words and text[words[0][0] : words[0][1]].lower() in _LEADING:
        words.pop(0)
    if not words:
        return None
    whole = words[0][0], words[-1][1]
    if whole in index:
        return whole
    while len(words) > 1 and _UNIT_AFTER.fullmatch(" " + text[words[-1][0] : words[-1][1]]):
        words.pop()
    return words[0][0], words[-1][1]


def _chains(
    links: dict[tuple[int, int], tuple[int, bool]],
    spans: Sequence[tuple[int, int]],
    index: dict[tuple[int, int], int],
    listed: set[tuple[int, int]],
) -> list[Chain]:
    """Chains from the links: from every name no link leads to, follow the links up."""
    holders = {spans[k] for k, _ in links.values()}
    chains: list[Chain] = []
    for head in sorted(links):
        if head in holders:
            continue
        units: list[int] = []
        strong: list[bool] = []
        at = head
        while at in links and len(units) < 6:
            k, outright = links[at]
            if k in units:
                break
            units.append(k)
            strong.append(outright)
            at = spans[k]
        chains.append(Chain(head, index.get(head), tuple(units), tuple(strong), head in listed))
    return chains


#: "the Armenian village of", "Armenian villages of", "the South Sudanese town of": capitalised
#: words (a demonym among them, :func:`_demonym_code`; all start with A-Z), a settlement or
#: unit word, "of".
_DEMONYM_OF = re.compile(
    r"(?P<words>[A-Z]\w*(?:\s+[A-Z]\w*){0,2})\s+(?i:(?:"
    + _WORDS
    + r"|towns|cities|provinces|regions|districts|states)\s+of)\s+(?:(?i:the)\s+)?(?=[^\W\d_a-z])"
)


def _demonym_code(words: str) -> str | None:
    """The country of the demonym that ends ``words`` ("the Armenian" -> AM), or None."""
    parts = words.lower().split()
    for n in range(min(3, len(parts)), 0, -1):
        code = DEMONYMS.get(" ".join(parts[-n:]))
        if code is not None:
            return code
    return None


#: Between two names of a list, in text order: "Sotk and Kut", "Sotk, Kut and Tegh".
_LIST_SEP = re.compile(r"\s*,\s*|\s*,?\s+(?i:and|or)\s+")


def countries_from_demonyms(text: str, spans: Sequence[tuple[int, int]]) -> dict[int, str]:
    """The names a demonym says lie in its country: "the Armenian village of Sotk",
    "Armenian villages of Sotk and Kut" put Sotk and Kut in Armenia.

    Parameters
    ----------
    text : str
        The text.
    spans : sequence of (int, int)
        ``(start, end)`` of the names the gazetteer knows, in text order.

    Returns
    -------
    dict of int to str
        By span index, the ISO alpha-2 code of the country the text puts the name in.
    """
    found: dict[int, str] = {}
    if not spans:
        return found
    by_start = {start: k for k, (start, _) in enumerate(spans)}
    for match in _DEMONYM_OF.finditer(text):
        code = _demonym_code(match.group("words"))
        if code is None:
            continue
        k = by_start.get(match.end())
        last = False
        while k is not None and len(found) < 64:
            found.setdefault(k, code)
            sep = _LIST_SEP.match(text, spans[k][1])
            if sep is None or last:
                break
            last = "," not in sep.group() or sep.group().rstrip().endswith(("and", "or"))
            k = by_start.get(sep.end())
    return found


# --- resolution inside the units ------------------------------------------------------------

#: Feature classes that hold places: a unit of a chain, and what "X, A" reads as one.
UNIT_CLASSES: Final = frozenset({"country", "admin1", "admin2", "province", "region"})


def readings_in_chains(
    chains: Sequence[Chain],
    readings: Sequence[Resolution],
    gaz: Gazetteer,
    countries: AbstractSet[str],
    *,
    record: AbstractSet[str] = frozenset(),
) -> tuple[dict[int, Resolution], set[int]]:
    """Resolve every name of the chains inside the units after it, the largest first.

    Parameters
    ----------
    chains : sequence of Chain
        From :func:`chains_from_spans`.
    readings : sequence of Resolution
        The document's reading of each span's name.
    gaz : Gazetteer
        The gazetteer.
    countries : set of str
        The document's countries (context of the lookups).
    record : set of str, keyword-only
        ISO alpha-2 codes of the record's country. A unit (other than a country) that lies
        farther than :data:`~geo.places.distance.ABROAD_KM` outside it holds nothing and is
        rejected: in a note of Cameroon, "Bamenda (Mezam, Nord-Ouest)" is not in Haiti's
        Nord-Ouest.

    Returns
    -------
    qualified : dict of int to Resolution
        By span index: the reading inside the units holding it (the units vouch that it is a
        place); the units of a chain are vouched for by the chain.
    rejected : set of int
        Spans whose name has no candidate inside the units the text puts it in: the text
        does not mean any place of that name the gazetteer knows.
    """
    qualified: dict[int, Resolution] = {}
    rejected: set[int] = set()
    for chain in chains:
        _resolve_chain(chain, readings, gaz, countries, record, qualified, rejected)
    return qualified, rejected


def _resolve_chain(
    chain: Chain,
    readings: Sequence[Resolution],
    gaz: Gazetteer,
    countries: AbstractSet[str],
    record: AbstractSet[str],
    qualified: dict[int, Resolution],
    rejected: set[int],
) -> None:
    """:func:`readings_in_chains` for one chain: fill ``qualified`` and ``rejected``."""
    # the places that may hold the next name, tried in order: the unit's reading, a unit of
    # that name holding it (Kharkiv oblast for the city), the units above a town that
    # stands for its district; each with the point the name is looked for nearest in it
    # (that town or district point: a larger unit holds many villages of one name)
    holders: list[tuple[Place, tuple[float, float] | None]] = []
    # each name with the link to the unit holding it: (span, that link is outright)
    names = list(zip(reversed(chain.units), (False, *reversed(chain.strong[1:])), strict=True))
    if chain.head_index is not None:
        names.append((chain.head_index, chain.strong[0]))
    for k, outright in names:
        default = readings[k]
        if k in chain.units and abroad(default.place, record, gaz):
            rejected.add(k)  # the holders stay the larger unit's, if any
            continue
        res = qualified.get(k)
        if res is None and k not in rejected:
            res = _reading_in_any(gaz, default, holders, countries, outright=outright)
        if res is None:
            # a village put in a unit, but none of that name lies there; a local unit of that
            # name is the place only inside the units the text names: "Tole kebele (Gimbi,
            # West Wellega)" is no Tole woreda 290 km from Gimbi. A local unit's outline is
            # geoBoundaries', not always the note's: it rejects nothing. Nor do small towns
            # standing for units the seat of a district of its name ("Tartar (Tartar, Aran)")
            judges = [h for h, _ in holders if not gaz.is_local_unit(h)]
            local = default.place is not None and gaz.is_local_unit(default.place)
            finer = any(_finer(default.place, h) for h in judges) and not (
                _names_its_head(chain, k, readings)
                and _only_towns_hold(holders, default.place, record)
            )
            if outright and (finer or (local and holders)):
                rejected.add(k)
            else:
                holders = []  # "Ethiopia, Philippines": a list, not a unit and its part
            continue
        if holders and _district_slot(chain, k):
            res = _district_reading(gaz, res, holders)
        if holders or (k in chain.units and (chain.listed or _level(res.place))):
            qualified[k] = res  # vouched for by the unit holding it, or by the chain
        assert res.place is not None
        if k not in chain.units:
            holders = [(res.place, None)]
            continue
        # a city in a district's slot stands for itself, not for a larger unit: "Slobidka
        # (Odesa, Odesa)", "Providencia (Guadalajara, Jalisco)" are parts of the city, never
        # a namesake elsewhere in its province; the last unit named, where a province
        # stands, reads a city's name as the province too ("Kupiansk (Kupianskyi, Kharkiv)",
        # "Nsukka (Enugu)")
        city = _is_city(res.place) and k != chain.units[-1]
        wider = province = None
        if not city:
            wider = _namesake_unit(gaz, res, district=_district_slot(chain, k))
            if k == chain.units[-1]:
                province = _province_named(gaz, res)
        # "Aguelhok (Tessalit, Kidal)": the town of Tessalit stands for a district far
        # larger than the town; what lies in Kidal may lie in that district. What a local
        # unit does not hold may lie in the larger units
        seat = res.place.anchor
        below = (_level(res.place) == 0 and not city) or gaz.is_local_unit(res.place)
        outer = [(h, seat) for h, _ in holders] if below else []
        units = [(unit, None) for unit in (wider, province) if unit is not None]
        holders = [(res.place, None), *units, *outer]
        region = _region_of_district(gaz, res.place)
        if region is not None and all(region != h for h, _ in holders):
            # "in Arbinda (Arbinda, Soum)": Soum is a point standing for a province 150 km
            # wide; its region holds what the point's radius misses
            holders.append((region, seat))


#: A town this far (km) or farther from the district of its name is not that district's
#: seat: twice the radius a district's point stands for.
_FAR_FROM_DISTRICT_KM: Final = 80.0


def _district_reading(
    gaz: Gazetteer,
    res: Resolution,
    holders: Sequence[tuple[Place, tuple[float, float] | None]],
) -> Resolution:
    """The reading of a name in a district's slot: the district of that name in the unit
    holding it, when the town it reads as lies far from that district (a namesake), else
    ``res``.

    "El Salto (El Salto, Jalisco)": Jalisco has two towns of El Salto, 134 km apart; the
    municipality of El Salto tells which.
    """
    town = res.place
    unit = next((h for h, _ in holders if _level(h) >= 2), None)
    if town is None or unit is None or _level(town) != 0 or _is_city(town):
        return res
    found = gaz.lookup(res.query, countries=(town.country or "",), within=unit, limit=20)
    district = next((c.place for c in found.candidates if _level(c.place) == 1), None)
    if district is None:
        return res
    if distance_km(town.lon, town.lat, district.lon, district.lat) < _FAR_FROM_DISTRICT_KM:
        return res
    return found.preferring(lambda place: place == district)


def _names_its_head(chain: Chain, k: int, readings: Sequence[Resolution]) -> bool:
    """True if the unit ``k`` of a chain bears the name of the chain's head: "Tartar
    (Tartar, Aran)", a town and the district named after it, whose seat it is."""
    head = chain.head_index
    return (
        head is not None
        and k in chain.units
        and normalize(readings[k].query) == normalize(readings[head].query)
    )


def _only_towns_hold(
    holders: Sequence[tuple[Place, tuple[float, float] | None]],
    place: Place | None,
    record: AbstractSet[str],
) -> bool:
    """True if every holder is a town smaller than a city and ``place``, a name's own
    reading, lies in the record's country: a unit the gazetteer knows only as a town of its
    name ("Tartar (Tartar, Aran)": Aran, an economic region of Azerbaijan, read as the
    village of Aran) cannot say that a place of the country lies outside it. A city can:
    "Jacarezinho (Rio de Janeiro, Rio de Janeiro)" is a part of the city, not the town of
    Parana."""
    return (
        place is not None
        and place.country in record
        and all(_level(holder) == 0 and not _is_city(holder) for holder, _ in holders)
    )


#: A town of this many people or more is a city: its name in a note's units is the city.
_CITY_POPULATION: Final = 100_000


def _is_city(place: Place) -> bool:
    """True if ``place`` is a populated place of :data:`_CITY_POPULATION` people or more."""
    return _level(place) == 0 and place.population >= _CITY_POPULATION


def _region_of_district(gaz: Gazetteer, place: Place) -> Place | None:
    """The first-level region of a district the gazetteer knows only as a point, or None."""
    if _level(place) != 1 or place.geometry_type in ("Polygon", "MultiPolygon"):
        return None
    return gaz.region_of(place)


def _reading_in_any(
    gaz: Gazetteer,
    default: Resolution,
    holders: Sequence[tuple[Place, tuple[float, float] | None]],
    countries: AbstractSet[str],
    *,
    outright: bool,
) -> Resolution | None:
    """The reading of a name inside the first of ``holders`` (each with the point its places
    of that name are ranked nearest, or None) that has one (:func:`_reading_within`); without
    holders, the default reading."""
    if not holders:
        return _reading_within(gaz, default, None, countries, outright=outright)
    for holder, near in holders:
        res = _reading_within(gaz, default, holder, countries, outright=outright, near=near)
        if res is not None:
            return res
    return None


def _district_slot(chain: Chain, k: int) -> bool:
    """True if the unit ``k`` of a chain stands where a district stands: not the largest of
    units listed in parentheses ("Lalo" in "Hlassame (Lalo, Couffo)")."""
    return chain.listed and k != chain.units[-1]


def _namesake_unit(gaz: Gazetteer, res: Resolution, *, district: bool) -> Place | None:
    """A unit named like the town a unit's name reads as, holding that town, or None.

    Provinces and districts are often named after their seat: in "Kupiansk (Kupianskyi,
    Kharkiv)", Kharkiv is the oblast, and Kupiansk lies in it, 100 km from the city.
    ``district``: the name stands where a district stands, so only a district will do (a
    province of that name is too large).
    """
    town = res.place
    if town is None or _level(town) != 0:
        return None
    # where a province may stand, the province first: "Salqin (Harim, Idleb)" lies in Idlib
    # governorate, not in the district of Idlib city
    for level in (1,) if district else (2, 1):
        for candidate in res.candidates[1:]:
            unit = candidate.place
            if _level(unit) == level and unit.country == town.country and gaz.contains(unit, town):
                return unit
    if district:
        return None
    # "Orikhiv (Polohivskyi, Zaporizhzhia)": GeoNames spells the oblast "Zaporizhia" and
    # knows "Zaporizhzhia" only as the city; the town's own region, if its name begins the
    # same way, is the unit meant
    region = gaz.region_of(town)
    if region is not None and _same_stem(res.query, region.name):
        return region
    return None


def _province_named(gaz: Gazetteer, res: Resolution) -> Place | None:
    """A first-level unit of the town's country named as the town a chain's largest unit
    reads as, when it does not hold that town; or None.

    Where a province stands, a town's name may be the province's even when the town lies
    elsewhere: in "Seattle (King, Washington)" Washington is the state, not the city of
    Washington, D.C.; in "Cuernavaca (Cuernavaca, Morelos)" Morelos is the state, not
    Ecatepec de Morelos. The town stays the first reading; the province is tried after it.
    """
    town = res.place
    if town is None or _level(town) != 0 or not town.country:
        return None
    found = gaz.lookup(res.query, countries=(town.country,), within=town.country, limit=20)
    for candidate in found.candidates:
        if _level(candidate.place) == 2 and not gaz.contains(candidate.place, town):
            return candidate.place
    return None


#: Arabic articles that begin names in one spelling and not in another ("Ar-Raqqa", "Raqqa").
_ARTICLE = re.compile(r"^(?:a[lnrsdtz]|el)[ -]")


def _same_stem(name: str, region: str) -> bool:
    """True if a name and a region's name (or one of its variants), articles aside, are four
    letters long or more and begin with the same four: "Sagaing" and GeoNames' "Sagain",
    "Nabatieh" and "Nabatiye", "Dara" and "Daraa"."""
    key = _ARTICLE.sub("", normalize(name))
    for variant in (region, *admin_name_variants(region)):
        other = _ARTICLE.sub("", normalize(variant))
        if min(len(key), len(other)) >= 4 and key[:4] == other[:4]:
            return True
    return False


def abroad(place: Place | None, record: AbstractSet[str], gaz: Gazetteer) -> bool:
    """True if ``place``, a unit (or a town) below a country, lies in another country than
    the record's and its anchor farther than :data:`~geo.places.distance.ABROAD_KM` from the
    record's country (a region across a disputed line, Nagorno-Karabakh in a note of
    Armenia, is not abroad)."""
    if not record or place is None or not place.country or place.country in record:
        return False
    if _level(place) == 3:
        return False
    return all(_km_outside(gaz, code, place.anchor) > ABROAD_KM for code in record)


def _km_outside(gaz: Gazetteer, code: str, anchor: tuple[float, float]) -> float:
    """Distance (km) from a point (lon, lat) to a country's outline; 0 inside it, infinite
    when the gazetteer has no such country."""
    try:
        country = gaz.get(f"country:{code}")
    except KeyError:
        return float("inf")
    shape = np.array([country.geometry], dtype=object)
    return float(km_to_geometries(shape, np.array([anchor[0]]), np.array([anchor[1]]))[0])


def readings_in_countries(
    named: dict[int, str],
    readings: Sequence[Resolution],
    gaz: Gazetteer,
    countries: AbstractSet[str],
) -> dict[int, Resolution]:
    """Resolve the names a demonym puts in a country (:func:`countries_from_demonyms`)
    inside that country.

    Returns, by span index, the readings inside the country; a name with no candidate there
    is left to the document's reading (the demonym may name who holds the place, not where
    it lies), never rejected.
    """
    out: dict[int, Resolution] = {}
    for k, code in named.items():
        try:
            country = gaz.get(f"country:{code}")
        except KeyError:
            continue
        res = _reading_within(gaz, readings[k], country, countries, outright=True)
        if res is not None:
            out[k] = res
    return out


#: Level of a feature class in the hierarchy (a place lies in a unit of a higher level).
_LEVELS: Final[dict[str, int]] = {
    "admin2": 1,
    "admin1": 2,
    "province": 2,
    "region": 2,
    "country": 3,
}


def _finer(place: Place | None, holder: Place) -> bool:
    """True if ``place`` is of a level that can lie in ``holder``: a finer one, or a town near
    the town that stands for its commune ("Hlassame (Lalo, Couffo)")."""
    level = _level(holder)
    return place is not None and (_level(place) < level or _level(place) == level == 0)


def _level(place: Place | None) -> int:
    """0 for a settlement or a point feature, 1 a district, 2 a province or region, 3 a country."""
    return 0 if place is None else _LEVELS.get(place.feature_class, 0)


def _reading_within(
    gaz: Gazetteer,
    default: Resolution,
    holder: Place | None,
    countries: AbstractSet[str],
    *,
    outright: bool,
    near: tuple[float, float] | None = None,
) -> Resolution | None:
    """The reading of a name (its ``default`` one in the document) inside ``holder``, or None.

    Without a holder, the default reading. Else the name is looked up with the holder as
    context; its best candidate is taken when it lies in the holder
    (:meth:`~geo.places.gazetteer.Gazetteer.contains`) and is finer (a country is in no
    country, a state in no state). When the text says outright that the name lies in the
    holder, or names a town beside a state or province ("Paris, Kentucky"), the best of the
    candidates inside it will do (``lookup(within=holder)``). ``near``: a point (lon, lat)
    the name's places in the holder rank nearest ("Kovali (Kozelshchyna Raion, Poltava)":
    of Poltava's two Kovali, the one near the district's point), instead of the holder's.
    """
    place = default.place
    if place is None or holder is None:
        return None if place is None else default
    polygon = holder.wkb is not None and holder.geometry_type in ("Polygon", "MultiPolygon")
    context = {*countries, holder.country} if holder.country else countries
    hint = [near] if near is not None else []
    res = gaz.lookup(
        default.query,
        countries=context,
        regions=(holder.place_id,) if polygon else (),
        near=hint if polygon or near is not None else (holder.anchor,),
    )
    best = res.place
    if best is not None and _finer(best, holder) and gaz.contains(holder, best):
        return res
    # "Paris, Kentucky": a town and its state side by side is a pair, whatever Paris is
    # best known for; "France, Kentucky" or "Ohio, Kentucky" are not
    town_in_state = _level(place) == 0 and _level(holder) == 2
    if not outright and not town_in_state:
        return None
    res = gaz.lookup(default.query, countries=context, near=hint, within=holder, limit=20)
    if not any(_finer(c.place, holder) for c in res.candidates):
        return None
    return res.preferring(lambda candidate: _finer(candidate, holder))
