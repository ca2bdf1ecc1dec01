"""The dask engine (geo/analysis/distributed.py): identical to the single-process engine, loud failures.

Runs real LocalClusters of two worker processes (one thread each): ~1 minute on 2 cores.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

pytest.importorskip("dask_geopandas")
distributed = pytest.importorskip("distributed")

from geo.analysis.cells import CELL_COLUMNS  # noqa: E402
from geo.analysis.distributed import (  # noqa: E402
    PartitionError,
    PartitionSchemaError,
    SchedulerUnreachableError,
    WorkerLostError,
    aggregate,
    dask_client,
    partitions_from_paths,
)

ROOT = Path(__file__).resolve().parents[2]
N = 100_000


def _generator():
    spec = importlib.util.spec_from_file_location(
        "bm_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bm_generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return _generator()


@pytest.fixture(scope="module")
def csv_parts(tmp_path_factory, generate) -> Path:
    """100k synthetic ACLED rows in 4 CSV partitions (with the generator's bad rows)."""
    out = tmp_path_factory.mktemp("csv") / "parts"
    generate.write_incidents(N, out, chunk=N // 4, seed=7)
    return out


@pytest.fixture(scope="module")
def client():
    with dask_client(n_workers=2, threads_per_worker=1) as c:
        yield c


@pytest.fixture(scope="module")
def single(csv_parts, tmp_path_factory):
    return aggregate(
        [csv_parts], engine="single", incidents_dir=tmp_path_factory.mktemp("s") / "inc"
    )


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True).astype(str)


def test_dask_engine_is_identical_to_single_process_on_100k(csv_parts, single, client, tmp_path):
    dask = aggregate([csv_parts], engine="dask", client=client, incidents_dir=tmp_path / "inc")
    assert list(dask.cells.columns) == list(CELL_COLUMNS)
    pd.testing.assert_frame_equal(dask.cells, single.cells, check_exact=True)
    assert dask.incidents == single.incidents == int(single.cells["incidents"].sum())
    assert N - 200 < single.incidents < N  # the generator's unknown event types are rejected
    assert single.imported is not None and dask.imported is not None
    pd.testing.assert_frame_equal(
        _sorted(dask.imported.rejected), _sorted(single.imported.rejected)
    )
    pd.testing.assert_frame_equal(_sorted(dask.imported.flagged), _sorted(single.imported.flagged))
    assert len(single.imported.rejected) > 0
    # the imported incidents are there as GeoParquet parts, one per input partition
    parts = sorted((tmp_path / "inc").glob("part-*.parquet"))
    assert len(parts) == 4
    back = pd.concat([gpd.read_parquet(p) for p in parts], ignore_index=True)
    assert len(back) == dask.incidents and back.crs == "EPSG:4326"


def test_dask_engine_on_geoparquet_partitions_other_cell_size(single, client):
    kwargs = {"cell_deg": 0.25, "near_km": 3.0}
    ours = aggregate(list(single.parts), engine="single", **kwargs)
    theirs = aggregate(list(single.parts), engine="dask", client=client, **kwargs)
    pd.testing.assert_frame_equal(theirs.cells, ours.cells, check_exact=True)
    assert ours.imported is None
    assert ours.cells["incidents"].sum() == single.incidents
    assert ours.cells["near_border"].sum() < single.cells["near_border"].sum()


def test_undated_and_unplaced_incidents_are_kept_as_groups(generate, tmp_path, client):
    gdf = generate.incidents_frame(3_000, seed=3)
    gdf.loc[:9, "geometry"] = None
    gdf.loc[5:19, "event_date"] = pd.NaT
    gdf.iloc[:1500].to_parquet(tmp_path / "a.parquet")
    gdf.iloc[1500:].to_parquet(tmp_path / "b.parquet")
    ours = aggregate([tmp_path], engine="single")
    theirs = aggregate([tmp_path], engine="dask", client=client)
    pd.testing.assert_frame_equal(theirs.cells, ours.cells, check_exact=True)
    cells = ours.cells
    assert cells["incidents"].sum() == 3_000
    assert cells.loc[cells["cell_x"].isna(), "incidents"].sum() == 10
    assert cells.loc[cells["day"].isna(), "incidents"].sum() == 15
    assert cells["cell_x"].isna().iloc[-1]  # unplaced and undated groups sort last


def test_local_cluster_by_default_and_the_command(csv_parts, tmp_path, generate):
    from bordermap.cli import main

    small = tmp_path / "small"
    generate.write_incidents(4_000, small, chunk=2_000, seed=1, clean=True)
    out = tmp_path / "out"
    status = main(["aggregate", str(small), "--output", str(out), "--engine", "dask"])
    assert status == 0
    cells = pd.read_csv(out / "cells.csv")
    assert cells["incidents"].sum() == 4_000
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "Incidents per cell" in html and "4,000 incidents in" in html
    assert len(list((out / "incidents").glob("*.parquet"))) == 2
    single_out = tmp_path / "single"
    assert main(["aggregate", str(small), "--output", str(single_out)]) == 0
    assert (single_out / "cells.csv").read_bytes() == (out / "cells.csv").read_bytes()
    assert (single_out / "map.html").read_bytes() == (out / "map.html").read_bytes()


# ---------------------------------------------------------------------------- bad input


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_fails_clearly_within_30_s(csv_parts):
    address = f"tcp://127.0.0.1:{_closed_port()}"
    start = time.perf_counter()
    with pytest.raises(
        SchedulerUnreachableError, match=rf"no dask scheduler answered at {address}"
    ):
        aggregate([csv_parts], engine="dask", scheduler_address=address)
    assert time.perf_counter() - start < 30


def test_unreachable_scheduler_from_the_command(csv_parts, tmp_path, capsys):
    from bordermap.cli import main

    address = f"tcp://127.0.0.1:{_closed_port()}"
    status = main(
        ["aggregate", str(csv_parts), "--output", str(tmp_path / "o"), "--engine", "dask",
         "--scheduler", address, "--connect-timeout", "2"]
    )  # fmt: skip
    assert status == 5  # the environment (README's table)
    assert f"no dask scheduler answered at {address} within 2 s" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    assert main(["aggregate", str(csv_parts), "--scheduler", address]) == 2  # needs --engine dask


class KillWorker(distributed.WorkerPlugin):
    """Kill the worker process as a task starts: once (a marker file remembers), or always."""

    def __init__(self, marker: str, *, always: bool) -> None:
        self.marker = marker
        self.always = always

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and (self.always or not os.path.exists(self.marker)):
            Path(self.marker).touch()
            os._exit(1)


@pytest.fixture
def fresh_client():
    import cloudpickle
    import dask

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        dask_client(n_workers=2, threads_per_worker=1) as c,
    ):
        yield c


