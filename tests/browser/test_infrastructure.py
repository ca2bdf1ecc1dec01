"""The browser tier itself: local CDN assets, tile stubs, console-error capture."""

from __future__ import annotations

import re
from pathlib import Path

import cdn_assets
import folium
import pytest
from folium import plugins

pytestmark = pytest.mark.browser

FEATURES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Sotk", "times": ["2023-05-11T00:00:00"]},
            "geometry": {"type": "Point", "coordinates": [45.93, 40.22]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Goris", "times": ["2023-04-25T00:00:00"]},
            "geometry": {"type": "Point", "coordinates": [46.34, 39.51]},
        },
    ],
}


def plugin_map(path: Path) -> Path:
    """A folium map using every plugin whose CDN assets package.json covers."""
    m = folium.Map(location=[40.0, 45.5], zoom_start=7)
    folium.Marker([40.22, 45.93], popup="Sotk", icon=folium.Icon(icon="info-sign")).add_to(m)
    flag = folium.Icon(icon="flag", prefix="fa")
    folium.Marker([39.51, 46.34], popup="Goris", icon=flag).add_to(m)
    cluster = plugins.MarkerCluster(name="Cluster").add_to(m)
    folium.Marker([39.8, 45.6]).add_to(cluster)
    folium.Marker([39.9, 45.7]).add_to(cluster)
    plugins.HeatMap([[40.2, 45.9, 1.0], [39.5, 46.3, 0.5]], name="Heat").add_to(m)
    places = folium.GeoJson(FEATURES, name="Places").add_to(m)
    plugins.Search(layer=places, search_label="name").add_to(m)
    plugins.Fullscreen().add_to(m)
    plugins.MiniMap().add_to(m)
    plugins.MeasureControl().add_to(m)
    folium.LayerControl().add_to(m)
    m.save(str(path))
    return path


def test_every_cdn_url_of_a_folium_map_has_a_local_copy(tmp_path):
    """No browser needed: the URL table covers every <script src>/<link href> folium emits."""
    html = plugin_map(tmp_path / "map.html").read_text()
    ts = folium.Map()
    plugins.TimestampedGeoJson(FEATURES).add_to(ts)
    plugins.TimeSliderChoropleth(
        FEATURES, styledict={"0": {"1683763200": {"color": "red", "opacity": 1}}}
    ).add_to(ts)
    html += ts.get_root().render()
    urls = set(re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html))
    assert any("leaflet" in u for u in urls)
    missing = [u for u in sorted(urls) if cdn_assets.resolve(u) is None]
    assert missing == [], "add these to tests/browser/package.json + cdn_assets.py"


def test_tiles_get_a_blank_png_and_strangers_get_nothing():
    tile = cdn_assets.resolve("https://tile.openstreetmap.org/7/83/48.png")
    assert tile is not None and tile.body.startswith(b"\x89PNG") and tile.source == "tile"
    arcgis = (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/7/48/83"
    )
    assert cdn_assets.resolve(arcgis) is not None
    assert cdn_assets.resolve("https://example.com/tracker.js") is None
    assert cdn_assets.resolve("https://cdn.jsdelivr.net/npm/no-such-package@1.0.0/x.js") is None
    jsdelivr = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3"
    assert cdn_assets.resolve(f"{jsdelivr}/../../../etc/passwd") is None


def test_plugin_map_renders_without_console_errors(map_page, tmp_path):
    page = map_page.open(plugin_map(tmp_path / "map.html"))

    assert page.evaluate("() => typeof L !== 'undefined' && typeof L.map === 'function'")
    assert page.locator(".leaflet-control-layers").count() == 1
    layer_text = page.locator(".leaflet-control-layers").text_content()
    for name in ("Cluster", "Heat", "Places"):
        assert name in layer_text
    for control in ("minimap", "measure", "zoom-fullscreen"):
        assert page.locator(f".leaflet-control-{control}").count() >= 1, control
    assert page.evaluate("() => typeof L.heatLayer === 'function'")
    assert page.evaluate("() => typeof L.markerClusterGroup === 'function'")

    # Fonts and images that the CSS pulls in were served too (not just the <link>ed files).
    served = "\n".join(map_page.served)
    assert "/webfonts/fa-" in served or "glyphicons-halflings" in served
    assert map_page.tiles > 0
    assert map_page.unmapped == []
    assert map_page.errors == []
    map_page.screenshot("infrastructure_plugins")


def test_console_error_and_outside_request_are_caught(map_page_factory, tmp_path):
    """The failing path, checked on a non-strict page's collected lists (the test itself passes)."""
    path = tmp_path / "plain.html"
    m = folium.Map(location=[40.0, 45.5], zoom_start=6)
    folium.LayerControl().add_to(m)
    m.save(str(path))

    clean = map_page_factory(strict=False)
    clean.open(path)
    clean.flush()
    assert clean.errors == [] and clean.unmapped == []

    dirty = map_page_factory(strict=False)
    page = dirty.open(path)
    page.evaluate("() => console.error('x')")
    page.evaluate("() => { setTimeout(() => { throw new Error('boom') }, 0) }")
    page.evaluate(
        "() => new Promise(r => { const s = document.createElement('script');"
        " s.src = 'https://evil.example.org/x.js'; s.onerror = r; s.onload = r;"
        " document.head.appendChild(s) })"
    )
    dirty.flush()

    assert "x" in dirty.console_errors
    assert any("boom" in e for e in dirty.page_errors)
    assert dirty.unmapped == ["https://evil.example.org/x.js"]
    assert len(dirty.problems()) >= 3


def test_time_plugins_render_without_console_errors(map_page, tmp_path):
    """TimestampedGeoJson (jQuery UI, moment, timedimension) and TimeSliderChoropleth (d3 v4)."""
    m = folium.Map(location=[40.0, 45.5], zoom_start=7)
    plugins.TimestampedGeoJson(FEATURES, period="P1D").add_to(m)
    polygon = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "0",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[45, 39], [46, 39], [46, 40], [45, 40], [45, 39]]],
                },
            }
        ],
    }
    plugins.TimeSliderChoropleth(
        polygon, styledict={"0": {"1683763200": {"color": "red", "opacity": 1}}}, name="Choropleth"
    ).add_to(m)
    folium.LayerControl().add_to(m)
    path = tmp_path / "time.html"
    m.save(str(path))

    page = map_page.open(path)
    assert page.evaluate("() => typeof L.TimeDimension === 'function' && typeof d3 === 'object'")
    assert page.locator(".timecontrol-play").count() >= 1
