"""Every error bordermap raises on purpose, in one tree.

Catch :class:`BordermapError` to catch them all. Each class also derives from the builtin
exception a caller would reach for first, so code that knows nothing of bordermap still
catches what it expects: a malformed file is a ``ValueError``, an existing output file a
``FileExistsError``, an unreachable dask scheduler a ``ConnectionError``.

Every error that comes from bad input names the file, the row (line) and the column, so an
analyst can find and fix the offending cell without reading a traceback.

::

    BordermapError
    ├── DataFileError (ValueError)               an input file is unreadable or malformed
    │   ├── InputNotFoundError (FileNotFoundError)   ... or is not there at all
    │   ├── AmbiguousDateError                   slash dates whose day/month order is unknown
    │   ├── PartitionError                       a partition of `aggregate` cannot be imported
    │   └── PartitionSchemaError                 partitions of one input disagree on columns
    ├── IncidentsValidationError (ValueError)    rows that do not fit the incident schema
    ├── MissingCRSError (ValueError)             a GeoDataFrame without a CRS
    ├── EmptySelectionError (ValueError)         nothing to write
    ├── DraftError (ValueError)                  an article that cannot be drafted
    ├── OnlineConfigurationError (ValueError)    an online geocoder that cannot be set up
    ├── OnlineCacheError (OSError)               its SQLite cache cannot be used
    ├── OutputError (OSError)                    an output that cannot be written there
    │   └── OutputExistsError (FileExistsError)  ... because it exists (pass overwrite)
    ├── MissingDependencyError (ImportError)     an optional package is not installed
    ├── OfflineAssetsError (RuntimeError)        a self-contained map lacks its scripts
    ├── DistributedError (RuntimeError)          the dask engine could not run
    │   ├── SchedulerUnreachableError (ConnectionError)
    │   └── WorkerLostError
    └── StoreError (RuntimeError)                the incident store (PostgreSQL/PostGIS) failed
        ├── StoreUnreachableError (ConnectionError)  no server answered, or no such database
        ├── StoreAuthenticationError (PermissionError)   the server refused the login
        ├── StoreExtensionError                  the database has no PostGIS
        ├── StoreSchemaError                     no store there, or one of another version
        └── StoreQueryError (ValueError)         a --where / --bbox / --since that cannot be used
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AmbiguousDateError",
    "BordermapError",
    "DataFileError",
    "DistributedError",
    "DraftError",
    "EmptySelectionError",
    "IncidentsValidationError",
    "InputNotFoundError",
    "MissingCRSError",
    "MissingDependencyError",
    "OfflineAssetsError",
    "OnlineCacheError",
    "OnlineConfigurationError",
    "OutputError",
    "OutputExistsError",
    "PartitionError",
    "PartitionSchemaError",
    "RowProblem",
    "SchedulerUnreachableError",
    "StoreAuthenticationError",
    "StoreError",
    "StoreExtensionError",
    "StoreQueryError",
    "StoreSchemaError",
    "StoreUnreachableError",
    "WorkerLostError",
]


class BordermapError(Exception):
    """Base class of every error bordermap raises on purpose."""


# ---------------------------------------------------------------------------- input


class DataFileError(BordermapError, ValueError):
    """An input or bundled data file cannot be read, or is not of the form expected.

    The message starts with the file's path (and names the line or column where it can).
    """


class InputNotFoundError(DataFileError, FileNotFoundError):
    """An input file or folder does not exist."""


class AmbiguousDateError(DataFileError):
    """A column of dates such as ``05/06/2020`` in which nothing tells day from month.

    The message names the file, the column, an example and the options that settle it
    (``--dayfirst`` / ``--monthfirst``; ``date_order=`` in Python).
    """


class PartitionError(DataFileError):
    """A partition could not be read or imported (the message names the file)."""


class PartitionSchemaError(DataFileError):
    """Partitions of one input do not have the same columns and types."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem in one cell of a tabular input.

    Attributes
    ----------
    path : str
        The file the row came from.
    line : int or None
        1-based physical line of the record in the file (the header is line 1);
        ``None`` for a problem of the whole file (a missing column).
    column : str
        The column (field) name.
    value : str
        The offending cell as read, shortened for display.
    reason : str
        What is wrong, in words.
    event_id : str
        The record's ``event_id_cnty`` if it has one, else ``""``.
    """

    path: str
    line: int | None
    column: str
    value: str
    reason: str
    event_id: str = ""

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line is not None else self.path
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{where}, column '{self.column}': {self.reason} (value: {shown!r})"


class IncidentsValidationError(BordermapError, ValueError):
    """An incidents file has rows that do not fit the incident schema.

    Parameters
    ----------
    problems : list of RowProblem
        Every problem found (validation is lazy: all rows are checked before raising).
    """

    def __init__(self, problems: list[RowProblem]) -> None:
        problems = sorted(problems, key=lambda p: (p.line or 0, p.column))
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in incident records:\n{shown}{more}")


class DraftError(BordermapError, ValueError):
    """An article cannot be drafted (no publication date, for one)."""


# ---------------------------------------------------------------------------- frames


class MissingCRSError(BordermapError, ValueError):
    """A GeoDataFrame has no CRS, so its coordinates could be anything.

    Raised wherever bordermap needs to know what the coordinates are (every writer, every
    analysis); set one with ``.set_crs("EPSG:4326")``.
    """


class EmptySelectionError(BordermapError, ValueError):
    """The frame to write has no rows (and the writer was told not to write empty files)."""


# ---------------------------------------------------------------------------- output


class OutputError(BordermapError, OSError):
    """An output cannot be written where asked (a file in the way, no permission)."""


class OutputExistsError(OutputError, FileExistsError):
    """The output file exists and replacing it was not asked for (``overwrite``)."""


# ---------------------------------------------------------------------------- set-up


class OnlineConfigurationError(BordermapError, ValueError):
    """An online geocoder cannot be set up (missing user agent, unknown service, bad option)."""


class OnlineCacheError(BordermapError, OSError):
    """The online geocoder's SQLite cache cannot be used (damaged, a folder, not writable,
    another program's database, locked too long). The message names the file and what to do."""


class MissingDependencyError(BordermapError, ImportError):
    """An optional package a feature needs is not installed; the message says what to install."""


class OfflineAssetsError(BordermapError, RuntimeError):
    """A self-contained map cannot be written (assets missing, npm unavailable, unknown URL)."""


class DistributedError(BordermapError, RuntimeError):
    """The dask engine could not run (no dask, no scheduler, a worker lost)."""


class SchedulerUnreachableError(DistributedError, ConnectionError):
    """No dask scheduler answered at the address given."""


class WorkerLostError(DistributedError):
    """A worker died while running a task, more often than dask retries it."""


# ---------------------------------------------------------------------------- store


class StoreError(BordermapError, RuntimeError):
    """The incident store (PostgreSQL with PostGIS) cannot be used.

    Every message is one line that says what to do, names the server as
    ``postgresql://user@host:port/database`` and never contains the password.
    """


class StoreUnreachableError(StoreError, ConnectionError):
    """No PostgreSQL server answered at the address given, or it has no such database."""


class StoreAuthenticationError(StoreError, PermissionError):
    """The server refused the user name or password (or has no rule for this client)."""


class StoreExtensionError(StoreError):
    """The database has no PostGIS extension and bordermap may not create it."""


class StoreSchemaError(StoreError):
    """The database holds no bordermap store, or one made by an older or newer bordermap."""


class StoreQueryError(StoreError, ValueError):
    """A selection (``--where``, ``--bbox``, ``--since``) that cannot be parsed or applied."""
