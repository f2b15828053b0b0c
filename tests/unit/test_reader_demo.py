"""Article extraction on every page of the bundled demo site, against its ground truth."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tuinews.core.models import FULL
from tuinews.core.reader import extract_article
from tuinews.demo.site import DemoSite, DemoStory

SITE = DemoSite("http://127.0.0.1:8000", now=datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
BOILERPLATE = (
    "ALSO READ",
    "Previous Story",
    "Next Story",
    "Latest from",
    "Don't Miss",
    "Leave a Reply",
    "Go to Top",
    "Advertisement",
    "Share on",
    "cookie",
    "Trending",
)


@pytest.mark.parametrize("story", SITE.stories, ids=lambda s: s.slug)
def test_demo_page_reads_like_the_story(story: DemoStory) -> None:
    status, content_type, html = SITE.render(story.path)
    assert status == 200 and content_type.startswith("text/html")
    article = extract_article(html, story.url)

    assert article.completeness == FULL
    assert article.title == story.title
    assert article.standfirst == story.standfirst
    assert article.authors == (story.author,)
    assert article.site_name == SITE.name
    assert article.published == story.published
    assert article.reading_minutes == story.reading_minutes

    # The body is the story's paragraphs, in order, and nothing else.
    assert article.text.split("\n\n") == story.paragraphs
    for phrase in BOILERPLATE:
        assert phrase.lower() not in article.text.lower()
        assert phrase.lower() not in article.markdown.lower()

    # The page's navigation, as links.
    for found, expected in ((article.previous, story.previous), (article.next, story.next)):
        if expected is None:
            assert found is None
        else:
            assert found is not None and (found.text, found.url) == expected
    also = [(link.text, link.url) for link in article.related if link.kind == "also-read"]
    assert also == [(title, url) for title, url in story.also_read]
    assert article.latest_label == f"Latest from {story.section_name}"
    assert [link.url for link in article.latest] == [s.url for s in SITE.latest_for(story)]
