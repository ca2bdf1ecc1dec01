"""Exports (GeoJSON RFC 7946, GeoPackage, GeoParquet, ACLED CSV): exact round trips, refusals.

Round trips are checked with pyogrio and with GDAL's own ``ogrinfo`` (Debian gdal-bin; the
ogrinfo tests skip when it is missing, unless the environment variable CI is set).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, Polygon

from bordermap.cli import main
from geo import BordermapError
from geo.exports.writers import (
    EmptySelectionError,
    export_incidents,
    layers_from_reference,
    write_geojson,
    write_geopackage,
)
from geo.incidents.acled import ACLED_2023_COLUMNS
from geo.incidents.geofiles import (
    frame_from_geopackage,
    incidents_from_acled_export,
    incidents_from_geojson,
    incidents_from_geoparquet,
)
from geo.places.reference import reference_features

DATA = Path(__file__).resolve().parents[1] / "data"
OGRINFO = shutil.which("ogrinfo")
needs_ogrinfo = pytest.mark.skipif(
    OGRINFO is None and not os.environ.get("CI"), reason="GDAL's ogrinfo (gdal-bin) not installed"
)


@pytest.fixture(scope="module")
def incidents(seeds_dir):
    import geo
    from geo.incidents.join import incidents_with_places

    return incidents_with_places(geo.incidents_from_csv(seeds_dir / "incidents.csv")).incidents


def _table(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    return pd.DataFrame(gdf.drop(columns=gdf.geometry.name))


def _same_geometries(a: gpd.GeoSeries, b: gpd.GeoSeries, tolerance: float) -> None:
    for x, y in zip(a, b, strict=True):
        assert (x is None and y is None) or x.equals_exact(y, tolerance=tolerance)


# ------------------------------------------------------------------ round trips, pyogrio


def test_geojson_round_trip_is_exact(incidents, tmp_path):
    path = export_incidents(incidents, tmp_path / "i.geojson", format="geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "crs" not in doc and "bbox" in doc
    assert [f["id"] for f in doc["features"]] == [1, 2, 3]
    assert all("bbox" in f for f in doc["features"])
    coords = re.findall(r"-?\d+\.\d+", json.dumps(doc["features"][0]["geometry"]))
    assert all(len(c.split(".")[1]) <= 6 for c in coords)
    back = incidents_from_geojson(path)
    pd.testing.assert_frame_equal(_table(back), _table(incidents))
    assert back.crs.equals("EPSG:4326")
    _same_geometries(back.geometry, incidents.geometry, 1e-6)
    # precision codes, dates and provenance survive
    assert back["time_precision"].dtype == "Int64" and back["event_date"].dtype == "datetime64[ms]"
    assert list(back["coord_source"]) == list(incidents["coord_source"])


def test_geojson_polygons_follow_the_right_hand_rule(tmp_path):
    clockwise = Polygon([(45, 40), (45, 41), (46, 41), (46, 40)])
    assert not clockwise.exterior.is_ccw
    gdf = gpd.GeoDataFrame({"name": ["x"]}, geometry=[clockwise], crs="EPSG:4326")
    path = write_geojson(gdf, tmp_path / "p.geojson")
    ring = json.loads(path.read_text())["features"][0]["geometry"]["coordinates"][0]
    assert shapely.LinearRing(ring).is_ccw  # exterior counterclockwise (RFC 7946 §3.1.6)


def _gdal_geojson(gdf: gpd.GeoDataFrame, path) -> dict:
    """The same frame through GDAL's GeoJSON driver, as write_geojson used to write it."""
    import numpy as np

    from geo.exports.writers import _dates_as_text

    out = _dates_as_text(gdf)
    out["__fid"] = np.arange(1, len(out) + 1)
    options = {"RFC7946": "YES", "WRITE_BBOX": "YES", "COORDINATE_PRECISION": 6}
    options |= {"ID_FIELD": "__fid", "ID_TYPE": "Integer"}
    pyogrio.write_dataframe(out, path, driver="GeoJSON", layer="x", layer_options=options)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.pop("xy_coordinate_resolution", None)  # GDAL's own member
    return doc


