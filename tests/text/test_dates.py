"""Dates in news text, resolved against the publication date (geo.text.dates)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.text.dates import resolve_date

PUBLISHED = date(2023, 5, 11)  # a Thursday


@pytest.mark.parametrize(
    ("phrase", "event_date", "precision", "earliest", "latest"),
    [
        ("on Thursday", "2023-05-11", 1, "2023-05-11", "2023-05-11"),
        ("Thursday’s flare-up", "2023-05-11", 1, "2023-05-11", "2023-05-11"),
        ("on Monday night", "2023-05-08", 1, "2023-05-08", "2023-05-08"),
        ("last Thursday", "2023-05-04", 1, "2023-05-04", "2023-05-04"),
        ("yesterday", "2023-05-10", 1, "2023-05-10", "2023-05-10"),
        ("two days ago", "2023-05-09", 1, "2023-05-09", "2023-05-09"),
        ("at the end of April", "2023-04-25", 2, "2023-04-20", "2023-04-30"),
        ("at the end of end April", "2023-04-25", 2, "2023-04-20", "2023-04-30"),
        ("at the beginning of May", "2023-05-05", 2, "2023-05-01", "2023-05-10"),
        ("in mid-April", "2023-04-15", 2, "2023-04-10", "2023-04-20"),
        ("last week", "2023-05-04", 2, "2023-05-01", "2023-05-07"),
        ("last year", None, None, "2022-01-01", "2022-12-31"),
        ("in May last year", "2022-05-16", 3, "2022-05-01", "2022-05-31"),
        ("in 2020", None, None, "2020-01-01", "2020-12-31"),
        ("on June 1", "2023-06-01", 1, "2023-06-01", "2023-06-01"),
        ("on 1 June 2023", "2023-06-01", 1, "2023-06-01", "2023-06-01"),
        ("May 11, 2023", "2023-05-11", 1, "2023-05-11", "2023-05-11"),
        ("in November 2020", "2020-11-15", 3, "2020-11-01", "2020-11-30"),
        ("in April", "2023-04-15", 3, "2023-04-01", "2023-04-30"),
        ("last month", "2023-04-15", 3, "2023-04-01", "2023-04-30"),
        ("earlier this month", "2023-05-06", 3, "2023-05-01", "2023-05-11"),
        ("in December", "2022-12-16", 3, "2022-12-01", "2022-12-31"),
    ],
)
def test_relative_dates(phrase, event_date, precision, earliest, latest):
    found = resolve_date(phrase, PUBLISHED)
    assert found is not None
    assert found.event_date == (date.fromisoformat(event_date) if event_date else None)
    assert found.precision == precision
    assert (found.earliest, found.latest) == (
        date.fromisoformat(earliest),
        date.fromisoformat(latest),
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "days ahead",
        "four days ahead of talks",
        "in recent months",
        "recently",
        "you may go",
        "next week",
    ],
)
def test_not_dates(phrase):
    assert resolve_date(phrase, PUBLISHED) is None


def test_future_dates_are_flagged():
    found = resolve_date("on June 1", PUBLISHED)
    assert found is not None and found.future
    past = resolve_date("on Thursday", PUBLISHED)
    assert past is not None and not past.future
