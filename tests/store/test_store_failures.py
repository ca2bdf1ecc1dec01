"""Faulty use: a server that is down, a wrong password, no such database, no PostGIS, a store
of an older or newer bordermap, no driver. Each gives one line saying what to do, and the
password is never in a message or a log record."""

from __future__ import annotations

import logging
import sys

import pytest

import geo
from geo import (
    MissingDependencyError,
    StoreAuthenticationError,
    StoreError,
    StoreExtensionError,
    StoreSchemaError,
    StoreUnreachableError,
    incidents_from_store,
    open_store,
    redacted_url,
    store_incidents,
)

pytestmark = pytest.mark.slow

SECRET = "Zq9-s3cret-Pw"


def _one_line(exc: pytest.ExceptionInfo, *, secret: str) -> str:
    text = str(exc.value)
    assert "\n" not in text, text
    assert secret not in text
    return text


@pytest.fixture
def analyst(postgis_cluster):
    """A login role that is not a superuser, with a known password."""
    postgis_cluster.admin_sql(
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') "
        f"THEN CREATE ROLE analyst LOGIN PASSWORD '{SECRET}'; END IF; END$$"
    )
    return "analyst"


def test_a_server_that_is_down(postgis_cluster, caplog):
    import pg_cluster

    caplog.set_level(logging.DEBUG)
    url = f"postgresql://ana:{SECRET}@127.0.0.1:{pg_cluster.free_port()}/incidents"
    with pytest.raises(StoreUnreachableError) as exc:
        open_store(url, connect_timeout=5)
    text = _one_line(exc, secret=SECRET)
    assert text.startswith("postgresql://ana@127.0.0.1:")
    assert "no PostgreSQL server answered" in text and "start the server" in text
    assert isinstance(exc.value, ConnectionError)
    assert SECRET not in caplog.text


def test_a_wrong_password(postgis_cluster, caplog):
    caplog.set_level(logging.DEBUG)
    good = postgis_cluster.url("postgres")
    with pytest.raises(StoreAuthenticationError) as exc:
        open_store(postgis_cluster.url("postgres", password=SECRET))
    text = _one_line(exc, secret=SECRET)
    assert postgis_cluster.password not in text
    assert "refused the login" in text and "PGPASSWORD" in text
    assert isinstance(exc.value, PermissionError)
    assert SECRET not in caplog.text and postgis_cluster.password not in caplog.text
    assert postgis_cluster.password not in redacted_url(good)


def test_a_database_that_does_not_exist(postgis_cluster):
    with pytest.raises(StoreUnreachableError) as exc:
        open_store(postgis_cluster.url("no_such_db"))
    text = _one_line(exc, secret=postgis_cluster.password)
    assert "no_such_db" in text and "createdb" in text


def test_no_postgis_and_no_right_to_create_it(postgis_cluster, analyst):
    postgis_cluster.create_database("bare_for_analyst", postgis=False, owner=analyst)
    url = postgis_cluster.url("bare_for_analyst", user=analyst, password=SECRET)
    with pytest.raises(StoreExtensionError) as exc:
        open_store(url, create=True)
    text = _one_line(exc, secret=SECRET)
    assert "CREATE EXTENSION postgis" in text and "superuser" in text
    with pytest.raises(StoreExtensionError):
        open_store(url)  # reading needs it too


def test_no_postgis_is_created_when_allowed(postgis_cluster):
    url = postgis_cluster.create_database("bare_for_admin", postgis=False)
    with pytest.raises(StoreExtensionError):
        open_store(url)  # without create: said, not done
    with open_store(url, create=True) as store:
        version = store.connection.execute("SELECT postgis_lib_version()").fetchone()
        assert version and version[0].startswith("3.")


def test_a_database_without_a_store(store_url):
    with pytest.raises(StoreSchemaError) as exc:
        open_store(store_url)
    assert "no bordermap store" in _one_line(exc, secret="x")
    assert "bordermap import FILE --to URL" in str(exc.value)


