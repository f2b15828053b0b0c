"""The lines around an article: meta line, lead picture, badge."""

from __future__ import annotations

from datetime import UTC, datetime

from tuinews.core.models import EXCERPT, FEED_CONTENT, FULL, Article
from tuinews.core.present import badge, meta_line, picture_line

WHEN = datetime(2024, 3, 5, 5, 30, tzinfo=UTC)


def test_meta_line_leaves_out_what_is_unknown() -> None:
    assert meta_line(Article(url="https://a.example/")) == ""
    line = meta_line(
        Article(
            url="https://a.example/",
            site_name="Herald",
            section="Science",
            published=WHEN,
            reading_minutes=3,
            authors=("A One", "B Two"),
        )
    )
    parts = line.split(" · ")
    assert parts[:2] == ["Herald", "Science"]
    assert parts[2].startswith("March 5, 2024 at ") or parts[2].startswith("March 4, 2024 at ")
    assert parts[3:] == ["3 min read", "by A One, B Two"]


def test_meta_line_shows_an_update_briefly_on_the_same_day() -> None:
    same_day = Article(
        url="https://a.example/", published=WHEN, extra={"updated": "2024-03-05T05:45:00+00:00"}
    )
    assert "(updated " in meta_line(same_day) and "2024 (updated" not in meta_line(same_day)
    later = Article(
        url="https://a.example/", published=WHEN, extra={"updated": "2024-04-09T12:00:00+00:00"}
    )
    assert "(updated April " in meta_line(later)
    broken = Article(url="https://a.example/", published=WHEN, extra={"updated": "not a date"})
    assert "updated" not in meta_line(broken)


def test_picture_line() -> None:
    assert picture_line(Article(url="https://a.example/")) == ""
    url = "https://a.example/pic.jpg"
    assert picture_line(Article(url="x", extra={"lead_image": url})) == f"Picture: <{url}>"
    captioned = Article(url="x", extra={"lead_image": url, "lead_image_caption": "The quay."})
    assert picture_line(captioned) == f"Picture: The quay. <{url}>"


def test_badge_only_when_less_than_the_full_article() -> None:
    assert badge(Article(url="x", completeness=FULL)) == ""
    assert badge(Article(url="x", completeness=FEED_CONTENT, note="n")) == "Feed text: n"
    assert badge(Article(url="x", completeness=EXCERPT)) == "Summary only"
