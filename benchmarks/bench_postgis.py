"""Incident store benchmarks: a million ACLED rows into PostGIS, a newer export, reading back.

Input: synthetic ACLED rows from ``bench_import.write_synthetic_acled`` (1M; quick: 50k), read
and placed once (``read_acled_csv`` + ``incidents_with_places``, as ``bordermap import`` does)
and kept as GeoParquet between stages (not timed). The server is a throw-away PostgreSQL +
PostGIS cluster (``tests/pg_cluster.py``) with the server's **default** settings (fsync and
synchronous commit on, 128 MB shared buffers), on this machine; a ``CHECKPOINT`` runs before
every timed stage. Each stage runs in its own child process (peak memory = the child's
``VmHWM``, the frame loaded from GeoParquet included).

- **first import**: ``geo.store.store_incidents`` into an empty store — COPY, then the
  primary key, the GiST index and the date index built, statistics gathered, the run
  recorded: one transaction. Baseline, same frame, same server, its own child:
  ``GeoDataFrame.to_postgis`` (SQLAlchemy + GeoAlchemy2, which adds its GiST index), defaults.
- **newer export**: the same frame again with 1 % of rows changed (fatalities) and 0.5 %
  missing — staged by COPY, compared, earlier versions kept, missing rows withdrawn. No
  baseline (``to_postgis`` can only append or replace).
- **read back**: ``geo.store.incidents_from_store`` (all current incidents, the imported
  dtypes restored) against ``geopandas.read_postgis`` of the baseline's table.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from textwrap import dedent

from _harness import ROOT, Row, child
from bench_import import write_synthetic_acled

#: What the read baseline reads: the whole table to_postgis wrote.
BASELINE_QUERY = "SELECT * FROM incidents"


def _prepare(tmp: Path, n: int) -> Path:
    """``n`` synthetic ACLED rows read and placed, as GeoParquet (not timed)."""
    csv_path = write_synthetic_acled(tmp / f"acled_{n}.csv", n)
    frame = tmp / f"incidents_{n}.parquet"
    child(
        f"""
        from geo import incidents_with_places
        from geo.incidents.acled import read_acled_csv
        records = read_acled_csv({str(csv_path)!r}).incidents
        incidents_with_places(records).incidents.to_parquet({str(frame)!r})
        emit(seconds=0.0)
        """
    )
    csv_path.unlink()
    return frame


def _stages(frame: Path, urls: dict[str, str], checkpoint) -> dict[str, dict]:
    load = f"import geopandas as gpd\ngdf = gpd.read_parquet({str(frame)!r})\nn = len(gdf)\n"
    engine = f"sqlalchemy.create_engine({urls['baseline'].replace('postgresql://', 'postgresql+psycopg://')!r})"
    out = {}
    checkpoint()
    out["first"] = child(
        load
        + dedent(f"""
        import geo
        store = geo.open_store({urls["bordermap"]!r}, create=True)
        t = time.perf_counter()
        run = geo.store_incidents(store, gdf, files=["acled.csv"])
        emit(seconds=time.perf_counter() - t, n=n, added=run.counts.added)
        """)
    )
    checkpoint()
    out["to_postgis"] = child(
        load
        + dedent(f"""
        import sqlalchemy
        engine = {engine}
        t = time.perf_counter()
        gdf.to_postgis("incidents", engine, index=False)
        emit(seconds=time.perf_counter() - t, n=n)
        """)
    )
    checkpoint()
    out["newer"] = child(
        load
        + dedent(f"""
        import geo
        newer = gdf.iloc[: int(n * 0.995)].copy()
        newer.loc[newer.index[::100], "fatalities"] = newer.loc[newer.index[::100], "fatalities"] + 1
        store = geo.open_store({urls["bordermap"]!r})
        t = time.perf_counter()
        run = geo.store_incidents(store, newer, files=["acled_next.csv"])
        c = run.counts
        emit(seconds=time.perf_counter() - t, n=len(newer), changed=c.changed,
             withdrawn=c.withdrawn, unchanged=c.unchanged)
        """)
    )
    checkpoint()
    out["read"] = child(
        f"""
        import geo
        store = geo.open_store({urls["bordermap"]!r})
        t = time.perf_counter()
        ours = geo.incidents_from_store(store)
        emit(seconds=time.perf_counter() - t, n=len(ours))
        """
    )
    out["read_postgis"] = child(
        f"""
        import geopandas as gpd, sqlalchemy
        engine = {engine}
        t = time.perf_counter()
        theirs = gpd.read_postgis({BASELINE_QUERY!r}, engine, geom_col="geometry")
        emit(seconds=time.perf_counter() - t, n=len(theirs))
        """
    )
    return out


def _rows(n: int, r: dict[str, dict], size_mb: float) -> list[Row]:
    first, base, newer, read = r["first"], r["to_postgis"], r["newer"], r["read"]
    read_base = r["read_postgis"]
    return [
        Row(
            "store: first import into PostGIS (COPY, indexes, one transaction)",
            f"{first['n']:,} rows",
            first["seconds"],
            first["peak_mb"],
            "GeoDataFrame.to_postgis (same frame, same server)",
            base["seconds"],
            f"{first['added']:,} added (of {n:,} generated, the rest rejected by the reader); "
            f"{size_mb:.0f} MB CSV source; baseline peak "
            f"{base['peak_mb']:.0f} MB; server defaults (fsync on)",
            rate=f"{first['n'] / first['seconds']:,.0f}/s",
        ),
        Row(
            "store: newer export (1 % changed, 0.5 % missing) — history kept",
            f"{newer['n']:,} rows",
            newer["seconds"],
            newer["peak_mb"],
            note=f"{newer['changed']:,} changed, {newer['withdrawn']:,} withdrawn, "
            f"{newer['unchanged']:,} unchanged; to_postgis can only append or replace",
            rate=f"{newer['n'] / newer['seconds']:,.0f}/s",
        ),
        Row(
            "store: read all current incidents back (incidents_from_store)",
            f"{read['n']:,} rows",
            read["seconds"],
            read["peak_mb"],
            "geopandas.read_postgis of the baseline table",
            read_base["seconds"],
            f"dtypes as imported; baseline peak {read_base['peak_mb']:.0f} MB",
            rate=f"{read['n'] / read['seconds']:,.0f}/s",
        ),
    ]


def run(*, quick: bool = False) -> list[Row]:
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_cluster

    reason = pg_cluster.unavailable_reason()
    if reason is not None:
        raise RuntimeError(f"suite postgis needs a PostGIS server: {reason}")
    n = 50_000 if quick else 1_000_000
    tmp = Path(tempfile.mkdtemp(prefix="bm-bench-postgis-"))
    try:
        frame = _prepare(tmp, n)
        size_mb = (n / 1_000_000) * 558  # the generator's 1M-row CSV is 558 MB
        with pg_cluster.cluster(settings={}) as server:
            urls = {name: server.create_database(name) for name in ("bordermap", "baseline")}

            def checkpoint() -> None:
                server.admin_sql("CHECKPOINT")
                subprocess.run(["sync"], check=False)

            results = _stages(frame, urls, checkpoint)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _rows(n, results, size_mb)
