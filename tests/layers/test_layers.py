"""Map pieces: hostile text stays data, the legend escapes, empty layers are left out."""

import re

import pytest

from layers._geojson import feature_collection
from layers.legend import Legend
from layers.map import html_from_map, incident_map

PAYLOAD = '</script><script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


@pytest.fixture
def hostile(seed_build):
    gdf = seed_build.incidents.copy()
    for column in ("notes", "evidence", "actor1", "source", "weapons"):
        gdf[column] = PAYLOAD
    return gdf


def test_hostile_text_never_closes_the_script(hostile):
    html = html_from_map(incident_map(hostile))
    # The only </script> tags are the page's own; the payload is JSON with "<" escaped.
    assert "window.__xss=1</script>" not in html
    assert "<img src=x" not in html
    assert r"\u003c/script\u003e" in html


def test_legend_escapes_labels():
    legend = Legend([("<b>types</b>", {"<img src=x>": "#fff"})], note="a < b")
    assert "<img" not in legend.html and "&lt;img src=x&gt;" in legend.html
    assert "&lt;b&gt;types&lt;/b&gt;" in legend.html


def test_feature_collection_skips_missing_geometry_and_rounds(seed_build):
    gdf = seed_build.incidents.copy()
    gdf.loc[0, "geometry"] = None
    fc = feature_collection(gdf, ["event_id_cnty", "fatalities"], id_column="event_id_cnty")
    assert [f["id"] for f in fc["features"]] == ["BM-2023-0002", "BM-2023-0003"]
    coords = fc["features"][0]["geometry"]["coordinates"]
    assert all(len(str(c).split(".")[-1]) <= 5 for pair in coords for c in pair)


def test_empty_layers_are_left_out_of_the_control(seed_build):
    html = html_from_map(incident_map(seed_build.incidents, places=None, features=None))
    assert '"Incidents"' in html
    assert '"Places mentioned"' not in html and '"Regions"' not in html


def test_popup_fields_cover_the_brief(seed_build):
    from layers.incidents import INCIDENT_POPUP_FIELDS, date_text, location_text

    labels = {f[0] for f in INCIDENT_POPUP_FIELDS}
    assert {"Date", "Type", "Actors", "Casualties", "Location", "Evidence", "Source"} <= labels
    rows = seed_build.incidents.set_index("event_id_cnty")
    assert date_text(rows.loc["BM-2023-0001"]) == "11 May 2023"
    assert date_text(rows.loc["BM-2023-0002"]).startswith(
        "around 25 April 2023 (between 20 April 2023"
    )
    assert date_text(rows.loc["BM-2023-0003"]) == "not stated (before 11 May 2023)"
    assert "drawn as the whole linestring" in location_text(rows.loc["BM-2023-0002"])


def test_projected_incidents_are_drawn_in_wgs84(seed_build):
    gdf = seed_build.incidents.to_crs("EPSG:32638")
    fc = feature_collection(gdf, ["event_id_cnty"])
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert 45 < lon < 47 and 39 < lat < 41


def test_map_ids_are_stable(seed_build):
    html = html_from_map(incident_map(seed_build.incidents))
    assert not re.search(r"map_[0-9a-f]{32}", html)


# --- columnar tables, the incidents layer, bad input, determinism, offline ------------------


def _decoded(layer):
    from layers._columnar import decode

    return decode(layer.payload)


def test_columnar_round_trip_json_and_binary():
    import numpy as np

    from layers._columnar import TableEncoder, decode

    enc = TableEncoder(4)
    enc.num("x", [45.12345, np.nan, -0.00001, 170.0], scale=1e-5)
    enc.num("k", [1, 2, None, 3])
    enc.codes("t", [0, -1, 1, 0], ["Battles", "Riots"])
    enc.text("s", ["a", None, "ü{{ 7*7 }}</script>", ""], unique=True)
    enc.text("d", ["x", "x", None, "x"])
    for compact in (False, True):
        out = decode(enc.payload(compact=compact))
        assert [None if v is None else round(v, 5) for v in out["x"]] == [
            45.12345,
            None,
            -0.00001,
            170.0,
        ]
        assert out["k"] == [1, 2, None, 3]
        assert out["t"] == ["Battles", None, "Riots", "Battles"]
        assert out["s"] == ["a", None, "ü{{ 7*7 }}</script>", None]
        assert out["d"] == ["x", "x", None, "x"]


