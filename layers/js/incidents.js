/* bordermap runtime, part 2: the incidents layer.
 *
 * One canvas draws every point incident from a columnar table (layers/_columnar.py): colour
 * and shape by event type, radius by fatalities + injuries, fill by geo precision, a dashed
 * ring when the date is not stated. Incidents whose place is a line or an area are drawn by a
 * small L.geoJSON beside it. When more than `clusterAbove` points fall in view (and the map is
 * not zoomed past `clusterMaxZoom`), points are counted per screen cell and drawn as donuts
 * (shares by event type) with the count; a click zooms in, or lists the incidents when they
 * share one spot. Popups and tooltips are built when asked for, through bordermap.esc.
 * A time window (setTimeWindow) hides dated incidents outside it; undated ones stay.
 */
(function (bm) {
  "use strict";
  var MAXLAT = 85.0511287798, RAD = Math.PI / 180, MARGIN = 30;
  function mercY(lat) {
    var s = Math.sin(Math.max(-MAXLAT, Math.min(MAXLAT, lat)) * RAD);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }
  function unmerc(mx, my) {
    return L.latLng(Math.atan(Math.sinh(Math.PI * (1 - 2 * my))) / RAD, mx * 360 - 180);
  }
  function rgba(hex, a) {
    var n = parseInt(String(hex).slice(1), 16) || 0;
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }
  function shapePath(g, verts, r, x, y) {
    g.beginPath();
    if (!verts) { g.arc(x, y, r, 0, 2 * Math.PI); return; }
    g.moveTo(x + verts[0][0] * r, y + verts[0][1] * r);
    for (var k = 1; k < verts.length; k++) { g.lineTo(x + verts[k][0] * r, y + verts[k][1] * r); }
    g.closePath();
  }

  bm.IncidentLayer = L.Layer.extend({
    options: {pane: "bmIncidents", padding: 0.3, clusterAbove: 2000, clusterMaxZoom: 13,
              cell: 80, listMax: 25, style: {}, popup: {fields: []}},

    initialize: function (payload, shapes, options) {
      L.setOptions(this, options);
      this._shapeData = shapes;
      this.table = null;
      this.n = 0;
      this.placed = 0;
      this._window = null;
      this._sprites = {};
      this.stats = {};
      var self = this;
      this._ready = bm.task(bm.decodeTable(payload).then(function (t) { self._setTable(t); return self; }));
    },
    /* Promise of the layer once its table is decoded (fn(layer) called then). */
    whenReady: function (fn) {
      var self = this;
      return this._ready.then(function () { return fn ? fn(self) : self; });
    },

    _setTable: function (t) {
      var n = t.n, c = t.cols, st = this.options.style;
      var kind = c.kind.data, xs = c.x.data, ys = c.y.data, sc = c.x.scale || 1;
      var cas = c.cas, day = c.day, dlo = c.dlo, dhi = c.dhi;
      var mx = new Float64Array(n), my = new Float64Array(n), rad = new Float32Array(n);
      var lo = new Int32Array(n), hi = new Int32Array(n);
      var undated = new Uint8Array(n), placed = 0, points = 0, i;
      for (i = 0; i < n; i++) {
        var d = day.data[i];
        if (d === null || d === day.missing) { undated[i] = 1; }
        else { lo[i] = d - dlo.data[i]; hi[i] = d + dhi.data[i]; }
        if (kind[i] === 0) { continue; }
        placed++;
        mx[i] = (xs[i] * sc + 180) / 360;
        my[i] = mercY(ys[i] * sc);
        var k = cas ? cas.data[i] : 0;
        if (k === null || k === cas.missing) { k = 0; }
        rad[i] = Math.round(2 * Math.min(st.maxRadius, st.radius + st.perUnit * Math.sqrt(k))) / 2;
        if (kind[i] === 1) { points++; }
      }
      // Draw order: larger marks first, so small ones stay visible on top (counting sort).
      var nb = Math.ceil(2 * st.maxRadius) + 1, starts = new Uint32Array(nb + 1);
      for (i = 0; i < n; i++) { if (kind[i] === 1) { starts[nb - 2 * rad[i]]++; } }
      for (var b = 0, acc = 0; b <= nb; b++) { var cnt = starts[b]; starts[b] = acc; acc += cnt; }
      var order = new Uint32Array(points);
      for (i = 0; i < n; i++) { if (kind[i] === 1) { order[starts[nb - 2 * rad[i]]++] = i; } }
      this.table = t;
      this.n = n;
      this.placed = placed;
      this._kind = kind;
      this._mx = mx;
      this._my = my;
      this._rad = rad;
      this._undated = undated;
      this._lo = lo;
      this._hi = hi;
      this._order = order;
      this._vis = new Uint32Array(points);
      this._shown = new Uint8Array(n);
      this._hits = {n: 0, x: new Float32Array(points), y: new Float32Array(points),
                    r: new Float32Array(points), id: new Int32Array(points)};
      if (this._map && !this._shapes) { this._addShapes(this._map); }
      this._applyWindow();
      bm.mark("incidentsDecoded");
    },

    /* ---- public API (also used by the slider, search, side panel, heat map and tests) ---- */
    count: function () { return this._nShown || 0; },
    setTimeWindow: function (lo, hi) {
      this._window = lo === null || lo === undefined ? null : [lo, hi];
      if (this.table) { this._applyWindow(); }
      return this;
    },
    isShown: function (i) { return !!(this._shown && this._shown[i]); },
    isPlaced: function (i) { return this._kind[i] !== 0; },
    isUndated: function (i) { return !!this._undated[i]; },
    eventId: function (i) { return this.table.get("event_id_cnty", i); },
    find: function (eventId) {
      for (var i = 0; i < this.n; i++) { if (this.table.get("event_id_cnty", i) === eventId) { return i; } }
      return -1;
    },
    shownRows: function (limit) {
      var out = [];
      for (var i = 0; i < this.n && (limit === undefined || out.length < limit); i++) {
        if (this._shown[i]) { out.push(i); }
      }
      return out;
    },
    latLng: function (i) { return this._kind[i] === 0 ? null : unmerc(this._mx[i], this._my[i]); },
    containerPoint: function (i) {
      var ll = this.latLng(i);
      return ll && this._map ? this._map.latLngToContainerPoint(ll) : null;
    },
    getter: function (i) {
      var t = this.table;
      return function (key) { return t.get(key, i); };
    },
    popupHtml: function (i) { return bm.popupHtml(this.getter(i), this.options.popup); },
    /* "event type · location · date", escaped. */
    tooltipHtml: function (i) {
      var t = this.table, parts = [t.get("event_type", i), t.get("location", i), t.get("_date", i)];
      return parts.filter(bm.present).map(bm.esc).join(" · ");
    },
    openPopup: function (i) {
      var map = this._map, ll = this.latLng(i);
      if (!map || !ll) { return false; }
      if (this._kind[i] === 2 && this._shapeLayers && this._shapeLayers[i]) {
        this._shapeLayers[i].openPopup();
        return true;
      }
      L.popup({maxWidth: 380}).setLatLng(ll).setContent(this.popupHtml(i)).openOn(map);
      return true;
    },

    /* ---- time window -------------------------------------------------------------------- */
    _applyWindow: function () {
      var n = this.n, w = this._window, kind = this._kind;
      var lo = this._lo, hi = this._hi, undated = this._undated, shown = this._shown, cnt = 0;
      for (var i = 0; i < n; i++) {
        var s = kind[i] === 0 ? 0 : 1;
        if (s && w && !undated[i] && (hi[i] < w[0] || lo[i] > w[1])) { s = 0; }
        shown[i] = s;
        cnt += s;
      }
      this._nShown = cnt;
      this._syncShapes();
      this._redraw();
      this.fire("bm:filter", {count: cnt});
    },

    /* ---- lines and areas ------------------------------------------------------------------ */
    _addShapes: function (map) {
      var data = this._shapeData, self = this, st = this.options.style;
      if (!data || !data.features || !data.features.length) { return; }
      this._shapeLayers = {};
      this._shapes = L.geoJSON(data, {
        bubblingMouseEvents: false,
        pointToLayer: function (f, ll) { return L.circleMarker(ll, {radius: st.radius}); },
        style: function (f) { return self._shapeStyle(f.id); },
        onEachFeature: function (f, layer) {
          var i = f.id;
          self._shapeLayers[i] = layer;
          layer.bindPopup(function () { return self.popupHtml(i); }, {maxWidth: 380});
          layer.bindTooltip(function () { return self.tooltipHtml(i); }, {sticky: true});
        }
      });
      map.addLayer(this._shapes);
    },
    _shapeStyle: function (i) {
      var st = this.options.style, t = this.table, code = t.cols.event_type.codes[i];
      var p = t.get("prec", i), a = st.opacities[String(p === null ? 0 : p)] || 0.8;
      var o = {color: st.colors[code] || st.colors[0], weight: 5, opacity: a,
               fillOpacity: a * 0.35, bubblingMouseEvents: false};
      if (this._undated[i]) { o.dashArray = "2 8"; }
      return o;
    },
    _syncShapes: function () {
      if (!this._shapes) { return; }
      var g = this._shapes, shown = this._shown;
      Object.keys(this._shapeLayers).forEach(function (key) {
        var layer = this._shapeLayers[key], on = shown[+key] === 1;
        if (on && !g.hasLayer(layer)) { g.addLayer(layer); }
        if (!on && g.hasLayer(layer)) { g.removeLayer(layer); }
      }, this);
    },

    /* ---- Leaflet layer life cycle ----------------------------------------------------------- */
    onAdd: function (map) {
      var pane = map.getPane(this.options.pane);
      if (!pane) {
        pane = map.createPane(this.options.pane);
        pane.style.zIndex = 450;
        pane.style.pointerEvents = "none";
      }
      this._canvas = L.DomUtil.create("canvas", "bm-incidents leaflet-zoom-animated", pane);
      this._ctx = this._canvas.getContext("2d");
      this._tip = L.tooltip({direction: "top", offset: [0, -8], className: "bm-tip"});
      // Clicks are taken in the capture phase: the incidents are drawn above the other
      // overlays, so a click on an incident opens the incident, not the place under it.
      this._capture = L.bind(this._onCaptureClick, this);
      map.getContainer().addEventListener("click", this._capture, true);
      if (this.table && !this._shapes) { this._addShapes(map); }
      else if (this._shapes) { map.addLayer(this._shapes); }
      this._redraw();
    },
    onRemove: function (map) {
      map.getContainer().removeEventListener("click", this._capture, true);
      this._hideTip();
      if (this._shapes) { map.removeLayer(this._shapes); }
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      if (this._hits) { this._hits.n = 0; }
    },
    getEvents: function () {
      var e = {moveend: this._redraw, viewreset: this._redraw, resize: this._redraw,
               mousemove: this._onMove, mouseout: this._hideTip,
               zoomstart: this._hideTip};
      if (this._zoomAnimated) { e.zoomanim = this._onZoomAnim; }
      return e;
    },
    _onZoomAnim: function (e) {
      if (!this._canvas || !this._drawBounds) { return; }
      var map = this._map, scale = map.getZoomScale(e.zoom);
      var offset = map._latLngBoundsToNewLayerBounds(this._drawBounds, e.zoom, e.center).min;
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    /* ---- drawing -------------------------------------------------------------------------- */
    _sprite: function (code, r, p, undated) {
      var key = ((code * 128 + 2 * r) * 8 + p) * 2 + undated, s = this._sprites[key];
      if (s) { return s; }
      var st = this.options.style, dpr = this._dpr, half = Math.ceil(r * 1.6 + 4), size = 2 * half;
      var c = document.createElement("canvas");
      c.width = c.height = Math.ceil(size * dpr);
      var g = c.getContext("2d"), a = st.opacities[String(p)] || 0.8, color = st.colors[code] || st.colors[0];
      g.scale(dpr, dpr);
      shapePath(g, st.shapes[code], r, half, half);
      g.fillStyle = rgba(color, Math.min(0.9, a * 0.9));
      g.fill();
      g.lineWidth = 1;
      g.strokeStyle = "rgba(255,255,255," + a + ")";
      g.stroke();
      if (undated) {
        g.beginPath();
        g.arc(half, half, r * 1.45 + 2, 0, 2 * Math.PI);
        g.setLineDash([2, 2]);
        g.lineWidth = 1.5;
        g.strokeStyle = "rgba(20,20,20,0.9)";
        g.stroke();
      }
      s = {c: c, half: half, size: size};
      this._sprites[key] = s;
      return s;
    },
    _drawPoint: function (g, i, x, y, precs, codes) {
      var p = precs ? precs.data[i] : 0;
      if (p === null || p === precs.missing || p > 3) { p = 0; }
      var s = this._sprite(codes[i], this._rad[i], p, this._undated[i]);
      g.drawImage(s.c, x - s.half, y - s.half, s.size, s.size);
      var H = this._hits, k = H.n++;
      H.x[k] = x;
      H.y[k] = y;
      H.r[k] = this._rad[i] * 1.2;
      H.id[k] = i;
    },
    _bubble: function (g, x, y, n, tc, nt) {
      var colors = this.options.style.colors, r = 10 + 3.6 * Math.log10(n), a0 = -Math.PI / 2;
      for (var j = 0; j < nt; j++) {
        if (!tc[j]) { continue; }
        var a1 = a0 + 2 * Math.PI * tc[j] / n;
        g.beginPath();
        g.moveTo(x, y);
        g.arc(x, y, r, a0, a1);
        g.closePath();
        g.fillStyle = rgba(colors[j] || colors[0], 0.85);
        g.fill();
        a0 = a1;
      }
      g.beginPath();
      g.arc(x, y, r * 0.66, 0, 2 * Math.PI);
      g.fillStyle = "rgba(255,255,255,0.93)";
      g.fill();
      g.beginPath();
      g.arc(x, y, r, 0, 2 * Math.PI);
      g.lineWidth = 1;
      g.strokeStyle = "rgba(0,0,0,0.35)";
      g.stroke();
      g.fillStyle = "#222";
      g.font = "600 " + (r > 20 ? 11 : 10) + "px system-ui, sans-serif";
      g.textAlign = "center";
      g.textBaseline = "middle";
      g.fillText(bm.count(n), x, y + 0.5);
      return r;
    },
    _redraw: function () {
      var map = this._map, cv = this._canvas;
      if (!map || !cv) { return; }
      var size = map.getSize(), pad = this.options.padding;
      var offX = Math.round(size.x * pad), offY = Math.round(size.y * pad);
      var w = size.x + 2 * offX, h = size.y + 2 * offY, dpr = window.devicePixelRatio || 1;
      if (dpr !== this._dpr) { this._sprites = {}; this._dpr = dpr; }
      if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
        cv.width = Math.round(w * dpr);
        cv.height = Math.round(h * dpr);
        cv.style.width = w + "px";
        cv.style.height = h + "px";
      }
      this._offX = offX;
      this._offY = offY;
      L.DomUtil.setPosition(cv, map.containerPointToLayerPoint([-offX, -offY]));
      this._drawBounds = L.latLngBounds(map.containerPointToLatLng([-offX, h - offY]),
                                        map.containerPointToLatLng([w - offX, -offY]));
      var g = this._ctx;
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.clearRect(0, 0, w, h);
      if (!this.table) { return; }
      var zoom = map.getZoom(), W = map.options.crs.scale(zoom), o = map.getPixelBounds().min;
      var ox = o.x - offX, oy = o.y - offY, mx = this._mx, my = this._my, shown = this._shown;
      var order = this._order, vis = this._vis, m = 0, k, i;
      for (k = 0; k < order.length; k++) {
        i = order[k];
        if (!shown[i]) { continue; }
        var px = mx[i] * W - ox, py = my[i] * W - oy;
        if (px < -MARGIN || py < -MARGIN || px > w + MARGIN || py > h + MARGIN) { continue; }
        vis[m++] = i;
      }
      var c = this.table.cols, codes = c.event_type.codes, precs = c.prec;
      this._hits.n = 0;
      this._cells = null;
      var clustered = m > this.options.clusterAbove && zoom <= this.options.clusterMaxZoom;
      this.stats = {inView: m, clustered: clustered, points: 0, clusters: 0};
      if (!clustered) {
        for (k = 0; k < m; k++) {
          i = vis[k];
          this._drawPoint(g, i, mx[i] * W - ox, my[i] * W - oy, precs, codes);
        }
        this.stats.points = m;
      } else {
        this._drawClusters(g, m, W, ox, oy, w, h, codes, precs);
      }
      bm.mark("firstDraw");
    },
    _drawClusters: function (g, m, W, ox, oy, w, h, codes, precs) {
      var cs = this.options.cell, mx = this._mx, my = this._my, vis = this._vis;
      var c0 = Math.floor((ox - MARGIN) / cs), r0 = Math.floor((oy - MARGIN) / cs);
      var gw = Math.ceil((w + 2 * MARGIN) / cs) + 2, gh = Math.ceil((h + 2 * MARGIN) / cs) + 2;
      var nc = gw * gh, nt = this.options.style.colors.length, k, i, ci;
      var cnt = new Uint32Array(nc), sx = new Float64Array(nc), sy = new Float64Array(nc);
      var first = new Int32Array(nc), tc = new Uint32Array(nc * nt);
      var x0 = new Float64Array(nc).fill(Infinity), y0 = new Float64Array(nc).fill(Infinity);
      var x1 = new Float64Array(nc).fill(-Infinity), y1 = new Float64Array(nc).fill(-Infinity);
      for (k = 0; k < m; k++) {
        i = vis[k];
        var gx = mx[i] * W, gy = my[i] * W;
        ci = (Math.floor(gx / cs) - c0) + gw * (Math.floor(gy / cs) - r0);
        if (cnt[ci] === 0) { first[ci] = i; }
        cnt[ci]++;
        sx[ci] += gx - ox;
        sy[ci] += gy - oy;
        tc[ci * nt + codes[i]]++;
        if (mx[i] < x0[ci]) { x0[ci] = mx[i]; }
        if (mx[i] > x1[ci]) { x1[ci] = mx[i]; }
        if (my[i] < y0[ci]) { y0[ci] = my[i]; }
        if (my[i] > y1[ci]) { y1[ci] = my[i]; }
      }
      this._cells = {cs: cs, c0: c0, r0: r0, gw: gw, W: W, cnt: cnt, x0: x0, y0: y0, x1: x1, y1: y1};
      var H = this._hits, bubbles = [];
      for (ci = 0; ci < nc; ci++) {
        if (cnt[ci] === 1) {
          i = first[ci];
          this._drawPoint(g, i, mx[i] * W - ox, my[i] * W - oy, precs, codes);
          this.stats.points++;
        } else if (cnt[ci] > 1) { bubbles.push(ci); }
      }
      for (k = 0; k < bubbles.length; k++) {
        ci = bubbles[k];
        var x = sx[ci] / cnt[ci], y = sy[ci] / cnt[ci];
        var r = this._bubble(g, x, y, cnt[ci], tc.subarray(ci * nt, (ci + 1) * nt), nt);
        var j = H.n++;
        H.x[j] = x;
        H.y[j] = y;
        H.r[j] = r;
        H.id[j] = -(ci + 1);
      }
      this.stats.clusters = bubbles.length;
    },

    /* ---- pointer ------------------------------------------------------------------------ */
    _hitAt: function (cp) {
      var H = this._hits;
      if (!H || !this._canvas) { return null; }
      // Canvas pixels from container pixels, wherever the map pane has moved since the draw.
      var at = this._map.layerPointToContainerPoint(L.DomUtil.getPosition(this._canvas));
      var x = cp.x - at.x, y = cp.y - at.y, rows = [];
      for (var k = H.n - 1; k >= 0; k--) {
        var dx = H.x[k] - x, dy = H.y[k] - y, r = H.r[k] + 2;
        if (dx * dx + dy * dy > r * r) { continue; }
        if (H.id[k] < 0) {
          if (!rows.length) { return {cell: -H.id[k] - 1}; }
        } else { rows.push(H.id[k]); }
      }
      return rows.length ? {rows: rows} : null;
    },
    _cellRows: function (ci, limit) {
      var C = this._cells, out = [], shown = this._shown, order = this._order;
      for (var k = 0; k < order.length && out.length < limit; k++) {
        var i = order[k];
        if (!shown[i]) { continue; }
        var gx = this._mx[i] * C.W, gy = this._my[i] * C.W;
        if ((Math.floor(gx / C.cs) - C.c0) + C.gw * (Math.floor(gy / C.cs) - C.r0) === ci) { out.push(i); }
      }
      return out;
    },
    _onCaptureClick: function (ev) {
      var map = this._map;
      if (!map || (map.dragging && map.dragging.moved())) { return; }
      var t = ev.target;
      if (t && t.closest && t.closest(".leaflet-control, .leaflet-popup-pane, .leaflet-marker-pane")) { return; }
      var cp = map.mouseEventToContainerPoint(ev), hit = this._hitAt(cp);
      if (!hit) { return; }
      ev.stopPropagation();
      this._onHit(hit, map.containerPointToLatLng(cp));
    },
    _onHit: function (hit, latlng) {
      var map = this._map;
      if (hit.cell === undefined) {
        if (hit.rows.length === 1) { this.openPopup(hit.rows[0]); }
        else { this._openList(hit.rows, hit.rows.length, this.latLng(hit.rows[0])); }
        return;
      }
      var C = this._cells, ci = hit.cell, span = Math.max(C.x1[ci] - C.x0[ci], C.y1[ci] - C.y0[ci]) * C.W;
      if (span > 2 && map.getZoom() < map.getMaxZoom()) {
        map.fitBounds(L.latLngBounds(unmerc(C.x0[ci], C.y1[ci]), unmerc(C.x1[ci], C.y0[ci])),
                      {padding: [40, 40], maxZoom: this.options.clusterMaxZoom + 1});
      } else {
        this._openList(this._cellRows(ci, this.options.listMax), C.cnt[ci], latlng);
      }
    },
    summaryHtml: function (i) {
      var t = this.table, parts = [t.get("_date", i), t.get("event_type", i), t.get("location", i)];
      return parts.filter(bm.present).map(bm.esc).join(" · ");
    },
    _openList: function (rows, total, latlng) {
      var self = this, div = document.createElement("div"), max = this.options.listMax;
      var html = "<div class=\"bm-title\">" + bm.esc(total) + " incidents here</div><ol class=\"bm-list\">";
      rows.slice(0, max).forEach(function (i) {
        html += "<li><a href=\"#\" data-row=\"" + (+i) + "\">" + self.summaryHtml(i) + "</a></li>";
      });
      html += "</ol>";
      if (total > Math.min(rows.length, max)) {
        html += "<div class=\"bm-note\">" + bm.esc(total - Math.min(rows.length, max)) +
          " more: zoom in or narrow the dates</div>";
      }
      div.className = "bm-popup";
      div.innerHTML = html;
      div.addEventListener("click", function (ev) {
        var a = ev.target.closest("a[data-row]");
        if (!a) { return; }
        ev.preventDefault();
        self.openPopup(+a.getAttribute("data-row"));
      });
      L.popup({maxWidth: 380}).setLatLng(latlng).setContent(div).openOn(this._map);
    },
    _onMove: function (e) {
      this._lastMove = e.containerPoint;
      if (this._moveQueued) { return; }
      this._moveQueued = true;
      var self = this;
      L.Util.requestAnimFrame(function () { self._moveQueued = false; self._hover(self._lastMove); });
    },
    _hover: function (cp) {
      var map = this._map;
      if (!map || !cp) { return; }
      var hit = this._hitAt(cp);
      var key = hit ? (hit.cell !== undefined ? "c" + hit.cell : "r" + hit.rows[0]) : null;
      L.DomUtil[hit ? "addClass" : "removeClass"](map.getContainer(), "bm-pointer");
      if (key === this._tipKey) { return; }
      this._tipKey = key;
      if (!hit) { this._hideTip(); return; }
      var html, ll;
      if (hit.cell !== undefined) {
        html = bm.esc(this._cells.cnt[hit.cell]) + " incidents · click to zoom in or list them";
        ll = map.containerPointToLatLng(cp);
      } else {
        html = this.tooltipHtml(hit.rows[0]);
        if (hit.rows.length > 1) { html += " <i>(+" + (hit.rows.length - 1) + " here)</i>"; }
        ll = this.latLng(hit.rows[0]);
      }
      this._tip.setLatLng(ll).setContent(html);
      if (!map.hasLayer(this._tip)) { this._tip.openOn(map); }
    },
    _hideTip: function () {
      this._tipKey = null;
      if (this._map && this._tip && this._map.hasLayer(this._tip)) { this._map.removeLayer(this._tip); }
    }
  });
})(window.bordermap);
