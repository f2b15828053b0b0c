"""A fast path for well-formed RSS 2.0 and Atom 1.0 feeds: lxml instead of feedparser.

feedparser is pure Python (about 1.3 ms per item with HTML descriptions); lxml reads the
same document in C. `parse` returns what `feedparser.parse` would have returned for the
fields tuinews uses (feed title, link and ttl; each entry's title, link, summary, content,
dates, author and id), as plain dicts of the same shape, so `tuinews.core.feeds` turns
them into stories with the very same code. Where feedparser's answer depends on anything
this module does not reproduce exactly, `parse` returns None and the caller uses
feedparser: a document that is not well-formed, RSS 0.90/1.0 (RDF), an element it does
not know in an item or in the channel, a field given twice, markup nested in a text
field, base64 or inline XHTML content, `xml:base`, a date in a format other than
RFC 822 or W3C date-time. tests/unit/test_fastfeed.py parses every feed fixture both ways
and compares the stories.

Each value goes through feedparser's own steps, in its order: whitespace trimmed,
URI-valued fields (link, permalink guid/id) joined to the feed's URL, the UTF-8-read-as-
Latin-1 repair, and the Windows-1252 mapping of U+0080-U+009F.

The input is a document without a declaration (so no entity can be defined): either
one `feeds._needs_no_bounding` found plain (fewer than MAX_ENTRIES items, no short field
over its cap), or the output of `feeds._bound_xml`. lxml runs with entity resolution,
network access, DTD loading and huge trees off, so it also stops at 256 levels.
"""

from __future__ import annotations

import re
import urllib.parse
from datetime import datetime, timedelta
from typing import Any

from tuinews.core.text import PLAIN_ABSOLUTE_URL

_ATOM = "{http://www.w3.org/2005/Atom}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_MEDIA = "{http://search.yahoo.com/mrss/}"
_WFW = "{http://wellformedweb.org/CommentAPI/}"
_SLASH = "{http://purl.org/rss/1.0/modules/slash/}"
_SY = "{http://purl.org/rss/1.0/modules/syndication/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: RSS item children that feedparser keeps only for fields tuinews does not use.
_RSS_ITEM_IGNORED = frozenset(
    {
        "category",
        "comments",
        "enclosure",
        f"{_WFW}commentRss",
        f"{_WFW}comment",
        f"{_SLASH}comments",
        f"{_MEDIA}thumbnail",
        f"{_MEDIA}content",
    }
)
#: RSS channel children that feedparser keeps only for fields tuinews does not use.
_RSS_CHANNEL_IGNORED = frozenset(
    {
        "description",
        "language",
        "copyright",
        "managingEditor",
        "webMaster",
        "pubDate",
        "lastBuildDate",
        "category",
        "generator",
        "docs",
        "cloud",
        "rating",
        "skipHours",
        "skipDays",
        "image",
        f"{_SY}updatePeriod",
        f"{_SY}updateFrequency",
        f"{_SY}updateBase",
    }
)
#: Atom entry children that feedparser keeps only for fields tuinews does not use.
_ATOM_ENTRY_IGNORED = frozenset({f"{_ATOM}category", f"{_ATOM}contributor", f"{_ATOM}rights"})
#: Atom feed children that feedparser keeps only for fields tuinews does not use.
_ATOM_FEED_IGNORED = frozenset(
    {
        f"{_ATOM}subtitle",
        f"{_ATOM}updated",
        f"{_ATOM}author",
        f"{_ATOM}contributor",
        f"{_ATOM}generator",
        f"{_ATOM}icon",
        f"{_ATOM}logo",
        f"{_ATOM}rights",
        f"{_ATOM}category",
    }
)
#: Content types of Atom text constructs whose text feedparser passes through as it is.
_PLAIN_TYPES = frozenset({"text", "html", "text/plain", "text/html"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

# feedparser's table for U+0080-U+009F (feedparser/html.py `_cp1252`).
_CP1252 = {
    128: "\u20ac",
    130: "\u201a",
    131: "\u0192",
    132: "\u201e",
    133: "\u2026",
    134: "\u2020",
    135: "\u2021",
    136: "\u02c6",
    137: "\u2030",
    138: "\u0160",
    139: "\u2039",
    140: "\u0152",
    142: "\u017d",
    145: "\u2018",
    146: "\u2019",
    147: "\u201c",
    148: "\u201d",
    149: "\u2022",
    150: "\u2013",
    151: "\u2014",
    152: "\u02dc",
    153: "\u2122",
    154: "\u0161",
    155: "\u203a",
    156: "\u0153",
    158: "\u017e",
    159: "\u0178",
}
_C1 = re.compile("[\x80-\x9f]")
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_LINK_REFERENCE = re.compile(r"&([A-Za-z0-9_]+);")
_PLAIN_ABSOLUTE = PLAIN_ABSOLUTE_URL
# xml:base, or any attribute named "base": feedparser rebases relative links on it.
_BASE_ATTRIBUTE = re.compile(r"[\s:]base\s*=")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_RFC822 = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun), )?(\d{1,2}) ([a-z]{3}) (\d{4}) "
    r"(\d{2}):(\d{2})(?::(\d{2}))? (gmt|ut|utc|z|[+-]\d{4})",
    re.IGNORECASE,
)
_W3DTF = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})"
)


