"""The incident schema: ACLED-compatible columns plus what bordermap needs on top.

One row is one incident. Column names follow ACLED's export (``event_id_cnty``,
``event_date``, ``time_precision``, ``event_type``...) so that ACLED users recognise them and
ACLED files map onto them directly; the extra columns carry what a map made from news needs:
the evidence sentence, injuries, a date interval, and where the coordinates came from.

Precision codes
---------------
``time_precision`` (ACLED): 1 the day is known; 2 only a range of up to about a week is
known (``event_date`` is the middle of ``date_earliest`` .. ``date_latest``); 3 only the month
is known. Empty when the source gives no date at all: ``event_date`` is then empty too and
``date_latest`` may still bound it (for example by the publication date).

``geo_precision`` (ACLED): 1 the named town itself; 2 near a town or a part of a region, the
coordinates are those of the town; 3 a larger region, a corridor or a province: the geometry is
that region or line, never a point standing for it.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import pandera.pandas as pa

__all__ = [
    "DERIVED_COLUMNS",
    "DISORDER_TYPES",
    "DTYPES_METADATA_KEY",
    "EVENT_TYPES",
    "EXTRA_DTYPES",
    "INCIDENT_COLUMNS",
    "INPUT_SCHEMA",
    "PANDAS_DTYPES",
    "REQUIRED_COLUMNS",
    "REVIEW_STATUSES",
    "incident_gdf_schema",
]

#: ACLED event types and their sub-event types (ACLED codebook, 2023).
EVENT_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

#: ACLED disorder types.
DISORDER_TYPES: Final[tuple[str, ...]] = (
    "Political violence",
    "Demonstrations",
    "Political violence; Demonstrations",
    "Strategic developments",
)

REVIEW_STATUSES: Final[tuple[str, ...]] = ("draft", "reviewed", "rejected")

#: Column name -> (kind, required). Kinds: str, date, int, float.
#: Order is the order of every file bordermap writes.
INCIDENT_COLUMNS: Final[dict[str, tuple[str, bool]]] = {
    # --- ACLED-compatible ---
    "event_id_cnty": ("str", True),
    "event_date": ("date", False),
    "year": ("int", False),
    "time_precision": ("int", False),
    "disorder_type": ("str", False),
    "event_type": ("str", True),
    "sub_event_type": ("str", True),
    "actor1": ("str", True),
    "assoc_actor_1": ("str", False),
    "actor2": ("str", False),
    "assoc_actor_2": ("str", False),
    "iso": ("int", False),
    "country": ("str", True),
    "admin1": ("str", False),
    "admin2": ("str", False),
    "location": ("str", True),
    "latitude": ("float", False),
    "longitude": ("float", False),
    "geo_precision": ("int", True),
    "source": ("str", True),
    "source_scale": ("str", False),
    "notes": ("str", False),
    "fatalities": ("int", False),
    "tags": ("str", False),
    # --- bordermap ---
    "injuries": ("int", False),
    "weapons": ("str", False),
    "date_earliest": ("date", False),
    "date_latest": ("date", False),
    "evidence": ("str", True),
    "source_url": ("str", False),
    "review_status": ("str", False),
    # Filled by the join with the gazetteer (may be empty in an input file):
    "place_id": ("str", False),
    "place_name": ("str", False),
    "place_precision": ("str", False),
    "geometry_type": ("str", False),
    "coord_source": ("str", False),
    "geocode_confidence": ("float", False),
}

REQUIRED_COLUMNS: Final[tuple[str, ...]] = tuple(
    c for c, (_, req) in INCIDENT_COLUMNS.items() if req
)
DERIVED_COLUMNS: Final[tuple[str, ...]] = (
    "place_id",
    "place_name",
    "place_precision",
    "geometry_type",
    "coord_source",
    "geocode_confidence",
)

PANDAS_DTYPES: Final[dict[str, str]] = {
    "str": "string",
    "date": "datetime64[ms]",
    "int": "Int64",
    "float": "Float64",
}
#: Columns the join or the readers write besides the schema, with their pandas dtypes.
EXTRA_DTYPES: Final[dict[str, str]] = {
    "source_line": "Int64",
    "coord_check_km": "Float64",
    "geocode_confidence": "Float64",
}
#: GeoPackage layer-metadata key under which the writers store each column's pandas dtype.
DTYPES_METADATA_KEY: Final[str] = "bordermap_dtypes"
_ALL_SUB_TYPES: Final[tuple[str, ...]] = tuple(s for subs in EVENT_TYPES.values() for s in subs)


def _sub_type_fits(df: pd.DataFrame) -> pd.Series:
    """Row-wise: the sub-event type belongs to the event type."""
    fits = [
        pd.isna(sub) or pd.isna(kind) or sub in EVENT_TYPES.get(kind, ())
        for kind, sub in zip(df["event_type"], df["sub_event_type"], strict=True)
    ]
    return pd.Series(fits, index=df.index, dtype=bool)


def _coordinates_paired(df: pd.DataFrame) -> pd.Series:
    """Row-wise: latitude and longitude are both given or both empty."""
    return df["latitude"].isna() == df["longitude"].isna()


def _date_needs_precision(df: pd.DataFrame) -> pd.Series:
    """Row-wise: a date has a time precision and a precision has a date."""
    return df["event_date"].isna() == df["time_precision"].isna()


def _build_input_schema() -> pa.DataFrameSchema:
    checks: dict[str, list[pa.Check]] = {
        "event_id_cnty": [pa.Check.str_length(min_value=1)],
        "time_precision": [pa.Check.isin([1, 2, 3])],
        "geo_precision": [pa.Check.isin([1, 2, 3])],
        "event_type": [pa.Check.isin(list(EVENT_TYPES))],
        "sub_event_type": [pa.Check.isin(list(_ALL_SUB_TYPES))],
        "disorder_type": [pa.Check.isin(list(DISORDER_TYPES))],
        "latitude": [pa.Check.in_range(-90.0, 90.0)],
        "longitude": [pa.Check.in_range(-180.0, 180.0)],
        "fatalities": [pa.Check.ge(0)],
        "injuries": [pa.Check.ge(0)],
        "year": [pa.Check.in_range(1800, 2200)],
        "review_status": [pa.Check.isin(list(REVIEW_STATUSES))],
        "geocode_confidence": [pa.Check.in_range(0.0, 1.0)],
        "actor1": [pa.Check.str_length(min_value=1)],
        "location": [pa.Check.str_length(min_value=1)],
        "evidence": [pa.Check.str_length(min_value=1)],
        "country": [pa.Check.str_length(min_value=1)],
        "source": [pa.Check.str_length(min_value=1)],
    }
    columns = {
        name: pa.Column(
            PANDAS_DTYPES[kind],
            checks=checks.get(name, []),
            nullable=not required,
            required=True,
        )
        for name, (kind, required) in INCIDENT_COLUMNS.items()
    }
    return pa.DataFrameSchema(
        columns,
        unique=["event_id_cnty"],
        checks=[
            pa.Check(
                _sub_type_fits, name="sub_event_type belongs to event_type", element_wise=False
            ),
            pa.Check(_coordinates_paired, name="latitude and longitude both given or both empty"),
            pa.Check(
                _date_needs_precision, name="event_date and time_precision both given or both empty"
            ),
        ],
        name="incidents",
        strict=False,
    )


#: pandera schema of an incident table after parsing (one row per incident, no geometry).
INPUT_SCHEMA: Final[pa.DataFrameSchema] = _build_input_schema()


def incident_gdf_schema() -> pa.DataFrameSchema:
    """Return the schema of an incident GeoDataFrame (the join's output).

    The same columns as :data:`INPUT_SCHEMA`, plus a ``geometry`` column of shapely
    geometries in EPSG:4326 (empty for an incident whose place could not be resolved).
    """
    from pandera.engines.geopandas_engine import Geometry

    return INPUT_SCHEMA.add_columns(
        {"geometry": pa.Column(Geometry(crs="EPSG:4326"), nullable=True)}
    )
