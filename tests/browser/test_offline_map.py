"""`bordermap build --offline-html`: one HTML file that renders with every request aborted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_seed_map import LAYER_NAMES, SEEDS, build_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_map(tmp_path_factory) -> Path:
    from layers.offline import OfflineAssetsError, ensure_vendor

    try:
        ensure_vendor()  # npm ci in layers/vendor on first use
    except OfflineAssetsError as exc:
        pytest.skip(f"offline assets unavailable: {exc}")
    return build_map(SEEDS, tmp_path_factory.mktemp("offline"), "--offline-html")


def test_the_file_loads_nothing(offline_map):
    html = offline_map.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "url(images/" not in html  # stylesheet images are data: URIs
    assert '"Countries (offline)"' in html and "tile.openstreetmap.org" not in html


def test_renders_with_the_network_off(map_page_factory, offline_map):
    page_ = map_page_factory(offline=True)  # aborts every non-file request, each one a failure
    page = page_.open(offline_map)
    assert sorted(page.evaluate("() => Object.keys(window.bordermapLayers)")) == sorted(LAYER_NAMES)
    text = page.locator(".leaflet-control-layers").text_content() or ""
    for name in [*LAYER_NAMES, "Countries (offline)"]:
        assert name in text, name
    assert page.evaluate("() => window.bordermapLayers['Incidents'].count()") == 3
    # the vector basemap is drawn: a canvas in the tile pane with country outlines
    assert page.locator(".leaflet-tile-pane canvas").count() >= 1
    assert (
        page.locator(".leaflet-control-minimap canvas, .leaflet-control-minimap svg").count() >= 1
    )
    for control in ("zoom-fullscreen", "measure", "minimap"):
        assert page.locator(f".leaflet-control-{control}").count() >= 1, control
    page.get_by_label("Heat map").check()  # leaflet-heat is inlined too
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 1
    page_.screenshot("offline_seed_map.png")
    assert page_.unmapped == [] and page_.errors == []
