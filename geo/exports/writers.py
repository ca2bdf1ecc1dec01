"""Write and read GeoDataFrames as files GIS users open: GeoJSON, GeoPackage, GeoParquet, CSV.

Every writer is atomic (see :func:`geo.exports.atomic.atomic_path`): the file is written beside its
target and renamed over it only when complete, so a failed write leaves nothing behind (and an
existing file as it was).

Formats
-------
GeoJSON
    RFC 7946: WGS 84 longitude/latitude (a projected frame is reprojected, with a warning), no
    ``crs`` member, 6 decimals, ``bbox`` on the collection and on every feature, polygons
    wound by the right-hand rule, and a feature ``id`` (1-based row number, an integer, so
    GDAL reads it back as the FID and not as a column). Dates are ``YYYY-MM-DD`` strings,
    which GDAL reads back as dates. Written column-wise by :mod:`geo.exports._geojson` (GDAL's
    driver formats one feature at a time; figures in benchmarks/RESULTS.md); frames with columns or
    geometries that writer leaves alone (time-zone aware dates, non-text objects, 3-D, a
    shape wider than 180°) go through GDAL's driver with ``RFC7946=YES``.
GeoPackage
    One layer per table (:func:`write_geopackage`; the CLI writes ``incidents``, ``places``,
    ``regions``, ``corridors``, ``checkpoints`` and ``border``). Incidents and places keep a
    *generic* geometry column (``GEOMETRY``): an incident is a point, a line or an area, and
    so is a place. Reference features are split by type so each of their layers has one
    geometry type. The pandas dtypes of every column are stored in the layer's metadata
    (``bordermap_dtypes``), so nullable integers and datetimes come back as written.
GeoParquet
    geopandas' table, field and metadata (CRS as PROJJSON, pandas dtypes kept), the points'
    WKB made by numpy (:mod:`geo.exports._geoparquet`); needs ``pyarrow``.
ACLED-compatible CSV
    ACLED's 31 column names first, in ACLED's order (empty where bordermap has no value), then
    bordermap's own columns, then ``geometry_wkt`` (the true geometry: a corridor stays a
    line). Dates are ISO ``YYYY-MM-DD``.

Every CSV (the ACLED-compatible export, the reports ``rejected.csv``, ``unresolved.csv``,
``coord_checks.csv``, ``cells.csv``, ``draft``'s records) goes through :func:`formula_safe`:
a text cell (or column name) that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading single quote, so a spreadsheet shows it as text instead of running it
as a formula (OWASP, "CSV Injection"). Numbers in numeric columns are written as they are;
a number-looking text cell in a text column (``-5`` as a ``notes`` value or a rejected
``value``) is quoted too: a spreadsheet would read it as a number or a formula (``-5+A1``),
and telling the two apart needs the spreadsheet's own parser and locale.

Refusals (:class:`geo.errors.BordermapError`, nothing written): a frame without a CRS; an
existing target unless ``overwrite=True``; an empty selection for the strict writers
(``allow_empty=False``); a folder that cannot be written to.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final, Literal, TextIO, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.errors import (
    EmptySelectionError,
    MissingCRSError,
    MissingDependencyError,
    OutputError,
    OutputExistsError,
)
from geo.exports._geojson import geojson_chunks
from geo.exports._geoparquet import geoparquet_table
from geo.exports.atomic import atomic_path
from geo.incidents.acled import ACLED_2023_COLUMNS
from geo.incidents.schema import DTYPES_METADATA_KEY

__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_PREFIXES",
    "export_incidents",
    "formula_safe",
    "layers_from_reference",
    "write_acled_csv",
    "write_csv",
    "write_geojson",
    "write_geopackage",
    "write_geoparquet",
]

logger = logging.getLogger(__name__)

ExportFormat = Literal["geojson", "gpkg", "parquet", "csv"]
#: Formats of :func:`export_incidents` and their file suffixes.
EXPORT_FORMATS: Final[dict[str, str]] = {
    "geojson": ".geojson",
    "gpkg": ".gpkg",
    "parquet": ".parquet",
    "csv": ".csv",
}
_ID_FIELD: Final[str] = "__bordermap_fid"
#: First characters that make a spreadsheet read a text cell as a formula (OWASP).
FORMULA_PREFIXES: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------------------- checks


def _target(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Return the target path after checking it can be (re)written."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, not a file")
    if target.exists() and not overwrite:
        raise OutputExistsError(f"{target}: exists; refusing to replace it (pass --overwrite)")
    folder = target.parent
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{target}: cannot write there, {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: cannot write to {probe} (permission denied)")
    return target


def _wgs84(gdf: gpd.GeoDataFrame, target: Path, *, fmt: str) -> gpd.GeoDataFrame:
    """Return the frame in EPSG:4326; refuse one without a CRS, reproject (and say) others."""
    if gdf.crs is None:
        raise MissingCRSError(
            f"{target}: refusing to write a GeoDataFrame without a CRS (its coordinates could "
            "be anything); set one with .set_crs(), e.g. .set_crs('EPSG:4326')"
        )
    if not gdf.crs.equals("EPSG:4326"):
        message = f"{target}: reprojecting from {gdf.crs.to_string()} to EPSG:4326 for {fmt}"
        warnings.warn(message, stacklevel=3)
        logger.warning(message)
        gdf = gdf.to_crs("EPSG:4326")
    return gdf


def _non_empty(frame: pd.DataFrame, target: Path, *, allow_empty: bool) -> None:
    if not allow_empty and len(frame) == 0:
        raise EmptySelectionError(
            f"{target}: nothing to write, the selection is empty (0 rows); no file was written"
        )


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(c): str(t) for c, t in frame.dtypes.items() if str(t) != "geometry"}


def _arrow_transfer(frame: pd.DataFrame) -> bool:
    """Hand the columns to GDAL as Arrow (whole columns, not one feature at a time): GDAL >= 3.8,
    and no object column (pyogrio cannot pass one of mixed types that way)."""
    if pyogrio.__gdal_version__ < (3, 8, 0):
        return False
    geometry = getattr(frame, "_geometry_column_name", None)
    return not any(
        pd.api.types.is_object_dtype(dtype) for c, dtype in frame.dtypes.items() if c != geometry
    )


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns as ``YYYY-MM-DD`` (or full ISO when a time of day is set)."""
    out = frame.copy()
    for column in out.columns:
        if column == getattr(out, "_geometry_column_name", None):
            continue
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            values = out[column]
            has_time = bool((values.dropna() != values.dropna().dt.normalize()).any())
            fmt = "%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d"
            out[column] = values.dt.strftime(fmt).astype("string")
    return out


