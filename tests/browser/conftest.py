"""Browser test tier: folium maps opened in headless Debian Chromium through Playwright.

Nothing leaves the machine: CDN assets are served from ``tests/browser/node_modules`` (see
``cdn_assets.py`` and ``package.json``), map tiles get a blank PNG, and every other outside
request is aborted and recorded. A test using ``map_page`` FAILS if the page logged any console
error or uncaught exception, or asked for an outside URL that has no local copy. An
``offline`` page (``map_page_factory(offline=True)``) aborts *every* request that is not a
local file and counts each one as a problem.

Pages of bordermap maps are opened until ``<html data-bordermap-ready="1">`` (every table
decoded); ``"error"`` there fails the test.

Setup: ``scripts/setup_test_env.sh`` (Debian chromium + ``npm ci`` here).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # also under --import-mode=importlib
    sys.path.insert(0, str(HERE))

import cdn_assets  # noqa: E402

ARTIFACTS = HERE / "artifacts"
CHROMIUM = os.environ.get("BORDERMAP_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SETUP_HINT = "run scripts/setup_test_env.sh (installs Debian chromium and the npm assets)"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def _unavailable(reason: str) -> None:
    """Fail in CI (a missing browser must not turn the tier green), skip on a dev machine."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tier cannot run: {reason}", pytrace=False)
    pytest.skip(f"{reason}; {SETUP_HINT}")


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class MapPage:
    """One browser context + page with CDN requests served locally and problems collected."""

    def __init__(
        self, browser: Any, name: str, *, strict: bool = True, offline: bool = False
    ) -> None:
        self.name = name
        self.strict = strict  # strict pages fail their test on any collected problem
        self.offline = offline  # abort every non-file request (and count it as a problem)
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.unmapped: list[str] = []  # outside requests with no local copy (aborted)
        self.failed_requests: list[str] = []  # info only: Leaflet cancels tile loads
        self.served: list[str] = []  # CDN URLs answered from node_modules
        self.tiles = 0
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.page.on("requestfailed", self._on_request_failed)

    # -- event handlers -------------------------------------------------------------------
    def _route(self, route: Any) -> None:
        url = route.request.url
        scheme, _, rest = url.partition(":")
        host = rest.lstrip("/").split("/", 1)[0].rsplit(":", 1)[0].lower()
        if scheme in ("file", "data", "blob", "about") or (
            host in LOCAL_HOSTS and not self.offline
        ):
            route.continue_()
            return
        if self.offline:
            self.unmapped.append(f"{url} (offline page)")
            route.abort("internetdisconnected")
            return
        try:
            asset = cdn_assets.resolve(url)
        except Exception as exc:  # a bug in the table must not hang the request
            self.unmapped.append(f"{url} (resolver error: {exc!r})")
            route.abort()
            return
        if asset is None:
            self.unmapped.append(url)
            route.abort("blockedbyclient")
            return
        if asset.source == "tile":
            self.tiles += 1
        else:
            self.served.append(url)
        route.fulfill(
            status=200,
            body=asset.body,
            headers={
                "Content-Type": asset.content_type,
                "Access-Control-Allow-Origin": "*",
                "Cache-Control": "no-store",
            },
        )

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc.get("url") else ""
            self.console_errors.append(f"{msg.text}{where}")

    def _on_request_failed(self, request: Any) -> None:
        self.failed_requests.append(f"{request.url} ({request.failure})")

    # -- API for tests --------------------------------------------------------------------
    def open(self, path: str | os.PathLike[str], *, timeout: float = 15_000) -> Any:
        """Navigate to a local HTML file and wait until Leaflet has drawn the map."""
        url = Path(path).resolve().as_uri()
        self.page.goto(url, wait_until="load", timeout=timeout)
        self.page.wait_for_function(
            "() => typeof window.L !== 'undefined'"
            " && document.querySelector('.leaflet-container') !== null"
            " && document.querySelector('.leaflet-pane') !== null",
            timeout=timeout,
        )
        self.page.wait_for_function(
            "() => !window.bordermap || document.documentElement.hasAttribute('data-bordermap-ready')",
            timeout=timeout * 4,
        )
        state = self.page.evaluate(
            "() => document.documentElement.getAttribute('data-bordermap-ready')"
        )
        assert state in (None, "1"), f"bordermap runtime failed: {self.errors}"
        self.page.evaluate("() => document.fonts.ready.then(() => true)")
        return self.page

    def flush(self) -> None:
        """Let pending console/network events reach the Python side."""
        if not self.page.is_closed():
            self.page.evaluate("() => new Promise(r => setTimeout(r, 50))")

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught page exceptions seen so far."""
        return [*self.console_errors, *(f"pageerror: {e}" for e in self.page_errors)]

    def problems(self) -> list[str]:
        return [*self.errors, *(f"unmapped outside request: {u}" for u in self.unmapped)]

    def wait_for_tiles(self, *, timeout: float = 10_000) -> None:
        """Wait until every tile image has loaded and finished Leaflet's (JS-driven) fade-in."""
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('img.leaflet-tile')).every(t =>"
            " t.classList.contains('leaflet-tile-loaded')"
            " && (t.style.opacity === '' || Number(t.style.opacity) >= 1))",
            timeout=timeout,
        )

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        """Save a PNG under tests/browser/artifacts/ (after the tiles have settled)."""
        self.wait_for_tiles()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        out = ARTIFACTS / (name if name.endswith(".png") else f"{name}.png")
        self.page.screenshot(path=str(out), full_page=full_page)
        return out

    def close(self) -> None:
        self.context.close()