def test_incident_table_carries_every_popup_field(seed_build):
    from layers.incidents import incidents_layer

    small = incidents_layer(seed_build.incidents)
    big = incidents_layer(seed_build.incidents, compact_above=0)
    assert "b64" in big.payload and "b64" not in small.payload
    table = _decoded(small)
    assert table == _decoded(big)
    rows = {e: i for i, e in enumerate(table["event_id_cnty"])}
    sotk = rows["BM-2023-0001"]
    assert table["_date"][sotk] == "11 May 2023"
    assert table["_casualties"][sotk] == "1 killed, 4 injured"
    assert table["_type"][sotk] == "Battles — Armed clash"
    assert table["cas"][sotk] == 5 and table["kind"][sotk] == 1
    corridor = rows["BM-2023-0002"]
    assert table["kind"][corridor] == 2  # drawn as the corridor line
    assert (table["dlo"][corridor], table["dhi"][corridor]) == (5, 5)  # 20..30 April
    assert table["day"][rows["BM-2023-0003"]] is None
    assert small.n_undated == 1 and small.feature_count == 3 and small.n_unplaced == 0
    assert [f["id"] for f in small.shapes["features"]] == [corridor, rows["BM-2023-0003"]]


def test_bad_input_nan_casualties_missing_geometry_projected_crs(seed_build):
    import numpy as np

    from layers.incidents import incidents_layer

    gdf = seed_build.incidents.copy()
    gdf["fatalities"] = gdf["fatalities"].astype("Float64")
    gdf.loc[0, "fatalities"] = np.nan
    gdf.loc[0, "injuries"] = pd_na()
    gdf.loc[1, "geometry"] = None
    gdf = gdf.to_crs("EPSG:32638")
    layer = incidents_layer(gdf)
    table = _decoded(layer)
    assert layer.reprojected_from == "EPSG:32638"
    assert layer.n_unplaced == 1 and table["kind"][1] == 0 and table["x"][1] is None
    assert 45 < table["x"][0] < 47 and 39 < table["y"][0] < 41
    assert table["_casualties"][0] == "killed: not stated, injured: not stated"
    assert table["cas"][0] == 0
    assert "not placed on the map" in table["_location"][1]
    html = html_from_map(incident_map(gdf))
    assert "reprojected to WGS 84" in html and "could not be placed" in html


def pd_na():
    import pandas as pd

    return pd.NA


def test_free_text_left_out_at_scale_and_the_map_says_so(seed_build):
    from layers.incidents import incidents_layer

    layer = incidents_layer(seed_build.incidents, free_text_limit=2)
    assert layer.omitted == ["notes", "evidence"]
    assert "notes" not in _decoded(layer)
    fields = {f[0]: f for f in layer.options["popup"]["fields"]}
    assert fields["Notes"][2] == "static" and "left out of the map" in fields["Notes"][3]
    html = html_from_map(incident_map(seed_build.incidents, free_text_limit=2))
    assert "are left out of the map at this size" in html


def test_template_syntax_in_data_stays_text(seed_build):
    """branca re-parses macro output as Jinja; bordermap's elements must not let data through."""
    gdf = seed_build.incidents.copy()
    gdf["notes"] = "{{ 7*7 }} {% if true %}x{% endif %} {{ self.__init__ }}"
    html = html_from_map(incident_map(gdf, title="</title><script>t=1</script>{{ 7*7 }}"))
    assert "{{ 7*7 }} {% if true %}x{% endif %} {{ self.__init__ }}" in html
    assert "<title>&lt;/title&gt;&lt;script&gt;t=1&lt;/script&gt;{{ 7*7 }}</title>" in html
    assert "49" not in html.split("<title>")[1].split("</title>")[0]


def test_large_maps_are_byte_identical_and_have_no_random_ids(seed_build):
    import geopandas as gpd
    import pandas as pd

    gdf = gpd.GeoDataFrame(
        pd.concat([seed_build.incidents] * 1000, ignore_index=True), crs="EPSG:4326"
    )
    gdf["event_id_cnty"] = [f"E{i}" for i in range(len(gdf))]
    first, second = (html_from_map(incident_map(gdf)) for _ in range(2))
    assert first == second and '"b64"' in first
    assert not re.search(r"[0-9a-f]{32}", first)


def test_empty_and_unplaceable_inputs_still_make_a_map(seed_build):
    gdf = seed_build.incidents.copy()
    html = html_from_map(incident_map(gdf.iloc[:0]))
    assert "No incidents: the incidents layer" in html and '"Incidents"' not in html
    gdf["geometry"] = None
    html = html_from_map(incident_map(gdf))
    assert "No incident could be placed" in html
    assert "bordermap.IncidentLayer" in html  # the table stays, for the side panel and search


def test_legend_draws_event_type_shapes(seed_build):
    html = html_from_map(incident_map(seed_build.incidents))
    assert r"\u003cpolygon" in html and "no date (always shown)" in html


def test_carto_positron_only_with_a_key(monkeypatch, seed_build):
    monkeypatch.delenv("BORDERMAP_CARTO_KEY", raising=False)
    html = html_from_map(incident_map(seed_build.incidents))
    assert "CartoDB Positron" not in html and "Esri imagery" in html and "OpenStreetMap" in html
    html = html_from_map(incident_map(seed_build.incidents, carto_key="k123"))
    assert '"CartoDB Positron"' in html and "key=k123" in html and "carto.com/attributions" in html


