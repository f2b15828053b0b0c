"""Feed bytes to stories: RSS, Atom (feedparser) and JSON Feed.

`parse_feed` is a pure function run in a worker thread. It never raises for bad input:
it returns a `ParsedFeed` whose `error` says what was wrong, with whatever stories could
be read. Every field comes out as sanitized plain text, capped.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tuinews.core.identity import canonical_url
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
#: Deepest element nesting passed to feedparser; deeper tags are dropped, their text kept.
MAX_DEPTH = 64
#: Children of one name kept per item (categories, enclosures, media...).
MAX_ITEM_CHILDREN = 100
#: Characters of text kept in an author, name or e-mail element.
SHORT_FIELD_CAP = 200
# Elements whose text feedparser runs its e-mail regex over: quadratic in their length.
_SHORT_FIELDS = frozenset(
    {"author", "creator", "contributor", "managingeditor", "webmaster", "name", "email", "uri"}
)


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


def parse_feed(
    body: bytes, url: str, content_type: str = "", charset: str = "", *, fast: bool = True
) -> ParsedFeed:
    """Parse a feed document.

    Args:
        body: The raw bytes as fetched.
        url: The feed's URL (for relative links and story ids).
        content_type: The Content-Type of the response, if known.
        charset: The charset parameter of the Content-Type, if any.
        fast: Read well-formed RSS 2.0 and Atom 1.0 with lxml (`tuinews.core.fastfeed`);
            False always uses feedparser (the tests compare the two).

    Returns:
        The feed's title and stories, or an error with what could be read.
    """
    if not body.strip():
        return ParsedFeed(error="empty response: not a feed")
    if "json" in content_type or _looks_like_json(body):
        return _parse_json_feed(body, url)
    return _parse_xml_feed(body, url, charset, fast)


# -- XML: decoding and a bounding pass before feedparser --------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_XML_DECL = re.compile(rb"\s*<\?xml\s[^>]{0,400}?\?>")
_XML_DECL_TEXT = re.compile(r"\s*<\?xml\s[^>]{0,400}?\?>")
_DECL_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
# Codecs that are not a document's character set, or that turn text into escapes.
_REFUSED_CODECS = frozenset(
    {"unicode_escape", "raw_unicode_escape", "undefined", "idna", "punycode", "utf-7"}
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
# Characters XML forbids or a terminal would act on: removed before parsing, so the
# document stays well-formed and no control reaches a field (R1). TAB/LF/CR stay.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# The same characters as a str.translate table: ten times faster than the regex on an
# ASCII document (and many times slower on others).
_XML_UNSAFE_TABLE = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]
)


def _codec(name: str) -> str | None:
    """A usable text codec for a declared charset name, or None to ignore the name."""
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    codec = info.name
    if not getattr(info, "_is_text_encoding", True) or codec in _REFUSED_CODECS:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # Without a BOM or NUL bytes the document is ASCII-compatible: the name lies.
        return None
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # what browsers do, and what such feeds really contain
    return codec


def _decode_xml(body: bytes, charset: str) -> str:
    """Decode a feed document: BOM, then the XML declaration, then HTTP, then UTF-8.

    Invalid bytes become U+FFFD instead of switching the whole document to another
    charset; an unknown or impossible declared encoding is ignored.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    if body.startswith(b"<\x00") and not body.startswith(b"<\x00\x00"):
        return body.decode("utf-16-le", errors="replace")
    if body.startswith(b"\x00<"):
        return body.decode("utf-16-be", errors="replace")
    declaration = _XML_DECL.match(body)
    declared = ""
    if declaration:
        found = _DECL_ENCODING.search(declaration.group())
        declared = found.group(1).decode("ascii") if found else ""
    codec = _codec(declared) or _codec(charset) or "utf-8"
    if codec == "utf-8":
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if not declared and not charset and not _UTF8_MULTIBYTE.search(body):
            # Undeclared and not a single UTF-8 sequence: a legacy single-byte feed.
            return body.decode("cp1252", errors="replace")
    try:
        return body.decode(codec, errors="replace")
    except (LookupError, UnicodeError):
        return body.decode("utf-8", errors="replace")


