"""The HTTP client of :mod:`geo.places.online`: a geopy adapter that keeps the limits honest.

geopy's own adapters follow redirects by themselves (requests up to 30 of them, none under
any rate limit), bound each *read* but not the whole answer (a server that drips one byte
just inside the read timeout holds a request for as long as it likes) and report a
connection dropped mid-answer as a generic service error. :class:`GuardedAdapter` (standard
library ``urllib`` underneath, system proxies as geopy reads them) instead:

- calls ``before_request`` before **every** HTTP request it sends, redirects included, so the
  caller's rate limit sees each one;
- follows at most ``max_redirects`` redirects itself, then fails with :class:`TooManyRedirects`;
- gives each request a **total deadline** of ``timeout`` seconds of wall-clock time, from
  connecting to the last byte of the body (:class:`geopy.exc.GeocoderTimedOut` past it);
- reports a body cut short (fewer bytes than ``Content-Length``, a truncated chunk, a reset)
  as :class:`ConnectionDropped`, a :class:`geopy.exc.GeocoderUnavailable` the caller retries;
- refuses an answer larger than ``max_bytes``;
- never retries anything itself.
"""

from __future__ import annotations

import http.client
import io
import json
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Final, cast
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit
from urllib.request import (
    HTTPHandler,
    HTTPRedirectHandler,
    HTTPSHandler,
    ProxyHandler,
    Request,
    build_opener,
    getproxies,
)

from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import (
    GeocoderParseError,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)

__all__ = ["ConnectionDropped", "GuardedAdapter", "TooManyRedirects"]

#: Redirect status codes followed (each redirect is a new request under the rate limit).
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})


class TooManyRedirects(GeocoderServiceError):
    """More redirects than allowed (a redirect loop, or a misconfigured endpoint)."""


class ConnectionDropped(GeocoderUnavailable):
    """The connection closed before the whole answer arrived."""


