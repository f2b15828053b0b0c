"""HOSTILE_INPUTS.md section B: article pages, served over HTTP to the reader path.

tests/unit/test_reader.py checks `extract_article` on fixture pages. Here the pages are
built in the test and go the whole way a story's page goes: fetched by the client
(caps, Content-Type), sniffed, extracted in a worker thread, cached, and read back from
the cache, as `NewsService.article` does for the reader view.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tuinews.core.cache import Store, article_key
from tuinews.core.config import Config
from tuinews.core.models import EXCERPT, FEED_CONTENT, FULL, Article, Section, Story
from tuinews.core.service import NewsService
from tuinews.core.text import TEXT_CAP, is_openable

from ..faultserver import FaultServer, Reply, fault_server

LIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
PROSE = (
    "The harbour authority met on Tuesday to discuss the ferry timetable for the winter, "
    "and agreed after a long debate that the first crossing will leave at half past six "
    "from the north quay, with a second boat added on market days until the spring."
)
FEED_SUMMARY = "The feed's own summary of the story."


def page(
    body: str, head: str = "<title>A story</title>", charset: str = "utf-8", h1: str = "A story"
) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}">{head}</head><body>'
        f"<article><h1>{h1}</h1>{body}<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    ).encode("utf-8" if charset == "utf-8" else "cp1252")


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


def links_of(article: Article) -> list[str]:
    found = [link.url for link in (*article.links, *article.related, *article.latest)]
    found += [link.url for link in (article.previous, article.next) if link is not None]
    return found


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


@pytest.fixture
async def service(tmp_path: Path) -> Any:
    news = NewsService(Config(sections=(Section("S", ()),)), Store(tmp_path / "cache"))
    yield news
    await news.aclose()


async def read(
    service: NewsService, server: FaultServer, body: bytes, content_type: str = "text/html"
) -> Article:
    """Serve `body` as a story's page and read it the way the reader does."""
    url = server.route(
        f"/story/{len(server.routes)}", Reply(body=body, headers={"Content-Type": content_type})
    )
    story = Story(id=url, title="Feed title", url=url, summary=FEED_SUMMARY)
    return await service.article(story)


def assert_inert(article: Article) -> None:
    """Nothing live in any field, every link a web link, no link in the Markdown."""
    for value in strings(article.to_json()):
        assert not LIVE.search(value), repr(value)
    for url in links_of(article):
        assert is_openable(url), url
    assert "](" not in article.markdown  # links are listed apart, gated


B1_PARAGRAPH = (
    "<p>Clipboard \x1b]52;c;SGVsbG8=\x07 then title \x1b]0;pwned\x1b\\ then clear \x1b[2J "
    "then query \x1b[6n then C1 \u009b31m and \u009d0;X\u009c then RLO \u202egnirts "
    "then refs &#27;]0;ref&#7; and the sentence ends here.</p>"
)


async def test_b1_controls_in_prose_title_and_metadata_are_removed(
    service: NewsService, server: FaultServer
) -> None:
    head = (
        "<title>Headline \x1b]0;owned\x07 with \u009d0;X\u009c and \u202eRLO</title>"
        '<meta name="author" content="Mallory \x1b[31mRed\x1b[0m">'
        '<meta property="og:site_name" content="Site \x1b]2;x\x07 News">'
        '<meta name="description" content="Standfirst \x1b[2J text">'
    )
    h1 = "Headline \x1b]0;owned\x07 with \u009d0;X\u009c and \u202eRLO"
    article = await read(service, server, page(B1_PARAGRAPH, head, h1=h1))
    assert article.completeness == FULL
    assert_inert(article)
    assert article.title == "Headline ]0;owned with 0;X and RLO"
    assert article.authors == ("Mallory [31mRed[0m",)
    assert article.site_name == "Site ]2;x News"
    assert (
        "Clipboard ]52;c;SGVsbG8= then title ]0;pwned\\ then clear [2J then query [6n"
        in article.text
    )
    assert "and the sentence ends here." in article.text