# ---------------------------------------------------------------------------- writers


def write_geojson(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = True,
    allow_empty: bool = True,
) -> Path:
    """Write a GeoDataFrame as RFC 7946 GeoJSON, atomically.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Must have a CRS; a projected one is reprojected to EPSG:4326 (with a warning).
    path : path-like
        Target file; replaced only when the new file is complete.
    overwrite : bool, keyword-only
        Replace an existing file (default, as ``bordermap build`` does); ``False`` refuses.
    allow_empty : bool, keyword-only
        Write an empty FeatureCollection for an empty frame (default); ``False`` refuses.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    BordermapError
        The frame has no CRS, or the target exists and ``overwrite`` is false, or the folder
        is not writable; :class:`EmptySelectionError` for an empty frame with
        ``allow_empty=False``.
    """
    target = _target(path, overwrite=overwrite)
    _non_empty(gdf, target, allow_empty=allow_empty)
    gdf = _wgs84(gdf, target, fmt="GeoJSON")
    chunks = geojson_chunks(gdf, name=target.stem)
    if chunks is not None:
        with atomic_path(target) as tmp, tmp.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        logger.info("wrote %s (%d features)", target, len(gdf))
        return target
    logger.info("%s: a column or geometry the column writer leaves to GDAL", target)
    out = _dates_as_text(gdf)
    out[_ID_FIELD] = np.arange(1, len(out) + 1, dtype=np.int64)
    with atomic_path(target) as tmp, _gdal_writing(tmp.parent, out):
        pyogrio.write_dataframe(
            out,
            tmp,
            driver="GeoJSON",
            layer=target.stem,
            layer_options={
                "RFC7946": "YES",
                "WRITE_BBOX": "YES",
                "COORDINATE_PRECISION": 6,
                "ID_FIELD": _ID_FIELD,
                "ID_TYPE": "Integer",
            },
        )
    logger.info("wrote %s (%d features)", target, len(gdf))
    return target


