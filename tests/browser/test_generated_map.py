"""A map built from a generated incident file opens without a page error (issue 13 point 3).

The file comes from the fuzz tests' generator (``tests/fuzz_incidents.py``, seeded): missing
optional columns, empty strings and null tokens in text columns, hostile text, dated and
undated rows, known and unknown places, swapped and missing coordinates, rejected rows.
``build --on-error reject`` makes the map; the page must load with no console error or
uncaught exception, draw every placed incident and open every one's popup.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fuzz_incidents import random_incident_file

from bordermap.cli import main

pytestmark = pytest.mark.browser
INC = "window.bordermapLayers['Incidents']"


@pytest.fixture(scope="module", params=[16, 13], ids=lambda seed: f"seed{seed}")
def generated_map(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"generated{request.param}")
    (folder / "in").mkdir()
    file = random_incident_file(request.param)
    (folder / "in" / "incidents.csv").write_bytes(file.data)
    out = folder / "out"
    argv = ["build", "--input", str(folder / "in"), "--output", str(out), "--on-error", "reject"]
    assert main(argv) in (0, 3)
    features = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    placed = sum(1 for f in features if f["geometry"] is not None)
    assert placed >= 3, "a map with something on it"
    return out / "map.html", len(features), placed


def test_a_generated_map_opens_without_page_errors(map_page, generated_map):
    path, rows, placed = generated_map
    page = map_page.open(path)
    assert page.evaluate(f"() => {INC}.n") == rows
    assert page.evaluate(f"() => {INC}.count()") == placed
    for i in range(rows):
        if page.evaluate(f"(i) => {INC}.isPlaced(i)", i):
            assert page.evaluate(f"(i) => {INC}.openPopup(i)", i)
            page.locator(".leaflet-popup-content").first.wait_for(state="visible", timeout=5_000)
            page.evaluate(f"() => {INC}._map.closePopup()")
        page.evaluate(f"(i) => {INC}.tooltipHtml(i)", i)
    page.evaluate("() => bordermap.slider && bordermap.slider.set(0, 1)")
    page.locator(".bm-search-input").fill("a")
    assert page.evaluate("() => typeof window.__xss") == "undefined"
