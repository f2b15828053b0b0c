"""Feed parsing: RSS, Atom, JSON Feed, and the broken documents of the real world."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from tuinews.core.feeds import MAX_ENTRIES, UNTITLED, parse_feed

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour &amp; Hill</title>
  <link>https://news.example/</link>
  <ttl>30</ttl>
  <item>
    <title>Port reopens after storm</title>
    <link>https://news.example/2026/11/port-reopens/</link>
    <guid isPermaLink="false">https://news.example/?p=11</guid>
    <pubDate>Thu, 26 Nov 2026 09:30:00 +0000</pubDate>
    <dc:creator>Mara Quill</dc:creator>
    <description><![CDATA[<p>Ships are <b>moving</b> again.</p>
      <script>alert(1)</script>]]></description>
  </item>
  <item>
    <title>[bold red]Markup[/] stays literal</title>
    <link>/relative/story/</link>
    <guid>https://news.example/?p=12</guid>
    <pubDate>Wed, 25 Nov 2026 09:30:00 +0000</pubDate>
    <description>Second.</description>
  </item>
  <item>
    <guid>https://news.example/?p=11</guid>
    <title>Duplicate guid</title>
  </item>
  <item>
    <title>   </title>
    <description>No title, no link, no guid, and a date of year zero.</description>
    <pubDate>Sat, 00 Jan 0000 00:00:00 +0000</pubDate>
  </item>
  <item>
    <title>Bad link</title>
    <link>javascript:alert(1)</link>
    <pubDate>yesterday</pubDate>
  </item>
</channel>
</rss>"""


def test_rss_items_become_stories() -> None:
    parsed = parse_feed(RSS, "https://news.example/feed/", "application/rss+xml")
    assert parsed.error == ""
    assert parsed.title == "Harbour & Hill"
    assert parsed.extra["ttl"] == "30"
    first = parsed.stories[0]
    assert first.title == "Port reopens after storm"
    assert first.url == "https://news.example/2026/11/port-reopens/"
    assert first.id == "https://news.example/?p=11"
    assert first.summary == "Ships are moving again."
    assert first.author == "Mara Quill"
    assert first.published == datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert first.source == "Harbour & Hill"
    assert first.feed_url == "https://news.example/feed/"


def test_relative_links_resolve_and_markup_is_literal() -> None:
    second = parse_feed(RSS, "https://news.example/feed/").stories[1]
    assert second.title == "[bold red]Markup[/] stays literal"
    assert second.url == "https://news.example/relative/story/"


def test_bad_items_do_not_hide_their_neighbours() -> None:
    stories = parse_feed(RSS, "https://news.example/feed/").stories
    assert len(stories) == 4  # the duplicate guid is one story once
    untitled = stories[2]
    assert untitled.title == UNTITLED
    assert untitled.published is None
    assert untitled.id.startswith("sha256:")
    bad_link = stories[3]
    assert bad_link.url == "" and bad_link.published is None


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">&lt;b&gt;Tech&lt;/b&gt; desk</title>
  <id>urn:x</id>
  <updated>2026-11-26T10:00:00Z</updated>
  <entry>
    <title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; &lt;script&gt;evil()&lt;/script&gt;</title>
    <link rel="alternate" href="https://tech.example/a"/>
    <id>urn:a</id>
    <published>2026-11-26T08:00:00+02:00</published>
    <author><name>Ines Ward</name></author>
    <summary type="html">&lt;p&gt;Short.&lt;/p&gt;</summary>
    <content type="html">&lt;p&gt;Full text one.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_atom_html_title_is_plain_text_once_decoded() -> None:
    parsed = parse_feed(ATOM, "https://tech.example/atom")
    assert parsed.title == "Tech desk"
    story = parsed.stories[0]
    assert story.title == "Bold &"
    assert story.content == "Full text one.\n\nTwo."
    assert story.summary == "Short."
    assert story.published == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    assert story.author == "Ines Ward"


