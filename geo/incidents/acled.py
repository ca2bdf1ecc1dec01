"""Read ACLED CSV exports into the incident schema, vectorised (:mod:`geo.incidents._tabular`).

Every layout ACLED has released is read:

- the **2023+ layout** (31 columns): ``event_id_cnty, event_date, year, time_precision,
  disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2,
  assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country, admin1, admin2,
  admin3, location, latitude, longitude, geo_precision, source, source_scale, notes,
  fatalities, tags, timestamp``;
- the **2019–2022 layouts**: ``data_id, iso, event_id_cnty, event_id_no_cnty, ..., timestamp,
  iso3`` without ``disorder_type``/``civilian_targeting``/``tags``, and in some
  ``ally_actor_1``/``ally_actor_2`` (read as ``assoc_actor_1``/``assoc_actor_2`` when those are
  absent) and ``gwno``;
- the **pre-2019 layout**: no ``sub_event_type``, the old event types, ``ally_actor_*``,
  ``gwno``, often upper-case names (``EVENT_ID_CNTY``: read in lower case) and pandas' index
  as a first column without a name (dropped).

Pre-2019 event types
--------------------
Old types are mapped to today's ``event_type``/``sub_event_type`` as ACLED's 2019 revision
maps them (:data:`LEGACY_EVENT_TYPES`; case and blanks around ``-`` ignored), the original
kept in ``event_type_original``: "Battle-No change of territory" → Battles / Armed clash;
"Battle-Government regains territory" and "Battle-Non-state actor overtakes territory" →
Battles with that sub type; "Headquarters or base established" and "Non-violent transfer of
territory" → Strategic developments with that sub type; "Remote violence" → Explosions/Remote
violence, "Strategic development" → Strategic developments, "Violence against civilians"
stays — these three with an empty sub type, which the old type does not tell;
"Riots/Protests" → Riots when ``inter1`` or ``inter2`` is 5 (rioters), else Protests (6,
protesters; a demonstration without rioters), empty sub type. Only a type that is neither
today's nor an old one is a fault of its row.

How cells are read
------------------
The file's layout (``,`` or ``;`` between fields, a byte-order mark, quoted numbers, no
header): :mod:`geo.incidents._csvfile`. Dates in any form of
:data:`geo.incidents.schema.DATE_FORMATS` (``28 December 2022`` as ACLED exports,
``2022-12-28`` as the API, ``28-Dec-22`` or ``9-May-20`` as spreadsheets re-save them) and
``28/12/2022`` in the order the file settles (:func:`geo.incidents._tabular.parse_dates`).
``NA``, ``N/A`` and empty cells are "no value" (:data:`geo.incidents.schema.NULL_TOKENS`).
In files with ``;`` between fields a decimal comma is read (``40,2010``).

Actor types (``inter1``, ``inter2``) and ``interaction`` were numeric codes until 2023 and are
words since; both are read, and the output holds the words (``State forces``,
``State forces-Rebel group``, ``Rebel group only``); where the file had numbers they are kept in
``inter1_code``, ``inter2_code``, ``interaction_code``:

==== ==================== ==== ====================
code actor type           code actor type
==== ==================== ==== ====================
1    State forces         5    Rioters
2    Rebel group          6    Protesters
3    Political militia    7    Civilians
4    Identity militia     8    External/Other forces
0    (no actor)
==== ==================== ==== ====================

An interaction code is the two actor codes, lower first (``12`` State forces-Rebel group);
``10`` .. ``80`` are "... only".

Columns of the incident schema get the ACLED values as they are (same names, same precision
codes); the other ACLED columns (``inter1``, ``inter2``, ``interaction``, ``civilian_targeting``,
``region``, ``admin3``, ``timestamp``, ``data_id``, ``event_id_no_cnty``, ``iso3``, ``gwno``...) and
any unknown column are kept as extra columns, so nothing in the file is lost; ``dataset`` is
``ACLED``. ACLED quotes no evidence sentence, so ``evidence`` stays empty (``notes`` holds the
coder's summary), and ``review_status`` is ``draft`` as in the project's own reader.

What is rejected
----------------
A missing required column fails the file (:class:`geo.IncidentsValidationError`). A row is
rejected, with file, line, column, value and reason, when: a required value is empty
(``event_id_cnty, event_date, time_precision, event_type, actor1, country, location,
geo_precision, source``; and ``sub_event_type`` for today's event types in a layout that has
the column); a date, number or code does not parse; ``event_type`` is neither an ACLED event
type nor a pre-2019 one, or ``sub_event_type`` not one of its sub-types; ``disorder_type`` is
unknown; a precision is not 1–3; latitude/longitude are out of range or only one is given;
``year`` is not the year of ``event_date``; ``fatalities`` is negative; the id repeats (exact
copies after the first are rejected as copies; differing rows sharing an id are all
rejected); the row has more or fewer fields than the header (a truncated last line). Line
numbers and the handling of quoted line breaks: :mod:`geo.incidents._csvfile`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.errors import DataFileError
from geo.incidents._csvfile import RawTable, read_raw_csv
from geo.incidents._tabular import Cells, Converter, Text, finish, is_null_unique, require_columns
from geo.incidents.records import IncidentRead
from geo.incidents.schema import DISORDER_TYPES, EVENT_TYPES, DateOrder, sub_type_fits

__all__ = [
    "ACLED_2023_COLUMNS",
    "ACLED_LEGACY_COLUMNS",
    "ACLED_REQUIRED_COLUMNS",
    "ACTOR_TYPES",
    "LEGACY_EVENT_TYPES",
    "incidents_from_acled",
    "read_acled_csv",
]

ACLED_2023_COLUMNS: Final[tuple[str, ...]] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
ACLED_LEGACY_COLUMNS: Final[tuple[str, ...]] = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "timestamp", "iso3",
)  # fmt: skip
#: Columns an ACLED file must have (``sub_event_type`` came in 2019: see the module docstring).
ACLED_REQUIRED_COLUMNS: Final[tuple[str, ...]] = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "actor1", "country",
    "location", "latitude", "longitude", "geo_precision", "source", "fatalities",
)  # fmt: skip
#: Pre-2019 ACLED event types -> today's ``(event_type, sub_event_type)``, as ACLED's 2019
#: revision of its event types maps them; ``""``: the old type does not tell the sub type.
#: ``Riots/Protests`` is ``Riots`` when an actor is coded rioters (5), else ``Protests``.
LEGACY_EVENT_TYPES: Final[dict[str, tuple[str, str]]] = {
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": (
        "Battles", "Non-state actor overtakes territory",
    ),
    "Battle-Rebels overtake territory": ("Battles", "Non-state actor overtakes territory"),
    "Headquarters or base established": (
        "Strategic developments", "Headquarters or base established",
    ),
    "Non-violent transfer of territory": (
        "Strategic developments", "Non-violent transfer of territory",
    ),
    "Remote violence": ("Explosions/Remote violence", ""),
    "Strategic development": ("Strategic developments", ""),
    "Non-violent activity by a conflict actor": ("Strategic developments", ""),
    "Riots/Protests": ("Protests", ""),
    "Violence against civilians": ("Violence against civilians", ""),
}  # fmt: skip
_LEGACY_BY_KEY: Final[dict[str, tuple[str, str]]] = {
    re.sub(r"\s*([-/])\s*", r"\1", k).casefold(): v
    for k, v in LEGACY_EVENT_TYPES.items()
    if k not in EVENT_TYPES  # today's "Violence against civilians" is not an old type
}
_RIOTS_PROTESTS: Final = "riots/protests"
#: ACLED numeric actor-type codes (``inter1``/``inter2``) and their words since 2023.
ACTOR_TYPES: Final[dict[str, str]] = {
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}
_ACTOR_WORDS: Final[dict[str, str]] = {v.casefold(): v for v in ACTOR_TYPES.values()}
_SCHEMA_STRINGS: Final[tuple[str, ...]] = (
    "assoc_actor_1", "actor2", "assoc_actor_2", "admin1", "admin2", "source_scale", "notes",
    "tags",
)  # fmt: skip
_HANDLED: Final[frozenset[str]] = frozenset(
    {
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "inter1", "inter2", "interaction", "iso", "country",
        "location", "latitude", "longitude", "geo_precision", "source", "fatalities",
        "timestamp", "data_id", "gwno", *_SCHEMA_STRINGS,
    }
)  # fmt: skip


#: Every column name an ACLED layout has had (an upper-case header is read in lower case).
_KNOWN_COLUMNS: Final[frozenset[str]] = frozenset(
    {
        *ACLED_2023_COLUMNS, *ACLED_LEGACY_COLUMNS, "ally_actor_1", "ally_actor_2", "gwno",
        "event_id_no_cnty",
    }
)  # fmt: skip


def _actor_type(code: str) -> tuple[str | None, str | None, bool]:
    """``(words, numeric code, ok)`` of one inter1/inter2 cell (stripped, not empty)."""
    number = code[:-2] if code.endswith(".0") else code
    if number.isdigit():
        if number == "0":
            return None, "0", True
        words = ACTOR_TYPES.get(number)
        return words, number, words is not None
    words = _ACTOR_WORDS.get(code.casefold())
    return words, None, words is not None


def _interaction(code: str) -> tuple[str | None, str | None, bool]:
    """``(words, numeric code, ok)`` of one interaction cell (stripped, not empty)."""
    number = code[:-2] if code.endswith(".0") else code
    if number.isdigit():
        if len(number) != 2 or number[0] == "0":
            return None, number, False
        first, second = ACTOR_TYPES.get(number[0]), ACTOR_TYPES.get(number[1])
        if first is None or (second is None and number[1] != "0"):
            return None, number, False
        return (f"{first}-{second}" if second else f"{first} only"), number, True
    folded = code.casefold()
    if folded.endswith(" only"):
        words = _ACTOR_WORDS.get(folded[: -len(" only")].strip())
        return (f"{words} only" if words else None), None, words is not None
    # "State forces-Rebel group": split after a known word (the words contain no hyphen)
    for known in _ACTOR_WORDS:
        if folded.startswith(known + "-"):
            other = _ACTOR_WORDS.get(folded[len(known) + 1 :].strip())
            if other:
                return f"{_ACTOR_WORDS[known]}-{other}", None, True
    return None, None, False


def _codes(
    conv: Converter, column: str, parse: Callable[[str], tuple[str | None, str | None, bool]]
) -> tuple[Text, Text | None]:
    """Words and (if any were numeric) codes of an actor-type column; bad cells recorded.

    Both are parsed once per distinct cell and kept as :class:`Text` over the cells' codes.
    """
    cells = conv.cells(column)
    null = is_null_unique(cells, kind="int")  # codes: numbers, or words since 2023
    parsed = [
        (None, None, True) if is_null else parse(u)
        for u, is_null in zip(cells.uniques, null, strict=True)
    ]
    ok = np.array([p[2] for p in parsed], dtype=bool)
    kind = "interaction" if column == "interaction" else "actor-type"
    conv.check(cells.spread(~ok), column, f"not an ACLED {kind} code")
    words = _per_value_text(cells, [p[0] for p in parsed])
    numbers = _per_value_text(cells, [p[1] for p in parsed])
    numeric = numbers.missing is None or bool(cells.spread(~numbers.missing).any())
    return words, numbers if numeric else None


def _per_value_text(cells: Cells, values: list[str | None]) -> Text:
    """A text column of one value (``None``: no value) per distinct cell of ``cells``."""
    missing = np.array([v is None for v in values], dtype=bool)
    text = pa.array([v or "" for v in values], type=pa.large_string())
    return Text(text, cells.codes, missing)


def read_acled_csv(path: str | os.PathLike[str], *, date_order: DateOrder = "auto") -> IncidentRead:
    """Read an ACLED CSV export, keeping valid rows and rejected ones apart.

    Parameters
    ----------
    path : str or path-like
        An ACLED export in any layout (2023+, 2019–2022, pre-2019; see the module docstring),
        UTF-8 CSV with a header row, ``,`` or ``;`` between fields.
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        Day/month order of dates such as ``05/06/2020`` (``"auto"``: the file settles it).

    Returns
    -------
    IncidentRead
        ``incidents``: valid rows in the incident schema (column order of
        :data:`geo.incidents.schema.INCIDENT_COLUMNS`), the other ACLED columns as extra columns,
        ``dataset`` and ``source_line``. ``rejected``: one row per problem (path, line,
        event_id_cnty, column, value, reason).

    Raises
    ------
    DataFileError
        The file is missing, unreadable, not UTF-8 or empty.
    AmbiguousDateError
        ``date_order="auto"`` and nothing in the file tells day from month.
    IncidentsValidationError
        A required column is missing.
    """
    path = Path(path)
    raw = _acled_names(read_raw_csv(path))
    require_columns(raw.cells.columns, ACLED_REQUIRED_COLUMNS, str(path))
    conv = Converter(raw, "event_id_cnty", date_order=date_order)

    cols: dict[str, pd.Series | Text] = {}
    cols["event_id_cnty"] = conv.text("event_id_cnty", required=True)
    conv.unique_ids("event_id_cnty")
    date = conv.date("event_date", required=True)
    cols["event_date"] = date
    year = conv.integer("year")
    date_year = date.dt.year.astype("Int64")
    conv.check(
        (year.notna() & date_year.notna() & (year != date_year)).fillna(False).to_numpy(),
        "year",
        "year is not the year of event_date",
    )
    cols["year"] = year
    cols["time_precision"] = conv.integer("time_precision", required=True, allowed=(1, 2, 3))
    extras = _actor_types(conv)
    cols.update(_event_types(conv, extras))  # event_type_original goes into extras
    cols["actor1"] = conv.text("actor1", required=True)
    for column in _SCHEMA_STRINGS:
        cols[column] = conv.text(column)
    cols["iso"] = conv.integer("iso", minimum=0)
    cols["country"] = conv.text("country", required=True)
    cols["location"] = conv.text("location", required=True)
    cols["latitude"], cols["longitude"] = conv.coordinates()
    cols["geo_precision"] = conv.integer("geo_precision", required=True, allowed=(1, 2, 3))
    cols["source"] = conv.text("source", required=True)
    cols["fatalities"] = conv.integer("fatalities", minimum=0)

    for column in ("timestamp", "data_id", "gwno"):
        if conv.has(column):
            extras[column] = conv.integer(column, minimum=0)
    return IncidentRead(*finish(conv, cols, extras, handled=_HANDLED, dataset="ACLED"))


def _acled_names(raw: RawTable) -> RawTable:
    """ACLED's column names in lower case (older exports wrote ``EVENT_ID_CNTY``...), and
    ``ally_actor_1``/``ally_actor_2`` as ``assoc_actor_1``/``assoc_actor_2`` when those are absent."""
    _check_unique_ignoring_case(raw)
    have = set(raw.cells.columns)
    renames = {
        c: c.lower()
        for c in raw.cells.columns
        if c != c.lower() and c.lower() in _KNOWN_COLUMNS and c.lower() not in have
    }
    if "assoc_actor_1" not in have and "assoc_actor_1" not in renames.values():
        for old, new in (("ally_actor_1", "assoc_actor_1"), ("ally_actor_2", "assoc_actor_2")):
            for column in raw.cells.columns:
                if renames.get(column, column) == old:
                    renames[column] = new
    if renames:
        raw.cells = raw.cells.rename(columns=renames)
    return raw


def _check_unique_ignoring_case(raw: RawTable) -> None:
    """Fail when two columns name one ACLED column in different case (``LOCATION`` and
    ``Location``): which one holds the values cannot be told."""
    positions: dict[str, list[str]] = {}
    for number, name in enumerate(raw.cells.columns, start=1):
        if name.lower() in _KNOWN_COLUMNS:
            positions.setdefault(name.lower(), []).append(f"'{name}' at position {number}")
    repeated = [" and ".join(at) for at in positions.values() if len(at) > 1]
    if repeated:
        raise DataFileError(
            f"{raw.path}: the header names a column more than once: {'; '.join(repeated)} "
            "(which one holds the values cannot be told; rename or remove the others)"
        )


def _legacy_key(event_type: str) -> str:
    """An event type as the crosswalk looks it up: case, blanks around ``-``/``/`` ignored."""
    return re.sub(r"\s*([-/])\s*", r"\1", " ".join(event_type.split())).casefold()


@dataclass(frozen=True)
class _TypeKeys:
    """The distinct (event_type, sub_event_type, rioters) triples of a file, and their checks.

    Every check and mapping runs once per triple (a file holds a few dozen) and is spread over
    the rows with :attr:`codes`. Per triple: the cells (``None``: no value), the crosswalk's
    answer, and what the rows become.
    """

    codes: np.ndarray  # per row: its triple
    original: np.ndarray  # event_type as written
    event_type: np.ndarray
    sub_type: np.ndarray
    legacy: np.ndarray  # coded with a pre-2019 type (or in the pre-2019 layout)
    unknown: np.ndarray
    missing: np.ndarray  # a current type without the sub type it needs
    misfit: np.ndarray  # a sub type that is not one of its type's

    @classmethod
    def of(cls, conv: Converter, inter: dict[str, pd.Series | Text]) -> _TypeKeys:
        kinds, subs = conv.cells("event_type"), conv.cells("sub_event_type")
        width = len(subs.arrow)
        key = _cell_codes(kinds).astype(np.int64) * width + _cell_codes(subs)
        key = key * 2 + _rioters(conv, kinds, inter)
        codes, triples = pd.factorize(key)
        at_kind, at_sub = triples // 2 // width, triples // 2 % width
        original = _values_or_none(kinds, at_kind)
        sub = _values_or_none(subs, at_sub)
        mapped = [_LEGACY_BY_KEY.get(_legacy_key(o)) if o is not None else None for o in original]
        riots = [
            m is not None and _legacy_key(o) == _RIOTS_PROTESTS
            for o, m in zip(original, mapped, strict=True)
        ]
        kind = [
            ("Riots" if r and rioters else m[0]) if m else None
            for m, r, rioters in zip(mapped, riots, triples % 2 == 1, strict=True)
        ]
        legacy = np.array([k is not None for k in kind], dtype=bool)
        if not conv.has("sub_event_type"):  # the pre-2019 layout
            legacy |= np.array([o in EVENT_TYPES for o in original], dtype=bool)
        event_type = np.array(
            [k if k is not None else o for k, o in zip(kind, original, strict=True)], dtype=object
        )
        unknown = np.array([t is not None and t not in EVENT_TYPES for t in event_type], dtype=bool)
        fits = sub_type_fits(pd.Series(event_type, dtype=object), pd.Series(sub, dtype=object))
        fits = fits.to_numpy()
        legacy_sub = np.array([(m[1] or None) if m else None for m in mapped], dtype=object)
        legacy_sub[~legacy] = None
        sub_type = np.where((~legacy | fits) & pd.notna(sub), sub, legacy_sub)
        missing = ~legacy & pd.isna(sub_type) & pd.notna(original) & ~unknown
        misfit = ~fits & ~unknown & ~legacy
        return cls(codes, original, event_type, sub_type, legacy, unknown, missing, misfit)

    def rows(self, per_triple: np.ndarray) -> np.ndarray:
        """Spread one value per triple over the rows."""
        return per_triple[self.codes]

    def text(self, per_triple: np.ndarray) -> Text:
        """A text column with one value (``None``: no value) per triple."""
        absent = pd.isna(per_triple)
        values = pa.array(np.where(absent, "", per_triple).tolist(), type=pa.large_string())
        return Text(values, self.codes, absent if absent.any() else None)


def _cell_codes(cells: Cells) -> np.ndarray:
    """Per row: the position of its value among the column's values."""
    return np.arange(len(cells.arrow)) if cells.codes is None else cells.codes


