"""bordermap's map layer: from GeoDataFrames to layered folium maps.

One module per kind of layer (:mod:`layers.incidents`, :mod:`layers.places`,
:mod:`layers.regions`, :mod:`layers.corridors`), the legend and basemaps, and
:mod:`layers.map` that assembles them. Imports :mod:`geo`; :mod:`geo` never imports this.
"""

from layers.map import html_from_map, incident_map, save_map

__all__ = ["html_from_map", "incident_map", "save_map"]
