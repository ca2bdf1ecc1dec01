"""Reading a selection: ``where`` (parsed, whitelisted, bound), ``bbox``; and the parser alone."""

from __future__ import annotations

import re

import pytest

from geo import StoreQueryError, incidents_from_store, store_incidents
from geo.store._where import bbox_from_text, since_from_text, tokens_from_text, where_sql

COLUMNS = {
    "country": "text",
    "event_date": "date",
    "fatalities": "integer",
    "latitude": "double precision",
    "withdrawn": "boolean",
    "timestamp": "bigint",
}


def _rendered(text: str) -> tuple[str, list]:
    """The SQL text (identifiers quoted, values as placeholders) and the parameters."""
    composed, params = where_sql(text, COLUMNS)
    return composed.as_string(None), params


def test_values_become_parameters_and_names_identifiers():
    text, params = _rendered("country = 'Armenia' and event_date >= '2023-01-01'")
    assert text == '(("i"."country" = %s) AND ("i"."event_date" >= %s))'
    import datetime as dt

    assert params == ["Armenia", dt.date(2023, 1, 1)]


@pytest.mark.parametrize(
    ("expression", "sql", "params"),
    [
        ("fatalities > 2", '("i"."fatalities" > %s)', [2]),
        ("fatalities != 2", '("i"."fatalities" <> %s)', [2]),
        ("COUNTRY = 'x'", '("i"."country" = %s)', ["x"]),  # names and keywords in any case
        ("country in ('A', 'B')", '("i"."country" IN (%s, %s))', ["A", "B"]),
        ("country NOT IN ('A')", '("i"."country" NOT IN (%s))', ["A"]),
        ("fatalities between 1 and 3", '("i"."fatalities" BETWEEN %s AND %s)', [1, 3]),
        ("country like 'Arm%'", '("i"."country" LIKE %s)', ["Arm%"]),
        ("country not ilike 'arm%'", '("i"."country" NOT ILIKE %s)', ["arm%"]),
        ("country is null", '("i"."country" IS NULL)', []),
        ("country is not null", '("i"."country" IS NOT NULL)', []),
        ("withdrawn = true", '("i"."withdrawn" = %s)', [True]),
        ("latitude < -40.5e0", '("i"."latitude" < %s)', [-40.5]),
        ("country = 'O''Hare'", '("i"."country" = %s)', ["O'Hare"]),
        (
            "not (fatalities = 1 or fatalities = 2) and country = 'A'",
            '((NOT (("i"."fatalities" = %s) OR ("i"."fatalities" = %s))) AND ("i"."country" = %s))',
            [1, 2, "A"],
        ),
    ],
)
def test_the_grammar(expression, sql, params):
    assert _rendered(expression) == (sql, params)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("", "empty"),
        ("country = 'Armenia'; DROP TABLE bordermap.incidents", "cannot read ';"),
        ("country = 'x' -- comment", "cannot read '-- comment'"),
        ("country = 'x' /* c */", "cannot read '/"),
        ("pg_sleep(10) = 1", "unknown column 'pg_sleep'"),
        ("country = (SELECT 1)", "a value for country"),
        ("notes = 'x'", "unknown column 'notes'"),
        ("country = 'unclosed", "cannot read"),
        ("country = 5", "text values go in single quotes"),
        ("event_date >= 'yesterday'", "event_date is date"),
        ("fatalities = 'many'", "fatalities is integer"),
        ("fatalities = 1.5", "fatalities is integer"),
        ("fatalities like '1%'", "like works on text columns"),
        ("country = 'a' country = 'b'", "expected and, or"),
        ("country = 'a' and", "a column name"),
        ("(country = 'a'", "')'"),
        ("country ~ 'a'", "cannot read \"~ 'a'\""),
        ("country || 'a' = 'ab'", 'cannot read "||'),
        ("1 = 1", "a column name"),
        ("country = $$x$$", "cannot read '$$x$$'"),
        ("country = E'\\x41'", "a value for country"),
        ("\"country\" = 'x'", "cannot read '\""),
        ("country = 'a' or " * 3000 + "country = 'b'", "longer than"),
        ("(" * 50 + "country = 'a'" + ")" * 50, "nested"),
        ("not " * 50 + "country = 'a'", "nested"),
        ("latitude = 1e999", "latitude is double precision"),
    ],
)
def test_what_is_refused_and_why(expression, message):
    with pytest.raises(StoreQueryError, match=re.escape(message)):
        where_sql(expression, COLUMNS)


def test_tokens_keep_offsets():
    tokens = tokens_from_text("country = 'a'")
    assert [(t.kind, t.at) for t in tokens] == [
        ("word", 0),
        ("op", 8),
        ("string", 10),
        ("end", 13),
    ]


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "a,b,c,d", "10,40,5,41", "-181,0,0,1", "0,0,1,nan", "1,2,3,4,5", "0,0,1,1e999"],
)
def test_bad_boxes(text):
    with pytest.raises(StoreQueryError, match="--bbox"):
        bbox_from_text(text)


def test_since():
    import datetime as dt

    assert since_from_text("12") == 12
    assert since_from_text("2024-03-01") == dt.date(2024, 3, 1)
    for bad in ("-1", "2024-13-01", "1; DROP TABLE x", "now()"):
        with pytest.raises(StoreQueryError, match="--since"):
            since_from_text(bad)


@pytest.mark.slow
def test_selections_against_the_store(store, acled, ucdp):
    store_incidents(store, acled)
    store_incidents(store, ucdp)

    def ids(**kwargs) -> list[str]:
        return sorted(incidents_from_store(store, **kwargs)["event_id_cnty"])

    assert ids(where="country = 'Armenia' and event_date >= '2023-05-12'") == ["ARM2003"]
    assert ids(where="dataset = 'ACLED' and (fatalities >= 2 or location = 'Lachin')") == [
        "AZE3002",
        "AZE3004",
    ]
    assert ids(where="inter1 = 'Protesters'") == ["ARM2003"]  # a column of ACLED beyond the schema
    assert ids(where="location ilike 'SOT%' and dataset = 'ACLED'") == ["ARM2001"]
    everything = ids()
    # Yerevan (ARM2003) only, with a box around it
    assert ids(bbox="44.4,40.1,44.6,40.3") == ["ARM2003"]
    assert ids(bbox=(40.0, 35.0, 50.0, 45.0)) == everything
    assert ids(bbox="0,0,1,1") == []
    assert ids(where="country = 'Armenia'", bbox="44.4,40.1,44.6,40.3") == ["ARM2003"]
    assert ids(where="run_id = 2") == sorted(ucdp["event_id_cnty"])
    empty = incidents_from_store(store, where="country = 'Atlantis'")
    assert len(empty) == 0 and list(empty.columns) == list(ucdp.columns)
