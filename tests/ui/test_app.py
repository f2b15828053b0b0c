"""The app over the demo site, driven with Pilot: browse, read, move, open, quit."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import OptionList

from tuinews.core.cache import Store
from tuinews.core.config import Config, Settings
from tuinews.core.models import Section
from tuinews.core.service import NewsService
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.help import HelpScreen
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.widgets.article import ArticleBody
from tuinews.ui.widgets.headlines import HeadlineList

from ..launcher import RecordedLauncher
from .conftest import settle, text_of, wait_for_headlines

SIZE = (120, 40)


def _section_titles(server: DemoServer, index: int) -> list[str]:
    slug = server.site.sections[index].slug
    stories = [s for s in server.site.stories if slug in s.categories]
    stories.sort(key=lambda s: s.published, reverse=True)
    return [s.title for s in stories]


async def test_the_tab_shown_is_painted_from_the_cache_before_the_others_are_read(
    demo_config: Config, tmp_path: Path
) -> None:
    # The tab shown is read from the cache when the screen mounts; the other sections are
    # read after the first paint and bring the shared ids, badges and tab counts.
    filling = NewsService(demo_config, Store(tmp_path / "cache"))
    for section in demo_config.sections:
        await filling.refresh_section(section)
    expected = [filling.assemble(section) for section in demo_config.sections]
    await filling.aclose()
    service = NewsService(demo_config, Store(tmp_path / "cache"), offline=True)
    app = TuinewsApp(service)
    known_at_first_cursor: list[list[int]] = []

    def first_cursor(message: Message) -> None:
        if isinstance(message, HeadlineList.Highlighted) and not known_at_first_cursor:
            screen = app.screen_stack[0]
            assert isinstance(screen, MainScreen)
            known_at_first_cursor.append(sorted(screen.stories))

    async with app.run_test(size=SIZE, message_hook=first_cursor) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        headlines = screen.headlines
        await settle(pilot)
        assert known_at_first_cursor == [[0]]  # the list had its stories, the others not yet
        assert headlines.stories == expected[0]  # with the shared ids and badges
        assert screen.stories == dict(enumerate(expected))
    await service.aclose()


async def test_start_shows_tabs_and_the_first_sections_headlines(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        # Each section's tab says how many of its stories are unread; Saved comes last.
        assert [str(label) for label in screen.tabs.labels] == [
            f"{s.name} {len(_section_titles(demo_server, i))}"
            for i, s in enumerate(demo_server.site.sections)
        ] + ["Saved"]
        assert [s.title for s in headlines.stories] == _section_titles(demo_server, 0)
        assert headlines.highlighted == 0
        assert "Updated" in text_of(pilot, "#status")


async def test_switch_sections_with_keys_and_mouse(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)

        async def shown() -> tuple[int, list[str]]:
            await settle(pilot)
            return screen.active, [s.title for s in screen.headlines.stories]

        await pilot.press("tab")
        assert await shown() == (1, _section_titles(demo_server, 1))
        await pilot.press("l")
        assert (await shown())[0] == 2
        await pilot.press("right")
        assert (await shown())[0] == 3
        await pilot.press("shift+tab")
        assert (await shown())[0] == 2
        await pilot.press("h")
        assert (await shown())[0] == 1
        await pilot.press("left")
        assert (await shown())[0] == 0
        await pilot.press("4")
        assert await shown() == (3, _section_titles(demo_server, 3))
        # A click on the second tab's label (after the first label and its padding).
        first = screen.tabs.labels[0].cell_length + 2
        await pilot.click("#sections", offset=(first + 2, 0))
        assert await shown() == (1, _section_titles(demo_server, 1))
        await pilot.click("#sections", offset=(1, 0))
        assert await shown() == (0, _section_titles(demo_server, 0))


async def test_read_a_story_move_with_n_p_and_come_back(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("j", "j")
        assert headlines.highlighted == 2
        chosen = headlines.stories[2]
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        truth = next(s for s in demo_server.site.stories if s.url == chosen.url)
        assert text_of(pilot, "#headline") == truth.title
        meta = text_of(pilot, "#meta")
        assert demo_server.site.name in meta and f"{truth.reading_minutes} min read" in meta
        assert truth.author in meta
        assert text_of(pilot, "#standfirst") == truth.standfirst
        body = reader.query_one("#body", ArticleBody).source
        assert truth.paragraphs[0][:60] in body and truth.paragraphs[-1][-60:] in body
        for boilerplate in (
            "ALSO READ",
            "Previous Story",
            "Don't Miss",
            "Leave a Reply",
            "Go to Top",
        ):
            assert boilerplate not in body
        navigation = reader.query_one("#navigation", OptionList)
        labels = [
            str(navigation.get_option_at_index(i).prompt) for i in range(navigation.option_count)
        ]
        if truth.previous:
            assert any(truth.previous[0] in label and "Previous" in label for label in labels)
        if truth.next:
            assert any(truth.next[0] in label and "Next" in label for label in labels)
        assert any(label.startswith("Latest from") for label in labels)

        await pilot.press("n")
        await settle(pilot)
        assert text_of(pilot, "#headline") == headlines.stories[3].title
        await pilot.press("p", "p")
        await settle(pilot)
        assert text_of(pilot, "#headline") == headlines.stories[1].title
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert headlines.highlighted == 1


async def test_follow_a_page_link_and_back(service: NewsService, demo_server: DemoServer) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        first_title = headlines.stories[0].title
        truth = next(s for s in demo_server.site.stories if s.title == first_title)
        assert truth.previous is not None
        navigation = reader.query_one("#navigation", OptionList)
        navigation.focus()
        await pilot.pause()
        await pilot.press("down")  # the first option is the heading, disabled
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(pilot, "#headline") == truth.previous[0]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert text_of(pilot, "#headline") == first_title
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("where", ["list", "reader"])
async def test_o_opens_the_story_with_the_configured_browser(
    demo_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    launcher = RecordedLauncher(tmp_path)
    config = replace(demo_config, settings=Settings(browser=launcher.command))
    service = NewsService(config, Store(tmp_path / "cache"))
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        story = headlines.stories[0]
        if where == "reader":
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
        await pilot.press("o")
        assert launcher.argv() == [story.url]


async def test_help_lists_the_keys_of_the_screen(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {description for _, description in app.screen.rows}
        assert {"Read", "Open", "Refresh", "Quit", "Next section"} <= descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_q_quits(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_no_network_and_no_cache_says_so_and_suggests_the_demo(tmp_path: Path) -> None:
    # A port nobody listens on: every feed fails at once.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sections = (Section("Nowhere", (f"http://127.0.0.1:{port}/feed/",)),)
    service = NewsService(Config(sections=sections), Store(tmp_path / "cache"))
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        deadline = time.monotonic() + 10
        while "--demo" not in text_of(pilot, "#empty") and time.monotonic() < deadline:
            await settle(pilot)
        message = text_of(pilot, "#empty")
        assert "could be fetched" in message and "refused the connection" in message
        assert "tuinews --demo" in message
        assert not app.screen.query_one(HeadlineList).display


async def test_keys_work_after_visiting_an_empty_section(tmp_path: Path) -> None:
    import socket

    from ..faultserver import Reply, fault_server, rss

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    with fault_server() as server:
        good = server.route(
            "/feed",
            Reply(body=rss("Feed", [("A", "https://x.example/a"), ("B", "https://x.example/b")])),
        )
        sections = (Section("Good", (good,)), Section("Empty", (f"http://127.0.0.1:{dead}/feed/",)))
        app = TuinewsApp(NewsService(Config(sections=sections), Store(tmp_path / "cache")))
        async with app.run_test(size=SIZE) as pilot:
            headlines = await wait_for_headlines(pilot)
            await pilot.press("tab")
            await settle(pilot)
            assert not headlines.display
            await pilot.press("shift+tab")  # back to Good (after Empty comes Saved)
            await settle(pilot)
            assert headlines.display and headlines.has_focus
            await pilot.press("j")
            assert headlines.highlighted == 1
