"""Day x grid cell aggregation (geo/analysis/cells.py); the dask engine's equality is in test_distributed."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point


def test_cells_per_day_and_grid_cell():
    from geo.analysis.cells import CELL_COLUMNS, cells_from_incidents

    gdf = gpd.GeoDataFrame(
        {
            "event_date": pd.to_datetime(
                ["2023-09-19", "2023-09-19", "2023-09-19", "2023-09-20", None]
            ),
            "fatalities": pd.array([2, None, 1, 0, 5], dtype="Int64"),
            "time_precision": pd.array([1, 2, 1, 3, None], dtype="Int64"),
        },
        # 45.3 / 0.1 is 452.99999999999994 in floats: cells are cut on integer micro-degrees
        geometry=[
            Point(45.3, 40.0),
            Point(45.35, 40.05),
            Point(46.0, 39.5),
            Point(45.3, 40.0),
            None,
        ],
        crs="EPSG:4326",
    )
    cells = cells_from_incidents(gdf, cell_deg=0.1, near_km=50)
    assert list(cells.columns) == list(CELL_COLUMNS)
    first = cells.iloc[0]
    assert (first["cell_x"], first["cell_y"], first["incidents"], first["fatalities"]) == (
        453,
        400,
        2,
        2,
    )
    assert first["vague_dates"] == 1
    assert first["cell_lon"] == pytest.approx(45.35) and first["cell_lat"] == pytest.approx(40.05)
    assert len(cells) == 4 and cells["incidents"].sum() == 5
    last = cells.iloc[-1]  # the undated, unplaced incident: its own group, last
    assert pd.isna(last["day"]) and pd.isna(last["cell_x"]) and np.isnan(last["border_km_min"])
    assert last["fatalities"] == 5
    with pytest.raises(ValueError, match=r"cell_deg must be between 0\.001 and 10"):
        cells_from_incidents(gdf, cell_deg=0.0)


def test_cells_of_parts_add_up_to_the_cells_of_the_whole():
    from geo.analysis.cells import (
        cell_rows_from_incidents,
        cells_from_cell_rows,
        cells_from_incidents,
    )

    rng = np.random.default_rng(5)
    n = 5_000
    gdf = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(rng.uniform(44.5, 47.0, n), rng.uniform(38.8, 41.2, n)),
        crs="EPSG:4326",
    )
    gdf["event_date"] = pd.Timestamp("2022-09-01") + pd.to_timedelta(rng.integers(0, 30, n), "D")
    gdf["fatalities"] = rng.integers(0, 3, n)
    whole = cells_from_incidents(gdf, cell_deg=0.5)
    partials = pd.concat(
        [
            cells_from_cell_rows(cell_rows_from_incidents(part, cell_deg=0.5), cell_deg=0.5)
            for part in (gdf.iloc[:1234], gdf.iloc[1234:4000], gdf.iloc[4000:])
        ]
    )
    pd.testing.assert_frame_equal(
        cells_from_cell_rows(partials, cell_deg=0.5), whole, check_exact=True
    )
