"""The real seed map (`bordermap build --input seeds`) in a browser: layers, popups, XSS.

Contract with the CLI: ``bordermap build --input DIR --output OUT`` writes ``OUT/map.html``; the
map puts its layers in ``window.bordermapLayers`` (name -> Leaflet layer) under the names in
``LAYER_NAMES``; incident features carry ``feature.properties.event_id_cnty``.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DOCS_IMG = ROOT / "docs" / "img" / "map.png"

if not (ROOT / "bordermap" / "cli.py").exists():
    pytest.skip(
        "bordermap/cli.py does not exist yet: no CLI to build the map", allow_module_level=True
    )

LAYER_NAMES = ["Incidents", "Places mentioned", "Regions", "Corridors and borders"]
SOTK_ID = "BM-2023-0001"

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "</script><script>window.__xss=2</script>",
    "${window.__xss=3}",
    "`backtick`",
    "back\\slash",
    "\"dq\" 'sq'",
]
PAYLOAD = " ".join(PAYLOADS)
# Free-text columns that get the payloads. `location` is geocoded, so it keeps its real name
# (the payloads reach the popup through `notes` and the others instead).
FREE_TEXT = ["notes", "evidence", "actor1", "actor2", "source", "admin1", "weapons", "tags"]

# JS: every leaf layer (one per feature) under a named bordermap layer, recursing into groups.
JS_LEAVES = """
(name) => {
  const out = [];
  const walk = (l) => {
    if (l.feature) { out.push(l); return; }
    if (typeof l.getLayers === 'function') l.getLayers().forEach(walk);
  };
  walk(window.bordermapLayers[name]);
  window.__leaves = out;
  return out.map(l => (l.feature.properties || {}).event_id_cnty || null);
}
"""

# JS: open the popup of window.__leaves[i]: its own popup, or the one its parent group bound
# (folium's GeoJsonPopup binds on the L.GeoJSON group and opens on a propagated click).
JS_OPEN_POPUP = """
(i) => {
  const l = window.__leaves[i];
  const mapVar = Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map);
  const map = l._map || window[mapVar];
  if (!l._map) map.addLayer(window.bordermapLayers['Incidents']);
  map.closePopup();
  const at = typeof l.getLatLng === 'function' ? l.getLatLng() : l.getCenter();
  if (typeof l.getPopup === 'function' && l.getPopup()) { l.openPopup(at); }
  else { l.fire('click', {latlng: at, originalEvent: null}, true); }
  return true;
}
"""

JS_OPEN_TOOLTIPS = """
() => {
  let n = 0;
  const walk = (l) => {
    if (typeof l.getTooltip === 'function' && l.getTooltip() && l._map) {
      const at = typeof l.getLatLng === 'function' ? l.getLatLng()
        : (typeof l.getCenter === 'function' ? l.getCenter() : undefined);
      l.openTooltip(at); n += 1;
    }
    if (!l.feature && typeof l.getLayers === 'function') l.getLayers().forEach(walk);
  };
  Object.values(window.bordermapLayers).forEach(walk);
  return n;
}
"""


def build_map(input_dir: Path, output_dir: Path) -> Path:
    exe = Path(sys.executable).with_name("bordermap")
    cmd = (
        [str(exe)]
        if exe.exists()
        else [sys.executable, "-c", "import sys; from bordermap.cli import main; sys.exit(main())"]
    )
    cmd += ["build", "--input", str(input_dir), "--output", str(output_dir)]
    proc = subprocess.run(
        cmd,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        },
    )
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout}\n{proc.stderr}"
    out = output_dir / "map.html"
    assert out.is_file(), f"no map.html in {output_dir}: {sorted(os.listdir(output_dir))}"
    return out


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory) -> Path:
    return build_map(SEEDS, tmp_path_factory.mktemp("seed_map"))


@pytest.fixture(scope="module")
def xss_map(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("xss") / "seeds"
    shutil.copytree(SEEDS, seeds)
    path = seeds / "incidents.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    assert rows and set(FREE_TEXT) <= set(fields)
    for row in rows:
        for col in FREE_TEXT:
            row[col] = f"{PAYLOAD} {row[col]}".strip()
        # still a URL, with every payload in its query string (tests attribute escaping)
        row["source_url"] = "https://example.org/story?q=" + PAYLOAD
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return build_map(seeds, tmp_path_factory.mktemp("xss_out"))


def incident_popups(page) -> dict[str, str]:
    """event_id -> textContent of that incident's popup, opening each in turn."""
    ids = page.evaluate(JS_LEAVES, "Incidents")
    texts: dict[str, str] = {}
    for i, event_id in enumerate(ids):
        page.evaluate(JS_OPEN_POPUP, i)
        content = page.locator(".leaflet-popup-content")
        content.first.wait_for(state="visible", timeout=5_000)
        texts[event_id or f"#{i}"] = content.first.text_content() or ""
    return texts


def test_seed_map_loads_without_console_errors(map_page, seed_map):
    page = map_page.open(seed_map)
    assert page.evaluate("() => typeof window.bordermapLayers === 'object'")
    assert sorted(page.evaluate("() => Object.keys(window.bordermapLayers)")) == sorted(LAYER_NAMES)
    # map_page fails the test at the end on any console error / outside request


def test_layer_control_lists_every_layer(map_page, seed_map):
    page = map_page.open(seed_map)
    text = page.locator(".leaflet-control-layers").text_content() or ""
    for name in LAYER_NAMES:
        assert name in text


def test_incidents_layer_has_the_three_seed_incidents(map_page, seed_map):
    page = map_page.open(seed_map)
    assert page.evaluate("() => window.bordermapLayers['Incidents'].getLayers().length") == 3
    ids = page.evaluate(JS_LEAVES, "Incidents")
    assert sorted(ids) == ["BM-2023-0001", "BM-2023-0002", "BM-2023-0003"]


def test_screenshot_for_the_readme(map_page, seed_map):
    map_page.open(seed_map)
    shot = map_page.screenshot("seed_map.png")
    DOCS_IMG.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, DOCS_IMG)
    assert DOCS_IMG.stat().st_size > 10_000


def test_sotk_popup(map_page, seed_map):
    page = map_page.open(seed_map)
    ids = page.evaluate(JS_LEAVES, "Incidents")
    assert SOTK_ID in ids
    page.evaluate(JS_OPEN_POPUP, ids.index(SOTK_ID))
    popup = page.locator(".leaflet-popup-content").first
    popup.wait_for(state="visible", timeout=5_000)
    text = popup.text_content() or ""
    assert "Sotk" in text
    assert "11 May 2023" in text or "2023-05-11" in text

    map_page.screenshot("seed_map_sotk_popup.png")


def test_free_text_is_escaped_everywhere(map_page, xss_map):
    page = map_page.open(xss_map)
    popups = incident_popups(page)
    assert len(popups) == 3
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    # tooltips of every feature in every layer render escaped text too
    page.evaluate(JS_OPEN_TOOLTIPS)
    for event_id, text in popups.items():
        for payload in PAYLOADS:
            assert payload in text, f"{event_id}: {payload!r} not shown literally in {text!r}"
    assert page.evaluate("() => typeof window.__xss") == "undefined"
