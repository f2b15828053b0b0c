"""The lxml fast path gives exactly the stories feedparser gives, on every feed we have.

Every feed document of the repository is parsed both ways (`parse_feed` and
`parse_feed(..., fast=False)`) and the results compared whole: the demo site's feeds, the
module-level feeds of the test suite, the feeds built inside the feed and hostile-input
tests (recorded by running those tests with a recording `parse_feed`), the fault
server's and the benchmark's generated feeds, and the edge cases below that aim at
feedparser's quirks. The fast path must also really be taken for ordinary feeds: a
comparison of two feedparser runs would prove nothing.
"""

from __future__ import annotations

import inspect
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest

from tuinews.core import fastfeed, feeds
from tuinews.core.feeds import ParsedFeed, parse_feed

from .. import faultserver
from . import test_feeds, test_hostile_feeds, test_hostile_urls

URL = "https://news.example/category/world/feed/"

Case = tuple[bytes, str, str, str]
"""A feed document with the URL, content type and charset it was parsed with."""


def both_ways(body: bytes, url: str = URL, content_type: str = "", charset: str = "") -> bool:
    """Parse a document both ways, assert the results are equal; True if lxml read it.

    The fast way is also compared with lxml reading the document after the bounding
    pass, which a plain well-formed document skips.
    """
    slow = parse_feed(body, url, content_type, charset, fast=False)
    fast = parse_feed(body, url, content_type, charset)
    assert fast == slow
    if not ("json" in content_type or feeds._looks_like_json(body) or not body.strip()):
        assert fast == feeds._parse_xml_feed(body, url, charset, bound_first=True)
    return _went_fast(body, charset)


def _skips_bounding(body: bytes) -> bool:
    text = feeds._decode_xml(body, "")
    declaration = feeds._XML_DECL_TEXT.match(text)
    return feeds._needs_no_bounding(text[declaration.end() :] if declaration else text)


def _went_fast(body: bytes, charset: str = "") -> bool:
    if feeds._looks_like_json(body) or not body.strip():
        return False
    text = feeds._decode_xml(body, charset)
    declaration = feeds._XML_DECL_TEXT.match(text)
    bounded = feeds._bound_xml(text[declaration.end() :] if declaration else text)
    return not bounded.partial and fastfeed.parse(bounded.text, URL) is not None


# -- the repository's feeds --------------------------------------------------------------


def _module_feeds(*modules: ModuleType) -> Iterator[bytes]:
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, bytes) and value.lstrip()[:5] in (b"<?xml", b"<rss ", b"<feed"):
                yield value


