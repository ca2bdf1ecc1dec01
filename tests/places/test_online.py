"""Online geocoding (geo.places.online and `bordermap geocode --geocoder ...`) against a local stub.

No outside network: every request goes to tests/places/nominatim_stub.py on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nominatim_stub import NominatimStub

from geo.places.online import OnlineConfigurationError, OnlineGeocoder

#: Keys of geo.places.geocode.resolution_record (the offline `bordermap geocode` JSON).
RESOLUTION_KEYS = {
    "query",
    "name",
    "lon",
    "lat",
    "geometry_type",
    "feature_class",
    "country",
    "precision",
    "source",
    "source_id",
    "confidence",
    "ambiguous",
    "qualifier",
    "candidates",
}
TOL = 0.05  # jitter between the client limiter and server arrival stamps (0.022 s seen in CI)


@pytest.fixture
def stub():
    server = NominatimStub(slow_seconds=0.6, flaky_failures=2, drip_seconds=0.25).start()
    yield server
    server.stop()


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "online.sqlite"


def make(stub: NominatimStub, cache: Path, **kw: Any) -> OnlineGeocoder:
    opts: dict[str, Any] = {
        "user_agent": "bordermap-tests",
        "domain": stub.domain,
        "scheme": "http",
        "timeout": 0.3,
        "min_delay_seconds": 0.0,
        "max_retries": 2,
        "backoff_seconds": 0.05,
        "cache_path": cache,
    }
    opts.update(kw)
    return OnlineGeocoder("nominatim", **opts)


def cached_rows(cache: Path) -> int:
    with sqlite3.connect(cache) as conn:
        (count,) = conn.execute("SELECT count(*) FROM answers").fetchone()
    conn.close()
    return int(count)


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


# --------------------------------------------------------------------- answers
def test_found_and_not_found(stub, cache):
    with make(stub, cache) as gc:
        results = gc.geocode_many(["Sotk", "Lachin", "Brussels", "Nowhereville"], progress=False)
    sotk, lachin, brussels, nowhere = (r.record() for r in results)
    assert sotk == {
        "query": "Sotk",
        "name": "Sotk",
        "lon": 45.8811,
        "lat": 40.2153,
        "geometry_type": "Point",
        "feature_class": "place:village",
        "country": "AM",
        "precision": "point",
        "source": "nominatim",
        "source_id": "osm:node/1130548161",
        "confidence": 0.3547,
        "ambiguous": False,
        "qualifier": "",
        "candidates": [],
        "status": "ok",
        "error": None,
        "cached": False,
    }
    assert set(sotk) == RESOLUTION_KEYS | {"status", "error", "cached"}
    assert (lachin["country"], lachin["feature_class"]) == ("AZ", "place:town")
    assert brussels["source_id"] == "osm:relation/54094"
    assert brussels["confidence"] == 1.0  # importance 1.2 clipped
    assert nowhere["status"] == "not_found"
    assert nowhere["lon"] is None and nowhere["error"] is None
    json.dumps([sotk, lachin, brussels, nowhere])
    req = stub.requests[0]
    assert req.user_agent == "bordermap-tests"
    assert req.params["format"] == "json" and req.params["addressdetails"] == "1"
    assert stub.count() == 4


def test_country_codes_steer_and_key_the_cache(stub, cache):
    with make(stub, cache) as gc:
        assert gc.geocode("Lachin", country_codes=["am"]).status == "not_found"
        assert gc.geocode("Lachin", country_codes=["AZ"]).country == "AZ"
        assert stub.requests[0].params["countrycodes"] == "am"
        assert gc.geocode("Lachin", country_codes=["am"]).cached
        assert gc.geocode("Lachin", country_codes=["az"]).cached
    assert stub.count() == 2


# --------------------------------------------------------------------- cache
def test_second_run_asks_nothing(stub, cache):
    names = ["Sotk", "Lachin", "Nowhereville"]
    with make(stub, cache) as gc:
        first = gc.geocode_many(names, progress=False)
    assert stub.count() == 3
    with make(stub, cache) as gc:
        second = gc.geocode_many([*names, "  SOTK "], progress=False)
    assert stub.count() == 3  # zero new requests, not-found included
    assert all(r.cached for r in second)
    assert [r.record() | {"cached": False} for r in second[:3]] == [r.record() for r in first]
    assert second[3].query == "  SOTK " and second[3].name == "Sotk"


def test_interrupted_batch_resumes(stub, cache):
    names = ["Sotk", "Lachin", "Brussels", "Nowhereville", "Elsewhere"]
    seen: list[str] = []

    def stop_after_two(result):
        seen.append(result.query)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with make(stub, cache) as gc, pytest.raises(KeyboardInterrupt):
        gc.geocode_many(names, progress=False, on_result=stop_after_two)
    assert stub.count() == 2
    with make(stub, cache) as gc:
        results = gc.geocode_many(names, progress=False)
    assert [r.cached for r in results] == [True, True, False, False, False]
    assert [r.q for r in stub.requests] == names  # each name asked exactly once


# --------------------------------------------------------------------- failures
@pytest.mark.parametrize(
    ("name", "requests"),
    [("slowonce", 2), ("busynohdr", 2), ("flaky", 3), ("droponce", 2), ("dropmidonce", 2)],
    ids=["timeout", "429", "500-twice", "dropped-connection", "dropped-mid-answer"],
)
def test_transient_failures_are_retried(stub, cache, name, requests):
    with make(stub, cache) as gc:
        result = gc.geocode(name)
        assert result.status == "ok", result.error
        assert stub.count(name) == requests
        assert gc.geocode(name).cached


def test_retry_after_is_respected(stub, cache):
    with make(stub, cache) as gc:
        assert gc.geocode("busy").status == "ok"
    (gap,) = gaps(stub.times())
    assert gap >= 1.0 - TOL  # Retry-After: 1, although min_delay_seconds and backoff are ~0


@pytest.mark.parametrize(
    ("name", "cause", "requests"),
    [
        ("slow", "timed out after 3 attempts", 3),
        ("broken", "HTTP 500 after 3 attempts", 3),
        ("unavailable", "HTTP 503 after 3 attempts", 3),
        ("dropped", "connection failed after 3 attempts", 3),
        ("dropmid", "connection dropped mid-answer after 3 attempts", 3),
        ("garbage", "malformed response after 1 attempt", 1),
        ("badrequest", "HTTP 400 after 1 attempt", 1),
        ("throttled", "Retry-After 3600 s", 1),
        ("nolatlon", "unexpected answer (ValueError: a place without lat/lon)", 1),
        ("errorobj", "Nothing to search for", 1),
    ],
)
def test_permanent_failures_are_reported_not_cached(stub, cache, name, cause, requests):
    with make(stub, cache) as gc:
        result = gc.geocode(name)
        assert result.status == "error"
        assert cause in (result.error or "")
        assert result.lon is None and not result.cached
        assert stub.count(name) == requests  # no hidden retries by the HTTP adapter
        assert gc.geocode(name).status == "error"  # asked again: errors are not cached
        assert stub.count(name) == 2 * requests


def test_a_failure_spoils_only_its_own_name(stub, cache):
    with make(stub, cache) as gc:
        results = gc.geocode_many(["Sotk", "broken", "Lachin", ""], progress=False)
    assert [r.status for r in results] == ["ok", "error", "ok", "error"]
    assert "HTTP 500" in (results[1].error or "")
    assert results[3].error == "empty place name"


def test_progress_bar_for_batches_only_and_on_request(stub, cache, capsys):
    with make(stub, cache) as gc:
        gc.geocode_many(["Sotk", "Lachin"], progress=True)
        assert "geocoding with nominatim" in capsys.readouterr().err
        gc.geocode_many(["Sotk", "Lachin"], progress=False)
        gc.geocode_many(["Sotk"], progress=True)
        assert "geocoding" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("badlon", "invalid coordinates in the answer: latitude 40.0, longitude 999.0"),
        ("inflon", "Point coordinates must be finite"),
        ("badlat", "Latitude must be in the [-90; 90] range"),
        ("nanlat", "Point coordinates must be finite"),
    ],
)
def test_invalid_coordinates_are_an_error_never_cached(stub, cache, name, cause):
    # geopy wraps a longitude of 999 to -81: the answer's own lat/lon are checked.
    with make(stub, cache) as gc:
        result = gc.geocode(name)
        assert result.status == "error" and cause in (result.error or ""), result.error
        assert result.lon is None and result.lat is None
        assert gc.geocode(name).status == "error"
    assert stub.count(name) == 2  # asked again: nothing was cached
    assert cached_rows(cache) == 0


def test_a_redirect_is_a_request_under_the_rate_limit(stub, cache):
    with make(stub, cache, min_delay_seconds=0.3) as gc:
        result = gc.geocode("moved")  # 301 to the query for Sotk
        assert (result.status, result.name) == ("ok", "Sotk")
        assert gc.requests_made == 2
    assert [r.q for r in stub.requests] == ["moved", "Sotk"]
    (gap,) = gaps(stub.times())
    assert gap >= 0.3 - TOL


def test_a_redirect_loop_ends_with_an_error_for_its_name(stub, cache):
    with make(stub, cache, min_delay_seconds=0.2, max_retries=2) as gc:
        result = gc.geocode("loop")
        assert result.status == "error" and not result.cached
        assert "redirect loop after 1 attempt" in (result.error or "")
        assert "more than 5 redirects" in (result.error or "")
        assert gc.geocode("Sotk").status == "ok"  # the next name is not disturbed
    assert stub.count("loop") == 6  # the first request and 5 redirects; not retried
    assert min(gaps(stub.times())) >= 0.2 - TOL  # each redirect waited its turn


@pytest.mark.parametrize("name", ["drip", "dripbody"])
def test_a_dripping_server_cannot_outlast_the_total_deadline(stub, cache, name):
    # One byte every 0.25 s: every read is quick, the whole answer would take a minute.
    start = time.monotonic()
    with make(stub, cache, timeout=1.0, max_retries=1) as gc:
        result = gc.geocode(name)
    elapsed = time.monotonic() - start
    assert result.status == "error"
    assert "timed out after 2 attempts" in (result.error or ""), result.error
    assert stub.count(name) == 2  # retried once, as a timeout is
    assert elapsed < 15  # two deadlines of 1 s (generous bound; a minute without it)


# --------------------------------------------------------------------- rate limit
def test_rate_limiter_spaces_every_request_retries_included(stub, cache):
    with make(stub, cache, min_delay_seconds=0.2, backoff_seconds=0.0) as gc:
        results = gc.geocode_many(["Sotk", "flaky", "Lachin"], progress=False)
    assert all(r.status == "ok" for r in results)
    assert stub.count() == 5
    assert min(gaps(stub.times())) >= 0.2 - TOL


def test_default_spacing_is_one_second(stub, cache):
    gc = OnlineGeocoder(user_agent="t", domain=stub.domain, scheme="http", cache_path=cache)
    with gc:
        assert gc.min_delay_seconds == 1.0
        gc.geocode_many(["Sotk", "Lachin"], progress=False)
    (gap,) = gaps(stub.times())
    assert gap >= 1.0 - TOL


def geocode_processes(stub, cache, names, *, n=2):
    """Start ``n`` processes of `bordermap geocode` on one cache at once; their outputs."""
    command = [
        sys.executable,
        "-m",
        "bordermap.cli",
        "geocode",
        *names,
        *("--geocoder", "nominatim", "--geocoder-domain", stub.domain, "--geocoder-scheme"),
        *("http", "--user-agent", "test", "--geocoder-cache", str(cache), "--no-progress"),
    ]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(n)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]


def test_processes_sharing_a_cache_share_its_rate_limit_and_ask_once(stub, cache):
    names = ["Sotk", "Lachin", "Brussels", "Nowhereville"]
    for code, out, err in geocode_processes(stub, cache, names):
        assert code == 0, err
        records = [json.loads(line) for line in out.splitlines()]
        assert [(r["query"], r["status"]) for r in records] == [
            ("Sotk", "ok"),
            ("Lachin", "ok"),
            ("Brussels", "ok"),
            ("Nowhereville", "not_found"),
        ]
    assert sorted(r.q for r in stub.requests) == sorted(names)  # each name asked once
    assert min(gaps(stub.times())) >= 1.0 - TOL  # 1 request/s between both processes


# --------------------------------------------------------------------- cache faults
def corrupt(path: Path) -> None:
    path.write_bytes(b"this is not a SQLite database\n" * 200)


def foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    conn.close()


def reshaped(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE answers (service TEXT, query_key TEXT)")
    conn.close()


def under_a_file(path: Path) -> Path:
    path.write_text("a file, not a folder\n")
    return path / "online.sqlite"


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (corrupt, "damaged or not a SQLite database: delete it"),
        (foreign, "a SQLite database of something else (tables ['people'])"),
        (reshaped, "unexpected table answers"),
        ("folder", "is a folder, not a file"),
        ("under a file", "cannot create it, "),
    ],
    ids=["corrupt", "foreign", "reshaped", "folder", "under-a-file"],
)
def test_cache_faults_are_one_clear_error(stub, tmp_path, capsys, fault, message):
    from geo.errors import BordermapError, OnlineCacheError

    path = tmp_path / "online.sqlite"
    if fault == "folder":
        path.mkdir()
    elif fault == "under a file":
        path = under_a_file(path)
    else:
        fault(path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(OnlineCacheError) as info:
        make(stub, path)
    text = str(info.value)
    assert str(path) in text and message in text and "--geocoder-cache" in text
    assert "\n" not in text
    assert isinstance(info.value, BordermapError | OSError)
    assert (path.read_bytes() if path.is_file() else None) == before  # left as it was
    # The command: one line naming the file, exit 1, no traceback, nothing asked.
    assert cli(stub, path, "Sotk") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"bordermap: online geocoder cache {path}") and err.count("\n") == 1
    assert stub.count() == 0


def read_only(path: Path) -> None:
    """Make ``path`` unwritable: chmod, or for root (who writes anyway) ``chattr +i``."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a file read-only as root here: {done.stderr!r}")


def writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
    path.chmod(0o644)


def test_a_read_only_cache_still_answers_and_then_says_what_to_do(stub, cache, capsys):
    with make(stub, cache) as gc:
        gc.geocode("Sotk")
    read_only(cache)
    try:
        with make(stub, cache) as gc:
            assert gc.geocode("Sotk").cached
        assert cli(stub, cache, "Sotk", "Lachin") == 1
        out, err = capsys.readouterr()
        assert [json.loads(line)["query"] for line in out.splitlines()] == ["Sotk"]  # cached
        assert err.startswith(f"bordermap: online geocoder cache {cache}: cannot write it")
        assert "can be written" in err and err.count("\n") == 1
        assert stub.count() == 1  # Lachin was not asked: its answer could not be kept
    finally:
        writable(cache)


@pytest.mark.parametrize(
    "record",
    [
        "{not json",
        "[]",
        '"a string"',
        '{"status": "ok", "lat": 40.2, "lon": 999}',
        '{"status": "ok", "lat": "40.2", "lon": "45.9"}',
        '{"status": "ok", "lat": 40.2, "lon": null}',
        '{"status": "ok", "lat": true, "lon": 45.9}',
        '{"status": "error", "error": "x"}',
        '{"status": "ok", "lat": 40.2, "lon": 45.9, "name": ["Sotk"]}',
        '{"status": "ok", "lat": 40.2, "lon": 45.9, "candidates": "x"}',
        '{"status": "ok", "lat": 40.2, "lon": 45.9, "confidence": "high"}',
        '{"status": "not_found", "lat": 40.2, "lon": 45.9}',
    ],
)
def test_a_tampered_record_is_asked_again(stub, cache, caplog, record):
    with make(stub, cache) as gc:
        gc.geocode("Sotk")
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE answers SET record = ?", (record,))
    conn.close()
    with make(stub, cache) as gc:
        result = gc.geocode("Sotk")
        assert (result.status, result.cached, result.lon) == ("ok", False, 45.8811)
        assert caplog.text.count("record of 'sotk' is damaged; asking again") == 1  # was 2
        assert gc.geocode("Sotk").cached  # replaced by the new answer
    assert stub.count("Sotk") == 2


