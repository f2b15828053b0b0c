"""One story once: the same story in several feeds of a site is one story, read once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faultserver import FaultServer, fault_server
from tests.sites import SHARED_GUID, wordpress_site
from tuinews.core.cache import Store, feed_key
from tuinews.core.config import Config
from tuinews.core.identity import canonical_url, story_groups
from tuinews.core.models import Section, Story
from tuinews.core.service import NewsService, merge_stories
from tuinews.core.state import StateStore


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://News.Example/a/b?utm_source=rss&utm_medium=x", "https://news.example/a/b"),
        (
            "https://news.example/a?id=3&fbclid=abc&gclid=x&mc_cid=1&mc_eid=2",
            "https://news.example/a?id=3",
        ),
        ("https://news.example/a?UTM_Campaign=x&b=2#comments", "https://news.example/a?b=2"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example:8443/a#x", "https://news.example:8443/a"),
        ("https://news.example", "https://news.example/"),
        ("https://bbc.example/news/x?at_medium=RSS&at_campaign=rss", "https://bbc.example/news/x"),
        ("https://news.example/a?q=a%20b&page=2", "https://news.example/a?q=a%20b&page=2"),
        ("tag:news.example,2026:1", "tag:news.example,2026:1"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_groups_join_by_guid_or_canonical_url_in_any_order() -> None:
    a = Story(id="guid-1", title="A", url="https://n.example/a?utm_source=x")
    b = Story(id="https://n.example/a", title="A again", url="https://n.example/a")
    c = Story(id="guid-1", title="A in a third feed", url="https://n.example/other-path")
    d = Story(id="guid-2", title="D", url="https://n.example/d")
    forward = story_groups([a, b, c, d])
    backward = story_groups([d, c, b, a])
    assert forward == backward
    assert forward["guid-1"] == forward["https://n.example/a"] == "guid-1"
    assert forward["guid-2"] == "guid-2"
    assert len(merge_stories([[a], [b, d], [c]])) == 2


@pytest.fixture
def site() -> Iterator[FaultServer]:
    with fault_server() as server:
        wordpress_site(server)
        yield server


def _config(server: FaultServer) -> Config:
    return Config(
        sections=(
            Section("Top", (server.url("/feed/"),)),
            Section("World", (server.url("/category/world/feed/"),)),
            Section("Business", (server.url("/category/business/feed/"),)),
        )
    )


async def test_a_story_in_three_sections_is_one_story_read_once(
    site: FaultServer, tmp_path: Path
) -> None:
    config = _config(site)
    state = StateStore(tmp_path / "state")
    service = NewsService(config, Store(tmp_path / "cache"), state=state)
    updates = [await service.refresh_section(section) for section in config.sections]
    # The last section refreshed knows every other one; the first knew none yet.
    last = next(s for s in updates[-1].stories if s.title == "Port reopens")
    assert last.also_in == ("Top", "World")
    assembled = [service.assemble(section) for section in config.sections]
    await service.aclose()
    port = [next(s for s in stories if s.title == "Port reopens") for stories in assembled]
    # Same guid in Top and Business; same canonical URL (utm_* aside) in World.
    assert {story.id for story in port} == {SHARED_GUID}
    assert [story.also_in for story in port] == [
        ("World", "Business"),
        ("Top", "Business"),
        ("Top", "World"),
    ]
    # Stories in one section only carry no badge.
    others = [s for stories in assembled for s in stories if s.title != "Port reopens"]
    assert others and all(s.also_in == () for s in others)

    # Read in World (the copy with the tracking link) -> read in Top and Business, through
    # the real state folder, seen by a new service (a new run).
    state.mark_read(port[1].id)
    again = NewsService(config, Store(tmp_path / "cache"), state=StateStore(tmp_path / "state"))
    # What the app paints at start: every feed read once, the same stories and badges.
    assert again.cached_sections_sync() == assembled
    for section in config.sections:
        stories = await again.cached_stories(section)
        shared = next(s for s in stories if s.title == "Port reopens")
        assert again.state.is_read(shared.id), section.name
        assert shared.also_in  # the badge comes back from the cache alone
        assert not again.state.read_among(s.id for s in stories if s.title != "Port reopens")
    await again.aclose()


async def test_the_first_paint_reads_one_section_and_the_rest_fills_in_its_badges(
    site: FaultServer, tmp_path: Path
) -> None:
    # The app paints the tab shown from its own feeds, then reads every other section.
    config = _config(site)
    service = NewsService(config, Store(tmp_path / "cache"))
    for section in config.sections:
        await service.refresh_section(section)
    assembled = [service.assemble(section) for section in config.sections]
    await service.aclose()
    world = config.sections[1]
    store = Store(tmp_path / "cache")
    again = NewsService(config, store)
    alone = again.cached_section_sync(world)
    # Only World's feed is known: its copy of the story keeps its own guid, no badge.
    port = next(s for s in alone if s.title == "Port reopens")
    assert (port.id, port.also_in) == ("world-copy-of-100", ())
    assert [s.title for s in alone] == [s.title for s in assembled[1]]
    # Then the others (World's feed not read twice): the shared id and the badges.
    store.set(feed_key(world.feeds[0]), None)  # not read again: its stories stay known
    assert again.cached_sections_sync(skip=world.feeds) == assembled
    port = next(s for s in assembled[1] if s.title == "Port reopens")
    assert (port.id, port.also_in) == (SHARED_GUID, ("Top", "Business"))
    await again.aclose()


async def test_marks_made_before_the_other_sections_are_read_count_after(
    site: FaultServer, tmp_path: Path
) -> None:
    # Between the first paint (the tab shown alone) and the rest, a story of several
    # sections carries its own id: a mark made then must hold under the shared id, and
    # a mark made under the shared id must show on the next first paint.
    config = _config(site)
    service = NewsService(config, Store(tmp_path / "cache"))
    for section in config.sections:
        await service.refresh_section(section)
    await service.aclose()
    world = config.sections[1]

    def launch() -> NewsService:
        state = StateStore(tmp_path / "state")
        return NewsService(config, Store(tmp_path / "cache"), state=state)

    first = launch()
    port = next(s for s in first.cached_section_sync(world) if s.title == "Port reopens")
    assert port.id == "world-copy-of-100"
    first.state.mark_read(port.id)
    first.state.save(port)
    assembled = first.cached_sections_sync()
    shared = next(s for s in assembled[1] if s.title == "Port reopens")
    assert shared.id == SHARED_GUID
    assert first.state.read_among([shared.id]) == {SHARED_GUID}
    assert first.state.saved_among([shared.id]) == {SHARED_GUID}
    # Unread under the shared id clears the mark made under the story's own id.
    first.state.mark_read(shared.id, read=False)
    assert not first.state.is_read(shared.id)
    first.state.mark_read(shared.id)
    first.state.unsave(shared.id)
    assert not first.state.saved_among([shared.id, port.id])
    await first.aclose()

    # The next launch: the first paint, World alone, already shows it read.
    second = launch()
    port = next(s for s in second.cached_section_sync(world) if s.title == "Port reopens")
    assert (port.id, second.state.is_read(port.id)) == ("world-copy-of-100", True)
    others = [s.id for s in second.cached_section_sync(world) if s.title != "Port reopens"]
    assert not second.state.read_among(others)
    await second.aclose()


async def test_one_section_of_two_feeds_lists_the_story_once(
    site: FaultServer, tmp_path: Path
) -> None:
    config = Config(
        sections=(
            Section(
                "Everything",
                (site.url("/feed/"), site.url("/category/world/feed/")),
            ),
        )
    )
    service = NewsService(config, Store(tmp_path / "cache"))
    update = await service.refresh_section(config.sections[0])
    await service.aclose()
    titles = [s.title for s in update.stories]
    assert titles.count("Port reopens") == 1 and len(titles) == 3
    assert all(s.also_in == () for s in update.stories)


async def test_stories_cached_before_the_change_still_load(tmp_path: Path) -> None:
    # A cache entry as the previous version wrote it: no also_in, raw tracking links as ids.
    store = Store(tmp_path / "cache")
    old = {
        "stories": [
            {
                "id": "https://old.example/a?utm_source=rss",
                "title": "Old story",
                "url": "https://old.example/a?utm_source=rss",
                "summary": "s",
                "content": "",
                "published": "2026-11-20T10:00:00+00:00",
                "author": "",
                "source": "Old",
                "feed_url": "https://old.example/feed",
            }
        ]
    }
    store.set(feed_key("https://old.example/feed"), old)
    store.set(
        feed_key("https://new.example/feed"),
        {
            "stories": [
                {
                    "id": "g1",
                    "title": "Same story",
                    "url": "https://old.example/a",
                    "feed_url": "https://new.example/feed",
                }
            ]
        },
    )
    store.close()
    config = Config(
        sections=(
            Section("Old", ("https://old.example/feed",)),
            Section("New", ("https://new.example/feed",)),
        )
    )
    service = NewsService(config, Store(tmp_path / "cache"), offline=True)
    old_section = await service.cached_stories(config.sections[0])
    new_section = await service.cached_stories(config.sections[1])
    await service.aclose()
    assert [s.title for s in old_section] == ["Old story"]
    assert old_section[0].id == new_section[0].id
    assert old_section[0].also_in == ("New",) and new_section[0].also_in == ("Old",)
    assert json.dumps(old_section[0].to_json())  # still plain JSON
    assert "also_in" not in old_section[0].to_json()  # derived, never cached


def test_the_plain_url_shortcut_gives_what_urlsplit_gives() -> None:
    # canonical_url answers plain links (lower-case host, no query) without urlsplit;
    # every combination here must come out as the urlsplit path says.
    from itertools import product

    from tuinews.core.identity import _canonical_split

    schemes = ["http", "https", "HTTP", "ftp"]
    hosts = ["a.example", "A.Example", "127.0.0.2", "x-y.example.", "[::1]", "u:p@a.example", ""]
    ports = ["", ":80", ":443", ":8080", ":0", ":080", ":65535", ":65536", ":99999", ":x"]
    paths = ["", "/", "/a/b/", "/a b", "/a\tb", "/\u00fc", "/a;b", "/%20", "//x"]
    tails = ["", "?", "?a=1", "?utm_source=rss", "#top", "#"]
    checked = 0
    for scheme, host, port, path, tail in product(schemes, hosts, ports, paths, tails):
        for url in (f"{scheme}://{host}{port}{path}{tail}", f" {scheme}://{host}{port}{path}\n"):
            assert canonical_url.__wrapped__(url) == _canonical_split(url), url
            checked += 1
    assert checked > 10000
    assert canonical_url("https://a.example:443") == "https://a.example/"
    assert canonical_url("http://127.0.0.2:8080/s/1/") == "http://127.0.0.2:8080/s/1/"
