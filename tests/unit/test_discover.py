"""Discovery against fixture sites on a loopback server, through the real NewsClient."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.faultserver import FaultServer, fault_server
from tests.sites import alternate_site, bare_site, hostile_site, wordpress_site
from tuinews.core.discover import discover, normalize_address
from tuinews.core.net import NewsClient
from tuinews.core.text import UnsafeURL


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[NewsClient]:
    news = NewsClient()
    yield news
    await news.aclose()


async def test_wordpress_site_gives_site_category_and_comment_feeds(
    server: FaultServer, client: NewsClient
) -> None:
    page = wordpress_site(server)
    updates: list[str] = []
    found = await discover(client, page, progress=updates.append)
    assert found.error == "" and found.refused == ()
    assert found.site_title == "Harbour News – news of the coast"
    by_path = {feed.url.removeprefix(server.base): feed for feed in found.feeds}
    assert list(by_path) == [
        "/feed/",
        "/comments/feed/",
        "/category/world/feed/",
        "/category/business/feed/",
        "/category/uncategorized/feed/",
    ]
    site = by_path["/feed/"]
    assert (site.title, site.count, site.kind, site.via) == ("Harbour News", 2, "RSS", "link")
    world = by_path["/category/world/feed/"]
    assert world.via == "category" and world.label == "World" and world.count == 2
    assert world.title == "World Archives - Harbour News" and world.section_name == "World"
    business = by_path["/category/business/feed/"]
    assert business.section_name == "Business & Money"
    # A footer link is still a category; an empty category is a feed with 0 items.
    assert by_path["/category/uncategorized/feed/"].count == 0
    # /feed redirects to /feed/: one feed, not two; the other host's category is not asked.
    assert server.hits("/feed") and not any("elsewhere" in p for p, _ in server.requests)
    for path in ("/rss", "/feed.xml", "/atom.xml", "/index.xml", "/rss.xml"):
        assert server.hits(path), path  # common paths were probed
    assert updates[0].startswith("Reading 127.0.0.1") and "Checking" in updates[1]


async def test_site_with_only_link_alternate(server: FaultServer, client: NewsClient) -> None:
    found = await discover(client, alternate_site(server))
    assert found.error == ""
    assert [(f.title, f.count, f.kind, f.via) for f in found.feeds] == [
        ("Static Notes", 2, "Atom", "link"),
        ("Static Notes (JSON)", 3, "JSON Feed", "link"),
    ]
    assert found.feeds[1].url == server.url("/blog/feed.json")  # relative to the page
    assert not server.hits("/category/world/feed/") and not server.hits("/feed/")


async def test_site_with_no_feeds(server: FaultServer, client: NewsClient) -> None:
    found = await discover(client, bare_site(server))
    assert found.feeds == ()
    assert found.error == "no feeds found on this site"
    # A soft 404 page and a non-feed XML answer are not feeds.
    assert server.hits("/rss") and server.hits("/feed.xml")


async def test_hostile_links_are_refused_not_fetched(
    server: FaultServer, client: NewsClient
) -> None:
    found = await discover(client, hostile_site(server))
    assert [f.url for f in found.feeds] == [server.url("/real.xml")]
    refused = " ".join(found.refused)
    assert "file:///etc/passwd" in refused and "javascript:alert(1)" in refused
    assert "data:" in refused and len(found.refused) == 3
    assert all(u.startswith(server.base) for u in (f.url for f in found.feeds))
    # The javascript: <base> is ignored: /real.xml resolved against the page.
    assert server.hits("/real.xml")


async def test_a_feed_address_is_recognised_directly(
    server: FaultServer, client: NewsClient
) -> None:
    wordpress_site(server)
    found = await discover(client, server.url("/category/world/feed/"))
    assert [(f.title, f.via, f.count) for f in found.feeds] == [
        ("World Archives - Harbour News", "direct", 2)
    ]
    assert [path for path, _ in server.requests] == ["/category/world/feed/"]


async def test_unreachable_and_unsafe_addresses(client: NewsClient) -> None:
    with fault_server() as gone:
        url = gone.url("/")
    found = await discover(client, url)
    assert found.feeds == () and "refused the connection" in found.error
    unsafe = await discover(client, "javascript:alert(1)")
    assert unsafe.feeds == () and unsafe.error.startswith("not a web address")
    file_feed = await discover(client, "file:///etc/passwd")
    assert file_feed.feeds == () and "not a web" in file_feed.error


def test_normalize_address() -> None:
    assert normalize_address("example.com") == "https://example.com/"
    assert normalize_address(" https://Example.com/news#top ") == "https://Example.com/news"
    assert normalize_address("127.0.0.1:8080/x") == "https://127.0.0.1:8080/x"
    for bad in ("file:///etc/passwd", "javascript:alert(1)", "", "-x"):
        with pytest.raises(UnsafeURL):
            normalize_address(bad)


def test_a_public_page_cannot_point_discovery_at_the_lan() -> None:
    from tuinews.core.discover import _Gate

    gate = _Gate("https://public.example/news/")
    assert gate.check("/feed/", "https://public.example/news/") == "https://public.example/feed/"
    assert gate.check("http://192.168.1.1/admin.xml", "https://public.example/") is None
    assert gate.check("http://127.0.0.1:8080/feed", "https://public.example/") is None
    assert gate.check("http://localhost/feed", "https://public.example/") is None
    assert gate.refused == [
        "http://192.168.1.1/admin.xml (a local address)",
        "http://127.0.0.1:8080/feed (a local address)",
        "http://localhost/feed (a local address)",
    ]
    # A page on the LAN may name feeds on the LAN (the fixture sites are on loopback).
    local = _Gate("http://127.0.0.1:8000/")
    assert local.check("http://127.0.0.1:8000/feed", "") == "http://127.0.0.1:8000/feed"
