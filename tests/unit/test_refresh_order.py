"""How a refresh puts its requests on the wire, and what it reads and writes meanwhile.

Against the real loopback fault server and a real diskcache: each fetch says when its
request has left (so a refresh starts the next feed then, and the first requests go out
at once); every allowed request is in flight together; stored stories are read only once
an answer needs them (a 304 over an unreadable copy asks again, without validators); a
feed's stories and their record are written in one transaction.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tuinews.core.cache import Store, feed_key, meta_key
from tuinews.core.config import Config, Settings
from tuinews.core.models import Section
from tuinews.core.net import MAX_PER_HOST, NewsClient
from tuinews.core.service import NewsService

from ..faultserver import FaultServer, Reply, fault_server, rss, wait_until

ITEMS = [(f"Story {n}", f"https://news.example/{n}") for n in range(1, 6)]


def _service(tmp_path: Path, *urls: str) -> NewsService:
    config = Config(sections=(Section("S", urls),), settings=Settings(refresh_minutes=15))
    return NewsService(config, Store(tmp_path / "cache"))


def _held(release: threading.Event) -> Reply:
    release.wait(30)
    return Reply(body=rss("Feed", ITEMS))


@pytest.fixture
def server() -> FaultServer:
    with fault_server() as running:
        yield running  # type: ignore[misc]


async def test_fetch_says_sent_once_its_request_is_written(server: FaultServer) -> None:
    release = threading.Event()
    url = server.route("/held", lambda _headers: _held(release))
    client = NewsClient()
    calls: list[bool] = []
    told = asyncio.Event()

    def sent() -> None:
        calls.append(True)
        told.set()

    fetching = asyncio.create_task(client.fetch(url, sent=sent))
    try:
        await asyncio.wait_for(told.wait(), 10)
        # Told while the server still holds the answer: the request is out, not back.
        assert not fetching.done()
        assert await asyncio.to_thread(wait_until, lambda: len(server.requests) == 1)
    finally:
        release.set()
    response = await fetching
    await client.aclose()
    assert response.status == 200 and calls == [True]


async def test_fetch_says_sent_at_once_when_it_waits_for_a_slot(server: FaultServer) -> None:
    release = threading.Event()
    urls = [
        server.route(f"/f{n}", lambda _headers: _held(release)) for n in range(MAX_PER_HOST + 1)
    ]
    client = NewsClient()
    busy = [asyncio.create_task(client.fetch(url)) for url in urls[:MAX_PER_HOST]]
    try:
        assert await asyncio.to_thread(wait_until, lambda: len(server.requests) == MAX_PER_HOST)
        told = asyncio.Event()
        waiting = asyncio.create_task(client.fetch(urls[-1], sent=told.set))
        await asyncio.wait_for(told.wait(), 10)
        # Its host's slots are all taken: it waits without having asked anything.
        assert len(server.requests) == MAX_PER_HOST and not waiting.done()
    finally:
        release.set()
    responses = await asyncio.gather(*busy, waiting)
    await client.aclose()
    assert [r.status for r in responses] == [200] * (MAX_PER_HOST + 1)


async def test_fetch_says_sent_once_when_it_fails_before_any_request() -> None:
    client = NewsClient()
    calls: list[bool] = []
    with pytest.raises(NewsClient.FetchError):
        await client.fetch("file:///etc/passwd", sent=lambda: calls.append(True))
    await client.aclose()
    assert calls == [True]


@pytest.mark.parametrize("headless", [False, True])
async def test_a_refresh_has_every_allowed_request_in_flight_at_once(
    server: FaultServer, tmp_path: Path, headless: bool
) -> None:
    # Feeds are started one after the other, each once its request is out: that must
    # never wait for an answer. Ten feeds on one host: MAX_PER_HOST of them in flight
    # together while the server holds every answer, then the rest.
    release = threading.Event()
    urls = [server.route(f"/f{n}", lambda _headers: _held(release)) for n in range(10)]
    service = _service(tmp_path, *urls)
    service.headless = headless
    refreshing = asyncio.create_task(service.refresh_feeds(urls))
    try:
        assert await asyncio.to_thread(wait_until, lambda: len(server.requests) == MAX_PER_HOST)
        assert not refreshing.done()
    finally:
        release.set()
    statuses = await refreshing
    await service.aclose()
    assert [s.status for s in statuses] == ["200"] * 10
    assert sorted(path for path, _ in server.requests) == sorted(f"/f{n}" for n in range(10))


@pytest.mark.parametrize("headless", [False, True])
async def test_a_304_over_an_unreadable_copy_asks_again_without_validators(
    server: FaultServer, tmp_path: Path, headless: bool
) -> None:
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS), etag='"v1"'))
    service = _service(tmp_path, url)
    service.headless = headless
    await service.refresh_feeds([url])
    # The stored stories went bad (another version, a disk fault): nothing readable.
    service.store.set(feed_key(url), {"stories": ["not a story"]})
    statuses = await service.refresh_feeds([url], force=True)
    stories = service.cached_stories_sync(service.sections[0])
    await service.aclose()
    hits = server.hits("/feed")
    assert len(hits) == 3
    assert hits[1]["if-none-match"] == '"v1"' and "if-none-match" not in hits[2]
    assert statuses[0].status == "200" and statuses[0].count == len(ITEMS)
    assert [s.title for s in stories] == [title for title, _ in ITEMS]


async def test_a_fresh_feed_still_reads_its_stories_and_asks_nothing(
    server: FaultServer, tmp_path: Path
) -> None:
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS), etag='"v1"'))
    service = _service(tmp_path, url)
    await service.refresh_section(service.sections[0])
    again = await service.refresh_section(service.sections[0])
    await service.aclose()
    assert len(server.hits("/feed")) == 1
    assert again.statuses[0].status == "fresh"
    assert [s.title for s in again.stories] == [title for title, _ in ITEMS]


def test_store_has_says_what_is_stored_without_reading_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.set("feed:a", {"stories": []})
    memory = Store(None)
    memory.set("feed:b", {"stories": []})
    assert store.has("feed:a") and not store.has("feed:b")
    assert memory.has("feed:b") and not memory.has("feed:a")
    store.close()
    assert Store(tmp_path / "cache").has("feed:a")


def test_set_many_writes_all_or_nothing_across_a_crash(tmp_path: Path) -> None:
    # A process killed between the stories and the record of a feed leaves neither:
    # never stories without their validators, or validators without their stories.
    folder = tmp_path / "cache"
    Store(folder).close()
    script = textwrap.dedent(
        """
        import os, sys
        from pathlib import Path
        import diskcache
        from tuinews.core.cache import Store

        store = Store(Path(sys.argv[1]))
        original = diskcache.Disk.store
        calls = []

        def dying(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                os._exit(3)  # the second row: the process dies mid-transaction
            return original(self, *args, **kwargs)

        diskcache.Disk.store = dying
        store.set_many([("feed:a", {"stories": ["x"]}), ("meta:a", {"etag": "v1"})])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3, done.stderr
    store = Store(folder)
    assert not store.has("feed:a") and not store.has("meta:a")
    store.set_many([("feed:a", {"stories": ["x"]}), ("meta:a", {"etag": "v1"})])
    assert store.get("feed:a") == {"stories": ["x"]} and store.get("meta:a") == {"etag": "v1"}
    store.close()


def test_lone_surrogates_are_replaced_in_stored_values(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.set_many([(meta_key("u"), {"title": "a\ud800b"}), (feed_key("u"), {"t": "plain"})])
    assert store.get(meta_key("u")) == {"title": "a\ufffdb"}
    assert store.get(feed_key("u")) == {"t": "plain"}
    store.close()


#: Runs `tuinews` (argv[1:]) and prints which of WATCH were loaded when the first
#: connection was opened (an audit hook sees every socket.connect), and at the end.
_FIRST_CONNECT = """\
import sys

WATCH = ("tuinews.core.feeds", "tuinews.core.fastfeed", "lxml", "feedparser", "rich")
seen = {}

def hook(event, args):
    if event == "socket.connect" and not seen:
        seen.update((name, name in sys.modules) for name in WATCH)

sys.addaudithook(hook)
from tuinews.__main__ import main

status = main(sys.argv[1:])
print("AT-FIRST-CONNECT", *sorted(name for name, loaded in seen.items() if loaded))
print("AT-END", *sorted(name for name in WATCH if name in sys.modules))
sys.exit(status)
"""


def test_refresh_connects_before_loading_the_feed_parser(
    server: FaultServer, tmp_path: Path
) -> None:
    # The parser is loaded while the first answers are on their way, not before the
    # first request: only what a request needs comes before it.
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS)))
    config = tmp_path / "config.toml"
    config.write_text(f'[[sections]]\nname = "S"\nfeeds = ["{url}"]\n', encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("XDG_")},
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_CONNECT, "--config", str(config), "refresh"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = dict(line.partition(" ")[::2] for line in done.stdout.splitlines())
    assert lines["AT-FIRST-CONNECT"] == ""
    assert {"tuinews.core.feeds", "lxml"} <= set(lines["AT-END"].split())