_TOKEN = re.compile(
    r"""
      <!\[CDATA\[.*?\]\]>
    | <!--.*?-->
    | <\?.*?\?>
    | <!(?P<decl>[A-Za-z]+)
    | <(?P<close>/)?(?P<name>[^\s/>!?"'=<]+)
      (?P<attrs>(?:[^>"'<]++|"[^"<]*+"|'[^'<]*+')*+)>
    | <!\[CDATA\[ | <!-- | <\?
    """,
    re.DOTALL | re.VERBOSE,
)
_DOCTYPE_REST = re.compile(
    r"""(?:[^\[>"']++|"[^"]*+"|'[^']*+')*+(?:\[(?:[^\]"']++|"[^"]*+"|'[^']*+')*+\])?\s*+>"""
)
_ENTRY_START = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s/>]")


@dataclass(slots=True)
class _Bounded:
    """A feed document after the bounding pass."""

    text: str
    """The document to give feedparser."""
    dropped: int = 0
    """Items left out after MAX_ENTRIES."""
    partial: bool = False
    """The document ends inside an element, a CDATA section or a comment."""


def _local(name: str) -> str:
    return name.rpartition(":")[2].lower()


def _cut_text(text: str, size: int) -> str:
    """The first `size` characters of XML text, never ending inside a reference."""
    kept = text[: max(0, size)]
    amp = kept.rfind("&")
    return kept[:amp] if amp >= 0 and ";" not in kept[amp:] else kept


