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

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import pandas as pd
import pyarrow

if TYPE_CHECKING:  # pandera is imported when a schema is first used (the readers need none)
    import pandera.pandas as pa

__all__ = [
    "DATE_FORMATS",
    "DERIVED_COLUMNS",
    "DISORDER_TYPES",
    "DTYPES_METADATA_KEY",
    "EVENT_TYPES",
    "EXTRA_DTYPES",
    "INCIDENT_COLUMNS",
    "INPUT_SCHEMA",
    "NULL_TOKENS",
    "OWN_DATASETS",
    "PANDAS_DTYPES",
    "REQUIRED_COLUMNS",
    "REVIEW_STATUSES",
    "ROW_CHECKS",
    "DateOrder",
    "incident_gdf_schema",
    "null_tokens",
    "sub_type_fits",
    "typed_incidents",
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
    "sub_event_type": ("str", False),  # empty: a pre-2019 ACLED type that tells none
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
#: Columns the readers and the join write besides the schema, with their pandas dtypes.
EXTRA_DTYPES: Final[dict[str, str]] = {"source_line": "Int64", "coord_check_km": "Float64"}
#: GeoPackage layer-metadata key under which the writers store each column's pandas dtype.
DTYPES_METADATA_KEY: Final[str] = "bordermap_dtypes"
_ALL_KINDS: Final[frozenset[str]] = frozenset({"str", "int", "float", "date"})
_NOT_TEXT: Final[frozenset[str]] = frozenset({"int", "float", "date"})
#: The one table of cells that mean "no value" (after stripping blanks): token -> the kinds of
#: column (as in :data:`INCIDENT_COLUMNS`: str, int, float, date) in which it does. Empty cells,
#: ``NA`` (ACLED's and R's blank) and ``N/A`` are blanks everywhere; ``None``, ``null``,
#: ``NaN`` are what programs write for a missing number or date, but in a text column they
#: are words (an actor called "None") and stay text. :func:`null_tokens` gives one kind's set.
NULL_TOKENS: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "": _ALL_KINDS,
        "NA": _ALL_KINDS,
        "N/A": _ALL_KINDS,
        "NaN": _NOT_TEXT,
        "nan": _NOT_TEXT,
        "null": _NOT_TEXT,
        "NULL": _NOT_TEXT,
        "None": _NOT_TEXT,
    }
)


#: Date forms every reader takes (strptime, tried in this order; a time of day is dropped):
#: ISO (the API, UCDP), ACLED's export ``28 December 2022``, and what spreadsheets make of
#: them (``28-Dec-22``, ``9-May-20``, ``28.12.2022``, ``28.12.22``, ``Dec 28, 2022``, the long
#: dates ``Wednesday, December 28, 2022`` and ``Wednesday, 28 December 2022``, whose weekday
#: must be the date's, and ``2022-12-28 00:00``). Dates written with slashes or dashes
#: between numbers (``28/12/2022``, ``12/28/2022``, ``9/5/20``, also with a time as
#: ``12/28/2022 0:00``) are read apart, in the day/month order the file settles
#: (:data:`DateOrder`).
DATE_FORMATS: Final[tuple[str, ...]] = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%B-%Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%A, %B %d, %Y",
    "%A, %d %B %Y",
)
#: Day/month order of dates such as ``05/06/2020``: ``"auto"`` lets the file settle it (any
#: first number above 12 means day first, any second number above 12 month first; a column
#: where nothing settles it is refused, naming ``--dayfirst``/``--monthfirst``).
DateOrder = Literal["auto", "dayfirst", "monthfirst"]


def null_tokens(kind: str) -> frozenset[str]:
    """Return the cells that mean "no value" in a column of ``kind`` (:data:`NULL_TOKENS`).

    Parameters
    ----------
    kind : {"str", "int", "float", "date"}
        The column's kind, as in :data:`INCIDENT_COLUMNS`.

    Examples
    --------
    >>> sorted(null_tokens("str"))
    ['', 'N/A', 'NA']
    >>> "None" in null_tokens("int"), "None" in null_tokens("str")
    (True, False)
    """
    if kind not in _ALL_KINDS:
        raise ValueError(f"unknown column kind {kind!r}; expected one of {sorted(_ALL_KINDS)}")
    return frozenset(token for token, kinds in NULL_TOKENS.items() if kind in kinds)


