"""The SQLite file of :mod:`geo.places.online`: answers, and the time of the last request.

One file is shared safely by every process that names it:

- :meth:`OnlineCache.claim` takes SQLite's write lock (``BEGIN IMMEDIATE``) for one name: the
  caller re-reads the cache under it (another process may just have asked), asks the service,
  stores the answer, and the lock is released with the commit. Two processes never ask the
  same name, and never talk to the service at the same time;
- :meth:`OnlineCache.wait_turn`, under the claim, spaces requests by the ``last_request`` row
  of the service endpoint (wall-clock time, so it holds across processes);
- a cache hit needs no lock and no write: a read-only cache still answers.

Every SQLite fault (a file that is not a database, a folder, a file or folder that cannot be
written, a foreign database, a lock held too long) is an :class:`OnlineCacheError` naming the
file and what to do. A damaged record is logged and treated as absent.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from geo.errors import OnlineCacheError

__all__ = ["OnlineCache"]

logger = logging.getLogger(__name__)

#: Longest wait for another process's lock on the cache, in seconds.
LOCK_WAIT: Final = 600.0
#: SQLite's own wait for a lock (a commit of another process) during a plain statement.
_BUSY_MS: Final = 5000
#: The wait per attempt while polling for the write lock (Ctrl-C is seen between attempts).
_POLL_MS: Final = 200

_ANSWERS: Final = """
    CREATE TABLE IF NOT EXISTS answers (
        service TEXT NOT NULL,
        query_key TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'not_found')),
        record TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (service, query_key, params)
    )
"""
_LAST_REQUEST: Final = """
    CREATE TABLE IF NOT EXISTS last_request (endpoint TEXT PRIMARY KEY, at REAL NOT NULL)
"""
_COLUMNS: Final = {
    "answers": ["service", "query_key", "params", "status", "record", "fetched_at"],
    "last_request": ["endpoint", "at"],
}
_ELSEWHERE: Final = "choose another cache file (cache_path=...; command line: --geocoder-cache)"


class OnlineCache:
    """Answers of online geocoders in one SQLite file; one commit per answer.

    Parameters
    ----------
    path : Path
        The SQLite file; created (with its folder) if missing.

    Raises
    ------
    OnlineCacheError
        The file cannot be created or opened, is not a bordermap cache, or is damaged.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.is_dir():
            raise OnlineCacheError(f"{self._name} is a folder, not a file: {_ELSEWHERE}")
        blocker = next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise OnlineCacheError(
                f"{self._name}: cannot create it, {blocker} is a file, not a folder: {_ELSEWHERE}"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=_BUSY_MS / 1000)
        except (OSError, sqlite3.Error) as exc:
            raise self._fault(exc, "create") from exc
        try:
            self._check_schema()
        except BaseException:
            self._conn.close()
            raise

    @property
    def _name(self) -> str:
        return f"online geocoder cache {self.path}"

    def get(
        self, service: str, key: str, params: str, *, warn: bool = True
    ) -> dict[str, Any] | None:
        """Return the stored record, or ``None`` (absent, or not a JSON object: logged if
        ``warn``)."""
        rows = self._run(
            "SELECT record FROM answers WHERE service = ? AND query_key = ? AND params = ?",
            (service, key, params),
            doing="read",
        )
        if not rows:
            return None
        try:
            record = json.loads(rows[0][0])
        except (TypeError, ValueError):
            record = None
        if not isinstance(record, dict):
            if warn:
                self.warn_damaged(key)
            return None
        return record

    def warn_damaged(self, key: str) -> None:
        """Log that the record of ``key`` is damaged (it is asked again, then replaced)."""
        logger.warning("%s: the record of %r is damaged; asking again", self._name, key)

    def put(self, service: str, key: str, params: str, record: dict[str, Any]) -> None:
        """Store an answer (committed now, or with the claim it is made under)."""
        self._run(
            "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
            (
                service,
                key,
                params,
                record["status"],
                json.dumps(record, ensure_ascii=False, sort_keys=True),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
            doing="write",
        )

    @contextmanager
    def claim(self) -> Iterator[None]:
        """Hold the cache's write lock (waiting for other processes); commit on the way out.

        Whatever happened inside (an answer stored, request times, an interruption), what was
        written is committed, so the request times of an interrupted name are kept too.
        """
        self._lock()
        try:
            yield
        finally:
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._conn.rollback()
                raise self._fault(exc, "write") from exc

    def wait_turn(self, endpoint: str, min_delay: float) -> None:
        """Sleep until ``min_delay`` s after the endpoint's last request; record this one.

        Call under :meth:`claim`. A last request "in the future" (the clock was set back)
        costs at most ``min_delay``.
        """
        rows = self._run(
            "SELECT at FROM last_request WHERE endpoint = ?", (endpoint,), doing="read"
        )
        if rows and isinstance(rows[0][0], int | float):
            wait = min(min_delay, float(rows[0][0]) + min_delay - time.time())
            if wait > 0:
                time.sleep(wait)
        self._run(
            "INSERT OR REPLACE INTO last_request VALUES (?, ?)",
            (endpoint, time.time()),
            doing="write",
        )

    def __len__(self) -> int:
        return int(self._run("SELECT count(*) FROM answers", (), doing="read")[0][0])

    def close(self) -> None:
        self._conn.close()

    # ------------------------------------------------------------------ plumbing
    def _check_schema(self) -> None:
        tables = self._run("SELECT name FROM sqlite_master WHERE type = 'table'", (), doing="read")
        foreign = sorted({name for (name,) in tables} - set(_COLUMNS))
        if foreign:
            raise OnlineCacheError(
                f"{self._name} is a SQLite database of something else (tables {foreign}): "
                f"{_ELSEWHERE}"
            )
        for table, create in (("answers", _ANSWERS), ("last_request", _LAST_REQUEST)):
            self._run(create, (), doing="create")
            columns = [row[1] for row in self._run(f"PRAGMA table_info({table})", (), doing="read")]
            if columns != _COLUMNS[table]:
                raise OnlineCacheError(
                    f"{self._name} has an unexpected table {table} (columns {columns}): delete "
                    f"the file (its answers are asked again) or {_ELSEWHERE}"
                )

    def _lock(self) -> None:
        """``BEGIN IMMEDIATE``, polled so that Ctrl-C is not held up by SQLite's own wait."""
        start = time.monotonic()
        self._conn.execute(f"PRAGMA busy_timeout = {_POLL_MS}")
        try:
            while True:
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise self._fault(exc, "lock") from exc
                    if time.monotonic() - start > LOCK_WAIT:
                        raise OnlineCacheError(
                            f"{self._name} has been locked by another process for more than "
                            f"{LOCK_WAIT:g} s: wait for it to finish, or {_ELSEWHERE}"
                        ) from exc
                    logger.debug("%s is locked by another process; waiting", self._name)
        finally:
            self._conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")

    def _run(self, sql: str, args: tuple[Any, ...], *, doing: str) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._fault(exc, doing) from exc

    def _fault(self, exc: BaseException, doing: str) -> OnlineCacheError:
        """The one-line error for a SQLite or file-system fault, with what to do."""
        text = str(exc) or type(exc).__name__
        if "not a database" in text or "malformed" in text:
            advice = f"the file is damaged or not a SQLite database: delete it (its answers are asked again) or {_ELSEWHERE}"
        elif "locked" in text or "busy" in text:
            advice = f"another process holds it: wait for it to finish, or {_ELSEWHERE}"
        else:
            advice = f"check that the file and its folder can be written, or {_ELSEWHERE}"
        return OnlineCacheError(f"{self._name}: cannot {doing} it ({text}); {advice}")