def test_a_worker_that_dies_once_is_retried_and_nothing_is_lost(single, fresh_client, tmp_path):
    marker = tmp_path / "killed"
    fresh_client.register_plugin(KillWorker(str(marker), always=False))
    result = aggregate(list(single.parts), engine="dask", client=fresh_client)
    assert marker.exists()  # a worker did die
    pd.testing.assert_frame_equal(result.cells, single.cells, check_exact=True)


def test_a_worker_that_keeps_dying_fails_loudly_and_writes_nothing(
    csv_parts, fresh_client, tmp_path
):
    fresh_client.register_plugin(KillWorker(str(tmp_path / "killed"), always=True))
    with pytest.raises(WorkerLostError, match=r"import: a dask worker died .* nothing partial"):
        aggregate([csv_parts], engine="dask", client=fresh_client, incidents_dir=tmp_path / "inc")
    assert not (tmp_path / "inc").exists()
    assert not list(tmp_path.glob(".inc.*"))  # the staging folder is gone too


def test_partitions_with_a_mismatched_column_type(generate, tmp_path):
    gdf = generate.incidents_frame(200, seed=2)
    gdf.iloc[:100].to_parquet(tmp_path / "part-0.parquet")
    other = gdf.iloc[100:].copy()
    other["fatalities"] = other["fatalities"].astype(str)
    other.to_parquet(tmp_path / "part-1.parquet")
    with pytest.raises(
        PartitionSchemaError,
        match=r"part-1\.parquet: column 'fatalities' is (large_)?string here but int64 in .*part-0\.parquet",
    ):
        aggregate([tmp_path], engine="dask")


