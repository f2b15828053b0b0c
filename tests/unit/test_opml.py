"""OPML: folders as sections, a lossless round trip, hostile documents."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tuinews.core.config import ConfigEditor, parse_config
from tuinews.core.models import FeedOptions, Section
from tuinews.core.opml import IMPORTED, OpmlError, export_opml, parse_opml

FIXTURES = Path(__file__).parent.parent / "fixtures" / "opml"

ODD_SECTIONS = (
    Section("Tom & Jerry <news>", ("https://a.example/feed?x=1&y=2",)),
    Section("\"Quoted\" 'names'", ("https://b.example/rss", "https://c.example/atom")),
    Section("Ünïcödé ✓ 東京 📰", ("https://d.example/feed/",)),
)
ODD_OPTIONS = {
    "https://b.example/rss": FeedOptions(
        "https://b.example/rss", title="B & <b>", refresh_minutes=5, full_text=True
    ),
    "https://c.example/atom": FeedOptions("https://c.example/atom", enabled=False),
    "https://d.example/feed/": FeedOptions(
        "https://d.example/feed/", title="Private", headers=(("Authorization", "Bearer s3cret"),)
    ),
}


def test_round_trip_keeps_names_feeds_and_settings() -> None:
    text = export_opml(ODD_SECTIONS, ODD_OPTIONS, now=datetime(2026, 11, 27, tzinfo=UTC))
    assert "<dateCreated>Fri, 27 Nov 2026 00:00:00 +0000</dateCreated>" in text
    assert '<outline text="Tom &amp; Jerry &lt;news&gt;" title="Tom &amp; Jerry &lt;news&gt;">' in (
        text
    )
    assert 'xmlUrl="https://a.example/feed?x=1&amp;y=2"' in text
    # Headers are secrets: never in an export.
    assert "s3cret" not in text and "Authorization" not in text
    found = parse_opml(text.encode())
    assert found.skipped == ()
    assert [name for name, _ in found.sections] == [s.name for s in ODD_SECTIONS]
    assert [tuple(f.url for f in feeds) for _, feeds in found.sections] == [
        s.feeds for s in ODD_SECTIONS
    ]
    by_url = {f.url: f for _, feeds in found.sections for f in feeds}
    assert by_url["https://a.example/feed?x=1&y=2"].is_plain
    assert by_url["https://b.example/rss"] == ODD_OPTIONS["https://b.example/rss"]
    assert by_url["https://c.example/atom"] == ODD_OPTIONS["https://c.example/atom"]
    assert by_url["https://d.example/feed/"] == FeedOptions("https://d.example/feed/", "Private")


def test_round_trip_through_the_config_file(tmp_path: Path) -> None:
    # Export -> import into an empty config -> export again: the same document.
    path = tmp_path / "config.toml"
    path.write_text('[settings]\ntheme = "nord"\n')
    editor = ConfigEditor(path)
    for name in editor.names():
        if name != editor.names()[-1]:
            editor.remove(name)
    first = export_opml(ODD_SECTIONS[:2], ODD_OPTIONS, now=datetime(2026, 1, 1, tzinfo=UTC))
    for name, feeds in parse_opml(first.encode()).sections:
        editor.add_feeds(name, feeds)
    editor.remove(editor.names()[0])
    config = editor.save()
    assert config.sections == ODD_SECTIONS[:2]
    second = export_opml(config.sections, config.feeds, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert second == first
    assert parse_config(path.read_text()).feeds == config.feeds


def test_another_readers_export() -> None:
    found = parse_opml((FIXTURES / "other_reader.opml").read_bytes())
    assert found.title == "Subscriptions & more"
    assert found.sections == (
        (
            'Asia & "Pacific" <daily>',
            (
                FeedOptions(
                    "https://asianlite.com/category/world/feed/", title="Asian Lite · World"
                ),
            ),
        ),
        ("News", (FeedOptions("https://feeds.bbci.co.uk/news/rss.xml", title="BBC News"),)),
        (
            "Wissenschaft – Ümlaute ✓",
            (FeedOptions("https://sci.example/atom.xml", title="Sci 'quoted'"),),
        ),
        ("NPR", (FeedOptions("https://feeds.npr.org/1001/rss.xml", title="NPR"),)),
        (IMPORTED, (FeedOptions("https://untitled.example/feed"),)),
    )
    assert found.feed_count == 5
    assert len(found.skipped) == 4
    skipped = "\n".join(found.skipped)
    for needle in ("file:///etc/passwd", "javascript:alert(1)", "|curl", "exec:rm"):
        assert needle in skipped


def test_one_section_for_everything() -> None:
    found = parse_opml((FIXTURES / "other_reader.opml").read_bytes(), section="All")
    assert [name for name, _ in found.sections] == ["All"]
    assert found.feed_count == 5


def test_billion_laughs_is_not_expanded() -> None:
    data = (FIXTURES / "billion_laughs.opml").read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    found = parse_opml(data)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2 and peak < 20 * 1024 * 1024
    names = [name for name, _ in found.sections]
    assert names == ["Laughs"]
    feeds = found.sections[0][1]
    assert [f.url for f in feeds] == [
        "https://laughs.example/feed?x=",
        "https://neighbour.example/feed",
    ]
    assert all("aaaa" not in f.title for f in feeds)


def test_external_entities_and_dtds_are_never_read() -> None:
    found = parse_opml((FIXTURES / "external_entity.opml").read_bytes())
    assert found.sections == (("Leak", (FeedOptions("https://safe.example/feed"),)),)
    assert "root:" not in repr(found)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not an OPML file"),
        (b"<html><body/></html>", "no <opml> element"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "not an OPML file"),
        (b"<opml><body>" + b" " * (6 * 1024 * 1024) + b"</body></opml>", "larger than 5 MiB"),
    ],
)
def test_not_opml(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message):
        parse_opml(data)


def test_nested_folders_use_the_innermost_name() -> None:
    feed = b"<outline type='rss' text='ok' xmlUrl='https://ok.example/f'/>"
    nested = b"".join(b"<outline text='level %d'>" % n for n in range(100))
    found = parse_opml(b"<opml><body>" + nested + feed + b"</outline>" * 100 + b"</body></opml>")
    assert found.sections == (("level 99", (FeedOptions("https://ok.example/f", "ok"),)),)


def test_very_deep_nesting_is_bounded_not_a_crash() -> None:
    deep = b"<opml><body>" + b"<outline text='x'>" * 100_000 + b"</outline>" * 100_000
    deep += b"<outline type='rss' text='ok' xmlUrl='https://ok.example/f'/></body></opml>"
    started = time.perf_counter()
    try:
        found = parse_opml(deep)
    except OpmlError:
        return
    assert time.perf_counter() - started < 2
    assert found.feed_count <= 1