def _same_json(a, b, where=""):
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), (where, a, b)
        for key in a:
            _same_json(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, a, b)
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_json(x, y, f"{where}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        # GDAL writes 15 significant digits (0.3), bordermap the shortest exact text
        assert b == pytest.approx(a, rel=1e-12), (where, a, b)
        assert isinstance(a, float) == isinstance(b, float) or where.endswith("]"), (where, a, b)
    else:
        assert a == b, (where, a, b)


def test_geojson_column_writer_writes_what_gdal_writes(incidents, tmp_path):
    odd = gpd.GeoDataFrame(
        {
            "text": pd.array(['say "no"', None, "a\\b\nc\t\x01", "Laçın"], dtype="string"),
            "objects": ["p", None, "q", "r"],
            "flag": [True, False, True, False],
            "maybe": pd.array([True, None, False, True], dtype="boolean"),
            "number": [1.0, float("nan"), 0.1 + 0.2, 1e16],
            "count": [1, 2, 3, 4],
            "maybe_count": pd.array([1, None, 3, 4], dtype="Int64"),
            "day": pd.to_datetime(["2020-01-01", None, "2021-05-06", "2022-01-01"]),
            "moment": pd.to_datetime(
                ["2020-01-01 10:11:12.5", None, "2021-05-06 00:00:00", "2022-01-01 00:00:00"],
                format="mixed",
            ),
        },
        geometry=[
            Point(45.123456789, 40.0),
            None,
            Point(),
            Polygon([(45, 40), (45, 41), (46, 41.0000004), (46, 40)]),  # clockwise
        ],
        crs="EPSG:4326",
    )
    from geo.exports._geojson import geojson_chunks

    for name, frame in {
        "odd": odd,
        "incidents": incidents,
        "features": reference_features(),
    }.items():
        assert geojson_chunks(frame, name="x") is not None  # the column writer, not GDAL
        ours = json.loads(write_geojson(frame, tmp_path / f"{name}.geojson").read_text("utf-8"))
        ours["name"] = "x"
        _same_json(_gdal_geojson(frame, tmp_path / f"{name}-gdal.geojson"), ours, name)


def test_geojson_column_writer_leaves_other_frames_to_gdal(tmp_path, caplog):
    gdf = gpd.GeoDataFrame(
        {"when": pd.to_datetime(["2023-05-11 10:00"]).tz_localize("Asia/Yerevan")},
        geometry=[Point(45.87, 40.2)],
        crs="EPSG:4326",
    )
    with caplog.at_level("INFO", logger="geo.exports.writers"):
        path = write_geojson(gdf, tmp_path / "tz.geojson")
    assert "leaves to GDAL" in caplog.text
    assert json.loads(path.read_text(encoding="utf-8"))["features"][0]["id"] == 1


def test_geopackage_round_trip_is_exact_with_every_layer(incidents, tmp_path):
    features = reference_features()
    path = export_incidents(incidents, tmp_path / "i.gpkg", format="gpkg", features=features)
    layers = dict(pyogrio.list_layers(path))
    assert layers == {
        "incidents": "Unknown",  # generic geometry: points and lines
        "regions": "Polygon",
        "corridors": "LineString",
        "checkpoints": "Point",
        "border": "MultiLineString",
    }
    back = frame_from_geopackage(path, layer="incidents")
    pd.testing.assert_frame_equal(_table(back), _table(incidents))
    assert back.crs.equals("EPSG:4326")
    _same_geometries(back.geometry, incidents.geometry, 0)
    for name, frame in layers_from_reference(features).items():
        got = frame_from_geopackage(path, layer=name)
        pd.testing.assert_frame_equal(_table(got), _table(frame).reset_index(drop=True))


def test_geoparquet_round_trip_is_exact(incidents, tmp_path):
    path = export_incidents(incidents, tmp_path / "i.parquet", format="parquet")
    back = incidents_from_geoparquet(path)
    pd.testing.assert_frame_equal(back, incidents)
    assert back.crs.equals("EPSG:4326")


def test_acled_csv_has_acled_columns_first_and_round_trips(incidents, tmp_path):
    path = export_incidents(incidents, tmp_path / "i.csv", format="csv")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header[: len(ACLED_2023_COLUMNS)]) == ACLED_2023_COLUMNS
    assert header[-1] == "geometry_wkt" and "evidence" in header
    assert "2023-05-11" in path.read_text(encoding="utf-8")  # ISO dates
    back = incidents_from_acled_export(path)
    pd.testing.assert_frame_equal(_table(back), _table(incidents))
    _same_geometries(back.geometry, incidents.geometry, 1e-6)


