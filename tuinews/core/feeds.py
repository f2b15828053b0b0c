"""Feed bytes to stories: RSS, Atom (feedparser) and JSON Feed.

`parse_feed` is a pure function run in a worker thread. It never raises for bad input:
it returns a `ParsedFeed` whose `error` says what was wrong, with whatever stories could
be read. Every field comes out as sanitized plain text, capped.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tuinews.core.models import Story
from tuinews.core.text import UnsafeURL, html_to_text, openable_url, sanitize_display, url_host

#: Stories kept per feed (R6).
MAX_ENTRIES = 10_000
#: Characters of summary kept per story.
SUMMARY_CAP = 2_000
#: Characters of full feed content kept per story.
CONTENT_CAP = 200_000
#: Title shown when an item has none.
UNTITLED = "(untitled)"

# A DOCTYPE with an internal subset (entity declarations) or without: removed before
# parsing so no entity is ever expanded (billion laughs, external entities).
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one feed document gave."""

    title: str = ""
    """The feed's own title."""
    stories: tuple[Story, ...] = ()
    """Its items, in document order, deduplicated."""
    error: str = ""
    """Empty when the document was a usable feed; else a short reason."""
    dropped: int = 0
    """Items left out because of the per-feed cap."""
    extra: dict[str, str] = field(default_factory=dict)
    """Small facts about the feed (e.g. "ttl")."""


