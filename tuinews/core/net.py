"""The one HTTP client: limits, timeouts, User-Agent, size caps, bounded decoding.

All network I/O of tuinews goes through `NewsClient`. Bodies come back as bytes, never
decoded text; errors come back as `NewsClient.Error` subclasses with a short message in
plain words (no raw URLs: httpx's own messages quote them).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from tuinews import __version__
from tuinews.core.text import UnsafeURL, openable_url, sanitize_display, url_host

#: Largest decoded body accepted (R6).
MAX_BODY_BYTES = 10 * 1024 * 1024
#: Overall deadline of one fetch, connection to last byte (R6).
DEADLINE_SECONDS = 30.0
#: Requests in flight at once, overall and per host.
MAX_CONNECTIONS = 32
MAX_PER_HOST = 6
#: Redirects followed before giving up.
MAX_REDIRECTS = 10

USER_AGENT = f"tuinews/{__version__} (terminal news reader)"
#: Headers of every request (Accept and validators are added per request).
_HEADERS = {
    "User-Agent": USER_AGENT,
    # We decode ourselves, bounded; only what zlib can bound.
    "Accept-Encoding": "gzip, deflate",
    "Connection": "keep-alive",
}
#: Timeouts of every request, as httpx's transports read them.
_EXTENSIONS = {"timeout": {"connect": 10.0, "read": 15.0, "write": 15.0, "pool": 15.0}}


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched resource."""

    url: str
    """The final URL, after redirects."""
    status: int
    """HTTP status (200, or 304 for a conditional request that matched)."""
    body: bytes
    """The decoded body (empty for 304)."""
    content_type: str
    """The Content-Type header, lower-cased, without parameters."""
    charset: str
    """The charset parameter of Content-Type, if any."""
    headers: Mapping[str, str]
    """The response headers (lower-case names)."""


