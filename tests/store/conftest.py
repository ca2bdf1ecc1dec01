"""Fixtures of the store tests: sample incidents (placed), and a fresh store per test.

Every test gets its own database in the session's throw-away PostGIS cluster
(``postgis_cluster`` and ``store_url`` in ``tests/conftest.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


def placed(path: Path):
    """The incidents of a sample file, read and placed as ``bordermap import`` does."""
    from geo import incidents_with_places, read_incidents

    return incidents_with_places(read_incidents(path).incidents).incidents


@pytest.fixture(scope="session")
def acled():
    """tests/data/acled_2023.csv placed: ARM2001, AZE3002, ARM2003, AZE3004."""
    return placed(DATA / "acled_2023.csv")


@pytest.fixture(scope="session")
def acled_next():
    """The newer export: ARM2001 changed (fatalities, notes, timestamp), ARM2003 gone, ARM2005 new."""
    return placed(DATA / "acled_2023_next.csv")


@pytest.fixture(scope="session")
def ucdp():
    return placed(DATA / "ucdp_ged.csv")


@pytest.fixture
def store(store_url):
    """An open, empty store (tables created) in a fresh database."""
    from geo import open_store

    with open_store(store_url, create=True) as opened:
        yield opened
