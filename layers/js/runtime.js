/* bordermap runtime, part 1: escaping, popups, GeoJSON styles, registry, readiness, tables.
 *
 * Every value that comes from data reaches the page as JSON and becomes HTML only through
 * esc() (which escapes & < > " ' ` = /) or as DOM textContent. Links only from http(s) URLs.
 */
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
    if (kind === "static") { return "<span class=\"bm-static\">" + esc(v) + "</span>"; }
    return esc(v);
  }
  /* spec: {title: key, fields: [[label, key, kind, staticText?], ...]}; get: key -> value. */
  function popupHtml(get, spec) {
    if (typeof get !== "function") {
      var props = get || {};
      get = function (k) { return props[k]; };
    }
    var html = "<div class=\"bm-popup\">";
    var title = spec.title ? get(spec.title) : null;
    if (present(title)) { html += "<div class=\"bm-title\">" + esc(title) + "</div>"; }
    html += "<table class=\"bm-fields\">";
    for (var i = 0; i < spec.fields.length; i++) {
      var f = spec.fields[i], v = f[2] === "static" ? f[3] : get(f[1]);
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

  /* Readiness: work that finishes after the scripts ran (decoding tables) is a task; once the
     page has loaded and every task settled, <html data-bordermap-ready="1"> is set. */
  var tasks = [], timings = {};
  function mark(name) { if (timings[name] === undefined) { timings[name] = performance.now(); } }
  function task(promise) {
    var p = promise.catch(function (e) {
      console.error("bordermap: " + (e && e.message ? e.message : e));
      throw e;
    });
    tasks.push(p);
    return p;
  }
  var loaded = new Promise(function (resolve) {
    if (document.readyState === "complete") { resolve(); }
    else { window.addEventListener("load", function () { resolve(); }); }
  });
  function ready() {
    return loaded.then(function () { return Promise.all(tasks); }).then(function () {
      mark("ready");
      document.documentElement.setAttribute("data-bordermap-ready", "1");
      return true;
    });
  }
  loaded.then(function () {
    mark("load");
    ready().catch(function () {
      document.documentElement.setAttribute("data-bordermap-ready", "error");
    });
  });

  /* Tables (layers/_columnar.py): plain JSON, or {b64} = base64 of a deflated container. */
  var DTYPES = {u8: Uint8Array, u16: Uint16Array, i32: Int32Array, u32: Uint32Array};
  var utf8 = new TextDecoder("utf-8");
  function Table(n, cols) { this.n = n; this.cols = cols; }
  Table.prototype.has = function (name) { return !!this.cols[name]; };
  Table.prototype.get = function (name, i) {
    var c = this.cols[name];
    if (!c) { return null; }
    if (c.kind === "num") {
      var v = c.data[i];
      if (v === null || v === c.missing) { return null; }
      return c.scale ? v * c.scale : v;
    }
    if (c.kind === "dict") { return c.values[c.codes[i]]; }
    if (c.values) { return c.values[i]; }
    var a = i ? c.ends[i - 1] : 0, b = c.ends[i];
    return b > a ? utf8.decode(c.bytes.subarray(a, b)) : null;
  };
  function jsonTable(spec) {
    var cols = {};
    Object.keys(spec.cols).forEach(function (name) {
      var c = spec.cols[name];
      if (c.kind === "num") { cols[name] = {kind: "num", data: c.data, missing: null, scale: c.scale}; }
      else if (c.kind === "dict") { cols[name] = {kind: "dict", codes: c.codes, values: c.values}; }
      else { cols[name] = {kind: "str", values: c.values}; }
    });
    return new Table(spec.n, cols);
  }
  function binaryTable(buf) {
    var hlen = new DataView(buf).getUint32(0, true);
    var header = JSON.parse(utf8.decode(new Uint8Array(buf, 4, hlen)));
    var base = 4 + hlen, n = header.n, cols = {};
    Object.keys(header.cols).forEach(function (name) {
      var c = header.cols[name];
      if (c.kind === "num") {
        cols[name] = {kind: "num", data: new DTYPES[c.dtype](buf, base + c.offset, n), missing: c.missing, scale: c.scale};
      } else if (c.kind === "dict") {
        cols[name] = {kind: "dict", codes: new DTYPES[c.dtype](buf, base + c.offset, n), values: c.values};
      } else {
        cols[name] = {kind: "str", bytes: new Uint8Array(buf, base + c.offset, c.nbytes),
                      ends: new Uint32Array(buf, base + c.ends, n)};
      }
    });
    return new Table(n, cols);
  }
  function base64Bytes(s) {
    if (typeof Uint8Array.fromBase64 === "function") { return Uint8Array.fromBase64(s); }
    var bin = atob(s), n = bin.length, out = new Uint8Array(n);
    for (var i = 0; i < n; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function decodeTable(spec) {
    if (!spec.b64) { return Promise.resolve(jsonTable(spec)); }
    if (typeof DecompressionStream !== "function") {
      return Promise.reject(new Error("this browser cannot unpack the map data (no DecompressionStream); use a current browser"));
    }
    var stream = new Blob([base64Bytes(spec.b64)]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(binaryTable);
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  /* Days since 1970-01-01 -> "11 May 2023" (UTC, like the data). */
  function dayText(days) {
    var d = new Date(days * 86400000);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function count(n) {
    return n >= 1e6 ? (n / 1e6).toFixed(n >= 1e7 ? 0 : 1) + "M"
      : n >= 1e4 ? Math.round(n / 1e3) + "k" : n >= 1e3 ? (n / 1e3).toFixed(1) + "k" : String(n);
  }

  return {esc: esc, present: present, popupHtml: popupHtml, style: style, bind: bind,
          register: register, task: task, ready: ready, mark: mark, timings: timings,
          decodeTable: decodeTable, dayText: dayText, fold: fold, count: count};
})();
