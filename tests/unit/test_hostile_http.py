"""HOSTILE_INPUTS.md section C: servers that misbehave, on a real loopback server.

The fault server (tests/faultserver.py) speaks real HTTP over TCP, so httpx's own
parsing, the client's bounded decoder, redirect checks and deadline all run as they do
against the internet.
"""

from __future__ import annotations

import itertools
import re
import ssl
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import tuinews
from tuinews.__main__ import main
from tuinews.core.cache import Store, feed_key
from tuinews.core.config import Config, ConfigError, Settings, parse_config
from tuinews.core.models import Section
from tuinews.core.net import (
    DEADLINE_SECONDS,
    MAX_BODY_BYTES,
    MAX_REDIRECTS,
    MAX_RETRY_AFTER,
    NewsClient,
)
from tuinews.core.service import NewsService

from ..faultserver import FaultServer, Reply, fault_server, gzip_zeros, rss

ITEMS = [(f"Story {n}", f"https://news.example/{n}") for n in range(1, 6)]
TLS = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "tls"
MiB = 1024 * 1024


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


def service_over(tmp_path: Path, *urls: str, client: NewsClient | None = None) -> NewsService:
    config = Config(sections=(Section("S", urls),), settings=Settings())
    return NewsService(config, Store(tmp_path / "cache"), client=client)


async def fetch_error(client: NewsClient, url: str) -> NewsClient.Error:
    with pytest.raises(NewsClient.Error) as caught:
        await client.fetch(url)
    return caught.value


async def peak_during(client: NewsClient, url: str) -> tuple[NewsClient.Error, float]:
    """Fetch (expecting an error); returns it and the peak MiB allocated meanwhile."""
    tracemalloc.start()
    try:
        error = await fetch_error(client, url)
        peak = tracemalloc.get_traced_memory()[1] / MiB
    finally:
        tracemalloc.stop()
    return error, peak


async def test_c1_gzip_bomb_stops_at_the_cap_in_bounded_memory(
    server: FaultServer, tmp_path: Path
) -> None:
    # 512 MiB of zeros as ~510 KB of gzip, produced as the client reads.
    url = server.route(
        "/bomb",
        Reply(chunks=lambda: gzip_zeros(512 * MiB), headers={"Content-Encoding": "gzip"}),
    )
    client = NewsClient()
    error, peak = await peak_during(client, url)
    await client.aclose()
    assert isinstance(error, NewsClient.TooLarge) and str(error) == "larger than 10 MiB"
    assert peak < 2 * MAX_BODY_BYTES / MiB + 64, peak
    # Through the service: nothing cached, the feed marked failed.
    service = service_over(tmp_path, url)
    update = await service.refresh_section(service.sections[0])
    assert update.statuses[0].error == "larger than 10 MiB"
    assert await service.store.aget(feed_key(url)) is None
    await service.aclose()


async def test_c2_stacked_gzip_bomb_is_refused_in_bounded_memory(
    server: FaultServer, tmp_path: Path
) -> None:
    # 1 GiB of zeros gzip-compressed twice: about 1.8 KB on the wire.
    url = server.route(
        "/bomb2",
        Reply(
            chunks=lambda: gzip_zeros(1024 * MiB, layers=2),
            headers={"Content-Encoding": "gzip, gzip"},
        ),
    )
    client = NewsClient()
    error, peak = await peak_during(client, url)
    await client.aclose()
    assert str(error) == "stacked content encodings are not accepted"
    assert peak < 2 * MAX_BODY_BYTES / MiB + 64, peak
    # Spelled as two headers, it is refused the same way.
    two = server.route(
        "/bomb3",
        Reply(
            chunks=lambda: gzip_zeros(1024 * MiB, layers=2),
            headers={"Content-Encoding": "gzip", "content-encoding": "gzip"},
        ),
    )
    client = NewsClient()
    assert "not accepted" in str(await fetch_error(client, two))
    await client.aclose()
    service = service_over(tmp_path, url)
    await service.refresh_section(service.sections[0])
    assert await service.store.aget(feed_key(url)) is None
    await service.aclose()


async def test_c3_a_server_trickling_forever_meets_the_deadline(
    server: FaultServer, tmp_path: Path
) -> None:
    assert DEADLINE_SECONDS <= 30
    slow = server.route("/slow", Reply(chunks=lambda: itertools.repeat(b"<"), interval=2.0))
    fast = server.route("/fast", Reply(body=rss("Fast", ITEMS)))
    service = service_over(tmp_path, slow, fast, client=NewsClient(deadline=1.5))
    started = time.monotonic()
    update = await service.refresh_section(service.sections[0])
    elapsed = time.monotonic() - started
    await service.aclose()
    assert elapsed < 10
    by_url = {status.url: status for status in update.statuses}
    assert by_url[slow].error == "timed out after 1.5 s"
    assert by_url[fast].ok and len(update.stories) == len(ITEMS)


