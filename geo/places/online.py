"""Opt-in online geocoding through geopy: Nominatim first, any geopy service by name.

Nothing here runs unless asked: the offline gazetteer (:mod:`geo.places.gazetteer`) stays the
default everywhere. An :class:`OnlineGeocoder` wraps one geopy geocoder with what batch work
against a public service needs:

- **a user agent** — mandatory for Nominatim (its usage policy); a missing one is a
  :class:`OnlineConfigurationError`, raised before any request;
- **at most one request per** ``min_delay_seconds`` (1 s by default), counted over *every*
  HTTP request — redirects and retries included — and over every process that shares the
  cache file: the time of the last request is a row of the cache, read and written under the
  cache's lock (:mod:`geo.places._online_cache`);
- **a total deadline per request** (``timeout``, 10 s by default): wall-clock time from
  connecting to the last byte, not per read, so a server that drips its answer cannot hold a
  request longer; at most ``max_redirects`` redirects (5), then a per-name error
  (:mod:`geo.places._online_http`, the HTTP client; it never retries by itself);
- **retries** of transient failures only — timeouts, HTTP 429 (waiting ``Retry-After`` when
  the server sends it, else exponential back-off), HTTP 5xx, refused connections and
  connections dropped before the whole answer arrived. Client errors (HTTP 4xx), malformed
  answers, redirect loops and configuration errors fail at once;
- **answers validated before caching**: a place whose latitude is not within -90..90 or whose
  longitude is not within -180..180 (or not finite) is an error for that name, never cached.
  Nominatim's own ``lat``/``lon`` are checked (geopy would silently wrap a longitude of 999
  to -81); other services' answers are checked as geopy parsed them;
- **a persistent SQLite cache** (``online-<service>.sqlite`` in
  :func:`geo.places.gazetteer.cache_directory`) keyed by service, normalised query and parameters
  (country codes, endpoint). Answers — a place or a definite "not found" — are committed one
  by one, so a rerun never asks twice and an interrupted batch resumes where it stopped.
  A name is asked under the cache's lock after looking again, so processes sharing the file
  never ask the same name twice. Errors are never cached: the next run asks again. Delete the
  file to refresh it. A damaged record is asked again; a damaged, foreign or unwritable file
  is an :class:`~geo.errors.OnlineCacheError` naming it and what to do;
- **per-name outcomes**: every name gets an :class:`OnlineResult` with ``status`` ``"ok"``,
  ``"not_found"`` or ``"error"`` and an ``error`` message naming the cause. Nothing is
  swallowed, nothing raises for one bad name.

Services other than Nominatim are looked up with
:func:`geopy.geocoders.get_geocoder_for_service` (every one of them through the same HTTP
client, limits included) and get only generic constructor arguments
(``user_agent``, ``domain``, ``scheme``, ``timeout``) plus whatever ``options`` holds —
most commercial services need one, e.g. ``options={"api_key": "..."}`` (on the command
line ``--geocoder-option api_key=...``). Country codes steer only Nominatim.

Records (:meth:`OnlineResult.record`) carry the keys of
:func:`geo.places.geocode.resolution_record` plus ``status``, ``error`` and ``cached``. Coordinates
are (lon, lat) like everywhere upstream.

Examples
--------
>>> with OnlineGeocoder(user_agent="bordermap-research (me@example.org)") as gc:  # doctest: +SKIP
...     gc.geocode("Sotk", country_codes=["am"]).record()
"""

from __future__ import annotations

import json
import logging
import math
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal

from geo.errors import OnlineConfigurationError
from geo.places._online_cache import OnlineCache

__all__ = ["OnlineGeocoder", "OnlineResult"]

logger = logging.getLogger(__name__)

Status = Literal["ok", "not_found", "error"]

#: Longest back-off between two attempts, in seconds (Retry-After beyond ``max_retry_after``
#: is an error instead).
_MAX_BACKOFF: Final = 60.0
#: Error messages quote at most this many characters of the service's text.
_MAX_MESSAGE: Final = 240

_INSTALL_HINT: Final = (
    "online geocoding needs geopy: pip install 'geopy>=2.4' (it is a bordermap dependency)"
)