async def test_b2_markup_in_prose_stays_literal(service: NewsService, server: FaultServer) -> None:
    prose = (
        "<p>Literal: [@click=app.quit]Click me[/] and [link=https://evil.example]phish[/link]"
        " and \\[x] and [bold red]loud[/] and [/b] unbalanced, written by the reporter.</p>"
    )
    article = await read(service, server, page(prose))
    assert_inert(article)
    for literal in (
        "[@click=app.quit]Click me[/]",
        "[link=https://evil.example]phish[/link]",
        "\\[x]",
        "[bold red]loud[/]",
        "[/b] unbalanced",
    ):
        assert literal in article.text


async def test_b3_script_style_noscript_are_absent(
    service: NewsService, server: FaultServer
) -> None:
    body = (
        "<script>document.write('SCRIPT-MARK')</script><style>p{content:'STYLE-MARK'}</style>"
        "<noscript><p>NOSCRIPT-MARK enable JavaScript</p></noscript>"
        "<template><p>TEMPLATE-MARK</p></template>"
    )
    head = "<title>Clean</title><script>var x='HEAD-SCRIPT-MARK'</script>"
    article = await read(service, server, page(body, head))
    assert article.completeness == FULL
    for value in strings(article.to_json()):
        assert "MARK" not in value


async def test_b4_unsafe_links_are_text_only(service: NewsService, server: FaultServer) -> None:
    body = (
        '<p>See <a href="javascript:alert(1)">the script</a>, <a href="file:///etc/passwd">'
        'the file</a>, <a href="data:text/html,x">the data</a>, <a href=" JaVaScRiPt:x">the '
        'spaced one</a> and <a href="/safe/story">the safe one</a> in this report.</p>'
        '<p>ALSO READ: <a href="vbscript:x">A vbscript also-read</a></p>'
    )
    head = '<title>Links</title><link rel="next" href="javascript:alert(2)">'
    article = await read(service, server, page(body, head))
    assert_inert(article)
    assert "the script, the file, the data, the spaced one and the safe one" in article.text
    assert [link.url for link in article.links] == [server.url("/safe/story")]
    assert article.next is None and article.previous is None
    for value in strings(article.to_json()):
        assert "javascript" not in value.lower() and "passwd" not in value


async def test_b5_twenty_thousand_nested_elements_read_as_no_article(
    service: NewsService, server: FaultServer
) -> None:
    depth = 20_000
    body = "<div><span>deep " * depth + "</span></div>" * depth
    started = time.perf_counter()
    article = await read(service, server, page(body))
    assert time.perf_counter() - started < 5
    assert_inert(article)
    # Not a usable article: the reader shows the feed's text and offers the browser.
    assert article.completeness == EXCERPT
    assert "could not extract" in article.note and FEED_SUMMARY in article.text


async def test_b6_a_thirty_megabyte_page_is_not_downloaded(
    service: NewsService, server: FaultServer
) -> None:
    huge = page("<p>" + "word " * 6_000_000 + "</p>")
    assert len(huge) > 30_000_000
    article = await read(service, server, huge)
    assert article.completeness == EXCERPT
    assert article.note.startswith("page not reachable: larger than 10 MiB")
    assert FEED_SUMMARY in article.text


async def test_b6_a_page_full_of_links_is_extracted_off_the_loop(
    service: NewsService, server: FaultServer
) -> None:
    # 20,000 links keep this test short; test_reader.py extracts 100,000 (about 7 s).
    anchors = "".join(f'<a href="/s/{n}">story {n}</a> ' for n in range(20_000))
    body = page(f"<p>{anchors}</p>")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    running = asyncio.ensure_future(ticker())
    article = await read(service, server, body)
    running.cancel()
    # The event loop kept running while the page was parsed (extraction is in a thread).
    assert ticks >= 3
    assert_inert(article)
    assert 0 < len(article.links) <= 1000
    assert len(article.text) <= TEXT_CAP and len(article.markdown) <= TEXT_CAP