async def test_fetch_says_sent_while_a_connection_is_still_being_opened() -> None:
    # A host that takes the TCP connection but never answers the TLS handshake: the
    # fetch waits on the network, so the next one must not wait for it.
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # never accepted: the kernel completes TCP, nobody speaks TLS
    port = listener.getsockname()[1]
    client = NewsClient(deadline=30)
    told = asyncio.Event()
    fetching = asyncio.create_task(client.fetch(f"https://127.0.0.1:{port}/feed", sent=told.set))
    try:
        await asyncio.wait_for(told.wait(), 10)
        assert not fetching.done()
    finally:
        fetching.cancel()
        listener.close()
    with pytest.raises(asyncio.CancelledError):
        await fetching
    await client.aclose()


async def test_a_headless_refresh_has_written_every_feed_when_it_returns(
    server: FaultServer, tmp_path: Path
) -> None:
    # Headless, feeds are written SAVE_BATCH at a time: the last, partial batch too
    # is on disk (read back through a second Store) once refresh_feeds returns.
    from tuinews.core.service import SAVE_BATCH

    count = SAVE_BATCH + 3
    urls = [
        server.route(f"/f{n}", Reply(body=rss(f"Feed {n}", ITEMS), etag=f'"{n}"'))
        for n in range(count)
    ]
    service = _service(tmp_path, *urls)
    service.headless = True
    statuses = await service.refresh_feeds(urls)
    other = Store(tmp_path / "cache")
    stored = [(other.get(feed_key(url)), other.get(meta_key(url))) for url in urls]
    other.close()
    await service.aclose()
    assert [s.status for s in statuses] == ["200"] * count
    assert all(len(entry["stories"]) == len(ITEMS) for entry, _ in stored)
    assert [record["etag"] for _, record in stored] == [f'"{n}"' for n in range(count)]


async def test_a_fresh_feed_whose_copy_is_unreadable_is_fetched_without_validators(
    server: FaultServer, tmp_path: Path
) -> None:
    # Found unreadable before the request (the feed looked fresh): no validators at all,
    # one request, and the stories are stored again.
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS), etag='"v1"'))
    service = _service(tmp_path, url)
    await service.refresh_feeds([url])
    service.store.set(feed_key(url), {"stories": []})
    statuses = await service.refresh_feeds([url])
    await service.aclose()
    hits = server.hits("/feed")
    assert len(hits) == 2 and "if-none-match" not in hits[1]
    assert statuses[0].status == "200"
