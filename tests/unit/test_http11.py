"""The plain-http transport (tuinews.core.http11) through NewsClient, on a real loopback
TCP server whose answers each test writes byte for byte: keep-alive, stale connections,
body framings, broken answers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest

from tuinews.core.net import NewsClient

Answer = Callable[[int, bytes], Awaitable[tuple[bytes, bool]]]
"""(request number on the connection, request head) -> (bytes to write, close after)."""


class RawServer:
    """Counts connections and requests; answers with the bytes the test gives."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.connections = 0
        self.requests: list[bytes] = []
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = 0
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
                    return  # the client hung up, or the test is over
                number += 1
                self.requests.append(head)
                data, close = await self.answer(number, head)
                writer.write(data)
                await writer.drain()
                if close:
                    return
        finally:
            writer.close()


@asynccontextmanager
async def raw_server(answer: Answer) -> AsyncIterator[RawServer]:
    server = RawServer(answer)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    server.port = listener.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listener.close()


def ok(body: bytes, *extra: str) -> bytes:
    head = "".join(f"{line}\r\n" for line in extra)
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), head.encode(), body)


async def test_sequential_requests_share_one_kept_alive_connection() -> None:
    async def answer(number: int, head: bytes) -> tuple[bytes, bool]:
        return ok(b"body %d" % number), False

    async with raw_server(answer) as server:
        client = NewsClient()
        try:
            bodies = [
                (await client.fetch(f"http://127.0.0.1:{server.port}/f{n}")).body for n in range(5)
            ]
        finally:
            await client.aclose()
    assert bodies == [b"body 1", b"body 2", b"body 3", b"body 4", b"body 5"]
    assert server.connections == 1
    assert b"GET /f4 HTTP/1.1" in server.requests[-1]
    assert b"user-agent: tuinews/" in server.requests[-1].lower()


async def test_concurrent_requests_open_at_most_the_per_host_limit_and_reuse_them() -> None:
    async def answer(number: int, head: bytes) -> tuple[bytes, bool]:
        await asyncio.sleep(0.05)
        return ok(b"x"), False

    async with raw_server(answer) as server:
        client = NewsClient()
        try:
            url = f"http://127.0.0.1:{server.port}/feed"
            results = await asyncio.gather(*(client.fetch(url) for _ in range(18)))
        finally:
            await client.aclose()
    assert [r.body for r in results] == [b"x"] * 18
    assert len(server.requests) == 18
    assert server.connections == 6


async def test_a_kept_alive_connection_the_server_closed_is_replaced() -> None:
    # The server answers once per connection, then hangs up without saying so.
    async def answer(number: int, head: bytes) -> tuple[bytes, bool]:
        return ok(b"fine"), True

    async with raw_server(answer) as server:
        client = NewsClient()
        try:
            url = f"http://127.0.0.1:{server.port}/feed"
            first = await client.fetch(url)
            # Seen closed or not yet when reused, the second fetch gets its answer.
            second = await client.fetch(url)
        finally:
            await client.aclose()
    assert first.body == second.body == b"fine"
    assert server.connections == 2


@pytest.mark.parametrize(
    ("raw", "body"),
    [
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
            b"hello world",
        ),
        (b"HTTP/1.1 100 Continue\r\n\r\n" + ok(b"after continue"), b"after continue"),
        (b"HTTP/1.0 200 OK\r\n\r\nread until the server closes", b"read until the server closes"),
    ],
    ids=["chunked", "100-continue", "until-close"],
)
async def test_every_body_framing_is_read_whole(raw: bytes, body: bytes) -> None:
    async def answer(number: int, head: bytes) -> tuple[bytes, bool]:
        return raw, True

    async with raw_server(answer) as server:
        client = NewsClient()
        try:
            response = await client.fetch(f"http://127.0.0.1:{server.port}/feed")
        finally:
            await client.aclose()
    assert response.body == body


async def test_304_has_no_body_and_the_connection_is_kept() -> None:
    async def answer(number: int, head: bytes) -> tuple[bytes, bool]:
        if b"if-none-match" in head.lower():
            return b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n', False
        return ok(b"<rss/>", 'ETag: "v1"'), False

    async with raw_server(answer) as server:
        client = NewsClient()
        try:
            url = f"http://127.0.0.1:{server.port}/feed"
            first = await client.fetch(url)
            second = await client.fetch(url, etag='"v1"')
            third = await client.fetch(url)
        finally:
            await client.aclose()
    assert (first.status, second.status, third.status) == (200, 304, 200)
    assert second.body == b"" and third.body == b"<rss/>"
    assert server.connections == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"this is not http\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part",
        b"",
    ],
    ids=["garbage", "cut-short", "closed-without-answer"],
)
async def test_broken_answers_are_a_broken_connection(raw: bytes) -> None:
    async def answer(number: int, head: bytes) -> tuple[bytes, bool]:
        return raw, True

    async with raw_server(answer) as server:
        client = NewsClient()
        try:
            with pytest.raises(NewsClient.FetchError, match="broke the connection"):
                await client.fetch(f"http://127.0.0.1:{server.port}/feed")
        finally:
            await client.aclose()


async def test_a_closed_port_is_a_refused_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = NewsClient()
    try:
        with pytest.raises(NewsClient.FetchError, match="refused the connection"):
            await client.fetch(f"http://127.0.0.1:{port}/feed")
    finally:
        await client.aclose()
