"""Tests for `tuinews.core.reader`: page HTML → Article (body, metadata, navigation).

The fixture pages are described in tests/fixtures/pages/README.md. Hostile inputs follow
HOSTILE_INPUTS.md section B; the generated ones (nested divs, 30 MB, 100,000 links,
binary files) are built here.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tuinews.core import reader
from tuinews.core.models import EXCERPT, FULL, Article, Link
from tuinews.core.reader import extract_article
from tuinews.core.text import TEXT_CAP, UnsafeURL, openable_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Hostile pages live in pages/; the article set (articles/) holds the ordinary ones.
PAGES, ARTICLES = FIXTURES / "pages", FIXTURES / "articles"

WP_URL = "https://meridiancourier.example/2023/11/11/coastal-states-flood-warning-data/"
LD_URL = "https://northgateherald.example/science/2024/03/05/harrow-glacier-survey"
HEAD_URL = "https://lowfieldchronicle.example/2024/04/quay-street-tide-mill/"
RELATED_URL = "https://gulfbusinessreview.example/2024/02/19/ostra-savings-bank-branches/"
PLAIN_URL = "https://kellnews.example/notices/2023/10/library-winter-hours/"
HOSTILE_URL = "https://hostile.example/news/story.html"

# Anything that would be live in a terminal (R1): C0 but LF, DEL, C1, bidi controls.
LIVE_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def load(name: str) -> bytes:
    """A fixture page's bytes, from the article set or the hostile pages."""
    path = ARTICLES / name
    return (path if path.exists() else PAGES / name).read_bytes()


def strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON-ready value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def every_link(article: Article) -> list[Link]:
    """All links of an article, of every kind."""
    links = [*article.related, *article.latest, *article.links]
    return links + [link for link in (article.previous, article.next) if link is not None]


def page(body: str, head: str = "", title: str = "Test page") -> str:
    """A small page around some body HTML."""
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
        f"</head><body>{body}</body></html>"
    )


PROSE = [
    "The harbour board met on Tuesday to settle the question of the winter moorings, which"
    " has divided the fishing families of the north quay for three seasons running.",
    "Members agreed that the outer berths would stay open until the end of January, and that"
    " the ferry company would pay for extra lighting along the breakwater this year.",
    "The decision follows a petition signed by more than four hundred residents, many of"
    " whom said the early closure had forced boats into the crowded inner basin.",
    "A review of the arrangement is planned for the spring, when the board will also consider"
    " the cost of dredging the channel near the old customs house.",
]


def article_page(
    *extra: str, head: str = "", title: str = "Harbour board keeps berths open"
) -> str:
    """A plain article page: a headline, four paragraphs, then `extra` inside the body."""
    paragraphs = "".join(f"<p>{text}</p>" for text in PROSE)
    body = (
        f"<article><h1>{title}</h1><div class='entry-content'>{paragraphs}"
        f"{''.join(extra)}</div></article>"
    )
    return page(body, head=head, title=title)


# ----------------------------------------------------------------------------------------
# The WordPress page of DESIGN.md


@pytest.fixture(scope="module")
def wp() -> Article:
    return extract_article(load("wordpress_news_theme.html"), WP_URL)


@pytest.mark.parametrize(
    "fragment",
    [
        "The agreement, signed on Friday evening in the port city of Ostra",
        "a practice engineers described as a relic of the last century.",
        "readings from some 140 tide gauges and 36 offshore buoys",
        "“A surge does not stop at a border,” said Dana Voskuijl",
        "The storm of February 2021 is still the benchmark.",
        "Who pays for the sensors",
        "about 41 per cent, to the northern state",
        "The warning models that turn a rising tide into an evacuation order",
        "We have spent ten years arguing about the numbers.",
        "Fishing co-operatives on the eastern shore welcomed the deal",
        "A public map showing every gauge and its latest reading will follow in the summer",
    ],
)
def test_wordpress_body_has_every_paragraph(wp: Article, fragment: str) -> None:
    assert fragment in wp.text
    assert fragment in wp.markdown


