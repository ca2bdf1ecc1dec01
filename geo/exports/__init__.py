"""Files for GIS users: GeoJSON (RFC 7946), GeoPackage, GeoParquet and ACLED-compatible CSV,
all written atomically.

The names below are imported lazily; import them from here (``from geo.exports import ...``)
or from :mod:`geo`, not from the modules, which may move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "OutputSet": "geo.exports.atomic",
    "atomic_path": "geo.exports.atomic",
    "output_set": "geo.exports.atomic",
    "recover_outputs": "geo.exports.atomic",
    "EXPORT_FORMATS": "geo.exports.writers",
    "FORMULA_PREFIXES": "geo.exports.writers",
    "export_incidents": "geo.exports.writers",
    "formula_safe": "geo.exports.writers",
    "layers_from_reference": "geo.exports.writers",
    "write_acled_csv": "geo.exports.writers",
    "write_csv": "geo.exports.writers",
    "write_geojson": "geo.exports.writers",
    "write_geopackage": "geo.exports.writers",
    "write_geoparquet": "geo.exports.writers",
}

__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_PREFIXES",
    "OutputSet",
    "atomic_path",
    "export_incidents",
    "formula_safe",
    "layers_from_reference",
    "output_set",
    "recover_outputs",
    "write_acled_csv",
    "write_csv",
    "write_geojson",
    "write_geopackage",
    "write_geoparquet",
]

if TYPE_CHECKING:
    from geo.exports.atomic import OutputSet, atomic_path, output_set, recover_outputs
    from geo.exports.writers import (
        EXPORT_FORMATS,
        FORMULA_PREFIXES,
        export_incidents,
        formula_safe,
        layers_from_reference,
        write_acled_csv,
        write_csv,
        write_geojson,
        write_geopackage,
        write_geoparquet,
    )

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