def _values_or_none(cells: Cells, at: np.ndarray) -> np.ndarray:
    """The column's values at these positions, ``None`` where the value means no value."""
    values = cells.uniques[at].astype(object)
    values[is_null_unique(cells, kind="str")[at]] = None
    return values


def _rioters(conv: Converter, kinds: Cells, inter: dict[str, pd.Series | Text]) -> np.ndarray:
    """Per row, 1 where the event type is Riots/Protests and an actor is coded rioters (5)."""
    riots = kinds.spread(
        np.array([_legacy_key(u) == _RIOTS_PROTESTS for u in kinds.uniques], dtype=bool)
    )
    rioters = np.zeros(len(conv), dtype=bool)
    if riots.any():
        for column in ("inter1", "inter2"):
            words = inter.get(column)
            if isinstance(words, Text):
                rioters |= _rows_reading(words, "Rioters")
    return (rioters & riots).astype(np.int64)


def _rows_reading(words: Text, word: str) -> np.ndarray:
    """Per row: the text column reads ``word``."""
    hit = _numpy_bool(pc.equal(words.values, pa.scalar(word, words.values.type)))
    if words.missing is not None:
        hit &= ~words.missing
    return hit if words.codes is None else hit[words.codes]


def _event_types(
    conv: Converter, extras: dict[str, pd.Series | Text]
) -> dict[str, pd.Series | Text]:
    """``disorder_type``, ``event_type``, ``sub_event_type`` checked against ACLED's lists.

    Pre-2019 types are mapped (:data:`LEGACY_EVENT_TYPES`); the original goes into
    ``extras["event_type_original"]``. ``extras`` holds the actor types (``inter1``...).
    """
    disorder_type = conv.text("disorder_type")
    known = pa.array(list(DISORDER_TYPES), type=disorder_type.values.type)
    unknown = ~_numpy_bool(pc.is_in(disorder_type.values, value_set=known))
    if disorder_type.missing is not None:
        unknown &= ~disorder_type.missing
    conv.check(
        conv.cells("disorder_type").spread(unknown), "disorder_type", "unknown disorder_type"
    )
    conv.text("event_type", required=True)
    keys = _TypeKeys.of(conv, extras)
    conv.check(
        keys.rows(keys.unknown),
        "event_type",
        "unknown event_type (neither a current nor a pre-2019 ACLED type)",
    )
    conv.check(keys.rows(keys.missing), "sub_event_type", "required value is empty")
    conv.check(
        keys.rows(keys.misfit),
        "sub_event_type",
        "sub_event_type does not belong to this event_type",
    )
    if keys.rows(keys.legacy).any():
        original = keys.original.copy()
        original[~keys.legacy] = None
        extras["event_type_original"] = keys.text(original)
    return {
        "disorder_type": disorder_type,
        "event_type": keys.text(keys.event_type),
        "sub_event_type": keys.text(keys.sub_type),
    }


