"""Dates in news text, resolved against the publication date, with ACLED time precision.

A story dated 2023-05-11 (a Thursday) that says "on Thursday" means 11 May 2023; "at the end
of April" means 20-30 April 2023; "last year" means some day of 2022. Each expression
becomes a :class:`DateMention` with an interval (``earliest`` .. ``latest``) and the ACLED
``time_precision`` it supports:

=================================================  =======================  =========
expression                                         interval                 precision
=================================================  =======================  =========
"on Thursday", "Thursday's", "last Thursday"       that day, on or before   1
                                                   the publication date
"today", "yesterday", "last night", "2 days ago"   that day                 1
"11 May 2023", "May 11", "on June 1", ISO dates    that day (no year: the   1
                                                   nearest to publication)
"at the end of April", "late April"                20th .. last day         2
"at the beginning of May", "early May"             1st .. 10th              2
"in mid-April", "the middle of April"              10th .. 20th             2
"last week", "this week", "a week ago"             that week                2
"in November 2020", "in April", "last month",      the month                3
"in May last year", "earlier this month"
"last year", "in 2020", "this year"                the year                 none
=================================================  =======================  =========

``event_date`` is the middle of the interval when there is a precision, and empty when there
is none (a year is not a date ACLED can code). An interval is cut at the publication date
when it would run past it ("earlier this month"). Vague expressions ("days ahead", "in recent
months", "recently") are recognised and give no date. A day or month without a year is put
in the year that brings it nearest to the publication date ("on June 1" in a story of
11 May 2023 is 1 June 2023, *after* publication: ``future`` is then true, and such a date is
not the date of a reported incident).
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Final

from geo.text.casualties import parse_number

__all__ = ["DateMention", "date_mentions", "resolve_date"]

logger = logging.getLogger(__name__)

_MONTH_NUMBERS: Final[dict[str, int]] = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_WEEKDAYS: Final[dict[str, int]] = {
    name.lower(): i for i, name in enumerate(calendar.day_name)
}  # Monday = 0

# Month and weekday names are matched case-sensitively ("May" the month, not "may" the
# verb); function words are matched in any case through (?i:...).
_MONTH = (
    r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
    r"Jan|Feb|Apr|Aug|Sept?|Oct|Nov|Dec)"
)
_YEAR = r"(?P<y>(?:1[89]|2[01])\d{2})"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_WORDS: Final[dict[str, tuple[int, int | None]]] = {
    # part of a month -> (first day, last day or None for the month's last day)
    "beginning": (1, 10),
    "start": (1, 10),
    "early": (1, 10),
    "middle": (10, 20),
    "mid": (10, 20),
    "end": (20, None),
    "close": (20, None),
    "late": (20, None),
}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and what it means, given the publication date.

    Attributes
    ----------
    phrase : str
        The expression, verbatim.
    start, end : int
        Its offsets in the text searched.
    earliest, latest : datetime.date
        The interval it denotes (equal for a day).
    precision : int or None
        ACLED ``time_precision``: 1 day, 2 a range of up to about ten days, 3 a month;
        ``None`` when only the year (or a longer span) is known.
    future : bool
        The interval starts after the publication date (a scheduled event, not a report).
    """

    phrase: str
    start: int
    end: int
    earliest: date
    latest: date
    precision: int | None
    future: bool = False

    @property
    def event_date(self) -> date | None:
        """The ACLED ``event_date``: the middle of the interval, or ``None`` without precision."""
        if self.precision is None:
            return None
        return self.earliest + timedelta(days=(self.latest - self.earliest).days // 2)


_Interval = tuple[date, date, int | None]
_Handler = Callable[[re.Match[str], date], _Interval | None]


def _month_number(name: str) -> int:
    return _MONTH_NUMBERS[name.rstrip(".").lower()]


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _nearest_year(published: date, make: Callable[[int], tuple[date, date]]) -> tuple[date, date]:
    """The interval (built for one year) in the year nearest to publication; ties go to the past."""
    spans = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            spans.append(make(year))
        except ValueError:
            continue  # 29 February of a common year
    return min(spans, key=partial(_distance_in_days, published))


def _distance_in_days(published: date, span: tuple[date, date]) -> tuple[int, int]:
    """Days from a date to an interval (0 inside it), then 1 if the interval is after it."""
    a, b = span
    if a <= published <= b:
        return (0, 0)
    gap = (a - published).days if a > published else (published - b).days
    return (gap, 1 if a > published else 0)


def _day(match: re.Match[str], published: date) -> _Interval | None:
    month = _month_number(match.group("m"))
    day = int(match.group("d"))
    if match.group("y"):
        try:
            d = date(int(match.group("y")), month, day)
        except ValueError:
            return None
        return d, d, 1
    try:
        d, _ = _nearest_year(published, lambda y: (date(y, month, day), date(y, month, day)))
    except ValueError:
        return None
    return d, d, 1


def _iso(match: re.Match[str], published: date) -> _Interval | None:
    try:
        d = date(int(match.group("y")), int(match.group("mo")), int(match.group("d")))
    except ValueError:
        return None
    return d, d, 1


def _part_of_month(match: re.Match[str], published: date) -> _Interval | None:
    month = _month_number(match.group("m"))
    first, last = _PART_WORDS[match.group("part").lower()]
    make = partial(_part_span, month=month, first=first, last=last)
    if match.group("y"):
        a, b = make(int(match.group("y")))
    else:
        a, b = _nearest_year(published, make)
    return a, b, 2


def _part_span(year: int, *, month: int, first: int, last: int | None) -> tuple[date, date]:
    """Days ``first`` .. ``last`` of a month (``None``: its last day)."""
    end = last or calendar.monthrange(year, month)[1]
    return date(year, month, first), date(year, month, end)


def _month_year(match: re.Match[str], published: date) -> _Interval | None:
    a, b = _month_span(int(match.group("y")), _month_number(match.group("m")))
    return a, b, 3


def _month_relative(match: re.Match[str], published: date) -> _Interval | None:
    month = _month_number(match.group("m"))
    rel = match.group("rel").lower().split()[0]
    if rel == "last" and "year" in match.group("rel").lower():
        a, b = _month_span(published.year - 1, month)
    elif rel == "this":
        a, b = _month_span(published.year, month)
    elif rel == "last":  # "last May": the most recent May before this month
        year = published.year if month < published.month else published.year - 1
        a, b = _month_span(year, month)
    else:
        return None
    return a, b, 3


def _month(match: re.Match[str], published: date) -> _Interval | None:
    month = _month_number(match.group("m"))
    a, b = _nearest_year(published, lambda y: _month_span(y, month))
    return a, b, 3


def _weekday(match: re.Match[str], published: date) -> _Interval | None:
    wanted = _WEEKDAYS[match.group("wd").lower()]
    rel = (match.group("rel") or "").lower()
    back = (published.weekday() - wanted) % 7
    if rel == "next":
        ahead = (wanted - published.weekday()) % 7 or 7
        d = published + timedelta(days=ahead)
    elif rel == "last" and back == 0:
        d = published - timedelta(days=7)
    else:
        d = published - timedelta(days=back)
    return d, d, 1


def _today(match: re.Match[str], published: date) -> _Interval | None:
    word = " ".join(match.group("w").lower().split())
    d = published - timedelta(days=1) if word in ("yesterday", "last night") else published
    return d, d, 1


def _ago(match: re.Match[str], published: date) -> _Interval | None:
    n = parse_number(match.group("n"))
    if n is None:
        return None
    if match.group("u").lower().startswith("day"):
        d = published - timedelta(days=n)
        return d, d, 1
    d = published - timedelta(weeks=n)
    return d - timedelta(days=3), d + timedelta(days=3), 2


def _relative(match: re.Match[str], published: date) -> _Interval | None:
    words = match.group("w").lower().split()
    rel, unit = words[-2], words[-1]
    if rel == "next":
        return None
    if unit == "week":
        if rel == "last":
            monday = published - timedelta(days=published.weekday() + 7)
            return monday, monday + timedelta(days=6), 2
        if rel == "past":
            return published - timedelta(days=7), published, 2
        return published - timedelta(days=published.weekday()), published, 2
    if unit == "month":
        if rel == "last":
            last = published.replace(day=1) - timedelta(days=1)
            a, b = _month_span(last.year, last.month)
            return a, b, 3
        if rel == "past":
            return published - timedelta(days=30), published, None
        return published.replace(day=1), published, 3
    # year
    if rel == "last":
        return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), None
    if rel == "past":
        return published - timedelta(days=365), published, None
    return date(published.year, 1, 1), published, None


