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
(ACLED-like columns, unique notes of 100–400 characters, about 1% without geometry).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import ROOT, Row, child

EXPLORE_RENDER_LIMIT = 60.0

_TOWNS = [
    ("Sotk", "Gegharkunik", "Armenia", 45.87, 40.20),
    ("Jermuk", "Vayots Dzor", "Armenia", 45.67, 39.84),
    ("Goris", "Syunik", "Armenia", 46.34, 39.51),
    ("Kapan", "Syunik", "Armenia", 46.41, 39.21),
    ("Vardenis", "Gegharkunik", "Armenia", 45.73, 40.18),
    ("Ijevan", "Tavush", "Armenia", 45.15, 40.88),
    ("Berd", "Tavush", "Armenia", 45.39, 40.88),
    ("Yeraskh", "Ararat", "Armenia", 44.95, 39.76),
    ("Tegh", "Syunik", "Armenia", 46.47, 39.56),
    ("Kornidzor", "Syunik", "Armenia", 46.47, 39.53),
    ("Lachin", "Lachin", "Azerbaijan", 46.55, 39.64),
    ("Shusha", "Shusha", "Azerbaijan", 46.75, 39.76),
    ("Khankendi", "Khankendi", "Azerbaijan", 46.75, 39.82),
    ("Aghdam", "Aghdam", "Azerbaijan", 46.93, 39.99),
    ("Kalbajar", "Kalbajar", "Azerbaijan", 46.04, 40.10),
    ("Gazakh", "Gazakh", "Azerbaijan", 45.37, 41.09),
    ("Tovuz", "Tovuz", "Azerbaijan", 45.63, 40.99),
    ("Zangilan", "Zangilan", "Azerbaijan", 46.65, 39.09),
    ("Fuzuli", "Fuzuli", "Azerbaijan", 47.15, 39.60),
    ("Nakhchivan", "Nakhchivan", "Azerbaijan", 45.41, 39.21),
]
_TYPES = {
    "Battles": (0.30, ["Armed clash"]),
    "Explosions/Remote violence": (
        0.30,
        ["Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"],
    ),
    "Violence against civilians": (0.08, ["Attack", "Abduction/forced disappearance"]),
    "Protests": (0.12, ["Peaceful protest", "Protest with intervention"]),
    "Riots": (0.04, ["Violent demonstration"]),
    "Strategic developments": (
        0.16,
        ["Arrests", "Headquarters or base established", "Agreement", "Other"],
    ),
}
_ACTORS = [
    "Military Forces of Armenia",
    "Military Forces of Azerbaijan",
    "Police Forces of Armenia",
    "Protesters (Armenia)",
    "Protesters (Azerbaijan)",
    "Civilians (Armenia)",
    "Civilians (Azerbaijan)",
    "Unidentified Armed Group",
    "Russian peacekeepers",
]
_VERBS = [
    "exchanged fire with",
    "shelled positions of",
    "fired on",
    "clashed with",
    "detained members of",
    "reported a drone strike against",
    "accused",
    "held a rally against",
]
_EXTRA = [
    "The defence ministry said the shooting lasted about {h} hours.",
    "Local officials reported damage to {k} houses and a school.",
    "Each side blamed the other for breaking the ceasefire.",
    "Residents said mortar rounds landed near the village cemetery.",
    "The report could not be independently verified.",
    "A spokesperson said {k} servicemen were taken to hospital in {town}.",
    "Observers of the monitoring mission visited the site {d} days later.",
    "Traffic on the road was stopped for {h} hours.",
    "Farmers said they could not reach their fields near the line of contact.",
    "The incident followed talks between the foreign ministers in {town}.",
]


