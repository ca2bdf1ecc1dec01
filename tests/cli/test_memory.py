"""bordermap.commands._memory: the allocator of the table commands."""

from __future__ import annotations

import pyarrow as pa
import pytest

from bordermap.commands._memory import use_table_allocator


@pytest.fixture
def restored_pool():
    before = pa.default_memory_pool()
    yield
    pa.set_memory_pool(before)


def _has_jemalloc() -> bool:
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    return True


@pytest.mark.skipif(not _has_jemalloc(), reason="this pyarrow has no jemalloc")
def test_table_commands_use_jemalloc(restored_pool, monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    pa.set_memory_pool(pa.system_memory_pool())
    use_table_allocator()
    assert pa.default_memory_pool().backend_name == "jemalloc"


def test_the_users_choice_is_kept(restored_pool, monkeypatch):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    pa.set_memory_pool(pa.system_memory_pool())
    use_table_allocator()
    assert pa.default_memory_pool().backend_name == "system"
