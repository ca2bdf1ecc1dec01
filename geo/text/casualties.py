"""Fatality and injury counts read from one sentence of news text.

Counts are written as digits ("3 soldiers"), words ("four of its soldiers", "twenty-one"),
or not given at all ("dozens killed"). Only stated figures become numbers: a vague figure
("dozens", "tens of thousands") is reported with ``value=None`` and a note, never turned
into a guess; "no casualties" is a stated zero.

Patterns (case-insensitive), each giving a fatality or an injury count:

* active verb + count: "killed one person", "wounded four", "injuring 12 civilians";
* count (+ people) + passive verb: "two soldiers were killed", "four of its soldiers had been
  wounded", "dozens were killed", "three civilians died";
* "left" + count + "dead"/"wounded": "left one of its soldiers dead";
* count + adjective: "3 dead", "dozens killed", "five injured";
* "death toll (rose) to N";
* stated zeros: "no casualties" (0 and 0), "no one was killed" (0 fatalities), "no injuries".

Within a sentence, and across the sentences of one incident (:mod:`geo.incidents.draft`), the largest
stated figure is kept: reports restate totals ("killed one person" ... "left one of its
soldiers dead"), so adding them up would count the same victims twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = ["Casualties", "CasualtyCount", "casualties_from_text", "parse_number", "summarise"]

logger = logging.getLogger(__name__)

Kind = Literal["fatalities", "injuries"]

_UNITS: Final[dict[str, int]] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS: Final[dict[str, int]] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_FIXED: Final[dict[str, int]] = {"a dozen": 12, "a hundred": 100, "one hundred": 100}

_WORD_NUMBER = (
    r"(?:a\s+dozen|a\s+hundred|one\s+hundred|(?:"
    + "|".join(_TENS)
    + r")(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_VAGUE = (
    r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|thousands|hundreds|dozens|scores|"
    r"several|many|numerous|a\s+number|a\s+few)"
)
_QUALIFIER = (
    r"(?:at\s+least|some|about|around|nearly|almost|up\s+to|more\s+than|over|as\s+many\s+as)"
)
#: A count: optional qualifier, then digits, a number word, a vague quantity or a/an.
_COUNT = (
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?P<count>{_DIGITS}|{_WORD_NUMBER}|{_VAGUE}|an?)"
)
_PEOPLE = (
    r"(?:people|persons?|soldiers?|servicem[ae]n|service\s+members?|troops|civilians?|fighters?|"
    r"militants?|personnel|residents?|villagers?|policem[ae]n|police\s+officers?|officers?|"
    r"border\s+guards?|guards?|children|women|men|members|individuals|conscripts?|rebels?|"
    r"workers?|farmers?|shepherds?|others)"
)
#: Between a count and the people: "of its", "Armenian", "of the Azerbaijani"...
_MODIFIER = r"(?:of\s+(?:(?:its|their|his|her|our|the)\s+)?)?(?:[A-Za-z’'-]+\s+){0,2}?"
_AUX = r"(?:were|was|had\s+been|have\s+been|has\s+been|are|is|got|been|be|being)"
_ADVERB = r"(?:(?:reportedly|also|allegedly|reported|later|all|both)\s+)?"
_KILL = r"kill(?:ed|ing|s)?"
_WOUND = r"(?:wound(?:ed|ing|s)?|injur(?:ed|ing|es|e)|hurt(?:ing|s)?)"
_TIME_OR_DISTANCE = re.compile(
    r"\s+(?:days?|weeks?|months?|years?|hours?|minutes?|times?|km|kilomet(?:re|er)s?|miles?|"
    r"met(?:re|er)s?)\b",
    re.IGNORECASE,
)
_DISTANCE = re.compile(r"\s+(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?)\b", re.IGNORECASE)

_ACTIVE = re.compile(
    rf"\b(?P<verb>{_KILL}|{_WOUND})\s+{_COUNT}\b(?:\s+{_MODIFIER}{_PEOPLE}\b)?", re.IGNORECASE
)
_PASSIVE = re.compile(
    rf"\b{_COUNT}\s+{_MODIFIER}{_PEOPLE}\s+(?:\w+\s+){{0,2}}?{_AUX}\s+{_ADVERB}"
    rf"(?P<verb>killed|dead|wounded|injured|hurt)\b",
    re.IGNORECASE,
)
_PASSIVE_BARE = re.compile(
    rf"\b{_COUNT}\s+{_AUX}\s+{_ADVERB}(?P<verb>killed|wounded|injured|hurt)\b", re.IGNORECASE
)
_DIED = re.compile(
    rf"\b{_COUNT}\s+{_MODIFIER}{_PEOPLE}\s+(?:\w+\s+){{0,2}}?(?P<verb>died|perished)\b",
    re.IGNORECASE,
)
_LEFT = re.compile(
    rf"\b(?:left|leaving|leaves)\s+{_COUNT}\s+{_MODIFIER}(?:{_PEOPLE}\s+)?"
    rf"(?P<verb>dead|killed|wounded|injured|hurt)\b",
    re.IGNORECASE,
)
_ADJECTIVE = re.compile(
    rf"\b{_COUNT}\s+(?:{_MODIFIER}{_PEOPLE}\s+)?(?P<verb>dead|killed|wounded|injured)\b",
    re.IGNORECASE,
)
_TOLL = re.compile(
    rf"\bdeath\s+toll\s+(?:\w+\s+){{0,2}}?(?:to|of|at|stands\s+at)\s+{_COUNT}\b", re.IGNORECASE
)
_ZERO = re.compile(
    r"\b(?:no\s+(?P<noun>casualties|injuries|fatalities|deaths|one\s+was\s+(?:killed|hurt|injured|wounded)|"
    r"one\s+(?:killed|hurt|injured|wounded))|without\s+(?:any\s+)?(?P<noun2>casualties)|"
    r"nobody\s+was\s+(?P<noun3>killed|hurt|injured|wounded))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CasualtyCount:
    """One figure found in a sentence.

    Attributes
    ----------
    kind : {"fatalities", "injuries"}
        What is counted.
    value : int or None
        The figure; ``None`` when the text gives none ("dozens killed").
    phrase : str
        The words it was read from, verbatim.
    start, end : int
        Offsets of ``phrase`` in the sentence.
    approximate : bool
        The figure was qualified ("about 20", "more than 3").
    """

    kind: Kind
    value: int | None
    phrase: str
    start: int
    end: int
    approximate: bool = False


@dataclass(frozen=True)
class Casualties:
    """Fatalities and injuries stated in a text, with the phrases they come from.

    Attributes
    ----------
    fatalities, injuries : int or None
        The largest stated figure of each kind; ``None`` when no exact figure is stated.
    counts : tuple of CasualtyCount
        Every figure found, in text order.
    notes : tuple of str
        What was left empty and why ("fatalities: no figure in 'dozens killed'").
    """

    fatalities: int | None = None
    injuries: int | None = None
    counts: tuple[CasualtyCount, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def of(self, kind: Kind) -> int | None:
        """The figure of one kind."""
        return self.fatalities if kind == "fatalities" else self.injuries


def parse_number(text: str) -> int | None:
    """Return the integer a count word or numeral stands for, or ``None`` if it is vague.

    Parameters
    ----------
    text : str
        ``"4"``, ``"1,200"``, ``"four"``, ``"twenty-one"``, ``"a dozen"``, ``"a"``/``"an"``
        (one); vague quantities (``"dozens"``, ``"several"``) give ``None``.

    Examples
    --------
    >>> parse_number("twenty-one"), parse_number("1,200"), parse_number("dozens")
    (21, 1200, None)
    """
    word = " ".join(text.lower().split())
    if re.fullmatch(_DIGITS, word):
        return int(word.replace(",", ""))
    if word in ("a", "an"):
        return 1
    if word in _FIXED:
        return _FIXED[word]
    if word in _UNITS:
        return _UNITS[word]
    tens, _, unit = word.partition("-")
    if tens in _TENS and (not unit or unit in _UNITS):
        return _TENS[tens] + (_UNITS[unit] if unit else 0)
    return None


def _kind(verb: str) -> Kind:
    verb = verb.lower()
    return "fatalities" if verb.startswith(("kill", "dead", "died", "perish")) else "injuries"


def _passive_before(sentence: str, at: int) -> bool:
    return (
        re.search(rf"\b{_AUX}\s+{_ADVERB}$", sentence[max(0, at - 40) : at], re.IGNORECASE)
        is not None
    )


def casualties_from_text(sentence: str) -> Casualties:
    """Read the fatality and injury figures a sentence states.

    Parameters
    ----------
    sentence : str
        One sentence (or a short passage) of news text.

    Returns
    -------
    Casualties
        The largest stated figure of each kind, every figure found, and notes on figures left
        empty.

    Examples
    --------
    >>> c = casualties_from_text("An exchange of fire killed one person and wounded four.")
    >>> c.fatalities, c.injuries
    (1, 4)
    >>> casualties_from_text("Dozens killed.").fatalities is None
    True
    """
    found: list[CasualtyCount] = []
    for kind, match, count in _figure_matches(sentence):
        stated = _stated_count(sentence, kind, match, count, found)
        if stated is not None:
            found.append(stated)
    found += _stated_zeros(sentence)
    found.sort(key=lambda c: (c.start, c.kind))
    return summarise(found)


def _figure_matches(sentence: str) -> Iterator[tuple[Kind, re.Match[str], str | None]]:
    """``(kind, match, count)`` of every pattern stating a figure, in the order they are read."""
    for match in _ACTIVE.finditer(sentence):
        after = sentence[match.end() :]
        passive = _passive_before(sentence, match.start())
        if _DISTANCE.match(after) or (passive and _TIME_OR_DISTANCE.match(after)):
            continue  # "killed 2 km from", "was wounded two days ago"
        yield _kind(match.group("verb")), match, match.group("count")
    for pattern in (_PASSIVE, _PASSIVE_BARE, _DIED, _LEFT, _ADJECTIVE):
        for match in pattern.finditer(sentence):
            yield _kind(match.group("verb")), match, match.group("count")
    for match in _TOLL.finditer(sentence):
        yield "fatalities", match, match.group("count")


def _stated_count(
    sentence: str,
    kind: Kind,
    match: re.Match[str],
    count: str | None,
    found: list[CasualtyCount],
) -> CasualtyCount | None:
    """The figure a match states, or None (a negation, "a" not before a person, a figure
    already read by another pattern)."""
    if count is None:
        return None
    if re.search(r"\b(?:no|not|nor)\s+$", sentence[: match.start("count")], re.IGNORECASE):
        return None  # "no one was hurt" is a zero, read by _ZERO
    if count.lower() in ("a", "an") and not re.match(
        rf"\s+{_MODIFIER}{_PEOPLE}\b", sentence[match.end("count") :], re.IGNORECASE
    ):
        return None  # "killed a ..." counts only a person: "killed a soldier"
    if any(c.kind == kind and c.start < match.end() and match.start() < c.end for c in found):
        return None  # the same figure read by two patterns ("left one ... dead")
    qual = (match.groupdict().get("qual") or "").lower()
    return CasualtyCount(
        kind=kind,
        value=parse_number(count),
        phrase=match.group(0),
        start=match.start(),
        end=match.end(),
        approximate=bool(qual) and qual != "at least",
    )


def _stated_zeros(sentence: str) -> list[CasualtyCount]:
    """Zeros a sentence states: "no casualties" (both kinds), "no one was killed"..."""
    out: list[CasualtyCount] = []
    for match in _ZERO.finditer(sentence):
        noun = (match.group("noun") or match.group("noun2") or match.group("noun3") or "").lower()
        kinds: tuple[Kind, ...]
        if noun == "casualties":
            kinds = ("fatalities", "injuries")
        elif re.search(r"kill|fatalit|death", noun):
            kinds = ("fatalities",)
        else:
            kinds = ("injuries",)
        out += [
            CasualtyCount(kind, 0, match.group(0), match.start(), match.end()) for kind in kinds
        ]
    return out


def summarise(counts: list[CasualtyCount] | tuple[CasualtyCount, ...]) -> Casualties:
    """Combine figures (of one sentence or of one incident) into one :class:`Casualties`.

    The largest exact figure of each kind wins; a kind with only vague figures stays empty
    and gets a note.
    """
    values: dict[Kind, int | None] = {}
    notes: list[str] = []
    for kind in ("fatalities", "injuries"):
        of_kind = [c for c in counts if c.kind == kind]
        exact = [c.value for c in of_kind if c.value is not None]
        values[kind] = max(exact) if exact else None
        if not exact and of_kind:
            phrases = ", ".join(f"“{c.phrase}”" for c in of_kind)
            notes.append(f"{kind}: the text gives no exact figure ({phrases}); left empty")
        elif any(c.approximate for c in of_kind if c.value == values[kind]):
            notes.append(f"{kind}: the figure is approximate in the text")
    return Casualties(
        fatalities=values["fatalities"],
        injuries=values["injuries"],
        counts=tuple(counts),
        notes=tuple(notes),
    )