# --------------------------------------------------------------------- configuration
@pytest.mark.parametrize("agent", [None, "", "   "])
def test_nominatim_requires_a_user_agent(stub, cache, agent):
    with pytest.raises(OnlineConfigurationError, match="user agent"):
        OnlineGeocoder("nominatim", user_agent=agent, domain=stub.domain, cache_path=cache)
    assert not cache.exists()
    assert stub.count() == 0


def test_other_services_by_name(stub, cache):
    with pytest.raises(OnlineConfigurationError, match="unknown geopy geocoding service"):
        OnlineGeocoder("no-such-service", user_agent="t", cache_path=cache)
    with pytest.raises(OnlineConfigurationError, match="api_key"):
        OnlineGeocoder("nominatim", user_agent="t", cache_path=cache, options={"api_key": "x"})
    # Photon asks /api, which the stub does not serve: a clean per-name error.
    with OnlineGeocoder(
        "photon", user_agent="t", domain=stub.domain, scheme="http", cache_path=cache
    ) as gc:
        result = gc.geocode("Sotk")
    assert result.status == "error" and "HTTP 404" in (result.error or "")
    assert stub.count() == 1


# --------------------------------------------------------------------- CLI
def cli(stub, cache, *names, extra=()):
    from bordermap.cli import main

    return main(
        [
            "geocode",
            *names,
            "--geocoder",
            "nominatim",
            "--geocoder-domain",
            stub.domain,
            "--geocoder-scheme",
            "http",
            "--user-agent",
            "test",
            "--geocoder-cache",
            str(cache),
            *extra,
        ]
    )


