"""The changes layer: what the last import into the incident store added, changed, withdrew.

Drawn from :func:`geo.changes_from_store` — one feature per change, at the incident's current
geometry, coloured by the kind of change; the popup names the changed fields. Text goes into
the page as data and is escaped there, like every other layer.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd

from layers._geojson import GeoJsonLayer, feature_collection

__all__ = ["CHANGE_COLORS", "changes_layer"]

#: Kind of change -> colour.
CHANGE_COLORS: Final[dict[str, str]] = {
    "added": "#1a9850",
    "changed": "#fdae61",
    "restored": "#4575b4",
    "withdrawn": "#636363",
}

_FIELDS = [
    ["Change", "change", "text"],
    ["Changed fields", "changed_fields", "text"],
    ["Dataset", "dataset", "text"],
    ["Version now", "version", "text"],
    ["Date", "event_date", "text"],
    ["Event type", "event_type", "text"],
    ["Location", "location", "text"],
    ["Fatalities", "fatalities", "text"],
    ["Import run", "run_id", "text"],
    ["Imported at", "imported_at", "text"],
]


def changes_layer(
    changes: gpd.GeoDataFrame, *, name: str = "Changes in the last import", show: bool = True
) -> GeoJsonLayer:
    """Return the overlay of an import's changes (added, changed, restored, withdrawn).

    Parameters
    ----------
    changes : geopandas.GeoDataFrame
        From :func:`geo.changes_from_store`.
    name : str, keyword-only
        Name in the layer control.
    show : bool, keyword-only
        Visible when the page opens.
    """
    frame = changes.copy()
    frame["_tooltip"] = [
        f"{change}: {event}"
        for change, event in zip(frame["change"], frame["event_id_cnty"], strict=True)
    ]
    props = [field[1] for field in _FIELDS] + ["event_id_cnty", "_tooltip"]
    data = feature_collection(frame, props)
    style = {"by": "change", "colors": CHANGE_COLORS, "radius": 9, "weight": 3, "fillOpacity": 0.15}
    return GeoJsonLayer(
        data,
        name=name,
        style=style,
        popup={"title": "event_id_cnty", "fields": _FIELDS},
        tooltip="_tooltip",
        show=show,
    )
