"""Serve the CDN assets of a folium map from local npm packages (no network in tests).

``resolve(url)`` maps a request URL to what the browser should get instead:

* a map tile (any ``/{z}/{x}/{y}.png``-like URL or a known tile host) -> a blank PNG made in memory;
* a CDN asset (jsdelivr, unpkg, cdnjs, code.jquery.com, netdna/maxcdn bootstrapcdn, d3js.org)
  -> a file under ``tests/browser/node_modules`` (or folium's own ``templates/`` folder);
* anything else -> ``None`` (the caller aborts and records the request).

The rules match URL *paths* and ignore the version in them, so a folium upgrade that bumps a
CDN version still finds the local file; the pinned versions live in ``package.json``.
Only the standard library is used here, so the table can be tested without a browser.
"""

from __future__ import annotations

import functools
import mimetypes
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"

# The one file folium loads that no npm package ships (it lives only in folium's git repo,
# not in the folium wheel): a few rotation rules for awesome-markers icons. An empty rule set
# only loses icon rotation, which no test looks at.
STUB_ROTATE_CSS = b"/* stub: folium's leaflet.awesome.rotate.min.css is in no npm package */\n"

# cdnjs library name -> (npm folder under node_modules, sub-folder the cdnjs files live in)
CDNJS = {
    "leaflet": ("leaflet", "dist"),
    "leaflet.awesome-markers": ("drmonty-leaflet-awesome-markers", None),  # css/ js/ split
    "leaflet-minimap": ("leaflet-minimap", "dist"),
    "leaflet.markercluster": ("leaflet.markercluster", "dist"),
    "jquery": ("jquery", "dist"),
    "jqueryui": ("jquery-ui-dist", ""),
    "moment.js": ("moment", "min"),
    "highlight.js": ("highlight.js", ""),
}

# npm names on jsdelivr/unpkg whose local copy is installed under another folder (npm alias),
# keyed by (name, major version).
NPM_ALIASES = {("bootstrap", "3"): "bootstrap3"}

TILE_HOSTS = re.compile(
    r"(^|\.)(tile\.openstreetmap\.org|tile\.osm\.org|basemaps\.cartocdn\.com|"
    r"server\.arcgisonline\.com|tiles\.stadiamaps\.com|tile\.opentopomap\.org)$"
)
TILE_PATH = re.compile(r"/\d+/\d+/\d+(@2x)?\.(png|jpe?g|webp)$|/tile/\d+/\d+/\d+$")

CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".json": "application/json",
}


@dataclass(frozen=True)
class Asset:
    """What to answer a request with."""

    body: bytes
    content_type: str
    source: str  # where it came from (a path under node_modules, "tile", "stub", ...)


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


@functools.lru_cache(maxsize=4)
def blank_png(size: int = 256, rgba: tuple[int, int, int, int] = (242, 239, 233, 255)) -> bytes:
    """A solid-colour PNG (OSM's land colour by default), built without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    row = b"\x00" + bytes(rgba) * size
    raw = zlib.compress(row * size, 9)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def is_tile(host: str, path: str) -> bool:
    return bool(TILE_HOSTS.search(host)) or bool(TILE_PATH.search(path))


def _min_variants(path: Path) -> list[Path]:
    """``x.min.js`` <-> ``x.js``: npm packages do not always ship the flavour the CDN serves."""
    name = path.name
    if ".min." in name:
        return [path, path.with_name(name.replace(".min.", ".", 1))]
    stem, dot, ext = name.rpartition(".")
    if dot:
        return [path, path.with_name(f"{stem}.min.{ext}")]
    return [path]


def _first_file(candidates: list[Path]) -> Path | None:
    for c in candidates:
        for v in _min_variants(c):
            if v.is_file():
                return v
    return None


@functools.lru_cache(maxsize=1)
def folium_templates() -> Path | None:
    try:
        import folium
    except ImportError:
        return None
    return Path(folium.__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def glyphicons_css() -> bytes:
    """Bootstrap 3's glyphicon rules (the ``@font-face`` + ``.glyphicon*`` part of bootstrap.css).

    folium links netdna's standalone ``bootstrap/3.0.0/css/bootstrap-glyphicons.css``, which no
    npm package ships; the same rules are cut out of bootstrap@3.4.1 (npm alias ``bootstrap3``).
    Its ``../fonts/`` URLs resolve to ``netdna.../bootstrap/<v>/fonts/``, mapped below.
    """
    css = (NODE_MODULES / "bootstrap3" / "dist" / "css" / "bootstrap.css").read_text("utf-8")
    start = css.index("@font-face")
    end = css.index("\n* {", start)
    note = "/* glyphicons cut from bootstrap@3.4.1 dist/css/bootstrap.css */\n"
    return (note + css[start:end]).encode()


def _npm_file(name: str, version: str, rest: str) -> Path | None:
    folder = NPM_ALIASES.get((name, version.split(".")[0]), name)
    if not rest:
        return None
    return _first_file([NODE_MODULES / folder / rest])


def resolve_file(host: str, path: str) -> Path | bytes | None:
    """Local file (or generated bytes) for a CDN URL's host and path, else None."""
    path = unquote(path)
    if ".." in path.split("/"):
        return None
    resolver = _RESOLVERS.get(host)
    return resolver(host, path) if resolver is not None else None


