"""A GeoJSON layer driven by the runtime: one JSON blob, style and popups computed in the page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.map import Layer
from jinja2 import Template

from layers._element import RawRender

__all__ = ["GeoJsonLayer", "feature_collection", "json_value"]


def json_value(value: Any) -> Any:
    """Turn a pandas/numpy cell into a JSON-ready value (missing -> ``None``)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.strftime("%Y-%m-%d")
    return value


def feature_collection(
    gdf: gpd.GeoDataFrame,
    properties: Sequence[str],
    *,
    id_column: str | None = None,
    simplify: float = 0.0,
    grid: float = 1e-5,
) -> dict[str, Any]:
    """Build a GeoJSON FeatureCollection dict from a GeoDataFrame, for a map.

    Rows without geometry are left out (callers list them elsewhere). Coordinates are
    snapped to ``grid`` degrees (1e-5 is about 1 m) so the page stays small and stable.
    """
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    features: list[dict[str, Any]] = []
    geoms = gdf.geometry.to_numpy()
    present = [p for p in properties if p in gdf.columns]
    columns = {p: gdf[p].to_numpy(dtype=object) for p in present}
    ids = gdf[id_column].to_numpy(dtype=object) if id_column else None
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            continue
        if simplify and geom.geom_type in (
            "Polygon",
            "MultiPolygon",
            "LineString",
            "MultiLineString",
        ):
            geom = geom.simplify(simplify, preserve_topology=True)
        geom = shapely.set_precision(geom, grid, mode="pointwise")
        feature: dict[str, Any] = {
            "type": "Feature",
            "properties": {p: json_value(columns[p][i]) for p in present},
            "geometry": shapely.geometry.mapping(geom),
        }
        if ids is not None:
            feature["id"] = json_value(ids[i])
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


class GeoJsonLayer(Layer, RawRender):
    """An overlay drawn from one FeatureCollection with runtime styles and lazy popups.

    Parameters
    ----------
    data : dict
        A FeatureCollection (see :func:`feature_collection`).
    name : str
        Name in the layer control; also the key in ``window.bordermapLayers``.
    style : dict
        Style spec for ``bordermap.style`` (``by``, ``colors``, ``radius``, ``sizeBy``...).
    popup : dict or None
        ``{"title": key, "fields": [[label, key, kind], ...]}``; kinds ``text``, ``quote``, ``link``.
    tooltip : str or None
        Property shown on hover.
    show : bool
        Visible when the page opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = bordermap.register({{ this.layer_name|tojson }}, L.geoJSON(
            {{ this.data|tojson }},
            {
                pointToLayer: function (feature, latlng) {
                    return L.circleMarker(latlng, bordermap.style(feature, {{ this.style|tojson }}, true));
                },
                style: function (feature) { return bordermap.style(feature, {{ this.style|tojson }}); },
                onEachFeature: function (feature, layer) {
                    bordermap.bind(feature, layer, {{ this.popup|tojson }}, {{ this.tooltip|tojson }});
                }
            }
        ));
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any],
        *,
        name: str,
        style: dict[str, Any],
        popup: dict[str, Any] | None = None,
        tooltip: str | None = None,
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "GeoJsonLayer"
        self.data = data
        self.style = style
        self.popup = popup
        self.tooltip = tooltip

    @property
    def feature_count(self) -> int:
        """Number of features drawn."""
        return len(self.data["features"])