_ALL_SUB_TYPES: Final[tuple[str, ...]] = tuple(s for subs in EVENT_TYPES.values() for s in subs)
_TYPE_PAIRS: Final[frozenset[str]] = frozenset(
    f"{kind}\x1f{sub}" for kind, subs in EVENT_TYPES.items() for sub in subs
)
_SUB_TYPE_CHECK: Final[str] = "sub_event_type does not belong to this event_type"
_COORDINATES_CHECK: Final[str] = "latitude and longitude both given or both empty"
_DATE_CHECK: Final[str] = "event_date and time_precision both given or both empty"
_YEAR_CHECK: Final[str] = "year is not the year of event_date"
_RANGE_CHECK: Final[str] = "date_earliest is after date_latest"
_WITHIN_CHECK: Final[str] = "event_date is outside date_earliest .. date_latest"
_YEAR_RANGE_CHECK: Final[str] = "year is outside date_earliest .. date_latest"
_EVIDENCE_CHECK: Final[str] = "evidence is empty (a bordermap record quotes what it rests on)"
#: The schema's checks across the columns of a row: reason -> the column a problem names.
ROW_CHECKS: Final[dict[str, str]] = {
    _SUB_TYPE_CHECK: "sub_event_type",
    _COORDINATES_CHECK: "latitude",
    _DATE_CHECK: "time_precision",
    _YEAR_CHECK: "year",
    _RANGE_CHECK: "date_latest",
    _WITHIN_CHECK: "event_date",
    _YEAR_RANGE_CHECK: "year",
    _EVIDENCE_CHECK: "evidence",
}
#: Datasets whose records are the project's own: they quote their evidence (a ``dataset``
#: column absent or empty means the project's own too). ACLED's ``notes`` are a coder's
#: summary and UCDP has none, so their records may leave ``evidence`` empty.
OWN_DATASETS: Final[tuple[str, ...]] = ("bordermap", "bordermap draft")


def sub_type_fits(event_type: pd.Series, sub_event_type: pd.Series) -> pd.Series:
    """Row-wise: the sub-event type is one of the event type's (:data:`EVENT_TYPES`).

    True where either is empty; false for any sub-type of an unknown event type.

    Examples
    --------
    >>> import pandas as pd
    >>> kinds = pd.Series(["Battles", "Battles", "Riots", None])
    >>> subs = pd.Series(["Armed clash", "Mob violence", "Mob violence", "Attack"])
    >>> sub_type_fits(kinds, subs).tolist()
    [True, False, True, True]
    """
    kind = event_type.astype("string")
    sub = sub_event_type.astype("string")
    pair = kind.fillna("") + "\x1f" + sub.fillna("")
    fits = (
        pair.isin(_TYPE_PAIRS).to_numpy(dtype=bool) | kind.isna().to_numpy() | sub.isna().to_numpy()
    )
    return pd.Series(fits, index=event_type.index, dtype=bool)


def _sub_type_fits(df: pd.DataFrame) -> pd.Series:
    return sub_type_fits(df["event_type"], df["sub_event_type"])


def _coordinates_paired(df: pd.DataFrame) -> pd.Series:
    """Row-wise: latitude and longitude are both given or both empty."""
    return df["latitude"].isna() == df["longitude"].isna()


def _date_needs_precision(df: pd.DataFrame) -> pd.Series:
    """Row-wise: a date has a time precision and a precision has a date."""
    return df["event_date"].isna() == df["time_precision"].isna()


def _year_of_date(df: pd.DataFrame) -> pd.Series:
    """Row-wise: ``year`` is the year of ``event_date`` (where both are given)."""
    year = df["year"].astype("Int64")
    date_year = df["event_date"].dt.year.astype("Int64")
    return (year == date_year).fillna(True).astype(bool)


def _range_ordered(df: pd.DataFrame) -> pd.Series:
    """Row-wise: ``date_earliest`` is not after ``date_latest`` (where both are given)."""
    return ~(df["date_earliest"] > df["date_latest"]).fillna(False).astype(bool)