class _Decoder:
    """Undoes one Content-Encoding with a hard cap on the output size."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._zlib: zlib._Decompress | None = None
        self._deflate_guess = False
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._deflate_guess = True
        elif encoding not in ("", "identity"):
            raise NewsClient.FetchError(f"unsupported content encoding {encoding!r}")

    def _check(self, produced: int) -> None:
        self.size += produced
        if self.size > self.limit:
            raise NewsClient.TooLarge(f"larger than {self.limit // (1024 * 1024)} MiB")

    def feed(self, chunk: bytes) -> list[bytes]:
        """Decode one raw chunk, raising TooLarge as soon as the cap is passed."""
        if self._deflate_guess:
            # "deflate" is zlib-wrapped by the standard and raw by some servers.
            wrapped = (
                len(chunk) >= 2
                and (chunk[0] & 0x0F) == 8
                and ((chunk[0] << 8) | chunk[1]) % 31 == 0
            )
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            self._deflate_guess = False
        if self._zlib is None:
            self._check(len(chunk))
            return [chunk]
        out: list[bytes] = []
        data = chunk
        try:
            while data:
                piece = self._zlib.decompress(data, 64 * 1024)
                self._check(len(piece))
                out.append(piece)
                data = self._zlib.unconsumed_tail
        except zlib.error as error:
            raise NewsClient.FetchError("the compressed body is corrupt") from error
        return out

    def flush(self) -> bytes:
        """Return what is left once the raw stream has ended."""
        if self._zlib is None:
            return b""
        try:
            rest = self._zlib.flush()
        except zlib.error as error:
            raise NewsClient.FetchError("the compressed body is corrupt") from error
        self._check(len(rest))
        return rest


class NewsClient:
    """Owns the HTTP transports of the process and the fetch policy."""

    class Error(Exception):
        """Any failure to fetch; `str()` is a short message for the user."""

    class FetchError(Error):
        """The resource could not be fetched."""

    class HTTPStatus(FetchError):
        """The server answered with an error status."""

        def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
            super().__init__(message)
            self.status = status
            self.retry_after = retry_after
            """Seconds the server asked us to wait (429/503 Retry-After), clamped."""

    class Refused(FetchError):
        """A redirect or address tuinews will not follow."""

    class TooLarge(FetchError):
        """The body passed the size cap."""

    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_body: int = MAX_BODY_BYTES,
        deadline: float = DEADLINE_SECONDS,
    ) -> None:
        """Create the client.

        Args:
            transport: An httpx transport, for tests (`httpx.MockTransport`).
            max_body: Decoded size cap in bytes.
            deadline: Overall seconds per fetch.
        """
        self.max_body = max_body
        self.deadline = deadline
        # Requests go straight to the transport: `_get` follows redirects itself (checking
        # every hop), there are no cookies or auth to handle, and httpx.AsyncClient's
        # per-request layers (URL merging, cookie jar, hooks, auth and redirect
        # generators) cost about a third of its CPU per request.
        self._transport = transport if transport is not None else _PerHostTransport()
        self._all = asyncio.Semaphore(MAX_CONNECTIONS)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._transport.aclose()

    def _host_limit(self, host: str) -> asyncio.Semaphore:
        limit = self._hosts.get(host)
        if limit is None:
            limit = self._hosts[host] = asyncio.Semaphore(MAX_PER_HOST)
        return limit

    async def fetch(
        self,
        url: str,
        *,
        accept: str = "*/*",
        etag: str = "",
        last_modified: str = "",
        headers: Mapping[str, str] | None = None,
        sent: Callable[[], None] | None = None,
    ) -> Response:
        """GET a URL within the limits.

        Args:
            url: An http(s) URL (checked again here).
            accept: The Accept header.
            etag: A validator for If-None-Match.
            last_modified: A validator for If-Modified-Since.
            headers: Extra request headers for this URL only (a private feed's token).
                They are not sent again on a redirect to another host, and never
                appear in an error message.
            sent: Called once, as soon as this fetch needs the event loop no more to go
                on: it waits for a free slot (MAX_PER_HOST, MAX_CONNECTIONS), or for the
                network (a connection being opened: name lookup, TCP, TLS), or its
                request is written, or the fetch ended. A caller starting many fetches
                starts the next one then, so the first requests are on the wire at once
                instead of after the setup of all the others, and a slow host never
                holds up the next fetch.

        Returns:
            The response; status 304 with an empty body when the validators matched.

        Raises:
            NewsClient.Error: for anything that did not give a usable body.
        """
        once = _Once(sent)
        try:
            return await self._fetch(url, accept, etag, last_modified, headers or {}, once)
        finally:
            once()

    async def _fetch(
        self,
        url: str,
        accept: str,
        etag: str,
        last_modified: str,
        headers: Mapping[str, str],
        sent: _Once,
    ) -> Response:
        try:
            url = openable_url(url)
        except UnsafeURL as error:
            raise NewsClient.FetchError(str(error)) from None
        request_headers = {"Accept": accept}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        host = url_host(url)
        host_limit = self._host_limit(host)
        if host_limit.locked() or self._all.locked():
            sent()  # it waits for a slot
        try:
            # The host's slot first: a request waiting for its host holds no overall slot
            # that a request to another host could use.
            async with host_limit, self._all, asyncio.timeout(self.deadline):
                return await self._get(url, request_headers, dict(headers), sent)
        except TimeoutError:
            raise NewsClient.FetchError(f"timed out after {self.deadline:g} s") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL):
            raise NewsClient.FetchError("redirected to an address that is not a web link") from None
        except httpx.ConnectTimeout:
            raise NewsClient.FetchError(f"timed out connecting to {host}") from None
        except httpx.ConnectError as error:
            raise NewsClient.FetchError(_connect_message(host, error)) from None
        except httpx.TimeoutException:
            raise NewsClient.FetchError(f"{host} stopped answering") from None
        except httpx.RemoteProtocolError:
            raise NewsClient.FetchError(f"{host} broke the connection") from None
        except httpx.HTTPError as error:
            raise NewsClient.FetchError(f"network error: {type(error).__name__}") from None

    async def _get(
        self, url: str, headers: dict[str, str], private: dict[str, str], sent: _Once
    ) -> Response:
        origin = url
        home: tuple[str, str] | None = None  # the origin's scheme and host:port, once needed
        # httpcore's trace hook says when the first request waits on the network or is
        # written (a no-op after).
        extensions = {**_EXTENSIONS, "trace": sent.trace} if sent.waiting else _EXTENSIONS
        for _ in range(MAX_REDIRECTS + 1):
            # A private feed's headers go to its own host only, never across a redirect.
            if url != origin and private:
                home = home or _origin(origin)
                chosen = {**private, **headers} if _origin(url) == home else headers
            else:
                chosen = {**private, **headers}
            request = httpx.Request(
                "GET", url, headers={**_HEADERS, **chosen}, extensions=extensions
            )
            extensions = _EXTENSIONS
            _check_scheme(request)
            response = await self._transport.handle_async_request(request)
            response.request = request
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    url = _redirect_target(origin, url, response.headers["location"])
                    continue
                return await self._read(url, response)
            finally:
                await response.aclose()
        raise NewsClient.FetchError("too many redirects")

    async def _read(self, url: str, response: httpx.Response) -> Response:
        if response.status_code == 304:
            # A 304 has no body; reading its end lets the connection serve the next request
            # (closed unread, httpcore drops the connection).
            with contextlib.suppress(httpx.StreamConsumed):  # a test transport's answer
                async for _ in response.aiter_raw():
                    pass
            return _response(url, response, b"")
        if response.status_code >= 400:
            reason = sanitize_display(response.reason_phrase, cap=60)
            retry = None
            if response.status_code in (429, 503):
                retry = retry_after_seconds(response.headers.get("retry-after", ""))
            raise NewsClient.HTTPStatus(
                f"HTTP {response.status_code} {reason}".strip(), response.status_code, retry
            )
        length = response.headers.get("content-length", "")
        if length.isdigit() and not response.headers.get("content-encoding"):
            if int(length) > self.max_body:
                raise NewsClient.TooLarge(f"larger than {self.max_body // (1024 * 1024)} MiB")
        encodings = [
            e.strip().lower()
            for e in response.headers.get("content-encoding", "").split(",")
            if e.strip() and e.strip().lower() != "identity"
        ]
        if len(encodings) > 1:
            raise NewsClient.FetchError("stacked content encodings are not accepted")
        decoder = _Decoder(encodings[0] if encodings else "", self.max_body)
        parts: list[bytes] = []
        async for chunk in response.aiter_raw():
            parts.extend(decoder.feed(chunk))
        parts.append(decoder.flush())
        return _response(url, response, b"".join(parts))


class _Once:
    """Calls a function once at most: the `sent` callback of `NewsClient.fetch`."""

    __slots__ = ("_call",)

    def __init__(self, call: Callable[[], None] | None) -> None:
        self._call = call

    @property
    def waiting(self) -> bool:
        """Whether the function is still to be called."""
        return self._call is not None

    def __call__(self) -> None:
        """Call the function, the first time only."""
        call, self._call = self._call, None
        if call is not None:
            call()

    async def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's `trace` extension: call once the request waits on the network."""
        if event.endswith(_ON_THE_NETWORK):
            self()


#: httpcore trace events after which a request waits on the network: a connection being
#: opened (name lookup, TCP and TLS handshakes), or its head written.
_ON_THE_NETWORK = (
    "connect_tcp.started",
    "start_tls.started",
    "send_request_headers.complete",
    "send_request_body.started",
    "receive_response_headers.started",
)

#: Hosts whose idle connections are kept between requests (least recently used go first).
MAX_IDLE_HOSTS = 32


class _PerHostTransport(httpx.AsyncBaseTransport):
    """httpx's own transport, one connection pool per origin, TLS set up when first needed.

    One pool for every host made httpcore look at all of its (up to 32) connections for
    every request it queued or released, asking each socket whether it was readable: in
    a cold refresh of 100 feeds that bookkeeping was most of the event loop's time, and
    connections to one host were closed to make room for another's. `NewsClient`
    already caps requests per host (MAX_PER_HOST) and overall (MAX_CONNECTIONS), so a
    pool per origin holds at most MAX_PER_HOST connections, which stay open for the
    host's next feeds. Pools of hosts with nothing in flight are closed once more than
    MAX_IDLE_HOSTS are open.

    Building httpx's default TLS setup loads the CA certificates (75-100 ms) even when
    every feed is plain http: plain http uses an SSL context with no CA loaded (it could
    verify nothing, and is never given an https URL), https one context with httpx's
    default verification, created on the first https request and shared by its pools.
    """

    def __init__(self) -> None:
        self._limits = httpx.Limits(
            max_connections=MAX_PER_HOST, max_keepalive_connections=MAX_PER_HOST
        )
        self._pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}
        self._busy: dict[tuple[bytes, bytes, int | None], int] = {}
        self._plain: ssl.SSLContext | None = None
        self._tls: ssl.SSLContext | None = None

    def _context(self, scheme: bytes) -> ssl.SSLContext:
        if scheme == b"http":
            if self._plain is None:
                self._plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            return self._plain
        if self._tls is None:
            self._tls = httpx.create_ssl_context()
        return self._tls

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send a request through its origin's pool."""
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.pop(key, None)
        if pool is None:
            pool = httpx.AsyncHTTPTransport(
                verify=self._context(url.raw_scheme), limits=self._limits
            )
        self._pools[key] = pool  # last: the most recently used
        self._busy[key] = self._busy.get(key, 0) + 1
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            await self._release(key)
            raise
        response.stream = _Released(response.stream, lambda: self._release(key))
        return response

    async def _release(self, key: tuple[bytes, bytes, int | None]) -> None:
        busy = self._busy[key] = self._busy[key] - 1
        if busy or len(self._pools) <= MAX_IDLE_HOSTS:
            return
        for old in list(self._pools):
            if len(self._pools) <= MAX_IDLE_HOSTS:
                break
            if not self._busy.get(old):
                self._busy.pop(old, None)
                await self._pools.pop(old).aclose()

    async def aclose(self) -> None:
        """Close every pool."""
        pools = list(self._pools.values())
        self._pools.clear()
        for pool in pools:
            await pool.aclose()