def _numpy_bool(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def _actor_types(conv: Converter) -> dict[str, pd.Series | Text]:
    """``inter1``, ``inter2``, ``interaction`` as words, and their numeric codes if any."""
    extras: dict[str, pd.Series | Text] = {}
    for column, parse in (
        ("inter1", _actor_type),
        ("inter2", _actor_type),
        ("interaction", _interaction),
    ):
        if conv.has(column):
            words, numbers = _codes(conv, column, parse)
            extras[column] = words
            if numbers is not None:
                extras[f"{column}_code"] = numbers
    return extras


def incidents_from_acled(
    path: str | os.PathLike[str], *, errors: Literal["raise", "reject"] = "raise"
) -> pd.DataFrame:
    """Return the incidents of an ACLED CSV export in the incident schema.

    Parameters
    ----------
    path : str or path-like
        The export.
    errors : {"raise", "reject"}, keyword-only
        ``"raise"``: any bad row fails the file with every problem listed. ``"reject"``: bad
        rows are left out (and logged); :func:`read_acled_csv` returns them as a table.

    Returns
    -------
    pandas.DataFrame
        See :func:`read_acled_csv`.

    Raises
    ------
    IncidentsValidationError
        With ``errors="raise"``, when a row is invalid or a required column is missing.
    DataFileError
        The file cannot be read.
    """
    return read_acled_csv(path).checked(errors)