async def test_c4_endless_chunked_xml_stops_at_the_size_cap(server: FaultServer) -> None:
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>'
    forever = b"<item><title>Again</title><link>https://news.example/a</link></item>" * 200
    url = server.route(
        "/endless", Reply(chunks=lambda: itertools.chain([head], itertools.repeat(forever)))
    )
    client = NewsClient(max_body=2 * MiB)
    error, peak = await peak_during(client, url)
    await client.aclose()
    assert isinstance(error, NewsClient.TooLarge) and str(error) == "larger than 2 MiB"
    assert peak < 2 * 2 + 64


@pytest.mark.parametrize(
    "location",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/xml,<rss/>",
        "ftp://x.example/f",
    ],
)
async def test_c5_redirect_to_a_non_web_address_is_an_error(
    server: FaultServer, location: str
) -> None:
    url = server.route("/moved", Reply(status=302, headers={"Location": location}))
    client = NewsClient()
    error = await fetch_error(client, url)
    await client.aclose()
    assert str(error) == "redirected to an address that is not a web link"
    assert [path for path, _ in server.requests] == ["/moved"]


async def test_c6_redirect_loops_and_long_chains_give_up(server: FaultServer) -> None:
    assert MAX_REDIRECTS <= 20
    loop = server.route("/loop", Reply(status=302, headers={"Location": "/loop"}))
    for hop in range(30):
        server.route(f"/hop{hop}", Reply(status=301, headers={"Location": f"/hop{hop + 1}"}))
    client = NewsClient()
    assert str(await fetch_error(client, loop)) == "too many redirects"
    assert len(server.hits("/loop")) == MAX_REDIRECTS + 1
    assert str(await fetch_error(client, server.url("/hop0"))) == "too many redirects"
    assert not server.hits(f"/hop{MAX_REDIRECTS + 1}")
    await client.aclose()


@pytest.mark.parametrize(
    "target",
    [
        "{loopback}",
        "http://192.168.1.1/admin",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://localhost:631/",
        "http://0.0.0.0/",
    ],
)
async def test_c7_public_feed_redirecting_into_the_local_network_is_refused(
    server: FaultServer, target: str
) -> None:
    private = server.route("/private", Reply(body=rss("Private", ITEMS)))
    location = target.format(loopback=private)
    real = httpx.AsyncHTTPTransport()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "public.example":
            return httpx.Response(302, headers={"location": location})
        return await real.handle_async_request(request)

    client = NewsClient(transport=httpx.MockTransport(handler))
    error = await fetch_error(client, "https://public.example/feed")
    await client.aclose()
    await real.aclose()
    assert isinstance(error, NewsClient.Refused)
    assert "redirected to a local address" in str(error) and "refused" in str(error)
    assert server.requests == []


async def test_c8_body_shorter_than_its_length_is_an_error_and_not_cached(
    server: FaultServer, tmp_path: Path
) -> None:
    replies = iter(
        [
            Reply(body=rss("Feed", ITEMS)),
            Reply(body=rss("Feed", ITEMS[:1])[:10], declared_length=100_000),
        ]
    )
    url = server.route("/feed", lambda _headers: next(replies))
    service = service_over(tmp_path, url)
    await service.refresh_section(service.sections[0])
    cut = await service.refresh_section(service.sections[0], force=True)
    cached = await service.store.aget(feed_key(url))
    await service.aclose()
    assert not cut.statuses[0].ok and "broke the connection" in cut.statuses[0].error
    assert [s.title for s in cut.stories] == [title for title, _ in ITEMS]
    assert len(cached["stories"]) == len(ITEMS)


async def test_c9_gzip_header_over_a_plain_body_is_an_error(server: FaultServer) -> None:
    url = server.route(
        "/liar", Reply(body=rss("Plain", ITEMS), headers={"Content-Encoding": "gzip"})
    )
    deflate = server.route(
        "/liar2", Reply(body=b"\x00" * 64, headers={"Content-Encoding": "deflate"})
    )
    unknown = server.route("/br", Reply(body=b"xyz", headers={"Content-Encoding": "br"}))
    client = NewsClient()
    assert str(await fetch_error(client, url)) == "the compressed body is corrupt"
    assert str(await fetch_error(client, deflate)) == "the compressed body is corrupt"
    assert str(await fetch_error(client, unknown)) == "unsupported content encoding 'br'"
    await client.aclose()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"HTTP/1.1 200 OK\r\nX-Huge: " + b"a" * MiB + b"\r\nContent-Length: 2\r\n\r\nok",
            "broke the connection",
        ),
        (b"GARBAGE \x1b]52;c;SE9M\x07 LINE\r\n\r\n", "broke the connection"),
        (b"\x00\x01\x02\x03" * 100, "broke the connection"),
        (
            b"HTTP/1.1 500 \x1b]0;pwned\x07 \xc2\x9b bad\r\nContent-Length: 0\r\n\r\n",
            "HTTP 500 ]0;pwned bad",
        ),
        (b"HTTP/1.1 999 Whatever\r\nContent-Length: 0\r\n\r\n", "HTTP 999 Whatever"),
    ],
    ids=["1mib-header", "garbage-status", "binary", "escapes-in-reason", "status-999"],
)
async def test_c10_broken_status_lines_and_headers_are_errors(
    server: FaultServer, raw: bytes, expected: str
) -> None:
    url = server.route("/broken", Reply(raw=raw))
    client = NewsClient()
    error = await fetch_error(client, url)
    await client.aclose()
    assert expected in str(error)
    assert not re.search("[\x00-\x1f\x7f-\x9f]", str(error))


