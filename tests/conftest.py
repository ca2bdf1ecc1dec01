"""Shared fixtures: the seed folder, the gazetteer, and one end-to-end build of the seeds."""

from __future__ import annotations

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
