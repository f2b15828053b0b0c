"""From a site's address to its feeds: what `tuinews add` and the "Add site" dialog offer.

`discover` fetches the page through the one `NewsClient`, collects candidate feed URLs:
the page's `<link rel="alternate">` feeds (RSS, Atom, JSON Feed); on a WordPress site,
`/feed/` and one `/category/<slug>/feed/` per category linked from the page's menus; and
common paths (`/rss`, `/feed`, `/feed.xml`, `/atom.xml`, `/index.xml`, `/rss.xml`). It
then fetches every candidate concurrently, parses it, and keeps the real feeds once each,
with their titles and item counts. A feed URL given directly is recognised as a feed.

Every candidate passes the link gate (`openable_url`): a page naming a `file:` or
`javascript:` feed gets it listed under `refused`, never fetched. A public page's links to
loopback or private addresses are refused the same way (no LAN probing through a page).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from tuinews.core.feeds import ParsedFeed, parse_feed
from tuinews.core.identity import canonical_url
from tuinews.core.text import UnsafeURL, openable_url, sanitize_display, url_host

if TYPE_CHECKING:
    from pathlib import Path

    from tuinews.core.config import Config
    from tuinews.core.net import NewsClient

#: Paths tried on every site, relative to its root.
COMMON_PATHS = ("/rss", "/feed", "/feed.xml", "/atom.xml", "/index.xml", "/rss.xml")
#: Most category feeds offered from one page.
MAX_CATEGORIES = 40
#: Most candidate URLs fetched for one site.
MAX_CANDIDATES = 60
#: Candidates fetched at once.
CONCURRENCY = 8
#: Characters of the page read for links (a news front page is far smaller).
PAGE_CAP = 2 * 1024 * 1024

_FEED_TYPES = {
    "application/rss+xml": "RSS",
    "application/atom+xml": "Atom",
    "application/feed+json": "JSON Feed",
    "application/json": "JSON Feed",
    "application/rdf+xml": "RSS",
    "application/xml": "",
    "text/xml": "",
}
_ACCEPT = (
    "text/html, application/xhtml+xml;q=0.9, application/rss+xml, application/atom+xml, "
    "application/feed+json, application/xml;q=0.8, */*;q=0.5"
)
_CATEGORY_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?category/((?:[^/?#]+/)*[^/?#]+)/?$")
_MENU_HINT = re.compile(r"menu|nav", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundFeed:
    """A feed found for a site."""

    url: str
    """The feed's URL (after redirects)."""
    title: str
    """The feed's own title (sanitized), or its address when it has none."""
    count: int
    """Items the feed holds now."""
    kind: str
    """"RSS", "Atom" or "JSON Feed"."""
    via: str
    """How it was found: "direct", "link", "wordpress", "category" or "path"."""
    label: str = ""
    """A short name for a tab: the menu's name of a category, else the feed's title."""

    @property
    def section_name(self) -> str:
        """The tab name this feed gets when it becomes a section of its own."""
        return self.label or self.title


@dataclass(frozen=True, slots=True)
class Discovery:
    """What `discover` found for one address."""

    url: str
    """The address asked for (as fetched)."""
    feeds: tuple[FoundFeed, ...] = ()
    """The feeds, best first: the page's own links, then WordPress, then common paths."""
    refused: tuple[str, ...] = ()
    """Candidates the link gate refused (sanitized, for display)."""
    error: str = ""
    """Why nothing could be found (empty when the page was read)."""
    site_title: str = ""
    """The page's `<title>`."""


@dataclass(slots=True)
class _Candidate:
    url: str
    via: str
    label: str = ""