@pytest.mark.parametrize(
    "boilerplate",
    [
        "We use cookies",  # cookie notice
        "Privacy policy",
        "Skip to content",
        "Subscribe to the print edition",  # top bar
        "Independent news from the gulf coast",  # site description
        "Business",  # menu
        "Search",
        "3 min read",
        "Share",  # share bar
        "Print this story",
        "ALSO READ",
        "Port of Selm dredging resumes",  # the also-read headline
        "Previous Story",
        "Next Story",
        "Fishing fleets return to Ostra",  # previous/latest headline
        "Night ferry trial approved",  # next/latest headline
        "Latest from",
        "Kell bridge tolls frozen",
        "Harbour authority backs a six-month test",  # a latest excerpt
        "View all",
        "Don’t Miss",
        "Don't Miss",
        "The last lighthouse keepers of Selm",
        "Leave a Reply",
        "Your email address will not be published",
        "Post Comment",
        "Save my name, email, and website",
        "Most Read",
        "Ostra council budget",
        "Get the morning briefing",
        "Tagged",
        "All rights reserved",
        "Corrections",
        "Go to Top",
        "SCRIPT-LEAK-MARKER",
        "STYLE-LEAK-MARKER",
    ],
)
def test_wordpress_body_has_no_boilerplate(wp: Article, boilerplate: str) -> None:
    assert boilerplate not in wp.text
    assert boilerplate not in wp.markdown


def test_wordpress_body_does_not_repeat_headline_or_standfirst(wp: Article) -> None:
    assert wp.title not in wp.text
    assert "Four governments will pool" not in wp.text
    assert wp.text.startswith("The agreement, signed on Friday evening")


def test_wordpress_text_has_blank_lines_between_paragraphs(wp: Article) -> None:
    paragraphs = wp.text.split("\n\n")
    assert paragraphs[0].startswith("The agreement, signed")
    assert paragraphs[0].endswith("a relic of the last century.")
    assert "Who pays for the sensors" in paragraphs
    assert "\n" not in wp.text.replace("\n\n", "")


def test_wordpress_markdown_keeps_formatting_but_no_links(wp: Article) -> None:
    assert "## Who pays for the sensors" in wp.markdown
    assert "](" not in wp.markdown
    assert "https://" not in wp.markdown


def test_wordpress_metadata(wp: Article) -> None:
    assert wp.url == WP_URL
    assert wp.title == "Coastal states agree to share flood-warning data across the Varna Gulf"
    assert wp.standfirst == (
        "Four governments will pool tide-gauge and buoy readings in one public system, "
        "giving harbour towns up to six extra hours of warning before a surge."
    )
    assert wp.authors == ("Ines Albrecht",)
    assert wp.published == datetime(2023, 11, 11, 8, 42, 17, tzinfo=UTC)
    assert wp.site_name == "The Meridian Courier"
    assert wp.section == "World"
    assert wp.extra == {
        "lead_image": "https://meridiancourier.example/wp-content/uploads/2023/11/"
        "gulf-buoys-1024x576.jpg",
        "lead_image_caption": "Monitoring buoys off the harbour wall at Selm. "
        "Photo: Courier archive",
        "updated": "2023-11-11T10:05:03+00:00",
    }
    assert wp.completeness == FULL
    assert wp.note == ""


def test_wordpress_reading_minutes_counts_standfirst_and_body(wp: Article) -> None:
    words = len(wp.standfirst.split()) + len(wp.text.split())
    assert wp.reading_minutes == math.ceil(words / reader.WORDS_PER_MINUTE)
    assert wp.reading_minutes == 3  # what the page itself says


def test_wordpress_previous_and_next(wp: Article) -> None:
    assert wp.previous == Link(
        url="https://meridiancourier.example/2023/11/10/ostra-fishing-fleet-strike-ends/",
        text="Fishing fleets return to Ostra after week-long strike",
        kind="previous",
    )
    assert wp.next == Link(
        url="https://meridiancourier.example/2023/11/12/selm-ferry-night-trial/",
        text="Night ferry trial approved for the Lissen Strait",
        kind="next",
    )


def test_wordpress_also_read(wp: Article) -> None:
    assert wp.related == (
        Link(
            url="https://meridiancourier.example/2023/11/09/port-of-selm-dredging-resumes/",
            text="Port of Selm dredging resumes after two-year pause",
            kind="also-read",
        ),
    )


def test_wordpress_latest_from_section(wp: Article) -> None:
    base = "https://meridiancourier.example/2023/11/"
    assert wp.latest_label == "Latest from World"
    assert wp.latest == (
        Link(
            base + "12/selm-ferry-night-trial/",
            "Night ferry trial approved for the Lissen Strait",
            "latest",
        ),
        Link(
            base + "10/ostra-fishing-fleet-strike-ends/",
            "Fishing fleets return to Ostra after week-long strike",
            "latest",
        ),
        Link(
            base + "09/kell-bridge-tolls-frozen/",
            "Kell bridge tolls frozen for another year",
            "latest",
        ),
        Link(
            base + "08/gulf-wind-farm-cable-laid/",
            "Last cable laid for the outer gulf wind farm",
            "latest",
        ),
        Link(
            base + "07/ostra-museum-reopens/",
            "Ostra maritime museum reopens after flood repairs",
            "latest",
        ),
    )


