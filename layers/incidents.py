"""The incidents layer: colour and shape by event type, size by casualties, fill by geo precision.

An incident keeps the geometry of its place: a point for a village, the whole line for an
event located only "on the Lachin corridor". Popups give date (with its precision), type,
actors, casualties, location (with its precision), evidence, notes and source. Incidents
drafted from a story by rules (a ``drafted_from`` column) are drawn hollow and their popup and
tooltip say "machine draft, not reviewed" (:data:`layers.styles.DRAFT_LABEL`).

The layer goes into the page as a columnar table (:mod:`layers._columnar`) and is drawn by the
runtime on one canvas (``layers/js/incidents.js``): points as sprites, clustered by screen cell
when many are in view; lines and areas by a small ``L.geoJSON``. Incidents without geometry
stay in the table, flagged, and the side panel lists them. This is what keeps a map of a
million incidents at a few bytes per incident and quick to open.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.map import Layer
from jinja2 import Template

from layers._columnar import TableEncoder
from layers._element import RawRender
from layers._incident_text import (
    COORD_CHECK_WORDS,
    actors_text,
    casualties_text,
    check_text,
    combo_text,
    date_text,
    location_text,
    title_text,
    type_text,
)
from layers.styles import (
    DRAFT_LABEL,
    EVENT_TYPE_COLORS,
    EVENT_TYPE_SHAPES,
    FLAG_COLOR,
    OTHER_COLOR,
    PRECISION_OPACITY,
    shape_vertices,
)

__all__ = [
    "INCIDENT_POPUP_FIELDS",
    "IncidentLayer",
    "date_text",
    "incidents_layer",
    "location_text",
    "to_wgs84",
]

INCIDENT_POPUP_FIELDS: list[list[str]] = [
    ["Date", "_date", "text"],
    ["Type", "_type", "text"],
    ["Actors", "_actors", "text"],
    ["Casualties", "_casualties", "text"],
    ["Location", "_location", "text"],
    ["Weapons", "weapons", "text"],
    ["Evidence", "evidence", "quote"],
    ["Notes", "notes", "text"],
    ["Source", "source", "text"],
    ["Link", "source_url", "link"],
    ["Coordinates from", "coord_source", "text"],
    ["Event id", "event_id_cnty", "text"],
]
#: Long free text, left out of the page above ``free_text_limit`` incidents.
FREE_TEXT = ("notes", "evidence")
#: Text columns carried as they are (``unique``: one string per row, no repeat check).
_TEXT = {
    "event_id_cnty": True,
    "location": False,
    "weapons": False,
    "evidence": False,
    "notes": True,
    "source": False,
    "source_url": False,
    "coord_source": False,
}
_DERIVED = {
    "_date": (("event_date", "time_precision", "date_earliest", "date_latest"), date_text),
    "_type": (("event_type", "sub_event_type"), type_text),
    "_actors": (("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"), actors_text),
    "_casualties": (("fatalities", "injuries"), casualties_text),
    "_location": (
        ("location", "admin1", "country", "geo_precision", "geometry_type", "_placed"),
        location_text,
    ),
    "_title": (("sub_event_type", "location"), title_text),
}
STYLE: dict[str, Any] = {"radius": 5, "perUnit": 2.5, "maxRadius": 22}
#: Geometry type names by shapely type id.
_GEOMETRY_TYPES = {
    0: "Point",
    1: "LineString",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
}


def to_wgs84(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, str | None]:
    """Reproject to EPSG:4326 when needed; return the frame and the CRS it came from (or None)."""
    if gdf.crs is None or gdf.crs.equals("EPSG:4326"):
        return gdf, None
    source = gdf.crs.to_string()
    return gdf.to_crs("EPSG:4326"), source


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    values = pd.to_numeric(frame[column], errors="coerce")
    return np.asarray(values.astype("Float64").to_numpy(dtype="float64", na_value=np.nan))


def _days(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Days since 1970-01-01 as floats (NaN = missing)."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    stamps = pd.to_datetime(frame[column], errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    arr = stamps.to_numpy(dtype="datetime64[ns]")
    out = arr.astype("datetime64[D]").astype(np.int64).astype("float64")
    out[np.isnat(arr)] = np.nan
    return out


def _date_bounds(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(day, lo, hi): the event day and the interval it may lie in (month-only: the month)."""
    day = _days(frame, "event_date")
    lo, hi = _days(frame, "date_earliest"), _days(frame, "date_latest")
    month_only = _floats(frame, "time_precision") == 3
    if month_only.any():
        stamps = pd.to_datetime(frame["event_date"], errors="coerce")
        first = _days(pd.DataFrame({"d": stamps.dt.to_period("M").dt.start_time}), "d")
        last = _days(pd.DataFrame({"d": stamps.dt.to_period("M").dt.end_time}), "d")
        lo = np.where(np.isnan(lo) & month_only, first, lo)
        hi = np.where(np.isnan(hi) & month_only, last, hi)
    lo = np.fmin(np.where(np.isnan(lo), day, lo), day)
    hi = np.fmax(np.where(np.isnan(hi), day, hi), day)
    lo[np.isnan(day)] = np.nan
    hi[np.isnan(day)] = np.nan
    return day, lo, hi


