"""HOSTILE_INPUTS.md section A: feed documents built to hurt a reader. One test per row.

Every feed here also carries an ordinary neighbour item: a bad item never hides the rest
of its feed (R3). Fields are checked for anything a terminal would act on (R1) and for
the printable text around it (R2).
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tuinews.core import feeds
from tuinews.core.cache import Store, feed_key
from tuinews.core.config import Config
from tuinews.core.dates import age, long_date
from tuinews.core.feeds import MAX_ENTRIES, UNTITLED, ParsedFeed, parse_feed
from tuinews.core.models import Section, Story
from tuinews.core.service import NewsService, merge_stories
from tuinews.core.text import LINE_CAP, is_openable

from ..faultserver import FaultServer, Reply, fault_server

URL = "https://feeds.example/world/feed/"
DECL = b'<?xml version="1.0" encoding="UTF-8"?>'
NEIGHBOUR = "Harbour ferry timetable changes"
# Anything a terminal acts on: C0 (TAB too: multi-line text has it expanded), DEL, C1,
# bidi embeddings/overrides/isolates, lone surrogates.
LIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def item(title: bytes, n: int, extra: bytes = b"") -> bytes:
    return (
        b"<item><title>" + title + b"</title><link>https://feeds.example/story/%d</link>"
        b"<guid>https://feeds.example/?p=%d</guid>" % (n, n) + extra + b"</item>"
    )


def rss(*items: bytes, head: bytes = DECL) -> bytes:
    neighbour = item(NEIGHBOUR.encode(), 999, b"<description>An ordinary story.</description>")
    return (
        head + b'<rss version="2.0"><channel><title>World desk</title>'
        b"<link>https://feeds.example/</link>" + b"".join(items) + neighbour + b"</channel></rss>"
    )


def titles(parsed: ParsedFeed) -> list[str]:
    return [story.title for story in parsed.stories]


def text_fields(parsed: ParsedFeed) -> Iterator[str]:
    yield parsed.title
    for story in parsed.stories:
        for spec in fields(story):
            value = getattr(story, spec.name)
            if isinstance(value, str):
                yield value


def assert_safe(parsed: ParsedFeed) -> None:
    """No live control anywhere, the neighbour listed, every link openable."""
    for value in text_fields(parsed):
        assert not LIVE.search(value), repr(value)
    assert NEIGHBOUR in titles(parsed)
    for story in parsed.stories:
        assert story.url == "" or is_openable(story.url)


def parse_measured(body: bytes) -> tuple[ParsedFeed, float, float]:
    """Parse, returning the result, the seconds taken and the peak MiB allocated."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        parsed = parse_feed(body, URL)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return parsed, elapsed, peak


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        yield running


# -- A1-A6: what a title can carry -------------------------------------------------------

A1_TITLES = [
    (b"Clipboard \x1b]52;c;SE9MQQ==\x07grab", "Clipboard ]52;c;SE9MQQ==grab"),
    (b"Retitle \x1b]0;owned\x1b\\ window", "Retitle ]0;owned\\ window"),
    (b"Retitle2 \x1b]2;owned\x07 too", "Retitle2 ]2;owned too"),
    (b"Wipe \x1b[2J screen", "Wipe [2J screen"),
    (b"Query \x1b[6n cursor", "Query [6n cursor"),
    (
        b"Link \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
        "Link ]8;;https://evil.example/\\click]8;;\\",
    ),
    (b'Status \x1bP$q"p\x1b\\ query', 'Status P$q"p\\ query'),
    (b"Null a\x00b c", "Null ab c"),
    (b"Bell \x07\x08\x0b\x0c\r end", "Bell end"),
]


def test_a1_raw_escape_sequences_in_titles_are_removed_and_text_kept() -> None:
    parsed = parse_feed(rss(*(item(raw, n) for n, (raw, _) in enumerate(A1_TITLES))), URL)
    assert_safe(parsed)
    assert titles(parsed) == [shown for _, shown in A1_TITLES] + [NEIGHBOUR]
    assert parsed.error == ""


