"""The main job end to end: seeds/ -> out/ (map, GeoJSON, reports), via the CLI."""

import csv
import re
import shutil

import pytest
from pyproj import Geod

from bordermap.cli import main

LAYERS = ("Incidents", "Places mentioned", "Regions", "Corridors and borders")


def test_build_outputs(seed_build):
    files = seed_build.files
    assert {"map", "incidents", "places", "unresolved"} <= set(files)
    assert len(seed_build.incidents) == 3
    sotk = seed_build.incidents.set_index("event_id_cnty").loc["BM-2023-0001"].geometry
    assert Geod(ellps="WGS84").inv(sotk.x, sotk.y, 45.8695, 40.2001)[2] < 1000
    html = files["map"].read_text(encoding="utf-8")
    for name in LAYERS:
        assert f'"{name}"' in html, name
    assert "leaflet-control-layers" in html or "L.control.layers" in html
    assert "Incidents by event type" in html  # legend
    # Each incident's evidence is in the page, as JSON data (escaped for <script>).
    assert "Sotk region" in html


def test_same_input_gives_byte_identical_map(seeds_dir, tmp_path):
    assert main(["build", "--input", str(seeds_dir), "--output", str(tmp_path / "a")]) == 0
    assert main(["build", "--input", str(seeds_dir), "--output", str(tmp_path / "b")]) == 0
    for name in ("map.html", "incidents.geojson", "places.geojson"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_cli_summary_names_the_map(seeds_dir, tmp_path, capsys):
    assert main(["build", "--input", str(seeds_dir), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "incidents: 3 (3 placed on the map, 0 unresolved, 0 with doubtful coordinates)" in out
    assert "map.html" in out and "file://" in out


def test_unresolved_place_is_reported_and_kept(seeds_copy, tmp_path, capsys):
    path = seeds_copy / "incidents.csv"
    text = path.read_text(encoding="utf-8").replace(",Sotk,", ",Qwxzzy Heights,")
    path.write_text(text, encoding="utf-8")
    assert main(["build", "--input", str(seeds_copy), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "unresolved: BM-2023-0001 location 'Qwxzzy Heights'" in out
    with (tmp_path / "unresolved.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["event_id_cnty"] for r in rows] == ["BM-2023-0001"]
    import pyogrio

    gdf = pyogrio.read_dataframe(tmp_path / "incidents.geojson")
    assert "BM-2023-0001" in set(gdf["event_id_cnty"])  # kept, with an empty geometry


def test_malformed_csv_fails_and_leaves_previous_outputs(seeds_copy, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--input", str(seeds_copy), "--output", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    path = seeds_copy / "incidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",Battles,", ",Battels,").replace("2023-04-25", "31/04/2023")
    path.write_text("".join(lines), encoding="utf-8")
    status = main(["build", "--input", str(seeds_copy), "--output", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert re.search(r"incidents\.csv, line 3, column 'event_date': not a date", err)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_reject_mode_writes_rejected_rows(seeds_copy, tmp_path):
    path = seeds_copy / "incidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ',2,"AFP' in lines[1]
    lines[1] = lines[1].replace(',2,"AFP', ',9,"AFP')
    path.write_text("".join(lines), encoding="utf-8")
    status = main(
        ["build", "--input", str(seeds_copy), "--output", str(tmp_path), "--on-error", "reject"]
    )
    assert status == 3
    with (tmp_path / "rejected.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and rows[0]["column"] == "geo_precision" and rows[0]["line"] == "2"


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    assert (
        main(["build", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "out")]) == 1
    )
    assert "nope: no such file or folder" in capsys.readouterr().err


@pytest.mark.skipif(
    shutil.which("ogrinfo") is None, reason="gdal-bin not installed (scripts/setup_test_env.sh)"
)
def test_gdal_reads_the_geojson(seed_build):
    import subprocess

    out = subprocess.run(
        ["ogrinfo", "-so", "-al", str(seed_build.files["incidents"])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Feature Count: 3" in out
    assert "event_date: Date" in out


def _edit_first_seed_row(seeds_copy, columns: list[str], values: list[str]) -> None:
    """Set cells of the first record of the copied seeds' incidents.csv."""
    import pandas as pd

    path = seeds_copy / "incidents.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, columns] = values
    frame.to_csv(path, index=False)


def test_doubtful_coordinates_are_listed_counted_and_kept(seeds_copy, tmp_path, capsys):
    import json

    _edit_first_seed_row(
        seeds_copy, ["latitude", "longitude", "geo_precision"], ["45.8695", "40.2001", "1"]
    )
    assert main(["build", "--input", str(seeds_copy), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "(3 placed on the map, 0 unresolved, 1 with doubtful coordinates)" in out
    assert re.search(
        r"doubtful:   BM-2023-0001 location 'Sotk': swapped_lat_lon\? \(78\d\.\d km", out
    )
    with (tmp_path / "coord_checks.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["event_id_cnty"], r["coord_check"]) for r in rows] == [
        ("BM-2023-0001", "swapped_lat_lon?")
    ]
    km = float(rows[0]["km_from_named_place"])
    assert 770 < km < 800
    features = json.loads((tmp_path / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    checks = [(f["properties"]["coord_check"], f["properties"]["coord_check_km"]) for f in features]
    assert checks == [("swapped_lat_lon?", km), ("not_checked", None), ("not_checked", None)]


def test_a_long_list_of_unresolved_places_is_cut_short(seeds_copy, tmp_path, capsys):
    """25 unresolved records print 20 lines and where the rest are; a 10,000-character
    location prints 80 characters (the CSV report keeps every row, whole)."""
    path = seeds_copy / "incidents.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head, first = lines[0], lines[1]
    rows = [
        first.replace("BM-2023-0001", f"BM-X-{k:02d}").replace(",Sotk,", f",Qwxzzy {k},")
        for k in range(25)
    ]
    rows[0] = rows[0].replace(",Qwxzzy 0,", "," + "Z" * 10_000 + ",")
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    assert main(["build", "--input", str(seeds_copy), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("  unresolved: ") == 20
    assert f"... and 5 more unresolved incident(s) (see {tmp_path / 'unresolved.csv'})" in out
    assert max(len(line) for line in out.splitlines()) < 200
    with (tmp_path / "unresolved.csv").open(encoding="utf-8") as f:
        listed = list(csv.DictReader(f))
    assert len(listed) == 25 and listed[0]["location"] == "Z" * 10_000


def test_a_doubtful_record_of_an_unknown_place_is_listed_without_a_distance(
    seeds_copy, tmp_path, capsys
):
    _edit_first_seed_row(
        seeds_copy, ["location", "latitude", "longitude"], ["Xyzzyville", "0.5", "0.5"]
    )
    assert main(["build", "--input", str(seeds_copy), "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # it said "(nan km from the named place None; ringed on the map)"
    assert "doubtful:   BM-2023-0001 location 'Xyzzyville': outside_country (ringed on" in out
