"""The words of an incident's popup: date with its precision, location with its precision,
casualties, actors, type — computed once per *distinct* combination of the columns they use.

A million incidents share a few thousand dates, places and casualty counts, so the text is
made in Python (one function per field, easy to test) for each distinct combination and the
page gets codes into the list of texts (see :mod:`layers._columnar`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "COORD_CHECK_WORDS",
    "actors_text",
    "casualties_text",
    "check_text",
    "combo_text",
    "date_text",
    "location_text",
    "title_text",
    "type_text",
]


#: The coordinate checks that flag an incident (``coord_check``), in words.
COORD_CHECK_WORDS: dict[str, str] = {
    "swapped_lat_lon?": "latitude and longitude look swapped",
    "far_from_named_place": "far from the place the record names",
    "outside_country": "outside the country the record names",
}


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _fmt(day: Any) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def date_text(row: Any) -> str:
    """Human-readable date with its precision ("11 May 2023", "around 25 April 2023 (...)")."""
    day, precision = row.get("event_date"), row.get("time_precision")
    earliest, latest = row.get("date_earliest"), row.get("date_latest")
    precision = None if _missing(precision) else int(precision)
    if _missing(day):
        if not _missing(latest):
            return f"not stated (before {_fmt(latest)})"
        return "not stated"
    if precision == 2:
        span = ""
        if not _missing(earliest) and not _missing(latest):
            span = f" (between {_fmt(earliest)} and {_fmt(latest)})"
        return f"around {_fmt(day)}{span}"
    if precision == 3:
        return f"{day.strftime('%B %Y')} (month only)"
    return _fmt(day)


def location_text(row: Any) -> str:
    """Location with its precision ("Sotk, Gegharkunik, Armenia — near the named place")."""
    parts = [
        str(v)
        for v in (row.get("location"), row.get("admin1"), row.get("country"))
        if not _missing(v) and v
    ]
    where = ", ".join(dict.fromkeys(parts)) or "place not stated"
    precision = row.get("geo_precision")
    precision = None if _missing(precision) else int(precision)
    kind = row.get("geometry_type")
    kind = "" if _missing(kind) else str(kind).lower()
    if precision == 1:
        how = "at the named place"
    elif precision == 2:
        how = "near the named place (coordinates of the place)"
    elif precision == 3:
        how = f"somewhere in or on it (drawn as the whole {kind or 'area'})"
    else:
        how = "precision unknown"
    placed = row.get("_placed")
    if placed is None:  # a plain row: the join leaves coord_source empty when it found nothing
        placed = not (_missing(row.get("coord_source")) or not row.get("coord_source"))
    if not placed:
        how += "; not placed on the map (place unresolved)"
    return f"{where} — {how}"


def check_text(row: Any) -> str:
    """What a failed coordinate check says ("" when the check passed or was not made):
    "latitude and longitude look swapped (swapped_lat_lon?): the record's point is 612.3 km
    from Sotk"."""
    check = row.get("coord_check")
    if _missing(check) or str(check) not in COORD_CHECK_WORDS:
        return ""
    text = f"{COORD_CHECK_WORDS[str(check)]} ({check})"
    km, place = row.get("coord_check_km"), row.get("place_name")
    if not _missing(km):
        named = "the named place" if _missing(place) or not place else str(place)
        text += f": the record's point is {float(km):,.1f} km from {named}"
    return text + "; drawn where the record's coordinates put it"


def casualties_text(row: Any) -> str:
    """ "1 killed, 4 injured"; a count the source does not give is "not stated", never 0."""
    parts = []
    for column, word in (("fatalities", "killed"), ("injuries", "injured")):
        value = row.get(column)
        parts.append(f"{int(value)} {word}" if not _missing(value) else f"{word}: not stated")
    return ", ".join(parts)


def actors_text(row: Any) -> str:
    """Actors and associated actors, joined by " · "."""
    names = [
        str(row.get(c))
        for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
        if not _missing(row.get(c)) and row.get(c)
    ]
    return " · ".join(names)


def type_text(row: Any) -> str:
    """ "Battles — Armed clash"."""
    parts = [str(row.get(c)) for c in ("event_type", "sub_event_type") if not _missing(row.get(c))]
    return " — ".join(parts)


def title_text(row: Any) -> str:
    """ "Armed clash: Sotk"."""
    parts = [str(row.get(c)) for c in ("sub_event_type", "location") if not _missing(row.get(c))]
    return ": ".join(parts)


def combo_text(
    frame: pd.DataFrame,
    columns: Sequence[str],
    func: Callable[[dict[str, Any]], str],
    *,
    factorized: dict[str, tuple[np.ndarray, int]] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Apply ``func`` to each distinct combination of ``columns``; return codes and texts.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows; missing columns count as empty.
    columns : sequence of str
        The columns ``func`` reads.
    func : callable
        Row (a dict; missing values as ``None``) -> text.
    factorized : dict, optional, keyword-only
        A cache of column codes shared between calls on the same frame (filled as it goes).

    Returns
    -------
    codes : numpy.ndarray
        One code per row of ``frame`` into ``texts``.
    texts : list of str
        Distinct texts.
    """
    present = [c for c in columns if c in frame.columns]
    cache = factorized if factorized is not None else {}
    key = np.zeros(len(frame), dtype=np.int64)
    for c in present:
        if c not in cache:
            codes, uniques = pd.factorize(frame[c], use_na_sentinel=True)
            cache[c] = (codes.astype(np.int64) + 1, len(uniques) + 1)
        codes, size = cache[c]
        key = pd.factorize(key * size + codes)[0].astype(np.int64)  # dense codes, first-seen order
    n_groups = int(key.max()) + 1 if len(key) else 0
    first = np.empty(n_groups, dtype=np.int64)
    first[key[::-1]] = np.arange(len(key) - 1, -1, -1)  # the first row of each group
    rows = frame.iloc[first][present].to_dict("records") if present else [{}] * n_groups
    texts = [func({k: (None if _missing(v) else v) for k, v in r.items()}) for r in rows]
    text_codes, distinct = pd.factorize(pd.Series(texts, dtype=object))
    return np.asarray(text_codes)[key], [str(t) for t in distinct]
