"""The bundled demo news site, served for real on 127.0.0.1 and checked from the outside."""

from __future__ import annotations

import html
import http.client
import io
import json
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import feedparser
import httpx
import pytest

from tuinews.core.models import Section
from tuinews.demo import DemoServer, DemoSite, DemoStory
from tuinews.demo.__main__ import main as demo_main
from tuinews.demo.content import load_content, parse_content

#: A fixed present, so dates (and URLs) are the same on every run: a leap day.
NOW = datetime(2024, 2, 29, 9, 15, 30, tzinfo=UTC)

HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
ATOM = "application/atom+xml; charset=UTF-8"

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class Outline(HTMLParser):
    """The parts of a page the tests look at: paragraphs, links, blocks by class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.links: list[tuple[str, str, str, frozenset[str]]] = []
        """(href, rel, text, classes of every enclosing element) per <a>."""
        self.paragraphs: list[tuple[str, frozenset[str]]] = []
        """(text, enclosing classes) per <p>."""
        self.meta: dict[str, str] = {}
        self.head_links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.title = ""
        self._texts: list[list[str]] = []
        self._link: dict[str, str] | None = None
        self._in: str = ""

    def _enclosing(self) -> frozenset[str]:
        return frozenset(c for _, classes in self.stack for c in classes)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content", "")
        if tag == "link":
            self.head_links.append(values)
        if tag in _VOID:
            return
        self.stack.append((tag, set(values.get("class", "").split())))
        if tag in ("p", "a", "title", "script", "span", "h1", "h2", "h3"):
            self._texts.append([])
        if tag == "a":
            self._link = values
        if tag == "script" and values.get("type") == "application/ld+json":
            self._in = "ld"

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"unbalanced </{tag}>"
        text = ""
        if tag in ("p", "a", "title", "script", "span", "h1", "h2", "h3"):
            text = "".join(self._texts.pop())
            if self._texts:
                self._texts[-1].append(text)
        _, classes = self.stack.pop()
        enclosing = self._enclosing() | frozenset(classes)
        if tag == "p":
            self.paragraphs.append((text, enclosing))
        elif tag == "a" and self._link is not None:
            self.links.append(
                (self._link.get("href", ""), self._link.get("rel", ""), text, enclosing)
            )
        elif tag == "title":
            self.title = text
        elif tag == "script" and self._in == "ld":
            self.json_ld.append(text)
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._texts:
            self._texts[-1].append(data)

    def links_in(self, css_class: str) -> list[tuple[str, str]]:
        """(text, href) of the links inside elements of a class, in page order."""
        return [(text, href) for href, _, text, where in self.links if css_class in where]


def outline(page: str) -> Outline:
    """Parse a page, checking its tags are balanced."""
    parser = Outline()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], "unclosed elements"
    return parser


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    """The demo site on 127.0.0.1 with a fixed present."""
    with DemoServer(now=NOW) as running:
        yield running


@pytest.fixture(scope="module")
def site(server: DemoServer) -> DemoSite:
    """The served site: the ground truth."""
    return server.site


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """A plain HTTP client (no redirects followed: the site has none to give)."""
    with httpx.Client(timeout=10.0) as http:
        yield http


def story_at(site: DemoSite, url: str) -> DemoStory:
    """The story whose page is at `url`."""
    story = site.story(urlsplit(url).path.strip("/").split("/")[-1])
    assert story is not None and story.url == url, url
    return story


def words(story: DemoStory) -> int:
    """Words of standfirst and body."""
    return len(story.standfirst.split()) + sum(len(p.split()) for p in story.paragraphs)


# -- the site as data ----------------------------------------------------------------------


def test_site_has_enough_sections_and_stories(site: DemoSite) -> None:
    assert site.name == "The Lantern Post"
    assert [s.slug for s in site.sections] == [
        "top-news",
        "world",
        "business",
        "technology",
        "science",
    ]
    assert len(site.stories) >= 35
    for section in site.sections:
        assert len(site.section_stories(section.slug)) >= 6, section.slug
        assert section.feed_url == f"{site.base_url}/category/{section.slug}/feed/"
        assert section.url == f"{site.base_url}/category/{section.slug}/"
    formats = {s.slug: s.feed_format for s in site.sections}
    assert formats["technology"] == "atom"
    assert {f for slug, f in formats.items() if slug != "technology"} == {"rss"}
    assert site.site_feed_url == f"{site.base_url}/feed/"
    assert sum(len(s.categories) == 2 for s in site.stories) >= 3


def test_stories_are_complete_and_dated_newest_first(site: DemoSite) -> None:
    slugs = [s.slug for s in site.stories]
    assert len(set(slugs)) == len(slugs)
    times = [s.published for s in site.stories]
    assert times == sorted(times, reverse=True)
    assert len(set(times)) == len(times)
    assert all(t.tzinfo is not None and t < NOW and t.microsecond == 0 for t in times)
    assert NOW - times[0] < timedelta(minutes=30)
    for story in site.stories:
        assert 4 <= len(story.paragraphs) <= 8, story.slug
        assert sum(len(p.split()) for p in story.paragraphs) >= 150, story.slug
        assert 1 <= len(story.standfirst.split(". ")) <= 2, story.slug
        assert story.path == f"/{story.published:%Y/%m/%d}/{story.slug}/"
        assert story.url == site.base_url + story.path
        assert story.categories[0] == story.section_slug
        assert story.reading_minutes == max(1, -(-words(story) // 230))
        assert 1 <= len(story.also_read) <= 2
        assert all(url != story.url for _, url in story.also_read)
        assert story.guid == f"{site.base_url}/?p={story.post_id}"
        assert story.published <= story.modified < NOW
    assert {s.reading_minutes for s in site.stories} == {1, 2, 3, 4}


def test_reading_time_does_not_hinge_on_how_words_are_counted(site: DemoSite) -> None:
    # A reader that counts only the body, or splits words a little differently, must
    # still arrive at the minutes the page prints.
    for story in site.stories:
        body = sum(len(p.split()) for p in story.paragraphs)
        for count in (body, words(story)):
            assert max(1, -(-count // 230)) == story.reading_minutes, story.slug
            assert min(abs(count - 230 * k) for k in range(1, 6)) >= 15, story.slug


def test_previous_is_older_and_next_is_newer_across_the_site(site: DemoSite) -> None:
    stories = site.stories
    assert stories[0].next is None
    assert stories[-1].previous is None
    for newer, older in zip(stories, stories[1:], strict=False):
        assert newer.previous == (older.title, older.url)
        assert older.next == (newer.title, newer.url)


def test_same_now_gives_the_same_site_byte_for_byte() -> None:
    first = DemoSite("http://127.0.0.1:1", now=NOW)
    second = DemoSite("http://127.0.0.1:1/", now=NOW.replace(tzinfo=None))
    story = first.stories[9]
    assert second.stories[9].url == story.url
    assert first.render(story.path) == second.render(story.path)
    assert first.render("/category/technology/feed/") == second.render("/category/technology/feed/")
    later = DemoSite("http://127.0.0.1:1", now=NOW + timedelta(days=3))
    assert later.stories[0].published - story.published > timedelta(days=3)


def test_default_now_is_the_current_time() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    fresh = DemoSite("http://127.0.0.1:1")
    assert before <= fresh.now <= datetime.now(UTC)
    assert fresh.now - fresh.stories[0].published < timedelta(minutes=30)


def test_content_rules_are_enforced() -> None:
    content = load_content()
    assert len(content.stories) >= 35
    data: dict[str, Any] = {
        "site": {"name": "S", "tagline": "T", "description": "D"},
        "sections": [{"name": "A", "slug": "a", "feed_format": "rss", "description": "d"}],
        "authors": [{"name": "Ann Writer", "role": "Reporter"}],
        "stories": [
            {
                "section": "a",
                "slug": "one",
                "headline": "H",
                "standfirst": "S.",
                "author": "Ann Writer",
                "body": "\n\n".join(["word " * 40] * 4),
            },
        ],
    }
    assert parse_content(data).stories[0].paragraphs[0] == " ".join(["word"] * 40)
    data["stories"][0]["author"] = "Nobody"
    with pytest.raises(ValueError, match="unknown author"):
        parse_content(data)
    data["stories"][0].update(author="Ann Writer", body="too short\n\nx\n\ny\n\nz")
    with pytest.raises(ValueError, match="150 words"):
        parse_content(data)


# -- HTTP --------------------------------------------------------------------------------


def test_statuses_and_content_types(
    server: DemoServer, site: DemoSite, client: httpx.Client
) -> None:
    story = site.stories[4]
    cases: list[tuple[str, int, str]] = [
        ("/", 200, HTML),
        ("/?s=floods", 200, HTML),
        ("/feed/", 200, RSS),
        (story.path, 200, HTML),
        (story.path + "?utm_source=feed", 200, HTML),
        ("/about/", 200, HTML),
        ("/tag/floods/", 200, HTML),
        ("/author/maya-okafor/", 200, HTML),
        ("/no/such/page/", 404, HTML),
        ("/2001/01/01/no-such-story/", 404, HTML),
        ("/2001/01/01/" + story.slug + "/", 404, HTML),
        ("/category/sport/", 404, HTML),
        ("/category/sport/feed/", 404, HTML),
        ("/tag/no-such-tag/", 404, HTML),
    ]
    for section in site.sections:
        cases.append((f"/category/{section.slug}/", 200, HTML))
        cases.append(
            (f"/category/{section.slug}/feed/", 200, ATOM if section.feed_format == "atom" else RSS)
        )
    for path, status, kind in cases:
        response = client.get(server.base_url + path)
        assert (response.status_code, response.headers["content-type"]) == (status, kind), path
        assert response.http_version == "HTTP/1.1"
        assert int(response.headers["content-length"]) == len(response.content)
        if status == 200:
            assert response.headers["etag"].startswith('"')
            assert response.headers["last-modified"].endswith(" GMT")
    missing = client.get(server.base_url + "/no/such/page/")
    assert "can&rsquo;t be found" in missing.text
    assert "etag" not in missing.headers


def test_section_feeds_parse_with_the_stories_in_order(
    server: DemoServer, site: DemoSite, client: httpx.Client
) -> None:
    for section in site.sections:
        response = client.get(section.feed_url)
        parsed = feedparser.parse(io.BytesIO(response.content))
        assert parsed.bozo == 0, (section.slug, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if section.feed_format == "atom" else "rss20")
        assert parsed.feed.title == f"{section.name} – {site.name}"
        assert parsed.feed.link == section.url
        expected = site.section_stories(section.slug)
        assert [e.link for e in parsed.entries] == [s.url for s in expected]
        assert [e.title for e in parsed.entries] == [s.title for s in expected]
        assert [e.id for e in parsed.entries] == [s.guid for s in expected]
        for entry, story in zip(parsed.entries, expected, strict=True):
            assert entry.author == story.author
            assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == story.published
            assert (
                html.unescape(entry.summary).removeprefix("<p>").removesuffix("</p>")
                == story.standfirst
            )
            assert section.name in {tag.term for tag in entry.tags}
        if section.feed_format == "rss":
            assert parsed.feed.ttl == "15"
            assert "updated" in parsed.feed
        for story in expected:
            page = client.get(story.url)
            assert page.status_code == 200, story.url


def test_site_feed_lists_every_story(site: DemoSite, client: httpx.Client) -> None:
    parsed = feedparser.parse(io.BytesIO(client.get(site.site_feed_url).content))
    assert parsed.bozo == 0
    assert parsed.version == "rss20"
    assert parsed.feed.title == site.name
    assert [e.link for e in parsed.entries] == [s.url for s in site.stories]


def test_feeds_carry_only_a_short_summary(site: DemoSite, client: httpx.Client) -> None:
    feeds = [site.site_feed_url] + [s.feed_url for s in site.sections]
    bodies = {url: client.get(url).text for url in feeds}
    for url, body in bodies.items():
        assert "content:encoded" not in body and "<content" not in body, url
        for story in site.stories:
            for paragraph in story.paragraphs:
                head = paragraph[:60]
                assert head not in body and html.escape(head, quote=False) not in body, (
                    url,
                    story.slug,
                )


def test_article_pages_hold_the_story_and_its_navigation(
    site: DemoSite, client: httpx.Client
) -> None:
    also_read_forms: set[str] = set()
    standfirst_forms: set[str] = set()
    for story in site.stories:
        page = client.get(story.url).text
        assert 20_000 <= len(page.encode()) <= 60_000, story.slug
        parts = outline(page)
        assert parts.title == f"{story.title} – {site.name}"
        assert parts.meta["og:title"] == story.title
        assert parts.meta["og:description"] == story.standfirst
        assert parts.meta["og:type"] == "article"
        assert parts.meta["og:url"] == story.url
        assert parts.meta["og:site_name"] == site.name
        assert parts.meta["author"] == story.author
        assert parts.meta["article:section"] == story.section_name
        assert datetime.fromisoformat(parts.meta["article:published_time"]) == story.published
        canonical = [ln["href"] for ln in parts.head_links if ln.get("rel") == "canonical"]
        assert canonical == [story.url]
        feeds = {ln["href"] for ln in parts.head_links if ln.get("rel") == "alternate"}
        assert {site.site_feed_url, site.section(story.section_slug).feed_url} <= feeds
        (ld_text,) = parts.json_ld
        ld = json.loads(ld_text)
        assert ld["@type"] == "NewsArticle"
        assert ld["headline"] == story.title
        assert ld["author"]["name"] == story.author
        assert ld["publisher"]["name"] == site.name
        assert ld["articleSection"] == story.section_name
        assert datetime.fromisoformat(ld["datePublished"]) == story.published

        # Header: date, reading time, headline, standfirst, in that order.
        date_text = f"{story.published:%B} {story.published.day}, {story.published.year}"
        order = [
            page.index(f">{date_text}</time>"),
            page.index(f">{story.reading_minutes} min read<"),
            page.index(f'<h1 class="entry-title">{html.escape(story.title, False)}</h1>'),
            page.index(html.escape(story.standfirst, False) + "</"),
        ]
        assert order == sorted(order), story.slug
        standfirst_forms.add("h2" if '<h2 class="entry-subtitle">' in page else "strong")

        # Body: exactly the story's paragraphs, in order, plus the ALSO READ lines.
        in_body = [text for text, where in parts.paragraphs if "entry-content" in where]
        assert [t for t in in_body if not t.startswith("ALSO READ")] == story.paragraphs
        also = [t for t in in_body if t.startswith("ALSO READ")]
        assert len(also) == len(story.also_read), story.slug
        for text, (title, _) in zip(also, story.also_read, strict=True):
            prefix = text.removesuffix(title)
            assert prefix in ("ALSO READ-", "ALSO READ: "), text
            also_read_forms.add(prefix)
        assert parts.links_in("entry-content") == story.also_read

        # Post navigation: previous (older) and next (newer) of the whole site.
        nav = {
            rel: (text, href)
            for href, rel, text, where in parts.links
            if "post-navigation" in where
        }
        prev_text = f"Previous Story{story.previous[0]}" if story.previous else None
        next_text = f"Next Story{story.next[0]}" if story.next else None
        assert ("prev" in nav) == (story.previous is not None)
        assert ("next" in nav) == (story.next is not None)
        if story.previous:
            assert nav["prev"] == (prev_text, story.previous[1])
        if story.next:
            assert nav["next"] == (next_text, story.next[1])
        assert ("Previous Story" in page) == (story.previous is not None)
        assert ("Next Story" in page) == (story.next is not None)

        # "Latest from <Section>" and "Don't Miss".
        assert f">Latest from {story.section_name}</h2>" in page
        latest = parts.links_in("latest-from-section")
        assert 4 <= len(latest) <= 6
        assert latest == [(s.title, s.url) for s in site.latest_for(story)]
        assert story.url not in {url for _, url in latest}
        assert all(story.section_slug in story_at(site, url).categories for _, url in latest)
        excerpts = [t for t, where in parts.paragraphs if "latest-post-excerpt" in where]
        assert len(excerpts) == len(latest) and all(0 < len(e) <= 121 for e in excerpts)
        assert ">Don't Miss</h2>" in page
        dont_miss = parts.links_in("dont-miss-post-title")
        assert len(dont_miss) >= 3
        for _, url in dont_miss:
            assert not set(story_at(site, url).categories) & set(story.categories)

        # Boilerplate a reader must leave out is there, outside the body.
        for text in (
            "Leave a Reply",
            "Your email address will not be published",
            "Share on Facebook",
            "Breaking News",
            "Advertisement",
            "Trending Now",
            "We use cookies",
            "Go to Top",
            "All rights reserved",
        ):
            assert text in page, (story.slug, text)
    assert also_read_forms == {"ALSO READ-", "ALSO READ: "}
    assert standfirst_forms == {"h2", "strong"}


def test_previous_next_chain_walks_the_whole_site(site: DemoSite, client: httpx.Client) -> None:
    def neighbour(url: str, rel: str) -> str | None:
        parts = outline(client.get(url).text)
        hrefs = [h for h, r, _, where in parts.links if r == rel and "post-navigation" in where]
        assert len(hrefs) <= 1
        return hrefs[0] if hrefs else None

    url: str | None = site.stories[0].url
    older: list[str] = []
    while url is not None:
        older.append(url)
        url = neighbour(url, "prev")
        assert len(older) <= len(site.stories)
    assert older == [s.url for s in site.stories]
    url = older[-1]
    newer: list[str] = []
    while url is not None:
        newer.append(url)
        url = neighbour(url, "next")
        assert len(newer) <= len(site.stories)
    assert newer == older[::-1]


def test_every_internal_link_resolves(server: DemoServer, client: httpx.Client) -> None:
    seen: set[str] = set()
    queue = [server.base_url + "/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"]*)"', response.text):
            target = urldefrag(html.unescape(href))[0]
            if target.startswith(server.base_url) and target not in seen:
                queue.append(target)
    assert len(seen) > 100


def test_home_and_category_pages_list_headlines(site: DemoSite, client: httpx.Client) -> None:
    home = outline(client.get(site.url("/")).text)
    home_links = {url for _, url in home.links_in("entry-title")}
    assert site.stories[0].url in home_links
    assert len(home_links) >= 15
    for section in site.sections:
        page = client.get(section.url).text
        parts = outline(page)
        listed = parts.links_in("entry-title")
        stories = site.section_stories(section.slug)
        assert listed == [(s.title, s.url) for s in stories]
        summaries = [t for t, where in parts.paragraphs if "entry-summary" in where]
        assert summaries == [s.standfirst for s in stories]
        assert any(ln.get("href") == section.feed_url for ln in parts.head_links)


# -- caching headers -----------------------------------------------------------------------


def test_etag_and_last_modified_answer_304(site: DemoSite, client: httpx.Client) -> None:
    for url in (
        site.section("world").feed_url,
        site.section("technology").feed_url,
        site.stories[3].url,
        site.url("/"),
    ):
        first = client.get(url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert client.get(url, headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304
        assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        earlier = format_datetime(site.stories[-1].published - timedelta(days=1), usegmt=True)
        changed = client.get(url, headers={"If-Modified-Since": earlier})
        assert changed.status_code == 200 and changed.content == first.content
        # If-None-Match wins over If-Modified-Since.
        both = client.get(url, headers={"If-None-Match": '"stale"', "If-Modified-Since": modified})
        assert both.status_code == 200


def test_head_sends_headers_only_and_connections_are_kept_alive(
    server: DemoServer, site: DemoSite
) -> None:
    story = site.stories[0]
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("HEAD", story.path)
        head = connection.getresponse()
        assert head.status == 200 and head.read() == b""
        length = int(head.headers["Content-Length"])
        # The same connection serves the next request: lengths are right.
        connection.request("GET", story.path)
        got = connection.getresponse()
        body = got.read()
        assert got.status == 200 and len(body) == length
        assert got.headers["ETag"] == head.headers["ETag"]
        connection.request("GET", "/feed/")
        assert connection.getresponse().read().startswith(b'<?xml version="1.0"')
    finally:
        connection.close()
    assert server.last_error is None


def test_sections_are_tuinews_sections(server: DemoServer, site: DemoSite) -> None:
    sections = server.sections()
    assert all(isinstance(s, Section) for s in sections)
    assert [(s.name, s.feeds) for s in sections] == [(d.name, (d.feed_url,)) for d in site.sections]
    assert server.base_url == site.base_url == f"http://127.0.0.1:{server.port}"


# -- lifecycle -----------------------------------------------------------------------------


def test_stop_closes_idle_connections_and_releases_the_port() -> None:
    server = DemoServer().start()
    port = server.port
    idle = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    idle.request("GET", "/feed/")
    assert idle.getresponse().read()
    # The idle keep-alive connection must not hold the stop up.
    server.stop()
    assert not server.running
    with pytest.raises(RuntimeError):
        _ = server.base_url
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    idle.close()
    server.stop()  # A second stop is harmless.
    with DemoServer(port=port) as again:
        assert again.port == port
        assert httpx.get(again.base_url + "/").status_code == 200


def test_busy_port_gives_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with DemoServer() as busy:
        assert demo_main(["--port", str(busy.port)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot listen" in err


def test_module_serves_in_the_foreground_until_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tuinews.demo", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("The Lantern Post is being served at http://127.0.0.1:")
        base = first.rsplit(" ", 1)[1].strip()
        listing = [process.stdout.readline() for _ in range(8)]
        assert any("/category/technology/feed/" in line and "(atom)" in line for line in listing)
        assert httpx.get(base).status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