def test_a_store_of_an_older_bordermap_is_migrated_on_request(store_url, acled):
    from geo.store._connect import connect
    from geo.store._schema import MIGRATIONS, SCHEMA_VERSION, migrate

    assert SCHEMA_VERSION == max(MIGRATIONS) >= 2
    conn = connect(store_url)
    migrate(conn, target=1)  # what the first bordermap with a store made
    conn.close()
    with pytest.raises(StoreSchemaError) as exc:
        open_store(store_url)
    text = _one_line(exc, secret="x")
    assert "older bordermap" in text and "--migrate" in text
    with open_store(store_url, migrate_schema=True) as store:
        versions = store.connection.execute(
            "SELECT version FROM bordermap.schema_version ORDER BY version"
        ).fetchall()
        assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
        store_incidents(store, acled)
    with open_store(store_url) as store:
        assert len(incidents_from_store(store)) == len(acled)


def test_a_store_of_a_newer_bordermap(store):
    store.connection.execute("INSERT INTO bordermap.schema_version (version) VALUES (999)")
    with pytest.raises(StoreSchemaError) as exc:
        open_store(store.connection.info.dsn + f" password={store.connection.info.password}")
    assert "newer bordermap" in _one_line(exc, secret=store.connection.info.password)


def test_concurrent_migrations_apply_each_once(store_url):
    import threading

    errors = []

    def open_and_close():
        try:
            open_store(store_url, create=True).close()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_without_psycopg(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'bordermap\[postgis\]'"):
        open_store("postgresql://nobody@127.0.0.1:1/x")


def test_pg_environment_variables(postgis_cluster, store_url, monkeypatch, acled):
    database = store_url.rsplit("/", 1)[1]
    for key, value in postgis_cluster.env(database).items():
        monkeypatch.setenv(key, value)
    with open_store(create=True) as store:  # no URL: libpq reads PG*
        assert store.address.endswith(f"/{database}")
        store_incidents(store, acled)
    monkeypatch.setenv("PGPASSWORD", SECRET)
    with pytest.raises(StoreAuthenticationError) as exc:
        open_store()
    _one_line(exc, secret=SECRET)


def test_the_password_is_never_logged_or_shown(postgis_cluster, store_url, acled, caplog):
    caplog.set_level(logging.DEBUG)
    password = postgis_cluster.password
    with open_store(store_url, create=True) as store:
        assert password not in repr(store) and password not in store.address
        run = store_incidents(store, acled, files=["acled.csv"])
        incidents_from_store(store, where="country = 'Armenia'")
        geo.changes_from_store(store)
        assert password not in run.summary()
        with pytest.raises(StoreError) as exc:
            store_incidents(store, acled.assign(version=3))
        assert password not in str(exc.value)
    assert "connected to postgresql://" in caplog.text
    assert password not in caplog.text
    for url in (store_url, store_url.replace("postgresql://", "postgres://")):
        assert password not in redacted_url(url)
    conninfo = f"host=127.0.0.1 port=1 dbname=x user=u password={password}"
    assert password not in redacted_url(conninfo)
    with pytest.raises(StoreError) as exc:
        open_store(conninfo, connect_timeout=2)
    assert password not in str(exc.value)
    with pytest.raises(StoreError) as exc:
        open_store(f"postgresql://u:{password}@127.0.0.1:notaport/x")
    assert password not in str(exc.value)


def test_a_connection_lost_before_a_read(store, acled, postgis_cluster):
    store_incidents(store, acled)
    pid = store.connection.info.backend_pid
    postgis_cluster.admin_sql(f"SELECT pg_terminate_backend({int(pid)})")
    with pytest.raises(StoreUnreachableError) as exc:
        incidents_from_store(store)
    text = _one_line(exc, secret=postgis_cluster.password)
    assert "the connection failed during the read" in text


def test_no_right_to_create_the_tables(postgis_cluster, analyst):
    postgis_cluster.create_database("not_analysts")  # PostGIS in it, owned by the admin
    url = postgis_cluster.url("not_analysts", user=analyst, password=SECRET)
    with pytest.raises(StoreError) as exc:
        open_store(url, create=True)
    text = _one_line(exc, secret=SECRET)
    assert text.startswith("postgresql://analyst@") and "permission denied" in text
