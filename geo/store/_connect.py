"""Connecting to PostgreSQL: the optional driver, one-line errors, and addresses without passwords.

psycopg 3 is an optional dependency (``pip install 'bordermap[postgis]'``), imported the first
time a store is opened. A store is named by a ``postgresql://`` URL or, when none is given, by
libpq's standard environment (``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGPASSWORD``,
``PGDATABASE``, ``PGSERVICE``, ``~/.pgpass``...). Whatever fails, the message names the
server as ``postgresql://user@host:port/database``: the password is never part of a message
or a log record (:func:`scrubbed` removes it even from the driver's own text).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from geo.errors import (
    MissingDependencyError,
    StoreAuthenticationError,
    StoreError,
    StoreExtensionError,
    StoreUnreachableError,
)

if TYPE_CHECKING:
    import psycopg

logger = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'bordermap[postgis]' (psycopg 3)"

#: What libpq says when the login is refused (the server's words, in English).
_AUTH_MARKERS = (
    "password authentication failed",
    "no password supplied",
    "authentication failed",
    "no pg_hba.conf entry",
    "role ",
    "permission denied for database",
)
_PASSWORD_IN_URL = re.compile(r"^(?P<head>[a-z]+://[^:/@]*):(?P<pw>[^@]*)@", re.IGNORECASE)
_PASSWORD_IN_KEYWORDS = re.compile(r"password\s*=\s*(?P<pw>'(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def psycopg_module() -> Any:
    """Return the ``psycopg`` module, or raise :class:`MissingDependencyError` with a hint."""
    try:
        import psycopg
    except ImportError as exc:
        raise MissingDependencyError(
            f"the incident store needs psycopg 3: {INSTALL_HINT} ({exc})"
        ) from None
    return psycopg


def _passwords(url: str | None) -> list[str]:
    """Every password spelled in ``url`` (URL or key=value form) and in ``$PGPASSWORD``."""
    found = []
    if url:
        match = _PASSWORD_IN_URL.match(url.strip())
        if match and match.group("pw"):
            found.append(match.group("pw"))
            try:
                from urllib.parse import unquote

                found.append(unquote(match.group("pw")))
            except ValueError:
                pass
        for match in _PASSWORD_IN_KEYWORDS.finditer(url):
            found.append(match.group("pw").strip("'"))
    if os.environ.get("PGPASSWORD"):
        found.append(os.environ["PGPASSWORD"])
    return sorted({p for p in found if p}, key=len, reverse=True)


def scrubbed(text: str, url: str | None) -> str:
    """``text`` with every password of ``url`` (and ``$PGPASSWORD``) replaced by ``***``."""
    for secret in _passwords(url):
        text = text.replace(secret, "***")
    return text


def redacted_url(url: str | None) -> str:
    """``postgresql://user@host:port/database`` for a URL, conninfo string or the PG* environment.

    The password is left out; parts not given show as libpq would fill them in from the
    environment (``PGHOST``...) or as empty.

    Examples
    --------
    >>> redacted_url("postgresql://ana:s3cret@db.example.org:5433/incidents")
    'postgresql://ana@db.example.org:5433/incidents'
    """
    parts: dict[str, Any] = {}
    if url:
        try:
            from psycopg.conninfo import conninfo_to_dict

            parts = conninfo_to_dict(url)
        except Exception:  # no psycopg, or a string libpq cannot parse
            return "the store address given (not shown: it could not be parsed)"
    user = parts.get("user") or os.environ.get("PGUSER", "")
    host = parts.get("host") or os.environ.get("PGHOST", "")
    port = parts.get("port") or os.environ.get("PGPORT", "")
    database = parts.get("dbname") or os.environ.get("PGDATABASE", "")
    where = f"{user}@" if user else ""
    where += str(host) + (f":{port}" if port else "")
    return f"postgresql://{where}/{database}"


def connection_address(conn: psycopg.Connection) -> str:
    """``postgresql://user@host:port/database`` of an open connection (no password)."""
    info = conn.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"


