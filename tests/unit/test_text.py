"""The sanitizer and the link gate."""

from __future__ import annotations

import pytest

from tuinews.core.text import (
    LINE_CAP,
    UnsafeURL,
    html_to_text,
    is_openable,
    openable_url,
    sanitize_display,
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
