"""NewsService: the only API the UI calls.

It joins config, the HTTP client, the cache and the parsers: cached stories of a section
(instantly, no network), a refresh of a section's feeds (concurrent, conditional), the
reader version of a story (extracted from its page, cached, falling back to the feed's own
text), and opening a story in a browser.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tuinews.core.browser import OpenResult, open_url
from tuinews.core.cache import Store, article_key, feed_key
from tuinews.core.config import Config
from tuinews.core.models import EXCERPT, FEED_CONTENT, FULL, Article, FeedStatus, Section, Story
from tuinews.core.text import sanitize_display, url_host

if TYPE_CHECKING:
    from tuinews.core.net import NewsClient

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"(?m)^([#>+\-=])")
_MD_ORDERED = re.compile(r"(?m)^(\d+)([.)])")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


@dataclass(frozen=True, slots=True)
class SectionUpdate:
    """The result of refreshing a section."""

    section: Section
    """The section refreshed."""
    stories: tuple[Story, ...]
    """All its stories after the refresh (fresh where fetched, cached where not)."""
    statuses: tuple[FeedStatus, ...]
    """One per feed of the section."""

    @property
    def failed(self) -> tuple[FeedStatus, ...]:
        """The feeds that failed this time."""
        return tuple(status for status in self.statuses if not status.ok)


def merge_stories(groups: Iterable[Iterable[Story]]) -> tuple[Story, ...]:
    """Join the stories of several feeds: one story once, newest first.

    Stories are the same when their id or their URL match. Stories with no date keep
    their feed order after the dated ones (a stable sort).
    """
    seen: set[str] = set()
    merged: list[Story] = []
    for group in groups:
        for story in group:
            keys = {story.id, story.url} - {""}
            if keys & seen:
                continue
            seen |= keys
            merged.append(story)
    oldest = datetime.min.replace(tzinfo=UTC)
    merged.sort(key=lambda s: s.published or oldest, reverse=True)
    return tuple(merged)


class NewsService:
    """Everything the UI needs from the network, the cache and the config."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        client: NewsClient | None = None,
        offline: bool = False,
    ) -> None:
        """Create the service.

        Args:
            config: Sections and settings.
            store: The cache.
            client: The HTTP client; built on first use when None.
            offline: Read only the cache, never the network.
        """
        self.config = config
        self.store = store
        self.offline = offline
        self._client = client
        self.statuses: dict[str, FeedStatus] = {}
        """The latest outcome per feed URL."""

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections, in tab order."""
        return self.config.sections

    @property
    def client(self) -> NewsClient:
        """The HTTP client (created on first use, after the first paint)."""
        if self._client is None:
            from tuinews.core.net import NewsClient

            self._client = NewsClient()
        return self._client

    async def aclose(self) -> None:
        """Close the network client and the cache."""
        if self._client is not None:
            await self._client.aclose()
        await asyncio.to_thread(self.store.close)

    # -- feeds -----------------------------------------------------------------

    def cached_stories_sync(self, section: Section) -> tuple[Story, ...]:
        """The section's stories as the cache holds them (blocking; for threads/CLI)."""
        return merge_stories(
            self._stories_of(self.store.get(feed_key(url))) for url in section.feeds
        )

    async def cached_stories(self, section: Section) -> tuple[Story, ...]:
        """The section's stories as the cache holds them; no network."""
        return await asyncio.to_thread(self.cached_stories_sync, section)

    def _is_fresh(self, entry: Any) -> bool:
        if not isinstance(entry, dict):
            return False
        fetched = entry.get("fetched_at")
        if not isinstance(fetched, int | float):
            return False
        return time.time() - fetched < self.config.settings.refresh_minutes * 60

    async def refresh_section(self, section: Section, *, force: bool = False) -> SectionUpdate:
        """Fetch the section's feeds concurrently and return its stories.

        A feed fetched less than `refresh_minutes` ago is not fetched again unless
        `force`. A feed that fails keeps its cached stories.
        """
        if self.offline:
            statuses = tuple(
                FeedStatus(url, ok=False, error="offline: showing the cache")
                for url in section.feeds
            )
            return SectionUpdate(section, await self.cached_stories(section), statuses)
        results = await asyncio.gather(
            *(self._refresh_feed(url, force=force) for url in section.feeds)
        )
        stories = merge_stories(stories for stories, _ in results)
        return SectionUpdate(section, stories, tuple(status for _, status in results))

    async def _refresh_feed(self, url: str, *, force: bool) -> tuple[tuple[Story, ...], FeedStatus]:
        from tuinews.core.feeds import parse_feed
        from tuinews.core.net import NewsClient

        entry = await self.store.aget(feed_key(url))
        cached = self._stories_of(entry)
        if not force and isinstance(entry, dict) and self._is_fresh(entry) and cached:
            status = self.statuses.get(url) or FeedStatus(
                url, ok=True, count=len(cached), title=str(entry.get("title", ""))
            )
            return cached, status
        etag = entry.get("etag", "") if isinstance(entry, dict) else ""
        modified = entry.get("last_modified", "") if isinstance(entry, dict) else ""
        now = time.time()
        try:
            response = await self.client.fetch(
                url,
                accept=_FEED_ACCEPT,
                etag=etag if cached and isinstance(etag, str) else "",
                last_modified=modified if cached and isinstance(modified, str) else "",
            )
        except NewsClient.Error as error:
            status = FeedStatus(
                url, ok=False, error=sanitize_display(str(error)), count=len(cached)
            )
            self.statuses[url] = status
            return cached, status
        if response.status == 304 and isinstance(entry, dict):
            entry["fetched_at"] = now
            await self.store.aset(feed_key(url), entry)
            status = FeedStatus(
                url,
                ok=True,
                fetched_at=_dt(now),
                count=len(cached),
                title=str(entry.get("title", "")),
            )
            self.statuses[url] = status
            return cached, status
        parsed = await asyncio.to_thread(
            parse_feed, response.body, response.url, response.content_type
        )
        if not parsed.stories:
            status = FeedStatus(
                url, ok=False, error=parsed.error or "the feed has no stories", count=len(cached)
            )
            self.statuses[url] = status
            return cached, status
        await self.store.aset(
            feed_key(url),
            {
                "fetched_at": now,
                "etag": response.headers.get("etag", ""),
                "last_modified": response.headers.get("last-modified", ""),
                "title": parsed.title,
                "stories": [story.to_json() for story in parsed.stories],
            },
        )
        status = FeedStatus(
            url,
            ok=not parsed.error,
            error=parsed.error,
            fetched_at=_dt(now),
            count=len(parsed.stories),
            title=parsed.title,
        )
        self.statuses[url] = status
        return parsed.stories, status

    @staticmethod
    def _stories_of(entry: Any) -> tuple[Story, ...]:
        if not isinstance(entry, dict) or not isinstance(entry.get("stories"), list):
            return ()
        return tuple(s for raw in entry["stories"] if (s := Story.from_json(raw)) is not None)

    # -- articles --------------------------------------------------------------

    async def article(self, story: Story) -> Article:
        """The reader version of a story: its page's article, or the feed's own text.

        Never raises for network or page trouble: the returned Article says in
        `completeness` and `note` what it shows and why.
        """
        from tuinews.core.net import NewsClient

        if not story.url:
            return self._from_feed(story, None, "the feed gives no link to the story")
        cached = Article.from_json(await self.store.aget(article_key(story.url)))
        if cached is not None:
            return cached
        if self.offline:
            return self._from_feed(story, None, "offline and the page is not cached")
        try:
            response = await self.client.fetch(story.url, accept=_PAGE_ACCEPT)
        except NewsClient.Error as error:
            return self._from_feed(story, None, f"page not reachable: {error}")
        body = response.body
        if response.content_type not in _HTML_TYPES or body.lstrip()[:8].startswith(_BINARY_MAGIC):
            kind = sanitize_display(response.content_type or "binary", cap=40)
            return self._from_feed(story, None, f"the page is not an article ({kind})")
        from tuinews.core.reader import extract_article

        extracted = await asyncio.to_thread(extract_article, body, response.url)
        if extracted.completeness != FULL:
            return self._from_feed(story, extracted, extracted.note or "could not extract")
        article = self._with_story_defaults(extracted, story)
        await self.store.aset(article_key(story.url), article.to_json())
        return article

    @staticmethod
    def _with_story_defaults(article: Article, story: Story) -> Article:
        return replace(
            article,
            title=article.title or story.title,
            authors=article.authors or ((story.author,) if story.author else ()),
            published=article.published or story.published,
            site_name=article.site_name or story.source,
        )

    @staticmethod
    def _from_feed(story: Story, page: Article | None, reason: str) -> Article:
        text = story.content or story.summary
        completeness = FEED_CONTENT if story.content else EXCERPT
        shown = "the feed's full text" if story.content else "the feed's summary"
        words = len(text.split())
        base = page or Article(url=story.url or story.id)
        standfirst = base.standfirst
        if standfirst and " ".join(text.split()).startswith(" ".join(standfirst.split())):
            standfirst = ""  # the feed's summary is the standfirst: show it once
        return replace(
            base,
            standfirst=standfirst,
            title=base.title or story.title,
            authors=base.authors or ((story.author,) if story.author else ()),
            published=base.published or story.published,
            site_name=base.site_name or story.source,
            markdown=_plain_to_markdown(text),
            text=text,
            reading_minutes=max(1, -(-words // 230)) if words else 0,
            completeness=completeness,
            note=f"{reason}; showing {shown}",
        )

    # -- browser ---------------------------------------------------------------

    def open_in_browser(self, url: str) -> OpenResult:
        """Open a URL in the configured or system browser, when that is possible here."""
        return open_url(url, command=self.config.settings.browser)


def _dt(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _plain_to_markdown(text: str) -> str:
    # Feed text is plain: escape what Markdown would read as syntax so it shows as is.
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    escaped = (_MD_INLINE.sub(r"\\\1", p) for p in paragraphs)
    escaped = (_MD_LINE_START.sub(r"\\\1", p) for p in escaped)
    return "\n\n".join(_MD_ORDERED.sub(r"\1\\\2", p) for p in escaped)


def story_from_link(url: str, text: str, source: str = "") -> Story:
    """A story for a link followed inside the reader (previous/next, also read...)."""
    return Story(id=url, title=text or url_host(url), url=url, source=source)
