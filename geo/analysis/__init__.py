"""Questions asked of placed incidents: distance to the border, provinces, counts, grid cells,
and the same steps on a dask cluster.

The names below are imported lazily; import them from here (``from geo.analysis import ...``)
or from :mod:`geo`, not from the modules, which may move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "BORDER_ID": "geo.analysis.border",
    "SIDES": "geo.analysis.border",
    "border_distances_from_incidents": "geo.analysis.border",
    "border_km_from_points": "geo.analysis.border",
    "counts_from_incidents": "geo.analysis.border",
    "incidents_near_border": "geo.analysis.border",
    "nearest_places_from_incidents": "geo.analysis.border",
    "points_from_incidents": "geo.analysis.border",
    "province_polygons": "geo.analysis.border",
    "provinces_from_incidents": "geo.analysis.border",
    "CELL_COLUMNS": "geo.analysis.cells",
    "CELL_INPUT_COLUMNS": "geo.analysis.cells",
    "CELL_KEYS": "geo.analysis.cells",
    "CELL_REDUCTIONS": "geo.analysis.cells",
    "CELL_SUMS": "geo.analysis.cells",
    "cell_deg_problem": "geo.analysis.cells",
    "cell_rows_from_incidents": "geo.analysis.cells",
    "cells_from_cell_rows": "geo.analysis.cells",
    "cells_from_incidents": "geo.analysis.cells",
    "finished_cells": "geo.analysis.cells",
    "AggregateResult": "geo.analysis.distributed",
    "ENGINES": "geo.analysis.distributed",
    "ImportResult": "geo.analysis.distributed",
    "aggregate": "geo.analysis.distributed",
    "check_partition_schemas": "geo.analysis.distributed",
    "dask_client": "geo.analysis.distributed",
    "import_partitions": "geo.analysis.distributed",
    "partitions_from_paths": "geo.analysis.distributed",
}

__all__ = [
    "BORDER_ID",
    "CELL_COLUMNS",
    "CELL_INPUT_COLUMNS",
    "CELL_KEYS",
    "CELL_REDUCTIONS",
    "CELL_SUMS",
    "ENGINES",
    "SIDES",
    "AggregateResult",
    "ImportResult",
    "aggregate",
    "border_distances_from_incidents",
    "border_km_from_points",
    "cell_deg_problem",
    "cell_rows_from_incidents",
    "cells_from_cell_rows",
    "cells_from_incidents",
    "check_partition_schemas",
    "counts_from_incidents",
    "dask_client",
    "finished_cells",
    "import_partitions",
    "incidents_near_border",
    "nearest_places_from_incidents",
    "partitions_from_paths",
    "points_from_incidents",
    "province_polygons",
    "provinces_from_incidents",
]

if TYPE_CHECKING:
    from geo.analysis.border import (
        BORDER_ID,
        SIDES,
        border_distances_from_incidents,
        border_km_from_points,
        counts_from_incidents,
        incidents_near_border,
        nearest_places_from_incidents,
        points_from_incidents,
        province_polygons,
        provinces_from_incidents,
    )
    from geo.analysis.cells import (
        CELL_COLUMNS,
        CELL_INPUT_COLUMNS,
        CELL_KEYS,
        CELL_REDUCTIONS,
        CELL_SUMS,
        cell_deg_problem,
        cell_rows_from_incidents,
        cells_from_cell_rows,
        cells_from_incidents,
        finished_cells,
    )
    from geo.analysis.distributed import (
        ENGINES,
        AggregateResult,
        ImportResult,
        aggregate,
        check_partition_schemas,
        dask_client,
        import_partitions,
        partitions_from_paths,
    )

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