def _gpkg_columns_apart(gdf: gpd.GeoDataFrame, target: Path, *, layer: str) -> None:
    """Refuse columns a GeoPackage layer cannot keep apart: SQLite compares column names
    without case (``Actor2`` is ``actor2``; a ``GEOMETRY`` text column is the geometry's,
    and GDAL crashed on it), and ``fid`` names the feature id.

    Raises
    ------
    OutputError
        Naming each clash, and what to do (the file by its name: ``target`` may be staged).
    """
    seen = {"fid": "the feature id"}
    clashes = []
    for column in map(str, gdf.columns):
        key = column.casefold()
        if key in seen:
            clashes.append(f"{column!r} and {seen[key]}")
        else:
            seen[key] = repr(column)
    if clashes:
        raise OutputError(
            f"{target.name}: a GeoPackage layer ({layer}) cannot hold columns named alike but for "
            f"case, nor one named fid: {'; '.join(clashes)}; rename them in the input, or "
            "write GeoJSON or Parquet (nothing was written)"
        )


#: Free space (bytes) below which a write GDAL reports failed is taken for a full disk.
_NEARLY_FULL: Final = 1 << 20
_DISK_FULL_TEXTS: Final = ("disk is full", "No space left on device")


@contextlib.contextmanager
def _gdal_writing(folder: Path, frame: pd.DataFrame) -> Iterator[None]:
    """Name a full disk when GDAL fails to write for lack of space.

    GDAL reports it as a failed write without the errno (pyogrio's FeatureError
    "... database or disk is full", or through Arrow DataLayerError "cannot rollback - no
    transaction is active", the rollback having freed the space again), which a user would
    read as a bug. The disk is taken to be full when the message says so, or when the
    folder has less room left than the frame takes in memory (and at least 1 MiB).
    """
    try:
        yield
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        need = max(_NEARLY_FULL, int(frame.memory_usage(deep=True).sum()))
        said = any(text in str(exc) for text in _DISK_FULL_TEXTS)
        if said or shutil.disk_usage(folder).free < need:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)) from None
        raise


def write_geopackage(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    allow_empty: bool = False,
) -> Path:
    """Write GeoDataFrames as the layers of one GeoPackage, atomically.

    Parameters
    ----------
    layers : mapping of str to geopandas.GeoDataFrame
        Layer name -> frame. Each must have a CRS (a projected one is reprojected to
        EPSG:4326, with a warning). Mixed geometry types go into a generic ``GEOMETRY``
        column; the dtypes of every column are stored in the layer metadata.
    path : path-like
        Target ``.gpkg``.
    overwrite : bool, keyword-only
        Replace an existing file; by default it is refused.
    allow_empty : bool, keyword-only
        Write empty layers; by default an empty *first* layer (the selection) is refused and
        other empty layers are left out.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    BordermapError
        As :func:`write_geojson`.
    """
    target = _target(path, overwrite=overwrite)
    if not layers:
        raise EmptySelectionError(f"{target}: no layers to write")
    items = list(layers.items())
    _non_empty(items[0][1], target, allow_empty=allow_empty)
    with atomic_path(target) as tmp:
        # GDAL wants the .gpkg extension; write under it, then hand over to atomic_path.
        staging = tmp.with_name(tmp.name + ".gpkg")
        try:
            for name, gdf in items:
                if len(gdf) == 0 and not allow_empty:
                    logger.info("%s: layer %s is empty, left out", target, name)
                    continue
                _gpkg_columns_apart(gdf, target, layer=name)
                frame = _wgs84(gdf, target, fmt="GeoPackage")
                types = set(frame.geometry.dropna().geom_type)
                geometry_type = types.pop() if len(types) == 1 else "Unknown"
                with _gdal_writing(tmp.parent, frame):
                    pyogrio.write_dataframe(
                        frame,
                        staging,
                        layer=name,
                        driver="GPKG",
                        geometry_type=geometry_type,
                        layer_metadata={DTYPES_METADATA_KEY: json.dumps(_dtypes(frame))},
                        use_arrow=_arrow_transfer(frame),
                    )
            staging.replace(tmp)
        finally:
            for leftover in (staging, *staging.parent.glob(staging.name + "-*")):
                leftover.unlink(missing_ok=True)
    logger.info("wrote %s (layers %s)", target, ", ".join(n for n, _ in items))
    return target