def test_partitions_with_a_missing_or_extra_column(generate, tmp_path):
    gdf = generate.incidents_frame(200, seed=2)
    gdf.iloc[:100].to_parquet(tmp_path / "part-0.parquet")
    gdf.iloc[100:].drop(columns=["notes"]).to_parquet(tmp_path / "part-1.parquet")
    with pytest.raises(PartitionSchemaError, match=r"part-1\.parquet: column 'notes' is missing"):
        aggregate([tmp_path], engine="single")
    gdf.iloc[100:].assign(extra=1).to_parquet(tmp_path / "part-1.parquet")
    with pytest.raises(PartitionSchemaError, match=r"part-1\.parquet: column 'extra' is not in"):
        aggregate([tmp_path], engine="single")


def test_csv_partitions_with_another_header(generate, tmp_path):
    generate.acled_frame(50, seed=1).to_csv(tmp_path / "part-0.csv", index=False)
    generate.acled_frame(50, seed=1, offset=50).drop(columns=["tags"]).to_csv(
        tmp_path / "part-1.csv", index=False
    )
    with pytest.raises(PartitionSchemaError, match=r"part-1\.csv: column 'tags' is missing"):
        aggregate([tmp_path], engine="dask")


def test_an_unreadable_partition_names_its_file(generate, tmp_path, client):
    frame = generate.acled_frame(50, seed=1)
    frame.to_csv(tmp_path / "part-0.csv", index=False)
    # same header, but not UTF-8: the worker's reader fails, the message names the file
    (tmp_path / "part-1.csv").write_bytes(frame.to_csv(index=False).encode() + b"\xff\xfe broken\n")
    with pytest.raises(PartitionError, match=r"part-1\.csv"):
        aggregate([tmp_path], engine="dask", client=client, incidents_dir=tmp_path / "inc")
    assert not (tmp_path / "inc").exists()


def test_overlapping_partitions_are_refused_not_counted_twice(generate, tmp_path):
    # two weekly exports that share events: every shared incident was counted twice
    frame = generate.acled_frame(40, seed=2)
    frame.iloc[:30].to_csv(tmp_path / "week-1.csv", index=False)
    frame.iloc[20:].to_csv(tmp_path / "week-2.csv", index=False)
    from geo.errors import DataFileError

    with pytest.raises(DataFileError, match=r"week-1\.csv and .*week-2\.csv both hold "):
        aggregate([tmp_path], engine="single", incidents_dir=tmp_path / "inc")
    assert not (tmp_path / "inc").exists()
    frame.iloc[30:].to_csv(tmp_path / "week-2.csv", index=False)  # apart: counted once
    assert aggregate([tmp_path], engine="single", incidents_dir=tmp_path / "inc").incidents == 40


def test_inputs_are_checked_before_any_cluster_starts(tmp_path):
    from geo.errors import DataFileError

    with pytest.raises(DataFileError, match="no such file or folder"):
        aggregate([tmp_path / "nope"], engine="dask")
    (tmp_path / "a.csv").write_text("x\n")
    (tmp_path / "b.parquet").write_bytes(b"")
    with pytest.raises(DataFileError, match="mix CSV and GeoParquet"):
        partitions_from_paths([tmp_path])
    with pytest.raises(ValueError, match="needs engine='dask'"):
        aggregate([tmp_path / "a.csv"], engine="single", scheduler_address="tcp://x:1")


def test_partitions_in_another_encoding_with_slash_dates(generate, tmp_path, capsys):
    """aggregate reads CSV inputs as import does: --encoding and --dayfirst/--monthfirst
    (its errors named them before it had them)."""
    from bordermap.cli import main

    frame = generate.acled_frame(50, seed=3, clean=True)
    frame["location"] = "Tanguiéta"
    frame["event_date"], frame["year"] = "05/06/2023", 2023  # 5 June or 6 May?
    frame.to_csv(tmp_path / "part-0.csv", index=False, encoding="cp1252")
    args = ["aggregate", str(tmp_path / "part-0.csv"), "--output", str(tmp_path / "out")]
    assert main(args) == 1
    assert "--encoding" in capsys.readouterr().err
    assert main([*args, "--encoding", "cp1252"]) == 1
    assert "--dayfirst" in capsys.readouterr().err
    assert main([*args, "--encoding", "cp1252", "--dayfirst"]) in (0, 3)
    cells = pd.read_csv(tmp_path / "out" / "cells.csv")
    assert set(cells["day"]) == {"2023-06-05"}
    single = aggregate([tmp_path / "part-0.csv"], encoding="cp1252", date_order="dayfirst")
    assert single.incidents == cells["incidents"].sum() > 0