def test_acled_reader_reads_the_csv_export(incidents, tmp_path):
    from geo.incidents.acled import read_acled_csv

    path = export_incidents(incidents.iloc[:2], tmp_path / "i.csv", format="csv")
    read = read_acled_csv(path)
    assert list(read.incidents["event_id_cnty"]) == list(incidents["event_id_cnty"].iloc[:2])
    assert list(read.incidents["event_date"]) == list(incidents["event_date"].iloc[:2])


# ------------------------------------------------------------------ round trips, ogrinfo


def _ogrinfo(*args: str) -> str:
    exe = OGRINFO or "ogrinfo"
    return subprocess.run(
        [exe, "-ro", *args], capture_output=True, text=True, check=True, timeout=60
    ).stdout


@needs_ogrinfo
@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet"])
def test_ogrinfo_reads_what_was_written(incidents, tmp_path, fmt):
    suffix = {"geojson": ".geojson", "gpkg": ".gpkg", "parquet": ".parquet"}[fmt]
    path = export_incidents(incidents, tmp_path / f"i{suffix}", format=fmt)
    formats = _ogrinfo("--formats")
    if fmt == "parquet" and "Parquet" not in formats:
        pytest.skip(
            "this GDAL has no Parquet driver (Debian and pyogrio build GDAL without Arrow); "
            "tests/exports/test_geoparquet.py checks GeoParquet with DuckDB instead"
        )
    text = _ogrinfo("-al", "-so", str(path))
    assert "Feature Count: 3" in text
    assert "WGS 84" in text or "EPSG:4326" in text or "4326" in text
    full = _ogrinfo("-al", str(path))
    assert re.search(r"event_date \(Date\) = 2023/05/11|event_date \(DateTime\) = 2023/05/11", full)
    assert "time_precision (Integer" in full
    assert re.search(r"geo_precision \(Integer(64)?\) = 3", full)
    assert "coord_source (String) = gazetteer:" in full
    assert "BM-2023-0003" in full


@needs_ogrinfo
def test_ogrinfo_lists_the_geopackage_layers(incidents, tmp_path):
    path = export_incidents(
        incidents, tmp_path / "i.gpkg", format="gpkg", features=reference_features()
    )
    text = _ogrinfo(str(path))
    for layer in ("incidents", "regions", "corridors", "checkpoints", "border"):
        assert re.search(rf"\d+: {layer}\b", text), text


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "csv"])
def test_existing_file_is_refused_unless_overwrite(incidents, tmp_path, fmt):
    target = tmp_path / f"i.{fmt}"
    target.write_text("keep me")
    with pytest.raises(BordermapError, match="exists"):
        export_incidents(incidents, target, format=fmt)
    assert target.read_text() == "keep me"
    export_incidents(incidents, target, format=fmt, overwrite=True)
    assert target.stat().st_size > 100
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary files left


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "csv"])
def test_frame_without_crs_is_refused(tmp_path, fmt):
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(45.8, 40.2)])
    with pytest.raises(BordermapError, match="without a CRS"):
        export_incidents(gdf, tmp_path / f"x.{fmt}", format=fmt)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "csv"])
def test_empty_selection_is_refused(incidents, tmp_path, fmt):
    with pytest.raises(EmptySelectionError, match="empty"):
        export_incidents(incidents.iloc[:0], tmp_path / f"x.{fmt}", format=fmt)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_path_is_refused(incidents, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(BordermapError, match="not a folder"):
        export_incidents(incidents, blocker / "x.geojson", format="geojson")


def test_projected_frame_is_reprojected_for_geojson_and_said(tmp_path):
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(45.87, 40.2)], crs="EPSG:4326")
    with pytest.warns(UserWarning, match="reprojecting from EPSG:32638 to EPSG:4326"):
        write_geojson(gdf.to_crs("EPSG:32638"), tmp_path / "x.geojson")
    back = pyogrio.read_dataframe(tmp_path / "x.geojson")
    assert abs(back.geometry[0].x - 45.87) < 1e-6