def test_a2_character_references_to_controls_are_removed() -> None:
    body = rss(
        item(b"Title &#27;]0;X&#7; change", 1),
        item(b"Red &#x1b;[31mtext&#x1B;[0m", 2),
        item(b"Clip &#27;]52;c;SE9M&#7;board", 3),
        item(b"C1 &#x9b;31m and &#157;0;X&#156;", 4),
        item(b"Nul &#0; and &#x0;", 5, b"<description>Sum &#27;[2J mary</description>"),
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    shown = titles(parsed)
    assert shown[0] == "Title ]0;X change"
    assert shown[1] == "Red [31mtext[0m"
    assert shown[2] == "Clip ]52;c;SE9Mboard"
    assert shown[3].startswith("C1 ") and "31m and" in shown[3] and "0;X" in shown[3]
    assert parsed.stories[4].summary == "Sum [2J mary"


def test_a3_utf8_c1_controls_are_removed() -> None:
    body = rss(
        item("OSC \u009d0;X\u009c end".encode(), 1),
        item("CSI \u009b31m red".encode(), 2),
        item("DCS \u0090$q\u009c end".encode(), 3),
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    assert titles(parsed)[:3] == ["OSC 0;X end", "CSI 31m red", "DCS $q end"]
    assert "\u009b" not in body.decode() or b"\xc2\x9b" in body  # the bytes were real C1


def test_a4_bidi_controls_are_removed_and_order_kept() -> None:
    body = rss(
        item("Invoice \u202egnp.exe\u202c total".encode(), 1),
        item("Isolate \u2066abc\u2069 \u2067def\u2069 \u2068x\u2069".encode(), 2),
        item("Zero\u200bwidth".encode(), 3),
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    assert titles(parsed)[:2] == ["Invoice gnp.exe total", "Isolate abc def x"]
    # A zero-width space is not a control: kept, in stored order.
    assert titles(parsed)[2] == "Zero\u200bwidth"


A5_TITLES = [
    "[bold red]X[/]",
    "[@click=app.screenshot('h.svg','/tmp')]X[/]",
    "[@click=app.quit]",
    "[/b] x",
    "[TODO] x",
    "[IMPORTANT]",
    "[type=x, v={'a[0]'}]",
    "\\[escaped] and [link=https://evil.example]phish[/link]",
]


def test_a5_markup_in_titles_is_literal() -> None:
    body = rss(*(item(t.encode(), n) for n, t in enumerate(A5_TITLES)))
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    # Character for character: nothing escaped, nothing interpreted (the UI renders
    # with markup off; tests/ui/test_hostile_ui.py clicks them).
    assert titles(parsed) == [*A5_TITLES, NEIGHBOUR]


def test_a6_atom_html_title_is_decoded_once_without_tags_or_script() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<title>Atom desk</title><id>urn:x</id>"
        b'<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; '
        b"&lt;script&gt;alert(1)&lt;/script&gt;</title>"
        b'<link href="https://feeds.example/a6"/><id>urn:a6</id></entry>'
        b"<entry><title>" + NEIGHBOUR.encode() + b"</title><id>urn:n</id></entry></feed>"
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    assert titles(parsed) == ["Bold &", NEIGHBOUR]


# -- A7-A9: entities -------------------------------------------------------------------


def test_a7_billion_laughs_is_not_expanded() -> None:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    body = rss(
        item(b"Laughs &lol9;", 1, b"<description>&lol9;&lol9;</description>"),
        head=DECL + b"<!DOCTYPE rss [" + "".join(levels).encode() + b"]>",
    )
    parsed, elapsed, peak = parse_measured(body)
    assert elapsed < 2 and peak < 100, (elapsed, peak)
    assert_safe(parsed)
    for value in text_fields(parsed):
        assert "lollol" not in value
    assert parsed.stories[0].title in ("Laughs &lol9;", "Laughs")


def test_a8_one_big_entity_referenced_five_thousand_times_is_not_expanded() -> None:
    body = rss(
        item(b"Quad &big; " * 1 + b"&big;" * 5000, 1),
        head=DECL + b'<!DOCTYPE rss [<!ENTITY big "' + b"A" * 40_000 + b'">]>',
    )
    parsed, elapsed, peak = parse_measured(body)
    assert elapsed < 2 and peak < 100, (elapsed, peak)
    assert_safe(parsed)
    assert "AAAA" not in parsed.stories[0].title
    assert len(parsed.stories[0].title) <= LINE_CAP


def test_a9_external_entities_and_dtds_are_never_loaded(server: FaultServer) -> None:
    dtd = server.route("/evil.dtd", Reply(body=b'<!ENTITY leak "LEAKED">'))
    param = server.route("/param.dtd", Reply(body=b'<!ENTITY leak "LEAKED">'))
    body = rss(
        item(b"Passwd &xxe; here", 1),
        item(b"Remote &leak; here", 2),
        head=DECL
        + f'<!DOCTYPE rss SYSTEM "{dtd}" [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        f'<!ENTITY % p SYSTEM "{param}"> %p;]>'.encode(),
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    for value in text_fields(parsed):
        assert "root:" not in value and "LEAKED" not in value
    assert server.requests == []
    # The same with an external DTD and no internal subset.
    external = rss(
        item(b"Only a DTD &leak;", 1), head=DECL + f'<!DOCTYPE rss SYSTEM "{dtd}">'.encode()
    )
    assert_safe(parse_feed(external, URL))
    assert server.requests == []


# -- A10: size -------------------------------------------------------------------------


def hundred_thousand_items() -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>https://feeds.example/s/{n}</link>"
        f"<guid>g{n}</guid><description>About story {n}.</description></item>"
        for n in range(100_000)
    )
    return rss(items.encode())


def test_a10_a_hundred_thousand_items_are_capped_with_a_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real cap is 10,000 (R6); parsing 10,000 items costs ~10 s here, so the test
    # lowers it and checks the same mechanism. bench/hostile.py measures the real cap.
    assert MAX_ENTRIES == 10_000
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 500)
    parsed = parse_feed(hundred_thousand_items(), URL)
    assert len(parsed.stories) == 500
    assert parsed.dropped == 100_001 - 500  # the neighbour comes last and is counted
    assert titles(parsed)[:2] == ["Story 0", "Story 1"] and titles(parsed)[-1] == "Story 499"
    assert parsed.error == ""


# -- A11-A13: encodings and dates ------------------------------------------------------


def test_a11_invalid_utf8_is_replaced_not_reinterpreted() -> None:
    body = rss(
        item(b"caf\xe9 lone byte", 1),
        item(b"\xff\xfe not a BOM here", 2),
        item(b"overlong \xc0\xaf slash", 3),
        item(b"nul \x00 byte", 4),
        item(b"euro \xe2\x82\xac and \xf0\x9f\x93\xb0 news", 5),
        item(b"cut \xe2\x82", 6),
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    shown = titles(parsed)
    assert len(shown) == 7
    assert shown[0] == "caf\ufffd lone byte"
    assert shown[3] == "nul byte"
    # Valid UTF-8 survives: no whole-document cp1252 fallback ("â‚¬").
    assert shown[4] == "euro € and 📰 news"
    assert shown[5] == "cut \ufffd"
    assert all("â" not in title for title in shown)


def test_a12_unknown_or_impossible_declared_encoding_falls_back() -> None:
    evil = rss(
        item("Evil declared €".encode(), 1), head=b'<?xml version="1.0" encoding="x-evil-42"?>'
    )
    parsed = parse_feed(evil, URL)
    assert_safe(parsed)
    assert titles(parsed) == ["Evil declared €", NEIGHBOUR]
    utf16 = rss(item("UTF-16 lie €".encode(), 1), head=b'<?xml version="1.0" encoding="utf-16"?>')
    parsed = parse_feed(utf16, URL)
    assert_safe(parsed)
    assert titles(parsed) == ["UTF-16 lie €", NEIGHBOUR]
    # Codecs that are not character sets are ignored too.
    rot = rss(item(b"Rot13 name", 1), head=b'<?xml version="1.0" encoding="rot13"?>')
    assert titles(parse_feed(rot, URL)) == ["Rot13 name", NEIGHBOUR]
    # A real legacy declaration is honoured, from the HTTP charset too.
    latin = rss(
        item("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), 1),
        head=b'<?xml version="1.0" encoding="windows-1252"?>',
    )
    assert titles(parse_feed(latin, URL))[0] == "Café “quoted”"
    plain = rss(item("Caf\u00e9".encode("cp1252"), 1), head=b"")
    assert titles(parse_feed(plain, URL, "application/rss+xml", "iso-8859-1"))[0] == "Café"
    # UTF-16 with its BOM is real UTF-16.
    real16 = rss(item("Sixteen €".encode(), 1), head=b"").decode().encode("utf-16")
    assert titles(parse_feed(real16, URL))[0] == "Sixteen €"


@pytest.fixture
def far_east_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a13_garbage_dates_are_unknown_and_sort_stably(far_east_tz: None) -> None:
    dates = [
        b"Thu, 26 Nov 2026 09:30:00 +9999",
        b"Sat, 01 Jan 0000 00:00:00 +0000",
        b"Fri, 31 Dec 9999 23:59:59 +0000",
        b"Mon, 30 Feb 2026 10:00:00 GMT",
        b"12345678901234567890",
        b"yesterday",
        b"",
        b"Wed, 25 Nov 2026 08:00:00 +0000",
    ]
    body = rss(
        *(item(b"Dated %d" % n, n, b"<pubDate>" + d + b"</pubDate>") for n, d in enumerate(dates)),
        item(b"Undated", 50),
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    published = [story.published for story in parsed.stories]
    assert published[:7] == [None] * 7
    assert published[7] == datetime(2026, 11, 25, 8, tzinfo=UTC)
    # JSON Feed dates out of range are unknown too.
    jf = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [
                {"id": "1", "title": "Y0", "date_published": "0000-01-01T00:00:00Z"},
                {"id": "2", "title": "Y9999", "date_published": "9999-12-31T23:59:59+00:00"},
                {"id": "3", "title": "Bad", "date_published": "2026-02-30T10:00:00Z"},
            ],
        }
    ).encode()
    assert [s.published for s in parse_feed(jf, URL).stories] == [None, None, None]
    # Undated stories keep their feed order after the dated ones (a stable sort).
    merged = merge_stories([parsed.stories])
    assert merged[0].title == "Dated 7"
    assert [s.title for s in merged[1:]] == [s.title for s in parsed.stories if s.published is None]
    # A date at the edge of the calendar can still be shown in a zone east of UTC.
    edge = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    assert long_date(edge).startswith("December 31, 9999")
    assert age(edge, datetime(2026, 1, 1, tzinfo=UTC)).startswith("December 31, 9999")


def test_a14_missing_fields_get_placeholders_and_stable_ids() -> None:
    body = rss(
        b"<item></item>",
        b"<item><title>   </title><description>Whitespace title</description></item>",
        b"<item><title>First dup</title><guid isPermaLink='false'>dup-1</guid></item>",
        b"<item><title>Second dup</title><guid isPermaLink='false'>dup-1</guid></item>",
        b"<item><title>Link only</title><link>https://feeds.example/same</link></item>",
        b"<item><title>Link again</title><link>https://feeds.example/same</link></item>",
        b"<item><description>Only a description A</description></item>",
        b"<item><description>Only a description B</description></item>",
        b"<item><title><![CDATA[]]></title><link></link><guid></guid></item>",
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    shown = titles(parsed)
    assert shown == [
        UNTITLED,
        UNTITLED,
        "First dup",
        "Link only",
        UNTITLED,
        UNTITLED,
        NEIGHBOUR,
    ]
    ids = [story.id for story in parsed.stories]
    assert len(set(ids)) == len(ids)
    assert ids[2] == "dup-1" and ids[3] == "https://feeds.example/same"
    assert ids[4].startswith("sha256:") and ids[4] != ids[5]
    # Ids do not depend on the run: the same document gives the same ids.
    assert [s.id for s in parse_feed(body, URL).stories] == ids


def test_a15_huge_fields_are_capped_without_a_stall() -> None:
    categories = b"".join(b"<category>c%d</category>" % n for n in range(10_000))
    enclosure = b'<enclosure url="https://feeds.example/a.mp3" type="' + b"y" * 1_000_000 + b'"/>'
    body = rss(
        item(
            b"x" * 5_000_000,
            1,
            categories + enclosure + b"<author>" + b"z" * 1_000_000 + b"</author>",
        ),
    )
    parsed, elapsed, peak = parse_measured(body)
    assert elapsed < 10, elapsed  # 8.6 s before the per-item child cap, ~1 s now
    assert_safe(parsed)
    big = parsed.stories[0]
    assert len(big.title) == LINE_CAP and big.title.endswith("…")
    assert len(big.author) <= 120
    stored = json.dumps([story.to_json() for story in parsed.stories])
    assert len(stored) < 10_000


def test_a16_deeply_nested_elements_do_not_recurse_or_stall() -> None:
    deep = b"<x>" * 100_000 + b"deep text" + b"</x>" * 100_000
    body = rss(item(b"Before the pit", 1), deep, item(b"After the pit", 2))
    started = time.perf_counter()
    parsed = parse_feed(body, URL)
    assert time.perf_counter() - started < 10  # 11 s before the depth cap, ~0.5 s now
    assert_safe(parsed)
    assert titles(parsed) == ["Before the pit", "After the pit", NEIGHBOUR]
    # Deep nesting inside a title keeps the title's text.
    nested = rss(item(b"<b>" * 50_000 + b"Nested title" + b"</b>" * 50_000, 3))
    parsed = parse_feed(nested, URL)
    assert_safe(parsed)
    assert "Nested title" in titles(parsed)[0]


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Hi</title></head><body><p>Page</p></body></html>",
        b"<html><body>lowercase page</body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"",
        b" \r\n\t ",
        b"%PDF-1.7\n%\xe2\xe3",
        b"plain text, not markup at all",
    ],
    ids=["html", "html-lower", "png", "empty", "whitespace", "pdf", "text"],
)
def test_a17_not_a_feed_is_an_error(body: bytes) -> None:
    parsed = parse_feed(body, URL, "text/html")
    assert parsed.stories == () and parsed.error
    assert "feed" in parsed.error


async def test_a17_a18_a_bad_body_never_replaces_a_good_cached_copy(
    server: FaultServer, tmp_path: Path
) -> None:
    good = rss(*(item(b"Good %d" % n, n) for n in range(5)))
    cut = good[: good.index(b"Good 2")]
    replies = iter(
        [
            Reply(body=good),
            Reply(body=b"<!DOCTYPE html><html><body>Login</body></html>"),
            Reply(body=b"\x89PNG\r\n\x1a\n" + bytes(32)),
            Reply(body=b""),
            Reply(body=cut),
        ]
    )
    url = server.route("/feed", lambda _headers: next(replies))
    service = NewsService(Config(sections=(Section("S", (url,)),)), Store(tmp_path / "cache"))
    first = await service.refresh_section(service.sections[0])
    errors = []
    for _ in range(4):
        update = await service.refresh_section(service.sections[0], force=True)
        assert [s.title for s in update.stories] == [s.title for s in first.stories]
        errors.append(update.statuses[0].error)
    cached = await service.store.aget(feed_key(url))
    await service.aclose()
    assert errors == [
        "got a web page, not a feed",
        "not a feed",
        "empty response: not a feed",
        "the feed looks cut short",
    ]
    assert len(cached["stories"]) == 6


def test_a18_cut_mid_item_or_inside_cdata_keeps_what_came_before() -> None:
    whole = rss(
        *(
            item(b"Part %d" % n, n, b"<description><![CDATA[<p>Body</p>]]></description>")
            for n in range(4)
        )
    )
    mid_item = whole[: whole.index(b"Part 2") + 3]
    parsed = parse_feed(mid_item, URL)
    assert titles(parsed)[:2] == ["Part 0", "Part 1"]
    assert parsed.error == "the feed looks cut short"
    in_cdata = whole[: whole.index(b"<![CDATA[<p>Body", whole.index(b"Part 2")) + 12]
    parsed = parse_feed(in_cdata, URL)
    assert titles(parsed)[:2] == ["Part 0", "Part 1"]
    assert parsed.error == "the feed looks cut short"
    # An unterminated CDATA that swallows the rest, closing tags included.
    swallowed = rss(item(b"Open", 1, b"<description><![CDATA[<p>never closed"))
    parsed = parse_feed(swallowed, URL)
    assert titles(parsed)[0] == "Open" and parsed.error == "the feed looks cut short"
    for value in text_fields(parsed):
        assert not LIVE.search(value)


# -- A19-A20: JSON Feed ----------------------------------------------------------------


def test_a19_json_feed_with_bad_types_keeps_the_good_items() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": ["not", "text"],'
        b' "home_page_url": "javascript:alert(1)", "feed_url": "file:///etc/passwd",'
        b' "items": ['
        b'{"id": 1, "title": null, "url": "https://feeds.example/1"},'
        b'{"id": 2, "title": ["a", "list"], "url": "https://feeds.example/2"},'
        b'"a string item", 42, null, [],'
        b'{"id": "sur", "title": "lone \\ud800 surrogate \\udfff", "url": "https://feeds.example/3",'
        b' "summary": "sum \\ud83d"},'
        b'{"id": "js", "title": "Script link", "url": "javascript:alert(1)",'
        b' "external_url": "data:text/html,x"},'
        b'{"id": {"a": 1}, "title": "Dict id", "url": "https://feeds.example/5",'
        b' "authors": [{"name": ["x"]}], "author": "plain string",'
        b' "content_html": 7, "content_text": {"x": 1}, "date_published": 20261126},'
        b'{"id": "ok", "title": "' + NEIGHBOUR.encode() + b'", "url": "https://feeds.example/ok"}'
        b"]}"
    )
    parsed = parse_feed(body, URL)
    assert_safe(parsed)
    assert parsed.title == "" and parsed.error == ""
    assert titles(parsed) == [
        UNTITLED,
        UNTITLED,
        "lone surrogate",
        "Script link",
        "Dict id",
        NEIGHBOUR,
    ]
    assert [s.id for s in parsed.stories][:4] == ["1", "2", "sur", "js"]
    assert parsed.stories[3].url == ""
    assert parsed.stories[2].summary.rstrip() == "sum"  # the lone surrogate is gone
    # Nothing that is not a web link is kept anywhere.
    assert all(is_openable(v) for v in parsed.extra.values())
    assert "javascript" not in json.dumps([s.to_json() for s in parsed.stories])


