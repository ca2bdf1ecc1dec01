"""The memory allocator of the commands that read and write big tables.

pyarrow's default allocator (mimalloc in the Linux wheels) hands freed pages back to the
system at once; the commands that read a file of a million rows then fault the same pages in
again for every column they build, which costs them more system time than the parse itself.
jemalloc keeps them for reuse, which saves much of that system time and lowers the peak
(the import rows of benchmarks/RESULTS.md).

The choice is the application's, made when such a command starts, never on import; a user who
set ``ARROW_DEFAULT_MEMORY_POOL`` keeps theirs, and a pyarrow built without jemalloc keeps its
default.
"""

from __future__ import annotations

import logging
import os

__all__ = ["use_table_allocator"]

logger = logging.getLogger(__name__)


def use_table_allocator() -> None:
    """Make jemalloc pyarrow's default memory pool, unless the user chose one or it is missing."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow as pa

    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        return
    if pa.default_memory_pool().backend_name != pool.backend_name:
        pa.set_memory_pool(pool)
        logger.debug("pyarrow memory pool: %s", pool.backend_name)
