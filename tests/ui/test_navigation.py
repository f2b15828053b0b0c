"""Moving fast: list keys, mouse, N, the reader's scroll keys and reading positions, help,
loading indicators, and a refresh that adds 50 stories on top without moving anything."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import Section
from tuinews.core.service import NewsService
from tuinews.core.state import StateStore
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.help import HelpScreen
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.widgets.article import ArticleBody
from tuinews.ui.widgets.headlines import HeadlineList

from ..faultserver import FaultServer, Reply, fault_server
from .conftest import settle, text_of, wait_for_headlines
from .newsfeed import GrowingFeed, hours_ago, wheel

SIZE = (120, 40)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """A loopback server for this test."""
    with fault_server() as running:
        yield running


def hundred(server: FaultServer, tmp_path: Path) -> tuple[GrowingFeed, NewsService]:
    """A section of 100 dated stories on the loopback server."""
    feed = GrowingFeed(server.url("/story/"))
    feed.add(100, "Story", hours_ago(1))
    url = server.route("/feed", feed.reply)
    config = Config(sections=(Section("World", (url,)),))
    return feed, NewsService(config, Store(tmp_path / "cache"))


def main_of(app: TuinewsApp) -> MainScreen:
    """The main screen under whatever is on top."""
    screen = app.screen_stack[0] if not isinstance(app.screen, MainScreen) else app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def test_list_keys_move_the_cursor(server: FaultServer, tmp_path: Path) -> None:
    _, service = hundred(server, tmp_path)
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        page = headlines.scrollable_content_region.height // 2
        assert len(headlines.stories) == 100
        for keys, expected in (
            (("j", "down"), 2),
            (("k",), 1),
            (("up",), 0),
            (("pagedown",), page),
            (("pagedown",), 2 * page),
            (("pageup",), page),
            (("G",), 99),
            (("g",), 0),
            (("end",), 99),
            (("home",), 0),
        ):
            await pilot.press(*keys)
            assert headlines.highlighted == expected, keys
            # The cursor's row is always on screen.
            top = headlines.scroll_offset.y
            assert top <= expected * 2 < top + headlines.scrollable_content_region.height


async def test_mouse_wheel_scrolls_and_a_click_reads(server: FaultServer, tmp_path: Path) -> None:
    _, service = hundred(server, tmp_path)
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await wheel(pilot, headlines, times=5)
        top = headlines.scroll_offset.y
        assert top > 0 and headlines.highlighted == 0  # the wheel scrolls, the cursor stays
        await wheel(pilot, headlines, down=False, times=2)
        assert 0 < headlines.scroll_offset.y < top
        row = 7  # the second line of a story (it reads too)
        index = (round(headlines.scroll_offset.y) + row) // 2
        await pilot.click("#headlines", offset=(10, row))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert text_of(pilot, "#headline") == headlines.stories[index].title
        await pilot.press("escape")
        await settle(pilot)
        assert headlines.highlighted == index and headlines.has_focus


async def test_n_capital_goes_to_the_next_unread_in_the_list_and_the_reader(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        ids = [s.id for s in headlines.stories]
        service.state.mark_many([ids[1], ids[2], ids[4]])
        headlines.mark_all([ids[1], ids[2], ids[4]])
        await pilot.press("N")
        assert headlines.highlighted == 3
        await pilot.press("N")
        assert headlines.highlighted == 5
        await pilot.press("G", "N")
        assert headlines.highlighted == 0  # wraps around
        # In the reader: N opens the next unread story and marks it read.
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(pilot, "#headline") == headlines.stories[0].title
        await pilot.press("N")
        await settle(pilot)
        assert text_of(pilot, "#headline") == headlines.stories[3].title
        assert service.state.is_read(ids[3])
        await pilot.press("escape")
        await settle(pilot)
        assert headlines.highlighted == 3
        assert ids[3] in headlines.read
        # Everything read: N says so and stays.
        await pilot.press("A", "N")
        assert headlines.highlighted == 3


async def test_reader_scroll_keys_and_the_reading_position_is_remembered(
    demo_config: Config, tmp_path: Path
) -> None:
    folder = tmp_path / "state"

    def service() -> NewsService:
        return NewsService(demo_config, Store(tmp_path / "cache"), state=StateStore(folder))

    small = (80, 16)  # short enough that an article scrolls
    app = TuinewsApp(service())
    async with app.run_test(size=small) as pilot:
        headlines = await wait_for_headlines(pilot)
        story = headlines.stories[0]
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one("#reader", VerticalScroll)
        assert reader.max_scroll_y > 20
        await pilot.press("j", "j", "down")
        assert reader.scroll_offset.y == 3
        await pilot.press("k")
        assert reader.scroll_offset.y == 2
        await pilot.press("space")
        after_space = reader.scroll_offset.y
        assert after_space > 2
        await pilot.press("pagedown")
        assert reader.scroll_offset.y > after_space
        await pilot.press("pageup")
        assert reader.scroll_offset.y == after_space
        await pilot.press("G")
        assert reader.scroll_offset.y == reader.max_scroll_y
        await pilot.press("g", "space", "j")
        position = reader.scroll_offset.y
        assert position > 0
        # n and back with p: the first story reopens where it was left.
        await pilot.press("n")
        await settle(pilot)
        assert reader.scroll_offset.y == 0  # a story never read starts at the top
        await pilot.press("p")
        await settle(pilot)
        assert text_of(pilot, "#headline") == story.title
        assert reader.scroll_offset.y == position
        await pilot.press("escape")
        await settle(pilot)
        assert headlines.current == story

    # And in the next run of the app.
    app = TuinewsApp(service())
    async with app.run_test(size=small) as pilot:
        headlines = await wait_for_headlines(pilot)
        assert headlines.current == story
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one("#reader", VerticalScroll)
        assert reader.scroll_offset.y == position


async def test_the_reader_shows_a_loading_indicator_while_the_page_comes(
    server: FaultServer, tmp_path: Path
) -> None:
    release = threading.Event()

    def slow_page(_headers: dict[str, str]) -> Reply:
        release.wait(10)
        return Reply(status=503, body=b"busy")

    feed = GrowingFeed(server.url("/story/"))
    feed.add(2, "Slow", hours_ago(1))
    for item in feed.items:
        server.route(item.guid.removeprefix(server.base), slow_page)
    url = server.route("/feed", feed.reply)
    service = NewsService(Config(sections=(Section("S", (url,)),)), Store(tmp_path / "cache"))
    app = TuinewsApp(service)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_headlines(pilot)
            await pilot.press("enter")
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            body = reader.query_one("#body", ArticleBody)
            # The paints wait a moment for the article, then a loading line shows, not
            # a blank page nor the last story's text.
            deadline = time.monotonic() + 5
            while not body.waiting and time.monotonic() < deadline:
                await pilot.pause(0.02)
            assert body.waiting
            assert "Loading" in body.render_line(0).text
            assert text_of(pilot, "#headline") == "Slow 0"
            release.set()
            await settle(pilot)
            assert not body.waiting
            assert "Summary of Slow 0" in body.source
            assert text_of(pilot, "#badge").startswith("Summary only")
    finally:
        release.set()


async def test_a_refresh_adding_50_stories_on_top_keeps_cursor_and_scroll(
    server: FaultServer, tmp_path: Path
) -> None:
    feed, service = hundred(server, tmp_path)
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("pagedown", "pagedown", "j", "j", "j")
        await wheel(pilot, headlines, times=2)  # the cursor's row away from the edges
        cursor = headlines.current
        assert cursor is not None
        index = headlines.highlighted
        assert index is not None and index > 30
        top = headlines.scroll_offset.y
        row = index * 2 - top
        assert 0 <= row < headlines.scrollable_content_region.height
        drawn = headlines.render_line(row).text
        assert cursor.title in drawn
        before = [headlines.render_line(y).text for y in range(10)]

        feed.add(50, "Newer", hours_ago(0.5), step=-10)
        await pilot.press("r")
        deadline = time.monotonic() + 10
        while len(headlines.stories) < 150 and time.monotonic() < deadline:
            await settle(pilot)
        assert len(headlines.stories) == 150
        assert headlines.stories[0].title == "Newer 0"
        assert headlines.current == cursor and headlines.highlighted == index + 50
        assert headlines.scroll_offset.y == top + 100
        assert headlines.render_line(row).text == drawn  # same story on the same row
        assert [headlines.render_line(y).text for y in range(10)] == before
        assert headlines.has_focus
        assert "Updated" in text_of(pilot, "#status")


async def test_help_lists_the_new_keys_with_their_ids(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        await pilot.press("A", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict((description, keys) for keys, description in app.screen.rows)
        for description, keys in {
            "Read/unread": "m",
            "Save": "s",
            "Next unread": "N",
            "Filter": "/",
            "Find": "^f",
            "All read": "A",
            "Undo": "u",
        }.items():
            assert description in rows and keys in rows[description], (description, rows)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {description for _, description in app.screen.rows}
        assert {"Next unread", "Save", "Next", "Previous", "Back"} <= descriptions


def test_every_binding_has_a_description_tooltip_and_id() -> None:
    from textual.binding import Binding

    from tuinews.ui.screens.search import SearchScreen

    ids: set[str] = set()
    for owner in (MainScreen, ReaderScreen, HeadlineList, SearchScreen):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.description and binding.tooltip and binding.id, binding
            ids.add(binding.id)
    assert {
        "headlines.toggle-read",
        "headlines.save",
        "headlines.filter",
        "app.search",
        "headlines.next-unread",
        "section.mark-read",
        "section.undo",
        "reader.next-unread",
        "reader.save",
    } <= ids


async def test_the_list_says_it_is_loading_until_the_first_stories_come(
    server: FaultServer, tmp_path: Path
) -> None:
    release = threading.Event()
    feed = GrowingFeed(server.url("/story/"))
    feed.add(3, "Late", hours_ago(1))

    def slow_feed(headers: dict[str, str]) -> Reply:
        release.wait(10)
        return feed.reply(headers)

    url = server.route("/feed", slow_feed)
    service = NewsService(Config(sections=(Section("S", (url,)),)), Store(tmp_path / "cache"))
    app = TuinewsApp(service)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = main_of(app)
            deadline = time.monotonic() + 5
            while "Loading headlines" not in text_of(pilot, "#empty"):
                assert time.monotonic() < deadline
                await pilot.pause()
            assert not screen.headlines.display
            assert "Refreshing 0/1 feeds" in text_of(pilot, "#status")
            release.set()
            headlines = await wait_for_headlines(pilot)
            assert [s.title for s in headlines.stories] == ["Late 0", "Late 1", "Late 2"]
            assert headlines.display and headlines.has_focus
            assert text_of(pilot, "#empty") == ""
    finally:
        release.set()