def test_cli_online(stub, cache, capsys):
    assert cli(stub, cache, "Sotk", "Nowhereville") == 0
    out, _ = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(r["query"], r["status"], r["cached"]) for r in lines] == [
        ("Sotk", "ok", False),
        ("Nowhereville", "not_found", False),
    ]
    assert set(lines[0]) >= RESOLUTION_KEYS
    assert stub.requests[0].user_agent == "test"
    (gap,) = gaps(stub.times())
    assert gap >= 1.0 - TOL  # the command keeps Nominatim's 1 request/s

    # Rerun with a bad name: the cached names cost nothing, the bad one fails alone.
    assert cli(stub, cache, "Sotk", "badrequest", "Nowhereville", extra=["--no-progress"]) == 1
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(r["status"], r["cached"]) for r in lines] == [
        ("ok", True),
        ("error", False),
        ("not_found", True),
    ]
    assert "HTTP 400" in lines[1]["error"]
    assert "1 of 3 names failed" in err and "'badrequest': HTTP 400" in err
    assert stub.count() == 3


def test_cli_online_usage_errors(stub, cache, capsys, monkeypatch):
    from bordermap.cli import main

    monkeypatch.delenv("BORDERMAP_USER_AGENT", raising=False)
    assert main(["geocode", "Sotk", "--geocoder", "nominatim", "--geocoder-cache", str(cache)]) == 2
    assert "user agent" in capsys.readouterr().err
    assert cli(stub, cache, "Sotk", extra=["--geocoder-option", "novalue"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
    # a string timeout reached geopy and failed every name (TypeError); bordermap owns it
    assert cli(stub, cache, "Sotk", extra=["--geocoder-option", "timeout=5"]) == 2
    assert "'timeout' is set by bordermap itself" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli(stub, cache, "Sotk", extra=["--geocoder-timeout", "0"])
    assert "--geocoder-timeout" in capsys.readouterr().err
    assert stub.count() == 0


def test_cli_geocoder_timeout_is_the_deadline(stub, cache, capsys):
    assert cli(stub, cache, "Sotk", extra=["--geocoder-timeout", "2.5"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "ok"


def test_cli_ctrl_c_keeps_the_answers_and_says_so(stub, cache, capsys, monkeypatch):
    from geo.places.online import OnlineGeocoder as Geocoder

    fetch = Geocoder._fetch

    def interrupted_at_brussels(self, name, codes):
        if name == "Brussels":
            raise KeyboardInterrupt
        return fetch(self, name, codes)

    monkeypatch.setattr(Geocoder, "_fetch", interrupted_at_brussels)
    names = ("Sotk", "Nowhereville", "Brussels", "Lachin")
    try:
        code = cli(stub, cache, *names, extra=["--no-progress"])
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped the command (a traceback for the user)")
    assert code == 130
    out, err = capsys.readouterr()
    assert [json.loads(line)["query"] for line in out.splitlines()] == ["Sotk", "Nowhereville"]
    assert err == (
        f"bordermap: interrupted after 2 of 4 names; 2 answers are kept in the cache {cache} "
        "(a rerun asks only the rest)\n"
    )
    monkeypatch.undo()
    assert cli(stub, cache, *names, extra=["--no-progress"]) == 0
    cached = [json.loads(line)["cached"] for line in capsys.readouterr()[0].splitlines()]
    assert cached == [True, True, False, False]


def test_cli_sigint_in_a_real_batch_exits_130_without_traceback(stub, cache):
    command = [
        sys.executable,
        "-m",
        "bordermap.cli",
        "geocode",
        *("Sotk", "Lachin", "Brussels", "Nowhereville", "Elsewhere", "Anywhere"),
        *("--geocoder", "nominatim", "--geocoder-domain", stub.domain, "--geocoder-scheme"),
        *("http", "--user-agent", "test", "--geocoder-cache", str(cache), "--no-progress"),
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = [proc.stdout.readline(), proc.stdout.readline()]  # two answers (1 request/s)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    lines += out.splitlines()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.count("\n") == 1
    kept = len([line for line in lines if line.strip()])
    assert f"; {kept} answers are kept in the cache {cache}" in err
    assert cached_rows(cache) == kept
