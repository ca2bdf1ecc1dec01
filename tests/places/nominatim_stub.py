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
==============  ======================================================================

Every request is logged (``requests``: arrival time from :func:`time.monotonic`, ``q``,
query parameters, User-Agent), so tests count requests and measure their spacing.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

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
    requests: list[Request] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

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
        if key == "slow" or (key == "slowonce" and n == 1):
            time.sleep(self.slow_seconds)
        if self._failed(h, key, n) or self._malformed(h, key):
            return None
        return self._found(h, q, params)

    def _failed(self, h: BaseHTTPRequestHandler, key: str, n: int) -> bool:
        """Answer with an HTTP error or drop the connection if ``key`` asks for it (the
        ``n``-th request for it); whether it did."""
        if (key == "busy" and n == 1) or key == "throttled":
            after = "3600" if key == "throttled" else "1"
            self._send(h, 429, b"Too Many Requests", "text/plain", {"Retry-After": after})
        elif key == "busynohdr" and n == 1:
            self._send(h, 429, b"Too Many Requests", "text/plain")
        elif key == "broken" or (key == "flaky" and n <= self.flaky_failures):
            self._send(h, 500, b"Internal Server Error", "text/plain")
        elif key == "unavailable":
            self._send(h, 503, b"Service Unavailable", "text/plain")
        elif key == "badrequest":
            self._send(h, 400, b"Bad Request", "text/plain")
        elif key == "dropped" or (key == "droponce" and n == 1):
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
        else:
            return False
        return True

    def _malformed(self, h: BaseHTTPRequestHandler, key: str) -> bool:
        """Answer 200 with a body a geocoder cannot use if ``key`` asks for it; whether it did."""
        if key == "nolatlon":
            self._json(h, [{"display_name": "Nolatlon", "class": "place"}])
        elif key == "errorobj":
            self._json(h, {"error": "Nothing to search for"})
        elif key == "garbage":
            self._send(h, 200, b'[{"lat": "40.0", "lon": ', "application/json")
        else:
            return False
        return True

    def _found(self, h: BaseHTTPRequestHandler, q: str, params: dict[str, str]) -> None:
        """Answer with the place ``q`` names (none if unknown or outside ``countrycodes``)."""
        key = q.strip().lower()
        if key in PLACES:
            place = dict(PLACES[key])
        elif key in {"slowonce", "busy", "busynohdr", "flaky", "droponce"}:
            place = _generic(q)
        else:
            return self._json(h, [])
        codes = {c for c in params.get("countrycodes", "").lower().split(",") if c}
        if codes and place["address"]["country_code"] not in codes:
            return self._json(h, [])
        if params.get("addressdetails") != "1":
            place.pop("address")
        return self._json(h, [place])

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
