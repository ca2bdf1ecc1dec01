"""The small JavaScript runtime every bordermap map carries (``layers/js/``).

All text that comes from data reaches the page as JSON (escaped for ``<script>`` by Jinja's
``tojson``) and is turned into HTML only in the runtime, through ``bordermap.esc``, which
escapes ``& < > " ' ` = /``, or as DOM ``textContent``. Popups are built lazily, when opened,
so a large map does not hold the HTML of every popup. Links are only made from ``http(s)`` URLs.

The runtime is three scripts, read from package files and inlined into the page header:

``runtime.js``
    escaping, popups, GeoJSON styles, the layer registry (``window.bordermapLayers``),
    readiness (``<html data-bordermap-ready="1">`` once every table is decoded) and the
    columnar tables of :mod:`layers._columnar`;
``incidents.js``
    the canvas incidents layer (shapes, clusters, hit-testing, time window);
``controls.js``
    the time slider, the search box, the side panel and the heat map's link to incidents.

``drafts.js`` (:class:`DraftStyle`) is added after them only to maps that show machine drafts:
it extends the incidents layer to draw drafts apart, and leaves every other map as it was.
``flags.js`` (:class:`FlagStyle`) likewise, only to maps with incidents whose coordinates
fail a check of the join: it rings them.
"""

from __future__ import annotations

import functools
from importlib import resources

from jinja2 import Template

from layers._element import RawRender

__all__ = [
    "RUNTIME_CSS",
    "RUNTIME_JS",
    "DraftStyle",
    "FlagStyle",
    "Runtime",
    "runtime_css",
    "runtime_js",
]

_SCRIPTS = ("runtime.js", "incidents.js", "controls.js")


@functools.cache
def runtime_js() -> str:
    """The runtime's JavaScript, concatenated."""
    folder = resources.files("layers") / "js"
    return "\n".join(folder.joinpath(name).read_text(encoding="utf-8") for name in _SCRIPTS)


@functools.cache
def runtime_css() -> str:
    """The runtime's CSS (popups, controls, legend)."""
    return (resources.files("layers") / "js" / "bordermap.css").read_text(encoding="utf-8")


RUNTIME_JS = runtime_js()
RUNTIME_CSS = runtime_css()


class Runtime(RawRender):
    """Adds the runtime script and CSS to the page header (once per map)."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<style>{{ this.css }}</style><script>{{ this.js }}</script>"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "BordermapRuntime"
        self.js = RUNTIME_JS
        self.css = RUNTIME_CSS


class DraftStyle(RawRender):
    """Adds ``drafts.js`` to the page header (after :class:`Runtime`): machine drafts drawn apart."""

    _template = Template(
        "{% macro header(this, kwargs) %}<script>{{ this.js }}</script>{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "BordermapDrafts"
        self.js = (resources.files("layers") / "js" / "drafts.js").read_text(encoding="utf-8")


class FlagStyle(RawRender):
    """Adds ``flags.js`` to the page header (after :class:`Runtime`): doubtful coordinates ringed."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<style>.bm-warn { color: #a3005a; font-weight: 600; }</style>"
        "<script>{{ this.js }}</script>"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "BordermapFlags"
        self.js = (resources.files("layers") / "js" / "flags.js").read_text(encoding="utf-8")
