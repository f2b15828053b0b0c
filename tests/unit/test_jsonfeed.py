"""JSON Feed 1.0 and 1.1 against the spec, table-driven over tests/fixtures/jsonfeed/."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tuinews.core.feeds import UNTITLED, parse_feed
from tuinews.core.text import is_openable

FIXTURES = Path(__file__).parent.parent / "fixtures" / "jsonfeed"
FEED_URL = "https://two.example/feed.json"


@dataclass(frozen=True)
class Expected:
    """What one fixture must give."""

    error: str = ""
    title: str = ""
    titles: tuple[str, ...] = ()
    stories: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Fields of some stories, by index."""
    site: str | None = None


CASES: dict[str, Expected] = {
    "v1_0_author_object.json": Expected(
        title="Harbour Notes 1.0",
        titles=("Port reopens", "Linked elsewhere"),
        site="https://notes.example/",
        stories={
            0: {
                "id": "https://notes.example/2026/11/port",
                "url": "https://notes.example/2026/11/port",
                "summary": "Ships again.",
                "content": "Ships are moving again.",
                "published": datetime(2026, 11, 26, 8, 30, tzinfo=UTC),
                "author": "Mara Quill",
                "source": "Harbour Notes 1.0",
            },
            1: {
                "id": "ext-1",
                "url": "https://elsewhere.example/linked-story",
                "summary": "Plain text\n\nsecond paragraph",
                "content": "",
                "published": datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
                "author": "Feed Author",
            },
        },
    ),
    "v1_1_authors.json": Expected(
        title="Two Authors 1.1",
        titles=("Written by two", UNTITLED),
        stories={
            0: {
                "url": "https://two.example/relative/story",
                "content": "",
                "summary": "Body text.",
                "published": datetime(2026, 11, 26, 10, 0, 0, 123456, tzinfo=UTC),
                "author": "Ines Ward, Oli Park",
            },
            1: {
                "id": "a2",
                "summary": "A microblog post with no title.",
                "author": "Desk",
                "published": None,
            },
        },
    ),
    "malformed_types.json": Expected(
        title="",
        titles=(
            UNTITLED,
            "Bad dates",
            "Far future",
            "Junk authors",
            "Unsafe links",
            "External after a bad url",
            "]52;c;SGVsbG8=Clipboard evil",
            "Good neighbour",
        ),
        stories={
            0: {"url": "", "summary": "", "author": "", "source": "two.example"},
            1: {"id": "bad-dates", "published": None},
            2: {"id": "year-9999", "published": None},
            3: {"author": "Real Name"},
            4: {"id": "unsafe", "url": ""},
            5: {"url": "https://ok.example/external"},
            6: {"summary": "line one\nline two"},
            7: {"id": "Good", "url": "https://ok.example/good"},
        },
    ),
    "bom_surrogates.json": Expected(
        title="BOM desk", titles=("After a BOM",), stories={0: {"id": "b1"}}
    ),
    "empty_items.json": Expected(title="Quiet feed"),
    "items_not_list.json": Expected(error="the JSON Feed has no items", title="Items object"),
    "not_a_json_feed.json": Expected(error="JSON that is not a JSON Feed"),
    "version_number.json": Expected(error="JSON that is not a JSON Feed"),
    "top_level_array.json": Expected(error="JSON that is not a JSON Feed"),
    "truncated.json": Expected(error="not a valid JSON Feed"),
}


def test_every_fixture_is_in_the_table() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.json")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_json_feed_fixture(name: str) -> None:
    expected = CASES[name]
    body = (FIXTURES / name).read_bytes()
    parsed = parse_feed(body, FEED_URL, "application/feed+json")
    assert parsed.error == expected.error
    assert parsed.title == expected.title
    assert tuple(s.title for s in parsed.stories) == expected.titles
    for index, fields in expected.stories.items():
        story = parsed.stories[index]
        for key, value in fields.items():
            assert getattr(story, key) == value, (index, key)
    if expected.site is not None:
        assert parsed.extra.get("site") == expected.site
    # Whatever came in: text fields are text, links openable or empty, ids unique.
    for story in parsed.stories:
        assert story.url == "" or is_openable(story.url)
        for text in (story.id, story.title, story.summary, story.content, story.author):
            assert isinstance(text, str)
            assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
            assert not any(0xD800 <= ord(c) <= 0xDFFF or 0x80 <= ord(c) <= 0x9F for c in text)
        assert story.feed_url == FEED_URL
    assert len({s.id for s in parsed.stories}) == len(parsed.stories)
    assert all(is_openable(value) for value in parsed.extra.values() if "://" in value)


def test_content_type_alone_is_not_needed() -> None:
    body = (FIXTURES / "v1_1_authors.json").read_bytes()
    assert parse_feed(body, FEED_URL, "text/plain").title == "Two Authors 1.1"


def test_a_huge_integer_id_is_not_an_id() -> None:
    item = {"id": 10**40, "title": "Big", "url": "https://big.example/1"}
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]})
    story = parse_feed(body.encode(), FEED_URL).stories[0]
    assert story.id == "https://big.example/1"


def test_boolean_ids_are_not_ids() -> None:
    items = [
        {"id": True, "title": "A", "url": "https://b.example/a"},
        {"id": True, "title": "B", "url": "https://b.example/b"},
    ]
    body = json.dumps({"version": "https://jsonfeed.org/version/1", "items": items})
    parsed = parse_feed(body.encode(), FEED_URL)
    assert [s.id for s in parsed.stories] == ["https://b.example/a", "https://b.example/b"]
