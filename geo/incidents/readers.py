"""One entry point for every incident file bordermap reads, and a format sniffer.

========== ============================================== ==========================================
format     file                                           reader
========== ============================================== ==========================================
acled      ACLED CSV export (2023 or older schema)        :func:`geo.incidents.acled.read_acled_csv`
ucdp       UCDP GED CSV export                            :func:`geo.incidents.ucdp.read_ucdp_csv`
bordermap  the project's own incidents CSV                :func:`geo.incidents.records.read_incidents_csv`
geojson    incidents GeoJSON written by bordermap         :func:`geo.incidents.geofiles.incidents_from_geojson`
========== ============================================== ==========================================

Every reader returns the same :class:`geo.incidents.records.IncidentRead`: the valid rows in the
incident schema (:data:`geo.incidents.schema.INCIDENT_COLUMNS`, then extra columns, with a ``dataset``
column naming where they came from) and a rejects table (path, line, event_id_cnty, column,
value, reason).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Final, Literal, get_args

import pandas as pd

from geo.errors import DataFileError, IncidentsValidationError, InputNotFoundError, RowProblem
from geo.incidents._csvfile import read_header
from geo.incidents._tabular import REJECT_COLUMNS
from geo.incidents.records import IncidentRead

__all__ = [
    "FORMATS",
    "Format",
    "format_from_path",
    "header_from_csv",
    "incidents_from_file",
    "read_incidents",
]

logger = logging.getLogger(__name__)

Format = Literal["acled", "ucdp", "bordermap", "geojson"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
_UCDP_MARKERS: Final[frozenset[str]] = frozenset(
    {"type_of_violence", "where_prec", "date_prec", "best"}
)
_ACLED_MARKERS: Final[frozenset[str]] = frozenset(
    {"inter1", "interaction", "data_id", "timestamp", "event_id_no_cnty", "civilian_targeting"}
)


def header_from_csv(path: str | os.PathLike[str]) -> list[str]:
    """Return the column names of a CSV file, as every reader here reads them.

    Only the header row is read. A byte-order mark and blanks around the names are removed; a
    column without a name is called ``unnamed_<position>``.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 CSV file with a header row.

    Returns
    -------
    list of str

    Raises
    ------
    DataFileError
        The file is missing, unreadable, not UTF-8 or empty.

    Examples
    --------
    >>> header_from_csv("seeds/incidents.csv")[:3]
    ['event_id_cnty', 'event_date', 'year']
    """
    return read_header(Path(path))


def format_from_path(path: str | os.PathLike[str]) -> Format:
    """Tell the format of an incident file from its first bytes and header (for ``--format auto``).

    GeoJSON: the first non-blank character is ``{``. CSV: the header has UCDP's
    ``type_of_violence, where_prec, date_prec, best`` → ``ucdp``; ``event_id_cnty`` and
    ``evidence`` → ``bordermap``; ``event_id_cnty`` and an ACLED-only column (``inter1``,
    ``interaction``, ``timestamp``, ``data_id``...) → ``acled``.

    Raises
    ------
    DataFileError
        The file cannot be read or its format is none of these.

    Examples
    --------
    >>> format_from_path("seeds/incidents.csv")
    'bordermap'
    >>> format_from_path("tests/data/acled_2023.csv"), format_from_path("tests/data/ucdp_ged.csv")
    ('acled', 'ucdp')
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except FileNotFoundError:
        raise InputNotFoundError(f"{path}: no such file") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from None
    if start.startswith(b"{"):
        return "geojson"
    header = set(read_header(path))
    if header >= _UCDP_MARKERS:
        return "ucdp"
    if "event_id_cnty" in header and "evidence" in header:
        return "bordermap"
    if "event_id_cnty" in header and header & _ACLED_MARKERS:
        return "acled"
    shown = ", ".join(sorted(header)[:8]) + (" ..." if len(header) > 8 else "")
    raise DataFileError(
        f"{path}: cannot tell the format (header: {shown}); give one of {', '.join(FORMATS)}"
    )


def _from_geojson(path: Path) -> IncidentRead:
    from geo.incidents.geofiles import incidents_from_geojson
    from geo.incidents.schema import REQUIRED_COLUMNS

    try:
        gdf = incidents_from_geojson(path)
    except (json.JSONDecodeError, ValueError) as exc:
        raise DataFileError(f"{path}: not readable as GeoJSON ({exc})") from None
    except Exception as exc:  # pyogrio raises its own DataSourceError / DataLayerError
        if type(exc).__module__.startswith("pyogrio"):
            raise DataFileError(f"{path}: not readable as GeoJSON ({exc})") from None
        raise
    missing = [c for c in REQUIRED_COLUMNS if c not in gdf.columns]
    if missing:
        raise IncidentsValidationError(
            [RowProblem(str(path), None, c, "", "required column is missing") for c in missing]
        )
    # The geometry is derived again by the join (record coordinates -> points, gazetteer
    # places -> their geometry): rows placed by a gazetteer say so in coord_source.
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    if "dataset" not in frame.columns:
        frame["dataset"] = pd.array(["bordermap"] * len(frame), dtype="string")
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in REJECT_COLUMNS})
    return IncidentRead(frame, empty)


