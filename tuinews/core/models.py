"""Plain data passed between the layers: sections, stories, articles and links.

Everything here is a frozen dataclass of plain values (`str`, `int`, `datetime`, tuples),
so it can be cached as JSON and shared between threads. Text fields hold text that has
already passed `tuinews.core.text.sanitize_display`; URL fields hold URLs that passed
`tuinews.core.text.openable_url` (or are empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tuinews.core.text import has_no_controls, strip_controls


def _dt_to_json(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt_from_json(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _str(data: dict[str, Any], key: str) -> str:
    # Values come back from the cache: text, and nothing a terminal would act on.
    value = data.get(key, "")
    return strip_controls(value) if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class Section:
    """A tab: a named group of feeds."""

    name: str
    """The tab label."""
    feeds: tuple[str, ...]
    """Feed URLs whose stories make up the section."""


#: What health shows in place of a request header's value.
MASK = "••••"


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """Per-feed settings: a feed written as a table in the config instead of a URL."""

    url: str
    """The feed URL (passed the link gate)."""
    title: str = ""
    """A title chosen by the user, shown instead of the feed's own."""
    refresh_minutes: int | None = None
    """How old this feed may be before it is fetched again; None: the global setting."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra request headers (a private feed's token): never logged or shown in full."""
    enabled: bool = True
    """False: the feed is not fetched and its stories are not shown."""
    full_text: bool = False
    """Download and extract the articles of this feed after each refresh."""

    @property
    def masked_headers(self) -> str:
        """The header names with their values hidden, for health screens."""
        return ", ".join(f"{name}: {MASK}" for name, _ in self.headers)

    @property
    def is_plain(self) -> bool:
        """True when nothing but the URL is set (the config can hold a plain string)."""
        return self == FeedOptions(self.url)


@dataclass(frozen=True, slots=True)
class Link:
    """A followable link found in a page or a feed."""

    url: str
    """Absolute http(s) URL."""
    text: str
    """The link's visible text (sanitized, one line)."""
    kind: str = ""
    """What the link is for: "previous", "next", "also-read", "latest", "related" or ""."""

    def to_json(self) -> dict[str, str]:
        """Return a JSON-ready dict."""
        return {"url": self.url, "text": self.text, "kind": self.kind}

    @classmethod
    def from_json(cls, data: object) -> Link | None:
        """Build a Link from `to_json` output; None if it is malformed."""
        if not isinstance(data, dict):
            return None
        url = _str(data, "url")
        if not url:
            return None
        return cls(url=url, text=_str(data, "text"), kind=_str(data, "kind"))


@dataclass(frozen=True, slots=True)
class Story:
    """One headline from a feed."""

    id: str
    """Stable identity: the feed's guid, else the link, else a hash of the content."""
    title: str
    """Headline, one line."""
    url: str
    """The story's page (empty when the feed gave no usable link)."""
    summary: str = ""
    """The feed's summary as plain text."""
    content: str = ""
    """The feed's full content as plain text, when the feed carries it."""
    published: datetime | None = None
    """Publication time (aware, UTC) when the feed states a usable one."""
    author: str = ""
    """Author as the feed names them."""
    source: str = ""
    """The feed's or site's title."""
    feed_url: str = ""
    """The feed this story came from."""
    also_in: tuple[str, ...] = ()
    """Other sections listing the same story (set when a section is assembled; not cached)."""

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "content": self.content,
            "published": _dt_to_json(self.published),
            "author": self.author,
            "source": self.source,
            "feed_url": self.feed_url,
        }

    @classmethod
    def from_json(cls, data: object) -> Story | None:
        """Build a Story from `to_json` output; None if it is malformed."""
        if not isinstance(data, dict):
            return None
        get = data.get
        texts = [text if isinstance(text := get(key, ""), str) else "" for key in _STORY_TEXTS]
        # One scan of the fields together (a first paint builds ~200 stories); they were
        # sanitized when stored, so this is nearly always all it takes.
        if not has_no_controls("".join(texts)):
            texts = [strip_controls(text) for text in texts]
        story_id, title, url, summary, content, author, source, feed_url = texts
        if not story_id:
            return None
        return cls(
            id=story_id,
            title=title,
            url=url,
            summary=summary,
            content=content,
            published=_dt_from_json(get("published")),
            author=author,
            source=source,
            feed_url=feed_url,
        )


#: The text fields of a cached Story, in the order `Story.from_json` reads them.
_STORY_TEXTS = ("id", "title", "url", "summary", "content", "author", "source", "feed_url")


#: The reader shows the article extracted from the story's page.
FULL = "full"
#: The reader shows the full content the feed carries.
FEED_CONTENT = "feed-content"
#: The reader shows only the feed's summary.
EXCERPT = "excerpt"