async def test_c11_304_without_a_copy_and_an_empty_200_wipe_nothing(
    server: FaultServer, tmp_path: Path
) -> None:
    never = server.route("/never-cached", Reply(status=304))
    replies = iter([Reply(body=rss("Feed", ITEMS)), Reply(body=b""), Reply(status=304)])
    url = server.route("/feed", lambda _headers: next(replies))
    service = service_over(tmp_path, never, url)
    first = await service.refresh_section(service.sections[0])
    assert {s.url: s.error for s in first.statuses}[never] == "empty response: not a feed"
    empty = await service.refresh_section(service.sections[0], force=True)
    odd_304 = await service.refresh_section(service.sections[0], force=True)
    cached = await service.store.aget(feed_key(url))
    await service.aclose()
    assert len(empty.stories) == len(ITEMS) and len(odd_304.stories) == len(ITEMS)
    assert len(cached["stories"]) == len(ITEMS)


@pytest.mark.parametrize(
    ("retry_after", "waits"),
    [
        ("999999999999", True),
        ("99999999999999999999999999", True),
        ("Fri, 31 Dec 9999 23:59:59 GMT", True),
        ("-5", False),
        ("soon", False),
    ],
)
async def test_c12_retry_after_is_clamped(
    server: FaultServer, tmp_path: Path, retry_after: str, waits: bool
) -> None:
    url = server.route("/busy", Reply(status=503, headers={"Retry-After": retry_after}))
    service = service_over(tmp_path, url)
    before = time.time()
    update = await service.refresh_section(service.sections[0])
    await service.aclose()
    status = update.statuses[0]
    assert status.error == "HTTP 503 Service Unavailable"
    assert MAX_RETRY_AFTER <= 24 * 3600
    if waits:
        assert status.next_refresh is not None
        assert before + MAX_RETRY_AFTER - 60 <= status.next_refresh.timestamp()
        assert status.next_refresh.timestamp() <= before + MAX_RETRY_AFTER + 60
    else:
        assert status.next_refresh is None  # nothing usable asked: the next refresh may try


def _tls(name: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / f"{name}.pem", TLS / f"{name}.key")
    return context


@pytest.mark.parametrize("certificate", ["selfsigned", "expired", "wronghost"])
async def test_c13_tls_failures_are_errors_and_verification_stays_on(
    monkeypatch: pytest.MonkeyPatch, certificate: str
) -> None:
    # The client trusts only the test CA, which signed "good", "expired" and "wronghost".
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "ca.pem"))
    with fault_server(_tls("good")) as good:
        url = good.route("/feed", Reply(body=rss("Secure", ITEMS)))
        client = NewsClient()
        assert (await client.fetch(url)).status == 200  # the setup is sound
        await client.aclose()
    with fault_server(_tls(certificate)) as bad:
        url = bad.route("/feed", Reply(body=rss("Insecure", ITEMS)))
        client = NewsClient()
        error = await fetch_error(client, url)
        await client.aclose()
    assert str(error) == "127.0.0.1: secure connection failed (certificate)"
    assert bad.requests == []
    # Nothing in tuinews turns verification off.
    for source in Path(tuinews.__file__).parent.rglob("*.py"):
        text = source.read_text()
        assert "verify=False" not in text and "CERT_NONE" not in text, source


@pytest.mark.parametrize(
    "feed",
    [
        "file:///etc/passwd",
        "exec:ls",
        "|cat /etc/passwd",
        "$(touch /tmp/p)",
        "/home/me/feed.xml",
        "~/feed.xml",
        "C:\\\\feeds\\\\x.xml",
        "feed://x.example/rss",
        "-x",
    ],
)
def test_c14_feed_urls_that_are_not_web_links_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], feed: str
) -> None:
    text = f'[[sections]]\nname = "S"\nfeeds = ["{feed}"]\n'
    with pytest.raises(ConfigError, match="refused"):
        parse_config(text)
    path = tmp_path / "config.toml"
    path.write_text(text)
    assert main(["--config", str(path), "status"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tuinews: ") and err.count("\n") == 1 and "Traceback" not in err


async def test_c14_the_client_never_requests_a_non_web_url(server: FaultServer) -> None:
    client = NewsClient()
    for url in ("file:///etc/passwd", "exec:ls", server.url("/x").replace("http", "gopher")):
        with pytest.raises(NewsClient.FetchError):
            await client.fetch(url)
    await client.aclose()
    assert server.requests == []