def test_json_feed() -> None:
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON desk",
            "home_page_url": "javascript:alert(1)",
            "items": [
                {
                    "id": 1,
                    "title": "Int id",
                    "url": "https://j.example/1",
                    "content_text": "Body",
                    "date_published": "2026-11-20T10:00:00Z",
                },
                "a string item",
                {"id": "2", "title": None, "url": "javascript:x", "summary": "S"},
                {"id": "3", "title": ["list"], "content_html": "<p>x</p>"},
            ],
        }
    ).encode()
    parsed = parse_feed(b"\xef\xbb\xbf" + body, "https://j.example/feed.json")
    assert parsed.error == "" and parsed.title == "JSON desk"
    assert [s.id for s in parsed.stories] == ["1", "2", "3"]
    assert parsed.stories[0].published == datetime(2026, 11, 20, 10, tzinfo=UTC)
    assert parsed.stories[1].title == UNTITLED and parsed.stories[1].url == ""


def test_deep_json_is_a_failed_feed_not_a_crash() -> None:
    parsed = parse_feed(b"[" * 60_000 + b"]" * 60_000, "https://j.example/feed.json")
    assert parsed.stories == () and parsed.error


def test_html_page_is_not_a_feed() -> None:
    parsed = parse_feed(
        b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "https://x.example/", "text/html"
    )
    assert parsed.error == "got a web page, not a feed" and parsed.stories == ()


def test_empty_and_binary_bodies_are_not_feeds() -> None:
    assert parse_feed(b"  \n", "https://x.example/").error
    assert parse_feed(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "https://x.example/").error


def test_entities_are_never_expanded() -> None:
    levels = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    body = (
        '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(levels) + "]>"
        '<rss version="2.0"><channel><title>t</title><item><title>&a9;</title>'
        "<link>https://x.example/1</link></item></channel></rss>"
    ).encode()
    started = time.perf_counter()
    parsed = parse_feed(body, "https://x.example/feed")
    assert time.perf_counter() - started < 2
    assert len(parsed.stories) == 1
    assert "lol" not in parsed.stories[0].title


def test_entries_are_capped() -> None:
    items = "".join(
        f"<item><title>T{i}</title><guid>g{i}</guid></item>" for i in range(MAX_ENTRIES + 5)
    )
    body = f'<rss version="2.0"><channel><title>big</title>{items}</channel></rss>'.encode()
    parsed = parse_feed(body, "https://x.example/feed")
    assert len(parsed.stories) == MAX_ENTRIES and parsed.dropped == 5


def test_cut_feed_keeps_items_before_the_cut_and_says_so() -> None:
    cut = RSS[: RSS.index(b"<title>Duplicate guid")]
    parsed = parse_feed(cut, "https://news.example/feed/")
    assert [s.title for s in parsed.stories][:2] == [
        "Port reopens after storm",
        "[bold red]Markup[/] stays literal",
    ]
    assert parsed.error == "the feed looks cut short"


def test_control_characters_in_titles_are_removed() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><title>Clip&#27;]52;c;SE9M&#7;grab'
        b"&#x9b;31m</title><link>https://x.example/1</link></item></channel></rss>"
    )
    title = parse_feed(body, "https://x.example/feed").stories[0].title
    assert "\x1b" not in title and "\x07" not in title and "\x9b" not in title
    assert title.startswith("Clip") and "grab" in title


def test_every_demo_feed_parses_to_its_sections_stories() -> None:
    from tuinews.demo.site import DemoSite

    site = DemoSite("http://127.0.0.1:8000")
    for section in site.sections:
        status, content_type, body = site.render(section.feed_url.removeprefix(site.base_url))
        assert status == 200
        parsed = parse_feed(body, section.feed_url, content_type.split(";")[0])
        expected = site.section_stories(section.slug)
        assert parsed.error == ""
        assert [s.title for s in parsed.stories] == [s.title for s in expected]
        assert [s.url for s in parsed.stories] == [s.url for s in expected]
        assert [s.published for s in parsed.stories] == [s.published for s in expected]
        assert [s.author for s in parsed.stories] == [s.author for s in expected]
        # The feeds carry only the standfirst: the full text must come from the page.
        assert [s.summary for s in parsed.stories] == [s.standfirst for s in expected]
        assert all(s.content == "" for s in parsed.stories)