def test_a20_hostile_json_is_a_failed_feed_and_a_bom_is_accepted() -> None:
    deep = (
        b'{"version": "https://jsonfeed.org/version/1", "items": '
        + b"[" * 60_000
        + b"]" * 60_000
        + b"}"
    )
    huge_int = (
        b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": ' + b"9" * 5000 + b"}]}"
    )
    for body in (deep, huge_int, b"[" * 60_000, b'{"version": "https://jsonfeed.org/version/1"'):
        parsed = parse_feed(body, URL, "application/feed+json")
        assert parsed.stories == () and parsed.error
    bom = (
        b'\xef\xbb\xbf{"version": "https://jsonfeed.org/version/1.1", "title": "BOM desk",'
        b' "items": [{"id": "1", "title": "After a BOM", "url": "https://feeds.example/1"}]}'
    )
    parsed = parse_feed(bom, URL, "application/feed+json")
    assert parsed.error == "" and parsed.title == "BOM desk"
    assert titles(parsed) == ["After a BOM"]


def test_a_every_story_field_is_text_of_the_expected_type() -> None:
    # The parsed stories are plain dataclasses of str/datetime/None, whatever came in.
    parsed = parse_feed(rss(*(item(raw, n) for n, (raw, _) in enumerate(A1_TITLES))), URL)
    for story in parsed.stories:
        assert isinstance(story, Story)
        for spec in fields(story):
            value = getattr(story, spec.name)
            if isinstance(value, tuple):  # also_in: section names, set by the service
                assert all(isinstance(v, str) for v in value), spec.name
                continue
            assert value is None or isinstance(value, str | datetime), spec.name