def _connect_error(exc: Exception, url: str | None) -> StoreError:
    """The one-line error for a failed connection attempt."""
    where = redacted_url(url)
    detail = scrubbed(str(exc).strip(), url)
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    reason = lines[0] if lines else type(exc).__name__
    reason = reason.removeprefix("connection failed: ")
    lowered = reason.lower()
    if "does not exist" in lowered and "database" in lowered:
        return StoreUnreachableError(
            f"{where}: {_server_words(reason)}; create it (createdb NAME) or name another database"
        )
    if any(marker in lowered for marker in _AUTH_MARKERS):
        return StoreAuthenticationError(
            f"{where}: the server refused the login ({_server_words(reason)}); check the user "
            "and the password (give it in PGPASSWORD or ~/.pgpass rather than in the URL)"
        )
    return StoreUnreachableError(
        f"{where}: no PostgreSQL server answered ({_server_words(reason)}); start the server "
        "or check the host, the port and the firewall"
    )


def _server_words(reason: str) -> str:
    """The server's reason without libpq's "connection to server at ... failed:" prefix."""
    text = re.sub(r"^connection to server (at|on) .*? failed:\s*", "", reason)
    return re.sub(r"^FATAL:\s*", "", text).strip()


def connect(url: str | None, *, connect_timeout: float = 10.0) -> psycopg.Connection:
    """Open a connection (autocommit: writers open their own transactions) or raise a one-line
    :class:`StoreError`.

    Parameters
    ----------
    url : str or None
        ``postgresql://`` URL or libpq conninfo; ``None`` or ``""``: the PG* environment.
    connect_timeout : float, keyword-only
        Seconds to wait for the server.
    """
    psycopg = psycopg_module()
    try:
        conn = psycopg.connect(
            url or "",
            connect_timeout=max(1, math.ceil(connect_timeout)),
            application_name="bordermap",
            autocommit=True,
        )
    except psycopg.OperationalError as exc:
        raise _connect_error(exc, url) from None
    except psycopg.ProgrammingError as exc:  # a conninfo string libpq cannot parse
        raise StoreUnreachableError(
            f"the store address cannot be read ({scrubbed(str(exc), url)}); write it as "
            "postgresql://user@host:port/database"
        ) from None
    logger.info("connected to %s", connection_address(conn))
    return conn


def ensure_postgis(conn: psycopg.Connection, *, create: bool) -> str:
    """Return the PostGIS version of the database; with ``create``, create the extension.

    Raises
    ------
    StoreExtensionError
        PostGIS is not in the database and cannot be created (no privilege, or the server
        has no PostGIS installed); the message says who has to do what.
    """
    psycopg = psycopg_module()
    row = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'").fetchone()
    if row is not None:
        return str(row[0])
    where = connection_address(conn)
    available = conn.execute(
        "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'"
    ).fetchone()
    if not (available and available[0]):
        raise StoreExtensionError(
            f"{where}: the server has no PostGIS; install it on the database server "
            "(Debian: apt-get install postgis) and run CREATE EXTENSION postgis there"
        )
    if create:
        try:
            with conn.transaction():
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            logger.info("created the postgis extension in %s", where)
        except psycopg.Error as exc:  # no privilege (or another client created it just now)
            logger.info("could not create the postgis extension in %s: %s", where, exc)
        return ensure_postgis(conn, create=False)
    raise StoreExtensionError(
        f"{where}: the database has no PostGIS extension and this user may not create it; "
        f"ask its owner or a superuser to run CREATE EXTENSION postgis in database {conn.info.dbname}"
    )


@contextlib.contextmanager
def database_errors(address: str, doing: str, *, after: str = "") -> Iterator[None]:
    """Turn the driver's errors inside the block into one-line :class:`StoreError` s.

    A lost connection becomes :class:`StoreUnreachableError`. ``doing`` says what failed
    ("the import"), ``after`` what that means ("nothing was written").
    """
    psycopg = psycopg_module()
    tail = f"; {after}" if after else ""
    try:
        yield
    except psycopg.OperationalError as exc:
        raise StoreUnreachableError(
            f"{address}: the connection failed during {doing}{tail} ({_first_line(exc)})"
        ) from None
    except psycopg.Error as exc:
        raise StoreError(f"{address}: {doing} failed{tail} ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
