/* bordermap runtime, flags: incidents whose coordinates fail a check of the join, ringed.
 *
 * Loaded only into maps that hold such incidents (layers/_runtime.py, FlagStyle), so other
 * maps are not changed by it. A flagged incident is a row of the incidents table with a
 * "_check" text (layers/incidents.py: "latitude and longitude look swapped
 * (swapped_lat_lon?): the record's point is 612.3 km from Sotk; ..."): its point is drawn
 * where the record puts it with a solid ring in options.style.flagColor around the mark,
 * its line or area outlined in that colour, dashed; its tooltip ends with "coordinates
 * doubtful"; the popup's "Coordinate check" line (after "Location") is set in that colour.
 */
(function (bm) {
  "use strict";
  var P = bm.IncidentLayer.prototype;
  var setTable = P._setTable, drawPoint = P._drawPoint, sprite = P._sprite;
  var shapeStyle = P._shapeStyle, tooltipHtml = P.tooltipHtml, popupHtml = P.popupHtml;
  var CHECK_ROW = "<tr><th>Coordinate check</th><td>";

  bm.IncidentLayer.include({
    _setTable: function (t) {
      var n = t.n, flag = new Uint8Array(n), has = t.has("_check");
      for (var i = 0; has && i < n; i++) { if (bm.present(t.get("_check", i))) { flag[i] = 1; } }
      this._flag = flag;
      return setTable.call(this, t);
    },
    isFlagged: function (i) { return !!(this._flag && this._flag[i]); },
    tooltipHtml: function (i) {
      var html = tooltipHtml.call(this, i);
      return this.isFlagged(i) ? html + " · <b class=\"bm-warn\">coordinates doubtful</b>" : html;
    },
    popupHtml: function (i) {
      var html = popupHtml.call(this, i);
      return this.isFlagged(i) ? html.replace(CHECK_ROW, "<tr><th>Coordinate check</th><td class=\"bm-warn\">") : html;
    },
    _shapeStyle: function (i) {
      var o = shapeStyle.call(this, i);
      if (this.isFlagged(i)) { o.color = this.options.style.flagColor; o.dashArray = "10 5"; }
      return o;
    },
    _drawPoint: function (g, i, x, y, precs, codes) {
      this._drawingFlag = this.isFlagged(i);
      try { drawPoint.call(this, g, i, x, y, precs, codes); } finally { this._drawingFlag = false; }
    },
    /* The usual sprite (a draft's too), in a canvas wide enough for the ring around it. */
    _sprite: function (code, r, p, undated) {
      var base = sprite.apply(this, arguments);
      if (!this._drawingFlag) { return base; }
      var key = "flag:" + [code, r, p, undated, this._drawingDraft ? 1 : 0].join(":");
      var s = this._sprites[key];
      if (s) { return s; }
      var dpr = this._dpr, ring = r * 1.45 + (undated ? 5 : 3);
      var half = Math.max(base.half, Math.ceil(ring + 3)), c = document.createElement("canvas");
      c.width = c.height = Math.ceil(2 * half * dpr);
      var g = c.getContext("2d");
      g.drawImage(base.c, (half - base.half) * dpr, (half - base.half) * dpr);
      g.scale(dpr, dpr);
      g.beginPath();
      g.arc(half, half, ring, 0, 2 * Math.PI);
      g.lineWidth = 2.5;
      g.strokeStyle = this.options.style.flagColor || "#d4006a";
      g.stroke();
      s = {c: c, half: half, size: 2 * half};
      this._sprites[key] = s;
      return s;
    }
  });
})(window.bordermap);