def test_wordpress_body_links_only_from_the_article(wp: Article) -> None:
    assert wp.links == (
        Link(
            "https://meridiancourier.example/2023/10/02/varna-gulf-storm-season/",
            "a relic of the last century",
        ),
        Link(
            "https://fund.gulfcommission.example/projects/2023-17",
            "Gulf Commission resilience fund",
        ),
    )


def test_wordpress_dont_miss_menus_share_and_tags_are_in_no_link_list(wp: Article) -> None:
    urls = {link.url for link in every_link(wp)}
    for unwanted in (
        "selm-lighthouse-keepers",
        "facebook.com",
        "twitter.com",
        "/tag/",
        "/category/",
        "/about/",
        "ostra-council-budget",
        "privacy-policy",
    ):
        assert not any(unwanted in url for url in urls), unwanted


def test_article_survives_its_json_round_trip(wp: Article) -> None:
    assert Article.from_json(wp.to_json()) == wp


def test_str_input_gives_the_same_article_as_bytes(wp: Article) -> None:
    text = load("wordpress_news_theme.html").decode("utf-8")
    assert extract_article(text, WP_URL) == wp


def test_parallel_extractions_agree(wp: Article) -> None:
    # extract_article runs in worker threads: no shared parser, no shared state.
    data = load("wordpress_news_theme.html")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: extract_article(data, WP_URL), range(8)))
    assert all(result == wp for result in results)


# ----------------------------------------------------------------------------------------
# JSON-LD + OpenGraph, labelled neighbour block without rel


@pytest.fixture(scope="module")
def ld() -> Article:
    return extract_article(load("jsonld_opengraph.html"), LD_URL)


def test_jsonld_metadata(ld: Article) -> None:
    assert ld.title == "Glacier melt on the Harrow Range slowed last summer, survey finds"
    assert ld.site_name == "Northgate Herald"
    assert ld.authors == ("Maren Colquhoun", "Teodor Halvik")
    assert ld.published == datetime(2024, 3, 5, 5, 30, tzinfo=UTC)
    assert ld.section == "Science"
    assert ld.standfirst.startswith("A cool, cloudy July spared the range’s largest ice fields")
    assert ld.extra["lead_image"] == (
        "https://northgateherald.example/media/2024/03/harrow-icefield.jpg"
    )
    assert ld.completeness == FULL


def test_jsonld_labelled_previous_next_without_rel(ld: Article) -> None:
    assert ld.previous == Link(
        "https://northgateherald.example/science/2024/03/04/moss-archive-city-air",
        "Moss samples reveal a century of city air",
        "previous",
    )
    assert ld.next == Link(
        "https://northgateherald.example/science/2024/03/06/comet-watch",
        "Amateur astronomers log a returning comet",
        "next",
    )


def test_jsonld_body(ld: Article) -> None:
    for fragment in (
        "The glaciers of the Harrow Range lost less ice last summer",
        "A record going back to 1983",
        "a tradition that has survived four changes of funding body",
        "public lecture in Northgate on 14 March",
    ):
        assert fragment in ld.text
    for boilerplate in (
        "Previous article",
        "Next article",
        "Moss samples",
        "comet",
        "Sign in",
        "Herald Science Briefing",
        "© 2024",
        "Politics",
        "Broken JSON-LD",
        "north col in September",
    ):
        assert boilerplate not in ld.text
    assert ld.links == (
        Link(
            "https://northgateherald.example/science/data/harrow-stakes-2023",
            "institute’s data page",
        ),
    )
    assert ld.related == () and ld.latest == ()


# ----------------------------------------------------------------------------------------
# <link rel="prev/next"> in the head


@pytest.fixture(scope="module")
def head_links() -> Article:
    return extract_article(load("static_blog_head_links.html"), HEAD_URL)


def test_head_link_previous_takes_its_text_from_an_anchor(head_links: Article) -> None:
    assert head_links.previous == Link(
        "https://lowfieldchronicle.example/2024/03/tide-tables-explained/",
        "Tide tables, explained for the rest of us",
        "previous",
    )


def test_head_link_next_without_an_anchor_gets_a_plain_label(head_links: Article) -> None:
    assert head_links.next == Link(
        "https://lowfieldchronicle.example/2024/04/estuary-bird-count/", "Next", "next"
    )


