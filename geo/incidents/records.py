"""Read incident records from the project's CSV into a validated table.

The reader never loses a row: with ``errors="raise"`` (the default) a file with any bad cell
fails as a whole with every problem listed (file, line, column, value, reason); with
``errors="reject"`` the good rows come back and every bad one is returned in a rejects table
with its reasons, ready to be written next to the outputs.

The file goes through the pipeline every tabular reader shares (:mod:`geo.incidents._csvfile`
for the cells and exact line numbers, :mod:`geo.incidents._tabular` for parsing, typing and
rejects); its rules are those of the pandera schema :data:`geo.incidents.schema.INPUT_SCHEMA`,
which also validates drafted records (:func:`incidents_frame`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from geo.errors import IncidentsValidationError, RowProblem
from geo.incidents._csvfile import RawTable, read_raw_csv
from geo.incidents._jsonfile import read_raw_geojson
from geo.incidents._tabular import Converter, finish, require_columns
from geo.incidents.schema import (
    INCIDENT_COLUMNS,
    REQUIRED_COLUMNS,
    ROW_CHECKS,
    DateOrder,
    typed_incidents,
)

__all__ = [
    "IncidentRead",
    "incidents_frame",
    "incidents_from_csv",
    "read_incidents_csv",
    "read_incidents_geojson",
]

logger = logging.getLogger(__name__)

#: pandera's names of its built-in checks -> the reason a reader gives.
_BUILT_IN_REASONS = {"not_nullable": "required value is empty"}


@dataclass(frozen=True)
class IncidentRead:
    """What a reader found (every reader of :mod:`geo.incidents.readers` returns one).

    Attributes
    ----------
    incidents : pandas.DataFrame
        The valid rows, typed, in the column order of :data:`geo.incidents.schema.INCIDENT_COLUMNS`,
        with a ``source_line`` column (1-based line of the record in the file).
    rejected : pandas.DataFrame
        One row per problem: ``path``, ``line``, ``event_id_cnty``, ``column``, ``value``,
        ``reason``. Empty when every row is valid.
    """

    incidents: pd.DataFrame
    rejected: pd.DataFrame

    def checked(self, errors: Literal["raise", "reject"] = "raise") -> pd.DataFrame:
        """The valid incidents; with ``errors="raise"``, fail if any row was rejected.

        Raises
        ------
        IncidentsValidationError
            ``errors="raise"`` and at least one row was rejected (every problem listed).
        """
        if errors == "raise" and len(self.rejected):
            raise IncidentsValidationError(self.problems)
        return self.incidents

    @property
    def problems(self) -> list[RowProblem]:
        """The rejects as :class:`RowProblem` objects."""
        return [
            RowProblem(
                r.path,
                None if pd.isna(r.line) else int(r.line),
                r.column,
                r.value,
                r.reason,
                r.event_id_cnty,
            )
            for r in self.rejected.itertuples(index=False)
        ]


def read_incidents_csv(
    path: str | os.PathLike[str], *, date_order: DateOrder = "auto", encoding: str | None = None
) -> IncidentRead:
    """Read and validate an incidents CSV, keeping the valid rows and the rejected ones apart.

    Parameters
    ----------
    path : str or path-like
        A CSV with a header row in the incident schema
        (:data:`geo.incidents.schema.INCIDENT_COLUMNS`). Optional columns may be missing; required
        ones may not. Unknown columns are kept (as text).
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        Day/month order of dates such as ``05/06/2020`` (``"auto"``: the file settles it).
    encoding : str, optional, keyword-only
        The text encoding of a file that is not UTF-8, read as
        :func:`geo.incidents.read_incidents` reads it: through a UTF-8 copy; a byte-order mark
        wins over it, and a file that is UTF-8 beyond ASCII is read as UTF-8 (both warned).

    Returns
    -------
    IncidentRead
        Valid incidents and a rejects table.

    Raises
    ------
    DataFileError
        The file cannot be read, is not text in its encoding (UTF-8 unless a byte-order mark
        or ``encoding`` says otherwise), is empty or repeats a column name.
    IncidentsValidationError
        A required column is missing (a problem of the whole file, not of a row).
    ValueError
        ``encoding`` is not a text encoding.

    Examples
    --------
    >>> read = read_incidents_csv("seeds/incidents.csv")
    >>> len(read.incidents), len(read.rejected)
    (3, 0)
    >>> read.incidents["source_line"].tolist()
    [2, 3, 4]
    """
    from geo.incidents.readers import _in_utf8
    from geo.text.encodings import text_encoding

    return _in_utf8(
        Path(path),
        lambda file: _records_from_raw(read_raw_csv(file), date_order=date_order),
        encoding=None if encoding is None else text_encoding(encoding),
    )


def read_incidents_geojson(
    path: str | os.PathLike[str], *, date_order: DateOrder = "auto"
) -> IncidentRead:
    """Read and validate a GeoJSON of incident records (as bordermap writes them).

    The features' properties go through the same parsing and checks as the rows of
    :func:`read_incidents_csv` (:mod:`geo.incidents._jsonfile`); ``source_line`` is the line
    each feature starts on. Geometries are not read: the join places every record again.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 GeoJSON FeatureCollection whose properties hold the incident columns.
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        As in :func:`read_incidents_csv`.

    Returns
    -------
    IncidentRead
        Valid incidents and a rejects table (``line``: the feature's line).

    Raises
    ------
    DataFileError
        The file cannot be read, is not GeoJSON, or a feature names a property twice.
    IncidentsValidationError
        A required column is missing from every feature.
    """
    return _records_from_raw(read_raw_geojson(Path(path)), date_order=date_order)


def _records_from_raw(raw: RawTable, *, date_order: DateOrder) -> IncidentRead:
    """Parse, type and validate the cells of a file of incident records."""
    require_columns(raw.header, REQUIRED_COLUMNS, raw.path)
    conv = Converter(raw, "event_id_cnty", date_order=date_order)
    columns: dict[str, Any] = {}
    for column, (kind, _) in INCIDENT_COLUMNS.items():
        if not conv.has(column):
            continue
        if kind == "str":
            columns[column] = conv.string(column)
        elif kind == "int":
            columns[column] = conv.integer(column)
        elif kind == "float":
            columns[column] = conv.number(column)
        else:
            columns[column] = conv.date(column)
    frame = typed_incidents(columns, len(conv))
    checked = frame.assign(dataset=conv.string("dataset")) if conv.has("dataset") else frame
    failures = _schema_failures(checked)
    for (column, reason), group in failures.groupby(["column", "reason"], sort=False):
        mask = np.zeros(len(conv), dtype=bool)
        mask[group["row"].to_numpy()] = True
        conv.check(mask, column, reason)
    return IncidentRead(*finish(conv, dict(frame.items()), {}, handled=INCIDENT_COLUMNS))


def _schema_failures(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells of a typed incident table that break :data:`~geo.incidents.schema.INPUT_SCHEMA`.

    Parameters
    ----------
    frame : pandas.DataFrame
        As :func:`geo.incidents.schema.typed_incidents` makes it (a RangeIndex).

    Returns
    -------
    pandas.DataFrame
        Columns ``row`` (position), ``column`` and ``reason``, one row per problem (a check
        across columns names the column of :data:`~geo.incidents.schema.ROW_CHECKS`), sorted
        by row and column; empty when every row is valid.
    """
    import pandera.errors  # on first use: the other readers need no pandera

    from geo.incidents.schema import INPUT_SCHEMA

    try:
        INPUT_SCHEMA.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return pd.DataFrame({"row": [], "column": [], "reason": []})
    cases = cases[cases["index"].notna()]  # a dtype problem of a whole column has no row
    check = cases["check"].astype(str)
    unique = check.str.contains("uniqueness").to_numpy()
    reason = check.replace(_BUILT_IN_REASONS).where(~unique, "duplicate event_id_cnty")
    column = check.map(ROW_CHECKS).fillna(cases["column"].astype(str))
    failures = pd.DataFrame(
        {"row": cases["index"].astype(int).to_numpy(), "column": column, "reason": reason}
    )
    # a check across columns reports every cell of the row: one problem is enough
    failures = failures.drop_duplicates(ignore_index=True)
    return failures.sort_values(["row", "column"], kind="stable", ignore_index=True)


def incidents_frame(rows: list[dict[str, Any]], *, source: str = "<drafts>") -> pd.DataFrame:
    """Type rows as the incident schema and validate them.

    The rows are typed by :func:`geo.incidents.schema.typed_incidents` and checked by
    :data:`geo.incidents.schema.INPUT_SCHEMA`, as the rows of a file are.

    Parameters
    ----------
    rows : list of dict
        Column -> value (dates as :class:`datetime.date`); missing columns are empty.
    source : str, keyword-only
        Named in error messages.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`geo.incidents.schema.INCIDENT_COLUMNS` in order, schema dtypes.

    Raises
    ------
    IncidentsValidationError
        A row breaks the schema (every problem listed, rows numbered from 1).

    Examples
    --------
    >>> from datetime import date
    >>> row = {"event_id_cnty": "X-1", "event_date": date(2023, 5, 11), "time_precision": 1,
    ...        "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "A",
    ...        "country": "Armenia", "location": "Sotk", "geo_precision": 1, "source": "s",
    ...        "evidence": "e"}
    >>> frame = incidents_frame([row])
    >>> int(frame.loc[0, "year"]), frame.loc[0, "review_status"]
    (2023, 'draft')
    >>> incidents_frame([{**row, "event_type": "Skirmish"}])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.IncidentsValidationError: ... line 1, column 'event_type': not one of the allowed values ...
    """
    frame = typed_incidents({c: [r.get(c) for r in rows] for c in INCIDENT_COLUMNS}, len(rows))
    failures = _schema_failures(frame)
    if len(failures):
        problems = [
            RowProblem(source, row + 1, column, _shown(frame.at[row, column]), reason)
            for row, column, reason in failures.itertuples(index=False)
        ]
        raise IncidentsValidationError(problems)
    return frame


def _shown(cell: object) -> str:
    return "" if pd.isna(cell) else str(cell)


def incidents_from_csv(
    path: str | os.PathLike[str], *, errors: Literal["raise", "reject"] = "raise"
) -> pd.DataFrame:
    """Return the incident records of a CSV file as a validated DataFrame.

    Parameters
    ----------
    path : str or path-like
        The CSV file.
    errors : {"raise", "reject"}, keyword-only
        ``"raise"``: any bad cell fails the whole file with every problem listed.
        ``"reject"``: bad rows are left out and logged; use :func:`read_incidents_csv` to get
        them as a table.

    Returns
    -------
    pandas.DataFrame
        One row per incident, columns as in :data:`geo.incidents.schema.INCIDENT_COLUMNS` plus
        ``source_line``.

    Raises
    ------
    IncidentsValidationError
        With ``errors="raise"``, when any row is invalid; the message names file, line and
        column of each problem.

    Examples
    --------
    >>> incidents = incidents_from_csv("seeds/incidents.csv")
    >>> incidents[["event_id_cnty", "event_type", "fatalities"]]
      event_id_cnty              event_type  fatalities
    0  BM-2023-0001                 Battles           1
    1  BM-2023-0002  Strategic developments        <NA>
    2  BM-2023-0003                Protests        <NA>

    A bad cell fails the file, or only its row with ``errors="reject"``:

    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.csv"
    >>> text = pathlib.Path("seeds/incidents.csv").read_text(encoding="utf-8")
    >>> _ = bad.write_text(text.replace("2023-05-11", "2023-13-45", 1), encoding="utf-8")
    >>> incidents_from_csv(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.IncidentsValidationError: 2 problem(s) in incident records:
      - ...bad.csv, line 2, column 'event_date': not a date (expected a date such as 2022-12-28, ...) ...
    >>> len(incidents_from_csv(bad, errors="reject"))
    2
    """
    return read_incidents_csv(path).checked(errors)