@dataclass(frozen=True, slots=True)
class Article:
    """The reader version of a story's page."""

    url: str
    """The page's URL (canonical when the page names one)."""
    title: str = ""
    """Headline."""
    standfirst: str = ""
    """The one or two sentences under the headline."""
    authors: tuple[str, ...] = ()
    """Author names."""
    published: datetime | None = None
    """Publication time, aware."""
    site_name: str = ""
    """The site's name."""
    section: str = ""
    """The site's section/category of the story."""
    reading_minutes: int = 0
    """Estimated reading time of the body (about 230 words a minute)."""
    markdown: str = ""
    """The body as Markdown (no links: links are gated and listed apart)."""
    text: str = ""
    """The body as plain text, paragraphs separated by blank lines."""
    previous: Link | None = None
    """The site's previous story, when the page links one."""
    next: Link | None = None
    """The site's next story, when the page links one."""
    related: tuple[Link, ...] = ()
    """"Also read" and related-story links."""
    latest: tuple[Link, ...] = ()
    """The "Latest from <section>" block."""
    latest_label: str = ""
    """That block's heading, e.g. "Latest from World"."""
    links: tuple[Link, ...] = ()
    """Every openable link of the article's body, in order."""
    completeness: str = FULL
    """FULL, FEED_CONTENT or EXCERPT: what the reader is showing."""
    note: str = ""
    """Why the completeness is what it is (e.g. "page not reachable"), for the badge."""
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    """Small named facts (e.g. "lead_image") that later views may show."""

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "url": self.url,
            "title": self.title,
            "standfirst": self.standfirst,
            "authors": list(self.authors),
            "published": _dt_to_json(self.published),
            "site_name": self.site_name,
            "section": self.section,
            "reading_minutes": self.reading_minutes,
            "markdown": self.markdown,
            "text": self.text,
            "previous": self.previous.to_json() if self.previous else None,
            "next": self.next.to_json() if self.next else None,
            "related": [link.to_json() for link in self.related],
            "latest": [link.to_json() for link in self.latest],
            "latest_label": self.latest_label,
            "links": [link.to_json() for link in self.links],
            "completeness": self.completeness,
            "note": self.note,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, data: object) -> Article | None:
        """Build an Article from `to_json` output; None if it is malformed."""
        if not isinstance(data, dict) or not _str(data, "url"):
            return None

        def links(key: str) -> tuple[Link, ...]:
            raw = data.get(key)
            if not isinstance(raw, list):
                return ()
            return tuple(link for item in raw if (link := Link.from_json(item)) is not None)

        authors = data.get("authors")
        minutes = data.get("reading_minutes")
        extra = data.get("extra")
        return cls(
            url=_str(data, "url"),
            title=_str(data, "title"),
            standfirst=_str(data, "standfirst"),
            authors=tuple(strip_controls(a) for a in authors if isinstance(a, str))
            if isinstance(authors, list)
            else (),
            published=_dt_from_json(data.get("published")),
            site_name=_str(data, "site_name"),
            section=_str(data, "section"),
            reading_minutes=minutes if isinstance(minutes, int) else 0,
            markdown=_str(data, "markdown"),
            text=_str(data, "text"),
            previous=Link.from_json(data.get("previous")),
            next=Link.from_json(data.get("next")),
            related=links("related"),
            latest=links("latest"),
            latest_label=_str(data, "latest_label"),
            links=links("links"),
            completeness=_str(data, "completeness") or FULL,
            note=_str(data, "note"),
            extra={
                k: strip_controls(v)
                for k, v in extra.items()
                if isinstance(k, str) and isinstance(v, str)
            }
            if isinstance(extra, dict)
            else {},
        )


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """How one feed is doing: the outcome of its latest fetch and its history."""

    url: str
    """The feed URL."""
    ok: bool
    """Whether the latest fetch gave usable stories (or a 304)."""
    error: str = ""
    """A short plain-words error when not ok."""
    fetched_at: datetime | None = None
    """Last success: when the stories shown were fetched or revalidated."""
    count: int = 0
    """Number of stories the feed gave."""
    title: str = ""
    """The feed's own title."""
    status: str = ""
    """The last answer: "200", "304", "fresh" (not asked), "waiting" or the error."""
    latency_ms: int = 0
    """Duration of the last request."""
    fetches: int = 0
    """Requests answered so far."""
    not_modified: int = 0
    """Of those, 304 answers."""
    failing_since: datetime | None = None
    """Start of the current run of failures."""
    next_refresh: datetime | None = None
    """When the feed will next be fetched (freshness or a server's Retry-After)."""
    dropped: int = 0
    """Items of the feed's last document left out by the per-feed cap."""
    enabled: bool = True
    """False when the config disables the feed (it is not fetched)."""
    settings: str = ""
    """The feed's own settings in a few words, header values masked."""

    @property
    def share_304(self) -> float:
        """Share of answers that were 304 Not Modified (0..1)."""
        return self.not_modified / self.fetches if self.fetches else 0.0