async def test_b6_long_article_text_is_capped_with_a_notice(
    service: NewsService, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuinews.core import reader

    monkeypatch.setattr(reader, "TEXT_CAP", 20_000)
    body = "".join(f"<p>Paragraph {n}. {PROSE}</p>" for n in range(400))
    article = await read(service, server, page(body))
    assert article.completeness == FULL
    assert len(article.text) <= 20_000 and article.text.endswith("[truncated]")


async def test_b7_evil_charset_nul_refresh_and_base_are_harmless(
    service: NewsService, server: FaultServer
) -> None:
    head = (
        '<meta http-equiv="refresh" content="0; url=file:///etc/passwd">'
        '<base href="javascript:alert(1)//"><title>The \u201cevil\u201d charset \u2014 page</title>'
    )
    body = (
        "<p>Windows-1252 bytes under a made-up charset: \u201cdouble\u201d, \u2018single\u2019 "
        'and a dash \u2014 and a NUL\x00 byte, with <a href="/after/base">a relative link</a>.</p>'
    )
    data = page(body, head, charset="x-evil-42")  # the bytes are windows-1252
    assert b"\x93double\x94" in data and b"\x00" in data
    article = await read(service, server, data, "text/html; charset=x-evil-42")
    assert_inert(article)
    assert "\u201cdouble\u201d, \u2018single\u2019 and a dash \u2014" in article.text
    assert [link.url for link in article.links] == [server.url("/after/base")]
    for value in strings(article.to_json()):
        assert "passwd" not in value


async def test_b8_xhtml_entities_are_not_expanded(
    service: NewsService, server: FaultServer
) -> None:
    levels = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">{levels}]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Entities</title></head>'
        f"<body><article><h1>Entities</h1><p>File &xxe; and laughs &l9; here.</p>"
        f"<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    ).encode()
    started = time.perf_counter()
    article = await read(service, server, body, "application/xhtml+xml")
    assert time.perf_counter() - started < 5
    assert_inert(article)
    for value in strings(article.to_json()):
        assert "root:" not in value and "lollol" not in value


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "image/png"),
        (b"PK\x03\x04\x14\x00" + bytes(40), "application/zip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "text/html"),
        (b"%PDF-1.4 pretending", "text/html; charset=utf-8"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(40), ""),
    ],
    ids=["pdf", "png", "zip", "png-as-html", "pdf-as-html", "jpeg-untyped"],
)
async def test_b9_binary_pages_are_not_extracted(
    service: NewsService, server: FaultServer, body: bytes, content_type: str
) -> None:
    article = await read(service, server, body, content_type)
    assert article.completeness == EXCERPT
    assert "not an article" in article.note or "not an HTML page" in article.note
    assert FEED_SUMMARY in article.text
    assert_inert(article)


async def test_b9_a_login_wall_is_not_taken_for_the_article(
    service: NewsService, server: FaultServer
) -> None:
    wall = (
        b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
        b'<form action="/login"><label>Email <input name="e"></label>'
        b'<label>Password <input type="password" name="p"></label>'
        b"<button>Sign in</button></form><p>Subscribe to keep reading.</p></body></html>"
    )
    article = await read(service, server, wall)
    assert article.completeness in (EXCERPT, FEED_CONTENT)
    assert FEED_SUMMARY in article.text
    assert_inert(article)


async def test_b_only_good_articles_are_cached(
    service: NewsService, server: FaultServer, tmp_path: Path
) -> None:
    good = await read(service, server, page(B1_PARAGRAPH))
    bad = await read(service, server, b"%PDF-1.7", "application/pdf")
    assert good.completeness == FULL and bad.completeness == EXCERPT
    assert await service.store.aget(article_key(good.url)) is not None
    assert await service.store.aget(article_key(server.url("/story/1"))) is None
    # The cached copy is as inert as the fresh one.
    cached = Article.from_json(await service.store.aget(article_key(good.url)))
    assert cached is not None
    assert_inert(cached)