def test_static_blog_metadata_and_body(head_links: Article) -> None:
    assert head_links.title == "Rebuilding the Quay Street tide mill"
    assert head_links.site_name == "Lowfield Chronicle"
    assert head_links.authors == ("Priya Castellane",)
    assert head_links.published == datetime(2024, 4, 2, 18, 5, tzinfo=UTC)
    assert head_links.standfirst.startswith("The last working tide mill on the estuary")
    assert head_links.text.startswith("When the mill pond gates at Quay Street")
    assert "a tide mill is a machine that runs on the moon" in head_links.text
    for boilerplate in (
        "Recent posts",
        "Harbour wall repairs",
        "Pelican",
        "Archives",
        "Tue 02 April 2024",
    ):
        assert boilerplate not in head_links.text
    assert head_links.related == () and head_links.latest == () and head_links.links == ()


# ----------------------------------------------------------------------------------------
# A related block in the middle of the body


@pytest.fixture(scope="module")
def related() -> Article:
    return extract_article(load("related_mid_body.html"), RELATED_URL)


def test_related_links_in_page_order_deduped(related: Article) -> None:
    site = "https://gulfbusinessreview.example"
    assert related.related == (
        Link(
            f"{site}/2024/01/22/gulf-lenders-profits/",
            "Gulf lenders report record profits as rates stay high",
            "related",
        ),
        Link(
            f"{site}/2023/12/04/cash-machines-disappearing/",
            "Cash machines are disappearing from the coast. Who is left behind?",
            "related",
        ),
        Link(
            f"{site}/2024/02/12/post-office-banking-deal/",
            "Post offices sign new deal to handle bank deposits",
            "also-read",
        ),
        Link(
            f"{site}/2024/02/01/kell-credit-union-growth/",
            "Kell credit union doubles its membership in a year",
            "related",
        ),
        Link(
            f"{site}/2024/01/15/fintech-app-licence/",
            "Gulf fintech app wins full banking licence",
            "related",
        ),
    )


def test_related_block_leaves_the_body_whole(related: Article) -> None:
    paragraphs = related.text.split("\n\n")
    assert paragraphs[0].startswith("Ostra Savings Bank will close eleven of its branches")
    staff = next(i for i, p in enumerate(paragraphs) if p.startswith("All 64 staff"))
    assert paragraphs[staff + 1].startswith("Local councillors reacted angrily.")
    assert (
        paragraphs[-1]
        == "Shares in the bank’s parent company rose 1.2 per cent in morning trading in Ostra."
    )
    for boilerplate in (
        "Gulf lenders report",
        "Related",
        "Read more",
        "Post offices sign",
        "You may also like",
        "More from Business",
        "Container shipping",
        "Trending",
        "House prices on the coast",
        "TAGS",
        "Facebook",
        "Back to top",
        "All rights reserved",
        "Advertise with us",
    ):
        assert boilerplate not in related.text


def test_related_page_latest_and_metadata(related: Article) -> None:
    assert related.latest_label == "More from Business"
    assert [link.text for link in related.latest] == [
        "Container shipping rates fall for a third month",
        "Ostra port expansion goes to a public vote",
        "Family bakery chain sold to northern rival",
        "Selm start-up raises funds for tidal turbines",
    ]
    assert related.authors == ("Hamid Ostrander",)
    assert related.published == datetime(2024, 2, 19, 11, 20, 44, tzinfo=UTC)
    assert related.section == "Business"
    assert related.site_name == "Gulf Business Review"
    assert related.standfirst.startswith("The bank says fewer than one customer in twenty")
    # og:image is javascript:, refused; twitter:image is the next candidate.
    assert related.extra["lead_image"] == (
        "https://gulfbusinessreview.example/wp-content/uploads/2024/02/ostra-bank.jpg"
    )
    assert related.previous is None and related.next is None


# ----------------------------------------------------------------------------------------
# Charsets


def test_declared_windows_1252() -> None:
    article = extract_article(load("windows1252_weekly.html"), "https://selmweekly.example/anchor-cafe/")
    assert article.title == "Harbour café wins “best breakfast” award"
    assert article.authors == ("Renée Duval",)
    for fragment in (
        "a porridge they called “quietly perfect”",
        "A full breakfast costs €9.50 — unchanged for three years —",
        "Owner José Almeida",
        "‘We never thought the guide’s inspectors got up that early.’",
    ):
        assert fragment in article.text
    assert "\ufffd" not in article.text


