"""Self-contained maps: every ``<script src>`` and stylesheet link inlined, no network needed.

The JavaScript and CSS come from npm packages pinned in ``layers/vendor/package-lock.json``
(the same versions as the CDN links folium writes) and, for Leaflet.heat, from the folium
package itself. :func:`ensure_vendor` installs the npm packages once (``npm ci``; needs npm and
the npm registry the first time) — ``bordermap build --offline-html`` calls it, so does the
browser test that opens an offline map. Images a stylesheet points to become ``data:`` URIs.
A URL with no local copy is an error, never a silently broken page.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import functools
import json
import logging
import mimetypes
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from geo import OfflineAssetsError

__all__ = ["ensure_vendor", "inline_assets", "local_asset", "vendor_dir"]

logger = logging.getLogger(__name__)

VENDOR = Path(__file__).resolve().parent / "vendor"
_SCRIPT = re.compile(r'<script\s+src="(https?://[^"]+)"\s*>\s*</script>', re.IGNORECASE)
_STYLESHEET = re.compile(r'<link\s+rel="stylesheet"\s+href="(https?://[^"]+)"\s*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_LEFTOVER = re.compile(
    r'<(?:script|link|img|iframe)\b[^>]*\s(?:src|href)="(https?:)?//', re.IGNORECASE
)


def vendor_dir() -> Path:
    """The folder with ``package.json`` and ``node_modules`` (``$BORDERMAP_VENDOR_DIR`` wins)."""
    return Path(os.environ.get("BORDERMAP_VENDOR_DIR") or VENDOR)


def _installed(base: Path) -> bool:
    stamp = base / "node_modules" / ".package-lock.json"  # npm rewrites it on every install
    if not stamp.is_file():
        return False
    mtime = stamp.stat().st_mtime
    return all(
        mtime >= (base / f).stat().st_mtime
        for f in ("package.json", "package-lock.json")
        if (base / f).is_file()
    )


@contextlib.contextmanager
def _install_lock(base: Path) -> Iterator[None]:
    with (base / ".install.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_vendor(*, install: bool = True) -> Path:
    """Return ``node_modules`` of the vendor folder, running ``npm ci`` there first if needed.

    Raises
    ------
    OfflineAssetsError
        The packages are missing and cannot be installed (no npm, ``install=False``, or npm
        failed).
    """
    base = vendor_dir()
    if _installed(base):
        return base / "node_modules"
    if not install:
        raise OfflineAssetsError(f"{base}/node_modules is missing: run `npm ci` in {base}")
    npm = shutil.which("npm")
    if npm is None:
        raise OfflineAssetsError(
            "a self-contained map needs the pinned npm packages in "
            f"{base} once; install npm (e.g. apt-get install npm) or run `npm ci` there"
        )
    with _install_lock(base):
        if not _installed(base):
            logger.info("installing the map's JavaScript packages (npm ci in %s)", base)
            proc = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                cwd=base,
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise OfflineAssetsError(f"npm ci in {base} failed:\n{proc.stderr[-2000:]}")
    _package_versions.cache_clear()
    return base / "node_modules"


@functools.cache
def _package_versions(node_modules: Path) -> dict[str, str]:
    out = {}
    for pkg in node_modules.glob("*/package.json"):
        with contextlib.suppress(OSError, ValueError):
            out[pkg.parent.name] = json.loads(pkg.read_text("utf-8")).get("version", "")
    return out


def _first(*candidates: Path) -> Path | None:
    for path in candidates:
        variants = [path]
        if ".min." in path.name:
            variants.append(path.with_name(path.name.replace(".min.", ".", 1)))
        else:
            stem, dot, ext = path.name.rpartition(".")
            if dot:
                variants.append(path.with_name(f"{stem}.min.{ext}"))
        for v in variants:
            if v.is_file():
                return v
    return None


def _check_version(node_modules: Path, name: str, wanted: str) -> None:
    have = _package_versions(node_modules).get(name)
    if have and wanted and have != wanted:
        logger.warning(
            "offline map: %s %s is inlined where the page asks for %s; update %s/package.json",
            name,
            have,
            wanted,
            vendor_dir(),
        )


def local_asset(url: str, node_modules: Path) -> Path | None:
    """The local file for a CDN URL the map links to, or None."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), unquote(parts.path)
    if ".." in path.split("/"):
        return None
    if host == "cdn.jsdelivr.net":
        m = re.fullmatch(r"/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)", path)
        if m:
            _check_version(node_modules, m.group(1), m.group(2))
            return _first(node_modules / m.group(1) / m.group(3))
        m = re.fullmatch(r"/gh/ljagis/leaflet-measure@([^/]+)/(.+)", path)
        if m:
            _check_version(node_modules, "leaflet-measure", m.group(1))
            return _first(node_modules / "leaflet-measure" / m.group(2))
        m = re.fullmatch(r"/gh/python-visualization/folium(?:@[^/]+)?/folium/templates/(.+)", path)
        if m:
            import folium

            return _first(Path(folium.__file__).resolve().parent / "templates" / m.group(1))
    if host == "cdnjs.cloudflare.com":
        m = re.fullmatch(r"/ajax/libs/leaflet-minimap/([^/]+)/(.+)", path)
        if m:
            _check_version(node_modules, "leaflet-minimap", m.group(1))
            return _first(node_modules / "leaflet-minimap" / "dist" / m.group(2))
    return None


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _css(path: Path) -> str:
    def inline(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        if re.match(r"(https?:)?//", ref):
            raise OfflineAssetsError(f"{path} loads {ref} from the network")
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            raise OfflineAssetsError(f"{path} refers to {ref}, which is not in the package")
        return f'url("{_data_uri(target)}")'

    css = _CSS_URL.sub(inline, path.read_text(encoding="utf-8"))
    if re.search(r"@import\s", css):
        raise OfflineAssetsError(f"{path} imports another stylesheet")
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


def inline_assets(html: str, *, node_modules: Path | None = None) -> str:
    """Replace the page's external scripts and stylesheets by their contents.

    Parameters
    ----------
    html : str
        A rendered map.
    node_modules : path, optional
        Where the packages are (default: :func:`ensure_vendor`).

    Raises
    ------
    OfflineAssetsError
        A linked URL has no local copy, or the page still loads something after inlining.
    """
    modules = node_modules or ensure_vendor()

    def local(url: str) -> Path:
        found = local_asset(url, modules)
        if found is None:
            raise OfflineAssetsError(
                f"no local copy of {url} (add it to {vendor_dir()}/package.json)"
            )
        return found

    def script(match: re.Match[str]) -> str:
        url = match.group(1)
        js = local(url).read_text(encoding="utf-8")
        js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
        return f"<script>/* {url} */\n{js}\n</script>"

    def stylesheet(match: re.Match[str]) -> str:
        url = match.group(1)
        return f"<style>/* {url} */\n{_css(local(url))}\n</style>"

    out = _STYLESHEET.sub(stylesheet, _SCRIPT.sub(script, html))
    leftover = _LEFTOVER.search(out)
    if leftover:
        raise OfflineAssetsError(
            f"the page still loads from the network: {leftover.group(0)[:120]}"
        )
    return out
