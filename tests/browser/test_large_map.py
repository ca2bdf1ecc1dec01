"""A map of 100,000 synthetic incidents in Chromium: layers, counts, popups, clusters, slider.

The incidents are ``benchmarks/bench_map.py``'s synthetic ones (ACLED-like, unique notes,
about 1% without geometry, about 2% without a date). No timing is asserted here; the
benchmark (``./run bench``) measures build and render times.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
N = 100_000
INC = "window.bordermapLayers['Incidents']"


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_map import synthetic_incidents

    from layers.map import html_from_map, incident_map

    gdf = synthetic_incidents(N)
    path = tmp_path_factory.mktemp("large") / "map.html"
    path.write_text(html_from_map(incident_map(gdf)), encoding="utf-8")
    return gdf, path


def test_large_map(map_page, large):
    gdf, path = large
    placed = int(gdf.geometry.notna().sum())
    page = map_page.open(path, timeout=60_000)
    assert list(page.evaluate("() => Object.keys(window.bordermapLayers)")) == [
        "Incidents",
        "Heat map",
    ]
    text = page.locator(".leaflet-control-layers").text_content() or ""
    for name in ("Incidents", "Heat map", "OpenStreetMap", "Esri imagery"):
        assert name in text
    assert page.evaluate(f"() => {INC}.count()") == placed
    assert page.evaluate(f"() => {INC}.stats.clustered") is True
    summary = page.locator(".bm-panel summary").text_content() or ""
    assert f"Not on the map: {N - placed:,} incidents" in summary
    map_page.screenshot("large_map_overview.png")

    # a cluster: clicking it zooms in
    zoom = page.evaluate(f"() => {INC}._map.getZoom()")
    x, y = page.evaluate(
        f"() => {{ const H = {INC}._hits; for (let k = 0; k < H.n; k++)"
        f" if (H.id[k] < 0) return [H.x[k] - {INC}._offX, H.y[k] - {INC}._offY]; }}"
    )
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function(
        f"() => {INC}._map.getZoom() > {zoom} && !{INC}._map._animatingZoom", timeout=10_000
    )
    page.wait_for_timeout(300)  # the zoom's moveend

    # an incident: zoom to it and click it -> its popup (or a list of the incidents there)
    row = int(np.flatnonzero(gdf.geometry.notna().to_numpy())[123])
    event_id = gdf["event_id_cnty"].iloc[row]
    page.evaluate(f"() => {INC}._map.setView({INC}.latLng({row}), 16, {{animate: false}})")
    x, y = page.evaluate(f"() => {{ const p = {INC}.containerPoint({row}); return [p.x, p.y]; }}")
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = page.locator(".leaflet-popup-content").first
    popup.wait_for(state="visible", timeout=5_000)
    if popup.locator(".bm-list").count():
        popup.locator(f"a[data-row='{row}']").click()
        page.wait_for_function("() => !document.querySelector('.leaflet-popup-content .bm-list')")
    text = page.locator(".leaflet-popup-content").first.text_content() or ""
    assert event_id in text and gdf["notes"].iloc[row] in text
    map_page.screenshot("large_map_popup.png")

    # search
    page.locator(".bm-search-input").fill("goris")
    hit = page.locator(".bm-search-hit").first
    hit.wait_for(state="visible", timeout=5_000)
    n_goris = int((gdf["location"] == "Goris").sum())
    assert f"{n_goris} incidents" in (hit.text_content() or "")


def test_large_map_slider(map_page, large):
    from layers.incidents import _date_bounds

    gdf, path = large
    page = map_page.open(path, timeout=60_000)
    days = page.evaluate("() => bordermap.slider.days")
    idx = len(days) // 2
    page.evaluate(f"() => bordermap.slider.set({idx}, 30)")
    end = days[idx]
    day, lo, hi = _date_bounds(gdf)
    placed = gdf.geometry.notna().to_numpy()
    expected = int((placed & (np.isnan(day) | ((hi >= end - 29) & (lo <= end)))).sum())
    shown = page.evaluate(f"() => {INC}.count()")
    assert shown == expected < int(placed.sum())
    assert f"{expected:,} shown" in page.evaluate("() => bordermap.slider.label()")
    page.get_by_label("Heat map").check()
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
    map_page.screenshot("large_map_slider_30_days.png")
    page.locator(".bm-play").click()
    page.wait_for_function(f"() => +bordermap.slider._range.value > {idx}", timeout=10_000)
    page.locator(".bm-play").click()  # pause
    assert page.evaluate(f"() => {INC}.count()") != shown