def test_declared_iso_8859_1_table_layout() -> None:
    article = extract_article(load("latin1_table_layout.html"), "http://culture.example/1998/alesund.html")
    assert article.title == "Zürich choir brings déjà vu to Ålesund festival"
    for fragment in (
        "The Kammerchor Zürich returned to the Ålesund coastal festival",
        "a moment of déjà vu",
        "Françoise Müller",
        "The señora who sang",
        "the restored façade of the old fish market",
    ):
        assert fragment in article.text
    assert "\ufffd" not in article.text
    # The page is laid out in a table: the body is prose, not a Markdown table.
    assert "|" not in article.text and "|" not in article.markdown
    assert "Front page" not in article.text and "Copyright" not in article.text
    assert article.completeness == FULL


def test_bytes_and_decoded_text_agree_for_a_legacy_charset() -> None:
    data = load("windows1252_weekly.html")
    from_bytes = extract_article(data, "https://selmweekly.example/anchor-cafe/")
    from_text = extract_article(data.decode("cp1252"), "https://selmweekly.example/anchor-cafe/")
    assert from_text.text == from_bytes.text
    assert from_text.title == from_bytes.title


def test_utf8_bytes_win_over_a_wrong_declaration() -> None:
    data = article_page(
        "<p>Smørrebrød and crème brûlée at the quay café.</p>", head="<meta charset='iso-8859-1'>"
    ).encode("utf-8")
    article = extract_article(data, "https://example.com/food")
    assert "Smørrebrød and crème brûlée" in article.text


# ----------------------------------------------------------------------------------------
# A page with no navigation: nothing invented


def test_no_navigation_is_invented() -> None:
    article = extract_article(load("community_no_navigation.html"), PLAIN_URL)
    assert article.previous is None
    assert article.next is None
    assert article.related == ()
    assert article.latest == ()
    assert article.latest_label == ""
    assert article.links == ()
    assert article.completeness == FULL
    assert article.text.startswith("Kell public library will stay open until eight o’clock")
    assert "The library remains closed on Sundays and public holidays." in article.text
    for boilerplate in (
        "Next page",
        "Related sites",
        "Kell Town Council",
        "What's on",
        "run by volunteers",
    ):
        assert boilerplate not in article.text
    # The description only repeats the title: it is not a standfirst.
    assert article.standfirst == ""
    assert article.title == "Kell library extends its opening hours for the winter"


# ----------------------------------------------------------------------------------------
# Smaller behaviours, on generated pages


def test_description_is_the_standfirst_when_the_page_has_none() -> None:
    head = "<meta property='og:description' content='Moorings stay, lights go up, dredging waits.'>"
    article = extract_article(article_page(head=head), "https://example.com/a")
    assert article.standfirst == "Moorings stay, lights go up, dredging waits."


def test_description_that_opens_the_body_is_not_a_standfirst() -> None:
    head = f"<meta name='description' content='{PROSE[0][:90]}…'>"
    article = extract_article(article_page(head=head), "https://example.com/a")
    assert article.standfirst == ""
    assert article.text.startswith(PROSE[0])


def test_prose_that_opens_with_read_more_is_not_an_also_read_line() -> None:
    line = (
        "<p>Read more about the moorings in our <a href='/guides/moorings'>harbour guide</a>,"
        " which explains the rules berth by berth.</p>"
    )
    article = extract_article(article_page(line), "https://example.com/a")
    assert "Read more about the moorings in our harbour guide" in article.text
    assert article.related == ()
    assert article.links == (Link("https://example.com/guides/moorings", "harbour guide"),)


@pytest.mark.parametrize(
    "line",
    [
        "<p>ALSO READ: <a href='/b'>Ferry fares to rise</a></p>",
        "<p><strong>Also read</strong> - <a href='/b'>Ferry fares to rise</a></p>",
        "<p>READ ALSO | <a href='/b'>Ferry fares to rise</a></p>",
        "<p><a href='/b'>Also read: Ferry fares to rise</a></p>",
        "<h4>Read more: <a href='/b'>Ferry fares to rise</a></h4>",
    ],
)
def test_also_read_variants(line: str) -> None:
    article = extract_article(article_page(line), "https://example.com/a")
    assert article.related == (Link("https://example.com/b", "Ferry fares to rise", "also-read"),)
    assert "Ferry fares" not in article.text
    assert article.links == ()


def test_a_related_subhead_in_a_short_article_does_not_drop_the_article() -> None:
    extra = (
        "<h2>Related</h2><p>The board's decision is related to last year's storm"
        " damage, as the <a href='/storm'>inquiry report</a> showed in detail.</p>"
    )
    article = extract_article(article_page(extra), "https://example.com/a")
    assert PROSE[0] in article.text
    assert "as the inquiry report showed in detail" in article.text
    assert article.related == ()