class _Page(HTMLParser):
    """Collects what discovery needs from a page: feed links, anchors, title, base."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.alternates: list[tuple[str, str, str]] = []
        self.anchors: list[tuple[str, str, bool]] = []
        self.title = ""
        self.base = ""
        self.wordpress = False
        self._menu_depth: list[bool] = []
        self._anchor: list[str] | None = None
        self._anchor_href = ""
        self._in_title = False

    def _in_menu(self) -> bool:
        return any(self._menu_depth)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("nav", "ul", "div", "header", "footer", "aside", "section", "li", "menu"):
            hint = f"{values.get('class', '')} {values.get('id', '')} {values.get('role', '')}"
            self._menu_depth.append(tag in ("nav", "menu") or bool(_MENU_HINT.search(hint)))
        elif tag == "link":
            rel = values.get("rel", "").lower().split()
            if "alternate" in rel or "feed" in rel:
                kind = values.get("type", "").split(";")[0].strip().lower()
                if kind in _FEED_TYPES or "feed" in rel:
                    self.alternates.append((values.get("href", ""), kind, values.get("title", "")))
            href = values.get("href", "")
            if "wp-content" in href or "wp-json" in href or "https://api.w.org/" in rel:
                self.wordpress = True
        elif tag == "base" and not self.base:
            self.base = values.get("href", "")
        elif tag == "meta":
            if values.get("name", "").lower() == "generator":
                self.wordpress |= values.get("content", "").lower().startswith("wordpress")
        elif tag == "a":
            self._anchor = []
            self._anchor_href = values.get("href", "")
        elif tag == "title" and not self.title:
            self._in_title = True
        if tag in ("script", "img") and "wp-content" in values.get("src", ""):
            self.wordpress = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("nav", "ul", "div", "header", "footer", "aside", "section", "li", "menu"):
            if self._menu_depth:
                self._menu_depth.pop()
        elif tag == "a" and self._anchor is not None:
            text = " ".join("".join(self._anchor).split())
            self.anchors.append((self._anchor_href, text, self._in_menu()))
            self._anchor = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._anchor is not None and len(self._anchor) < 50:
            self._anchor.append(data)
        if self._in_title and len(self.title) < 500:
            self.title += data


def normalize_address(raw: str) -> str:
    """The URL to fetch for what the user typed ("example.com" → "https://example.com/").

    Raises:
        UnsafeURL: for anything that is not a web address.
    """
    text = raw.strip()
    if text.startswith("-"):
        raise UnsafeURL("link starts with '-'")
    if text and "://" not in text and not text.lower().startswith(("javascript:", "data:")):
        if ":" not in text.split("/")[0] or re.match(r"^[\w.-]+:\d+(/|$)", text):
            text = "https://" + text
    url = openable_url(text)
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _is_local(host: str) -> bool:
    from tuinews.core.net import _is_local as local

    return local(host)


class _Gate:
    """The link gate for one page's candidates, remembering what it refused."""

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self.page_local = _is_local(url_host(page_url))
        self.refused: list[str] = []

    def check(self, raw: str, base: str) -> str | None:
        try:
            url = openable_url(raw, base)
        except UnsafeURL as error:
            shown = sanitize_display(raw, cap=80)
            self.refused.append(f"{shown} ({error})")
            return None
        if _is_local(url_host(url)) and not self.page_local:
            self.refused.append(f"{sanitize_display(url, cap=80)} (a local address)")
            return None
        return url


