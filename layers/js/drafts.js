/* bordermap runtime, drafts: incidents drafted from news stories by rules, drawn apart.
 *
 * Loaded only into maps that hold machine drafts (layers/_runtime.py, DraftStyle), so maps
 * without drafts are not changed by it. A draft is a row of the incidents table with a
 * "_review" text (layers/incidents.py): its point is drawn with a white centre (a hollow
 * mark), its line or area thin and dash-dotted, and its tooltip ends with the label in
 * options.style.draftLabel ("machine draft, not reviewed"); the popup's first line, "Review",
 * says the same and names the story.
 */
(function (bm) {
  "use strict";
  var P = bm.IncidentLayer.prototype;
  var setTable = P._setTable, drawPoint = P._drawPoint, sprite = P._sprite;
  var shapeStyle = P._shapeStyle, tooltipHtml = P.tooltipHtml;

  bm.IncidentLayer.include({
    _setTable: function (t) {
      var n = t.n, draft = new Uint8Array(n), has = t.has("_review");
      for (var i = 0; has && i < n; i++) { if (bm.present(t.get("_review", i))) { draft[i] = 1; } }
      this._draft = draft;
      return setTable.call(this, t);
    },
    isDraft: function (i) { return !!(this._draft && this._draft[i]); },
    tooltipHtml: function (i) {
      var html = tooltipHtml.call(this, i);
      return this.isDraft(i) ? html + " · " + bm.esc(this.options.style.draftLabel || "draft") : html;
    },
    _shapeStyle: function (i) {
      var o = shapeStyle.call(this, i);
      if (this.isDraft(i)) { o.weight = 3; o.fillOpacity = 0.05; o.dashArray = "10 4 2 4"; }
      return o;
    },
    _drawPoint: function (g, i, x, y, precs, codes) {
      this._drawingDraft = this.isDraft(i);
      try { drawPoint.call(this, g, i, x, y, precs, codes); } finally { this._drawingDraft = false; }
    },
    /* The usual sprite, with a white centre for a draft (cached apart). */
    _sprite: function (code, r, p, undated) {
      var base = sprite.call(this, code, r, p, undated);
      if (!this._drawingDraft) { return base; }
      var key = "draft:" + [code, r, p, undated].join(":"), s = this._sprites[key];
      if (s) { return s; }
      var c = document.createElement("canvas"), dpr = this._dpr, half = base.half;
      c.width = base.c.width;
      c.height = base.c.height;
      var g = c.getContext("2d");
      g.drawImage(base.c, 0, 0);
      g.scale(dpr, dpr);
      g.beginPath();
      g.arc(half, half, Math.max(1.5, r * 0.55), 0, 2 * Math.PI);
      g.fillStyle = "rgba(255,255,255,0.95)";
      g.fill();
      g.lineWidth = 1;
      g.strokeStyle = "rgba(20,20,20,0.8)";
      g.stroke();
      s = {c: c, half: half, size: base.size};
      this._sprites[key] = s;
      return s;
    }
  });
})(window.bordermap);