@dataclass(frozen=True, slots=True)
class OnlineResult:
    """The outcome of one online lookup.

    Attributes
    ----------
    query : str
        The name as asked.
    status : {"ok", "not_found", "error"}
        ``"not_found"`` is a definite answer of the service (cached); ``"error"`` means no
        answer was obtained (not cached).
    error : str or None
        For ``status == "error"``: what went wrong, naming the cause (``"timed out"``,
        ``"HTTP 500"``, ``"malformed response"``...) and the number of attempts.
    cached : bool
        The answer came from the SQLite cache, not from the service.
    name, lon, lat, geometry_type, feature_class, country, precision, source, source_id, confidence
        As in :func:`geo.places.geocode.resolution_record`; ``None`` unless ``status == "ok"``.
        ``feature_class`` is Nominatim's ``class:type`` (``"place:village"``), ``country``
        the upper-case ISO alpha-2 code, ``source_id`` ``"osm:<type>/<id>"`` and
        ``confidence`` Nominatim's ``importance`` clipped to [0, 1] (or ``None``).
    """

    query: str
    status: Status
    error: str | None = None
    cached: bool = False
    name: str | None = None
    lon: float | None = None
    lat: float | None = None
    geometry_type: str | None = None
    feature_class: str | None = None
    country: str | None = None
    precision: str | None = None
    source: str | None = None
    source_id: str | None = None
    confidence: float | None = None
    candidates: tuple[dict[str, Any], ...] = field(default=())

    @property
    def ok(self) -> bool:
        """``True`` when the service answered (found or not found)."""
        return self.status != "error"

    def record(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dict.

        Keys of :func:`geo.places.geocode.resolution_record` (``ambiguous`` is always ``False`` and
        ``qualifier`` empty: one answer is asked for), then ``status``, ``error``, ``cached``.
        """
        return {
            "query": self.query,
            "name": self.name,
            "lon": self.lon,
            "lat": self.lat,
            "geometry_type": self.geometry_type,
            "feature_class": self.feature_class,
            "country": self.country,
            "precision": self.precision,
            "source": self.source,
            "source_id": self.source_id,
            "confidence": self.confidence,
            "ambiguous": False,
            "qualifier": "",
            "candidates": list(self.candidates),
            "status": self.status,
            "error": self.error,
            "cached": self.cached,
        }


def normalize_query(name: str) -> str:
    """Return the cache key of a name: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class OnlineGeocoder:
    """A rate-limited, retrying, caching online geocoder (geopy underneath).

    Parameters
    ----------
    service : str, default "nominatim"
        A geopy service name (:func:`geopy.geocoders.get_geocoder_for_service`).
    user_agent : str or None, keyword-only
        Identifies the application to the service; mandatory for Nominatim.
    domain : str, optional, keyword-only
        ``HOST[:PORT]`` of the service (a Nominatim mirror, a local test server).
    scheme : {"https", "http"}, keyword-only
    timeout : float, default 10.0, keyword-only
        Total deadline of one HTTP request, in seconds of wall-clock time (connection,
        headers and body; a redirect is a new request with its own deadline).
    min_delay_seconds : float, default 1.0, keyword-only
        Least time between two requests (Nominatim's policy: at most 1 per second), counted
        over redirects, retries and every process sharing the cache file.
    max_retries : int, default 3, keyword-only
        Retries of a transient failure, so at most ``max_retries + 1`` requests per name.
    backoff_seconds : float, default 2.0, keyword-only
        First wait after a transient failure without ``Retry-After``; doubles each retry
        (at most 60 s).
    max_retry_after : float, default 120.0, keyword-only
        A ``Retry-After`` longer than this ends the name with an error instead of waiting.
    max_redirects : int, default 5, keyword-only
        Redirects followed for one attempt; more is an error for the name.
    cache_path : str or Path, optional, keyword-only
        The SQLite cache; default ``cache_directory() / "online-<service>.sqlite"``.
        Processes that share it share its rate limit, and never ask one name twice.
    options : mapping, optional, keyword-only
        More keyword arguments for the geopy geocoder's constructor (``api_key``...).

    Raises
    ------
    OnlineConfigurationError
        Missing user agent for Nominatim, unknown service, options the service rejects,
        or geopy not installed.
    OnlineCacheError
        The cache file cannot be used (a folder, not writable, damaged, another program's
        database); the message names it and what to do. Also raised by the lookups.
    """

    def __init__(
        self,
        service: str = "nominatim",
        *,
        user_agent: str | None,
        domain: str | None = None,
        scheme: str = "https",
        timeout: float = 10.0,
        min_delay_seconds: float = 1.0,
        max_retries: int = 3,
        backoff_seconds: float = 2.0,
        max_retry_after: float = 120.0,
        max_redirects: int = 5,
        cache_path: str | Path | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        service = service.strip().lower()
        if not service or service == "offline":
            raise OnlineConfigurationError(f"not an online geocoding service: {service!r}")
        if scheme not in ("http", "https"):
            raise OnlineConfigurationError(f"scheme must be http or https, not {scheme!r}")
        if min(min_delay_seconds, max_retries, backoff_seconds, max_redirects) < 0 or timeout <= 0:
            raise OnlineConfigurationError(
                "timeout must be > 0; min_delay_seconds, max_retries, backoff_seconds, "
                "max_redirects >= 0"
            )
        user_agent = (user_agent or "").strip() or None
        if service == "nominatim" and user_agent is None:
            raise OnlineConfigurationError(
                "Nominatim requires a user agent that identifies your application "
                "(https://operations.osmfoundation.org/policies/nominatim/): pass "
                "user_agent=... (command line: --user-agent 'myproject (me@example.org)')"
            )
        self.service = service
        self.user_agent = user_agent
        self.domain = domain
        self.scheme = scheme
        self.timeout = float(timeout)
        self.min_delay_seconds = float(min_delay_seconds)
        self.max_retries = int(max_retries)
        self.backoff_seconds = float(backoff_seconds)
        self.max_retry_after = float(max_retry_after)
        self.max_redirects = int(max_redirects)
        self._geocoder = _make_geocoder(
            service,
            user_agent=user_agent,
            domain=domain,
            scheme=scheme,
            timeout=self.timeout,
            options=dict(options or {}),
            before_request=self._wait_turn,
            max_redirects=self.max_redirects,
        )
        if cache_path is None:
            from geo.places.gazetteer import cache_directory

            cache_path = cache_directory() / f"online-{service}.sqlite"
        self.cache_path = Path(cache_path)
        self._cache = OnlineCache(self.cache_path)
        #: HTTP requests sent to the service by this instance (redirects and retries included).
        self.requests_made = 0
        self._warned_countries = False

    def __repr__(self) -> str:
        where = self.domain or "default endpoint"
        return f"OnlineGeocoder({self.service!r}, {where}, cache={str(self.cache_path)!r})"

    # ------------------------------------------------------------------ lookups
    def geocode(self, name: str, *, country_codes: Sequence[str] | None = None) -> OnlineResult:
        """Look one name up: from the cache, else from the service (then cached).

        Parameters
        ----------
        name : str
            A place name as written.
        country_codes : sequence of str, optional, keyword-only
            ISO alpha-2 codes limiting the search (Nominatim ``countrycodes``).

        Returns
        -------
        OnlineResult
            Never raises for a failure of the service: ``status == "error"`` says why.

        Raises
        ------
        OnlineCacheError
            The cache cannot be read or written (the message says what to do).
        """
        codes = sorted({c.strip().lower() for c in country_codes or () if c.strip()})
        key = normalize_query(name)
        if not key:
            return OnlineResult(query=name, status="error", error="empty place name")
        params = self._params(codes)
        hit = self._cached(name, key, params, warn=False)  # a damaged record: said below
        if hit is not None:
            return hit
        with self._cache.claim():
            # Another process sharing the cache may have asked while this one waited.
            hit = self._cached(name, key, params)
            if hit is not None:
                return hit
            result = self._fetch(name, codes)
            if result.ok:
                self._cache.put(self.service, key, params, result.record())
        return result

    def geocode_many(
        self,
        names: Iterable[str],
        *,
        country_codes: Sequence[str] | None = None,
        progress: bool | None = True,
        on_result: Callable[[OnlineResult], None] | None = None,
    ) -> list[OnlineResult]:
        """Look names up one after the other; each answer is cached as soon as it arrives.

        Parameters
        ----------
        names : iterable of str
        country_codes : sequence of str, optional, keyword-only
            As in :meth:`geocode`, for every name.
        progress : bool or None, default True, keyword-only
            Show a tqdm bar on stderr; ``None`` shows it only on a terminal.
        on_result : callable, optional, keyword-only
            Called with each result as soon as it is known (and cached), e.g. to stream it.
            An exception it raises (``KeyboardInterrupt``...) stops the batch; the answers
            obtained so far stay cached, so the next run resumes after them.

        Returns
        -------
        list of OnlineResult
            In the order of ``names``.
        """
        from tqdm.auto import tqdm

        todo = list(names)
        results: list[OnlineResult] = []
        # tqdm: disable=None means "only on a terminal".
        disable: bool | None = (
            True if len(todo) < 2 else (None if progress is None else not progress)
        )
        bar = tqdm(
            todo, desc=f"bordermap: geocoding with {self.service}", unit="name", disable=disable
        )
        try:
            for name in bar:
                result = self.geocode(name, country_codes=country_codes)
                if result.status == "error":
                    logger.info("%s: %r failed: %s", self.service, name, result.error)
                results.append(result)
                if on_result is not None:
                    on_result(result)
        finally:
            bar.close()
        failed = sum(r.status == "error" for r in results)
        if failed:
            logger.warning(
                "%s: %d of %d names failed (see their .error; not cached, a rerun retries them)",
                self.service,
                failed,
                len(results),
            )
        return results

    # ------------------------------------------------------------------ plumbing
    def _params(self, codes: list[str]) -> str:
        return json.dumps({"country_codes": codes, "endpoint": self._endpoint}, sort_keys=True)

    @property
    def _endpoint(self) -> str:
        return f"{self.scheme}://{self.domain}" if self.domain else "default"

    def _cached(
        self, name: str, key: str, params: str, *, warn: bool = True
    ) -> OnlineResult | None:
        """The cached answer, or ``None`` (absent, or damaged: logged if ``warn``, asked
        again)."""
        record = self._cache.get(self.service, key, params, warn=warn)
        if record is None:
            return None
        result = _result_from_record(record, query=name)
        if result is None:
            if warn:
                self._cache.warn_damaged(key)
            return None
        logger.debug("cache hit %r (%s)", name, params)
        return result

    def _wait_turn(self) -> None:
        """Before every HTTP request (the adapter calls it): the shared rate limit."""
        self._cache.wait_turn(f"{self.service} {self._endpoint}", self.min_delay_seconds)
        self.requests_made += 1

    def _call(self, name: str, codes: list[str]) -> Any:
        kwargs: dict[str, Any] = {"exactly_one": True}
        if self.service == "nominatim":
            kwargs["addressdetails"] = True
            if codes:
                kwargs["country_codes"] = codes
        elif codes and not self._warned_countries:
            logger.warning("country codes are applied by Nominatim only, not %s", self.service)
            self._warned_countries = True
        with warnings.catch_warnings():
            # geopy warns before it refuses a latitude beyond 90 (a per-name error here).
            warnings.filterwarnings("ignore", "Latitude normalization", UserWarning)
            return self._geocoder.geocode(name, **kwargs)

    def _fetch(self, name: str, codes: list[str]) -> OnlineResult:
        """Ask the service, retrying transient failures; never raises for the service's faults."""
        from geopy.exc import GeopyError

        attempt = 0
        while True:
            attempt += 1
            try:
                location = self._call(name, codes)
            except GeopyError as exc:
                cause, transient, wait = self._classify(exc, attempt)
                if not transient or attempt > self.max_retries:
                    return _error(name, f"{cause} {_tries(attempt)} ({_exception_text(exc)})")
                logger.info(
                    "%s: %r: %s (attempt %d of %d), retrying in %.1f s",
                    self.service,
                    name,
                    cause,
                    attempt,
                    self.max_retries + 1,
                    wait,
                )
                time.sleep(wait)
                continue
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                # geopy re-raises its parser's own errors (e.g. a latitude beyond 90).
                return _error(name, f"unexpected answer {_tries(attempt)} ({_exception_text(exc)})")
            return self._result_from_answer(name, location)

    def _classify(self, exc: BaseException, attempt: int) -> tuple[str, bool, float]:
        """Return (cause, transient?, seconds to wait before the next attempt)."""
        from geopy.exc import GeocoderRateLimited

        http = _http_error(exc)
        status = http.status_code if http is not None else None
        retry_after: float | None = None
        if isinstance(exc, GeocoderRateLimited) and exc.retry_after is not None:
            retry_after = float(exc.retry_after)
        elif http is not None:
            from geopy.adapters import get_retry_after

            ra = get_retry_after(http.headers)
            retry_after = None if ra is None else float(ra)
        if retry_after is not None and retry_after > self.max_retry_after:
            cause = f"HTTP {status}" if status else type(exc).__name__
            return (
                f"{cause} with Retry-After {retry_after:g} s (more than "
                f"max_retry_after={self.max_retry_after:g} s)",
                False,
                0.0,
            )
        backoff = min(_MAX_BACKOFF, self.backoff_seconds * 2 ** (attempt - 1))
        cause, transient = _cause(exc, status)
        return cause, transient, (backoff if retry_after is None else max(0.0, retry_after))

    def _result_from_answer(self, name: str, location: Any) -> OnlineResult:
        """The result of a parsed answer: not found, a valid place, or an error (not cached)."""
        if location is None:
            return OnlineResult(query=name, status="not_found", source=self.service)
        try:
            if self.service == "nominatim":
                raw = dict(getattr(location, "raw", None) or {})
                if raw.get("lat") in (None, "") or raw.get("lon") in (None, ""):
                    # geopy would place it at (0, 0).
                    raise ValueError("a place without lat/lon")
                lat, lon = raw["lat"], raw["lon"]
            else:
                lat, lon = location.latitude, location.longitude
            problem = _coordinates_problem(_number(lat), _number(lon))
            if problem is not None:
                return _error(name, f"invalid coordinates in the answer: {problem} (not cached)")
            return self._result_from_location(name, location)
        except (KeyError, TypeError, ValueError) as exc:
            return _error(name, f"unexpected answer ({_exception_text(exc)})")

    def _result_from_location(self, name: str, location: Any) -> OnlineResult:
        raw: dict[str, Any] = dict(getattr(location, "raw", None) or {})
        lon, lat = float(location.longitude), float(location.latitude)
        common: dict[str, Any] = {
            "query": name,
            "status": "ok",
            "lon": round(lon, 6),
            "lat": round(lat, 6),
            "geometry_type": "Point",
            "precision": "point",
            "source": self.service,
        }
        if self.service != "nominatim":
            return OnlineResult(name=str(location.address or name), **common)
        display = str(raw.get("display_name") or location.address or "")
        cls, typ = raw.get("class"), raw.get("type")
        importance = raw.get("importance")
        address = raw.get("address") or {}
        code = address.get("country_code") if isinstance(address, dict) else None
        osm_type, osm_id = raw.get("osm_type"), raw.get("osm_id")
        return OnlineResult(
            name=str(raw.get("name") or display.split(",")[0].strip() or name),
            feature_class=f"{cls}:{typ}" if cls and typ else (cls or typ or None),
            country=str(code).upper() if code else None,
            source_id=f"osm:{osm_type}/{osm_id}" if osm_type and osm_id is not None else None,
            confidence=(
                None if importance is None else round(min(1.0, max(0.0, float(importance))), 6)
            ),
            **common,
        )

    # ------------------------------------------------------------------ lifetime
    def close(self) -> None:
        """Close the cache and the HTTP session."""
        self._cache.close()
        adapter = getattr(self._geocoder, "adapter", None)
        exit_ = getattr(adapter, "__exit__", None)
        if exit_ is not None:
            exit_(None, None, None)

    def __enter__(self) -> OnlineGeocoder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _make_geocoder(
    service: str,
    *,
    user_agent: str | None,
    domain: str | None,
    scheme: str,
    timeout: float,
    options: dict[str, Any],
    before_request: Callable[[], None],
    max_redirects: int,
) -> Any:
    """Build the geopy geocoder on :class:`~geo.places._online_http.GuardedAdapter`."""
    try:
        from geopy.exc import GeopyError
        from geopy.geocoders import get_geocoder_for_service

        from geo.places._online_http import GuardedAdapter
    except ImportError as exc:  # pragma: no cover - geopy is a dependency
        raise OnlineConfigurationError(_INSTALL_HINT) from exc
    try:
        cls = get_geocoder_for_service(service)
    except GeopyError as exc:
        raise OnlineConfigurationError(f"unknown geopy geocoding service {service!r}") from exc
    kwargs: dict[str, Any] = {"timeout": timeout, "scheme": scheme}
    kwargs["adapter_factory"] = partial(
        GuardedAdapter, before_request=before_request, max_redirects=max_redirects
    )
    if user_agent:
        kwargs["user_agent"] = user_agent
    if domain:
        kwargs["domain"] = domain
    owned = sorted(set(options) & {*kwargs, "user_agent", "domain"})
    if owned:
        raise OnlineConfigurationError(
            f"option {owned[0]!r} is set by bordermap itself, not through options "
            "(the keyword of OnlineGeocoder; on the command line --geocoder-timeout, "
            "--user-agent, --geocoder-domain, --geocoder-scheme)"
        )
    kwargs.update(options)
    try:
        return cls(**kwargs)
    except (TypeError, GeopyError) as exc:
        raise OnlineConfigurationError(
            f"cannot set up geopy {cls.__name__} with options {sorted(kwargs)}: {exc} "
            "(some services need an API key: --geocoder-option api_key=...; not every "
            "service accepts a domain)"
        ) from exc


def _http_error(exc: BaseException) -> Any:
    """The adapter's HTTP error behind a geopy error, or ``None``."""
    from geopy.adapters import AdapterHTTPError

    return exc.__cause__ if isinstance(exc.__cause__, AdapterHTTPError) else None


def _cause(exc: BaseException, status: int | None) -> tuple[str, bool]:
    """(cause in words, transient?) of a geopy error, given its HTTP status if any."""
    from geopy.exc import (
        GeocoderParseError,
        GeocoderRateLimited,
        GeocoderServiceError,
        GeocoderTimedOut,
        GeocoderUnavailable,
    )

    from geo.places._online_http import ConnectionDropped, TooManyRedirects

    if isinstance(exc, GeocoderRateLimited):
        return f"rate limited (HTTP {status or 429})", True
    if isinstance(exc, GeocoderTimedOut):
        return (f"HTTP {status}" if status else "timed out"), True
    if isinstance(exc, ConnectionDropped):
        return "connection dropped mid-answer", True
    if isinstance(exc, GeocoderUnavailable):
        return "connection failed", True
    if isinstance(exc, GeocoderParseError):
        return "malformed response", False
    if isinstance(exc, TooManyRedirects):
        return "redirect loop", False
    if status is not None:
        return f"HTTP {status}", status >= 500
    if isinstance(exc, GeocoderServiceError):
        return "service error", False
    return type(exc).__name__, False


def _number(value: Any) -> float:
    """``value`` as a float (NaN when it is not a number: invalid, like any NaN)."""
    if isinstance(value, bool):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _is_number(value: Any) -> bool:
    """A finite int or float (not a bool, not text)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _coordinates_problem(lat: float, lon: float) -> str | None:
    """Why (lat, lon) is not a point on Earth, or ``None``."""
    if math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180:
        return None
    return (
        f"latitude {lat!r}, longitude {lon!r} (latitude must be within -90..90, "
        "longitude within -180..180)"
    )


def _error(name: str, message: str) -> OnlineResult:
    return OnlineResult(query=name, status="error", error=message)


def _tries(attempt: int) -> str:
    return f"after {attempt} attempt{'s' if attempt > 1 else ''}"


def _exception_text(exc: BaseException) -> str:
    """``Type: message`` on one line; a long message keeps its head and its tail (the cause)."""
    text = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    if len(text) <= _MAX_MESSAGE:
        return text
    half = (_MAX_MESSAGE - 5) // 2
    return f"{text[:half]} ... {text[-half:]}"


#: Fields of a cached record that hold text or nothing (``error`` is never cached).
_TEXT_FIELDS: Final = tuple(
    f.name for f in fields(OnlineResult) if f.type == "str | None" and f.name != "error"
)


def _result_from_record(record: dict[str, Any], *, query: str) -> OnlineResult | None:
    """The cached result in ``record``, or ``None`` when the record is damaged or tampered."""
    status = record.get("status")
    confidence = record.get("confidence")
    candidates = record.get("candidates") or []
    valid = (
        status in ("ok", "not_found")
        and all(isinstance(record.get(k), str | None) for k in _TEXT_FIELDS)
        and (confidence is None or _is_number(confidence))
        and isinstance(candidates, list)
        and all(isinstance(c, dict) for c in candidates)
    )
    if not valid:
        return None
    lat, lon = record.get("lat"), record.get("lon")
    if status == "ok":
        numbers = _is_number(lat) and _is_number(lon)
        placed = numbers and _coordinates_problem(_number(lat), _number(lon)) is None
    else:
        placed = lat is None and lon is None
    if not placed:
        return None
    return OnlineResult(
        query=query,
        status="ok" if status == "ok" else "not_found",
        cached=True,
        lon=lon,
        lat=lat,
        confidence=confidence,
        candidates=tuple(candidates),
        **{k: record.get(k) for k in _TEXT_FIELDS},
    )
