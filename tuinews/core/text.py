"""The one place untrusted text and URLs are made safe.

Every string that came from the network passes `sanitize_display` before it reaches a
widget, a notification, a log line or the terminal after exit; every URL passes
`openable_url` before it is opened, followed, copied or shown as a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from urllib.parse import urljoin, urlsplit

#: Longest single-line field kept (titles, authors, link texts).
LINE_CAP = 300
#: Longest multi-line text kept (article bodies).
TEXT_CAP = 1024 * 1024
#: Longest URL accepted.
URL_CAP = 8 * 1024

# C0 controls except TAB/LF, DEL, C1, bidi embedding/override/isolate controls, lone
# surrogates. CR is dropped too: a bare CR moves the cursor.
_UNSAFE_CHARS = "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_WHITESPACE = re.compile(r"\s")


# Compiled on first use (~2 and ~1 ms at import): printable and ASCII text, nearly all of
# it, is answered without them.
@cache
def _unsafe() -> re.Pattern[str]:
    return re.compile(_UNSAFE_CHARS)


@cache
def _surrogate() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


_LINE_SPACE = re.compile(r"[\t\n\u2028\u2029]+")
_BLANK_RUN = re.compile(r"\n{3,}")
# A PLAIN_ABSOLUTE_URL whose host is plain letters, digits, dots and dashes, with a port
# up to 65535: urlsplit finds a host and a valid port in it, so the link gate needs no
# urlsplit for it.
_SIMPLE_WEB_URL = re.compile(
    r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?"
    r"(?::(?:[0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
    r"(?:/[^\s?#;\\\[\]]*)?(?:\?[^\s#;\\\[\]]+)?"
)
#: An absolute http(s) URL that urljoin gives back unchanged, whatever the base: a
#: lower-case scheme, a host, no empty "?", no ";" parameters, no fragment, no brackets,
#: backslashes or spaces.
PLAIN_ABSOLUTE_URL = re.compile(
    r"https?://[^\s/?#;\\\[\]]+(?:/[^\s?#;\\\[\]]*)?(?:\?[^\s#;\\\[\]]+)?"
)
_SPACES = re.compile(r"[ \t]{2,}")
# ESC-introduced sequences: after dropping ESC itself, the printable tail ("]0;title")
# stays as literal text, which is what the catalogue asks for (R2).


def sanitize_display(
    value: str | bytes | None, *, single_line: bool = True, cap: int | None = None
) -> str:
    """Make untrusted text safe to show in a terminal.

    Removes control characters (C0 but TAB/LF, DEL, C1), bidi controls and lone
    surrogates, keeps every other character in order, and caps the length. Markup is not
    touched here: callers render the result with markup off (`Content(text)`,
    `markup=False`), so `[bold]` stays six literal characters.

    Args:
        value: Text, or bytes decoded as UTF-8 with replacement.
        single_line: Fold tabs and newlines to single spaces and trim.
        cap: Maximum length; defaults to LINE_CAP for single lines, TEXT_CAP otherwise.

    Returns:
        The safe text.
    """
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    limit = cap if cap is not None else (LINE_CAP if single_line else TEXT_CAP)
    # Cap before the regex work so a hostile 5 MB title costs little; the cap is applied
    # again after cleaning.
    if len(value) > limit * 4 + 64:
        value = value[: limit * 4 + 64]
    # Every character removed or folded below is unprintable (controls, bidi, surrogates,
    # tabs and line breaks): printable text, the usual case, skips those regexes.
    if single_line:
        if value.isprintable():
            if "  " in value:
                value = _SPACES.sub(" ", value)
            value = value.strip()
        else:
            value = _unsafe().sub("", value.replace("\r\n", "\n"))
            value = _LINE_SPACE.sub(" ", value)
            value = _SPACES.sub(" ", value).strip()
    else:
        value = value.replace("\r\n", "\n")
        if not value.replace("\n", "").isprintable():
            value = _unsafe().sub("", value).replace("\t", "    ")
        value = _BLANK_RUN.sub("\n\n", value).strip("\n")
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def has_no_controls(value: str) -> bool:
    """True when `strip_controls` would give `value` back as it is (a cheap check first).

    May say False for text it would keep (printable-looking but not ASCII): callers then
    run `strip_controls`, which is right either way.
    """
    if value.isascii():
        raw = value.encode("ascii")
        return len(raw.translate(None, _ASCII_UNSAFE)) == len(raw)
    return value.isprintable() or value.replace("\n", "").replace("\t", "").isprintable()


def strip_controls(value: str) -> str:
    """Remove what `sanitize_display` removes (controls, bidi, lone surrogates); no more.

    For text read back from the cache: it was sanitized when stored, but a cache written
    by another version, or by someone else, is not trusted to still be.
    """
    if value.isascii():
        # ASCII text can only hold C0 controls and DEL: one scan in C over its bytes
        # (isprintable looks each character up: ~10 us for a 350-character summary).
        raw = value.encode("ascii")
        kept = raw.translate(None, _ASCII_UNSAFE)
        return value if len(kept) == len(raw) else kept.decode("ascii")
    # Every character removed is unprintable: most values need no regex at all.
    if value.isprintable() or value.replace("\n", "").replace("\t", "").isprintable():
        return value
    return _unsafe().sub("", value)


#: The ASCII characters `_UNSAFE_CHARS` holds: C0 controls but TAB and LF, and DEL.
_ASCII_UNSAFE = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def scrub_surrogates(value: str) -> str:
    """Replace lone surrogates with U+FFFD so the text can be encoded as UTF-8."""
    if not value or value.isascii():
        return value
    return _surrogate().sub("\ufffd", value)


class UnsafeURL(ValueError):
    """A URL that tuinews refuses to open or follow."""


def openable_url(raw: str | None, base: str = "") -> str:
    """Check a URL through the one link gate and return it absolute.

    Args:
        raw: The URL as found (may be relative).
        base: The page or feed URL it was found on, for relative links.

    Returns:
        The absolute http(s) URL.

    Raises:
        UnsafeURL: with a short reason, for anything that must not be opened.
    """
    if raw is None:
        raise UnsafeURL("no link")
    url = raw.strip()
    if not url:
        raise UnsafeURL("no link")
    if len(url) > URL_CAP:
        raise UnsafeURL("link too long")
    # Every unsafe character, and all whitespace but the space, is unprintable.
    if " " in url or (not url.isprintable() and (_unsafe().search(url) or _WHITESPACE.search(url))):
        raise UnsafeURL("link contains control characters or spaces")
    if url.startswith("-"):
        raise UnsafeURL("link starts with '-'")
    if "\\" in url:
        raise UnsafeURL("link contains a backslash")
    if url.isascii() and _SIMPLE_WEB_URL.fullmatch(url):
        return url  # what the steps below give back for it
    if base and not (url.isascii() and PLAIN_ABSOLUTE_URL.fullmatch(url)):
        base_parts = urlsplit(base)
        if base_parts.scheme.lower() in ("http", "https") and base_parts.netloc:
            url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise UnsafeURL("malformed link") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL(f"not a web link ({scheme or 'no scheme'})")
    if not host:
        raise UnsafeURL("link has no host")
    if len(url) > URL_CAP:
        raise UnsafeURL("link too long")
    return url


def is_openable(raw: str | None, base: str = "") -> bool:
    """Return True if `openable_url` accepts the URL."""
    try:
        openable_url(raw, base)
    except UnsafeURL:
        return False
    return True


def url_host(url: str) -> str:
    """The real host of a URL as it will be contacted (punycode, no userinfo)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


#: `tuinews.core.markup.markup_text`, once something first turned HTML into text. The
#: module (html.parser, html.entities and its regexes: ~8 ms) is not needed for the
#: first paint, which shows text converted when the feeds were fetched.
_markup_text: Callable[[str], str] | None = None


def _load_markup_text() -> Callable[[str], str]:
    global _markup_text
    from tuinews.core.markup import markup_text

    _markup_text = markup_text
    return markup_text


def html_to_text(fragment: str, *, single_line: bool = False, cap: int | None = None) -> str:
    """Turn an HTML fragment (feed summary, title) into safe plain text.

    Tags are dropped, entities decoded once, scripts and styles left out; the result has
    passed `sanitize_display`.
    """
    if not fragment:
        return ""
    text = (_markup_text or _load_markup_text())(fragment)
    if not single_line and not _lines_are_tidy(text):
        # Collapse spaces inside lines, keep paragraph breaks.
        lines = [" ".join(line.split()) for line in text.split("\n")]
        text = "\n".join(lines)
    return sanitize_display(text, single_line=single_line, cap=cap)


def _lines_are_tidy(text: str) -> bool:
    """True when collapsing each line's spaces would give `text` back unchanged.

    Every whitespace character but the space is unprintable: with line breaks left
    out, printable text has no other; then single spaces inside lines stay as they are.
    """
    return (
        "  " not in text
        and " \n" not in text
        and "\n " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
        and text.replace("\n", "").isprintable()
    )
