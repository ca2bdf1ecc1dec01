"""Suspicious is shown, not hidden (issue 16): an incident whose coordinates fail a check.

The seed's Sotk clash with latitude and longitude swapped lands ~780 km away, in Russia. The
map draws it there but ringed in its own colour, the popup has a "Coordinate check" line with
the check and the distance, the tooltip, the legend and the side panel say so; ``build``
lists it in ``coord_checks.csv`` and counts it.
"""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from test_seed_map import SEEDS, build_map, close_popups

pytestmark = pytest.mark.browser

SOTK_ID = "BM-2023-0001"
INC = "window.bordermapLayers['Incidents']"


@pytest.fixture(scope="module")
def swapped_map(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("swapped") / "seeds"
    shutil.copytree(SEEDS, seeds)
    path = seeds / "incidents.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or []), list(reader)
    assert rows[0]["event_id_cnty"] == SOTK_ID
    rows[0].update(latitude="45.8695", longitude="40.2001", geo_precision="1")  # swapped
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path_factory.mktemp("swapped_out")
    map_path = build_map(seeds, out)
    with (out / "coord_checks.csv").open(encoding="utf-8") as f:
        flagged = list(csv.DictReader(f))
    assert [(r["event_id_cnty"], r["coord_check"]) for r in flagged] == [
        (SOTK_ID, "swapped_lat_lon?")
    ]
    return map_path


#: JS: (row, [r, g, b]) -> whether the canvas shows the flag colour on the ring around ``row``
#: (four points of the ring; the canvas position read as the layer's own hit test does).
RING_SHOWS = f"""([i, want]) => {{
    const l = {INC}, m = l._map, cp = l.containerPoint(i), dpr = window.devicePixelRatio || 1;
    if (!cp || !l._canvas) {{ return false; }}
    const at = m.layerPointToContainerPoint(L.DomUtil.getPosition(l._canvas));
    const r = l._rad[i] * 1.45 + 3;
    return [[r, 0], [-r, 0], [0, r], [0, -r]].some(([dx, dy]) => {{
        const x = Math.round((cp.x - at.x + dx) * dpr), y = Math.round((cp.y - at.y + dy) * dpr);
        const p = l._ctx.getImageData(x, y, 1, 1).data;
        return p[3] > 200 && [0, 1, 2].every(k => Math.abs(p[k] - want[k]) < 40);
    }});
}}"""


def test_a_swapped_row_is_drawn_flagged_with_its_check_in_the_popup(map_page, swapped_map):
    page = map_page.open(swapped_map)
    sotk = page.evaluate(f"(id) => {INC}.find(id)", SOTK_ID)
    others = [i for i in range(page.evaluate(f"() => {INC}.n")) if i != sotk]
    assert page.evaluate(f"(i) => {INC}.isFlagged(i)", sotk) is True
    assert not any(page.evaluate(f"(i) => {INC}.isFlagged(i)", i) for i in others)

    # its own style: a ring in the flag colour around the mark, none around the others
    page.evaluate(f"(i) => {INC}._map.setView({INC}.latLng(i), 8, {{animate: false}})", sotk)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    color = page.evaluate(f"() => {INC}.options.style.flagColor")
    want = [int(color[k : k + 2], 16) for k in (1, 3, 5)]
    page.wait_for_function(RING_SHOWS, arg=[sotk, want], timeout=10_000)
    page.evaluate(f"(i) => {INC}._map.setView({INC}.latLng(i), 8, {{animate: false}})", others[0])
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert not page.evaluate(RING_SHOWS, [others[0], want])

    # the popup line: which check failed and how far
    close_popups(page)
    assert page.evaluate(f"(i) => {INC}.openPopup(i)", sotk)
    popup = page.locator(".leaflet-popup-content").first
    popup.wait_for(state="visible", timeout=5_000)
    text = popup.text_content() or ""
    assert "Coordinate check" in text, text
    assert "latitude and longitude look swapped (swapped_lat_lon?)" in text, text
    assert re.search(r"the record's point is 78\d\.\d km from Sotk", text), text
    assert popup.locator(".bm-warn").count() == 1
    close_popups(page)
    for i in others:
        page.evaluate(f"(i) => {INC}.openPopup(i)", i)
        assert "Coordinate check" not in (popup.text_content() or "")
        close_popups(page)

    # the tooltip, the legend and the side panel say so too
    assert "coordinates doubtful" in page.evaluate(f"(i) => {INC}.tooltipHtml(i)", sotk)
    assert "coordinates doubtful" in (page.locator(".bm-legend").text_content() or "")
    panel = page.locator(".bm-panel").text_content() or ""
    assert "1 incident(s) have coordinates that disagree with the place they name" in panel
    page.evaluate(f"(i) => {INC}._map.setView({INC}.latLng(i), 7, {{animate: false}})", sotk)
    page.evaluate(f"(i) => {INC}.openPopup(i)", sotk)
    map_page.screenshot("doubtful_coordinates.png")
