"""GeoParquet checked by a reader that shares no code with the writer.

GDAL's Parquet driver needs the Arrow C++ library. Neither GDAL on this project's machines has
it: Debian's gdal-bin 3.6 is built without Arrow (Arrow is not packaged in Debian) and the GDAL
inside pyogrio's wheels leaves the Arrow/Parquet drivers out (pyogrio issue #215); the plugin
ships only through conda-forge (``libgdal-arrow-parquet``). So ``ogrinfo`` cannot open a
GeoParquet file here (``tests/exports/test_writers.py`` skips that case and says why).

The writer is geopandas on pyarrow (Arrow C++). DuckDB has its own Parquet reader, so reading
the file with DuckDB checks what another tool sees: the schema and physical types, every value,
the ``geo`` metadata the GeoParquet 1.x specification requires (version, primary column,
WKB encoding, geometry types, PROJJSON CRS for WGS 84, bbox) and WKB that decodes to the
geometries written.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
import shapely

from geo.exports.writers import export_incidents

duckdb = pytest.importorskip("duckdb", reason="the test extra installs duckdb")


@pytest.fixture(scope="module")
def incidents(seeds_dir):
    import geo
    from geo.incidents.join import incidents_with_places

    return incidents_with_places(geo.incidents_from_csv(seeds_dir / "incidents.csv")).incidents


@pytest.fixture()
def written(incidents, tmp_path):
    return export_incidents(incidents, tmp_path / "i.parquet", format="parquet")


def _geo_metadata(con, path) -> dict:
    rows = con.execute(
        "SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)", [str(path)]
    ).fetchall()
    meta = dict(rows)
    assert "geo" in meta, sorted(meta)
    return json.loads(meta["geo"])


def test_duckdb_sees_the_geoparquet_metadata_the_spec_requires(incidents, written):
    con = duckdb.connect()
    geo_meta = _geo_metadata(con, written)
    assert geo_meta["version"].startswith("1.")
    assert geo_meta["primary_column"] == "geometry"
    column = geo_meta["columns"]["geometry"]
    assert column["encoding"] == "WKB"
    assert sorted(column["geometry_types"]) == sorted(set(incidents.geom_type))
    # WGS 84 as PROJJSON with its EPSG id (GeoParquet's default would be OGC:CRS84).
    assert column["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    minx, miny, maxx, maxy = column["bbox"]
    tb = incidents.total_bounds
    assert [minx, miny, maxx, maxy] == pytest.approx(list(tb), abs=1e-9)


def test_duckdb_reads_every_value_and_type_as_written(incidents, written):
    con = duckdb.connect()
    types = dict(con.execute("SELECT name, type FROM parquet_schema(?)", [str(written)]).fetchall())
    assert types["time_precision"] == "INT64" and types["geo_precision"] == "INT64"
    assert types["latitude"] == "DOUBLE" and types["geometry"] == "BYTE_ARRAY"
    back = con.execute("SELECT * FROM read_parquet(?)", [str(written)]).df()
    assert list(back.columns) == list(incidents.columns)
    assert len(back) == len(incidents)
    for name in incidents.columns:
        if name == "geometry":
            continue
        for got, want in zip(back[name], incidents[name], strict=True):
            if pd.isna(want):
                assert got is None or pd.isna(got), (name, got)
            elif isinstance(want, float):
                assert math.isclose(got, want, rel_tol=0, abs_tol=0), (name, got, want)
            elif isinstance(want, pd.Timestamp):
                assert pd.Timestamp(got) == want, (name, got, want)
            else:
                assert got == want, (name, got, want)
    # Provenance and precision codes survive as text and integers, not as stringified floats.
    row = back.set_index("event_id_cnty").loc["BM-2023-0001"]
    assert row["coord_source"].startswith("gazetteer:")
    assert row["event_date"] == pd.Timestamp("2023-05-11")


def test_duckdb_wkb_decodes_to_the_written_geometries(incidents, written):
    con = duckdb.connect()
    blobs = [
        b for (b,) in con.execute("SELECT geometry FROM read_parquet(?)", [str(written)]).fetchall()
    ]
    decoded = shapely.from_wkb(blobs)
    for got, want in zip(decoded, incidents.geometry, strict=True):
        assert got.equals_exact(want, tolerance=0)


def test_point_wkb_is_geos_wkb():
    # Points' WKB is written by numpy; it must be GEOS's, byte for byte, beside lines,
    # areas, empty, missing and 3-D geometries that keep GEOS's.
    import numpy as np

    from geo.exports._geoparquet import _wkb

    rng = np.random.default_rng(3)
    x, y = rng.uniform(-180, 180, 500), rng.uniform(-90, 90, 500)
    x[:3], y[:3] = [-0.0, 1e300, 5e-324], [0.0, -1e-300, -0.0]
    geoms = np.array(list(shapely.points(x, y)), dtype=object)
    geoms[10] = None
    geoms[11] = shapely.from_wkt("POINT EMPTY")
    geoms[12] = shapely.from_wkt("POINT Z (1 2 3)")
    geoms[13] = shapely.from_wkt("LINESTRING (0 0, 1 1)")
    geoms[14] = shapely.box(0, 0, 1, 1)
    for part in (geoms, geoms[20:], geoms[10:15]):
        want = [None if g is None else shapely.to_wkb(g, flavor="iso") for g in part]
        assert _wkb(part).to_pylist() == want


def test_geoparquet_file_is_geopandas_file(incidents, tmp_path):
    # The table made straight from Arrow is the one geopandas writes: schema with every
    # field's metadata, the geo and pandas metadata, and the values.
    import pyarrow.parquet as pq

    ours = export_incidents(incidents, tmp_path / "ours.parquet", format="parquet")
    incidents.to_parquet(tmp_path / "theirs.parquet", index=False)
    a, b = pq.read_table(ours), pq.read_table(tmp_path / "theirs.parquet")
    assert a.schema.equals(b.schema, check_metadata=True)
    assert a.equals(b)