class _Unsupported(Exception):
    """Something feedparser would read in a way this module does not reproduce."""


def parse(text: str, url: str) -> dict[str, Any] | None:
    """Read a well-formed RSS 2.0 or Atom 1.0 document the way feedparser would.

    Args:
        text: The document without its XML declaration (see the module docstring).
        url: The feed's URL (the base of relative links).

    Returns:
        A dict shaped like feedparser's result ("version", "bozo", "feed", "entries"),
        or None when the document needs feedparser.
    """
    if _has_base_attribute(text):
        return None
    from lxml import etree  # imported here: only refresh workers parse feeds

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(text, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    base = _urljoin(url, url)
    try:
        if root.tag == "rss" and root.get("version", "2.0") in ("2.0", "0.91", "0.92"):
            return _rss(root, base)
        if root.tag == f"{_ATOM}feed":
            return _atom(root, base)
    except _Unsupported:
        return None
    return None


# -- values as feedparser's `pop` leaves them -------------------------------------------


def _has_base_attribute(text: str) -> bool:
    # str.find first: a regex search of every character costs more than lxml's parse.
    start = text.find("base", 1)
    while start >= 0:
        if _BASE_ATTRIBUTE.match(text, start - 1):
            return True
        start = text.find("base", start + 4)
    return False


def _urljoin(base: str, uri: str) -> str:
    # feedparser/urls.py `_urljoin`: slashes after "scheme://" dropped, then urljoin.
    if uri.isascii() and _PLAIN_ABSOLUTE.fullmatch(uri):
        return uri  # what urljoin returns for it, at a tenth of the cost
    fixed = _URI_FIXER.match(uri)
    if fixed is not None and fixed.group(2):
        uri = fixed.group(1) + uri[fixed.end() :]
    try:
        return urllib.parse.urljoin(base, uri)
    except ValueError:
        return ""


def _finish(value: str) -> str:
    """The UTF-8 repair and the Windows-1252 mapping feedparser applies to every value."""
    if not value.isascii():
        try:
            value = value.encode("iso-8859-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        if _C1.search(value):
            value = value.translate(_CP1252)
    return value


def _text(element: Any) -> str:
    """The text of a field with no child elements (comments count as children)."""
    if len(element):
        raise _Unsupported("markup inside a text field")
    return (element.text or "").strip()


def _value(element: Any, base: str = "") -> str:
    """A text field as feedparser stores it; `base` for URI-valued fields."""
    value = _text(element)
    if base and value:
        value = _urljoin(base, value)
    return _finish(value)


def _plain_content(element: Any, default: str) -> None:
    """Refuse text constructs feedparser would decode or rebuild (base64, XHTML, src)."""
    kind = (element.get("type") or default).lower()
    if kind not in _PLAIN_TYPES or element.get("mode") is not None:
        raise _Unsupported("content type")
    if element.get("src") is not None:
        raise _Unsupported("out-of-line content")


def _no_attributes(element: Any) -> None:
    """Refuse a channel, item or entry with attributes feedparser reads (CDF lastmod and
    href, rdf:about), or any other than xml:lang."""
    if any(name != _XML_LANG for name in element.attrib):
        raise _Unsupported("attributes on a channel, item or entry")


def _once(seen: set[str], key: str) -> None:
    if key in seen:
        raise _Unsupported(f"{key} given twice")
    seen.add(key)


def _date(value: str) -> tuple[int, ...] | None:
    """feedparser's UTC time tuple for an RFC 822 or W3C date-time string."""
    if not value:
        return None
    found = _W3DTF.fullmatch(value)
    if found:
        year, month, day, hour, minute = (int(found.group(n)) for n in range(1, 6))
        second = int(found.group(6) or 0)
        zone = found.group(7)
        offset = 0 if zone in ("Z", "z") else int(zone[1:3]) * 60 + int(zone[4:6])
        if zone.startswith("-"):
            offset = -offset
    else:
        found = _RFC822.fullmatch(value)
        if not found:
            raise _Unsupported("date format")
        month = _MONTHS.get(found.group(2).lower(), 0)
        if not month:
            raise _Unsupported("date format")
        day, year, hour, minute = (int(found.group(n)) for n in (1, 3, 4, 5))
        second = int(found.group(6) or 0)
        zone = found.group(7)
        offset = 0
        if zone[0] in "+-":
            offset = int(zone[1:3]) * 60 + int(zone[3:5])
            if zone.startswith("-"):
                offset = -offset
    try:
        stamp = datetime(year, month, day, hour, minute, second) - timedelta(minutes=offset)
    except (ValueError, OverflowError) as error:
        raise _Unsupported("date out of range") from error
    return tuple(stamp.utctimetuple())


def _dated(entry: dict[str, Any], key: str, element: Any) -> None:
    value = _value(element)
    entry[key] = value
    entry[f"{key}_parsed"] = _date(value)


def _link_attributes(element: Any) -> tuple[str, str, str | None]:
    """rel, type and href of a link element, defaulted and normalised like feedparser."""
    attributes = {name.lower(): value for name, value in element.attrib.items()}
    if len(attributes) != len(element.attrib):
        raise _Unsupported("attributes differing only in case")
    rel = (attributes.get("rel") or "alternate").lower()
    default = "application/atom+xml" if rel == "self" else "text/html"
    kind = (attributes.get("type") or default).lower()
    href = attributes.get("url", attributes.get("uri", attributes.get("href")))
    return rel, kind, href


def _content_kind(kind: str) -> str:
    return {"text": "text/plain", "plain": "text/plain", "html": "text/html"}.get(kind, kind)


def _html_alternate(element: Any, base: str) -> str | None:
    """The link a <link href=...> sets (`rel` alternate, an HTML type), else None."""
    rel, kind, href = _link_attributes(element)
    if not href:
        raise _Unsupported("a link without href")
    if rel == "alternate" and _content_kind(kind) in _HTML_TYPES:
        return _urljoin(base, href)
    return None


def _guid(entry: dict[str, Any], element: Any, base: str) -> None:
    """guid (RSS) or id (Atom): resolved when it is a permalink, and the link if none."""
    flags = [v for k, v in element.attrib.items() if k.lower() == "ispermalink"]
    if len(flags) > 1:
        raise _Unsupported("isPermaLink twice")
    permalink = (flags[0] if flags else "true") == "true"
    value = _value(element, base if permalink else "")
    entry["id"] = value
    if permalink and "link" not in entry:
        entry["link"] = value


# -- RSS 2.0 ---------------------------------------------------------------------------


def _rss(root: Any, base: str) -> dict[str, Any]:
    channels = [child for child in root if isinstance(child.tag, str)]
    if len(channels) != 1 or channels[0].tag != "channel":
        raise _Unsupported("not one channel")
    _no_attributes(channels[0])
    feed: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for child in channels[0]:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "item":
            entries.append(_rss_item(child, base))
        elif tag == "title":
            _once(seen, tag)
            feed["title"] = _value(child)
        elif tag == "link":
            _once(seen, tag)
            feed["link"] = _LINK_REFERENCE.sub(r"&\g<1>", _value(child, base))
        elif tag == f"{_ATOM}link":
            alternate = _html_alternate(child, base)
            if alternate is not None:
                feed["link"] = alternate
        elif tag == "ttl":
            _once(seen, tag)
            feed["ttl"] = _value(child)
        elif tag not in _RSS_CHANNEL_IGNORED:
            raise _Unsupported(f"channel element {tag}")
    return {"version": "rss20", "bozo": 0, "feed": feed, "entries": entries}


def _rss_item(item: Any, base: str) -> dict[str, Any]:
    _no_attributes(item)
    entry: dict[str, Any] = {}
    seen: set[str] = set()
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "title":
            _once(seen, tag)
            entry["title"] = _value(child)
        elif tag == "link":
            _once(seen, tag)
            if child.attrib:
                raise _Unsupported("link attributes")
            link = _value(child, base).replace("&amp;", "&")
            entry["link"] = _LINK_REFERENCE.sub(r"&\g<1>", link)
        elif tag == "description":
            _once(seen, tag)
            _plain_content(child, "text/html")
            entry["summary"] = _value(child)
        elif tag == _CONTENT_ENCODED:
            _once(seen, tag)
            _plain_content(child, "text/html")
            value = _value(child)
            entry["content"] = [{"value": value}]
            entry.setdefault("summary", value)
        elif tag == "guid":
            _once(seen, tag)
            _guid(entry, child, base)
        elif tag == "pubDate":
            _once(seen, tag)
            _dated(entry, "published", child)
        elif tag == f"{_DC}date":
            _once(seen, tag)
            _dated(entry, "updated", child)
        elif tag in ("author", f"{_DC}creator"):
            _once(seen, "author")
            entry["author"] = _value(child)
        elif tag in _RSS_ITEM_IGNORED:
            if len(child):
                raise _Unsupported(f"children in {tag}")
        else:
            raise _Unsupported(f"item element {tag}")
    return entry


# -- Atom 1.0 --------------------------------------------------------------------------


def _atom(root: Any, base: str) -> dict[str, Any]:
    feed: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for child in root:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{_ATOM}entry":
            entries.append(_atom_entry(child, base))
        elif tag == f"{_ATOM}title":
            _once(seen, tag)
            _plain_content(child, "text")
            feed["title"] = _value(child)
        elif tag == f"{_ATOM}link":
            alternate = _html_alternate(child, base)
            if alternate is not None:
                feed["link"] = alternate
        elif tag == f"{_ATOM}id":
            _once(seen, tag)
            _guid(feed, child, base)
        elif tag not in _ATOM_FEED_IGNORED:
            raise _Unsupported(f"feed element {tag}")
    feed.pop("id", None)
    return {"version": "atom10", "bozo": 0, "feed": feed, "entries": entries}


def _atom_entry(element: Any, base: str) -> dict[str, Any]:
    _no_attributes(element)
    entry: dict[str, Any] = {}
    seen: set[str] = set()
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{_ATOM}title":
            _once(seen, tag)
            _plain_content(child, "text")
            entry["title"] = _value(child)
        elif tag == f"{_ATOM}link":
            alternate = _html_alternate(child, base)
            if alternate is not None:
                entry["link"] = alternate
        elif tag == f"{_ATOM}id":
            _once(seen, tag)
            _guid(entry, child, base)
        elif tag == f"{_ATOM}summary":
            _once(seen, tag)
            _plain_content(child, "text")
            entry["summary"] = _value(child)
        elif tag == f"{_ATOM}content":
            _once(seen, tag)
            _plain_content(child, "text")
            value = _value(child)
            entry["content"] = [{"value": value}]
            entry.setdefault("summary", value)
        elif tag == f"{_ATOM}published":
            _once(seen, tag)
            _dated(entry, "published", child)
        elif tag == f"{_ATOM}updated":
            _once(seen, tag)
            _dated(entry, "updated", child)
        elif tag == f"{_ATOM}author":
            _once(seen, tag)
            entry["author"] = _atom_author(child)
        elif tag not in _ATOM_ENTRY_IGNORED:
            raise _Unsupported(f"entry element {tag}")
    return entry


def _atom_author(element: Any) -> str:
    """The author as feedparser gives it: "name (email)", the name, the e-mail, or text."""
    parts: dict[str, str] = {}
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag not in (f"{_ATOM}name", f"{_ATOM}email", f"{_ATOM}uri"):
            raise _Unsupported(f"author element {tag}")
        key = tag[len(_ATOM) :]
        _once(set(parts), key)
        parts[key] = _value(child)
    if not parts:
        return _value(element)
    if (element.text or "").strip() or any((child.tail or "").strip() for child in element):
        raise _Unsupported("text beside author elements")
    name, email = parts.get("name"), parts.get("email")
    if name and email:
        return f"{name} ({email})"
    return name or email or ""
