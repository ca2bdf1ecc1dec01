/* bordermap runtime, part 3: controls over the incidents layer — time slider, search, side
 * panel — and the heat map's link to it. Text from data goes into the DOM as textContent only.
 */
(function (bm) {
  "use strict";
  function el(tag, cls, parent, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function quiet(div) {
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  }

  /* Time slider: steps over the days that have incidents; a window ("up to", a day, 7/30/365
     days) ending on the chosen day; play/pause. Filters the layer, whether or not the layer
     is on the map, so it works with the layer control. Undated incidents stay shown. */
  var WINDOWS = [["all up to", 0], ["that day", 1], ["7 days to", 7], ["30 days to", 30], ["365 days to", 365]];
  bm.TimeSlider = L.Control.extend({
    options: {position: "bottomleft", interval: 350, steps: 60},
    initialize: function (layer, options) {
      L.setOptions(this, options);
      this.layer = layer;
      this.days = [];
      bm.slider = this;
    },
    onAdd: function () {
      var div = quiet(L.DomUtil.create("div", "bm-time bm-box"));
      var row = el("div", "bm-time-row", div);
      this._play = el("button", "bm-play", row, "▶");
      this._play.type = "button";
      this._play.title = "Play / pause";
      this._play.setAttribute("aria-label", "play");
      this._mode = el("select", "bm-window", row);
      this._mode.title = "Time window";
      WINDOWS.forEach(function (w) { var o = el("option", null, this._mode, w[0]); o.value = String(w[1]); }, this);
      this._range = el("input", "bm-range", row);
      this._range.type = "range";
      this._range.min = "0";
      this._range.setAttribute("aria-label", "date");
      this._label = el("div", "bm-time-label", div, "loading dates…");
      this._range.disabled = this._play.disabled = true;
      L.DomEvent.on(this._range, "input change", this._update, this);
      L.DomEvent.on(this._mode, "change", this._update, this);
      L.DomEvent.on(this._play, "click", this.toggle, this);
      var self = this;
      this.layer.whenReady(function () { self._init(); });
      return div;
    },
    onRemove: function () { this.pause(); },
    _init: function () {
      var t = this.layer.table, seen = {}, days = [], kind = t.cols.kind.data, undated = 0;
      for (var i = 0; i < t.n; i++) {
        if (kind[i] === 0) { continue; }
        var d = t.get("day", i);
        if (d === null) { undated++; continue; }
        if (!seen[d]) { seen[d] = 1; days.push(d); }
      }
      days.sort(function (a, b) { return a - b; });
      this.days = days;
      this.undated = undated;
      if (!days.length) {
        this._label.textContent = "No dated incidents on the map";
        return;
      }
      this._range.max = String(days.length - 1);
      this._range.value = String(days.length - 1);
      this._range.disabled = this._play.disabled = false;
      this._update();
    },
    /* Set the slider to day index `index` (and window `days`, 0 = everything up to it). */
    set: function (index, windowDays) {
      if (windowDays !== undefined) { this._mode.value = String(windowDays); }
      this._range.value = String(index);
      this._update();
    },
    _update: function () {
      if (!this.days.length) { return; }
      var idx = +this._range.value, end = this.days[idx], wd = +this._mode.value;
      var all = wd === 0 && idx === this.days.length - 1;
      var lo = wd === 0 ? -Infinity : end - wd + 1;
      if (all) { this.layer.setTimeWindow(null); } else { this.layer.setTimeWindow(lo, end); }
      var text = wd === 0 ? (all ? "All dates, " + bm.dayText(this.days[0]) + " – " + bm.dayText(end) : "Up to " + bm.dayText(end))
        : wd === 1 ? bm.dayText(end) : bm.dayText(lo) + " – " + bm.dayText(end);
      text += " · " + this.layer.count().toLocaleString("en") + " shown";
      if (this.undated) { text += " (incl. " + this.undated.toLocaleString("en") + " undated, ringed)"; }
      this._label.textContent = text;
    },
    play: function () {
      if (this._timer || !this.days.length) { return; }
      var self = this, step = Math.max(1, Math.ceil(this.days.length / this.options.steps));
      if (+this._range.value >= this.days.length - 1) { this._range.value = "0"; }
      this._play.textContent = "❚❚";
      this._play.setAttribute("aria-label", "pause");
      this._timer = setInterval(function () {
        var next = Math.min(self.days.length - 1, +self._range.value + step);
        self._range.value = String(next);
        self._update();
        if (next >= self.days.length - 1) { self.pause(); }
      }, this.options.interval);
      this._update();
    },
    pause: function () {
      if (this._timer) { clearInterval(this._timer); }
      this._timer = null;
      this._play.textContent = "▶";
      this._play.setAttribute("aria-label", "play");
    },
    toggle: function () { if (this._timer) { this.pause(); } else { this.play(); } },
    label: function () { return this._label.textContent; }
  });

  /* Heat map of the incidents shown (follows the time window). */
  bm.heatFor = function (layer, options) {
    var heat = L.heatLayer([], options);
    function refresh() {
      if (!heat._map || !layer.table) { return; }
      var pts = [], mx = layer._mx, my = layer._my, shown = layer._shown;
      for (var i = 0; i < layer.n; i++) {
        if (shown[i]) { var ll = layer.latLng(i); pts.push([ll.lat, ll.lng, 1]); }
      }
      heat.setLatLngs(pts);
    }
    heat.on("add", function () { layer.whenReady(refresh); });
    layer.on("bm:filter", refresh);
    return heat;
  };

  /* Search by place name: incident locations (placed or not) and the features of the other
     layers. Results are DOM text; choosing one zooms there and opens its popup. */
  bm.Search = L.Control.extend({
    options: {position: "topleft", layers: [], max: 10},
    initialize: function (incidents, options) {
      L.setOptions(this, options);
      this.incidents = incidents;
      this._index = null;
      bm.search = this;
    },
    onAdd: function (map) {
      var div = quiet(L.DomUtil.create("div", "bm-search bm-box"));
      this._input = el("input", "bm-search-input", div);
      this._input.type = "search";
      this._input.placeholder = "Search places…";
      this._input.setAttribute("aria-label", "Search places");
      this._list = el("ul", "bm-search-results", div);
      L.DomEvent.on(this._input, "input", this._onInput, this);
      L.DomEvent.on(this._input, "keydown", function (e) {
        if (e.key === "Enter" && this._results && this._results.length) { this.choose(0); }
      }, this);
      return div;
    },
    _build: function () {
      var entries = [], byName = {};
      var inc = this.incidents;
      if (inc && inc.table) {
        var t = inc.table;
        for (var i = 0; i < t.n; i++) {
          var name = t.get("location", i);
          if (!bm.present(name)) { continue; }
          var e = byName[name];
          if (!e) { e = byName[name] = {name: name, key: bm.fold(name), kind: "incidents", rows: []}; entries.push(e); }
          e.rows.push(i);
        }
      }
      (this.options.layers || []).forEach(function (layerName) {
        var layer = (window.bordermapLayers || {})[layerName];
        if (!layer || typeof layer.eachLayer !== "function") { return; }
        layer.eachLayer(function (l) {
          var name = l.feature && l.feature.properties && l.feature.properties.name;
          if (bm.present(name)) { entries.push({name: String(name), key: bm.fold(name), kind: layerName, layer: l}); }
        });
      });
      this._index = entries;
    },
    search: function (query) {
      if (!this._index) { this._build(); }
      var q = bm.fold(query).trim();
      if (!q) { return []; }
      var hits = this._index.filter(function (e) { return e.key.indexOf(q) >= 0; });
      hits.sort(function (a, b) {
        var pa = a.key.indexOf(q) === 0 ? 0 : 1, pb = b.key.indexOf(q) === 0 ? 0 : 1;
        return pa - pb || (b.rows ? b.rows.length : 0) - (a.rows ? a.rows.length : 0) || (a.key < b.key ? -1 : 1);
      });
      return hits.slice(0, this.options.max);
    },
    _describe: function (e) {
      if (e.kind !== "incidents") { return e.kind; }
      var placed = 0, inc = this.incidents;
      e.rows.forEach(function (i) { if (inc.isPlaced(i)) { placed++; } });
      var n = e.rows.length, what = n + (n === 1 ? " incident" : " incidents");
      return placed === n ? what : what + ", " + (n - placed) + " not on the map";
    },
    _onInput: function () {
      var list = this._list, self = this;
      list.textContent = "";
      this._results = this.search(this._input.value);
      this._results.forEach(function (e, k) {
        var li = el("li", "bm-search-hit", list);
        el("span", "bm-search-name", li, e.name);
        el("span", "bm-search-kind", li, self._describe(e));
        // choose() empties the list, detaching this item; Leaflet would then not see that the
        // click came from a control and close the popup choose() opened. Stop it here.
        L.DomEvent.on(li, "click", function (ev) { L.DomEvent.stopPropagation(ev); self.choose(k); });
      });
      if (this._input.value.trim() && !this._results.length) { el("li", "bm-search-none", list, "no match"); }
    },
    choose: function (k) {
      var e = this._results && this._results[k], map = this._map, inc = this.incidents;
      if (!e) { return; }
      this._list.textContent = "";
      if (e.layer) {
        if (!map.hasLayer(e.layer)) { map.addLayer((window.bordermapLayers || {})[e.kind]); }
        var b = typeof e.layer.getBounds === "function" ? e.layer.getBounds() : L.latLngBounds([e.layer.getLatLng()]);
        map.fitBounds(b, {maxZoom: 11, padding: [30, 30]});
        if (e.layer.openPopup) { e.layer.openPopup(); }
        return;
      }
      var placed = e.rows.filter(function (i) { return inc.isPlaced(i); });
      if (!placed.length) {
        if (bm.panel) { bm.panel.show(e.rows[0]); }
        return;
      }
      if (!map.hasLayer(inc)) { map.addLayer(inc); }
      var bounds = L.latLngBounds(placed.map(function (i) { return inc.latLng(i); }));
      map.fitBounds(bounds, {maxZoom: 12, padding: [30, 30], animate: false});
      if (placed.length === 1) { inc.openPopup(placed[0]); }
    }
  });

  /* Side panel: incidents that could not be placed (listed, never dropped) and notes about
     the map (empty layers left out, notes left out at scale, reprojection...). */
  bm.Panel = L.Control.extend({
    options: {position: "topright", notes: [], page: 100, open: false},
    initialize: function (incidents, options) {
      L.setOptions(this, options);
      this.incidents = incidents;
      bm.panel = this;
    },
    onAdd: function () {
      var div = quiet(L.DomUtil.create("div", "bm-panel bm-box"));
      this._details = el("details", null, div);
      this._details.open = this.options.open;
      this._summary = el("summary", null, this._details, "Notes");
      this._body = el("div", "bm-panel-body", this._details);
      this._notes = el("ul", "bm-panel-notes", this._body);
      this.options.notes.forEach(function (n) { el("li", null, this._notes, n); }, this);
      this._listHead = el("div", "bm-panel-head", this._body);
      this._list = el("ol", "bm-panel-list", this._body);
      this._detail = el("div", "bm-panel-detail", this._body);
      div.style.display = this.options.notes.length ? "" : "none";
      var self = this;
      if (this.incidents) { this.incidents.whenReady(function () { self._fill(); }); }
      this._div = div;
      return div;
    },
    _fill: function () {
      var inc = this.incidents, rows = [];
      for (var i = 0; i < inc.n; i++) { if (!inc.isPlaced(i)) { rows.push(i); } }
      this.rows = rows;
      var notes = this.options.notes.length;
      this._summary.textContent = rows.length ? "Not on the map: " + rows.length.toLocaleString("en") +
        (rows.length === 1 ? " incident" : " incidents") + (notes ? " · notes" : "") : "Notes";
      if (!rows.length) { return; }
      this._div.style.display = "";
      this._listHead.textContent = "Incidents whose place could not be resolved (listed, not drawn):";
      this._shown = 0;
      this._more();
    },
    _more: function () {
      var inc = this.incidents, self = this, end = Math.min(this.rows.length, this._shown + this.options.page);
      if (this._moreItem) { L.DomUtil.remove(this._moreItem); this._moreItem = null; }
      for (var k = this._shown; k < end; k++) {
        (function (i) {
          var li = el("li", "bm-panel-item", self._list);
          var a = el("a", null, li, [inc.eventId(i), inc.table.get("_date", i), inc.table.get("event_type", i),
                                     inc.table.get("location", i)].filter(bm.present).join(" · "));
          a.href = "#";
          a.setAttribute("data-row", String(i));
          L.DomEvent.on(a, "click", function (e) { L.DomEvent.preventDefault(e); self.show(i); });
        })(this.rows[k]);
      }
      this._shown = end;
      if (end < this.rows.length) {
        this._moreItem = el("li", "bm-panel-more", this._list);
        var b = el("button", null, this._moreItem, "show " + Math.min(this.options.page, this.rows.length - end) + " more of " + (this.rows.length - end).toLocaleString("en"));
        b.type = "button";
        L.DomEvent.on(b, "click", function (ev) { L.DomEvent.stopPropagation(ev); this._more(); }, this);  // _more removes this button
      }
    },
    /* Show one incident's details (the popup's fields) in the panel. */
    show: function (i) {
      this._details.open = true;
      this._detail.innerHTML = this.incidents.popupHtml(i);
    }
  });
})(window.bordermap);