class _Bounder:
    """The state of one bounding pass (see `_bound_xml`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []  # kept pieces, once anything was left out
        self.last = 0  # text[last:] is not in out yet
        self.stack: list[str] = []  # open elements
        self.counts: list[dict[str, int] | None] = []  # children per open item
        self.excess = 0  # open tags dropped for depth
        self.skip_level = -1  # >= 0 while inside a child dropped by the item cap
        self.skip_from = 0
        self.short_depth = 0  # open short fields (author, name...)
        self.budget = 0  # characters of text left to the outermost open short field
        self.entries = 0
        self.root_closed = False
        self.partial = False

    def replace(self, start: int, end: int, new: str = "") -> None:
        """Leave text[start:end] out (putting `new` there), unless inside a dropped child."""
        if self.skip_level < 0:
            self.out.append(self.text[self.last : start])
            if new:
                self.out.append(new)
            self.last = end

    def text_run(self, start: int, end: int) -> None:
        """Text between two tokens: capped inside short fields."""
        if not self.short_depth or end <= start:
            return
        if end - start > self.budget:
            self.replace(start, end, _cut_text(self.text[start:end], self.budget))
            self.budget = 0
        else:
            self.budget -= end - start

    def cdata(self, start: int, end: int) -> None:
        """A CDATA section: capped inside short fields."""
        size = end - start - 12
        if not self.short_depth:
            return
        if size > self.budget:
            inner = self.text[start + 9 : start + 9 + self.budget]
            self.replace(start, end, f"<![CDATA[{inner}]]>" if inner else "")
            self.budget = 0
        else:
            self.budget -= size

    def open(self, name: str, start: int, end: int, self_closing: bool) -> None:
        """A start tag."""
        if self.excess or len(self.stack) >= MAX_DEPTH:
            if not self_closing:
                self.excess += 1
            self.replace(start, end)
            return
        parent = self.counts[-1] if self.counts else None
        if parent is not None and self.skip_level < 0:
            seen = parent[name] = parent.get(name, 0) + 1
            if seen > MAX_ITEM_CHILDREN:
                if self_closing:
                    self.replace(start, end)
                    return
                self.skip_level = len(self.stack)
                self.skip_from = start
        if self_closing:
            return
        local = _local(name)
        self.stack.append(name)
        self.counts.append({} if local in ("item", "entry") else None)
        if local in _SHORT_FIELDS:
            if not self.short_depth:
                self.budget = SHORT_FIELD_CAP
            self.short_depth += 1

    def close(self, name: str, start: int, end: int) -> bool:
        """An end tag; True when the entry cap is reached."""
        if self.excess:
            self.excess -= 1
            self.replace(start, end)
            return False
        if name not in self.stack:
            return False
        while True:
            top = self.stack.pop()
            self.counts.pop()
            if _local(top) in _SHORT_FIELDS:
                self.short_depth -= 1
            if top == name:
                break
        if self.skip_level >= 0:
            if len(self.stack) <= self.skip_level:
                # The dropped child is closed: leave it out, tags and text.
                self.skip_level = -1
                self.replace(self.skip_from, end)
            return False
        if not self.stack:
            self.root_closed = True
        if _local(name) in ("item", "entry"):
            self.entries += 1
            return self.entries >= MAX_ENTRIES
        return False

    def result(self, stop: int | None = None) -> _Bounded:
        """The bounded document; with `stop`, cut there and closed (the entry cap)."""
        if stop is not None:
            dropped = sum(1 for _ in _ENTRY_START.finditer(self.text, stop))
            if dropped:
                self.out.append(self.text[self.last : stop])
                self.out.extend(f"</{name}>" for name in reversed(self.stack))
                return _Bounded("".join(self.out), dropped, self.partial)
        if self.skip_level >= 0:
            self.out.append(self.text[self.last : self.skip_from])
            self.last = len(self.text)
        partial = self.partial or not self.root_closed
        if not self.out:
            return _Bounded(self.text, 0, partial)
        self.out.append(self.text[self.last :])
        return _Bounded("".join(self.out), 0, partial)


def _bound_xml(text: str) -> _Bounded:
    """Make a feed document cheap and safe to parse, keeping what a reader sees.

    One linear pass over the markup: DOCTYPE and other declarations are removed (no
    entity is ever defined, so none expands); tags nested deeper than MAX_DEPTH are
    dropped with their text kept; an item keeps at most MAX_ITEM_CHILDREN children of
    one name; short fields (authors: feedparser's e-mail regex is quadratic) keep
    SHORT_FIELD_CAP characters; after MAX_ENTRIES items the document is closed and the
    rest counted.
    """
    state = _Bounder(_XML_UNSAFE.sub("", text))
    text = state.text
    search = _TOKEN.search
    position = 0
    while (match := search(text, position)) is not None:
        run_start = position
        start, position = match.span()
        state.text_run(run_start, start)
        decl, close, name = match.group("decl", "close", "name")
        if name is not None:
            if close is not None:
                if state.close(name, start, position):
                    return state.result(stop=position)
            else:
                state.open(name, start, position, text.startswith("/>", position - 2))
        elif decl is not None:
            # <!DOCTYPE ...> with its internal subset, <!ENTITY ...> and the like.
            if decl.upper() == "DOCTYPE":
                rest = _DOCTYPE_REST.match(text, position)
                stop = rest.end() if rest else -1
            else:
                stop = text.find(">", position)
                stop = stop + 1 if stop >= 0 else -1
            if stop < 0:
                state.replace(start, len(text))
                state.partial = True
                break
            state.replace(start, stop)
            position = stop
        elif text.startswith("<![CDATA[", start):
            if position - start == 9:
                state.partial = True  # unterminated: the document was cut
                break
            state.cdata(start, position)
        elif match.group() in ("<!--", "<?"):
            state.partial = True
            break
    return state.result()


# A declaration (<!DOCTYPE, <!ENTITY...): only the bounding pass removes those.
_DECLARATION = re.compile(r"<![A-Za-z]")
# A short field (see _SHORT_FIELDS) whose start tag is followed by more than
# SHORT_FIELD_CAP characters before the next end tag: the bounding pass may cut its text.
_LONG_SHORT_FIELD = re.compile(
    r"<(?:[^\s/>!?\"'=<]*:)?(?:author|creator|contributor|managingeditor|webmaster|name"
    r"|email|uri)(?=[\s/>])[^>]*+>(?:[^<]|<(?!/)){" + str(SHORT_FIELD_CAP + 1) + "}",
    re.IGNORECASE,
)
# How a short field's start tag begins: "<name" or "prefix:name".
_SHORT_FIELD_HEADS = tuple(head + name for name in sorted(_SHORT_FIELDS) for head in ("<", ":"))
_TAG_NAME_END = frozenset(" \t\r\n/>")
# The start of an item or entry, as the bounding pass counts them (over-counts are fine).
_ENTRY_TAG = re.compile(r"<(?:[^\s/>!?\"'=<]*:)?(?:item|entry)[\s/>]", re.IGNORECASE)


def _short_fields_fit(text: str) -> bool:
    """True when no short field of the document can hold more than SHORT_FIELD_CAP
    characters (checked generously: a false "no" only costs the bounding pass)."""
    if not text.isascii():
        return _LONG_SHORT_FIELD.search(text) is None
    lower = text.lower()  # ASCII: same length, same positions
    for head in _SHORT_FIELD_HEADS:
        at = lower.find(head)
        while at >= 0:
            name_end = at + len(head)
            if lower[name_end : name_end + 1] in _TAG_NAME_END:
                # From the tag's start, its qualified name, then its end tag's distance.
                start = lower.rfind("<", 0, at + 1)
                qualified = lower[start + 1 : name_end]
                close = lower.find(">", name_end)
                if start < 0 or close < 0:
                    return False
                if not qualified.startswith("/") and lower[close - 1] != "/":
                    end = lower.find("</" + qualified, close)
                    if end < 0 or end - close - 1 > SHORT_FIELD_CAP:
                        return False
            at = lower.find(head, name_end)
    return True


def _needs_no_bounding(text: str) -> bool:
    """True when the bounding pass would leave a well-formed document's fields as they are.

    For documents lxml reads whole (anything else fails its parse and takes the bounded
    path): no declaration to remove (so no entity is defined), fewer than MAX_ENTRIES
    items, and no short field (author, name...) spanning more than SHORT_FIELD_CAP
    characters of the document, so none is cut. Nesting deeper than MAX_DEPTH and
    children beyond MAX_ITEM_CHILDREN change nothing the fast path keeps: it refuses
    markup inside the fields it reads and ignores the subtrees it skips, and lxml itself
    stops at 256 levels without `huge_tree`.
    """
    if _DECLARATION.search(text) or not _short_fields_fit(text):
        return False
    return text.count("<") <= MAX_ENTRIES or len(_ENTRY_TAG.findall(text)) < MAX_ENTRIES


def _parse_xml_feed(
    body: bytes, url: str, charset: str, fast: bool = True, *, bound_first: bool = False
) -> ParsedFeed:
    # Decoded here, once; feedparser gets UTF-8 under a declaration that says so.
    text = _decode_xml(body, charset)
    declaration = _XML_DECL_TEXT.match(text)
    if declaration:
        text = text[declaration.end() :]
    parsed: Any = None
    bounded = _Bounded(text)
    if fast:
        from tuinews.core.fastfeed import parse as parse_well_formed

        # Most feeds are well-formed and plain: lxml reads them as they are (with the
        # characters the bounding pass would remove taken out), skipping that pass.
        if text.isascii():
            clean = text.translate(_XML_UNSAFE_TABLE)
        else:  # translate looks every character up in the table: slower than the regex
            clean = _XML_UNSAFE.sub("", text)
        if not bound_first and _needs_no_bounding(clean):
            parsed = parse_well_formed(clean, url)
        if parsed is None:
            bounded = _bound_xml(text)
            if not bounded.partial:
                parsed = parse_well_formed(bounded.text, url)
    else:
        bounded = _bound_xml(text)
    if parsed is None:
        import feedparser  # imported here: it costs start-up time and is only needed here

        cleaned = b'<?xml version="1.0" encoding="utf-8"?>' + bounded.text.encode("utf-8")
        try:
            parsed = feedparser.parse(
                io.BytesIO(cleaned),
                response_headers={
                    "content-location": url,
                    "content-type": "application/xml; charset=utf-8",
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
    elif bounded.partial or (parsed.get("bozo") and _truncated(body)):
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
    return ParsedFeed(
        title=title,
        stories=stories,
        error=problem,
        dropped=dropped + bounded.dropped,
        extra=extra,
    )


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


#: Years a story's date may have; outside them the date is garbage (0000, 9999).
PLAUSIBLE_YEARS = range(1900, 2201)


def _plausible(when: datetime | None) -> datetime | None:
    return when if when is not None and when.year in PLAUSIBLE_YEARS else None


def _date_from_struct(value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in tuple(value)[:6])
        return _plausible(datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC))
    except (TypeError, ValueError, OverflowError):
        return None


_ZONE = re.compile(r"([+-])(\d\d):?(\d\d)\s*$")


def _entry_date(entry: Any, key: str) -> datetime | None:
    """A date feedparser read, unless its text is implausible (zone +9999, 20 digits)."""
    raw = dict.get(entry, key)
    if not isinstance(raw, str):
        return None
    stripped = raw.strip()
    if stripped.isdigit() and len(stripped) > 8:
        return None
    zone = _ZONE.search(stripped)
    if zone and (int(zone.group(2)) > 14 or int(zone.group(3)) > 59):
        return None
    # dict.get: FeedParserDict maps a missing updated_parsed onto published_parsed
    # with a DeprecationWarning.
    return _date_from_struct(dict.get(entry, f"{key}_parsed"))


def _story_id(guid: str, link: str, title: str, summary: str, feed_url: str) -> str:
    if guid.strip():
        return sanitize_display(guid, cap=1000)
    if link:
        return canonical_url(link)  # tracking parameters are not part of a story's identity
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
        published = _entry_date(entry, "published") or _entry_date(entry, "updated")
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
    """JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): every field type-checked."""
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        return ParsedFeed(error="not a valid JSON Feed")
    if not isinstance(data, dict):
        return ParsedFeed(error="JSON that is not a JSON Feed")
    version = data.get("version")
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        return ParsedFeed(error="JSON that is not a JSON Feed")
    title = sanitize_display(_json_str(data, "title"))
    source = title or url_host(url)
    items = data.get("items")
    if not isinstance(items, list):
        return ParsedFeed(title=title, error="the JSON Feed has no items")
    feed_authors = _json_authors(data)
    stories, dropped = _collect(_story_from_json(item, url, source, feed_authors) for item in items)
    extra: dict[str, str] = {}
    home = _json_str(data, "home_page_url")
    if home:
        try:
            extra["site"] = openable_url(home, url)
        except UnsafeURL:
            pass
    return ParsedFeed(title=title, stories=stories, dropped=dropped, extra=extra)


def _json_authors(data: dict[str, Any]) -> str:
    """Author names of a JSON Feed object: 1.1 `authors` list, else 1.0 `author` object."""
    raw = data.get("authors")
    candidates = raw[:20] if isinstance(raw, list) else []
    if not candidates and isinstance(data.get("author"), dict):
        candidates = [data["author"]]
    names = [
        sanitize_display(_json_str(author, "name"), cap=120)
        for author in candidates
        if isinstance(author, dict)
    ]
    return sanitize_display(", ".join(name for name in names if name), cap=120)


def _json_date(item: dict[str, Any], key: str) -> datetime | None:
    stamp = _json_str(item, key).strip()
    if not stamp or len(stamp) > 64:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00").replace("z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return _plausible(when.astimezone(UTC))
    except (ValueError, OverflowError):
        return None


def _json_str(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def _story_from_json(item: Any, url: str, source: str, feed_authors: str) -> Story | None:
    if not isinstance(item, dict):
        return None
    title = sanitize_display(_json_str(item, "title"))
    link = ""
    for key in ("url", "external_url"):
        raw_link = _json_str(item, key)
        if not raw_link:
            continue
        try:
            link = openable_url(raw_link, url)
            break
        except UnsafeURL:
            continue
    summary = sanitize_display(_json_str(item, "summary"), single_line=False, cap=SUMMARY_CAP)
    content = ""
    if _json_str(item, "content_html").strip():
        content = html_to_text(_json_str(item, "content_html"), cap=CONTENT_CAP)
    elif _json_str(item, "content_text").strip():
        content = sanitize_display(
            _json_str(item, "content_text"), single_line=False, cap=CONTENT_CAP
        )
    if not summary and content:
        summary = content[:300]
    published = _json_date(item, "date_published") or _json_date(item, "date_modified")
    author = _json_authors(item) or feed_authors
    raw_id = item.get("id")
    guid = ""
    if isinstance(raw_id, str):
        guid = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        # The spec says string; integer ids are common. A huge one is not an id.
        guid = str(raw_id) if -(10**30) < raw_id < 10**30 else ""
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
