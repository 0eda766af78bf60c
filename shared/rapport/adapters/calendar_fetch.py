"""Reads a calendar source's address over HTTPS, safely for us whatever the address or its server.

The address comes from a networker, so it may point anywhere: the name is resolved here, every
address it resolves to must be public (`calendar_urls.is_public`; loopback only in the local runtime),
and the connection goes to that very address (no second lookup a DNS rebinding could answer
differently) with TLS checked against the name. Every redirect is checked the same way, at most
`max_redirects`. The body is read in chunks and decompressed by us, so neither a lying
Content-Length nor a gzip bomb gets past `max_bytes`; a watchdog closes the socket at the deadline,
so a server dripping a byte at a time cannot hold the function. Conditional GET: an unchanged
calendar costs a 304. The address is a secret: no message here ever contains it.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parsedate_to_datetime
from http.client import HTTPException
from typing import Any
from urllib.parse import urljoin, urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse

from rapport.domain import calendar_urls
from rapport.domain.calendar_fetching import Fetched, FetchFailed, FetchProblem
from rapport.domain.calendar_urls import CalendarUrlError

__all__ = ["CalendarFetcher", "Fetched", "FetchFailed", "FetchProblem"]

logger = logging.getLogger(__name__)

USER_AGENT = "Rapport-Calendar/1.0 (+https://rapport.example/calendars)"
ACCEPT = "text/calendar, text/plain;q=0.5, */*;q=0.1"
CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)
MAX_VALIDATOR = 256  # an ETag or Last-Modified longer than this is not kept nor sent back
MAX_ADDRESSES = 3  # addresses of a name tried in turn when one does not connect

Resolve = Callable[..., list[tuple[Any, ...]]]  # socket.getaddrinfo's shape


class CalendarFetcher:
    def __init__(
        self,
        *,
        allow_loopback_http: bool = False,
        timeout: float = 10.0,
        max_bytes: int = 10_000_000,
        max_redirects: int = 3,
        resolve: Resolve = socket.getaddrinfo,
        ca_certs: str | None = None,
    ) -> None:
        """`allow_loopback_http`: calendars on this computer may be read over http, as the function's settings
        say (`calendars_allow_loopback_http`, set by the local runtime only, never the template): said in the
        logs, once per container. `timeout`: seconds for the whole fetch, redirects included. `ca_certs`: a CA
        bundle to trust in place of the system's (tests)."""
        if allow_loopback_http:
            logger.warning("loopback calendars allowed: local runtime only")
        self.allow_loopback_http = allow_loopback_http
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.resolve = resolve
        self.ca_certs = ca_certs

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        """The calendar's body when it changed since `etag`/`last_modified` (as a previous fetch gave
        them), else not_modified; FetchFailed on anything else."""
        headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip", "Connection": "close"}
        etag, last_modified = _validator(etag), _validator(last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        watchdog = _Watchdog(self.timeout)
        try:
            target = self._checked(url, "the address")
            for hop in range(self.max_redirects + 1):
                answer = self._exchange(target, headers, watchdog)
                if answer.location is None:
                    return _outcome(answer, etag, last_modified)
                if hop == self.max_redirects:
                    raise FetchFailed(FetchProblem.TOO_MANY_REDIRECTS, f"more than {self.max_redirects} redirects")
                target = self._checked(urljoin(target, answer.location), "a redirect")
            raise AssertionError("the loop returns or raises")  # pragma: no cover
        finally:
            watchdog.stop()

    def _checked(self, url: str, what: str) -> str:
        try:
            return calendar_urls.normalise(url, allow_loopback_http=self.allow_loopback_http)
        except CalendarUrlError as error:
            code = _URL_PROBLEMS.get(error.problem, FetchProblem.SERVER_ERROR)
            raise FetchFailed(code, f"{what} was refused: {error.reason}") from None

    def _exchange(self, url: str, headers: dict[str, str], watchdog: _Watchdog) -> _Answer:
        """One request and its answer (the body read only when it is the calendar)."""
        parts = urlsplit(url)
        https = parts.scheme == "https"
        host, port = parts.hostname or "", parts.port or (443 if https else 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection = self._connect(host, port, https, watchdog)
        try:
            connection.request(
                "GET", target, headers={**headers, "Host": parts.netloc}, preload_content=False, decode_content=False
            )
            response = connection.getresponse()
            status, found = response.status, response.headers
            if status in REDIRECTS:
                if not found.get("Location"):
                    raise FetchFailed(FetchProblem.SERVER_ERROR, f"a {status} redirect without a Location")
                return _Answer(status, location=found["Location"])
            body = self._body(response, watchdog) if 200 <= status < 300 and status != 206 else None
            last_modified = _strong_date(_validator(found.get("Last-Modified")), found.get("Date"))
            return _Answer(status, body, _validator(found.get("ETag")), last_modified)
        except (TimeoutError, ReadTimeoutError) as error:
            raise FetchFailed(FetchProblem.TIMEOUT, f"the server was too slow ({type(error).__name__})") from None
        except (HTTPError, HTTPException, OSError, ValueError, zlib.error) as error:
            if watchdog.expired:
                raise FetchFailed(FetchProblem.TIMEOUT, f"the fetch took more than {self.timeout:g} s") from None
            raise FetchFailed(FetchProblem.SERVER_ERROR, f"the answer was broken ({type(error).__name__})") from None
        finally:
            connection.close()

    def _connect(self, host: str, port: int, https: bool, watchdog: _Watchdog) -> HTTPConnection:
        """A connection to an allowed address of `host` (tried in turn), TLS checked against `host`."""
        failure: FetchFailed | None = None
        for address in self._addresses(host, port):
            remaining = watchdog.remaining()
            if https:
                connection: HTTPConnection = _HTTPSConnection(
                    address,
                    port,
                    timeout=remaining,
                    server_hostname=host,
                    assert_hostname=host,
                    cert_reqs="CERT_REQUIRED",
                    ca_certs=self.ca_certs,
                    ssl_minimum_version=ssl.TLSVersion.TLSv1_2,
                )
            else:
                connection = _HTTPConnection(address, port, timeout=remaining)
            connection.watchdog = watchdog  # type: ignore[attr-defined]
            try:
                connection.connect()
                return connection
            except NewConnectionError:  # before ConnectTimeoutError, which urllib3 makes it too
                failure = FetchFailed(FetchProblem.UNREACHABLE, "could not connect (NewConnectionError)")
            except (ConnectTimeoutError, TimeoutError) as error:
                failure = FetchFailed(FetchProblem.TIMEOUT, f"connecting took too long ({type(error).__name__})")
            except (HTTPError, OSError, ValueError) as error:  # refused, unreachable, TLS (certificate, name)
                failure = FetchFailed(FetchProblem.UNREACHABLE, f"could not connect ({type(error).__name__})")
            connection.close()
            if watchdog.expired:
                raise FetchFailed(FetchProblem.TIMEOUT, f"the fetch took more than {self.timeout:g} s")
        assert failure is not None
        raise failure

    def _addresses(self, host: str, port: int) -> list[str]:
        """The addresses `host` resolves to, when all are allowed; else FetchFailed."""
        try:
            found = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                found = [ipaddress.ip_address(info[4][0]) for info in self.resolve(host, port, 0, socket.SOCK_STREAM)]
            except (OSError, UnicodeError, ValueError, IndexError, TypeError) as error:
                raise FetchFailed(
                    FetchProblem.UNREACHABLE, f"the name did not resolve ({type(error).__name__})"
                ) from None
        if not found:
            raise FetchFailed(FetchProblem.UNREACHABLE, "the name resolved to no address")
        for ip in found:  # one private address among public ones is no accident: refused
            if not (calendar_urls.is_public(ip) or (self.allow_loopback_http and calendar_urls.is_loopback(ip))):
                raise FetchFailed(FetchProblem.PRIVATE_ADDRESS, "the name resolves to a non-public address")
        return list(dict.fromkeys(str(ip) for ip in found))[:MAX_ADDRESSES]

    def _body(self, response: BaseHTTPResponse, watchdog: _Watchdog) -> bytes:
        """The body decompressed, read in chunks: TOO_LARGE as soon as it passes max_bytes."""
        length = response.headers.get("Content-Length", "")
        if length.strip().isdigit() and int(length) > self.max_bytes:
            raise FetchFailed(FetchProblem.TOO_LARGE, f"Content-Length is over {self.max_bytes:,} bytes")
        body = _Body(response.headers.get("Content-Encoding", ""), self.max_bytes)
        while chunk := response.read(CHUNK, decode_content=False):
            body.feed(chunk)
        if watchdog.expired:  # the watchdog's close looks like the end of the body
            raise FetchFailed(FetchProblem.TIMEOUT, f"the fetch took more than {self.timeout:g} s")
        return body.finish()


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None


def _outcome(answer: _Answer, etag: str | None, last_modified: str | None) -> Fetched:
    status = answer.status
    if status == 304 and (etag or last_modified):
        return Fetched("not_modified", None, answer.etag or etag, answer.last_modified or last_modified)
    if answer.body is not None:  # any 2xx but 206, a part we did not ask for
        return Fetched("changed", answer.body, answer.etag, answer.last_modified)
    if status in (404, 410):
        raise FetchFailed(FetchProblem.NOT_FOUND, f"the server answered {status}")
    if status in (401, 403, 407, 451):
        raise FetchFailed(FetchProblem.FORBIDDEN, f"the server answered {status}")
    raise FetchFailed(FetchProblem.SERVER_ERROR, f"the server answered {status}")


def _strong_date(last_modified: str | None, date: str | None) -> str | None:
    """A Last-Modified worth sending back: at least a second before the answer's Date (RFC 9110, 8.8.2.2).
    One in the same second as the answer is weak: the calendar may change again within that second (a
    file saved twice in a second), and If-Modified-Since would then answer 304 over the change."""
    if last_modified is None or date is None:
        return None
    try:
        modified, answered = parsedate_to_datetime(last_modified), parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return None
    strong = modified.tzinfo and answered.tzinfo and answered - modified >= timedelta(seconds=1)
    return last_modified if strong else None


def _validator(value: str | None) -> str | None:
    """An ETag or Last-Modified as kept and sent back: printable ASCII, short; else none."""
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_VALIDATOR or not all(" " <= c <= "~" for c in value):
        return None
    return value


_URL_PROBLEMS = {
    calendar_urls.NOT_HTTPS: FetchProblem.NOT_HTTPS,
    calendar_urls.PRIVATE_ADDRESS: FetchProblem.PRIVATE_ADDRESS,
}


class _Body:
    """The body as it arrives, decompressed by us (gzip or deflate) with the size checked after
    decompressing each piece: a gzip bomb stops at max_bytes, never in memory."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        encoding = encoding.strip().lower()
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchFailed(FetchProblem.SERVER_ERROR, "the body's Content-Encoding is not gzip")
        self.max_bytes = max_bytes
        self.read = 0  # bytes received, compressed or not
        self.data = bytearray()
        self.inflating = encoding not in ("", "identity")
        self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib, told by the header

    def feed(self, chunk: bytes) -> None:
        self.read += len(chunk)
        if self.read > self.max_bytes:
            raise FetchFailed(FetchProblem.TOO_LARGE, f"the body is over {self.max_bytes:,} bytes")
        if not self.inflating:
            self.data += chunk
            return
        while chunk and not self.inflater.eof:
            room = self.max_bytes - len(self.data)
            self.data += self.inflater.decompress(chunk, room + 1)
            if len(self.data) > self.max_bytes:
                raise FetchFailed(FetchProblem.TOO_LARGE, f"the body is over {self.max_bytes:,} bytes decompressed")
            chunk = self.inflater.unconsumed_tail
            if self.inflater.eof and self.inflater.unused_data.startswith(b"\x1f\x8b"):  # gzip's next member
                chunk, self.inflater = self.inflater.unused_data, zlib.decompressobj(zlib.MAX_WBITS | 32)

    def finish(self) -> bytes:
        if self.inflating and not self.inflater.eof:
            raise FetchFailed(FetchProblem.SERVER_ERROR, "the compressed body was cut short")
        return bytes(self.data)


class _Watchdog:
    """Closes the connection's socket at the deadline, whatever it is waiting for (a TLS handshake,
    headers or a body dripping a byte at a time, which no socket timeout stops)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True
        self.timer.start()

    def remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or self.expired:
            raise FetchFailed(FetchProblem.TIMEOUT, f"the fetch took more than {self.seconds:g} s")
        return remaining

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)

    def stop(self) -> None:
        self.timer.cancel()

    def _expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown, even under TLS: it wakes a blocked read at once
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class _Watched:
    """A urllib3 connection whose socket the watchdog holds from the moment it is created."""

    watchdog: _Watchdog

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        self.watchdog.watch(sock)
        return sock


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass
