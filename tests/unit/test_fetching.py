"""Refreshing like a good network citizen, against a real loopback server with faults."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tuinews.core.cache import Store, feed_key
from tuinews.core.config import Config, Settings
from tuinews.core.models import Section
from tuinews.core.net import MAX_RETRY_AFTER, NewsClient, retry_after_seconds
from tuinews.core.service import NewsService
from tuinews.core.state import StateStore

from ..faultserver import FaultServer, Reply, fault_server, gzip_bomb, rss

ITEMS = [(f"Story {n}", f"https://news.example/{n}") for n in range(1, 6)]


def _service(
    tmp_path: Path,
    *urls: str,
    client: NewsClient | None = None,
    offline: bool = False,
    minutes: int = 15,
) -> NewsService:
    config = Config(sections=(Section("S", urls),), settings=Settings(refresh_minutes=minutes))
    return NewsService(config, Store(tmp_path / "cache"), client=client, offline=offline)


@pytest.fixture
def server() -> FaultServer:
    with fault_server() as running:
        yield running  # type: ignore[misc]


async def test_conditional_request_and_304_reuse(server: FaultServer, tmp_path: Path) -> None:
    url = server.route(
        "/feed",
        Reply(
            body=rss("Feed", ITEMS),
            etag='"v1"',
            headers={"Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"},
        ),
    )
    service = _service(tmp_path, url)
    first = await service.refresh_section(service.sections[0])
    second = await service.refresh_section(service.sections[0], force=True)
    await service.aclose()
    hits = server.hits("/feed")
    assert len(hits) == 2
    assert "if-none-match" not in hits[0]
    assert hits[1]["if-none-match"] == '"v1"'
    assert hits[1]["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert hits[1]["user-agent"].startswith("tuinews/")
    assert [s.title for s in second.stories] == [s.title for s in first.stories]
    assert first.statuses[0].status == "200" and second.statuses[0].status == "304"
    assert second.statuses[0].not_modified == 1 and second.statuses[0].share_304 == 0.5


async def test_fresh_feed_is_not_fetched_again(server: FaultServer, tmp_path: Path) -> None:
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS, ttl=60)))
    service = _service(tmp_path, url, minutes=5)
    await service.refresh_section(service.sections[0])
    again = await service.refresh_section(service.sections[0])
    await service.aclose()
    assert len(server.hits("/feed")) == 1
    status = again.statuses[0]
    assert status.status == "fresh" and status.ok
    # <ttl>60</ttl> asks for an hour, longer than the user's 5 minutes.
    assert status.next_refresh is not None and status.fetched_at is not None
    assert 59 * 60 < (status.next_refresh - status.fetched_at).total_seconds() <= 3600


async def test_stale_on_error_keeps_the_copy_and_its_age(
    server: FaultServer, tmp_path: Path
) -> None:
    replies = iter([Reply(body=rss("Feed", ITEMS)), Reply(status=500, body=b"oops")])
    url = server.route("/feed", lambda _h: next(replies))
    service = _service(tmp_path, url)
    good = await service.refresh_section(service.sections[0])
    bad = await service.refresh_section(service.sections[0], force=True)
    await service.aclose()
    assert [s.title for s in bad.stories] == [s.title for s in good.stories]
    status = bad.statuses[0]
    assert not status.ok and status.error == "HTTP 500 Internal Server Error"
    assert status.fetched_at == good.statuses[0].fetched_at
    assert status.failing_since is not None


async def test_offline_reads_only_the_cache(server: FaultServer, tmp_path: Path) -> None:
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS)))
    online = _service(tmp_path, url)
    await online.refresh_section(online.sections[0])
    await online.aclose()
    offline = _service(tmp_path, url, offline=True)
    update = await offline.refresh_section(offline.sections[0], force=True)
    story = update.stories[0]
    article = await offline.article(story)
    await offline.aclose()
    assert len(server.hits("/feed")) == 1
    assert [s.title for s in update.stories] == [t for t, _ in ITEMS]
    assert article.text == "About Story 1." and "offline" in article.note


async def test_retry_after_backs_off(server: FaultServer, tmp_path: Path) -> None:
    replies = iter(
        [Reply(body=rss("Feed", ITEMS)), Reply(status=503, headers={"Retry-After": "120"})]
    )
    url = server.route("/feed", lambda _h: next(replies))
    service = _service(tmp_path, url)
    await service.refresh_section(service.sections[0])
    refused = await service.refresh_section(service.sections[0], force=True)
    waiting = await service.refresh_section(service.sections[0], force=True)
    await service.aclose()
    assert len(server.hits("/feed")) == 2  # the third refresh asked nothing
    assert not refused.statuses[0].ok and "503" in refused.statuses[0].error
    assert waiting.statuses[0].status == "waiting" and len(waiting.stories) == len(ITEMS)
    next_time = waiting.statuses[0].next_refresh
    assert next_time is not None and next_time.timestamp() - time.time() > 100


def test_retry_after_values_are_clamped() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("999999999999") == MAX_RETRY_AFTER
    assert retry_after_seconds("Fri, 31 Dec 9999 23:59:59 GMT") == MAX_RETRY_AFTER
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds("soon") is None


async def test_deadline_stops_a_trickling_server(server: FaultServer, tmp_path: Path) -> None:
    slow = server.route("/slow", Reply(body=rss("Slow", ITEMS), trickle=0.5))
    fast = server.route("/fast", Reply(body=rss("Fast", ITEMS)))
    service = _service(tmp_path, slow, fast, client=NewsClient(deadline=1.5))
    started = time.monotonic()
    update = await service.refresh_section(service.sections[0])
    await service.aclose()
    assert time.monotonic() - started < 10
    by_url = {s.url: s for s in update.statuses}
    assert by_url[slow].error == "timed out after 1.5 s"
    assert by_url[fast].ok and len(update.stories) == len(ITEMS)


async def test_gzip_bomb_stops_at_the_cap_and_nothing_is_cached(
    server: FaultServer, tmp_path: Path
) -> None:
    url = server.route(
        "/bomb", Reply(body=gzip_bomb(64 * 1024 * 1024), headers={"Content-Encoding": "gzip"})
    )
    service = _service(tmp_path, url, client=NewsClient(max_body=1024 * 1024))
    update = await service.refresh_section(service.sections[0])
    await service.aclose()
    assert update.statuses[0].error == "larger than 1 MiB"
    store = Store(tmp_path / "cache")
    assert store.get(feed_key(url)) is None
    store.close()


async def test_redirect_to_file_is_refused(server: FaultServer, tmp_path: Path) -> None:
    url = server.route("/moved", Reply(status=302, headers={"Location": "file:///etc/passwd"}))
    service = _service(tmp_path, url)
    update = await service.refresh_section(service.sections[0])
    await service.aclose()
    assert update.statuses[0].error == "redirected to an address that is not a web link"


async def test_redirect_from_a_public_host_to_loopback_is_refused(server: FaultServer) -> None:
    target = server.route("/private", Reply(body=rss("Private", ITEMS)))
    real = httpx.AsyncHTTPTransport()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "public.example":
            return httpx.Response(302, headers={"location": target})
        return await real.handle_async_request(request)

    client = NewsClient(transport=httpx.MockTransport(handler))
    with pytest.raises(NewsClient.Refused, match="local address"):
        await client.fetch("https://public.example/feed")
    # A loopback feed may redirect within loopback (the demo site, a local test server).
    local = server.route("/hop", Reply(status=302, headers={"Location": target}))
    response = await client.fetch(local)
    await client.aclose()
    await real.aclose()
    assert response.status == 200 and b"Private" in response.body
    assert server.hits("/private") and len(server.hits("/private")) == 1


async def test_truncated_body_is_not_cached_and_the_old_copy_stays(
    server: FaultServer, tmp_path: Path
) -> None:
    replies = iter(
        [
            Reply(body=rss("Feed", ITEMS)),
            Reply(body=rss("Feed", ITEMS[:1])[:40], declared_length=100_000),
        ]
    )
    url = server.route("/feed", lambda _h: next(replies))
    service = _service(tmp_path, url)
    await service.refresh_section(service.sections[0])
    cut = await service.refresh_section(service.sections[0], force=True)
    await service.aclose()
    assert not cut.statuses[0].ok and "broke the connection" in cut.statuses[0].error
    assert len(cut.stories) == len(ITEMS)
    store = Store(tmp_path / "cache")
    assert len(store.get(feed_key(url))["stories"]) == len(ITEMS)
    store.close()


async def test_corrupted_cache_is_recovered(server: FaultServer, tmp_path: Path) -> None:
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS)))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "cache.db").write_bytes(b"\0garbage" * 500)
    service = _service(tmp_path, url)
    update = await service.refresh_section(service.sections[0])
    await service.aclose()
    assert "moved aside" in service.store.notices[0]
    assert len(update.stories) == len(ITEMS) and update.statuses[0].ok


def _cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    env.pop("TUINEWS_CONFIG", None)
    return env


def _config(tmp_path: Path, *urls: str) -> Path:
    path = tmp_path / "config.toml"
    feeds = ", ".join(f'"{u}"' for u in urls)
    path.write_text(f'[[sections]]\nname = "S"\nfeeds = [{feeds}]\n')
    return path


def _tuinews(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tuinews", *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_processes_on_one_cache_both_work(server: FaultServer, tmp_path: Path) -> None:
    urls = [server.route(f"/feed{n}", Reply(body=rss(f"Feed {n}", ITEMS))) for n in range(6)]
    config = str(_config(tmp_path, *urls))
    env = _cli_env(tmp_path)
    first = _tuinews("--config", config, "refresh", env=env)
    second = _tuinews("--config", config, "refresh", env=env)
    outputs = [process.communicate(timeout=60) for process in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    status = subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", config, "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0
    assert sorted(set(re.findall(r"Feed \d", status.stdout))) == [f"Feed {n}" for n in range(6)]


def test_read_state_survives_cache_clear(server: FaultServer, tmp_path: Path) -> None:
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS)))
    config = str(_config(tmp_path, url))
    env = _cli_env(tmp_path)
    refresh = subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", config, "refresh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refresh.returncode == 0, refresh.stderr
    state = StateStore(tmp_path / "data" / "tuinews" / "state")
    state.mark_read("https://news.example/1")
    cleared = subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", config, "cache", "--clear"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cleared.returncode == 0 and "Cache cleared" in cleared.stdout
    stats = subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", config, "cache", "--stats"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Feeds: 0" in stats.stdout
    again = StateStore(tmp_path / "data" / "tuinews" / "state")
    assert again.is_read("https://news.example/1")


def test_refresh_exit_status_and_plain_lines(server: FaultServer, tmp_path: Path) -> None:
    good = server.route("/good", Reply(body=rss("Good feed", ITEMS), etag='"g1"'))
    bad = server.route("/bad", Reply(status=404, body=b"gone"))
    env = _cli_env(tmp_path)
    ok = subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", str(_config(tmp_path, good)), "refresh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0
    assert "Good feed: 5 stories" in ok.stdout and "1 feeds in" in ok.stdout
    failing = subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", str(_config(tmp_path, good, bad)), "refresh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failing.returncode == 1
    assert "FAIL 127.0.0.1 HTTP 404 Not Found" in failing.stdout
    assert "1 failed" in failing.stdout and "1 not modified" in failing.stdout


async def test_prefetch_makes_articles_readable_offline(
    demo_config: Config, tmp_path: Path
) -> None:
    from tuinews.core.models import FULL

    online = NewsService(demo_config, Store(tmp_path / "cache"))
    section = online.sections[1]
    await online.refresh_section(section)
    result = await online.prefetch([section])
    again = await online.prefetch([section])
    await online.aclose()
    assert result.stories == result.fetched > 0 and result.failed == 0
    assert again.cached == result.fetched and again.fetched == 0

    offline = NewsService(demo_config, Store(tmp_path / "cache"), offline=True)
    stories = await offline.cached_stories(section)
    articles = [await offline.article(story) for story in stories]
    await offline.aclose()
    assert all(article.completeness == FULL for article in articles)
    assert all(len(article.text.split()) > 100 for article in articles)


async def test_pages_with_no_store_are_not_cached(server: FaultServer, tmp_path: Path) -> None:
    from tuinews.core.models import FULL, Story
    from tuinews.demo.site import DemoSite

    site = DemoSite("http://127.0.0.1:1")
    page = site.render(site.stories[0].path)[2]
    html = {"Content-Type": "text/html; charset=UTF-8"}
    kept = server.route("/kept", Reply(body=page, headers=html))
    private = server.route(
        "/private", Reply(body=page, headers={**html, "Cache-Control": "no-store"})
    )
    service = _service(tmp_path, kept)
    for url in (kept, private, kept, private):
        article = await service.article(Story(id=url, title="T", url=url))
        assert article.completeness == FULL
    await service.aclose()
    assert len(server.hits("/kept")) == 1
    assert len(server.hits("/private")) == 2


async def test_article_without_a_look_up_fetches_and_caches_in_one_go(
    server: FaultServer, tmp_path: Path
) -> None:
    # The reader asks the cache itself (cached_article) and, on a miss, asks for the
    # article with look_up=False: no second read of the cache, and the article is cached
    # by the time it is returned (extraction and the write are one thread hop).
    from tuinews.core.models import FULL, Story
    from tuinews.demo.site import DemoSite

    site = DemoSite("http://127.0.0.1:1")
    page = site.render(site.stories[0].path)[2]
    url = server.route("/page", Reply(body=page, headers={"Content-Type": "text/html"}))
    service = _service(tmp_path, url)
    story = Story(id=url, title="T", url=url)
    assert service.cached_article(story) is None
    fetched = await service.article(story, look_up=False)
    assert fetched.completeness == FULL and len(server.hits("/page")) == 1
    cached = service.cached_article(story)
    assert cached is not None and cached.text == fetched.text
    assert cached.extra["cached_at"]
    assert (await service.article(story)).text == fetched.text  # the cache, no request
    assert len(server.hits("/page")) == 1
    again = await service.story_article(story, look_up=False)  # asked not to look: fetches
    await service.aclose()
    assert again.text == fetched.text and len(server.hits("/page")) == 2


def test_cached_articles_say_how_old_they_are() -> None:
    from datetime import UTC, datetime, timedelta

    from tuinews.core.models import Article
    from tuinews.core.present import badge

    stamp = (datetime.now(UTC) - timedelta(hours=3, minutes=5)).isoformat()
    assert badge(Article(url="https://x.example/", extra={"cached_at": stamp})) == (
        "Cached copy from 3 h ago"
    )
    assert badge(Article(url="https://x.example/")) == ""


async def test_headless_refresh_fetches_and_caches_like_a_section_refresh(
    server: FaultServer, tmp_path: Path
) -> None:
    # refresh_feeds (tuinews refresh) skips only what a screen needs: the same requests,
    # statuses and cache entries as refresh_section.
    url = server.route("/feed", Reply(body=rss("Feed", ITEMS), etag='"v1"'))
    broken = server.route("/broken", Reply(500, b"oops"))
    service = _service(tmp_path, url, broken, url)
    first = await service.refresh_feeds(service.sections[0].feeds)
    second = await service.refresh_feeds(service.sections[0].feeds, force=True)
    fresh = await service.refresh_feeds(service.sections[0].feeds)
    cached = service.cached_stories_sync(service.sections[0])
    await service.aclose()
    hits = server.hits("/feed")
    assert len(hits) == 2 and hits[1]["if-none-match"] == '"v1"'  # a feed listed twice: once
    assert [s.status for s in first] == ["200", "HTTP 500 Internal Server Error"]
    assert [s.status for s in second][0] == "304" and not second[1].ok
    assert fresh[0].status == "fresh" and len(server.hits("/feed")) == 2
    assert [s.title for s in cached] == [title for title, _ in ITEMS]
    offline = _service(tmp_path, url, offline=True)
    statuses = await offline.refresh_feeds(offline.sections[0].feeds)
    await offline.aclose()
    assert [s.status for s in statuses] == ["offline"] and server.hits("/feed") == hits


async def test_parsing_on_the_event_loop_gives_the_same_stories(
    server: FaultServer, tmp_path: Path
) -> None:
    # tuinews refresh parses on the loop; a body over INLINE_PARSE_BYTES still goes to
    # a thread. Both store what a refresh in threads stores.
    from tuinews.core.service import INLINE_PARSE_BYTES

    many = [(f"Story {n} " + "x" * 200, f"https://news.example/{n}") for n in range(1500)]
    big = rss("Big", many)
    assert len(big) > INLINE_PARSE_BYTES
    urls = [
        server.route("/small", Reply(body=rss("Feed", ITEMS))),
        server.route("/big", Reply(body=big)),
    ]
    threaded = _service(tmp_path / "threads", *urls)
    on_loop = _service(tmp_path / "loop", *urls)
    on_loop.headless = True
    expected = await threaded.refresh_section(threaded.sections[0])
    statuses = await on_loop.refresh_feeds(urls)
    stories = on_loop.cached_stories_sync(on_loop.sections[0])
    await threaded.aclose()
    await on_loop.aclose()
    assert [s.count for s in statuses] == [5, 1500] == [s.count for s in expected.statuses]
    assert stories == expected.stories


def test_refresh_leaves_the_read_state_database_alone(server: FaultServer, tmp_path: Path) -> None:
    # tuinews refresh never reads or writes read marks: it does not even open (or create)
    # their database; the cache it fills is where the app finds the stories.
    good = server.route("/good", Reply(body=rss("Good feed", ITEMS)))
    env = _cli_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", str(_config(tmp_path, good)), "refresh"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "xdg-cache").rglob("cache.db"))
    assert not list((tmp_path / "data").rglob("*.db"))