class _Released(httpx.AsyncByteStream):
    """A response body that tells its transport when it is closed."""

    def __init__(self, stream: Any, release: Callable[[], Awaitable[None]]) -> None:
        self._stream = stream
        self._release: Callable[[], Awaitable[None]] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self._stream:
            yield part

    async def aclose(self) -> None:
        """Close the body, then release its pool (once)."""
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                await release()


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _origin(url: str) -> tuple[str, str]:
    """Scheme and host:port of a URL: where a private feed's headers may go."""
    parts = httpx.URL(url)
    return parts.scheme, f"{parts.host}:{parts.port or ''}"


#: Longest back-off a server can ask for.
MAX_RETRY_AFTER = 24 * 3600.0


def _is_local(host: str) -> bool:
    """True for loopback, private, link-local and unspecified addresses (and localhost)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
    )


def _redirect_target(origin: str, current: str, location: str) -> str:
    """The next hop of a redirect, checked like any link and for LAN probing."""
    try:
        target = openable_url(location, current)
    except UnsafeURL:
        raise NewsClient.Refused("redirected to an address that is not a web link") from None
    if _is_local(url_host(target)) and not _is_local(url_host(origin)):
        raise NewsClient.Refused(
            f"{url_host(origin)} redirected to a local address ({url_host(target)}): refused"
        )
    return target


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """Parse a Retry-After header (seconds or an HTTP date), clamped to 0..24 h."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(int(value[:12])), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        delta = when.timestamp() - (time.time() if now is None else now)
    except (OverflowError, OSError, ValueError):
        return MAX_RETRY_AFTER
    return max(0.0, min(delta, MAX_RETRY_AFTER))


