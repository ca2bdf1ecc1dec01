"""The small JavaScript runtime every bordermap map carries.

All text that comes from data reaches the page as JSON (escaped for ``<script>`` by Jinja's
``tojson``) and is turned into HTML only here, through ``bordermap.esc``, which escapes
``& < > " ' ` = /``. Popups are built lazily, when opened, so a large map does not hold the
HTML of every popup. Links are only made from ``http(s)`` URLs.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

__all__ = ["RUNTIME_JS", "Runtime"]

RUNTIME_JS = r"""
window.bordermap = window.bordermap || (function () {
  "use strict";
  var ENTITY = /[&<>"'`=\/]/g;
  function esc(value) {
    return String(value).replace(ENTITY, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function present(v) { return v !== null && v !== undefined && v !== ""; }
  function safeUrl(u) { return /^https?:\/\/[^\s]+$/i.test(String(u)) ? String(u) : null; }
  function cell(kind, v) {
    if (kind === "quote") { return "<blockquote class=\"bm-evidence\">" + esc(v) + "</blockquote>"; }
    if (kind === "link") {
      var u = safeUrl(v);
      return u ? "<a href=\"" + esc(u) + "\" target=\"_blank\" rel=\"noopener noreferrer\">" + esc(v) + "</a>" : esc(v);
    }
    return esc(v);
  }
  function popupHtml(props, spec) {
    var html = "<div class=\"bm-popup\">";
    if (spec.title && present(props[spec.title])) {
      html += "<div class=\"bm-title\">" + esc(props[spec.title]) + "</div>";
    }
    html += "<table class=\"bm-fields\">";
    for (var i = 0; i < spec.fields.length; i++) {
      var f = spec.fields[i], v = props[f[1]];
      if (!present(v)) { continue; }
      html += "<tr><th>" + esc(f[0]) + "</th><td>" + cell(f[2], v) + "</td></tr>";
    }
    return html + "</table></div>";
  }
  function style(feature, s, isPoint) {
    var p = (feature && feature.properties) || {};
    var color = (s.colors && s.colors[p[s.by]]) || s.color || "#555555";
    var o = {color: color, fillColor: color, weight: s.weight || 2, opacity: 0.9,
             fillOpacity: s.fillOpacity === undefined ? 0.6 : s.fillOpacity, radius: s.radius || 6};
    if (s.sizeBy) {
      var n = 0;
      for (var i = 0; i < s.sizeBy.length; i++) { var x = Number(p[s.sizeBy[i]]); if (isFinite(x) && x > 0) { n += x; } }
      o.radius = Math.min(s.maxRadius || 22, (s.radius || 6) + (s.perUnit || 2) * Math.sqrt(n));
    }
    if (s.opacityBy && s.opacities) {
      var a = s.opacities[String(p[s.opacityBy])];
      if (a !== undefined) { o.opacity = a; o.fillOpacity = Math.min(o.fillOpacity, a * 0.8); }
    }
    if (isPoint && s.pointFillOpacity !== undefined) { o.fillOpacity = s.pointFillOpacity; }
    if (s.dashBy && p[s.dashBy] && !isPoint) { o.dashArray = "6 4"; }
    return o;
  }
  function bind(feature, layer, popupSpec, tooltipKey) {
    var props = (feature && feature.properties) || {};
    if (popupSpec) {
      layer.bindPopup(function () { return popupHtml(props, popupSpec); }, {maxWidth: 380});
    }
    if (tooltipKey && present(props[tooltipKey])) {
      layer.bindTooltip(esc(props[tooltipKey]), {sticky: true});
    }
  }
  function register(name, layer) {
    window.bordermapLayers = window.bordermapLayers || {};
    window.bordermapLayers[name] = layer;
    return layer;
  }
  return {esc: esc, popupHtml: popupHtml, style: style, bind: bind, register: register};
})();
"""

_CSS = """
.bm-popup { font: 13px/1.35 system-ui, sans-serif; max-width: 360px; }
.bm-title { font-weight: 600; margin-bottom: 4px; }
.bm-fields th { text-align: left; vertical-align: top; padding-right: 6px; color: #555; font-weight: 500; }
.bm-fields td { vertical-align: top; }
.bm-evidence { margin: 2px 0; padding-left: 6px; border-left: 3px solid #bbb; font-style: italic; }
"""


class Runtime(MacroElement):
    """Adds the runtime script and popup CSS to the page header (once per map)."""

    _template = Template(
        "{% macro header(this, kwargs) %}"
        "<style>{{ this.css }}</style><script>{{ this.js }}</script>"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "BordermapRuntime"
        self.js = RUNTIME_JS
        self.css = _CSS