def synthetic_incidents(n: int, *, seed: int = 0) -> Any:
    """ACLED-like incidents around the Armenia–Azerbaijan border, reproducible from ``seed``.

    Columns: event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1,
    actor2, country, admin1, location, geo_precision, fatalities, injuries (some missing),
    source, source_url, notes (unique, 100–400 characters), geometry (about 1% missing).
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    town = rng.integers(0, len(_TOWNS), n)
    towns = np.array([t[0] for t in _TOWNS], dtype=object)
    lon = np.array([t[3] for t in _TOWNS])[town] + rng.normal(0, 0.08, n)
    lat = np.array([t[4] for t in _TOWNS])[town] + rng.normal(0, 0.06, n)
    names = list(_TYPES)
    kind = rng.choice(len(names), n, p=[_TYPES[t][0] for t in names])
    sub = np.empty(n, dtype=object)
    for j, t in enumerate(names):
        sub[kind == j] = rng.choice(_TYPES[t][1], int((kind == j).sum()))
    day = rng.integers(0, 5 * 365, n)
    dates = pd.Timestamp("2020-01-01") + pd.to_timedelta(day, unit="D")
    precision = rng.choice([1, 2, 3], n, p=[0.85, 0.1, 0.05]).astype(float)
    undated = rng.random(n) < 0.02
    dates = pd.Series(dates).where(~undated)
    precision[undated] = np.nan
    fatalities = rng.poisson(0.4, n).astype(float)
    fatalities[rng.random(n) < 0.1] = np.nan
    injuries = rng.poisson(0.8, n).astype(float)
    injuries[rng.random(n) < 0.2] = np.nan
    a1, a2 = rng.integers(0, len(_ACTORS), n), rng.integers(0, len(_ACTORS), n)
    verbs = rng.integers(0, len(_VERBS), n)
    extra = rng.integers(0, len(_EXTRA), (n, 5))
    hk = rng.integers(1, 40, (n, 3))
    notes = []
    for i in range(n):
        t = _TOWNS[town[i]]
        when = (
            "On an unknown date"
            if undated[i]
            else f"On {dates.iloc[i]:%d %B %Y}"
            if i % 50 == 0
            else f"On day {int(day[i])}"
        )
        text = f"{when}, {_ACTORS[a1[i]]} {_VERBS[verbs[i]]} {_ACTORS[a2[i]]} near {t[0]} ({t[1]}, {t[2]})."
        for k in range(1 + (i % 5)):
            text += " " + _EXTRA[extra[i, k]].format(
                h=hk[i, 0], k=hk[i, 1], d=hk[i, 2], town=_TOWNS[(town[i] + k + 1) % len(_TOWNS)][0]
            )
        text += f" [synthetic report {i:07d}]"
        if len(text) < 100:
            text += " Further details were not released by either side."
        notes.append(text[:400])
    geometry = gpd.points_from_xy(lon, lat)
    geometry[rng.random(n) < 0.01] = None
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"SYN-{i:07d}" for i in range(n)],
            "event_date": dates,
            "time_precision": pd.array(precision, dtype="Int64"),
            "event_type": np.array(names, dtype=object)[kind],
            "sub_event_type": sub,
            "actor1": np.array(_ACTORS, dtype=object)[a1],
            "actor2": np.array(_ACTORS, dtype=object)[a2],
            "country": np.array([t[2] for t in _TOWNS], dtype=object)[town],
            "admin1": np.array([t[1] for t in _TOWNS], dtype=object)[town],
            "location": towns[town],
            "geo_precision": pd.array(rng.choice([1, 2, 3], n, p=[0.6, 0.3, 0.1]), dtype="Int64"),
            "fatalities": pd.array(fatalities, dtype="Int64"),
            "injuries": pd.array(injuries, dtype="Int64"),
            "source": np.array([f"Source {k}" for k in range(60)], dtype=object)[
                rng.integers(0, 60, n)
            ],
            "source_url": np.array(
                [f"https://example.org/news/{k}" for k in range(20000)], dtype=object
            )[rng.integers(0, 20000, n)],
            "notes": notes,
        }
    )
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


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