def _from_jsdelivr(host: str, path: str) -> Path | bytes | None:
    """cdn.jsdelivr.net and unpkg.com: npm packages, leaflet-measure and folium on GitHub."""
    # /npm/<name>@<version>/<file>, name may be @scope/name
    m = re.fullmatch(r"(?:/npm)?/((?:@[^/@]+/)?[^/@]+)@([^/]+)(?:/(.*))?", path)
    if m and (host == "unpkg.com" or path.startswith("/npm/")):
        return _npm_file(m.group(1), m.group(2), m.group(3) or "")
    # /gh/ljagis/leaflet-measure@<v>/dist/<file>
    m = re.fullmatch(r"/gh/ljagis/leaflet-measure(?:@[^/]+)?/(.+)", path)
    if m:
        return _first_file([NODE_MODULES / "leaflet-measure" / m.group(1)])
    # /gh/python-visualization/folium[@ref]/folium/templates/<file>
    m = re.fullmatch(r"/gh/python-visualization/folium(?:@[^/]+)?/folium/templates/(.+)", path)
    if m:
        t = folium_templates()
        if t is not None and (t / m.group(1)).is_file():
            return t / m.group(1)
        if m.group(1) == "leaflet.awesome.rotate.min.css":
            return STUB_ROTATE_CSS
    return None


def _from_cdnjs(host: str, path: str) -> Path | None:
    """cdnjs.cloudflare.com: /ajax/libs/<lib>/<version>/<file>, for the libraries in CDNJS."""
    m = re.fullmatch(r"/ajax/libs/([^/]+)/([^/]+)/(.+)", path)
    if not m:
        return None
    lib, rest = m.group(1).lower(), m.group(3)
    if lib not in CDNJS:
        return None
    folder, sub = CDNJS[lib]
    base = NODE_MODULES / folder
    if sub is None:  # awesome-markers: css/, js/, css/images/
        if rest.endswith(".css") or rest.startswith("images/"):
            return _first_file([base / "css" / rest])
        return _first_file([base / "js" / rest])
    return _first_file([base / sub / rest, base / rest])


def _from_jquery(host: str, path: str) -> Path | None:
    """code.jquery.com: jQuery and jQuery UI."""
    m = re.fullmatch(r"/jquery-[\d.]+(\.min)?\.js", path)
    if m:
        return _first_file([NODE_MODULES / "jquery" / "dist" / f"jquery{m.group(1) or ''}.js"])
    m = re.fullmatch(r"/ui/[^/]+/(.+)", path)
    if m:
        return _first_file([NODE_MODULES / "jquery-ui-dist" / m.group(1)])
    return None


def _from_bootstrapcdn(host: str, path: str) -> Path | bytes | None:
    """The bootstrap CDNs: /bootstrap/<version>/(css|fonts|js)/<file>; glyphicons cut out."""
    m = re.fullmatch(r"/bootstrap/([^/]+)/(css|fonts|js)/(.+)", path)
    if not m:
        return None
    if m.group(3) == "bootstrap-glyphicons.css":
        return glyphicons_css()
    folder = NPM_ALIASES.get(("bootstrap", m.group(1).split(".")[0]), "bootstrap")
    return _first_file([NODE_MODULES / folder / "dist" / m.group(2) / m.group(3)])


def _from_d3js(host: str, path: str) -> Path | None:
    """d3js.org: /d3.v<major>(.min).js, when the installed d3 has that major version."""
    m = re.fullmatch(r"/d3\.v(\d+)(\.min)?\.js", path)
    d3 = NODE_MODULES / "d3" / "package.json"
    if m and d3.is_file() and f'"version": "{m.group(1)}.' in d3.read_text("utf-8"):
        return _first_file([NODE_MODULES / "d3" / "build" / f"d3{m.group(2) or ''}.js"])
    return None


_RESOLVERS: dict[str, Callable[[str, str], Path | bytes | None]] = {
    "cdn.jsdelivr.net": _from_jsdelivr,
    "unpkg.com": _from_jsdelivr,
    "cdnjs.cloudflare.com": _from_cdnjs,
    "code.jquery.com": _from_jquery,
    "netdna.bootstrapcdn.com": _from_bootstrapcdn,
    "maxcdn.bootstrapcdn.com": _from_bootstrapcdn,
    "stackpath.bootstrapcdn.com": _from_bootstrapcdn,
    "d3js.org": _from_d3js,
}


def resolve(url: str) -> Asset | None:
    """What to answer ``url`` with, or None when it is an outside request to refuse."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if is_tile(host, parts.path):
        return Asset(blank_png(), "image/png", "tile")
    found = resolve_file(host, parts.path)
    if found is None:
        return None
    if isinstance(found, bytes):
        return Asset(found, content_type(parts.path), "generated")
    return Asset(found.read_bytes(), content_type(found.name), str(found))