def test_latest_block_whose_excerpts_use_the_body_class_is_still_harvested() -> None:
    items = "".join(
        f"<article class='post'><h3 class='entry-title'><a href='/s/{i}'>Story {i}</a></h3>"
        f"<div class='entry-content'><p>Excerpt of story {i}, one line long.</p></div></article>"
        for i in range(1, 5)
    )
    block = (
        f"<section class='widget'><h2 class='widget-title'>More from Harbour</h2>{items}</section>"
    )
    html = article_page().replace("</body>", block + "</body>")
    article = extract_article(html, "https://example.com/a")
    assert article.latest_label == "More from Harbour"
    assert [link.url for link in article.latest] == [
        f"https://example.com/s/{i}" for i in range(1, 5)
    ]
    assert "Excerpt of story" not in article.text
    assert article.text.startswith(PROSE[0])


def test_body_links_are_deduped_and_in_order() -> None:
    extra = (
        "<p>See <a href='/x'>the map</a>, <a href='https://other.example/y'>the data</a>"
        " and <a href='/x'>the map again</a>, or <a href='#top'>jump up</a>.</p>"
    )
    article = extract_article(article_page(extra), "https://example.com/a")
    assert article.links == (
        Link("https://example.com/x", "the map"),
        Link("https://other.example/y", "the data"),
    )


def test_http_base_href_is_honoured() -> None:
    extra = "<p>The <a href='story.html'>full timetable</a> is online.</p>"
    head = "<base href='https://cdn.example/news/'>"
    article = extract_article(article_page(extra, head=head), "https://example.com/a/b")
    assert article.links == (Link("https://cdn.example/news/story.html", "full timetable"),)


def test_canonical_on_another_site_is_not_trusted() -> None:
    head = "<link rel='canonical' href='https://evil.example/phish'>"
    article = extract_article(article_page(head=head), "https://example.com/a")
    assert article.url == "https://example.com/a"


def test_canonical_on_the_same_site_names_the_page() -> None:
    head = "<link rel='canonical' href='/2024/harbour-board/'>"
    article = extract_article(article_page(head=head), "https://www.example.com/?p=12")
    assert article.url == "https://www.example.com/2024/harbour-board/"


def test_jsonld_author_by_reference_and_publisher_by_reference() -> None:
    ld = (
        '<script type="application/ld+json">{"@graph": ['
        '{"@type": "NewsArticle", "headline": "Board keeps berths", '
        '"author": [{"@id": "#p1"}, {"@id": "#p2"}], "publisher": {"@id": "#org"},'
        ' "datePublished": "2024-01-05T10:00:00Z", "articleSection": ["Harbour", "Local"]},'
        '{"@type": "Person", "@id": "#p1", "name": "Ada Quay"},'
        '{"@type": "Person", "@id": "#p2", "name": "Bo &amp; Co"},'
        '{"@type": "Organization", "@id": "#org", "name": "Quay Post"}]}</script>'
    )
    article = extract_article(article_page(head=ld), "https://example.com/a")
    assert article.authors == ("Ada Quay", "Bo & Co")
    assert article.site_name == "Quay Post"
    assert article.section == "Harbour"
    assert article.published == datetime(2024, 1, 5, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-11-11T10:42:17+02:00", datetime(2023, 11, 11, 8, 42, 17, tzinfo=UTC)),
        ("2023-11-11T08:42:17Z", datetime(2023, 11, 11, 8, 42, 17, tzinfo=UTC)),
        ("2023-11-11", datetime(2023, 11, 11, tzinfo=UTC)),
        ("Sat, 11 Nov 2023 08:42:17 GMT", datetime(2023, 11, 11, 8, 42, 17, tzinfo=UTC)),
        ("0000-00-00T00:00:00Z", None),
        ("0000-01-01T00:00:00Z", None),
        ("9999-12-31T23:59:59-05:00", None),
        ("2023-02-30T10:00:00Z", None),
        ("+9999", None),
        ("yesterday", None),
        ("1" * 20, None),
        ("", None),
    ],
)
def test_published_dates_and_garbage(raw: str, expected: datetime | None) -> None:
    head = f"<meta property='article:published_time' content='{raw}'>"
    article = extract_article(article_page(head=head), "https://example.com/a")
    assert article.published == expected
    if expected is not None:
        assert article.published is not None and article.published.tzinfo is not None


def test_body_is_capped_with_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "TEXT_CAP", 600)
    article = extract_article(article_page(), "https://example.com/a")
    for body in (article.text, article.markdown):
        assert body.endswith("\n\n[truncated]")
        assert len(body) <= 600
        assert body.startswith(PROSE[0])