def write_geoparquet(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    allow_empty: bool = False,
) -> Path:
    """Write a GeoDataFrame as GeoParquet (1.0), atomically; needs ``pyarrow``.

    The CRS must be set (it is stored as PROJJSON; a projected CRS is kept as it is, since
    GeoParquet records it). Parameters and errors as :func:`write_geopackage`.
    """
    target = _target(path, overwrite=overwrite)
    _non_empty(gdf, target, allow_empty=allow_empty)
    if gdf.crs is None:
        _wgs84(gdf, target, fmt="GeoParquet")  # raises
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise MissingDependencyError("GeoParquet needs pyarrow: pip install 'pyarrow>=14'") from exc
    table = geoparquet_table(gdf)  # geopandas' table, points' WKB made by numpy
    with atomic_path(target) as tmp:
        if table is None:
            gdf.to_parquet(tmp, index=False)
        else:
            import pyarrow.parquet as pq

            pq.write_table(table, tmp, compression="snappy")  # to_parquet's default
    logger.info("wrote %s (%d rows)", target, len(gdf))
    return target


def write_acled_csv(
    gdf: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    allow_empty: bool = False,
) -> Path:
    """Write incidents as an ACLED-compatible CSV, atomically.

    ACLED's 31 columns (:data:`ACLED_2023_COLUMNS`) come first, in ACLED's order, empty where
    the frame has no such column (``inter1``, ``region``...); then the frame's other columns
    in their order; then ``geometry_wkt``. Dates are ISO ``YYYY-MM-DD`` (ACLED's own exports
    write ``28 December 2022``; ISO is what its API returns and what spreadsheets sort).
    A GeoDataFrame must have a CRS (a projected one is reprojected, with a warning, so that
    ``latitude``/``longitude`` and the WKT are WGS 84). Errors as :func:`write_geopackage`.
    """
    target = _target(path, overwrite=overwrite)
    _non_empty(gdf, target, allow_empty=allow_empty)
    wkt: pd.Series | None = None
    if isinstance(gdf, gpd.GeoDataFrame):
        geo84 = _wgs84(gdf, target, fmt="CSV")
        wkt = pd.Series(
            shapely.to_wkt(geo84.geometry.values, rounding_precision=6, trim=True),
            index=gdf.index,
            dtype="string",
        )
        frame = pd.DataFrame(geo84.drop(columns=geo84.geometry.name))
    else:
        frame = pd.DataFrame(gdf)
    out = pd.DataFrame(index=frame.index)
    for column in ACLED_2023_COLUMNS:
        out[column] = frame[column] if column in frame.columns else pd.NA
    for column in frame.columns:
        if column not in out.columns:
            out[column] = frame[column]
    if wkt is not None:
        out["geometry_wkt"] = wkt
    out = formula_safe(_dates_as_text(out))
    with atomic_path(target) as tmp:
        out.to_csv(tmp, index=False, float_format="%.15g")
    logger.info("wrote %s (%d rows)", target, len(out))
    return target


def _formula_cells(values: pd.Series) -> np.ndarray:
    """Which cells of a column are text that a spreadsheet would take for a formula."""
    if isinstance(values.dtype, pd.StringDtype):
        found = values.str.startswith(FORMULA_PREFIXES)
        return np.asarray(found.to_numpy(dtype=bool, na_value=False))
    if isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(values):
        return np.fromiter(
            (isinstance(v, str) and v.startswith(FORMULA_PREFIXES) for v in values),
            dtype=bool,
            count=len(values),
        )
    return np.zeros(len(values), dtype=bool)  # numbers, dates, booleans: never text


