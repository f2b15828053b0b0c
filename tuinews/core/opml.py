"""OPML import and export: sections are outline folders, feeds are `type="rss"` outlines.

Export writes one `<outline text="Section">` folder per section holding one
`<outline type="rss" xmlUrl=... text=... title=...>` per feed, plus tuinews' own
per-feed settings as `tuinews:` attributes (never the request headers: they are secrets),
so an export imported again gives the same sections and feeds.

Import reads any reader's OPML: folders (the innermost names the section), feeds at the
top level (a section each, named after the feed, or "Imported"), and refuses feeds the
link gate refuses (`file:`, `exec:`, `javascript:`, commands). The document is parsed
without its DTD: entities are never expanded and nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tuinews.core.models import FeedOptions, Section
from tuinews.core.text import UnsafeURL, openable_url, sanitize_display

#: Largest OPML document read.
MAX_BYTES = 5 * 1024 * 1024
#: Most feeds read from one document.
MAX_FEEDS = 10_000
#: The namespace of tuinews' own attributes.
NAMESPACE = "urn:tuinews:opml:1"
#: Section for top-level feeds that have no name of their own.
IMPORTED = "Imported"

_DOCTYPE = re.compile(
    rb"""<!DOCTYPE(?:[^\[>"']++|"[^"]*+"|'[^']*+')*+(?:\[(?:[^\]"']++|"[^"]*+"|'[^']*+')*+\])?\s*+>""",
    re.IGNORECASE,
)


class OpmlError(Exception):
    """The document is not usable OPML; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class OpmlImport:
    """What an OPML document holds, checked."""

    sections: tuple[tuple[str, tuple[FeedOptions, ...]], ...]
    """(section name, feeds) in document order; names unique (case-insensitive)."""
    skipped: tuple[str, ...] = ()
    """Feeds left out, each with the reason (sanitized)."""
    title: str = ""
    """The document's `<head><title>`."""

    @property
    def feed_count(self) -> int:
        """How many feeds the sections hold."""
        return sum(len(feeds) for _, feeds in self.sections)


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def _attr(outline: Any, name: str) -> str:
    value = outline.get(name)
    if value is None:
        # Readers disagree on case (xmlUrl, xmlurl, XMLURL).
        lowered = name.lower()
        for key, other in outline.attrib.items():
            if isinstance(key, str) and key.lower() == lowered:
                value = other
                break
    return value if isinstance(value, str) else ""


def _ours(outline: Any, name: str) -> str:
    value = outline.get(f"{{{NAMESPACE}}}{name}")
    return value if isinstance(value, str) else ""


def _options(outline: Any, url: str) -> FeedOptions:
    title = sanitize_display(_attr(outline, "title") or _attr(outline, "text"), cap=120)
    if title == url:
        title = ""
    minutes_text = _ours(outline, "refreshMinutes")
    minutes = int(minutes_text) if minutes_text.isdigit() and len(minutes_text) < 6 else None
    return FeedOptions(
        url=url,
        title=title,
        refresh_minutes=max(1, min(24 * 60, minutes)) if minutes is not None else None,
        enabled=_ours(outline, "enabled") != "false",
        full_text=_ours(outline, "fullText") == "true",
    )


def parse_opml(data: bytes, *, section: str | None = None) -> OpmlImport:
    """Read an OPML document.

    Args:
        data: The file's bytes.
        section: Put every feed in this section instead of the document's folders.

    Raises:
        OpmlError: when the document is too large or not OPML.
    """
    from lxml import etree

    if len(data) > MAX_BYTES:
        raise OpmlError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    # The DTD goes before parsing: no entity is ever defined, so none expands.
    cleaned = _DOCTYPE.sub(b"", data, count=1)
    try:
        root = etree.fromstring(cleaned, _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise OpmlError(f"not an OPML file ({sanitize_display(str(error), cap=80)})") from None
    if root is None or not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise OpmlError("not an OPML file (no <opml> element)")
    body = next((c for c in root if isinstance(c.tag, str) and c.tag.lower() == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file (no <body>)")
    head = next((c for c in root if isinstance(c.tag, str) and c.tag.lower() == "head"), None)
    title = ""
    if head is not None:
        element = next((c for c in head if c.tag == "title"), None)
        title = sanitize_display(element.text or "", cap=120) if element is not None else ""
    sections: dict[str, tuple[str, list[FeedOptions]]] = {}
    skipped: list[str] = []
    count = 0

    def add(name: str, options: FeedOptions) -> None:
        key = name.casefold()
        if key not in sections:
            sections[key] = (name, [])
        feeds = sections[key][1]
        if all(existing.url != options.url for existing in feeds):
            feeds.append(options)

    def walk(parent: Any, folder: str | None) -> None:
        nonlocal count
        for outline in parent:
            if not isinstance(outline.tag, str) or outline.tag.lower() != "outline":
                continue
            raw_url = _attr(outline, "xmlUrl")
            name = sanitize_display(_attr(outline, "text") or _attr(outline, "title"), cap=60)
            if not raw_url:
                if len(outline):
                    walk(outline, name or folder)
                continue
            if count >= MAX_FEEDS:
                skipped.append(f"feeds after the first {MAX_FEEDS:,}")
                return
            try:
                url = openable_url(raw_url)
            except UnsafeURL as error:
                shown = sanitize_display(raw_url, cap=80)
                skipped.append(f"{name or shown}: {shown} ({error})")
                continue
            count += 1
            options = _options(outline, url)
            add(section or folder or options.title or IMPORTED, options)

    walk(body, None)
    return OpmlImport(
        sections=tuple((name, tuple(feeds)) for name, feeds in sections.values()),
        skipped=tuple(dict.fromkeys(skipped)),
        title=title,
    )


def export_opml(
    sections: Iterable[Section],
    options: Mapping[str, FeedOptions] | None = None,
    titles: Mapping[str, str] | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """The OPML 2.0 document of the sections.

    Args:
        sections: The sections, in tab order.
        options: Per-feed settings by URL (custom titles, refresh, enabled, full text).
        titles: Feed titles known from the cache, for feeds with no custom title.
        now: The export time written in the head.
    """
    from lxml import etree

    options = options or {}
    titles = titles or {}
    root = etree.Element("opml", version="2.0", nsmap={"tuinews": NAMESPACE})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "tuinews sections"
    stamp = (now or datetime.now(UTC)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    etree.SubElement(head, "dateCreated").text = stamp
    body = etree.SubElement(root, "body")
    for section in sections:
        folder = etree.SubElement(body, "outline", text=section.name, title=section.name)
        for url in section.feeds:
            feed = options.get(url) or FeedOptions(url)
            title = feed.title or titles.get(url, "") or url
            outline = etree.SubElement(
                folder, "outline", type="rss", text=title, title=title, xmlUrl=url
            )
            if feed.refresh_minutes is not None:
                outline.set(f"{{{NAMESPACE}}}refreshMinutes", str(feed.refresh_minutes))
            if not feed.enabled:
                outline.set(f"{{{NAMESPACE}}}enabled", "false")
            if feed.full_text:
                outline.set(f"{{{NAMESPACE}}}fullText", "true")
    text: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return text.decode("utf-8")