def _date_within_range(df: pd.DataFrame) -> pd.Series:
    """Row-wise: ``event_date`` lies within ``date_earliest`` .. ``date_latest`` (each bound
    where given)."""
    date = df["event_date"]
    early = (date < df["date_earliest"]).fillna(False).astype(bool)
    late = (date > df["date_latest"]).fillna(False).astype(bool)
    return ~(early | late)


def _year_within_range(df: pd.DataFrame) -> pd.Series:
    """Row-wise: without an ``event_date``, ``year`` lies within the years of
    ``date_earliest`` .. ``date_latest`` (each bound where given; with an ``event_date`` the
    year is checked against it)."""
    year = df["year"].astype("Int64")
    early = (year < df["date_earliest"].dt.year.astype("Int64")).fillna(False)
    late = (year > df["date_latest"].dt.year.astype("Int64")).fillna(False)
    outside = (early | late).to_numpy(dtype=bool) & df["event_date"].isna().to_numpy()
    return pd.Series(~outside, index=df.index)


def _own_records_have_evidence(df: pd.DataFrame) -> pd.Series:
    """Row-wise: a record of the project's own (:data:`OWN_DATASETS`) quotes its evidence."""
    given = df["evidence"].astype("string").str.len().fillna(0).to_numpy() > 0
    if "dataset" not in df.columns:
        return pd.Series(given, index=df.index)
    dataset = df["dataset"].astype("string")
    own = dataset.isna().to_numpy() | dataset.isin(OWN_DATASETS).to_numpy(dtype=bool)
    return pd.Series(given | ~own, index=df.index)


def _isin(values: list[object]) -> pa.Check:
    import pandera.pandas as pa

    return pa.Check.isin(values, error=f"not one of the allowed values {values}")


def _in_range(low: float, high: float) -> pa.Check:
    import pandera.pandas as pa

    return pa.Check.in_range(low, high, error=f"out of range ({low}, {high})")


@cache
def _build_input_schema() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    given = pa.Check.str_length(min_value=1, error="required value is empty")
    not_negative = pa.Check.ge(0, error="must not be negative")
    checks: dict[str, list[pa.Check]] = {
        "event_id_cnty": [given],
        "time_precision": [_isin([1, 2, 3])],
        "geo_precision": [_isin([1, 2, 3])],
        "event_type": [_isin(list(EVENT_TYPES))],
        "sub_event_type": [_isin(list(_ALL_SUB_TYPES))],
        "disorder_type": [_isin(list(DISORDER_TYPES))],
        "latitude": [_in_range(-90.0, 90.0)],
        "longitude": [_in_range(-180.0, 180.0)],
        "fatalities": [not_negative],
        "injuries": [not_negative],
        "year": [_in_range(1800, 2200)],
        "review_status": [_isin(list(REVIEW_STATUSES))],
        "geocode_confidence": [_in_range(0.0, 1.0)],
        "actor1": [given],
        "location": [given],
        "country": [given],
        "source": [given],
    }
    columns = {
        name: pa.Column(
            PANDAS_DTYPES[kind],
            checks=checks.get(name, []),
            nullable=not required or name == "evidence",  # evidence: _EVIDENCE_CHECK
            required=True,
        )
        for name, (kind, required) in INCIDENT_COLUMNS.items()
    }
    return pa.DataFrameSchema(
        columns,
        unique=["event_id_cnty"],
        checks=[
            pa.Check(_sub_type_fits, name=_SUB_TYPE_CHECK, error=_SUB_TYPE_CHECK),
            pa.Check(_coordinates_paired, name=_COORDINATES_CHECK, error=_COORDINATES_CHECK),
            pa.Check(_date_needs_precision, name=_DATE_CHECK, error=_DATE_CHECK),
            pa.Check(_year_of_date, name=_YEAR_CHECK, error=_YEAR_CHECK),
            pa.Check(_range_ordered, name=_RANGE_CHECK, error=_RANGE_CHECK),
            pa.Check(_date_within_range, name=_WITHIN_CHECK, error=_WITHIN_CHECK),
            pa.Check(_year_within_range, name=_YEAR_RANGE_CHECK, error=_YEAR_RANGE_CHECK),
            pa.Check(_own_records_have_evidence, name=_EVIDENCE_CHECK, error=_EVIDENCE_CHECK),
        ],
        name="incidents",
        strict=False,
    )


