"""Wide terminals: the reader beside the list, following the cursor; live switch on resize."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from tuinews.core.cache import Store, article_key
from tuinews.core.config import Config
from tuinews.core.models import Section, Story
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.main import WIDE_COLUMNS, MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.widgets.article import ArticleBody
from tuinews.ui.widgets.reader_pane import ReaderPane

from .conftest import wait_for_headlines

WIDE = (200, 50)


async def settle(pilot: Pilot[object]) -> None:
    """Wait for the app's workers; the pane cancels its own superseded ones on purpose."""
    for _ in range(2):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()


async def _pane_shows(pilot: Pilot[object], story: Story, timeout: float = 10.0) -> ReaderPane:
    """Wait until the pane has loaded the article of `story`."""
    deadline = time.monotonic() + timeout
    pane = pilot.app.screen.query_one(ReaderPane)
    while time.monotonic() < deadline:
        await settle(pilot)
        if pane.current is not None and pane.current.id == story.id and pane.article:
            return pane
    raise AssertionError(f"the pane never showed {story.title!r} (it shows {pane.current})")


def _main(app: TuinewsApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def _pane(main: MainScreen) -> ReaderPane:
    pane = main.pane
    assert pane is not None, "the pane was never mounted"
    return pane


async def test_pane_beside_the_list_follows_the_cursor(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=WIDE) as pilot:
        headlines = await wait_for_headlines(pilot)
        main = _main(app)
        assert main.wide and _pane(main).display
        pane = await _pane_shows(pilot, headlines.stories[0])
        await pilot.press("j", "j")
        pane = await _pane_shows(pilot, headlines.stories[2])
        assert pane.region.x > headlines.region.right - 1  # side by side, not stacked
        body = pane.query_one("#body", ArticleBody)
        assert not body.waiting and body.source
        # Following is a preview: the list keeps the focus and the story stays unread.
        assert app.focused is headlines
        assert headlines.stories[2].id not in headlines.read


async def test_quick_moves_load_only_the_story_the_cursor_rests_on(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=WIDE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await _pane_shows(pilot, headlines.stories[0])
        pane = _pane(_main(app))
        stories = headlines.stories
        # Three moves within the rest time: each cancels the one before.
        for index in (3, 4, 5):
            pane.follow(stories, index)
        await _pane_shows(pilot, stories[5])
        fetched = [service.store.get(article_key(s.url)) is not None for s in stories[3:6]]
        assert fetched == [False, False, True]


async def test_stale_article_is_dropped(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=WIDE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await _pane_shows(pilot, headlines.stories[0])
        pane = _pane(_main(app))
        stories = headlines.stories
        # Two loads in flight; the first to be asked for must not land over the second.
        pane.show_story(stories[6])
        pane.show_story(stories[7])
        shown = await _pane_shows(pilot, stories[7])
        assert str(shown.query_one("#headline", Static).content) == stories[7].title


async def test_enter_reads_in_the_pane_n_p_move_the_list_escape_returns(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=WIDE) as pilot:
        headlines = await wait_for_headlines(pilot)
        main = _main(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen is main  # no reader screen on a wide terminal
        assert app.focused is main.pane
        await _pane_shows(pilot, headlines.stories[1])
        assert headlines.stories[1].id in headlines.read
        await pilot.press("n")
        await _pane_shows(pilot, headlines.stories[2])
        assert headlines.highlighted == 2 and headlines.stories[2].id in headlines.read
        await pilot.press("p", "p")
        await _pane_shows(pilot, headlines.stories[0])
        assert headlines.highlighted == 0
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is headlines and headlines.highlighted == 0


async def test_resizing_across_160_columns_keeps_the_story(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=WIDE) as pilot:
        headlines = await wait_for_headlines(pilot)
        main = _main(app)
        await pilot.press("j", "j", "j", "enter")
        story = headlines.stories[3]
        await _pane_shows(pilot, story)
        # Narrow while reading: the reader screen opens on the same story.
        await pilot.resize_terminal(WIDE_COLUMNS - 1, 40)
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.current.id == story.id
        assert not main.wide
        await pilot.press("n")
        await settle(pilot)
        assert reader.index == 4
        # Wide again: the reader screen gives way to the pane, on the story it showed.
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert app.screen is main and main.wide
        assert headlines.highlighted == 4
        await _pane_shows(pilot, headlines.stories[4])
        assert app.focused is main.pane
        # Back to the list, then narrow: the list stays, with its cursor.
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen is main and not _pane(main).display
        assert app.focused is headlines and headlines.highlighted == 4


async def test_narrow_terminal_keeps_the_reader_screen(
    service: NewsService, tmp_path: Path
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=(WIDE_COLUMNS - 1, 40)) as pilot:
        headlines = await wait_for_headlines(pilot)
        main = _main(app)
        assert not main.wide and main.pane is None  # never mounted on a narrow terminal
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.current.id == headlines.stories[0].id
        assert main.pane is None and not app.screen_stack[0].query("#pane")


async def test_growing_wide_mounts_the_pane_on_the_story_being_read(
    service: NewsService,
) -> None:
    # Started narrow: no pane. Reading on the reader screen, then widening past 160
    # columns: the pane is mounted beside the list and takes over the same story.
    app = TuinewsApp(service)
    async with app.run_test(size=(WIDE_COLUMNS - 1, 40)) as pilot:
        headlines = await wait_for_headlines(pilot)
        main = _main(app)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and main.pane is None
        await pilot.resize_terminal(WIDE_COLUMNS, 40)
        await settle(pilot)
        assert app.screen is main and main.wide
        pane = await _pane_shows(pilot, headlines.stories[2])
        assert app.focused is pane and pane.region.x > headlines.region.right - 1
        assert len(main.query("#pane")) == 1
        # Narrow and wide again: the same pane, not a second one; it follows the cursor.
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.resize_terminal(*WIDE)
        await pilot.press("j")
        await _pane_shows(pilot, headlines.stories[3])
        assert main.pane is pane and len(main.query("#pane")) == 1


async def test_an_empty_section_empties_the_pane(demo_config: Config, tmp_path: Path) -> None:
    dead = Section("Nothing here", ("http://127.0.0.1:9/feed/",))
    config = replace(demo_config, sections=(*demo_config.sections, dead))
    service = NewsService(config, Store(tmp_path / "cache"))
    app = TuinewsApp(service)
    async with app.run_test(size=WIDE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await _pane_shows(pilot, headlines.stories[0])
        main = _main(app)
        await pilot.press(str(len(config.sections)))
        await settle(pilot)
        assert main.active == len(config.sections) - 1 and not headlines.stories
        assert _pane(main).current is None
        assert str(_pane(main).query_one("#headline", Static).content) == "No story selected"
        await pilot.press("1")
        await _pane_shows(pilot, headlines.stories[0])
    await service.aclose()
