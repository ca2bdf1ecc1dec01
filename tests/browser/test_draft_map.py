"""Machine drafts on the map, in Chromium (issue 13, point 2).

A folder with the seed story (and its sidecar) and one ACLED export of a Yerevan protest is
built with ``bordermap build``: the story has no record behind it, so its three incidents
are drafted and drawn apart from the record — a white centre on the point, a dash-dotted
corridor — and the legend, the tooltip and the popup say "machine draft, not reviewed".
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from bordermap.cli import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STORY = "000_1ae35c016cd00801"
LABEL = "machine draft, not reviewed"

JS_ROWS = """
() => { const l = window.bordermapLayers['Incidents'];
        return l.shownRows().map(i => [l.eventId(i), l.isDraft(i), l.isPlaced(i)]); }
"""
JS_POINT = """
(id) => { const l = window.bordermapLayers['Incidents'];
          const p = l.containerPoint(l.find(id)); return [p.x, p.y]; }
"""


@pytest.fixture(scope="module")
def draft_map(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for suffix in (".txt", ".meta.json"):
        shutil.copy(ROOT / "seeds" / f"{STORY}{suffix}", folder)
    rows = list(csv.reader((ROOT / "tests/data/acled_2023.csv").open(encoding="utf-8")))
    text = io.StringIO()
    csv.writer(text).writerows([rows[0], *(r for r in rows[1:] if r[0] == "ARM2003")])
    (folder / "acled.csv").write_text(text.getvalue(), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert main(["build", "--input", str(folder), "--output", str(out)]) == 0
    return out / "map.html"


def _pixel(page, x: float, y: float) -> tuple[int, int, int]:
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((0, 0))


def test_drafts_are_drawn_apart_and_said_to_be_drafts(map_page, draft_map, point_at_incident):
    page = map_page.open(draft_map)
    rows = {eid: (draft, placed) for eid, draft, placed in page.evaluate(JS_ROWS)}
    drafts = {eid for eid, (draft, _) in rows.items() if draft}
    assert drafts == {f"DRAFT-{STORY}-{n}" for n in (1, 2, 3)}
    assert rows["ARM2003"] == (False, True)
    assert LABEL in page.locator(".bm-legend").inner_text()
    page.evaluate(
        "() => { const m = Object.values(window).find(v => v instanceof L.Map);"
        " m.setView([40.2, 45.87], 11, {animate: false}); }"
    )
    sotk = f"DRAFT-{STORY}-1"
    x, y = point_at_incident(page, f"() => ({JS_POINT})({sotk!r})")
    assert LABEL in page.locator(".leaflet-tooltip.bm-tip").inner_text()
    page.mouse.move(5, 5)
    r, g, b = _pixel(page, x, y)
    assert min(r, g, b) > 225, "a draft's point has a white centre"
    popup = page.evaluate(
        "(id) => { const l = window.bordermapLayers['Incidents']; l.openPopup(l.find(id));"
        " return document.querySelector('.leaflet-popup-content').innerText; }",
        sotk,
    )
    assert popup.startswith("Sotk") or "Review" in popup
    assert f"{LABEL} (drafted from {STORY}.txt)" in popup
    map_page.screenshot("draft_map.png")


def test_a_record_is_drawn_as_before(map_page, draft_map, point_at_incident):
    page = map_page.open(draft_map)
    page.evaluate(
        "() => { const m = Object.values(window).find(v => v instanceof L.Map);"
        " m.setView([40.18, 44.51], 11, {animate: false}); }"
    )
    x, y = point_at_incident(page, "() => (" + JS_POINT + ")('ARM2003')")
    assert LABEL not in page.locator(".leaflet-tooltip.bm-tip").inner_text()
    page.mouse.move(5, 5)
    r, g, b = _pixel(page, x, y)
    assert min(r, g, b) < 200, "a record's point is filled with its type's colour"
