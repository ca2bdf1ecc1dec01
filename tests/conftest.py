"""Shared fixtures: the seed folder, the gazetteer, and one end-to-end build of the seeds."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
STORY = SEEDS / "000_1ae35c016cd00801.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def story_text() -> str:
    return STORY.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gazetteer():
    from geo.places.gazetteer import default_gazetteer

    return default_gazetteer()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The main job run once on seeds/ (the same code path as `bordermap build`)."""
    from bordermap.pipeline import build

    out = tmp_path_factory.mktemp("out")
    return build(SEEDS, out)


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of seeds/ for tests that corrupt it."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


# ---------------------------------------------------------------------------- PostGIS

_DATABASES = itertools.count(1)


def _postgis_unavailable(reason: str) -> None:
    """Fail in CI (a missing server must not turn the store tests green), skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"the PostGIS tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgis_cluster():
    """A throw-away PostgreSQL + PostGIS cluster for the whole session (tests/pg_cluster.py)."""
    import pg_cluster

    reason = pg_cluster.unavailable_reason()
    if reason is not None:
        _postgis_unavailable(reason)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _postgis_unavailable("psycopg 3 is not installed: pip install -e '.[test]'")
    with pg_cluster.cluster() as running:
        yield running


@pytest.fixture
def store_url(postgis_cluster) -> str:
    """The URL of a fresh database with PostGIS (no store in it yet), one per test."""
    return postgis_cluster.create_database(f"store_{next(_DATABASES)}")
