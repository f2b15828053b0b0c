"""HTML fragments to plain text: the tag-stripping half of `text.html_to_text`.

Kept apart from `tuinews.core.text` so that the first paint (which shows text converted
when the feeds were fetched) does not import html.parser and html.entities or compile
these regexes. `html_to_text` imports this module the first time it is called.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, skipping scripts and styles."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "title"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "pre",
            "tr",
            "table",
            "section",
            "article",
            "figure",
            "figcaption",
            "hr",
            "dd",
            "dt",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n" if tag in ("p", "div", "blockquote") else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n" if tag in ("p", "div", "blockquote") else "\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


_HTMLISH = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")

# A text run, or a start or end tag simple enough to read the way HTMLParser does:
# ASCII name, attributes whose values hold no < or >, nothing else. Anything else (a
# comment, a bare "<", odd attributes) sends the whole fragment to HTMLParser.
_SIMPLE_TOKEN = re.compile(
    r"([^<]+)"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*"
    r"(?:\"[^\"<>]*\"|'[^'<>]*'|[^ \t\n\r\f\"'<>=`/]+(?=[ \t\n\r\f>])))?)*)"
    r"[ \t\n\r\f]*(/?)>"
)
# A plain tag alone (the second branch of _SIMPLE_TOKEN).
_SIMPLE_TAG = re.compile(_SIMPLE_TOKEN.pattern.split("|", 1)[1])
# Tags whose content HTMLParser (depending on the Python version) reads as raw text, or
# that _TextExtractor skips: fragments with them take the HTMLParser path.
_NOT_SIMPLE = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
    | {"noscript", "plaintext", "template", "head"}
)
_BREAKS = {
    tag: "\n\n" if tag in ("p", "div", "blockquote") else "\n" for tag in _TextExtractor._BLOCK
}


def _simple_text(fragment: str) -> str | None:
    """The text `_parsed_text` gives, for fragments of plain tags only; None otherwise.

    Several times faster than HTMLParser on the usual feed summary (paragraphs, links,
    emphasis, entities); `tests/unit/test_text.py` compares the two on generated
    fragments.
    """
    if "\x00" in fragment:
        return None  # NUL stands for a dropped tag below
    try:
        # Tags become their breaks, or NUL (which no entity spans: each text run is
        # unescaped alone, as HTMLParser does), then NUL goes.
        text = _SIMPLE_TAG.sub(_tag_text, fragment)
    except _NotSimple:
        return None
    if "<" in text:
        return None  # a "<" that starts no plain tag
    if "&" in text:
        text = unescape(text)
    return text.replace("\x00", "")


class _NotSimple(Exception):
    """A tag `_simple_text` leaves to HTMLParser."""


def _tag_text(tag: re.Match[str]) -> str:
    closing, name, attributes, self_closing = tag.groups()
    name = name.lower()
    if name in _NOT_SIMPLE or (closing and (attributes or self_closing)):
        raise _NotSimple
    brk = _BREAKS.get(name)
    if brk is None:
        return "\x00"
    # <br/> is a start and an end tag to HTMLParser: two breaks.
    return brk + brk if self_closing else brk


def _parsed_text(fragment: str) -> str:
    """The text of an HTML fragment as HTMLParser reads it (tags dropped, entities decoded)."""
    parser = _TextExtractor()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):
        pass
    return "".join(parser.parts)


def markup_text(fragment: str) -> str:
    """The text of an HTML fragment, not yet sanitized (`html_to_text` does that).

    Tags are dropped, entities decoded once, scripts and styles left out.
    """
    if not _HTMLISH.search(fragment):
        return fragment
    text = _simple_text(fragment)
    return _parsed_text(fragment) if text is None else text
