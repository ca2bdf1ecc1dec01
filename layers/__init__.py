"""bordermap's map layer: from GeoDataFrames to layered folium maps.

One module per kind of layer (:mod:`layers.incidents`, :mod:`layers.places`,
:mod:`layers.regions`, :mod:`layers.corridors`, :mod:`layers.heat`, :mod:`layers.grid`,
:mod:`layers.changes`), the
legend, basemaps and controls, and :mod:`layers.map` that assembles them. Imports :mod:`geo`'s
public names; :mod:`geo` never imports this.

The names below are imported lazily (``import layers`` does not load folium); use them from
here, not from the modules, which may move.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "CHANGE_COLORS": "layers.changes",
    "cells_layer": "layers.grid",
    "cells_map": "layers.grid",
    "changes_layer": "layers.changes",
    "corridors_layer": "layers.corridors",
    "EVENT_TYPE_COLORS": "layers.styles",
    "EVENT_TYPE_SHAPES": "layers.styles",
    "FEATURE_COLORS": "layers.styles",
    "FEATURE_LABELS": "layers.styles",
    "heat_layer": "layers.heat",
    "html_from_map": "layers.map",
    "incident_map": "layers.map",
    "incidents_layer": "layers.incidents",
    "places_layer": "layers.places",
    "regions_layer": "layers.regions",
    "ROLE_COLORS": "layers.styles",
    "ROLE_LABELS": "layers.styles",
    "save_map": "layers.map",
}

__all__ = [
    "CHANGE_COLORS",
    "EVENT_TYPE_COLORS",
    "EVENT_TYPE_SHAPES",
    "FEATURE_COLORS",
    "FEATURE_LABELS",
    "ROLE_COLORS",
    "ROLE_LABELS",
    "cells_layer",
    "cells_map",
    "changes_layer",
    "corridors_layer",
    "heat_layer",
    "html_from_map",
    "incident_map",
    "incidents_layer",
    "places_layer",
    "regions_layer",
    "save_map",
]

if TYPE_CHECKING:
    from layers.changes import CHANGE_COLORS, changes_layer
    from layers.corridors import corridors_layer
    from layers.grid import cells_layer, cells_map
    from layers.heat import heat_layer
    from layers.incidents import incidents_layer
    from layers.map import html_from_map, incident_map, save_map
    from layers.places import places_layer
    from layers.regions import regions_layer
    from layers.styles import (
        EVENT_TYPE_COLORS,
        EVENT_TYPE_SHAPES,
        FEATURE_COLORS,
        FEATURE_LABELS,
        ROLE_COLORS,
        ROLE_LABELS,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'layers' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return __all__