def _site_root(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _candidates(page: _Page, page_url: str, gate: _Gate) -> list[_Candidate]:
    base = page_url
    if page.base:
        # A <base> that is not a web link is ignored (HOSTILE_INPUTS B7).
        try:
            base = openable_url(page.base, page_url)
        except UnsafeURL:
            base = page_url
    found: list[_Candidate] = []
    for href, _kind, title in page.alternates:
        url = gate.check(href, base)
        if url is not None:
            found.append(_Candidate(url, "link", sanitize_display(title, cap=60)))
    root = _site_root(page_url)
    host = url_host(page_url)
    categories: list[tuple[bool, str, str]] = []
    for href, text, in_menu in page.anchors:
        try:
            url = openable_url(href, base)
        except UnsafeURL:
            continue
        if url_host(url) != host:
            continue
        match = _CATEGORY_PATH.match(urlsplit(url).path)
        if match:
            categories.append((in_menu, url, text))
    if categories:
        page.wordpress = True
    if page.wordpress:
        found.append(_Candidate(root + "feed/", "wordpress"))
        # Menu links first: they are the site's sections; then any other category link.
        ordered = [c for c in categories if c[0]] + [c for c in categories if not c[0]]
        seen: set[str] = set()
        for _in_menu, url, text in ordered:
            path = urlsplit(url).path.rstrip("/") + "/feed/"
            if path in seen:
                continue
            seen.add(path)
            if len(seen) > MAX_CATEGORIES:
                break
            slug = path.rstrip("/").split("/")[-2]
            label = sanitize_display(text, cap=40) or slug.replace("-", " ").title()
            parts = urlsplit(root)
            feed_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
            found.append(_Candidate(feed_url, "category", label))
    for path in COMMON_PATHS:
        found.append(_Candidate(root + path.lstrip("/"), "path"))
    unique: dict[str, _Candidate] = {}
    for candidate in found:
        unique.setdefault(canonical_url(candidate.url), candidate)
    return list(unique.values())[:MAX_CANDIDATES]


def _kind(parsed_body: bytes) -> str:
    head = parsed_body.lstrip(b"\xef\xbb\xbf \t\r\n")[:600].lower()
    if head.startswith((b"{", b"[")):
        return "JSON Feed"
    if b"<feed" in head:
        return "Atom"
    return "RSS"


def _is_feed(parsed: ParsedFeed) -> bool:
    return bool(parsed.stories) or not parsed.error


async def _fetch_feed(
    client: NewsClient, candidate: _Candidate
) -> tuple[_Candidate, str, ParsedFeed, str] | None:
    from tuinews.core.net import NewsClient

    try:
        response = await client.fetch(candidate.url, accept=_ACCEPT)
    except NewsClient.Error:
        return None
    if response.status != 200 or not response.body.strip():
        return None
    if response.content_type in ("text/html", "application/xhtml+xml"):
        return None
    parsed = await asyncio.to_thread(
        parse_feed, response.body, response.url, response.content_type, response.charset
    )
    if not _is_feed(parsed):
        return None
    return candidate, response.url, parsed, _kind(response.body)


def _found(candidate: _Candidate, url: str, parsed: ParsedFeed, kind: str) -> FoundFeed:
    title = parsed.title or sanitize_display(url_host(url) + urlsplit(url).path, cap=80)
    label = candidate.label if candidate.via == "category" else ""
    return FoundFeed(url, title, len(parsed.stories), kind, candidate.via, label)


async def discover(
    client: NewsClient,
    address: str,
    *,
    progress: Callable[[str], None] | None = None,
) -> Discovery:
    """Find the feeds of a site (or recognise a feed address given directly).

    Never raises for network or page trouble: `Discovery.error` says what went wrong.

    Args:
        client: The one HTTP client.
        address: What the user typed: a site, a page of it, or a feed URL.
        progress: Called with short plain-words updates ("Checking 9 addresses…").
    """
    from tuinews.core.net import NewsClient

    try:
        url = normalize_address(address)
    except UnsafeURL as error:
        return Discovery(
            url=sanitize_display(address, cap=200), error=f"not a web address: {error}"
        )
    if progress is not None:
        progress(f"Reading {url_host(url)}…")
    try:
        response = await client.fetch(url, accept=_ACCEPT)
    except NewsClient.Error as error:
        return Discovery(url=url, error=sanitize_display(str(error)))
    body = response.body
    is_page = response.content_type in ("text/html", "application/xhtml+xml") or (
        body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    )
    if not is_page:
        parsed = await asyncio.to_thread(
            parse_feed, body, response.url, response.content_type, response.charset
        )
        if _is_feed(parsed):
            direct = _Candidate(response.url, "direct")
            return Discovery(
                url=response.url,
                feeds=(_found(direct, response.url, parsed, _kind(body)),),
                site_title=parsed.title,
            )
        return Discovery(url=response.url, error=f"not a web page or a feed ({parsed.error})")
    page = _Page()
    text = body[:PAGE_CAP].decode(response.charset or "utf-8", errors="replace")
    try:
        page.feed(text)
        page.close()
    except (AssertionError, ValueError, RecursionError):
        pass  # what was read before the parser gave up is still used
    gate = _Gate(response.url)
    candidates = _candidates(page, response.url, gate)
    if progress is not None:
        progress(f"Checking {len(candidates)} addresses on {url_host(response.url)}…")
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(candidate: _Candidate) -> tuple[_Candidate, str, ParsedFeed, str] | None:
        async with limit:
            return await _fetch_feed(client, candidate)

    results = await asyncio.gather(*(one(c) for c in candidates))
    feeds: list[FoundFeed] = []
    seen_urls: set[str] = set()
    seen_content: set[tuple[str, tuple[str, ...]]] = set()
    for result in results:
        if result is None:
            continue
        candidate, final_url, parsed, kind = result
        key = canonical_url(final_url).rstrip("/")
        # The same document under two names (/rss and /feed/) is one feed.
        content = (parsed.title, tuple(s.id for s in parsed.stories[:20]))
        if key in seen_urls or (parsed.stories and content in seen_content):
            continue
        seen_urls.add(key)
        seen_content.add(content)
        feeds.append(_found(candidate, final_url, parsed, kind))
    site_title = sanitize_display(page.title, cap=120)
    return Discovery(
        url=response.url,
        feeds=tuple(feeds),
        refused=tuple(dict.fromkeys(gate.refused)),
        error="" if feeds else "no feeds found on this site",
        site_title=site_title,
    )


def add_to_config(
    path: Path, feeds: list[FoundFeed], section: str | None = None
) -> tuple[list[tuple[str, str]], Config]:
    """Add found feeds to the config file at `path`, in place (comments kept).

    Each feed goes to a section named after it (`FoundFeed.section_name`; an existing
    section of that name gets the feed), or all go to `section`.

    Returns:
        (section name, URL) of each feed added (feeds already there are skipped), and the
        config as the file now says.

    Raises:
        ConfigError: when the config cannot be read or written.
    """
    from tuinews.core.config import ConfigEditor

    editor = ConfigEditor(path)
    added: list[tuple[str, str]] = []
    for feed in feeds:
        name = section or feed.section_name
        added.extend((name, url) for url in editor.add_feeds(name, [feed.url]))
    return added, editor.save()