class GuardedAdapter(BaseSyncAdapter):
    """A geopy adapter: every request announced, redirects counted, a total deadline.

    Parameters
    ----------
    proxies : mapping or None, keyword-only
        As for geopy's adapters; ``None`` reads the system's proxy settings.
    ssl_context : ssl.SSLContext or None, keyword-only
    before_request : callable, keyword-only
        Called with no argument just before each HTTP request is sent (a redirect is a
        request); it may sleep (a rate limit) or raise.
    max_redirects : int, default 5, keyword-only
    max_bytes : int, default 4 MiB, keyword-only
        Largest answer body accepted.
    """

    def __init__(
        self,
        *,
        proxies: Mapping[str, str] | None,
        ssl_context: ssl.SSLContext | None,
        before_request: Callable[[], None],
        max_redirects: int = 5,
        max_bytes: int = 4 * 1024 * 1024,
    ) -> None:
        proxies = _normalize_proxies(proxies)
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self._open = build_opener(
            _NoRedirects(),
            _DeadlineHTTPHandler(),
            _DeadlineHTTPSHandler(context=ssl_context),
            ProxyHandler(proxies),
        ).open
        self._before_request = before_request
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes

    def get_json(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> Any:
        """Return the answer parsed as JSON (see :meth:`get_text`)."""
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return json.loads(text)
        except ValueError as exc:
            raise GeocoderParseError(f"Could not deserialize the answer as JSON: {exc}") from exc

    def get_text(self, url: str, *, timeout: float, headers: Mapping[str, str]) -> str:
        """Return the answer's text, following redirects; each request within ``timeout`` s.

        Raises
        ------
        geopy.adapters.AdapterHTTPError
            An HTTP status of 400 or more (or a redirect without ``Location``).
        geopy.exc.GeocoderTimedOut, geopy.exc.GeocoderUnavailable, geopy.exc.GeocoderServiceError
            No answer within the deadline; no connection or a dropped one; anything else.
        """
        for _ in range(self.max_redirects + 1):
            self._before_request()
            status, response_headers, body = self._exchange(url, timeout, headers)
            location = response_headers.get("location")
            if status in _REDIRECTS and location:
                target = _redirect_target(url, location)
                if urlsplit(target).netloc != urlsplit(url).netloc:
                    # Like browsers and requests: credentials stay with their host.
                    headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
                url = target
                continue
            text = _decode(body, response_headers)
            if status >= 300:
                raise AdapterHTTPError(
                    f"Non-successful status code {status}",
                    status_code=status,
                    headers=response_headers,
                    text=text,
                )
            return text
        raise TooManyRedirects(
            f"more than {self.max_redirects} redirects (a redirect loop?), the last to {url}"
        )

    def _exchange(
        self, url: str, timeout: float, headers: Mapping[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        """Send one request; return its status, lower-cased headers and body."""
        request = _DeadlineRequest(url, headers=headers, deadline=time.monotonic() + timeout)
        try:
            try:
                response = self._open(request, timeout=timeout)
            except HTTPError as exc:  # every status >= 300: redirects are not followed here
                # Read it here: the HTTPError closes its response when it is collected.
                with exc:
                    fp = cast(http.client.HTTPResponse | None, exc.fp)
                    body = b"" if fp is None else _read_body(fp, self.max_bytes)
                    return exc.code, _lower(exc.headers), body
            with response:
                body = _read_body(response, self.max_bytes)
                return response.status, _lower(response.headers), body
        except GeopyError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise _geopy_error(exc, timeout) from exc


class _NoRedirects(HTTPRedirectHandler):
    """Hand every redirect back to :meth:`GuardedAdapter.get_text` (as an HTTPError)."""

    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> None:
        return None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _DeadlineRequest(Request):
    def __init__(self, url: str, *, headers: Mapping[str, str], deadline: float) -> None:
        super().__init__(url, headers=dict(headers))
        #: ``time.monotonic()`` after which no byte is waited for.
        self.deadline = deadline


class _DeadlineHTTPHandler(HTTPHandler):
    def http_open(self, req: Request) -> http.client.HTTPResponse:
        deadline = cast(_DeadlineRequest, req).deadline
        return self.do_open(partial(_DeadlineHTTPConnection, deadline=deadline), req)


class _DeadlineHTTPSHandler(HTTPSHandler):
    def __init__(self, *, context: ssl.SSLContext | None) -> None:
        super().__init__(context=context)
        self._ssl_context = context

    def https_open(self, req: Request) -> http.client.HTTPResponse:
        deadline = cast(_DeadlineRequest, req).deadline
        connection = partial(_DeadlineHTTPSConnection, deadline=deadline)
        return self.do_open(connection, req, context=self._ssl_context)


class _DeadlineHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, deadline: float, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self.response_class = partial(_DeadlineResponse, deadline=deadline)  # type: ignore[assignment]


class _DeadlineHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, deadline: float, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self.response_class = partial(_DeadlineResponse, deadline=deadline)  # type: ignore[assignment]


class _DeadlineResponse(http.client.HTTPResponse):
    """An HTTP response that reads its status line, headers and body through the deadline."""

    def __init__(self, sock: socket.socket, *args: Any, deadline: float, **kwargs: Any) -> None:
        super().__init__(cast(socket.socket, _DeadlineSocket(sock, deadline)), *args, **kwargs)


class _DeadlineSocket:
    """Just enough of a socket for :class:`http.client.HTTPResponse`: ``makefile("rb")``."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))


class _DeadlineReader(io.RawIOBase):
    """Each receive waits at most for what is left until the deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        # An unbuffered SocketIO: counted by the socket, which stays open while it is.
        self._raw = sock.makefile("rb", buffering=0)
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the answer did not arrive in time")
        self._sock.settimeout(left)
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def _read_body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """Read the whole body, at most ``max_bytes``; a body cut short raises IncompleteRead."""
    parts: list[bytes] = []
    size = 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise GeocoderServiceError(f"the answer is larger than {max_bytes} bytes")
        parts.append(chunk)
    body = b"".join(parts)
    # read(amt) returns what came before the connection closed, without complaint.
    missing = response.length
    if missing:
        raise http.client.IncompleteRead(body, missing)
    return body


def _geopy_error(exc: BaseException, timeout: float) -> GeopyError:
    """The geopy exception for a failed exchange (what the caller classifies and retries)."""
    if isinstance(exc, URLError):
        if not isinstance(exc.reason, BaseException):  # "no host given"...
            return GeocoderServiceError(f"URLError: {exc.reason}")
        exc = exc.reason
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, TimeoutError) or (isinstance(exc, ssl.SSLError) and "timed out" in text):
        return GeocoderTimedOut(f"no complete answer within {timeout:g} s")
    if isinstance(exc, http.client.IncompleteRead):
        return ConnectionDropped(f"connection dropped before the whole answer ({text})")
    if isinstance(exc, ssl.CertificateError):
        return GeocoderServiceError(text)
    if isinstance(exc, OSError):  # refused, reset, unreachable, name not resolved
        return GeocoderUnavailable(text)
    return GeocoderServiceError(text)  # not HTTP, a bad URL...


def _redirect_target(url: str, location: str) -> str:
    target = urljoin(url, location)
    if urlsplit(target).scheme not in ("http", "https"):
        raise GeocoderServiceError(f"redirect to a URL that is not http(s): {target[:200]}")
    return target


def _decode(body: bytes, headers: Mapping[str, str]) -> str:
    message = http.client.HTTPMessage()
    message["content-type"] = headers.get("content-type", "")
    encoding = message.get_content_charset() or "utf-8"
    try:
        return body.decode(encoding)
    except (LookupError, ValueError) as exc:
        raise GeocoderParseError(f"cannot decode the answer as {encoding}") from exc


def _lower(headers: Any) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in (headers or {}).items()}


def _normalize_proxies(proxies: Mapping[str, str] | None) -> dict[str, str]:
    """geopy's rule: ``None`` means the system's proxies; a proxy without scheme is http."""
    chosen = getproxies() if proxies is None else dict(proxies)
    return {
        scheme: url if not url or "://" in url else f"http://{url}"
        for scheme, url in chosen.items()
    }