def _year(match: re.Match[str], published: date) -> _Interval | None:
    year = int(match.group("y"))
    return date(year, 1, 1), date(year, 12, 31), None


_PATTERNS: Final[tuple[tuple[re.Pattern[str], _Handler], ...]] = (
    (re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b"), _iso),
    (
        re.compile(
            rf"\b(?:(?i:on)\s+)?(?:(?i:the)\s+)?{_DAY}\s+(?:(?i:of)\s+)?{_MONTH}(?![a-z])"
            rf"(?:,?\s+{_YEAR}\b)?"
        ),
        _day,
    ),
    (
        re.compile(rf"\b(?:(?i:on)\s+)?{_MONTH}\s+{_DAY}\b(?!\d)(?:,?\s+{_YEAR}\b)?"),
        _day,
    ),
    (
        re.compile(
            r"\b(?:(?i:at|by|towards?|in|around|until)\s+)?(?:(?i:the)\s+)?"
            r"(?P<part>(?i:end|beginning|start|middle|close))\s+(?i:of)\s+(?:(?i:the)\s+)?"
            rf"(?:(?i:end|month\s+of)\s+)*{_MONTH}(?![a-z])(?:,?\s+{_YEAR}\b)?"
        ),
        _part_of_month,
    ),
    (
        re.compile(
            rf"\b(?:(?i:in)\s+)?(?P<part>(?i:early|late|mid))[-\s]+{_MONTH}(?![a-z])"
            rf"(?:,?\s+{_YEAR}\b)?"
        ),
        _part_of_month,
    ),
    (
        re.compile(rf"\b(?:(?i:in|during|since|by|of|from|until)\s+)?{_MONTH},?\s+{_YEAR}\b"),
        _month_year,
    ),
    (
        re.compile(rf"\b(?:(?i:in)\s+)?{_MONTH}\s+(?P<rel>(?i:last|this)\s+year)\b"),
        _month_relative,
    ),
    (re.compile(rf"\b(?P<rel>(?i:last|this))\s+{_MONTH}(?![a-z])"), _month_relative),
    (
        re.compile(
            rf"\b(?:(?i:in|during|of|until|through|throughout))\s+{_MONTH}(?![a-z])(?!\s*\d)"
        ),
        _month,
    ),
    (
        re.compile(
            rf"\b(?:(?P<rel>(?i:on|last|this|next|early|late))\s+)?{_WEEKDAY}(?:’s|'s)?"
            r"(?:\s+(?i:night|morning|afternoon|evening))?\b"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?P<w>(?i:earlier\s+today|today|tonight|this\s+morning|this\s+afternoon|"
            r"this\s+evening|yesterday|last\s+night))\b"
        ),
        _today,
    ),
    (
        re.compile(
            r"\b(?P<n>\d+|(?i:one|two|three|four|five|six|seven|eight|nine|ten|a))\s+"
            r"(?P<u>(?i:days?|weeks?))\s+(?i:ago)\b"
        ),
        _ago,
    ),
    (
        re.compile(r"\b(?P<w>(?i:(?:earlier\s+)?(?:last|this|next|past)\s+(?:week|month|year)))\b"),
        _relative,
    ),
    (re.compile(rf"\b(?:(?i:in|during))\s+{_YEAR}\b(?![-\d])"), _year),
)

#: Time words that give no date ("days ahead of talks", "in recent months").
_VAGUE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:(?:\w+\s+)?days\s+(?:ahead|before|after|later|earlier)|"
    r"in\s+recent\s+(?:days|weeks|months|years)|recently|lately|"
    r"in\s+the\s+(?:coming|past|last)\s+(?:days|weeks|months|years)|"
    r"(?:weeks|months|years|decades)\s+(?:ago|earlier|later)|"
    r"for\s+(?:days|weeks|months|years|decades)|soon|"
    r"(?:next|coming)\s+(?:week|month|year))\b",
    re.IGNORECASE,
)


def date_mentions(text: str, published: date) -> list[DateMention]:
    """Find the date expressions of a text and resolve them against the publication date.

    Parameters
    ----------
    text : str
        A sentence or a longer text.
    published : datetime.date
        The publication date (the reference for "on Thursday", "last year"...).

    Returns
    -------
    list of DateMention
        In text order, overlapping matches resolved in favour of the longest. Vague
        expressions ("days ahead", "in recent months") give nothing.

    Examples
    --------
    >>> from datetime import date
    >>> [m.event_date for m in date_mentions("on Thursday", date(2023, 5, 11))]
    [datetime.date(2023, 5, 11)]
    """
    found: list[tuple[int, int, re.Match[str], _Handler]] = []
    for pattern, handler in _PATTERNS:
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), match, handler))
    vague = [(m.start(), m.end()) for m in _VAGUE.finditer(text)]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for start, end, match, handler in found:
        if any(a < end and start < b for a, b in taken):
            continue
        taken.append((start, end))
        if any(a <= start and end <= b for a, b in vague):
            continue
        interval = handler(match, published)
        if interval is None:
            logger.debug("no date for %r", match.group(0))
            continue
        earliest, latest, precision = interval
        if earliest <= published < latest:
            latest = published  # reported, so it happened by the publication date
        out.append(
            DateMention(
                phrase=match.group(0),
                start=start,
                end=end,
                earliest=earliest,
                latest=latest,
                precision=precision,
                future=earliest > published,
            )
        )
    return sorted(out, key=lambda m: m.start)


def resolve_date(phrase: str, published: date) -> DateMention | None:
    """Resolve one date expression; ``None`` if it names no date ("days ahead").

    Parameters
    ----------
    phrase : str
        The expression ("on Thursday", "at the end of April", "last year"...).
    published : datetime.date
        The publication date.

    Returns
    -------
    DateMention or None
        The first date the phrase names.

    Examples
    --------
    >>> from datetime import date
    >>> m = resolve_date("at the end of April", date(2023, 5, 11))
    >>> m.earliest, m.latest, m.precision, m.event_date
    (datetime.date(2023, 4, 20), datetime.date(2023, 4, 30), 2, datetime.date(2023, 4, 25))
    >>> resolve_date("days ahead", date(2023, 5, 11)) is None
    True
    """
    found = date_mentions(phrase, published)
    return found[0] if found else None