def _check_scheme(request: httpx.Request) -> None:
    # Every request goes to a web address only (redirect hops are also checked earlier).
    if request.url.scheme not in ("http", "https"):
        raise httpx.UnsupportedProtocol(f"refused scheme {request.url.scheme!r}", request=request)


def _response(url: str, response: httpx.Response, body: bytes) -> Response:
    raw_type = response.headers.get("content-type", "")
    media, _, params = raw_type.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return Response(
        url=url,
        status=response.status_code,
        body=body,
        content_type=media.strip().lower(),
        charset=charset,
        headers={k.lower(): v for k, v in response.headers.items()},
    )


def _connect_message(host: str, error: httpx.ConnectError) -> str:
    # httpx's own text is often just "All connection attempts failed": the cause is
    # further down the exception chain.
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return f"cannot find {host} (no network?)"
        if isinstance(cause, ConnectionRefusedError):
            return f"{host} refused the connection"
        if isinstance(cause, ssl.SSLError):
            return f"{host}: secure connection failed (certificate)"
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return f"cannot reach {host} (no network?)"
        cause = cause.__cause__ or cause.__context__
    text = str(error).lower()
    if "name or service not known" in text or "temporary failure in name resolution" in text:
        return f"cannot find {host} (no network?)"
    if "certificate" in text:
        return f"{host}: secure connection failed (certificate)"
    return f"cannot connect to {host}"
