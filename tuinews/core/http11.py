"""Plain-http HTTP/1.1 for `NewsClient`: asyncio streams and h11, kept-alive per host.

httpx's own transport (httpcore) spends more CPU per request than the request itself on
a loopback or LAN feed: pool bookkeeping over every queued request, anyio events, and
layers of wrappers. `NewsClient` already limits requests per host and overall, so this
transport needs no queue: it takes an idle connection to the host or opens one, sends
the request, and hands the body back as raw chunks (decoding stays in `NewsClient`,
bounded). Parsing is h11's, the same parser httpcore uses. https stays with httpx.

Errors come out as httpx's exceptions, as from httpx's transport: `ConnectError` (the
OS error as its cause), `ConnectTimeout`, `ReadTimeout`, `WriteTimeout`,
`RemoteProtocolError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import h11
import httpx

#: Largest response head (status line and headers) read, as httpcore allows.
MAX_HEAD_BYTES = 100 * 1024
#: Bytes asked of the socket at a time.
READ_SIZE = 64 * 1024


class _Connection:
    """One kept-alive TCP connection and its h11 state."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_BYTES)

    def usable(self) -> bool:
        """Whether an idle connection can carry another request (not closed by the server)."""
        return not (self.reader.at_eof() or self.writer.is_closing())

    def close(self) -> None:
        """Close the socket (without waiting)."""
        self.writer.close()

    async def next_event(self, timeout: float) -> object:
        """The next h11 event, reading from the socket as needed."""
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as error:
                raise httpx.RemoteProtocolError(str(error)) from error
            if event is not h11.NEED_DATA:
                return event
            try:
                async with asyncio.timeout(timeout):
                    data = await self.reader.read(READ_SIZE)
            except TimeoutError:
                raise httpx.ReadTimeout("no answer in time") from None
            except OSError as error:
                raise httpx.ReadError(str(error)) from error
            self.h11.receive_data(data)


class PlainHTTPTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over plain TCP with idle connections kept per host and port."""

    def __init__(self, *, connect_timeout: float = 10.0, read_timeout: float = 15.0) -> None:
        """Create the transport.

        Args:
            connect_timeout: Seconds to open a connection.
            read_timeout: Seconds without a byte from the server before giving up.
        """
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._idle: dict[tuple[str, int], list[_Connection]] = {}
        self._busy: set[_Connection] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send a GET-like request (no body) and return the response with its body unread."""
        if request.url.scheme != "http":
            raise httpx.UnsupportedProtocol("this transport speaks plain http only")
        key = (request.url.host, request.url.port or 80)
        connection = self._take_idle(key)
        if connection is not None:
            try:
                return await self._exchange(connection, key, request)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                # No answer on a kept-alive connection: the server closed it as we reused
                # it. A GET is safe to send once more, on a new connection.
                pass
        connection = await self._connect(key)
        return await self._exchange(connection, key, request)

    def _take_idle(self, key: tuple[str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        while idle:
            connection = idle.pop()
            if connection.usable():
                return connection
            connection.close()
        return None

    async def _connect(self, key: tuple[str, int]) -> _Connection:
        try:
            async with asyncio.timeout(self.connect_timeout):
                reader, writer = await asyncio.open_connection(key[0], key[1], limit=READ_SIZE)
        except TimeoutError:
            raise httpx.ConnectTimeout(f"no connection to {key[0]} in time") from None
        except OSError as error:
            raise httpx.ConnectError(str(error) or type(error).__name__) from error
        return _Connection(reader, writer)

    async def _exchange(
        self, connection: _Connection, key: tuple[str, int], request: httpx.Request
    ) -> httpx.Response:
        self._busy.add(connection)
        try:
            target = request.url.raw_path
            head = h11.Request(method=request.method, target=target, headers=request.headers.raw)
            connection.writer.write(
                connection.h11.send(head) + connection.h11.send(h11.EndOfMessage())
            )
            try:
                async with asyncio.timeout(self.read_timeout):
                    await connection.writer.drain()
            except TimeoutError:
                raise httpx.WriteTimeout("the request could not be sent in time") from None
            except OSError as error:
                raise httpx.WriteError(str(error)) from error
            while True:
                event = await connection.next_event(self.read_timeout)
                if isinstance(event, h11.Response):
                    break
                if not isinstance(event, h11.InformationalResponse):
                    raise httpx.RemoteProtocolError("the server closed without an answer")
        except BaseException:
            self._busy.discard(connection)
            connection.close()
            raise
        return httpx.Response(
            event.status_code,
            headers=event.headers.raw_items(),
            stream=_Body(self, connection, key),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": event.reason},
        )

    def _release(self, connection: _Connection, key: tuple[str, int]) -> None:
        """Keep a connection whose exchange ended cleanly; close any other."""
        self._busy.discard(connection)
        state = connection.h11
        if state.their_state is h11.SEND_BODY:
            # A body-less answer (304, or a 0 length) has its end already received.
            try:
                ended = isinstance(state.next_event(), h11.EndOfMessage)
            except h11.RemoteProtocolError:
                ended = False
            if not ended:
                connection.close()
                return
        if state.our_state is h11.DONE and state.their_state is h11.DONE and connection.usable():
            state.start_next_cycle()
            self._idle.setdefault(key, []).append(connection)
        else:
            connection.close()

    async def aclose(self) -> None:
        """Close every connection, idle or in use."""
        for connection in [c for idle in self._idle.values() for c in idle] + list(self._busy):
            connection.close()
        self._idle.clear()
        self._busy.clear()


class _Body(httpx.AsyncByteStream):
    """A response body as it arrives; the connection goes back to the pool when done."""

    def __init__(self, pool: PlainHTTPTransport, connection: _Connection, key: tuple[str, int]):
        self._pool = pool
        self._connection: _Connection | None = connection
        self._key = key

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """Yield the raw body chunks (still content-encoded)."""
        connection = self._connection
        if connection is None:
            return
        try:
            while True:
                event = await connection.next_event(self._pool.read_timeout)
                if isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, h11.EndOfMessage):
                    return
                elif not isinstance(event, h11.ConnectionClosed):
                    raise httpx.RemoteProtocolError("unexpected data after the body")
                else:
                    return
        except BaseException:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        """Give the connection back (or close it when the body was not read to its end)."""
        if self._connection is not None:
            self._pool._release(self._connection, self._key)
            self._connection = None
