"""Import, join, border proximity and day × cell aggregation, on one process or a dask cluster.

Two engines compute the same thing (:func:`aggregate`):

========== =====================================================================================
engine     how
========== =====================================================================================
``single`` this process: each input file is read (:func:`geo.incidents.readers.read_incidents`), joined
           (:func:`geo.incidents.join.incidents_with_places`) and written as one GeoParquet part; then all
           parts are read back (only the columns the next steps use), measured and grouped at
           once (:func:`geo.analysis.cells.cells_from_incidents`).
``dask``   a dask cluster: a ``LocalCluster`` of ``n_workers`` processes by default, or the
           scheduler at ``scheduler_address``. Import + join run as one task per input file,
           each writing its GeoParquet part; then ``dask_geopandas.read_parquet`` reads the
           parts as partitions, ``map_partitions`` measures them
           (:func:`geo.analysis.cells.cell_rows_from_incidents`) and a dask groupby adds the counts
           up in a tree. The workers need bordermap installed (and the same version).
========== =====================================================================================

The result is identical (same rows, same values, same order): per-incident values do not
depend on the partition, and the aggregate holds only integer sums and minima, which do not
depend on the order they are taken in. ``tests/analysis/test_distributed.py`` checks it on 100k
incidents with two workers.

Inputs are *partitions*: CSV files (ACLED, UCDP GED or bordermap's; every part of one run
with the same header) or GeoParquet files of incidents (already imported, for example the
``incidents/`` folder a previous run wrote, or ``benchmarks/generate.py --format parquet``).
A folder stands for the files in it (``*.csv`` or ``*.parquet``, sorted by name). One CSV is
one partition: split a single large export into parts to spread it over workers.

Failures are loud. A scheduler that does not answer within ``connect_timeout`` seconds
raises :class:`SchedulerUnreachableError`. A worker that dies mid-run has its tasks re-run on
another worker by dask; a task that kills workers again and again (dask's
``distributed.scheduler.allowed-failures``, 3 by default) raises :class:`WorkerLostError` —
never a partial aggregate. GeoParquet parts whose columns or types differ raise
:class:`PartitionSchemaError` naming the file and the column, before any work starts. The
GeoParquet parts of an import are written into a staging folder and moved into place only
when every part succeeded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.analysis.cells import (
    CELL_INPUT_COLUMNS,
    CELL_REDUCTIONS,
    cell_rows_from_incidents,
    cells_from_incidents,
    finished_cells,
)
from geo.errors import (
    BordermapError,
    DataFileError,
    DistributedError,
    InputNotFoundError,
    MissingDependencyError,
    PartitionError,
    PartitionSchemaError,
    SchedulerUnreachableError,
    WorkerLostError,
)

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "ENGINES",
    "AggregateResult",
    "ImportResult",
    "aggregate",
    "check_partition_schemas",
    "dask_client",
    "import_partitions",
    "partitions_from_paths",
]

logger = logging.getLogger(__name__)

Engine = Literal["single", "dask"]
ENGINES: Final[tuple[str, ...]] = ("single", "dask")
INSTALL_HINT: Final[str] = "pip install 'bordermap[dask]' (dask, distributed, dask-geopandas)"
_PART_SUFFIXES: Final[dict[str, str]] = {".csv": "csv", ".parquet": "parquet"}
_NOT_AN_ADDRESS: Final[str] = "not an address: "


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_partitions` did.

    Attributes
    ----------
    parts : tuple of Path
        The GeoParquet parts written, one per input file, in input order.
    incidents : int
        Incidents imported (rows in the parts).
    rejected : pandas.DataFrame
        Rejected rows of every input (:data:`geo.incidents._tabular.REJECT_COLUMNS`).
    unresolved : pandas.DataFrame
        Incidents whose place could not be resolved (kept in the parts, without geometry).
    flagged : pandas.DataFrame
        Incidents whose coordinates disagree with their named place (``coord_check``).
    """

    parts: tuple[Path, ...]
    incidents: int
    rejected: pd.DataFrame
    unresolved: pd.DataFrame
    flagged: pd.DataFrame


