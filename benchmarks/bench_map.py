"""Map benchmarks: building and opening a map of 100k and 1M synthetic incidents.

Baseline in the same run: ``GeoDataFrame.explore()`` (geopandas) on the same data — the same
columns, so the same fields reach both pages — with its popup and tooltip on. Measured, each
in a fresh process:

* build: ``incident_map`` + ``html_from_map`` vs ``explore`` + ``render`` (seconds);
* HTML size (bytes);
* render in headless Chromium (Playwright, CDN files served from ``tests/browser``'s npm
  packages, tiles stubbed): navigation to the first frame with every incident drawn —
  ``bordermap.timings.firstDraw`` after the table is decoded; for explore, until its GeoJSON
  layer holds every feature (given up after ``EXPLORE_RENDER_LIMIT`` seconds).

At 1M incidents bordermap leaves notes out of the page (the map says so); explore is not run
at 1M (it needs minutes and many GB). Synthetic incidents: :func:`synthetic_incidents`
(the benchmarks' one generator, ``generate.py``, plus undated rows, injuries, URLs and
about 1% without geometry).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import ROOT, Row, child

EXPLORE_RENDER_LIMIT = 60.0


def synthetic_incidents(n: int, *, seed: int = 0) -> Any:
    """Incidents for the map benchmarks, from the benchmarks' one generator (:mod:`generate`).

    :func:`generate.incidents_frame` (ACLED columns, clustered near the border and towns,
    unique notes), plus what a map must cope with: about 2 % undated, 10 % without a
    fatality count, ``injuries`` (20 % missing), a ``source_url`` and about 1 % without
    geometry (listed in the panel, never drawn). Reproducible from ``seed``.
    """
    import generate
    import numpy as np
    import pandas as pd

    gdf = generate.incidents_frame(n, seed=seed)
    rng = np.random.default_rng(seed + 1)
    undated = rng.random(n) < 0.02
    gdf["event_date"] = gdf["event_date"].where(~undated)
    gdf["time_precision"] = gdf["time_precision"].mask(undated)
    gdf["fatalities"] = gdf["fatalities"].mask(rng.random(n) < 0.1)
    injuries = pd.array(rng.poisson(0.8, n), dtype="Int64")
    gdf["injuries"] = pd.Series(injuries, index=gdf.index).mask(rng.random(n) < 0.2)
    urls = np.array([f"https://example.org/news/{k}" for k in range(20_000)], dtype=object)
    gdf["source_url"] = pd.array(urls[rng.integers(0, len(urls), n)], dtype="string")
    gdf.loc[rng.random(n) < 0.01, "geometry"] = None
    return gdf


_MAKE = """
import sys
sys.path.insert(0, {bench!r})
from bench_map import synthetic_incidents
gdf = synthetic_incidents({n})
"""


def build_ours(n: int, out: str) -> dict[str, Any]:
    """Build bordermap's map of ``n`` incidents in a fresh process; time, size."""
    return child(
        _MAKE.format(bench=str(Path(__file__).parent), n=n)
        + f"""
t = time.perf_counter()
from layers.map import incident_map, html_from_map
html = html_from_map(incident_map(gdf))
seconds = time.perf_counter() - t
open({out!r}, "w", encoding="utf-8").write(html)
emit(seconds=seconds, bytes=len(html.encode()))
"""
    )


def build_explore(n: int, out: str) -> dict[str, Any]:
    """Build ``GeoDataFrame.explore()``'s map of the same incidents; time, size."""
    return child(
        _MAKE.format(bench=str(Path(__file__).parent), n=n)
        + f"""
t = time.perf_counter()
m = gdf.explore(column="event_type", popup=True, tooltip=True)
html = m.get_root().render()
seconds = time.perf_counter() - t
open({out!r}, "w", encoding="utf-8").write(html)
emit(seconds=seconds, bytes=len(html.encode()))
"""
    )