def _recorded(module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[Case]:
    """Run the module's tests that take no fixtures, recording what they give parse_feed."""
    seen: list[Case] = []
    real = feeds.parse_feed

    def recording(
        body: bytes, url: str, content_type: str = "", charset: str = "", **kw: Any
    ) -> ParsedFeed:
        seen.append((body, url, content_type, charset))
        return real(body, url, content_type, charset, **kw)

    with monkeypatch.context() as patch:
        patch.setattr(module, "parse_feed", recording)
        for name, test in sorted(vars(module).items()):
            # The item-cap tests parse over 10,000 items: test_many_items_... stands in.
            if not name.startswith("test_") or "a10" in name or "entries_are_capped" in name:
                continue
            if inspect.signature(test).parameters or inspect.iscoroutinefunction(test):
                continue
            test()
    return seen


def _demo_feeds() -> Iterator[Case]:
    from tuinews.demo.site import DemoSite

    site = DemoSite("http://127.0.0.1:8000")
    for url in [site.site_feed_url, *(section.feed_url for section in site.sections)]:
        status, content_type, body = site.render(url.removeprefix(site.base_url))
        assert status == 200
        yield body, url, content_type.split(";")[0], ""


def _bench_feeds() -> Iterator[bytes]:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[2] / "bench" / "refresh.py"
    spec = importlib.util.spec_from_file_location("bench_refresh", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    for index in range(5):
        yield module.make_feed(index, 20, "http://127.0.0.2:8000", now).body


def test_demo_site_feeds_are_read_fast_and_the_same() -> None:
    cases = list(_demo_feeds())
    assert len(cases) >= 5
    for body, url, content_type, charset in cases:
        assert both_ways(body, url, content_type, charset), url


def test_benchmark_and_fault_server_feeds_are_read_fast_and_the_same() -> None:
    bodies = [
        *_bench_feeds(),
        faultserver.rss("Desk", [("One", "http://127.0.0.1:1/a"), ("Two", "/b")], ttl=20),
    ]
    for body in bodies:
        assert both_ways(body)


def test_module_level_feeds_of_the_test_suite_are_the_same() -> None:
    bodies = list(_module_feeds(test_feeds, test_hostile_feeds, test_hostile_urls))
    assert len(bodies) >= 2
    fast = [both_ways(body) for body in bodies]
    assert any(fast)  # test_feeds.ATOM; test_feeds.RSS has "yesterday" for a date


@pytest.mark.parametrize("module", [test_feeds, test_hostile_feeds, test_hostile_urls])
def test_every_feed_the_feed_tests_parse_is_the_same(
    module: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = _recorded(module, monkeypatch)
    assert cases
    went_fast = sum(both_ways(*case) for case in cases)
    # The hostile documents mostly need feedparser; ordinary ones must not.
    assert went_fast >= 1


def test_many_items_capped_the_same_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 40)  # the cap's logic, at a tenth of the time
    items = "".join(
        f"<item><title>Story {n}</title><link>/s/{n}</link><guid>/s/{n}</guid></item>"
        for n in range(90)
    )
    body = f'<rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()
    assert both_ways(body)
    parsed = parse_feed(body, URL)
    assert (len(parsed.stories), parsed.dropped) == (40, 50)


# -- feedparser's quirks, one by one -------------------------------------------------------

DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'
CONTENT = 'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
ATOM = 'xmlns="http://www.w3.org/2005/Atom"'


def rss_item(inner: str, channel: str = "<title>Desk</title><link>/</link>") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {DC} {CONTENT}>'
        f"<channel>{channel}<item>{inner}</item></channel></rss>"
    ).encode()


def atom_entry(inner: str, head: str = "<title>Desk</title><id>urn:desk</id>") -> bytes:
    return f"<feed {ATOM}>{head}<entry>{inner}</entry></feed>".encode()


RSS_CASES = [
    "<title>Plain</title><link>https://news.example/a</link>",
    "<title> Padded \n title </title><link>  /relative/path?a=1&amp;b=2  </link>",
    "<title>Q&amp;A &lt;b&gt;bold&lt;/b&gt;</title><link>/q?x=1&amp;amp;y=2</link>",
    "<title><![CDATA[<em>Em</em> &amp; more]]></title><link>//other.example/x</link>",
    "<title>No link</title><guid>https://news.example/p/1</guid>",
    "<title>Relative permalink</title><guid>p/2</guid>",
    '<title>Not a permalink</title><guid isPermaLink="false">p/3</guid>',
    '<title>True upper</title><guid isPermaLink="True">p/4</guid>',
    "<guid>https://news.example/p/5</guid><link>https://news.example/other</link>",
    "<link></link><guid>https://news.example/p/6</guid>",
    "<title>Mojibake</title><description>CafÃ© â€“ dÃ©jÃ  vu</description>",
    "<title>C1 refs &#150; &#147;q&#148; &#128;</title>",
    "<title>Latin-1 only: é à ü</title>",
    "<title>Emoji 📰 and € sign</title>",
    "<description>Summary first</description><content:encoded>Full</content:encoded>",
    "<content:encoded><![CDATA[<p>Full</p>]]></content:encoded><description>Sum</description>",
    "<content:encoded><![CDATA[<p>Only content</p>]]></content:encoded>",
    "<content:encoded>   </content:encoded><description>Blank content</description>",
    "<pubDate>Thu, 26 Nov 2026 09:30:00 +0000</pubDate>",
    "<pubDate>26 Nov 2026 09:30:00 GMT</pubDate>",
    "<pubDate>Thu, 26 Nov 2026 23:30 -0530</pubDate>",
    "<pubDate>Mon, 1 Jan 2024 00:00:00 +1400</pubDate>",
    "<pubDate>Thu, 26 Nov 2026 09:30:00 UT</pubDate>",
    "<pubDate>Thu, 26 Nov 2026 09:30:00 EST</pubDate>",
    "<pubDate>Sat, 00 Jan 0000 00:00:00 +0000</pubDate>",
    "<pubDate>Mon, 30 Feb 2026 10:00:00 +0000</pubDate>",
    "<pubDate>Thu, 26 Nov 2026 09:30:00 +9999</pubDate>",
    "<pubDate>yesterday</pubDate>",
    "<pubDate>20261126093000000000</pubDate>",
    "<pubDate>2026-11-26T09:30:00Z</pubDate>",
    "<pubDate></pubDate>",
    "<dc:date>2026-11-26T09:30:00.123+01:00</dc:date>",
    "<dc:date>2026-11-26T09:30:00-08:00</dc:date><pubDate>Thu, 26 Nov 2026 09:30:00 GMT</pubDate>",
    "<dc:date>2026-11-26</dc:date>",
    "<dc:creator>Mara Quill</dc:creator>",
    "<author>mara@news.example (Mara Quill)</author>",
    "<dc:creator><![CDATA[ Desk 4 ]]></dc:creator>",
    "<title>A</title><title>B</title>",
    "<title>Comment <!-- inside --> title</title>",
    "<title>Child <b>element</b></title>",
    '<description mode="base64">SGVsbG8=</description>',
    "<category>World</category><comments>/c</comments>"
    '<enclosure url="/a.mp3" length="1" type="audio/mpeg"/>',
    "<source url='https://elsewhere.example/feed'>Elsewhere</source>",
    "<unknown>text</unknown>",
    "<title>xml:base</title><link xml:base='https://b.example/'>x</link>",
]


@pytest.mark.parametrize("inner", RSS_CASES)
def test_rss_quirks_read_the_same(inner: str) -> None:
    both_ways(rss_item(inner))


ATOM_CASES = [
    '<title>Plain</title><link href="https://news.example/a"/><id>urn:a</id>',
    '<title type="html">&lt;b&gt;B&lt;/b&gt; &amp;amp;</title><link href="/rel"/>',
    '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X</div></title>',
    '<link rel="self" href="/self"/><link rel="alternate" type="text/html" href="/alt"/>',
    '<link rel="enclosure" href="/a.mp3"/><id>https://news.example/id/1</id>',
    '<link rel="alternate" type="application/pdf" href="/a.pdf"/><id>urn:uuid:1</id>',
    '<id>tag:news.example,2026:1</id><link href="/later"/>',
    "<id>relative/id</id>",
    '<link href="/one"/><link href="/two"/>',
    "<author><name>Ines Ward</name></author>",
    "<author><name>Ines</name><email>ines@news.example</email></author>",
    "<author><email>ines@news.example</email><uri>/ines</uri></author>",
    "<author><uri>/ines</uri></author>",
    "<author>Just text</author>",
    "<summary>S</summary><content type='html'>&lt;p&gt;C&lt;/p&gt;</content>",
    "<content type='html'>&lt;p&gt;C&lt;/p&gt;</content><summary>S</summary>",
    "<content>Plain text content</content>",
    "<content type='image/png'>iVBORw0KGgo=</content>",
    "<content src='https://news.example/x'/>",
    "<published>2026-11-26T08:00:00+02:00</published><updated>2026-11-27T08:00:00Z</updated>",
    "<updated>2026-11-27T08:00Z</updated>",
    "<published>2026-11-26 08:00:00</published>",
    "<title>Dup</title><title>Dup</title>",
    "<source><title>Elsewhere</title></source>",
    "<category term='x'/><rights>CC</rights>",
]


@pytest.mark.parametrize("inner", ATOM_CASES)
def test_atom_quirks_read_the_same(inner: str) -> None:
    both_ways(atom_entry(inner))


@pytest.mark.parametrize(
    "channel",
    [
        "<title>Desk</title><link>https://news.example/</link><ttl> 45 </ttl>",
        '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="/self" rel="self"/>'
        "<title>Desk</title>",
        '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" href="/alt"/><title>D</title>',
        "<link>/site?a=1&amp;b=2</link><title>&lt;b&gt;Desk&lt;/b&gt;</title>",
        "<image><title>Logo</title><url>/l.png</url><link>/</link></image><title>T</title>",
        "<title></title><title>Second</title>",
        "<textInput><title>Search</title></textInput><title>T</title>",
    ],
)
def test_channel_quirks_read_the_same(channel: str) -> None:
    both_ways(rss_item("<title>Item</title><link>/i</link>", channel=channel))


@pytest.mark.parametrize(
    "head",
    [
        '<title>Desk</title><link href="https://news.example/"/><id>urn:desk</id>',
        "<title>Desk</title><id>https://news.example/desk</id>",
        "<title type='html'>&lt;i&gt;Desk&lt;/i&gt;</title><subtitle>Sub</subtitle>",
        "<generator>Hugo</generator><icon>/i.png</icon>",
    ],
)
def test_atom_feed_level_quirks_read_the_same(head: str) -> None:
    both_ways(atom_entry("<title>Item</title><id>urn:i</id>", head=head))


@pytest.mark.parametrize(
    "body",
    [
        b'<rss version="2.0"><channel href="https://elsewhere.example/"><title>T</title>'
        b"<item><title>I</title></item></channel></rss>",
        b'<rss version="2.0" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<channel><title>T</title><item rdf:about="https://about.example/1">'
        b"<title>I</title></item></channel></rss>",
        b'<rss version="2.0"><channel><title>T</title><item lastmod="2026-11-26T08:00:00Z">'
        b"<title>I</title></item></channel></rss>",
        atom_entry("<title>I</title>").replace(b"<entry>", b'<entry href="/cdf">'),
        atom_entry("<title>I</title>").replace(b"<entry>", b'<entry xml:lang="en">'),
    ],
)
def test_attributes_feedparser_reads_on_channels_and_items(body: bytes) -> None:
    both_ways(body)


def test_ordinary_feeds_take_the_fast_path() -> None:
    assert both_ways(rss_item("<title>T</title><link>/a</link><guid>/a</guid>"))
    assert both_ways(atom_entry('<title>T</title><link href="/a"/><id>urn:a</id>'))
    assert both_ways(rss_item("<pubDate>Thu, 26 Nov 2026 09:30:00 +0000</pubDate>"))


@pytest.mark.parametrize(
    "body",
    [
        rss_item("<title>Child <b>element</b></title>"),
        rss_item("<unknown>text</unknown>"),
        rss_item("<pubDate>yesterday</pubDate>"),
        rss_item("<title>A</title><title>B</title>"),
        atom_entry("<published>2026-11-26 08:00:00</published>"),
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel>'
        b"<item><title>I</title><link>https://x.example/</link></item></rdf:RDF>",
        b"<rss version='2.0'><channel><title>Not closed</title><item>",
        b"<rss version='2.0'><channel><title>&nbsp;</title></channel></rss>",
    ],
)
def test_odd_documents_go_to_feedparser(body: bytes) -> None:
    assert not both_ways(body)


def test_random_mixtures_of_item_fields_read_the_same() -> None:
    pieces = [p for p in RSS_CASES if "<unknown>" not in p and "xml:base" not in p]
    rng = random.Random(9)
    for _ in range(60):
        chosen = rng.sample(pieces, 3)
        items = "".join(f"<item>{p}</item>" for p in chosen)
        body = (
            f'<rss version="2.0" {DC} {CONTENT}><channel><title>M</title>{items}</channel></rss>'
        ).encode()
        both_ways(body)


def test_fast_dates_match_feedparser_dates() -> None:
    from feedparser.datetimes import _parse_date

    samples = [
        "Thu, 26 Nov 2026 09:30:00 +0000",
        "Thu, 26 Nov 2026 09:30 +0130",
        "26 nov 2026 09:30:00 -1200",
        "Fri, 29 Feb 2024 23:59:59 GMT",
        "Sun, 31 Dec 2023 23:00:00 -0200",
        "2026-11-26T09:30:00Z",
        "2026-11-26t09:30:00.5+05:45",
        "2026-01-01T00:00:00-00:30",
        "2026-11-26T09:30Z",
    ]
    for sample in samples:
        assert fastfeed._date(sample) == tuple(_parse_date(sample)), sample


@pytest.mark.parametrize(
    "uri",
    [
        "http://a.example/x",
        "https://a.example/x?y=1&z=2",
        "http://a.example",
        "http://a.example?x",
        "http://a.example/b/../c",
        "http://A.EXAMPLE/Path",
        "http://a.example/x?",
        "http://a.example/x#f",
        "http://a.example/x;p",
        "https://u:p@a.example:8080/x",
        "http://[::1]/x",
        "http://[bad/x",
        "https://a.example//x",
        "http://a.example/x?q=a?b",
        "HTTP://a.example/x",
        "http:///x",
        "ftp://a.example/x",
        "//a.example/x",
        "../up",
        "http://a.example/é",
    ],
)
def test_link_joining_matches_feedparsers(uri: str) -> None:
    # feedparser/urls.py `_urljoin`, which the fast path must reproduce (it skips urljoin
    # for plain absolute links).
    from feedparser.urls import _urljoin

    base = "http://127.0.0.2:8000/section-1/feed/"
    assert fastfeed._urljoin(base, uri) == _urljoin(base, uri)


# -- the bounding pass, skipped for plain documents -------------------------------------

LONG = "x" * (feeds.SHORT_FIELD_CAP + 1)


@pytest.mark.parametrize(
    "body",
    [
        rss_item(f"<title>T</title><author>{LONG}</author>"),
        rss_item(f"<title>T</title><dc:creator><![CDATA[{LONG}]]></dc:creator>"),
        rss_item("<title>T</title><author>" + "&amp;" * 60 + "</author>"),
        atom_entry(
            "<title>T</title><id>urn:a</id><author><name>"
            + "n" * 150
            + "</name><email>"
            + "e" * 100
            + "@x.example</email></author>"
        ),
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "entity">]>'
        b'<rss version="2.0"><channel><title>&e;</title><item><title>T</title></item>'
        b"</channel></rss>",
    ],
)
def test_documents_whose_fields_the_bounding_pass_changes_are_bounded(body: bytes) -> None:
    assert not _skips_bounding(body)
    both_ways(body)


@pytest.mark.parametrize(
    "body",
    [
        rss_item("<title>T</title><author>Desk (desk@news.example)</author>"),
        rss_item("<title>T</title>" + "<category>c</category>" * 150),
        rss_item(
            "<title>T</title>",
            "<title>Desk</title><image>" + "<x>" * 100 + "deep" + "</x>" * 100 + "</image>",
        ),
        atom_entry(
            "<title>T</title><id>urn:a</id><author><name>Ann</name>"
            "<email>ann@news.example</email></author>"
        ),
    ],
)
def test_plain_documents_skip_the_bounding_pass_with_the_same_stories(body: bytes) -> None:
    assert _skips_bounding(body)
    assert both_ways(body)
