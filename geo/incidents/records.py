"""Read incident records from the project's CSV into a validated table.

The reader never loses a row: with ``errors="raise"`` (the default) a file with any bad cell
fails as a whole with every problem listed (file, line, column, value, reason); with
``errors="reject"`` the good rows come back and every bad one is returned in a rejects table
with its reasons, ready to be written next to the outputs.
"""

from __future__ import annotations

import csv
import logging
import math
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import pandas as pd
import pandera.errors

from geo.errors import DataFileError, IncidentsValidationError, InputNotFoundError, RowProblem
from geo.incidents.schema import INCIDENT_COLUMNS, INPUT_SCHEMA, PANDAS_DTYPES, REQUIRED_COLUMNS

__all__ = ["IncidentRead", "incidents_from_csv", "read_incidents_csv"]

logger = logging.getLogger(__name__)

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y")
_NULLS = frozenset({"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"})


@dataclass(frozen=True)
class IncidentRead:
    """What :func:`read_incidents_csv` found.

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


def _parse_cell(kind: str, text: str) -> object:
    """Parse one non-empty cell; raise ValueError with a reason."""
    if kind == "str":
        return text
    if kind == "int":
        try:
            number = float(text)
        except ValueError:
            raise ValueError("not a whole number") from None
        if not number.is_integer():
            raise ValueError("not a whole number")
        return int(number)
    if kind == "float":
        try:
            number = float(text)
        except ValueError:
            raise ValueError("not a number") from None
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    if kind == "date":
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        raise ValueError("not a date (expected YYYY-MM-DD or '11 May 2023')")
    raise AssertionError(kind)  # pragma: no cover


def read_incidents_csv(path: str | os.PathLike[str]) -> IncidentRead:
    """Read and validate an incidents CSV, keeping the valid rows and the rejected ones apart.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV with a header row in the incident schema
        (:data:`geo.incidents.schema.INCIDENT_COLUMNS`). Optional columns may be missing; required
        ones may not. Unknown columns are kept.

    Returns
    -------
    IncidentRead
        Valid incidents and a rejects table.

    Raises
    ------
    DataFileError
        The file cannot be read or is not UTF-8 text.
    IncidentsValidationError
        A required column is missing (a problem of the whole file, not of a row).
    """
    path = Path(path)
    shown = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = list(reader.fieldnames or [])
            rows: list[dict[str, str | None]] = []
            lines: list[int] = []
            for row in reader:
                rows.append(row)
                lines.append(reader.line_num)
    except FileNotFoundError:
        raise InputNotFoundError(f"{shown}: no such file") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise DataFileError(f"{shown}: malformed CSV near line {reader.line_num}: {exc}") from None

    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if not header or missing:
        problems = [
            RowProblem(shown, None, c, "", "required column is missing")
            for c in missing or ["header"]
        ]
        raise IncidentsValidationError(problems)

    problems = []
    records: list[dict[str, object]] = []
    for row, line in zip(rows, lines, strict=True):
        event_id = (row.get("event_id_cnty") or "").strip()
        if None in row or any(v is None for v in row.values()):
            problems.append(
                RowProblem(
                    shown, line, "(row)", "", f"expected {len(header)} fields per row", event_id
                )
            )
        record: dict[str, object] = {}
        for column, (kind, _required) in INCIDENT_COLUMNS.items():
            text = (row.get(column) or "").strip()
            if text in _NULLS:
                record[column] = None
                continue
            try:
                record[column] = _parse_cell(kind, text)
            except ValueError as exc:
                problems.append(RowProblem(shown, line, column, text, str(exc), event_id))
                record[column] = None
        for column in header:
            if column not in INCIDENT_COLUMNS and column is not None:
                record[column] = row.get(column)
        records.append(record)

    frame = _typed_frame(records, header)
    frame["source_line"] = pd.array(lines, dtype="Int64")
    problems.extend(_schema_problems(frame, shown))

    bad_lines = {p.line for p in problems}
    valid = frame[~frame["source_line"].isin(bad_lines)].reset_index(drop=True)
    rejected = pd.DataFrame(
        [
            {
                "path": p.path,
                "line": p.line,
                "event_id_cnty": p.event_id,
                "column": p.column,
                "value": p.value,
                "reason": p.reason,
            }
            for p in sorted(problems, key=lambda p: (p.line or 0, p.column))
        ],
        columns=["path", "line", "event_id_cnty", "column", "value", "reason"],
    )
    if len(rejected):
        logger.warning("%s: %d row(s) rejected", shown, rejected["line"].nunique())
    return IncidentRead(valid, rejected)


def _typed_frame(records: list[dict[str, object]], header: list[str]) -> pd.DataFrame:
    """Build the typed DataFrame in schema column order, extra columns last."""
    data: dict[str, object] = {}
    for column, (kind, _) in INCIDENT_COLUMNS.items():
        values = [r[column] for r in records]
        data[column] = (
            pd.array(values, dtype=PANDAS_DTYPES[kind])
            if kind != "date"
            else pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce").astype(
                "datetime64[ms]"
            )
        )
    extra = [c for c in header if c not in INCIDENT_COLUMNS]
    for column in extra:
        data[column] = pd.array([r.get(column) for r in records], dtype="string")
    frame = pd.DataFrame(data)
    year_from_date = frame["event_date"].dt.year.astype("Int64")
    frame["year"] = frame["year"].fillna(year_from_date)
    frame["review_status"] = frame["review_status"].fillna("draft")
    return frame


def _schema_problems(frame: pd.DataFrame, shown: str) -> list[RowProblem]:
    """Run the pandera schema lazily and turn its failure cases into row problems."""
    try:
        INPUT_SCHEMA.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    problems: list[RowProblem] = []
    seen: set[tuple[int, str, str]] = set()
    for case in cases.itertuples(index=False):
        index = case.index
        if index is None or pd.isna(index):
            continue  # a dtype problem of the whole column; cells were parsed already
        index = int(index)
        check = str(case.check)
        frame_check = case.schema_context == "DataFrameSchema" or not isinstance(case.column, str)
        column = _column_of_frame_check(check) if frame_check else str(case.column)
        if (index, column, check) in seen:
            continue  # frame-wide checks report every cell of the row; one problem is enough
        seen.add((index, column, check))
        if column in frame.columns:
            cell = frame.at[index, column]
            value = "" if pd.isna(cell) else str(cell)
        else:
            value = (
                ""
                if case.failure_case is None or pd.isna(case.failure_case)
                else str(case.failure_case)
            )
        problems.append(
            RowProblem(
                shown,
                int(frame.at[index, "source_line"]),
                column,
                value,
                _reason(check),
                str(frame.at[index, "event_id_cnty"] or ""),
            )
        )
    return problems


def _column_of_frame_check(check: str) -> str:
    if check.startswith("sub_event_type"):
        return "sub_event_type"
    if check.startswith("latitude"):
        return "latitude"
    if check.startswith("event_date"):
        return "time_precision"
    if "uniqueness" in check:
        return "event_id_cnty"
    return "(row)"


def _reason(check: str) -> str:
    if check == "not_nullable":
        return "required value is empty"
    if "uniqueness" in check:
        return "duplicate event_id_cnty"
    if check.startswith("isin"):
        return f"not one of the allowed values {check[5:-1]}"
    if check.startswith("in_range"):
        return f"out of range {check[8:]}"
    if check.startswith("greater_than_or_equal_to"):
        return "must not be negative"
    if check.startswith("str_length"):
        return "required value is empty"
    if check.startswith("sub_event_type"):
        return "sub_event_type does not belong to this event_type"
    return check


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
    """
    return read_incidents_csv(path).checked(errors)
