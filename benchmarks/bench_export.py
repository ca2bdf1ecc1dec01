"""Join and export benchmarks: records + places → incidents GeoDataFrame, and the file writers.

Input: synthetic ACLED rows from ``bench_import.write_synthetic_acled`` (100k and 1M; quick:
20k), read once with ``geo.incidents.acled.read_acled_csv`` and kept as GeoParquet between stages (not
timed). Every stage runs in its own child process (peak memory = the child's ``VmHWM``, read
right after bordermap's step, before the baseline runs).

- **join**: ``geo.incidents.join.incidents_with_places(records, merge_duplicates=True)`` — what
  ``bordermap import`` does: places looked up once per distinct (location, country),
  geometries, ``coord_check`` against the named place and country, cross-dataset merge.
  Baseline, same child: ``geopandas.GeoDataFrame(records, geometry=points_from_xy(lon, lat))``
  — the GeoDataFrame a user would build from the record coordinates with no lookup or check.
- **export**: bordermap's writers — ``write_geojson`` (RFC 7946, column-wise),
  ``write_geopackage`` (layer ``incidents``, dtypes in the layer metadata),
  ``write_geoparquet`` — each against geopandas' own call with its defaults on the same frame
  in the same child: ``to_file(path.geojson)``, ``to_file(path.gpkg)``, ``to_parquet(path)``.
  The file sizes are in the note.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _harness import Row, child
from bench_import import write_synthetic_acled

FORMATS = {
    "GeoJSON": (".geojson", "write_geojson(gdf, ours)", "gdf.to_file(theirs)", "to_file(.geojson)"),
    "GeoPackage": (
        ".gpkg",
        'write_geopackage({"incidents": gdf}, ours)',
        "gdf.to_file(theirs)",
        "to_file(.gpkg)",
    ),
    "GeoParquet": (
        ".parquet",
        "write_geoparquet(gdf, ours)",
        "gdf.to_parquet(theirs)",
        "to_parquet()",
    ),
}


def _prepare(tmp: Path, n: int) -> Path:
    """Records of ``n`` synthetic ACLED rows as a Parquet file (read, not timed)."""
    csv_path = write_synthetic_acled(tmp / f"acled_{n}.csv", n)
    records = tmp / f"records_{n}.parquet"
    child(
        f"""
        from geo.incidents.acled import read_acled_csv
        read_acled_csv({str(csv_path)!r}).incidents.to_parquet({str(records)!r})
        emit(seconds=0.0)
        """
    )
    csv_path.unlink()
    return records


def _join(records: Path, joined: Path) -> dict:
    return child(
        f"""
        import geopandas as gpd, pandas as pd
        from geo.places.gazetteer import default_gazetteer
        from geo.incidents.join import incidents_with_places
        records = pd.read_parquet({str(records)!r})
        default_gazetteer()  # opening the index is not the join
        t = time.perf_counter()
        result = incidents_with_places(records, merge_duplicates=True)
        seconds = time.perf_counter() - t
        peak = peak_mb()
        t = time.perf_counter()
        plain = gpd.GeoDataFrame(
            records,
            geometry=gpd.points_from_xy(records["longitude"], records["latitude"]),
            crs="EPSG:4326",
        )
        baseline = time.perf_counter() - t
        result.incidents.to_parquet({str(joined)!r})
        emit(seconds=seconds, peak_mb=peak, baseline=baseline,
             flagged=len(result.flagged), unresolved=len(result.unresolved))
        """
    )


def _export(joined: Path, fmt: str, tmp: Path) -> dict:
    suffix, ours_call, theirs_call, _ = FORMATS[fmt]
    ours, theirs = tmp / f"ours{suffix}", tmp / f"theirs{suffix}"
    return child(
        f"""
        import os
        import geopandas as gpd
        from geo.exports.writers import write_geojson, write_geopackage, write_geoparquet
        gdf = gpd.read_parquet({str(joined)!r})
        ours, theirs = {str(ours)!r}, {str(theirs)!r}
        t = time.perf_counter()
        {ours_call}
        seconds = time.perf_counter() - t
        peak = peak_mb()
        t = time.perf_counter()
        {theirs_call}
        baseline = time.perf_counter() - t
        emit(seconds=seconds, peak_mb=peak, baseline=baseline,
             ours_mb=os.path.getsize(ours) / 1e6, theirs_mb=os.path.getsize(theirs) / 1e6)
        """,
        timeout=1800,
    )


def run(*, quick: bool = False) -> list[Row]:
    sizes = (20_000,) if quick else (100_000, 1_000_000)
    rows: list[Row] = []
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="bm-bench-export-"))
        try:
            records = _prepare(tmp, n)
            joined = tmp / "joined.parquet"
            result = _join(records, joined)
            rows.append(
                Row(
                    "join: records + places → incidents GeoDataFrame (coordinate checks, merge)",
                    f"{n:,} rows",
                    result["seconds"],
                    result["peak_mb"],
                    "GeoDataFrame(points_from_xy) of the same records",
                    result["baseline"],
                    f"{result['flagged']:,} coordinates flagged, {result['unresolved']} "
                    "unresolved; the baseline looks nothing up and checks nothing; "
                    "gazetteer opened before the clock",
                    rate=f"{n / result['seconds']:,.0f}/s",
                )
            )
            for fmt, (_, _, _, shown) in FORMATS.items():
                out = _export(joined, fmt, tmp)
                rows.append(
                    Row(
                        f"export: incidents → {fmt} (geo.exports.writers)",
                        f"{n:,} rows",
                        out["seconds"],
                        out["peak_mb"],
                        f"geopandas {shown}, defaults",
                        out["baseline"],
                        f"{out['ours_mb']:.0f} MB vs {out['theirs_mb']:.0f} MB",
                        rate=f"{n / out['seconds']:,.0f}/s",
                    )
                )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows
