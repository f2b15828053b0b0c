"""The sanitizer and the link gate."""

from __future__ import annotations

import random

import pytest

from tuinews.core.text import (
    LINE_CAP,
    UnsafeURL,
    html_to_text,
    is_openable,
    openable_url,
    sanitize_display,
    strip_controls,
    url_host,
)

R1_MARKERS = [
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]0;title\x1b\\",
    "\x1b[2J",
    "\x1b[6n",
    "\x9b31m",
    "\x9d0;X\x9c",
    "\x00",
    "\x1bP$q\x1b\\",
]


@pytest.mark.parametrize("marker", R1_MARKERS)
def test_controls_are_removed_and_printable_text_kept(marker: str) -> None:
    cleaned = sanitize_display(f"Before{marker}After")
    assert "\x1b" not in cleaned and "\x00" not in cleaned
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in cleaned)
    assert cleaned.startswith("Before") and cleaned.endswith("After")


def test_osc52_leaves_its_printable_tail_in_order() -> None:
    assert sanitize_display("Clipboard \x1b]52;c;SE9M\x07grab") == "Clipboard ]52;c;SE9Mgrab"


def test_bidi_controls_and_lone_surrogates_are_removed() -> None:
    assert sanitize_display("abc\u202edef\u2066g\ud800h") == "abcdefgh"


def test_single_line_folds_newlines_and_tabs() -> None:
    assert sanitize_display("one\n\ttwo\r\nthree") == "one two three"


def test_multi_line_keeps_paragraphs() -> None:
    assert sanitize_display("a\n\n\n\nb\tc", single_line=False) == "a\n\nb    c"


def test_markup_is_not_touched() -> None:
    text = "[bold red]X[/] [@click=app.quit]y[/]"
    assert sanitize_display(text) == text


def test_long_lines_are_capped() -> None:
    cleaned = sanitize_display("x" * 5_000_000)
    assert len(cleaned) == LINE_CAP and cleaned.endswith("…")


def test_bytes_are_decoded_with_replacement() -> None:
    assert sanitize_display(b"caf\xe9 \xe2\x82\xac") == "caf\ufffd €"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "--remote-debugging-port=9222",
        "-new-window https://example.com",
        "https://x/ & touch /tmp/p & echo",
        "https://exa\x1bmple.com/",
        "https://example.com/\x9b",
        "C:\\Windows\\System32\\calc.exe",
        "\\\\host\\share\\x.exe",
        "https://",
        "http:///path",
        "https://example.com/" + "a" * 9000,
        "",
        "   ",
    ],
)
def test_gate_refuses(url: str) -> None:
    with pytest.raises(UnsafeURL):
        openable_url(url)
    assert not is_openable(url)


def test_gate_accepts_web_links_and_resolves_relative_ones() -> None:
    assert openable_url(" HTTPS://example.com/a ") == "HTTPS://example.com/a"
    assert openable_url("/story/1", "https://news.example/feed/") == "https://news.example/story/1"
    assert openable_url("//other.example/x", "https://news.example/") == "https://other.example/x"
    assert openable_url("https://example.com/a%00b") == "https://example.com/a%00b"


def test_relative_link_without_a_web_base_is_refused() -> None:
    with pytest.raises(UnsafeURL):
        openable_url("/story/1", "javascript:x")


def test_host_shown_is_the_real_one() -> None:
    assert url_host("https://www.bank.example@evil.example/") == "evil.example"
    assert url_host("https://pаypal.com/") == "xn--pypal-4ve.com"


def test_html_to_text_strips_tags_decodes_entities_once_and_drops_scripts() -> None:
    html = "<b>Bold</b> &amp;amp; <script>alert('x')</script><style>p{}</style>"
    assert html_to_text(html, single_line=True) == "Bold &amp;"


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>One  two</p><p>Three</p>") == "One two\n\nThree"


# -- html_to_text's fast path for plain tags gives what HTMLParser gives -------------

_PIECES = (
    "<p>",
    "</p>",
    "<P>",
    "</P >",
    '<div class="x">',
    "</div>",
    "<br>",
    "<br/>",
    "<br />",
    "<BR/>",
    '<a href="https://example.com/a?b=1&amp;c=2">',
    "</a>",
    "<a href=x>",
    "<a href=x/>",
    "<br class=x/>",
    "<strong>",
    "</strong>",
    "<em\n>",
    "<li>",
    "</li>",
    "<h2 id='t'>",
    "</h2>",
    '<img src="i.png" alt="a > b"/>',
    "<img alt='x' />",
    "<blockquote>",
    "</blockquote>",
    "<hr/>",
    '<span data-x="1" hidden>',
    "</span>",
    "<script>",
    "</script>",
    "<style>p{}</style>",
    "<title>T</title>",
    "<noscript>",
    "</noscript>",
    "<!-- c -->",
    "<!doctype html>",
    "<?pi?>",
    "</>",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "&#8230;",
    "&#x2014;",
    "&nbsp;",
    "&copy",
    "&notin;",
    "&bogus;",
    "&#0;",
    "&#xD800;",
    " ",
    "  ",
    "\n",
    "\t",
    "\r\n",
    "text",
    "Ünïcödé",
    "a < b",
    "1 > 0",
    "\x1b[2J",
    "\u202e",
    "</p/>",
    '</a class="x">',
    "<a-b>",
    "<p\x0b>",
    "<x:y>",
    "<td>",
    "</tr>",
    "<textarea><b></textarea>",
    "<a title='it\"s'>",
    '<a b="c"d="e">',
)


def _fragments(count: int) -> list[str]:
    import random

    rng = random.Random(20261127)
    return ["".join(rng.choices(_PIECES, k=rng.randint(1, 12))) for _ in range(count)]


def test_fast_path_matches_htmlparser_on_generated_fragments() -> None:
    from tuinews.core.markup import _parsed_text, _simple_text

    fast = 0
    for fragment in _fragments(5000):
        text = _simple_text(fragment)
        if text is not None:
            fast += 1
            assert text == _parsed_text(fragment), fragment
    # Both paths were exercised: the comparison above is not empty, nor is the fallback.
    assert 500 < fast < 4500


def test_fast_path_takes_a_usual_feed_summary_and_falls_back_on_odd_markup() -> None:
    from tuinews.core.markup import _parsed_text, _simple_text

    summary = (
        "<p><strong>Council budget.</strong> River bridge &#8230;</p>"
        '<p>The post <a href="https://example.com/s/">Title &amp; more</a> appeared first.</p>'
    )
    assert _simple_text(summary) == _parsed_text(summary)
    assert html_to_text(summary) == (
        "Council budget. River bridge …\n\nThe post Title & more appeared first."
    )
    for odd in ("<script>x</script>", "a < b <p>", "<!-- c --><p>", "<br class=x/>"):
        assert _simple_text(odd) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a/b",
        "http://example.com",
        "https://example.com/a/../b/./c",
        "https://example.com/p?q=1&r=2",
        "https://user:pw@example.com:8080/x",
        "HTTPS://example.com/x",
        "https://example.com/x?",
        "https://example.com/x#frag",
        "https://example.com/x;params",
        "https://example.com/ä",
        "//example.com/x",
        "/relative/path",
        "relative",
    ],
)
@pytest.mark.parametrize("base", ["https://feeds.example/f/rss", "http://other.example/"])
def test_links_with_a_base_are_what_urljoin_makes_of_them(url: str, base: str) -> None:
    # Plain absolute links skip urljoin (what it would give back unchanged): same result.
    from urllib.parse import urljoin

    assert openable_url(url, base) == urljoin(base, url)


def _random_line(rng: random.Random) -> str:
    pieces = ["a", "Zz", " ", "  ", "   ", "\t", "\n", "\r\n", "é", "€", "中", "\u00a0"]
    pieces += ["\u2028", "\u202e", "\u200b", "\x1b", "\x9b", "\x00", "\x7f", "[b]", "…", "📰"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))


def _reference_sanitize(value: str, single_line: bool, cap: int | None) -> str:
    """sanitize_display as written before its shortcuts for printable text: every step."""
    import re

    unsafe = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
    limit = cap if cap is not None else (LINE_CAP if single_line else 1024 * 1024)
    if len(value) > limit * 4 + 64:
        value = value[: limit * 4 + 64]
    value = unsafe.sub("", value.replace("\r\n", "\n"))
    if single_line:
        value = re.sub(r"[\t\n\u2028\u2029]+", " ", value)
        value = re.sub(r"[ \t]{2,}", " ", value).strip()
    else:
        value = re.sub(r"\n{3,}", "\n\n", value.replace("\t", "    ")).strip("\n")
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def test_shortcuts_for_printable_text_give_what_every_step_gives() -> None:
    rng = random.Random(9)
    for n in range(6_000):
        line = _random_line(rng)
        if n % 3 == 0:
            line = rng.choice(["", "   ", "a b "]) * rng.randint(1, 400) + line
        for single_line in (True, False):
            for cap in (None, 5, 12):
                expected = _reference_sanitize(line, single_line, cap)
                got = sanitize_display(line, single_line=single_line, cap=cap)
                assert got == expected, (line, single_line, cap)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "https://example.com/a/b?c=d&e=f",
        "http://127.0.0.2:8000/section-1/feed/",
        "http://127.0.0.2:43517/section-1/story-2/",
        "http://h:65535/",
        "http://h:09999/",
        "https://sub.example.co.uk:8443/x/",
        "https://example.com./x",
        "https://ex-ample.com/%20/?q=%00",
        "http://a/",
        "http://-/x",
    ],
)
def test_simple_links_pass_the_gate_unchanged_as_urlsplit_would_let_them(url: str) -> None:
    # The gate's shortcut for plain links relies on these facts of urlsplit and urljoin.
    from urllib.parse import urljoin, urlsplit

    from tuinews.core.text import _SIMPLE_WEB_URL

    assert _SIMPLE_WEB_URL.fullmatch(url)
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert parts.port is None or 0 <= parts.port <= 65535
    for base in ("", "https://feeds.example/f/rss"):
        assert openable_url(url, base) == url == (urljoin(base, url) if base else url)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com:99999/",
        "http://example.com:65536/",
        "http://example.com:123456/",
        "https://user@example.com/",
        "http://[::1]/",
        "http://ex_a.com/",
    ],
)
def test_links_the_shortcut_leaves_to_the_full_checks(url: str) -> None:
    from tuinews.core.text import _SIMPLE_WEB_URL

    assert not _SIMPLE_WEB_URL.fullmatch(url)
    if ":" in url[6:] and "[" not in url:
        assert not is_openable(url)  # a port out of range


def test_strip_controls_removes_what_the_sanitizer_removes_and_no_more() -> None:
    rng = random.Random(3)
    for _ in range(5_000):
        line = _random_line(rng)
        expected = "".join(c for c in line if not _unsafe(c))
        assert strip_controls(line) == expected, line


def _unsafe(char: str) -> bool:
    code = ord(char)
    return (
        (code < 0x20 and char not in "\t\n")
        or 0x7F <= code <= 0x9F
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
        or 0xD800 <= code <= 0xDFFF
    )


def test_tidy_lines_are_what_collapsing_each_line_gives() -> None:
    from tuinews.core.text import _lines_are_tidy

    rng = random.Random(5)
    tidy = 0
    for _ in range(5_000):
        text = _random_line(rng)[:6]
        collapsed = "\n".join(" ".join(line.split()) for line in text.split("\n"))
        if _lines_are_tidy(text):
            tidy += 1
            assert collapsed == text, text
    assert tidy >= 100  # the shortcut was tried, not only refused
    assert _lines_are_tidy("\n\nOne two.\n\nThree …\n")
    assert not _lines_are_tidy("One  two") and not _lines_are_tidy("a\u00a0b")


def test_strip_controls_on_ascii_removes_what_the_unsafe_pattern_removes() -> None:
    # ASCII text takes a bytes scan instead of the regex: the same characters go.
    from tuinews.core.text import _unsafe

    samples = ["plain title", "a\tb\nc", "bell\x07 and esc\x1b[31m", "cr\r\nlf", "del\x7f", ""]
    samples += [chr(code) * 3 + "x" for code in range(0x80)]
    for value in samples:
        assert strip_controls(value) == _unsafe().sub("", value), repr(value)
    assert strip_controls("caf\u00e9 \u202eevil\x07") == "caf\u00e9 evil"


def test_a_cached_story_is_cleaned_field_by_field_when_any_field_holds_a_control() -> None:
    from tuinews.core.models import Story

    raw = {
        "id": "g1",
        "title": "Clean\x1b[2J title",
        "url": "https://a.example/1",
        "summary": "caf\u00e9\u202e ok",
        "author": 7,
        "source": "Desk",
    }
    story = Story.from_json(raw)
    assert story is not None
    assert (story.title, story.summary, story.author, story.source) == (
        "Clean[2J title",
        "caf\u00e9 ok",
        "",
        "Desk",
    )
    assert Story.from_json({**raw, "id": "\x07"}) is None  # an id of controls only
    clean = Story.from_json({"id": "g2", "title": "T", "url": "", "summary": "a\nb"})
    assert clean is not None and clean.summary == "a\nb"


def test_the_link_gate_refuses_controls_and_spaces_as_the_patterns_say() -> None:
    # openable_url asks the regexes only about unprintable links: the same ones fail.
    from tuinews.core.text import _WHITESPACE, _unsafe

    reason = "link contains control characters or spaces"
    codes = [*range(0x00, 0x3100), 0x2028, 0x2029, 0x202E, 0x2066, 0xD800, 0xFEFF, 0x1F600]
    for code in codes:
        url = f"https://a.example/x{chr(code)}y"
        refused = bool(_unsafe().search(url) or _WHITESPACE.search(url))
        try:
            openable_url(url)
            message = ""
        except UnsafeURL as error:
            message = str(error)
        assert (message == reason) == refused, hex(code)


def test_scrub_surrogates_replaces_lone_surrogates_only() -> None:
    from tuinews.core.text import scrub_surrogates

    assert scrub_surrogates("plain") == "plain"
    assert scrub_surrogates("caf\u00e9 \U0001f600") == "caf\u00e9 \U0001f600"
    assert scrub_surrogates("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert scrub_surrogates("") == ""