class IncidentLayer(Layer, RawRender):
    """The incidents overlay: a columnar table drawn by ``bordermap.IncidentLayer`` in the page.

    Parameters
    ----------
    payload : dict
        The table (:meth:`layers._columnar.TableEncoder.payload`).
    shapes : dict or None
        FeatureCollection of the incidents whose geometry is not a point (feature id = row).
    options : dict
        Style, popup spec and clustering options for the page.
    name : str
        Name in the layer control; also the key in ``window.bordermapLayers``.
    show : bool
        Visible when the page opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = bordermap.register({{ this.layer_name|tojson }},
            new bordermap.IncidentLayer({{ this.payload|tojson }}, {{ this.shapes|tojson }},
                                        {{ this.options|tojson }}));
        {% endmacro %}
        """
    )

    def __init__(
        self,
        payload: dict[str, Any],
        shapes: dict[str, Any] | None,
        options: dict[str, Any],
        *,
        name: str = "Incidents",
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "IncidentLayer"
        self.payload = payload
        self.shapes = shapes
        self.options = options
        #: rows in the table / placed on the map / without geometry / without a date
        self.n_rows = 0
        self.feature_count = 0
        self.n_unplaced = 0
        self.n_undated = 0
        #: rows drafted from a story by rules, not reviewed (``drafted_from``): drawn hollow
        self.n_drafts = 0
        #: placed rows whose coordinates fail a check of the join (``coord_check``): ringed
        self.n_flagged = 0
        #: event types present, in the table's order
        self.event_types: list[str] = []
        #: free-text columns left out of the page (too many incidents)
        self.omitted: list[str] = []
        #: the CRS the incidents were reprojected from, if any
        self.reprojected_from: str | None = None


def incidents_layer(
    incidents: gpd.GeoDataFrame,
    *,
    name: str = "Incidents",
    show: bool = True,
    compact_above: int = 2000,
    free_text_limit: int = 250_000,
    cluster_above: int = 2000,
) -> IncidentLayer:
    """Return the incidents overlay.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        Output of :func:`geo.incidents.join.incidents_with_places` (any CRS; reprojected to WGS 84).
        Rows without geometry are kept in the table and listed by the side panel.
    name : str, keyword-only
        Layer name in the control.
    show : bool, keyword-only
        Visible when the page opens.
    compact_above : int, keyword-only
        Above this many rows the table goes into the page deflated and base64-encoded;
        up to it, as readable JSON.
    free_text_limit : int, keyword-only
        Above this many rows ``notes`` and ``evidence`` are left out of the page (the popup
        and the side panel say so; the exports keep them).
    cluster_above : int, keyword-only
        Points in view above which the page draws clusters (until zoom 13).

    Returns
    -------
    IncidentLayer
    """
    frame, source_crs = to_wgs84(incidents)
    n = len(frame)
    geoms = np.asarray(frame.geometry.array, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    is_point = (shapely.get_type_id(geoms) == 0) & ~missing
    is_shape = ~missing & ~is_point

    enc = TableEncoder(n)
    _encode_anchors(enc, geoms, is_point, is_shape)
    enc.num("kind", np.where(missing, 0, np.where(is_point, 1, 2)))
    type_codes, types = pd.factorize(
        frame["event_type"] if "event_type" in frame.columns else pd.Series([None] * n),
        use_na_sentinel=True,
    )
    enc.codes("event_type", type_codes, [str(t) for t in types])
    day = _encode_numbers(enc, frame)
    factorized: dict[str, tuple[np.ndarray, int]] = {}
    text = _text_frame(frame, geoms, missing)
    for column, (columns, func) in _DERIVED.items():
        codes, values = combo_text(text, columns, func, factorized=factorized)
        enc.codes(column, codes, values)
    omitted = [c for c in FREE_TEXT if n > free_text_limit and c in frame.columns]
    for column, unique in _TEXT.items():
        if column in frame.columns and column not in omitted:
            enc.text(column, frame[column].astype(object), unique=unique)

    fields = _popup_fields(omitted, n)
    n_drafts = _encode_drafts(enc, frame, fields)
    n_flagged = _encode_flags(enc, frame, missing, fields)
    options = _options([str(t) for t in types], fields, cluster_above)
    if n_drafts:
        options["style"]["draftLabel"] = DRAFT_LABEL
    if n_flagged:
        options["style"]["flagColor"] = FLAG_COLOR
    layer = IncidentLayer(
        enc.payload(compact=n > compact_above),
        _shapes(geoms, is_shape),
        options,
        name=name,
        show=show,
    )
    layer.n_rows = n
    layer.feature_count = int((~missing).sum())
    layer.n_unplaced = int(missing.sum())
    layer.n_undated = int(np.isnan(day).sum())
    layer.n_drafts = n_drafts
    layer.n_flagged = n_flagged
    layer.event_types = [str(t) for t in types]
    layer.omitted = omitted
    layer.reprojected_from = source_crs
    return layer


def _encode_drafts(enc: TableEncoder, frame: pd.DataFrame, fields: list[list[str]]) -> int:
    """Mark the machine drafts (rows with ``drafted_from``): a ``_review`` text the page draws
    them hollow by, first in the popup. Nothing is added when there is none."""
    if "drafted_from" not in frame.columns:
        return 0
    story = frame["drafted_from"].astype("string")
    drafts = story.notna().to_numpy(dtype=bool)
    if not drafts.any():
        return 0
    review = (DRAFT_LABEL + " (drafted from " + story + ")").astype(object)
    enc.text("_review", review.where(drafts, None))
    fields.insert(0, ["Review", "_review", "text"])
    return int(drafts.sum())


def _encode_flags(
    enc: TableEncoder, frame: pd.DataFrame, missing: np.ndarray, fields: list[list[str]]
) -> int:
    """Mark the placed incidents whose coordinates fail a check of the join (``coord_check``):
    a ``_check`` text (which check, how far from the named place) the page rings them by, a
    popup line after the location. Nothing is added when there is none."""
    if "coord_check" not in frame.columns:
        return 0
    checks = frame["coord_check"].astype(object).isin(list(COORD_CHECK_WORDS)).to_numpy(bool)
    flagged = checks & ~missing
    if not flagged.any():
        return 0
    columns = [c for c in ("coord_check", "coord_check_km", "place_name") if c in frame.columns]
    text = pd.DataFrame(frame[columns]).assign(coord_check=frame["coord_check"].where(flagged))
    codes, values = combo_text(text, columns, check_text)
    enc.codes("_check", codes, values)
    at = next(k for k, field in enumerate(fields) if field[1] == "_location") + 1
    fields.insert(at, ["Coordinate check", "_check", "warn"])
    return int(flagged.sum())


def _encode_anchors(
    enc: TableEncoder, geoms: np.ndarray, is_point: np.ndarray, is_shape: np.ndarray
) -> None:
    """Encode ``x`` and ``y``: the point, or a point on the line or polygon; NaN if none."""
    n = len(geoms)
    x, y = np.full(n, np.nan), np.full(n, np.nan)
    x[is_point], y[is_point] = shapely.get_x(geoms[is_point]), shapely.get_y(geoms[is_point])
    if is_shape.any():
        rep = shapely.point_on_surface(geoms[is_shape])
        x[is_shape], y[is_shape] = shapely.get_x(rep), shapely.get_y(rep)
    enc.num("x", x, scale=1e-5)
    enc.num("y", y, scale=1e-5)


def _encode_numbers(enc: TableEncoder, frame: pd.DataFrame) -> np.ndarray:
    """Encode casualties, location precision and the date interval; return the event days."""
    fatalities, injuries = _floats(frame, "fatalities"), _floats(frame, "injuries")
    enc.num("cas", np.nan_to_num(fatalities) + np.nan_to_num(injuries))
    enc.num("prec", _floats(frame, "geo_precision"))
    day, lo, hi = _date_bounds(frame)
    enc.num("day", day)
    enc.num("dlo", day - lo)  # days before / after the event day it may lie (mostly 0)
    enc.num("dhi", hi - day)
    return day


def _text_frame(frame: pd.DataFrame, geoms: np.ndarray, missing: np.ndarray) -> pd.DataFrame:
    """The columns the derived texts read, ``geometry_type`` filled in, and ``_placed``."""
    text = pd.DataFrame(index=frame.index)
    for column in {c for cols, _ in _DERIVED.values() for c in cols}:
        if column in frame.columns:
            text[column] = frame[column]
    kinds = pd.Series(shapely.get_type_id(geoms), index=frame.index).map(_GEOMETRY_TYPES)
    if "geometry_type" in text.columns:
        text["geometry_type"] = (
            text["geometry_type"].astype(object).where(text["geometry_type"].notna(), kinds)
        )
    else:
        text["geometry_type"] = kinds
    text["_placed"] = ~missing
    return text


def _popup_fields(omitted: list[str], n: int) -> list[list[str]]:
    """The popup's fields; a left-out column says so instead of showing its text."""
    fields = []
    for label, key, kind in INCIDENT_POPUP_FIELDS:
        if key in omitted:
            fields.append(
                [
                    label,
                    key,
                    "static",
                    f"left out of the map at {n:,} incidents; see the exported data",
                ]
            )
        else:
            fields.append([label, key, kind])
    return fields


def _options(types: list[str], fields: list[list[str]], cluster_above: int) -> dict[str, Any]:
    """The page's options: colour and shape per event type code, popup, clustering."""
    return {
        "style": {
            **STYLE,
            "colors": [OTHER_COLOR, *(EVENT_TYPE_COLORS.get(t, OTHER_COLOR) for t in types)],
            "shapes": [
                None,
                *(shape_vertices(EVENT_TYPE_SHAPES.get(t, "circle")) for t in types),
            ],
            "opacities": {"0": 0.8, **PRECISION_OPACITY},
        },
        "popup": {"title": "_title", "fields": fields},
        "clusterAbove": cluster_above,
        "clusterMaxZoom": 13,
    }


def _shapes(geoms: np.ndarray, is_shape: np.ndarray) -> dict[str, Any] | None:
    """FeatureCollection of the lines and polygons (feature id = row), or ``None``."""
    if not is_shape.any():
        return None
    idx = np.flatnonzero(is_shape)
    snapped = shapely.set_precision(geoms[idx], 1e-5, mode="pointwise")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": int(i),
                "properties": {},
                "geometry": shapely.geometry.mapping(g),
            }
            for i, g in zip(idx.tolist(), snapped, strict=True)
        ],
    }