def read_incidents(
    path: str | os.PathLike[str], *, format: Format | Literal["auto"] = "auto"
) -> IncidentRead:
    """Read an incident file of any supported format; bad rows are returned, not raised.

    Parameters
    ----------
    path : str or path-like
        The file.
    format : {"auto", "acled", "ucdp", "bordermap", "geojson"}, keyword-only
        ``"auto"`` asks :func:`format_from_path`.

    Returns
    -------
    IncidentRead
        Valid incidents (with a ``dataset`` column) and the rejects table.

    Raises
    ------
    DataFileError
        The file cannot be read or its format cannot be told.
    IncidentsValidationError
        A required column is missing.
    ValueError
        ``format`` is not a known format.

    Examples
    --------
    >>> read = read_incidents("tests/data/acled_2023.csv")
    >>> read.incidents[["event_id_cnty", "event_type", "dataset"]].head(2)
      event_id_cnty              event_type dataset
    0       ARM2001                 Battles   ACLED
    1       AZE3002  Strategic developments   ACLED
    >>> len(read.rejected)
    0
    """
    path = Path(path)
    fmt = format_from_path(path) if format == "auto" else format
    logger.info("%s: reading as %s", path, fmt)
    if fmt == "acled":
        from geo.incidents.acled import read_acled_csv

        return read_acled_csv(path)
    if fmt == "ucdp":
        from geo.incidents.ucdp import read_ucdp_csv

        return read_ucdp_csv(path)
    if fmt == "bordermap":
        from geo.incidents.records import read_incidents_csv

        result = read_incidents_csv(path)
        frame = result.incidents
        if "dataset" not in frame.columns:
            frame = frame.assign(dataset=pd.array(["bordermap"] * len(frame), dtype="string"))
        return IncidentRead(frame, result.rejected)
    if fmt == "geojson":
        return _from_geojson(path)
    raise ValueError(f"unknown format {format!r}; expected auto or one of {', '.join(FORMATS)}")


def incidents_from_file(
    path: str | os.PathLike[str],
    *,
    format: Format | Literal["auto"] = "auto",
    errors: Literal["raise", "reject"] = "raise",
) -> pd.DataFrame:
    """Return the incidents of a file of any supported format.

    Parameters
    ----------
    path : str or path-like
        The file.
    format : {"auto", "acled", "ucdp", "bordermap", "geojson"}, keyword-only
        See :func:`read_incidents`.
    errors : {"raise", "reject"}, keyword-only
        ``"raise"``: any bad row fails the file with every problem listed; ``"reject"``: bad
        rows are left out (use :func:`read_incidents` to get them).

    Returns
    -------
    pandas.DataFrame
        Valid incidents in the incident schema.

    Raises
    ------
    IncidentsValidationError
        With ``errors="raise"``, when a row is invalid; or a required column is missing.
    DataFileError
        The file cannot be read or its format cannot be told.
    """
    result = read_incidents(path, format=format)
    if errors == "raise" and len(result.rejected):
        raise IncidentsValidationError(result.problems)
    return result.incidents