def test_offline_html_inlines_everything(seed_build):
    from layers.offline import OfflineAssetsError, ensure_vendor

    try:
        ensure_vendor()
    except OfflineAssetsError as exc:
        pytest.skip(str(exc))
    html = html_from_map(incident_map(seed_build.incidents, offline=True), offline=True)
    assert not re.search(r"<script[^>]+src=", html) and not re.search(r"<link[^>]+href=", html)
    assert "L.Control.MiniMap" in html and "L.Control.Measure" in html and "heatLayer" in html
    assert "data:image/png;base64," in html and "tile.openstreetmap" not in html


def test_unknown_asset_is_an_error():
    from layers.offline import OfflineAssetsError, inline_assets

    with pytest.raises(OfflineAssetsError, match="no local copy"):
        inline_assets('<script src="https://example.org/x.js"></script>', node_modules=ROOT_NM)


ROOT_NM = (
    __import__("pathlib").Path(__file__).resolve().parents[2] / "layers" / "vendor" / "node_modules"
)


def test_cells_map_is_drawn_from_the_aggregate():
    import pandas as pd

    from layers.grid import cell_totals, cells_map
    from layers.map import html_from_map

    cells = pd.DataFrame(
        {
            "day": pd.to_datetime(["2023-09-19", "2023-09-20", "2023-09-19", None]).astype(
                "datetime64[s]"
            ),
            "cell_x": pd.array([453, 453, 460, None], dtype="Int64"),
            "cell_y": pd.array([400, 400, 395, None], dtype="Int64"),
            "incidents": [3, 4, 1, 2],
            "fatalities": [1, 0, 0, 5],
            "near_border": [3, 4, 0, 0],
            "vague_dates": [0, 1, 0, 0],
            "border_km_min": [0.5, 0.25, 40.0, float("nan")],
        }
    )
    totals = cell_totals(cells, cell_deg=0.1)
    assert list(totals["incidents"]) == [7, 1] and list(totals["days"]) == [2, 1]
    assert totals.geometry.iloc[0].bounds == pytest.approx((45.3, 40.0, 45.4, 40.1))
    html = html_from_map(cells_map(cells, cell_deg=0.1))
    assert "7 incidents" in html and "Incidents per cell" in html
    assert "2 incidents without a place are not drawn" in html
    assert html == html_from_map(cells_map(cells, cell_deg=0.1))  # deterministic


def test_doubtful_coordinates_are_flagged_in_the_table_legend_and_panel(seed_build):
    from layers._incident_text import check_text
    from layers.incidents import incidents_layer

    gdf = seed_build.incidents.copy()
    gdf["coord_check"] = ["swapped_lat_lon?", "ok", "not_checked"]
    gdf["coord_check_km"] = [780.44, 1.0, None]
    layer = incidents_layer(gdf)
    table = _decoded(layer)
    assert layer.n_flagged == 1
    assert table["_check"][0].startswith("latitude and longitude look swapped (swapped_lat_lon?)")
    assert "780.4 km from Sotk" in table["_check"][0]
    assert table["_check"][1:] == ["", ""]
    assert ["Coordinate check", "_check", "warn"] in layer.options["popup"]["fields"]
    html = html_from_map(incident_map(gdf))
    assert "coordinates doubtful (see popup)" in html
    assert "have coordinates that disagree with the place they name" in html
    assert check_text({"coord_check": "far_from_named_place", "coord_check_km": 61}) == (
        "far from the place the record names (far_from_named_place): the record's point is "
        "61.0 km from the named place; drawn where the record's coordinates put it"
    )
    assert check_text({"coord_check": "ok"}) == check_text({}) == ""


def test_a_map_saved_twice_or_shown_first_saves_the_same_bytes(seed_build, tmp_path):
    """Issue 16: rendering a map a second time duplicated every overlay (a notebook showing
    it, then save_map wrote two legends, two sliders, two panels)."""
    from layers import save_map

    def fresh():
        return incident_map(seed_build.incidents, title="Sotk")

    first = save_map(fresh(), tmp_path / "first.html").read_bytes()
    m = fresh()
    assert save_map(m, tmp_path / "a.html").read_bytes() == first
    assert save_map(m, tmp_path / "b.html").read_bytes() == first
    shown = fresh()
    shown._repr_html_()  # what a notebook does to show it
    shown._repr_html_()
    assert save_map(shown, tmp_path / "c.html").read_bytes() == first
    shown._repr_html_()
    assert save_map(shown, tmp_path / "d.html").read_bytes() == first
    html = first.decode("utf-8")
    for once in ('"bm-legend bm-box"', "new bordermap.TimeSlider(", "new bordermap.Panel("):
        assert html.count(once) == 1, once
    layers_added = re.findall(r"(\w+)\.addTo\(map_\d+\)", html)
    assert len(layers_added) == len(set(layers_added)), layers_added