@dataclass(frozen=True)
class AggregateResult:
    """What :func:`aggregate` computed.

    Attributes
    ----------
    cells : pandas.DataFrame
        The day × cell aggregate (:data:`geo.analysis.cells.CELL_COLUMNS`), sorted.
    incidents : int
        Incidents aggregated.
    parts : tuple of Path
        The GeoParquet partitions aggregated.
    imported : ImportResult or None
        The import of CSV inputs (None when the inputs were GeoParquet).
    engine : str
        ``single`` or ``dask``.
    """

    cells: pd.DataFrame
    incidents: int
    parts: tuple[Path, ...]
    imported: ImportResult | None
    engine: str


# ---------------------------------------------------------------------------- inputs


def partitions_from_paths(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[Literal["csv", "parquet"], list[Path]]:
    """Expand folders into their part files and tell whether the parts are CSV or GeoParquet.

    Raises
    ------
    DataFileError
        A path does not exist, a folder holds no ``*.csv``/``*.parquet`` file, or CSV and
        GeoParquet files are mixed.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in _PART_SUFFIXES and p.is_file())
            if not found:
                raise DataFileError(f"{path}: no *.csv or *.parquet partition in this folder")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise InputNotFoundError(f"{path}: no such file or folder")
    if not files:
        raise DataFileError("no input given")
    kinds = {_PART_SUFFIXES.get(p.suffix, "csv") for p in files}
    if len(kinds) > 1:
        raise DataFileError(
            "inputs mix CSV and GeoParquet files: "
            + ", ".join(str(p) for p in files[:4])
            + ("..." if len(files) > 4 else "")
        )
    kind: Literal["csv", "parquet"] = "parquet" if kinds == {"parquet"} else "csv"
    return kind, files


def check_partition_schemas(
    parts: Sequence[Path], *, kind: str, encoding: str | None = None
) -> None:
    """Refuse partitions whose columns (CSV: header; GeoParquet: names and types) differ.

    Reads only each file's header or Parquet footer. The first partition is the reference.

    Raises
    ------
    PartitionSchemaError
        Naming the partition, the column and both types (or which side lacks the column).
    DataFileError
        A partition cannot be read.
    """
    if not parts:
        return
    if kind == "csv":
        from geo.incidents.readers import header_from_csv as read_header

        first = read_header(parts[0], encoding=encoding)
        for part in parts[1:]:
            header = read_header(part, encoding=encoding)
            if header != first:
                _raise_mismatch(
                    part, parts[0], dict.fromkeys(header, "text"), dict.fromkeys(first, "text")
                )
        return
    import pyarrow.parquet as pq

    def schema(path: Path) -> dict[str, str]:
        try:
            found = pq.read_schema(path)
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...
            raise DataFileError(f"{path}: not readable as GeoParquet ({exc})") from None
        return {field.name: str(field.type) for field in found}

    reference = schema(parts[0])
    for part in parts[1:]:
        here = schema(part)
        if here != reference:
            _raise_mismatch(part, parts[0], here, reference)


def _raise_mismatch(
    part: Path, first: Path, here: dict[str, str], reference: dict[str, str]
) -> None:
    for column, kind in reference.items():
        if column not in here:
            raise PartitionSchemaError(
                f"{part}: column {column!r} is missing (partition {first} has it; every "
                "partition must have the same columns)"
            )
        if here[column] != kind:
            raise PartitionSchemaError(
                f"{part}: column {column!r} is {here[column]} here but {kind} in {first}"
            )
    extra = [c for c in here if c not in reference]
    if extra:
        raise PartitionSchemaError(
            f"{part}: column {extra[0]!r} is not in partition {first} (every partition must "
            "have the same columns)"
        )
    raise PartitionSchemaError(f"{part}: columns are in another order than in {first}")


# ---------------------------------------------------------------------------- tasks


def _import_one(
    source: str, target: str, fmt: str, date_order: str = "auto", encoding: str | None = None
) -> dict[str, Any]:
    """Read, join and write one partition (runs on a worker; returns small tables)."""
    from geo.exports.writers import write_geoparquet
    from geo.incidents.join import incidents_with_places
    from geo.incidents.readers import read_incidents

    try:
        read = read_incidents(
            source,
            format=fmt,  # type: ignore[arg-type]
            date_order=date_order,  # type: ignore[arg-type]
            encoding=encoding,
        )
        joined = incidents_with_places(read.incidents)
        write_geoparquet(joined.incidents, target, overwrite=True, allow_empty=True)
    except BordermapError as exc:
        # Plain message: bordermap's own exception classes do not all survive pickling.
        said = str(exc)
        raise PartitionError(said if said.startswith(source) else f"{source}: {said}") from None
    return {
        "target": target,
        "ids": joined.incidents["event_id_cnty"].to_numpy(dtype=object),
        "incidents": len(joined.incidents),
        "rejected": read.rejected,
        "unresolved": joined.unresolved,
        "flagged": joined.flagged,
    }


def _refuse_overlap(sources: Sequence[Path], ids: Sequence[Any]) -> None:
    """Fail when an event id is in two partitions: every sum would count it twice."""
    if len(ids) < 2:
        return
    pairs = pd.DataFrame(
        {
            "id": np.concatenate([np.asarray(part, dtype=object) for part in ids]),
            "part": np.repeat(np.arange(len(ids)), [len(part) for part in ids]),
        }
    )
    pairs = pairs.dropna().drop_duplicates()
    shared = pairs[pairs["id"].duplicated(keep=False)]
    if not len(shared):
        return
    first = shared["id"].iloc[0]
    a, b = sorted(shared.loc[shared["id"] == first, "part"])[:2]
    n = shared["id"].nunique()
    more = f" (and {n - 1} more)" if n > 1 else ""
    raise DataFileError(
        f"{sources[a]} and {sources[b]} both hold event_id_cnty {first!r}{more}: partitions "
        "of one aggregate must not overlap, or their incidents would be counted twice; merge "
        "them first (bordermap import A B drops exact copies and rejects conflicting rows)"
    )


def _read_parts(parts: Sequence[Path]) -> gpd.GeoDataFrame:
    """The columns the aggregation uses, of every part, in one GeoDataFrame (single engine)."""
    frames = [gpd.read_parquet(p, columns=_columns_to_read(parts[0])) for p in parts]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _columns_to_read(part: Path) -> list[str]:
    import json

    import pyarrow.parquet as pq

    schema = pq.read_schema(part)
    meta = json.loads((schema.metadata or {}).get(b"geo", b"{}"))
    geometry = meta.get("primary_column", "geometry")
    if geometry not in schema.names:
        raise DataFileError(f"{part}: no geometry column (not a GeoParquet file of incidents)")
    return [c for c in CELL_INPUT_COLUMNS if c in schema.names] + [geometry]


# ---------------------------------------------------------------------------- cluster


def _dask_modules() -> tuple[Any, Any]:
    try:
        import dask_geopandas
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(f"--engine dask needs dask: {INSTALL_HINT} ({exc})") from None
    return dask_geopandas, distributed


@contextlib.contextmanager
def dask_client(
    *,
    scheduler_address: str | None = None,
    n_workers: int = 2,
    threads_per_worker: int = 1,
    connect_timeout: float = 10.0,
    memory_limit: str | float | None = "auto",
) -> Iterator[Client]:
    """A dask ``Client``: on a new ``LocalCluster``, or connected to ``scheduler_address``.

    Parameters
    ----------
    scheduler_address : str, optional, keyword-only
        ``tcp://host:8786`` or any address ``distributed.Client`` takes; None starts a
        ``LocalCluster`` (processes, no dashboard) that is closed on exit.
    n_workers, threads_per_worker : int, keyword-only
        Size of the local cluster.
    connect_timeout : float, keyword-only
        Seconds to wait for the scheduler to answer.
    memory_limit : str or float or None, keyword-only
        Per local worker (dask's ``memory_limit``).

    Raises
    ------
    SchedulerUnreachableError
        No scheduler answered within ``connect_timeout`` seconds.
    DistributedError
        dask is not installed.
    """
    _, distributed = _dask_modules()
    if scheduler_address is not None:
        client = _scheduler_client(distributed, scheduler_address, connect_timeout)
        try:
            yield client
        finally:
            client.close()
        return
    cluster = distributed.LocalCluster(
        n_workers=n_workers,
        threads_per_worker=threads_per_worker,
        processes=True,
        dashboard_address=None,
        # No dashboard; the scheduler's small HTTP server (health checks) on a free port.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        memory_limit=memory_limit,
        silence_logs=logging.ERROR,
    )
    try:
        client = distributed.Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


async def _identity(address: str, timeout: float) -> object:
    """Ask ``address`` who it is, as a dask client does first (handshake, then ``identity``)."""
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def _ask_identity(address: str, timeout: float, answer: queue.Queue[object]) -> None:
    """Thread body: put the answer of :func:`_identity`, or the exception, into ``answer``."""
    try:
        # A little longer than the connection's own deadline, so that its error (refused,
        # no such host) comes through; past it, something accepted and stayed silent.
        deadline = timeout + 0.5
        answer.put(asyncio.run(asyncio.wait_for(_identity(address, timeout), deadline)))
    except BaseException as exc:  # handed to the caller, who says what it means
        answer.put(exc)


def _scheduler_problem(address: str, timeout: float) -> str | None:
    """Why ``address`` is not a dask scheduler that answers within ``timeout`` s (None: it is).

    ``distributed.Client`` alone waits forever for a server that accepts the connection and
    never answers (the handshake has no deadline), reads a frame length of exabytes from a
    server of another protocol, and leaves a half-made client whose ``__del__`` fails later.
    This asks first, in a thread of its own (whatever event loop the caller runs), with one
    deadline over the connection, the handshake and the answer.
    """
    answer: queue.Queue[object] = queue.Queue()
    worker = threading.Thread(target=_ask_identity, args=(address, timeout, answer), daemon=True)
    worker.start()
    try:
        found = answer.get(timeout=timeout + 2.0)
    except queue.Empty:
        return "it accepted the connection but did not answer"
    if isinstance(found, TimeoutError | asyncio.TimeoutError):
        return "it accepted the connection but did not answer"
    if isinstance(found, ValueError) and "address" in str(found).lower():
        return f"{_NOT_AN_ADDRESS}{found}"
    if isinstance(found, OSError):
        return f"{type(found).__name__}: {found}"
    if isinstance(found, BaseException):
        return f"something answered, but not as a dask scheduler does ({type(found).__name__})"
    if not isinstance(found, dict) or found.get("type") != "Scheduler":
        kind = found.get("type") if isinstance(found, dict) else type(found).__name__
        return f"something answered, but it is not a dask scheduler ({kind})"
    return None


def _scheduler_client(distributed: Any, address: str, timeout: float) -> Client:
    """A client of the scheduler at ``address``, which answered within ``timeout`` s.

    Raises
    ------
    SchedulerUnreachableError
        Not a scheduler address, nothing there, or something that is not a dask scheduler.
    """
    problem = _scheduler_problem(address, timeout)
    if problem is None:
        try:
            return distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
    if problem.startswith(_NOT_AN_ADDRESS):
        raise SchedulerUnreachableError(
            f"{address}: not a dask scheduler address ({problem.removeprefix(_NOT_AN_ADDRESS)}); "
            "give one like tcp://host:8786, or leave out --scheduler to use a local cluster"
        )
    raise SchedulerUnreachableError(
        f"no dask scheduler answered at {address} within {timeout:g} s ({problem}); start "
        "one with `dask scheduler` (and workers with `dask worker ADDRESS`), or leave out "
        "--scheduler to use a local cluster"
    )


@contextlib.contextmanager
def _loud(stage: str) -> Iterator[None]:
    """Turn dask's failures into bordermap errors that say what happened."""
    from distributed import KilledWorker
    from distributed.comm import CommClosedError

    try:
        yield
    except KilledWorker as exc:
        raise WorkerLostError(
            f"{stage}: a dask worker died while running task {exc.task!r} (and again on "
            f"retry: {exc}); the run is stopped and no result was written — nothing partial. "
            "Check the workers' memory (about 1-2 GB per million incidents in a "
            "partition) and logs"
        ) from None
    except CommClosedError as exc:
        raise DistributedError(
            f"{stage}: lost the connection to the dask scheduler ({exc}); no result was written"
        ) from None


# ---------------------------------------------------------------------------- engines


def import_partitions(
    sources: Sequence[Path],
    out_dir: str | os.PathLike[str],
    *,
    engine: Engine = "single",
    client: Client | None = None,
    format: str = "auto",
    date_order: str = "auto",
    encoding: str | None = None,
) -> ImportResult:
    """Read + join each CSV partition and write it as a GeoParquet part into ``out_dir``.

    Parts are written to a staging folder beside ``out_dir`` and moved into place only when
    every partition succeeded (an existing ``out_dir`` is replaced then).

    Parameters
    ----------
    sources : sequence of Path
        CSV files with the same header (:func:`check_partition_schemas`).
    out_dir : path
        Folder of the parts ``part-00000.parquet``...
    engine : {"single", "dask"}, keyword-only
        ``dask`` needs ``client``.
    client : distributed.Client, optional, keyword-only
        Where the dask engine runs.
    format : str, keyword-only
        Format of every source (:func:`geo.incidents.readers.read_incidents`).
    date_order, encoding : str, keyword-only
        Day/month order of slash dates and text encoding of the sources
        (:func:`geo.incidents.readers.read_incidents`).
    """
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{out.name}-", dir=out.parent))
    mask = os.umask(0)
    os.umask(mask)
    staging.chmod(0o777 & ~mask)  # mkdtemp makes it private; the folder is an output
    targets = [str(staging / f"part-{k:05d}.parquet") for k in range(len(sources))]
    try:
        if engine == "dask":
            if client is None:
                raise ValueError("the dask engine needs a client")
            with _loud("import"):
                futures = client.map(
                    _import_one,
                    [str(s) for s in sources],
                    targets,
                    [format] * len(sources),
                    [date_order] * len(sources),
                    [encoding] * len(sources),
                    key=[
                        f"bordermap-import-{k}-{os.getpid()}-{id(staging)}"
                        for k in range(len(sources))
                    ],
                    pure=False,
                )
                results = client.gather(futures)
        else:
            results = [
                _import_one(str(s), t, format, date_order, encoding)
                for s, t in zip(sources, targets, strict=True)
            ]
        _refuse_overlap(sources, [r["ids"] for r in results])
        if out.exists():
            shutil.rmtree(out)
        staging.replace(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

    def table(key: str) -> pd.DataFrame:
        frames = [r[key] for r in results if len(r[key])]
        return pd.concat(frames, ignore_index=True) if frames else results[0][key].iloc[:0]

    return ImportResult(
        parts=tuple(out / Path(t).name for t in targets),
        incidents=sum(int(r["incidents"]) for r in results),
        rejected=table("rejected"),
        unresolved=table("unresolved"),
        flagged=table("flagged"),
    )


def _cells_on_dask(
    parts: Sequence[Path], client: Client, *, cell_deg: float, near_km: float
) -> tuple[pd.DataFrame, int]:
    dask_geopandas, _ = _dask_modules()
    ddf = dask_geopandas.read_parquet([str(p) for p in parts], columns=_columns_to_read(parts[0]))
    meta = cell_rows_from_incidents(ddf._meta, cell_deg=cell_deg, near_km=near_km)
    rows = ddf.map_partitions(
        cell_rows_from_incidents, cell_deg=cell_deg, near_km=near_km, meta=meta
    )
    # split_out=1: a tree reduction of per-partition aggregates (dask-expr would otherwise
    # pick a shuffle on disk for this many groups, which costs more than it saves here).
    aggregated = rows.groupby("key", sort=False).agg(CELL_REDUCTIONS, split_every=8, split_out=1)
    with _loud("proximity and aggregation"):
        result = client.compute(aggregated).result()
    cells = finished_cells(result.reset_index(), cell_deg=cell_deg)
    return cells, int(cells["incidents"].sum())


def aggregate(
    paths: Sequence[str | os.PathLike[str]],
    *,
    engine: Engine = "single",
    scheduler_address: str | None = None,
    client: Client | None = None,
    n_workers: int = 2,
    cell_deg: float = 0.1,
    near_km: float = 10.0,
    incidents_dir: str | os.PathLike[str] | None = None,
    format: str = "auto",
    date_order: str = "auto",
    encoding: str | None = None,
    connect_timeout: float = 10.0,
) -> AggregateResult:
    """Count incidents per day and grid cell with their border figures: import → join →
    border proximity → aggregation, on one process or a dask cluster.

    Parameters
    ----------
    paths : sequence of path
        Partitions: CSV files or GeoParquet files of incidents, or folders of them (module
        docstring).
    engine : {"single", "dask"}, keyword-only
        Where it runs; the results are identical.
    scheduler_address : str, optional, keyword-only
        dask engine: connect to this scheduler instead of starting a ``LocalCluster``.
    client : distributed.Client, optional, keyword-only
        dask engine: use this client (its cluster is left running).
    n_workers : int, keyword-only
        Workers of the ``LocalCluster`` (one thread each).
    cell_deg, near_km : float, keyword-only
        See :func:`geo.analysis.cells.cells_from_incidents`.
    incidents_dir : path, optional, keyword-only
        CSV inputs: where the imported incidents go as GeoParquet parts (kept); default a
        temporary folder removed afterwards.
    format : str, keyword-only
        Format of CSV inputs (:func:`geo.incidents.readers.read_incidents`).
    date_order : {"auto", "dayfirst", "monthfirst"}, keyword-only
        Day/month order of slash dates in CSV inputs (``--dayfirst``/``--monthfirst``).
    encoding : str, optional, keyword-only
        Text encoding of CSV inputs that are not UTF-8 (``--encoding``).
    connect_timeout : float, keyword-only
        Seconds to wait for ``scheduler_address``.

    Returns
    -------
    AggregateResult

    Raises
    ------
    SchedulerUnreachableError, WorkerLostError, DistributedError
        The dask engine could not run or lost a worker for good (no partial result).
    PartitionSchemaError
        Partitions differ in columns or types.
    PartitionError, DataFileError
        An input cannot be read.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "single" and (scheduler_address is not None or client is not None):
        raise ValueError("a scheduler address or client needs engine='dask'")
    kind, files = partitions_from_paths(paths)
    check_partition_schemas(files, kind=kind, encoding=encoding)
    with contextlib.ExitStack() as stack:
        if engine == "dask" and client is None:
            client = stack.enter_context(
                dask_client(
                    scheduler_address=scheduler_address,
                    n_workers=n_workers,
                    connect_timeout=connect_timeout,
                )
            )
        imported: ImportResult | None = None
        parts = files
        if kind == "csv":
            if incidents_dir is None:
                incidents_dir = (
                    Path(stack.enter_context(tempfile.TemporaryDirectory())) / "incidents"
                )
            imported = import_partitions(
                files,
                incidents_dir,
                engine=engine,
                client=client,
                format=format,
                date_order=date_order,
                encoding=encoding,
            )
            parts = list(imported.parts)
        logger.info("aggregating %d partition(s) with the %s engine", len(parts), engine)
        if engine == "dask":
            assert client is not None
            cells, n = _cells_on_dask(parts, client, cell_deg=cell_deg, near_km=near_km)
        else:
            incidents = _read_parts(parts)
            n = len(incidents)
            cells = cells_from_incidents(incidents, cell_deg=cell_deg, near_km=near_km)
            del incidents
        return AggregateResult(
            cells=cells, incidents=n, parts=tuple(parts), imported=imported, engine=engine
        )
