"""A local stand-in for Nominatim's ``/search?format=json`` with fault injection by name.

Known places: Sotk (AM), Lachin (AZ), Brussels (BE); any other plain name answers ``[]``.
Faulty names (case-insensitive):

==============  ======================================================================
``slow``        always answers after ``slow_seconds`` (longer than the client timeout)
``slowonce``    slow the first time, then found
``busy``        HTTP 429 with ``Retry-After: 1`` the first time, then found
``busynohdr``   HTTP 429 without Retry-After the first time, then found
``throttled``   HTTP 429 with ``Retry-After: 3600`` always
``flaky``       HTTP 500 the first ``flaky_failures`` times, then found
``broken``      HTTP 500 always
``unavailable`` HTTP 503 always
``droponce``    the connection is closed without a response the first time, then found
``dropped``     the connection is always closed without a response
``garbage``     HTTP 200 with malformed JSON
``badrequest``  HTTP 400
``nolatlon``    HTTP 200, a place without lat/lon
``errorobj``    HTTP 200, Nominatim's ``{"error": ...}`` object
``dropmidonce`` headers and half the body, then the connection closes (first time), then found
``dropmid``     the same, always
``loop``        HTTP 302 to the very same URL, forever (a redirect loop)
``moved``       HTTP 301 to the same query for ``Sotk`` (one redirect, then found)
``drip``        the whole answer (status line, headers, body) one byte per ``drip_seconds``
``dripbody``    headers at once, then the body one byte per ``drip_seconds``
``badlon``      HTTP 200, a place at longitude 999 (geopy would wrap it to -81)
``badlat``      HTTP 200, a place at latitude 95
``nanlat``      HTTP 200, a place at latitude NaN
``inflon``      HTTP 200, a place at longitude -inf
==============  ======================================================================

Every request is logged (``requests``: arrival time from :func:`time.monotonic`, ``q``,
query parameters, User-Agent), so tests count requests and measure their spacing.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

PLACES: dict[str, dict[str, Any]] = {
    "sotk": {
        "place_id": 1,
        "osm_type": "node",
        "osm_id": 1130548161,
        "lat": "40.2153",
        "lon": "45.8811",
        "class": "place",
        "type": "village",
        "importance": 0.3547,
        "name": "Sotk",
        "display_name": "Sotk, Vardenis, Gegharkunik Province, Armenia",
        "address": {"village": "Sotk", "country": "Armenia", "country_code": "am"},
    },
    "lachin": {
        "place_id": 2,
        "osm_type": "node",
        "osm_id": 274380212,
        "lat": "39.6386",
        "lon": "46.5467",
        "class": "place",
        "type": "town",
        "importance": 0.4712,
        "name": "Lachin",
        "display_name": "Lachin, Lachin District, Azerbaijan",
        "address": {"town": "Lachin", "country": "Azerbaijan", "country_code": "az"},
    },
    "brussels": {
        "place_id": 3,
        "osm_type": "relation",
        "osm_id": 54094,
        "lat": "50.8465573",
        "lon": "4.351697",
        "class": "boundary",
        "type": "administrative",
        "importance": 1.2,  # above 1 on purpose: the client clips it
        "name": "Brussels",
        "display_name": "Brussels, Brussels-Capital, Belgium",
        "address": {"city": "Brussels", "country": "Belgium", "country_code": "be"},
    },
}


def _generic(name: str) -> dict[str, Any]:
    return {
        "place_id": 99,
        "osm_type": "way",
        "osm_id": 42,
        "lat": "40.0",
        "lon": "45.0",
        "class": "place",
        "type": "hamlet",
        "importance": 0.1,
        "name": name,
        "display_name": f"{name}, Armenia",
        "address": {"hamlet": name, "country": "Armenia", "country_code": "am"},
    }


@dataclass
class Request:
    t: float
    q: str
    params: dict[str, str]
    user_agent: str


@dataclass
class NominatimStub:
    slow_seconds: float = 0.6
    flaky_failures: int = 2
    drip_seconds: float = 0.8
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)

    # --------------------------------------------------------------- control
    def start(self) -> NominatimStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                stub._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def domain(self) -> str:
        assert self._server is not None
        return f"127.0.0.1:{self._server.server_address[1]}"

    def count(self, q: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if q is None or r.q.lower() == q.lower())

    def times(self) -> list[float]:
        with self._lock:
            return [r.t for r in self.requests]

    # --------------------------------------------------------------- answers
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urlsplit(h.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        q = params.get("q", "")
        key = q.strip().lower()
        with self._lock:
            self.requests.append(
                Request(time.monotonic(), q, params, h.headers.get("User-Agent", ""))
            )
            n = sum(1 for r in self.requests if r.q.strip().lower() == key)  # 1-based
        if url.path != "/search":
            return self._send(h, 404, b"not found", "text/plain")
        fault = _FAULTS.get(key)
        if fault is not None and fault(self, h, n, url.query):
            return None
        return self._answer(h, key, q, params)

    def _answer(self, h: BaseHTTPRequestHandler, key: str, q: str, params: dict[str, str]) -> None:
        if key in PLACES:
            place = dict(PLACES[key])
        elif key in _GENERIC:
            place = _generic(q)
            place.update(_GENERIC[key])
        else:
            return self._json(h, [])
        codes = {c for c in params.get("countrycodes", "").lower().split(",") if c}
        if codes and place["address"]["country_code"] not in codes:
            return self._json(h, [])
        if params.get("addressdetails") != "1":
            place.pop("address")
        return self._json(h, [place])

    # --------------------------------------------------------------- faults
    # Each returns True when it answered the request, False to answer normally.
    def _slow(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        if n == 1 or _key(query) == "slow":
            time.sleep(self.slow_seconds)
        return False

    def _busy(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        key = _key(query)
        if key == "throttled" or n == 1:
            after = {"throttled": {"Retry-After": "3600"}, "busy": {"Retry-After": "1"}}
            self._send(h, 429, b"Too Many Requests", "text/plain", after.get(key, {}))
            return True
        return False

    def _status(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        key = _key(query)
        code = {"broken": 500, "flaky": 500, "unavailable": 503, "badrequest": 400}[key]
        if key == "flaky" and n > self.flaky_failures:
            return False
        self._send(h, code, HTTPStatus(code).phrase.encode(), "text/plain")
        return True

    def _drop(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        if _key(query) == "droponce" and n > 1:
            return False
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)
        return True

    def _drop_mid_answer(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        """Headers and half the body promised by Content-Length, then the connection closes."""
        if _key(query) == "dropmidonce" and n > 1:
            return False
        body = json.dumps([_generic(_key(query))]).encode()
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)
        return True

    def _body(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        body = {
            "garbage": b'[{"lat": "40.0", "lon": ',
            "nolatlon": json.dumps([{"display_name": "Nolatlon", "class": "place"}]).encode(),
            "errorobj": json.dumps({"error": "Nothing to search for"}).encode(),
        }[_key(query)]
        self._send(h, 200, body, "application/json")
        return True

    def _redirect(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        """``loop``: 302 to the same URL, forever; ``moved``: 301 to the same query for Sotk."""
        code = 302 if _key(query) == "loop" else 301
        if code == 301:
            query = urlencode({**dict(parse_qsl(query)), "q": "Sotk"})
        self._send(h, code, b"", "text/plain", {"Location": f"/search?{query}"})
        return True

    def _drip(self, h: BaseHTTPRequestHandler, n: int, query: str) -> bool:
        """The whole answer (``drip``) or its body (``dripbody``), one byte per ``drip_seconds``."""
        body = json.dumps([_generic(_key(query))]).encode()
        head = (
            f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        h.close_connection = True
        try:
            if _key(query) == "dripbody":
                h.wfile.write(head)
                head = b""
            for i in range(len(head + body)):
                if self._stopping.wait(self.drip_seconds):
                    break
                h.wfile.write((head + body)[i : i + 1])
        except OSError:  # the client gave up
            pass
        return True

    def _json(self, h: BaseHTTPRequestHandler, payload: Any) -> None:
        self._send(h, 200, json.dumps(payload).encode(), "application/json")

    @staticmethod
    def _send(
        h: BaseHTTPRequestHandler,
        code: int,
        body: bytes,
        ctype: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            h.send_response(code)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass


def _key(query: str) -> str:
    return dict(parse_qsl(query)).get("q", "").strip().lower()


_Fault = Callable[[NominatimStub, BaseHTTPRequestHandler, int, str], bool]
_FAULTS: dict[str, _Fault] = {
    "slow": NominatimStub._slow,
    "slowonce": NominatimStub._slow,
    "busy": NominatimStub._busy,
    "busynohdr": NominatimStub._busy,
    "throttled": NominatimStub._busy,
    "flaky": NominatimStub._status,
    "broken": NominatimStub._status,
    "unavailable": NominatimStub._status,
    "badrequest": NominatimStub._status,
    "droponce": NominatimStub._drop,
    "dropped": NominatimStub._drop,
    "dropmidonce": NominatimStub._drop_mid_answer,
    "dropmid": NominatimStub._drop_mid_answer,
    "garbage": NominatimStub._body,
    "nolatlon": NominatimStub._body,
    "errorobj": NominatimStub._body,
    "loop": NominatimStub._redirect,
    "moved": NominatimStub._redirect,
    "drip": NominatimStub._drip,
    "dripbody": NominatimStub._drip,
}

#: Names answered by a generic place (after their fault, if any), with these fields changed.
_GENERIC: dict[str, dict[str, Any]] = {
    **{name: {} for name in ("slowonce", "busy", "busynohdr", "flaky", "droponce", "dropmidonce")},
    "badlon": {"lon": "999"},
    "badlat": {"lat": "95"},
    "nanlat": {"lat": "nan"},
    "inflon": {"lon": "-inf"},
}