def _quoted(text: object) -> object:
    return f"'{text}" if isinstance(text, str) and text.startswith(FORMULA_PREFIXES) else text


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the table with its formula-leading text cells (and column names) quoted.

    A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    (:data:`FORMULA_PREFIXES`) gets a leading single quote, so that a spreadsheet opening the
    CSV shows it as text rather than running it (OWASP's rule against CSV injection). Cells of
    numeric, date and boolean columns are left as they are; so is every other text cell. A
    number written as text in a text column (``-5``) is quoted too: see the module docstring.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to write; not changed (a copy is returned when anything is quoted).

    Examples
    --------
    >>> import pandas as pd
    >>> from geo.exports import formula_safe
    >>> table = pd.DataFrame({"note": ["=1+1", "ok", "-5", "@SUM(A1)"], "n": [-5, 1, 2, 3]})
    >>> formula_safe(table).to_dict("list")
    {'note': ["'=1+1", 'ok', "'-5", "'@SUM(A1)"], 'n': [-5, 1, 2, 3]}
    """
    out = frame
    for position in range(frame.shape[1]):
        values = frame.iloc[:, position]
        bad = _formula_cells(values)
        if not bad.any():
            continue
        if out is frame:
            out = frame.copy()
        fixed = values.astype(object).copy()
        fixed[bad] = ["'" + str(v) for v in fixed[bad]]
        string = isinstance(values.dtype, pd.StringDtype)
        out.isetitem(position, fixed.astype(values.dtype) if string else fixed)
    names = [_quoted(c) for c in out.columns]
    if names != list(out.columns):
        out = out.copy() if out is frame else out
        out.columns = pd.Index(names)
    return out


@overload
def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path: ...
@overload
def write_csv(frame: pd.DataFrame, path: TextIO) -> None: ...
def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str] | TextIO) -> Path | None:
    """Write a table as UTF-8 CSV (geometry, if any, as WKT; text cells :func:`formula_safe`).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; a GeoDataFrame's geometry becomes a ``geometry_wkt`` column.
    path : path-like or text stream
        A file, written atomically; or an open text stream (standard output), written to.

    Returns
    -------
    pathlib.Path or None
        The file written (``None`` for a stream).
    """
    out = pd.DataFrame(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        out = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        out["geometry_wkt"] = frame.geometry.to_wkt()
    out = formula_safe(out)
    if not isinstance(path, str | os.PathLike):
        out.to_csv(path, index=False, date_format="%Y-%m-%d")
        return None
    target = Path(path)
    with atomic_path(target) as tmp:
        out.to_csv(tmp, index=False, date_format="%Y-%m-%d")
    return target


# ---------------------------------------------------------------------------- the export


def layers_from_reference(features: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Split the curated reference features into single-type GeoPackage layers.

    Returns ``regions`` (provinces and regions: polygons), ``corridors`` (lines),
    ``checkpoints`` (points) and ``border`` (the border line); the Caucasus outline and any
    other feature class go to ``regions`` when they are polygons.
    """
    kind = features["feature_class"].fillna("")
    geom = features.geometry.geom_type
    return {
        "regions": features[geom.isin(["Polygon", "MultiPolygon"])],
        "corridors": features[(kind == "corridor")],
        "checkpoints": features[(kind == "checkpoint")],
        "border": features[(kind == "border")],
    }


def export_incidents(
    incidents: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    format: ExportFormat,
    places: gpd.GeoDataFrame | None = None,
    features: gpd.GeoDataFrame | None = None,
    overwrite: bool = False,
) -> Path:
    """Export incidents (and, for a GeoPackage, places and reference layers) strictly.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame
        The incidents; must have a CRS and at least one row.
    path : path-like
        Target file.
    format : {"geojson", "gpkg", "parquet", "csv"}, keyword-only
        Output format (see the module docstring).
    places, features : geopandas.GeoDataFrame, optional, keyword-only
        Places mentioned and reference features (:func:`geo.places.reference.reference_features`);
        written as GeoPackage layers ``places``, ``regions``, ``corridors``, ``checkpoints``,
        ``border``. Ignored by the other formats.
    overwrite : bool, keyword-only
        Replace an existing file; refused by default.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    OutputExistsError
        The file exists and ``overwrite`` is false.
    MissingCRSError
        ``incidents`` has no CRS.
    EmptySelectionError
        ``incidents`` has no row.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyogrio
    >>> import geo
    >>> joined = geo.incidents_with_places(geo.incidents_from_csv("seeds/incidents.csv"))
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = geo.export_incidents(
    ...     joined.incidents,
    ...     folder / "incidents.gpkg",
    ...     format="gpkg",
    ...     features=geo.reference_features(),
    ... )
    >>> pyogrio.list_layers(path)[:, 0].tolist()
    ['incidents', 'regions', 'corridors', 'checkpoints', 'border']
    >>> geo.frame_from_geopackage(path, layer="incidents")["event_id_cnty"].tolist()
    ['BM-2023-0001', 'BM-2023-0002', 'BM-2023-0003']
    >>> geo.export_incidents(joined.incidents, path, format="gpkg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.errors.OutputExistsError: ...incidents.gpkg: exists; refusing to replace it (pass --overwrite)
    """
    if format == "geojson":
        return write_geojson(incidents, path, overwrite=overwrite, allow_empty=False)
    if format == "gpkg":
        layers: dict[str, gpd.GeoDataFrame] = {"incidents": incidents}
        if places is not None:
            layers["places"] = places
        if features is not None:
            layers.update(layers_from_reference(features))
        return write_geopackage(layers, path, overwrite=overwrite)
    if format == "parquet":
        return write_geoparquet(incidents, path, overwrite=overwrite)
    if format == "csv":
        return write_acled_csv(incidents, path, overwrite=overwrite)
    raise ValueError(f"unknown format {format!r}; expected one of {', '.join(EXPORT_FORMATS)}")
