"""Read UCDP GED CSV exports (Georeferenced Event Dataset) into the incident schema.

UCDP codes events differently from ACLED; this module maps them onto the ACLED-named incident
schema and keeps every original code in a ``ucdp_*`` column, so nothing is lost and the
mapping can be redone.

Mapping
-------
==================================== ============================================================================
incident column                      from UCDP GED
==================================== ============================================================================
``event_id_cnty``                    ``UCDP-<id>`` (``ucdp_id`` keeps ``id``)
``event_date``                       ``date_start`` when it equals ``date_end``; else the middle day of
                                     ``date_start`` .. ``date_end`` (as the schema defines it for an interval)
``date_earliest``, ``date_latest``   ``date_start``, ``date_end``
``year``                             ``year`` (must be the year of ``date_start``)
``time_precision``                   from ``date_prec``, table below
``disorder_type``                    ``Political violence`` (GED holds organised violence only)
``event_type``, ``sub_event_type``   from ``type_of_violence``, table below
``actor1``, ``actor2``               ``side_a``, ``side_b``
``country``, ``admin1``, ``admin2``  ``country``, ``adm_1``, ``adm_2``
``location``                         ``where_coordinates`` (a trailing "village", "town", "city" cut) when
                                     the file has it; else the most precise of ``adm_2``, ``adm_1``, ``country``
``latitude``, ``longitude``          ``latitude``, ``longitude``
``geo_precision``                    from ``where_prec``, table below
``fatalities``                       ``best`` (``ucdp_low``, ``ucdp_high`` keep ``low``, ``high``)
``source``                           ``UCDP GED`` and, when given, ``(source_office)``
``notes``                            empty (GED has no narrative; ``ucdp_source_headline`` and
                                     ``ucdp_source_article`` keep what it has)
``dataset``                          ``UCDP GED``
==================================== ============================================================================

``type_of_violence`` → ACLED event type: 1 state-based conflict → Battles / Armed clash;
2 non-state conflict → Battles / Armed clash; 3 one-sided violence → Violence against civilians
/ Attack.

========== ===================================== ===============================
where_prec UCDP meaning                          ACLED ``geo_precision``
========== ===================================== ===============================
1          exact location                        1 (the place itself)
2          within ~25 km of a known point        2 (near a town)
3          second-order admin unit (district)    3 (a larger region)
4          first-order admin unit (province)     3
5          a part of the country larger than     3
           a province, or a line (border, road)
6          the country only                      3
7          international waters or airspace      3
========== ===================================== ===============================

========== ===================================== ===============================
date_prec  UCDP meaning                          ACLED ``time_precision``
========== ===================================== ===============================
1          the exact day                         1 (the day)
2          a span of 2–6 days                    2 (about a week)
3          the week                              2
4          the month (8–30 days)                 3 (the month)
5          the year (31–365 days)                3 (coarsest ACLED level; the true span
                                                 is in ``date_earliest``/``date_latest``)
========== ===================================== ===============================

Rejected rows (file, line, column, value, reason): empty ``id``, ``side_a``, ``country``,
``date_start``; a code outside the tables above; ``best``/``low``/``high``/``deaths_*`` not
whole numbers ≥ 0 or not ``low <= best <= high``; ``date_end`` before ``date_start``; out of
range coordinates; repeated ``id`` (see :mod:`geo.incidents.acled` for copies vs conflicts); rows with
too many or too few fields. Reading and line numbers: :mod:`geo.incidents._csvfile`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Literal

import pandas as pd

from geo.incidents._csvfile import read_header, read_raw_csv
from geo.incidents._tabular import Converter, finish, require_columns
from geo.incidents.records import IncidentRead
from geo.incidents.schema import DateOrder

__all__ = [
    "DATE_PREC_TO_TIME_PRECISION",
    "TYPE_OF_VIOLENCE_TO_EVENT",
    "UCDP_COLUMNS",
    "UCDP_REQUIRED_COLUMNS",
    "WHERE_PREC_TO_GEO_PRECISION",
    "incidents_from_ucdp",
    "is_headerless_ged",
    "read_ucdp_csv",
]

#: The 49 columns of UCDP GED as released, in their order. Files with a header are read by
#: name (any order, extra columns kept); the header-less candidate releases by position.
UCDP_COLUMNS: Final[tuple[str, ...]] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name",
    "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1",
    "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id",
    "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip
UCDP_REQUIRED_COLUMNS: Final[tuple[str, ...]] = (
    "id", "year", "type_of_violence", "side_a", "side_b", "where_prec", "latitude",
    "longitude", "country", "date_prec", "date_start", "date_end", "best",
)  # fmt: skip
TYPE_OF_VIOLENCE_TO_EVENT: Final[dict[int, tuple[str, str]]] = {
    1: ("Battles", "Armed clash"),
    2: ("Battles", "Armed clash"),
    3: ("Violence against civilians", "Attack"),
}
WHERE_PREC_TO_GEO_PRECISION: Final[dict[int, int]] = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}
DATE_PREC_TO_TIME_PRECISION: Final[dict[int, int]] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
_COUNTS: Final[tuple[str, ...]] = (
    "best", "low", "high", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
)  # fmt: skip
#: UCDP columns copied as they are into a schema column (not repeated as ``ucdp_*``).
_COPIED: Final[frozenset[str]] = frozenset(
    {"year", "side_a", "side_b", "adm_1", "adm_2", "latitude", "longitude", "country", "best"}
)
#: UCDP columns read into the incident columns or the ``ucdp_*`` extras before the rest.
_HANDLED: Final[frozenset[str]] = frozenset(
    {*_COPIED, *_COUNTS, "id", "type_of_violence", "where_prec", "date_prec"}
)


def _mapped(values: pd.Series, table: dict[int, int]) -> pd.Series:
    return values.map(table).astype("Int64")


def is_headerless_ged(header: Sequence[str]) -> bool:
    """The first row of a CSV file is a GED event, not a header (a candidate release).

    True when the row has the 49 fields of :data:`UCDP_COLUMNS` and starts with a numeric
    event id where the header would have ``id``.

    Examples
    --------
    >>> is_headerless_ged(["540101", "ARM-2023-1-13664-2", *[""] * 47])
    True
    >>> is_headerless_ged(list(UCDP_COLUMNS))
    False
    """
    return len(header) == len(UCDP_COLUMNS) and header[0].strip().isdigit()


def read_ucdp_csv(path: str | os.PathLike[str], *, date_order: DateOrder = "auto") -> IncidentRead:
    """Read a UCDP GED CSV export, keeping valid rows and rejected ones apart.

    Parameters
    ----------
    path : str or path-like
        A GED CSV file: with a header (any recent version; the columns of
        :data:`UCDP_COLUMNS`, extra ones kept), or without one (a candidate release: the
        49 columns of :data:`UCDP_COLUMNS`, in that order).
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        Day/month order of dates such as ``05/06/2020`` (GED writes ISO dates; a file
        re-saved by a spreadsheet may not).

    Returns
    -------
    IncidentRead
        ``incidents`` in the incident schema (mapping in the module docstring) with the UCDP
        originals in ``ucdp_*`` columns, ``dataset`` and ``source_line``; ``rejected`` with one
        row per problem.

    Raises
    ------
    DataFileError
        The file is missing, unreadable, not UTF-8 or empty.
    IncidentsValidationError
        A required column is missing.
    """
    path = Path(path)
    names = UCDP_COLUMNS if is_headerless_ged(read_header(path)) else None
    raw = read_raw_csv(path, names=names)
    require_columns(raw.header, UCDP_REQUIRED_COLUMNS, str(path))
    conv = Converter(raw, "id", date_order=date_order)
    n = len(conv)
    cols: dict[str, pd.Series] = {}
    extras: dict[str, pd.Series] = {}

    ucdp_id = conv.string("id", required=True)
    conv.unique_ids("id")
    cols["event_id_cnty"] = "UCDP-" + ucdp_id
    extras["ucdp_id"] = ucdp_id
    cols.update(_dates(conv))

    date_prec = conv.integer("date_prec", required=True, allowed=DATE_PREC_TO_TIME_PRECISION)
    cols["time_precision"] = _mapped(date_prec, DATE_PREC_TO_TIME_PRECISION)
    violence = conv.integer("type_of_violence", required=True, allowed=TYPE_OF_VIOLENCE_TO_EVENT)
    events = {k: v[0] for k, v in TYPE_OF_VIOLENCE_TO_EVENT.items()}
    subs = {k: v[1] for k, v in TYPE_OF_VIOLENCE_TO_EVENT.items()}
    cols["event_type"] = violence.map(events).astype("string")
    cols["sub_event_type"] = violence.map(subs).astype("string")
    cols["disorder_type"] = pd.Series("Political violence", index=range(n), dtype="string")
    where_prec = conv.integer("where_prec", required=True, allowed=WHERE_PREC_TO_GEO_PRECISION)
    cols["geo_precision"] = _mapped(where_prec, WHERE_PREC_TO_GEO_PRECISION)

    cols["actor1"] = conv.string("side_a", required=True)
    cols["actor2"] = conv.string("side_b")
    cols["country"] = conv.string("country", required=True)
    cols["admin1"], cols["admin2"] = conv.string("adm_1"), conv.string("adm_2")
    if conv.has("where_coordinates"):
        where = conv.string("where_coordinates").str.replace(
            r"\s+(village|town|city)$", "", regex=True, case=False
        )
    else:
        where = pd.Series(pd.NA, index=range(n), dtype="string")
    cols["location"] = where.fillna(cols["admin2"]).fillna(cols["admin1"]).fillna(cols["country"])
    cols["latitude"], cols["longitude"] = conv.coordinates()
    counts = _counts(conv)
    cols["fatalities"] = counts.pop("best")
    office = conv.string("source_office")
    cols["source"] = ("UCDP GED (" + office + ")").fillna("UCDP GED")

    extras["ucdp_type_of_violence"] = violence
    extras["ucdp_where_prec"] = where_prec
    extras["ucdp_date_prec"] = date_prec
    extras.update({f"ucdp_{column}": values for column, values in counts.items()})
    read = finish(conv, cols, extras, handled=_HANDLED, prefix="ucdp_", dataset="UCDP GED")
    return IncidentRead(*read)


def _dates(conv: Converter) -> dict[str, pd.Series]:
    """``event_date`` (the middle day), ``date_earliest``, ``date_latest`` and ``year``."""
    start = conv.date("date_start", required=True)
    end = conv.date("date_end")
    end = end.fillna(start)
    conv.check(
        (end < start).to_numpy(dtype=bool, na_value=False),
        "date_end",
        "date_end is before date_start",
    )
    year = conv.integer("year", required=True)
    conv.check(
        (year != start.dt.year.astype("Int64")).to_numpy(dtype=bool, na_value=False),
        "year",
        "year is not the year of date_start",
    )
    return {
        "event_date": (start + (end - start) // 2).dt.floor("D"),
        "date_earliest": start,
        "date_latest": end,
        "year": year,
    }


def _counts(conv: Converter) -> dict[str, pd.Series]:
    """The death counts the file has (``best`` always), whole numbers >= 0, ``low <= best <= high``."""
    counts = {c: conv.integer(c, minimum=0) for c in _COUNTS if conv.has(c) or c == "best"}
    best = counts["best"]
    for column, relation in (
        ("low", best < counts.get("low", best)),
        ("high", best > counts.get("high", best)),
    ):
        conv.check(
            relation.to_numpy(dtype=bool, na_value=False),
            column,
            f"{column} {'above' if column == 'low' else 'below'} best",
        )
    return counts


def incidents_from_ucdp(
    path: str | os.PathLike[str], *, errors: Literal["raise", "reject"] = "raise"
) -> pd.DataFrame:
    """Return the events of a UCDP GED CSV export in the incident schema.

    Parameters
    ----------
    path : str or path-like
        The export.
    errors : {"raise", "reject"}, keyword-only
        ``"raise"``: any bad row fails the file with every problem listed. ``"reject"``: bad
        rows are left out (and logged); :func:`read_ucdp_csv` returns them as a table.

    Returns
    -------
    pandas.DataFrame
        See :func:`read_ucdp_csv`.

    Raises
    ------
    IncidentsValidationError
        With ``errors="raise"``, when a row is invalid or a required column is missing.
    DataFileError
        The file cannot be read.
    """
    return read_ucdp_csv(path).checked(errors)