def _require_assets() -> None:
    if not (HERE / "node_modules" / "leaflet" / "dist" / "leaflet.js").is_file():
        _unavailable("tests/browser/node_modules is missing (npm ci)")


@pytest.fixture
def map_page_factory(
    chromium_browser: Any, request: pytest.FixtureRequest
) -> Iterator[Callable[..., MapPage]]:
    """Make extra pages; ``strict=False`` pages only collect problems (for testing the checks)."""
    _require_assets()
    pages: list[MapPage] = []
    request.node.stash.setdefault(_PAGES, []).append(pages)

    def make(*, strict: bool = True, offline: bool = False) -> MapPage:
        name = f"{request.node.name}-{len(pages)}"
        p = MapPage(chromium_browser, name, strict=strict, offline=offline)
        pages.append(p)
        return p

    yield make
    for p in pages:
        p.close()


@pytest.fixture
def map_page(map_page_factory: Callable[..., MapPage]) -> MapPage:
    """A strict page: the test fails on any console error or unmapped outside request."""
    return map_page_factory()


_PAGES = pytest.StashKey[list[list[MapPage]]]()


def _page_problems(item: pytest.Item) -> list[str]:
    problems: list[str] = []
    for group in item.stash.get(_PAGES, []):
        for p in group:
            if p.page.is_closed():
                continue
            with contextlib.suppress(Exception):  # page crashed: what was collected still counts
                p.flush()
            if p.failed_requests:
                failed = "\n".join(p.failed_requests)
                item.add_report_section("call", f"requestfailed {p.name}", failed)
            if p.strict:
                problems += [f"[{p.name}] {x}" for x in p.problems()]
    return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After the test body: fail it if a strict page collected console errors/outside requests."""
    try:
        result = yield
    except BaseException:
        # The test failed already: keep its own error, show the page problems beside it.
        problems = _page_problems(item)
        if problems:
            item.add_report_section("call", "browser problems", "\n".join(problems))
        raise
    problems = _page_problems(item)
    if problems:
        raise AssertionError("browser page reported problems:\n  " + "\n  ".join(problems))
    return result


def _point_at_incident(page, point_js: str, *, attempts: int = 10) -> tuple[float, float]:
    """Move the mouse onto a canvas-drawn incident until its tooltip shows; return (x, y).

    ``point_js`` is a JS arrow function returning the incident's ``[x, y]`` container point.
    The point is read again on every attempt: right after load the map may still settle
    (fit to bounds, late layout), and the canvas layer redraws on animation frames, so a
    user-like "look, then point" loop is more faithful than one blind move.
    """
    tip = page.locator(".leaflet-tooltip.bm-tip")
    box = page.locator(".folium-map").bounding_box()
    for _ in range(attempts):
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        x, y = page.evaluate(point_js)
        x, y = box["x"] + x, box["y"] + y
        page.mouse.move(x + 25, y + 25)
        page.mouse.move(x, y, steps=3)
        try:
            tip.wait_for(state="visible", timeout=500)
            return x, y
        except Exception:  # retried, then reported below
            continue
    raise AssertionError(f"no tooltip after pointing {attempts} times at {point_js}")


@pytest.fixture
def point_at_incident():
    """The :func:`_point_at_incident` helper, for tests that hover and click incidents."""
    return _point_at_incident