def test_a_page_url_that_is_not_http_resolves_nothing() -> None:
    extra = (
        "<p>The <a href='/rel'>relative link</a> and"
        " <a href='https://ok.example/'>an absolute one</a>.</p>"
    )
    article = extract_article(article_page(extra), "file:///home/me/saved.html")
    assert article.links == (Link("https://ok.example/", "an absolute one"),)


def test_import_does_not_load_trafilatura_lxml_or_textual() -> None:
    code = (
        "import sys, tuinews.core.reader; "
        "print([m for m in ('trafilatura', 'lxml', 'textual') if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "[]"


# ----------------------------------------------------------------------------------------
# Hostile pages (HOSTILE_INPUTS.md section B)


@pytest.fixture(scope="module")
def hostile() -> Article:
    return extract_article(load("hostile_controls.html"), HOSTILE_URL)


def test_b1_no_live_control_anywhere(hostile: Article) -> None:
    for value in strings(hostile.to_json()):
        assert not LIVE_CONTROL.search(value), repr(value)


def test_b1_printable_text_around_controls_stays_in_order(hostile: Article) -> None:
    assert hostile.title.startswith("Clipboard ]52;c;SGVsbG8=grab ]0;pwned")
    assert "reversed" in hostile.title
    assert (
        "carries a clipboard write ]52;c;SGVsbG8= and a title change ]0;pwned and a"
        " screen clear [2J and a cursor query [6n"
    ) in hostile.text
    assert "character references ]0;ref-title and [31mred too" in hostile.text
    assert hostile.site_name == "Hostile ]0;Site News"
    assert hostile.authors == ("Mallory [31mRed[0m Writer",)
    assert hostile.completeness == FULL


def test_b2_markup_in_prose_stays_literal(hostile: Article) -> None:
    for literal in (
        "[@click=app.quit]Click me[/]",
        "[link=https://evil.example]phish[/link]",
        "\\[x]",
        "[bold red]loud[/]",
        "an unbalanced [/b] closing tag",
    ):
        assert literal in hostile.text


def test_b3_script_style_noscript_never_reach_the_text(hostile: Article) -> None:
    for value in strings(hostile.to_json()):
        for marker in (
            "SCRIPT-BODY-MARKER",
            "STYLE-BODY-MARKER",
            "NOSCRIPT-BODY-MARKER",
            "SCRIPT-HEAD-MARKER",
            "STYLE-HEAD-MARKER",
            "document.write",
        ):
            assert marker not in value


def test_b4_unsafe_links_are_text_only(hostile: Article) -> None:
    assert (
        "a javascript link, a mixed-case one, one with a leading space, a local file, a"
        " data URL, a vbscript link"
    ) in hostile.text
    # The javascript: <base> is ignored: relative links resolve against the page.
    assert hostile.links == (
        Link("https://hostile.example/safe/relative-story/", "a relative story"),
        Link("https://example.org/ok", "an absolute story"),
    )
    assert hostile.related == (
        Link(
            "https://hostile.example/2024/01/01/good-also-read/",
            "A good also-read story",
            "also-read",
        ),
    )
    assert hostile.previous is None and hostile.next is None
    assert "lead_image" not in hostile.extra


def test_b4_b7_every_link_passes_the_gate(hostile: Article) -> None:
    evil = extract_article(load("hostile_evil_charset.html"), HOSTILE_URL)
    for article in (hostile, evil):
        for link in every_link(article):
            assert openable_url(link.url) == link.url
            assert link.url.startswith(("https://", "http://"))
        for value in strings(article.to_json()):
            assert "passwd" not in value
            assert "javascript:" not in value.lower()


def test_b7_unknown_charset_over_cp1252_bytes() -> None:
    article = extract_article(load("hostile_evil_charset.html"), HOSTILE_URL)
    assert article.title == "The “evil” charset page — still readable"
    assert (
        "its bytes are windows-1252: “double quotes”, ‘single quotes’ and an em dash —"
        in article.text
    )
    assert "must all survive. A NUL byte sits in the middle" in article.text
    assert "\x00" not in article.text
    assert article.links == (
        Link("https://hostile.example/relative/after-evil-base/", "this relative story"),
    )
    assert article.completeness == FULL


def test_b8_entities_are_not_expanded() -> None:
    started = time.perf_counter()
    article = extract_article(load("hostile_xxe.xhtml"), HOSTILE_URL)
    assert time.perf_counter() - started < 2
    assert article.title == "Entities that must not expand"
    assert "names an external entity, &xxe;, which would pull in a local file" in article.text
    assert "&lol9;" in article.text
    assert article.text.count("lol") < 5
    assert "root:" not in article.text and "ENTITY" not in article.text
    assert "]>" not in article.text
    assert article.completeness == FULL


def test_b5_twenty_thousand_nested_divs() -> None:
    depth = 20_000
    html = (
        "<html><head><title>Deep</title></head><body><h1>Deep</h1>"
        + "<div><span>x" * depth
        + "</span></div>" * depth
        + "</body></html>"
    )
    started = time.perf_counter()
    article = extract_article(html.encode(), HOSTILE_URL)
    assert time.perf_counter() - started < 5
    assert article.title == "Deep"
    # A column of "x" is not an article: the reader offers the browser instead.
    assert article.completeness == EXCERPT
    assert article.note == "could not extract the article"


def test_b6_thirty_megabyte_page_is_capped() -> None:
    def paragraph(i: int) -> str:
        return (
            f"<p>Paragraph {i} of the endless story: the council met on day {i} to discuss"
            " harbour dues, ferry timetables and the price of herring.</p>\n"
        )

    html = (
        "<html><head><title>Big</title></head><body><article><h1>Big</h1>"
        + "".join(paragraph(i) for i in range(230_000))
        + "</article></body></html>"
    )
    data = html.encode()
    assert len(data) > 30_000_000
    started = time.perf_counter()
    article = extract_article(data, HOSTILE_URL)
    assert time.perf_counter() - started < 30
    assert article.text.startswith("Paragraph 0 of the endless story")
    assert article.text.endswith("\n\n[truncated]")
    assert len(article.text) <= TEXT_CAP
    assert len(article.markdown) <= TEXT_CAP


def test_b6_a_hundred_thousand_links() -> None:
    anchors = "".join(f'<a href="/s/{i}">story {i}</a> ' for i in range(100_000))
    html = page(f"<article><h1>Links</h1><p>{anchors}</p><p>{PROSE[0]}</p></article>")
    started = time.perf_counter()
    article = extract_article(html.encode(), HOSTILE_URL)
    assert time.perf_counter() - started < 30
    assert 0 < len(article.links) <= 1000
    assert article.links[0] == Link("https://hostile.example/s/0", "story 0")
    assert len(article.text) <= TEXT_CAP


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40,
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        b"\x00\x01\x02\x03\x04\x05\x06\x07" * 100,
        b"",
        b"   \r\n\t  ",
        b'{"title": "a JSON document, not a page"}',
        b"%PDF-1.4 as text",
    ],
    ids=[
        "png",
        "pdf",
        "zip",
        "gif",
        "jpeg",
        "gzip",
        "binary",
        "empty",
        "blank",
        "json",
        "pdf-text",
    ],
)
def test_b9_not_an_html_page(data: bytes) -> None:
    article = extract_article(data, HOSTILE_URL)
    assert article.completeness == EXCERPT
    assert article.note == "not an HTML page"
    assert article.url == HOSTILE_URL
    assert article.text == "" and article.links == ()


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>\ud800 lone surrogate <p>and \udfff another</p></body></html>",
        page(
            '<script type="application/ld+json">'
            + "[" * 100_000
            + "]" * 100_000
            + "</script><h1>Deep JSON</h1>"
        ),
        page(
            '<script type="application/ld+json">{"headline": '
            + "9" * 5000
            + "}</script><h1>Big number</h1>"
        ),
        page("<h1>Empty</h1>"),
        "<html></html>",
        "<",
        "<!DOCTYPE html [" + "<!ENTITY a 'b'>" * 10_000,
        page("<table><tr><td>" * 300 + "cell"),
        page("<a href='http://[::1'>bad ipv6</a><a href='https://x.example:99999/'>bad port</a>"),
    ],
    ids=[
        "surrogates",
        "deep-json-ld",
        "huge-int-json-ld",
        "empty-body",
        "empty-html",
        "lone-bracket",
        "unterminated-doctype",
        "deep-table",
        "malformed-urls",
    ],
)
def test_broken_pages_never_raise(html: str) -> None:
    article = extract_article(html, HOSTILE_URL)
    assert isinstance(article, Article)
    assert article.url == HOSTILE_URL
    for value in strings(article.to_json()):
        assert not LIVE_CONTROL.search(value)
        value.encode("utf-8")  # no lone surrogates left to break the cache
    for link in every_link(article):
        try:
            openable_url(link.url)
        except UnsafeURL:  # pragma: no cover - the assertion below reports it
            pytest.fail(f"ungated link {link.url!r}")