#: pandera schema of an incident table after parsing (one row per incident, no geometry).
#: Every check carries the reason a reader gives when a row fails it. Built (and pandera
#: imported) on first use: :func:`__getattr__`.
INPUT_SCHEMA: pa.DataFrameSchema


def __getattr__(name: str) -> Any:
    """:data:`INPUT_SCHEMA`, built on first use (PEP 562)."""
    if name == "INPUT_SCHEMA":
        return _build_input_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _missing(dtype: str, n: int) -> Any:
    """An array of ``n`` missing values of a schema dtype (without a list of ``n`` Nones)."""
    if dtype == "string":
        if pd.StringDtype().storage != "pyarrow":  # pragma: no cover - pandas < 3
            return pd.array(pyarrow.nulls(n, pyarrow.large_string()).to_pandas(), dtype=dtype)
        return pd.arrays.ArrowStringArray(pyarrow.nulls(n, pyarrow.large_string()))
    if dtype == "Int64":
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    if dtype == "Float64":
        return pd.arrays.FloatingArray(np.zeros(n), np.ones(n, dtype=bool))
    return pd.array(np.full(n, np.datetime64("NaT"), dtype=dtype))


def _typed(values: Any, dtype: str) -> Any:
    """One column as an array of a schema dtype; ``values`` a list or an array-like."""
    if isinstance(values, pd.Series):
        values = values.array
    if dtype.startswith("datetime64") and isinstance(values, list):
        return pd.to_datetime(pd.Series(values, dtype=object)).astype(dtype).array
    return pd.array(values, dtype=dtype, copy=False)


def typed_incidents(columns: Mapping[str, Any], n: int, *, copy: bool = True) -> pd.DataFrame:
    """Type columns as the incident schema: every reader's table and every draft goes through here.

    Parameters
    ----------
    columns : mapping of str to list or array-like
        Schema column -> ``n`` values (Python objects, dates as :class:`datetime.date`, or
        arrays and series of any dtype that casts to the schema's). Other keys are ignored.
    n : int
        Number of rows.
    copy : bool, keyword-only
        Copy arrays given in the schema's dtypes (default). ``False``: the frame takes them
        as they are, for a reader that made them and keeps no other reference.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`INCIDENT_COLUMNS` in order, dtypes of :data:`PANDAS_DTYPES`;
        a column not given is empty. Defaults: ``year`` is the year of ``event_date`` where
        empty, ``review_status`` is ``draft`` where empty. Not validated (:data:`INPUT_SCHEMA`).

    Examples
    --------
    >>> frame = typed_incidents({"event_id_cnty": ["X-1"], "event_date": ["2023-05-11"]}, 1)
    >>> int(frame.loc[0, "year"]), frame.loc[0, "review_status"]
    (2023, 'draft')
    >>> str(frame["event_date"].dtype), str(frame["fatalities"].dtype)
    ('datetime64[ms]', 'Int64')
    """
    data: dict[str, Any] = {}
    blank: Any = None  # one all-missing text array for every text column not given (immutable)
    for column, (kind, _) in INCIDENT_COLUMNS.items():
        dtype = PANDAS_DTYPES[kind]
        values = columns.get(column)
        if values is not None:
            data[column] = _typed(values, dtype)
        elif dtype == "string":
            blank = _missing(dtype, n) if blank is None else blank
            data[column] = blank
        else:
            data[column] = _missing(dtype, n)
    frame = pd.DataFrame(data, copy=copy)
    if frame["year"].hasnans:
        frame["year"] = frame["year"].fillna(frame["event_date"].dt.year.astype("Int64"))
    if frame["review_status"].hasnans:
        frame["review_status"] = frame["review_status"].fillna("draft")
    return frame


def incident_gdf_schema() -> pa.DataFrameSchema:
    """Return the schema of an incident GeoDataFrame (the join's output).

    The same columns as :data:`INPUT_SCHEMA`, plus a ``geometry`` column of shapely
    geometries in EPSG:4326 (empty for an incident whose place could not be resolved).
    """
    import pandera.pandas as pa
    from pandera.engines.geopandas_engine import Geometry

    return _build_input_schema().add_columns(
        {"geometry": pa.Column(Geometry(crs="EPSG:4326"), nullable=True)}
    )
