"""Per-feed settings: disabled, own refresh interval, title, private headers, full text."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faultserver import FaultServer, Reply, fault_server, rss
from tuinews.core.cache import Store, article_key, feed_key
from tuinews.core.config import Config, Settings
from tuinews.core.health import HEADERS, health_rows
from tuinews.core.models import MASK, FeedOptions, Section
from tuinews.core.service import NewsService
from tuinews.demo.server import DemoServer

SECRET = "Bearer s3cret-token-123"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


def _feed(server: FaultServer, path: str, title: str) -> str:
    items = [(f"{title} {n}", f"https://stories.example{path}/{n}") for n in range(3)]
    return server.route(path, Reply(body=rss(title, items), headers={"Content-Type": "text/xml"}))


def _service(tmp_path: Path, sections: tuple[Section, ...], *options: FeedOptions) -> NewsService:
    config = Config(
        sections=sections,
        settings=Settings(refresh_minutes=15),
        feeds={o.url: o for o in options},
    )
    return NewsService(config, Store(tmp_path / "cache"))


async def test_a_disabled_feed_is_never_fetched_and_shows_as_disabled(
    server: FaultServer, tmp_path: Path
) -> None:
    on = _feed(server, "/on", "On")
    off = _feed(server, "/off", "Off")
    Store(tmp_path / "cache").set(
        feed_key(off), {"stories": [{"id": "old", "title": "Stale", "feed_url": off}]}
    )
    section = Section("S", (on, off))
    service = _service(tmp_path, (section,), FeedOptions(off, enabled=False))
    seen: list[str] = []
    update = await service.refresh_section(
        section, force=True, progress=lambda s: seen.append(s.url)
    )
    cached = await service.cached_stories(section)
    statuses = await service.feed_statuses()
    await service.aclose()
    assert server.hits("/on") and not server.hits("/off")
    assert sorted(seen) == sorted([on, off])  # progress counts every feed
    assert [s.title for s in update.stories] == ["On 0", "On 1", "On 2"]
    assert "Stale" not in [s.title for s in cached]
    assert update.failed == ()
    off_status = next(s for s in statuses if s.url == off)
    assert off_status.enabled is False and off_status.status == "disabled"
    row = dict(zip(HEADERS, health_rows([section], statuses)[1], strict=True))
    assert row["Last result"] == "disabled" and row["Next refresh"] == "never (disabled)"
    assert row["Settings"] == "disabled"


async def test_private_headers_go_to_the_feed_only_and_are_masked(
    server: FaultServer, tmp_path: Path
) -> None:
    with fault_server() as other:
        _feed(other, "/landing", "Elsewhere")
        url = server.route("/private", Reply(302, headers={"Location": other.url("/landing")}))
        direct = _feed(server, "/direct", "Direct")
        section = Section("Private", (url, direct))
        options = FeedOptions(url, title="My feed", headers=(("Authorization", SECRET),))
        service = _service(
            tmp_path, (section,), options, FeedOptions(direct, headers=(("X-Token", "t0k"),))
        )
        update = await service.refresh_section(section)
        statuses = await service.feed_statuses()
        await service.aclose()
        landing = other.hits("/landing")
    assert server.hits("/private")[0]["authorization"] == SECRET
    assert server.hits("/direct")[0]["x-token"] == "t0k"
    assert "x-token" not in server.hits("/private")[0]
    # Redirected to another origin: the secret does not follow.
    assert landing and "authorization" not in landing[0]
    # The custom title names the feed's stories, also after the redirect.
    assert {s.source for s in update.stories if s.title.startswith("Elsewhere")} == {"My feed"}
    assert {s.source for s in update.stories if s.title.startswith("Direct")} == {"Direct"}
    rows = health_rows([section], statuses)
    text = repr(rows) + repr(statuses)
    assert SECRET not in text and "s3cret" not in text and "t0k" not in text
    assert rows[0][1].startswith("My feed · 127.0.0.1")
    assert rows[0][-1] == f"headers Authorization: {MASK}"


async def test_a_feed_refreshes_on_its_own_interval(server: FaultServer, tmp_path: Path) -> None:
    fast = _feed(server, "/fast", "Fast")
    slow = _feed(server, "/slow", "Slow")
    section = Section("S", (fast, slow))
    service = _service(tmp_path, (section,), FeedOptions(fast, refresh_minutes=2))
    before = time.time()
    await service.refresh_section(section)
    statuses = {s.url: s for s in await service.feed_statuses()}
    await service.aclose()
    fast_next = statuses[fast].next_refresh
    slow_next = statuses[slow].next_refresh
    assert fast_next is not None and slow_next is not None
    assert 110 <= fast_next.timestamp() - before <= 130
    assert 890 <= slow_next.timestamp() - before <= 910
    assert statuses[fast].settings == "every 2 min"


async def test_full_text_feeds_download_their_articles_after_a_refresh(tmp_path: Path) -> None:
    with DemoServer() as demo:
        first, second = demo.sections()[:2]
        store = Store(tmp_path / "cache")
        config = Config(
            sections=(first, second),
            feeds={first.feeds[0]: FeedOptions(first.feeds[0], full_text=True)},
        )
        service = NewsService(config, store)
        update = await service.refresh_section(first)
        other = await service.refresh_section(second)
        await service.full_text_settled()
        cached = [store.get(article_key(s.url)) for s in update.stories]
        not_cached = [store.get(article_key(s.url)) for s in other.stories]
        await service.aclose()
    assert update.stories and all(entry is not None for entry in cached)
    assert any(entry is None for entry in not_cached)