def render(path: str, *, explore: bool, n: int, limit: float = 120.0) -> dict[str, Any]:
    """Open a map in headless Chromium; seconds to the first frame with everything drawn."""
    browser_dir = ROOT / "tests" / "browser"
    expected = int(n * 0.98)  # explore leaves out the ~1% without geometry
    wait = (
        "() => { if (typeof L === 'undefined') return false;"
        " for (const k of Object.keys(window)) { const v = window[k];"
        f" if (v instanceof L.GeoJSON && v.getLayers().length >= {expected}) return true; }}"
        " return false; }"
        if explore
        else "() => document.documentElement.getAttribute('data-bordermap-ready') === '1'"
    )
    return child(
        f"""
import sys
sys.path.insert(0, {str(browser_dir)!r})
import cdn_assets
from playwright.sync_api import sync_playwright, TimeoutError as PWTimeout
errors = []
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
    ctx = browser.new_context(viewport={{"width": 1280, "height": 800}})
    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            return r.continue_()
        a = cdn_assets.resolve(url)
        if a is None:
            errors.append(url)
            return r.abort()
        r.fulfill(status=200, body=a.body, headers={{"Content-Type": a.content_type}})
    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    t = time.perf_counter()
    page.goto("file://{path}", wait_until="commit", timeout={limit * 1000})
    try:
        page.wait_for_function({wait!r}, timeout={limit * 1000}, polling=100)
        total = time.perf_counter() - t
        timings = page.evaluate("() => window.bordermap ? bordermap.timings : {{}}")
        done = True
    except PWTimeout:
        total, timings, done = time.perf_counter() - t, {{}}, False
    browser.close()
emit(seconds=total, done=done, first_draw_ms=timings.get("firstDraw"), errors=errors[:5])
""",
        timeout=limit + 120,
    )


def run(*, quick: bool = False) -> list[Row]:
    """The map rows of the results table."""
    rows: list[Row] = []
    tmp = Path(tempfile.mkdtemp(prefix="bm-bench-map-"))
    sizes = [10_000] if quick else [100_000]
    for n in sizes:
        ours = build_ours(n, str(tmp / f"ours-{n}.html"))
        base = build_explore(n, str(tmp / f"explore-{n}.html"))
        r_ours = render(str(tmp / f"ours-{n}.html"), explore=False, n=n)
        r_base = render(
            str(tmp / f"explore-{n}.html"), explore=True, n=n, limit=EXPLORE_RENDER_LIMIT
        )
        size_ratio = base["bytes"] / ours["bytes"]
        rows.append(
            Row(
                "map build (incident_map + render)",
                f"{n:,} incidents",
                ours["seconds"],
                ours["peak_mb"],
                "GeoDataFrame.explore() + render",
                base["seconds"],
                note=f"HTML {ours['bytes'] / 1e6:.1f} MB vs {base['bytes'] / 1e6:.1f} MB ({size_ratio:.1f}x smaller)",
            )
        )
        base_render = (
            f"{r_base['seconds']:.1f} s"
            if r_base["done"]
            else f"not drawn after {EXPLORE_RENDER_LIMIT:.0f} s"
        )
        rows.append(
            Row(
                "map render in headless Chromium (to first full frame)",
                f"{n:,} incidents",
                r_ours["seconds"],
                None,
                "explore() page",
                r_base["seconds"] if r_base["done"] else None,
                note=f"explore: {base_render}; bordermap first draw at {r_ours['first_draw_ms'] or 0:.0f} ms after navigation"
                + (f"; console errors: {r_ours['errors']}" if r_ours["errors"] else ""),
            )
        )
    if not quick:
        n = 1_000_000
        ours = build_ours(n, str(tmp / "ours-1m.html"))
        r_ours = render(str(tmp / "ours-1m.html"), explore=False, n=n, limit=300)
        rows.append(
            Row(
                "map build, notes left out of the page",
                "1,000,000 incidents",
                ours["seconds"],
                ours["peak_mb"],
                note=f"HTML {ours['bytes'] / 1e6:.1f} MB; explore not run at 1M",
            )
        )
        rows.append(
            Row(
                "map render in headless Chromium (to first full frame)",
                "1,000,000 incidents",
                r_ours["seconds"],
                None,
                note=f"first draw at {r_ours['first_draw_ms'] or 0:.0f} ms after navigation"
                + (f"; console errors: {r_ours['errors']}" if r_ours["errors"] else ""),
            )
        )
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    from _harness import table

    print(table(run(quick="--quick" in sys.argv)))