def _looks_like_json(body: bytes) -> bool:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[")


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse a feed document.

    Args:
        body: The raw bytes as fetched.
        url: The feed's URL (for relative links and story ids).
        content_type: The Content-Type of the response, if known.

    Returns:
        The feed's title and stories, or an error with what could be read.
    """
    if not body.strip():
        return ParsedFeed(error="empty response: not a feed")
    if "json" in content_type or _looks_like_json(body):
        return _parse_json_feed(body, url)
    return _parse_xml_feed(body, url, content_type)


def _parse_xml_feed(body: bytes, url: str, content_type: str) -> ParsedFeed:
    import feedparser  # imported here: it costs start-up time and is only needed here

    cleaned = _DOCTYPE.sub(b"", body.replace(b"\x00", b""))
    try:
        parsed = feedparser.parse(
            io.BytesIO(cleaned),
            response_headers={
                "content-location": url,
                "content-type": content_type or "application/xml",
            },
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except (RecursionError, MemoryError, ValueError) as error:
        return ParsedFeed(error=f"feed could not be parsed ({type(error).__name__})")
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        head = body[:512].lstrip().lower()
        if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
            return ParsedFeed(error="got a web page, not a feed")
        return ParsedFeed(error="not a feed")
    feed_info = parsed.get("feed") or {}
    title = html_to_text(str(feed_info.get("title") or ""), single_line=True)
    base = url
    link = feed_info.get("link")
    source = title or url_host(url)
    stories, dropped = _collect(_story_from_entry(entry, base, source, url) for entry in entries)
    problem = ""
    if parsed.get("bozo") and not stories:
        problem = "the feed is malformed"
    elif parsed.get("bozo") and _truncated(body):
        problem = "the feed looks cut short"
    extra = {}
    ttl = feed_info.get("ttl")
    if isinstance(ttl, str) and ttl.strip().isdigit():
        extra["ttl"] = ttl.strip()
    if isinstance(link, str):
        try:
            extra["site"] = openable_url(link, url)
        except UnsafeURL:
            pass
    return ParsedFeed(title=title, stories=stories, error=problem, dropped=dropped, extra=extra)


def _truncated(body: bytes) -> bool:
    tail = body.rstrip()[-64:].lower()
    return not (
        tail.endswith(b"</rss>") or tail.endswith(b"</feed>") or tail.endswith(b"</rdf:rdf>")
    )


def _collect(candidates: Any) -> tuple[tuple[Story, ...], int]:
    stories: list[Story] = []
    seen: set[str] = set()
    dropped = 0
    for story in candidates:
        if story is None or story.id in seen:
            continue
        if len(stories) >= MAX_ENTRIES:
            dropped += 1
            continue
        seen.add(story.id)
        stories.append(story)
    return tuple(stories), dropped


def _entry_text(entry: Any, key: str) -> str:
    value = entry.get(key)
    return value if isinstance(value, str) else ""


def _date_from_struct(value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in tuple(value)[:6])
        return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _story_id(guid: str, link: str, title: str, summary: str, feed_url: str) -> str:
    if guid.strip():
        return sanitize_display(guid, cap=1000)
    if link:
        return link
    digest = hashlib.sha256(f"{feed_url}\0{title}\0{summary}".encode("utf-8", "replace"))
    return f"sha256:{digest.hexdigest()[:32]}"


def _story_from_entry(entry: Any, base: str, source: str, feed_url: str) -> Story | None:
    try:
        title_html = _entry_text(entry, "title")
        title = html_to_text(title_html, single_line=True)
        raw_link = _entry_text(entry, "link")
        try:
            link = openable_url(raw_link, base) if raw_link else ""
        except UnsafeURL:
            link = ""
        summary = html_to_text(_entry_text(entry, "summary"), cap=SUMMARY_CAP)
        content = ""
        contents = entry.get("content")
        if isinstance(contents, list):
            for part in contents:
                value = part.get("value") if isinstance(part, dict) else None
                if isinstance(value, str) and value.strip():
                    content = html_to_text(value, cap=CONTENT_CAP)
                    break
        if content and content == summary:
            content = ""
        # dict.get: FeedParserDict maps a missing updated_parsed onto published_parsed
        # with a DeprecationWarning.
        published = _date_from_struct(dict.get(entry, "published_parsed")) or _date_from_struct(
            dict.get(entry, "updated_parsed")
        )
        author = html_to_text(_entry_text(entry, "author"), single_line=True, cap=120)
        guid = _entry_text(entry, "id")
        return Story(
            id=_story_id(guid, link, title, summary, feed_url),
            title=title or UNTITLED,
            url=link,
            summary=summary,
            content=content,
            published=published,
            author=author,
            source=source,
            feed_url=feed_url,
        )
    except (AttributeError, TypeError, ValueError, RecursionError):
        return None


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        return ParsedFeed(error="not a valid JSON Feed")
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        return ParsedFeed(error="JSON that is not a JSON Feed")
    raw_title = data.get("title")
    title = sanitize_display(raw_title) if isinstance(raw_title, str) else ""
    source = title or url_host(url)
    items = data.get("items")
    if not isinstance(items, list):
        return ParsedFeed(title=title, error="the JSON Feed has no items")
    stories, dropped = _collect(_story_from_json(item, url, source) for item in items)
    return ParsedFeed(title=title, stories=stories, dropped=dropped)


def _json_str(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def _story_from_json(item: Any, url: str, source: str) -> Story | None:
    if not isinstance(item, dict):
        return None
    title = sanitize_display(_json_str(item, "title"))
    raw_link = _json_str(item, "url") or _json_str(item, "external_url")
    try:
        link = openable_url(raw_link, url) if raw_link else ""
    except UnsafeURL:
        link = ""
    summary = sanitize_display(_json_str(item, "summary"), single_line=False, cap=SUMMARY_CAP)
    content = ""
    if _json_str(item, "content_html"):
        content = html_to_text(_json_str(item, "content_html"), cap=CONTENT_CAP)
    elif _json_str(item, "content_text"):
        content = sanitize_display(
            _json_str(item, "content_text"), single_line=False, cap=CONTENT_CAP
        )
    if not summary and content:
        summary = content[:300]
    published = None
    for key in ("date_published", "date_modified"):
        stamp = _json_str(item, key)
        if stamp:
            try:
                published = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
                if published.tzinfo is None:
                    published = published.replace(tzinfo=UTC)
                published = published.astimezone(UTC)
                break
            except (ValueError, OverflowError):
                published = None
    author = ""
    authors = item.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        author = sanitize_display(_json_str(authors[0], "name"), cap=120)
    elif isinstance(item.get("author"), dict):
        author = sanitize_display(_json_str(item["author"], "name"), cap=120)
    raw_id = item.get("id")
    guid = raw_id if isinstance(raw_id, str) else str(raw_id) if isinstance(raw_id, int) else ""
    return Story(
        id=_story_id(guid, link, title, summary, url),
        title=title or UNTITLED,
        url=link,
        summary=summary,
        content=content if content != summary else "",
        published=published,
        author=author,
        source=source,
        feed_url=url,
    )