def test_failed_write_leaves_no_partial_file(incidents, tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pyogrio, "write_dataframe", boom)
    with pytest.raises(OSError, match="disk full"):
        write_geopackage({"incidents": incidents}, tmp_path / "x.gpkg")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ the command


def test_cli_export_every_format_and_overwrite(seeds_dir, tmp_path, capsys):
    for fmt, suffix in (
        ("geojson", "geojson"),
        ("gpkg", "gpkg"),
        ("parquet", "parquet"),
        ("csv", "csv"),
    ):
        args = ["export", "--input", str(seeds_dir), "--output", str(tmp_path), "--format", fmt]
        assert main(args) == 0
        assert (tmp_path / f"incidents.{suffix}").exists()
        assert main(args) == 4  # an output not written (README's table)
        assert "--overwrite" in capsys.readouterr().err
        assert main([*args, "--overwrite"]) == 0
    layers = dict(pyogrio.list_layers(tmp_path / "incidents.gpkg"))
    assert {"incidents", "places", "regions", "corridors", "checkpoints", "border"} <= set(layers)


@pytest.mark.parametrize(
    ("extra", "clash"),
    [
        # FieldError (exit 70): SQLite ignores case (an ACLED column in other case, 'Actor2',
        # is refused earlier by the reader, exit 1)
        ("Place_ID", "'Place_ID' and 'place_id'"),
        ("fid", "'fid' and the feature id"),  # DataLayerError (exit 70)
        ("GEOMETRY", "'geometry' and 'GEOMETRY'"),  # GDAL crashed: segmentation fault
    ],
)
def test_columns_a_geopackage_cannot_keep_apart_are_refused(extra, clash, tmp_path):
    """A GeoPackage layer's column names are compared without case, and 'fid' is its feature
    id; such a column beside the others gave an unexpected error, or killed the process."""
    source = tmp_path / "acled.csv"
    lines = (DATA / "acled_2023.csv").read_text(encoding="utf-8").splitlines()
    source.write_text(
        "\n".join([lines[0] + f",{extra}", *(line + ",x" for line in lines[1:])]) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "bordermap.cli", "import", str(source), "--output", str(out),
         "--output-format", "gpkg"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 4, done.stderr
    assert clash in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith("bordermap: incidents.gpkg: ")  # not its .staging-* path
    assert "geojson" in done.stderr.lower() and not out.exists()


@pytest.fixture
def full_disk(tmp_path):
    """A folder on a 1.5 MB tmpfs (root only), unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_gdal_on_a_full_disk_is_the_disk_full(fmt, full_disk, tmp_path, capsys):
    """GDAL reports a full disk as a failed write, no errno: a GeoPackage import gave exit 70
    (DataLayerError: 'cannot rollback'), a build's places.geojson too (FeatureError)."""
    source = tmp_path / "big.csv"
    lines = (DATA / "acled_2023.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[0]]
    for n in range(4000):
        rows += [line.replace("ARM2", f"A{n}X").replace("AZE3", f"Z{n}X") for line in lines[1:]]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = full_disk / "out"
    args = ["import", str(source), "--output", str(out), "--output-format", fmt]
    assert main(args) == 4
    err = capsys.readouterr().err
    assert "No space left on device" in err and "bug" not in err and ".staging-" not in err
    assert not out.exists() or not [p for p in out.iterdir() if p.name != ".bordermap.lock"]


def test_a_build_on_a_full_disk_is_the_disk_full(full_disk, seeds_dir, capsys):
    assert main(["build", "--input", str(seeds_dir), "--output", str(full_disk / "o")]) == 4
    err = capsys.readouterr().err
    assert "No space left on device" in err and "bug" not in err


def test_export_given_a_file_for_its_input_folder_says_so(seeds_dir, tmp_path, capsys):
    """It said "seeds/incidents.csv/incidents.csv: no such file"."""
    source = seeds_dir / "incidents.csv"
    args = ["export", "--input", str(source), "--output", str(tmp_path), "--format", "csv"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"bordermap: {source}: is a file; give the folder that holds it")
    assert "incidents.csv/incidents.csv" not in err
