"""The HTTP client: caps, bounded decoding, errors in plain words."""

from __future__ import annotations

import asyncio
import gzip
import zlib

import httpx
import pytest

from tuinews.core.net import USER_AGENT, NewsClient


class RawStream(httpx.AsyncByteStream):
    """A body served as raw bytes, as a server sends it (httpx decodes nothing)."""

    def __init__(self, body: bytes, chunk: int = 65536) -> None:
        self.body = body
        self.chunk = chunk

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for start in range(0, len(self.body), self.chunk):
            yield self.body[start : start + self.chunk]


def _client(handler: httpx.MockTransport, **kwargs: object) -> NewsClient:
    return NewsClient(transport=handler, **kwargs)  # type: ignore[arg-type]


async def test_sends_user_agent_and_validators() -> None:
    seen: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return httpx.Response(304)

    client = _client(httpx.MockTransport(handler))
    response = await client.fetch(
        "https://example.com/feed", etag='"abc"', last_modified="Tue, 01 Jan 2030 00:00:00 GMT"
    )
    await client.aclose()
    assert response.status == 304 and response.body == b""
    assert seen["user-agent"] == USER_AGENT and USER_AGENT.startswith("tuinews/")
    assert seen["if-none-match"] == '"abc"'
    assert seen["if-modified-since"].startswith("Tue, 01 Jan 2030")
    assert seen["accept-encoding"] == "gzip, deflate"


async def test_gzip_body_is_decoded() -> None:
    payload = b"<rss>" + b"x" * 100_000 + b"</rss>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={
                "content-encoding": "gzip",
                "content-type": "application/rss+xml; charset=UTF-8",
            },
            stream=RawStream(gzip.compress(payload)),
        )

    client = _client(httpx.MockTransport(handler))
    response = await client.fetch("https://example.com/feed")
    await client.aclose()
    assert response.body == payload
    assert response.content_type == "application/rss+xml" and response.charset == "utf-8"


@pytest.mark.parametrize("wrapped", [True, False])
async def test_deflate_both_forms_are_decoded(wrapped: bool) -> None:
    payload = b"hello " * 1000
    if wrapped:
        body = zlib.compress(payload)
    else:
        raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = raw.compress(payload) + raw.flush()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-encoding": "deflate"}, stream=RawStream(body))

    client = _client(httpx.MockTransport(handler))
    assert (await client.fetch("https://example.com/")).body == payload
    await client.aclose()


async def test_gzip_bomb_stops_at_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-encoding": "gzip"}, stream=RawStream(bomb))

    client = _client(httpx.MockTransport(handler), max_body=1024 * 1024)
    with pytest.raises(NewsClient.TooLarge):
        await client.fetch("https://example.com/bomb")
    await client.aclose()


async def test_stacked_encodings_are_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"content-encoding": "gzip, gzip"},
            stream=RawStream(gzip.compress(gzip.compress(b"x"))),
        )

    client = _client(httpx.MockTransport(handler))
    with pytest.raises(NewsClient.FetchError, match="stacked"):
        await client.fetch("https://example.com/")
    await client.aclose()


async def test_corrupt_gzip_is_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"content-encoding": "gzip"}, stream=RawStream(b"not gzip")
        )

    client = _client(httpx.MockTransport(handler))
    with pytest.raises(NewsClient.FetchError, match="corrupt"):
        await client.fetch("https://example.com/")
    await client.aclose()


async def test_plain_body_over_the_cap_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 2048)

    client = _client(httpx.MockTransport(handler), max_body=1024)
    with pytest.raises(NewsClient.TooLarge):
        await client.fetch("https://example.com/")
    await client.aclose()


async def test_http_errors_name_the_status() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404)

    client = _client(httpx.MockTransport(handler))
    with pytest.raises(NewsClient.HTTPStatus) as info:
        await client.fetch("https://example.com/missing")
    await client.aclose()
    assert info.value.status == 404 and str(info.value) == "HTTP 404 Not Found"


async def test_redirect_to_file_is_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "file:///etc/passwd"})

    client = _client(httpx.MockTransport(handler))
    with pytest.raises(NewsClient.FetchError, match="not a web link"):
        await client.fetch("https://example.com/")
    await client.aclose()


async def test_redirect_loop_is_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "https://example.com/again"})

    client = _client(httpx.MockTransport(handler))
    with pytest.raises(NewsClient.FetchError, match="too many redirects"):
        await client.fetch("https://example.com/")
    await client.aclose()


async def test_unreachable_host_is_a_plain_message() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    client = _client(httpx.MockTransport(handler))
    with pytest.raises(NewsClient.FetchError) as info:
        await client.fetch("https://feeds.example/rss")
    await client.aclose()
    assert str(info.value) == "cannot find feeds.example (no network?)"


async def test_non_web_url_is_never_requested() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200)

    client = _client(httpx.MockTransport(handler))
    with pytest.raises(NewsClient.FetchError):
        await client.fetch("file:///etc/passwd")
    await client.aclose()
    assert calls == []


async def test_connections_are_kept_per_host_and_after_a_304() -> None:
    from tests.faultserver import Reply, fault_server, rss
    from tuinews.core.net import MAX_PER_HOST

    body = rss("Desk", [("One", "/a")])
    with fault_server() as server:
        urls = [server.route(f"/f{n}", Reply(body=body, etag=f'"{n}"')) for n in range(15)]
        client = NewsClient()
        first = await asyncio.gather(*(client.fetch(url) for url in urls))
        again = [await client.fetch(url, etag=f'"{n}"') for n, url in enumerate(urls[:4])]
        await client.aclose()
    assert [r.status for r in first] == [200] * 15 and [r.status for r in again] == [304] * 4
    # 15 feeds on one host: at most MAX_PER_HOST connections, reused for the rest.
    assert len(set(server.peers[:15])) <= MAX_PER_HOST
    # A 304 has no body to read: its connection serves the next request.
    assert len(set(server.peers[15:])) == 1


async def test_pools_of_idle_hosts_beyond_the_limit_are_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.faultserver import Reply, fault_server, rss
    from tuinews.core import net

    monkeypatch.setattr(net, "MAX_IDLE_HOSTS", 1)
    body = rss("Desk", [("One", "/a")])
    with fault_server() as one, fault_server() as two:
        first, second = (s.route("/feed", Reply(body=body)) for s in (one, two))
        client = NewsClient()
        transport = client._transport
        assert isinstance(transport, net._PerHostTransport)
        assert (await client.fetch(first)).status == 200
        assert (await client.fetch(second)).status == 200
        # The first origin's pool was idle: closed once a second one was open.
        assert [key[2] for key in transport._pools] == [httpx.URL(second).port]
        assert (await client.fetch(first)).status == 200
        await client.aclose()
        assert transport._pools == {}
    assert len(one.requests) == 2 and len(two.requests) == 1
