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
