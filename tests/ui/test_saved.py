"""Saved stories: s saves and unsaves, the Saved tab, and the kept text read offline even
after `tuinews cache --clear`."""

from __future__ import annotations

import os
import subprocess
import sys

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import FULL
from tuinews.core.paths import cache_dir, data_dir
from tuinews.core.service import NewsService
from tuinews.core.state import StateStore
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.widgets.article import ArticleBody

from .conftest import settle, text_of, wait_for_headlines

SIZE = (120, 40)


async def test_s_saves_and_the_saved_tab_lists_it_then_s_unsaves(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)

        def saved_tab() -> str:
            return str(screen.tabs.labels[screen.saved_index])

        assert saved_tab() == "Saved"
        await pilot.press("j", "s")
        await settle(pilot)
        story = headlines.stories[1]
        assert story.id in headlines.saved
        assert "★ " + story.title in headlines.render_line(2).text
        assert saved_tab() == "Saved 1"
        # The article's text is kept in the state (not the cache) for reading offline.
        kept = service.state.saved_article(story.id)
        assert kept is not None and kept.completeness == FULL
        truth = next(s for s in demo_server.site.stories if s.url == story.url)
        assert truth.paragraphs[0][:60] in kept.text
        # The Saved tab is the last one.
        await pilot.press("shift+tab")
        await settle(pilot)
        assert screen.active == screen.saved_index
        assert [s.id for s in headlines.stories] == [story.id]
        assert headlines.has_focus
        await pilot.press("s")
        await settle(pilot)
        assert not service.state.is_saved(story.id)
        assert headlines.stories == ()
        assert saved_tab() == "Saved"
        empty = text_of(pilot, "#empty")
        assert "Nothing saved yet" in empty and "Press s" in empty
        await pilot.press("tab")
        await settle(pilot)
        assert screen.active == 0 and story.id not in headlines.saved
        screen.action_show_saved()  # what the command palette's "Saved stories" runs
        await settle(pilot)
        assert screen.active == screen.saved_index and "Nothing saved yet" in text_of(
            pilot, "#empty"
        )


async def test_a_saved_story_reads_offline_after_the_cache_is_cleared(
    demo_config: Config, demo_server: DemoServer
) -> None:
    # The real folders of the isolated environment, as `tuinews` itself uses them.
    def service(*, offline: bool = False) -> NewsService:
        return NewsService(
            demo_config,
            Store(cache_dir() / "http"),
            state=StateStore(data_dir() / "state"),
            offline=offline,
        )

    app = TuinewsApp(service())
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("j", "j", "s")
        await settle(pilot)
        story = headlines.stories[2]
        assert story.id in headlines.saved

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    cleared = subprocess.run(
        [sys.executable, "-m", "tuinews", "cache", "--clear"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cleared.returncode == 0 and "Cache cleared" in cleared.stdout, cleared.stderr

    truth = next(s for s in demo_server.site.stories if s.url == story.url)
    app = TuinewsApp(service(offline=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert not screen.stories.get(0)  # the cache is empty: no headlines
        await pilot.press(str(screen.saved_index + 1))
        await settle(pilot)
        headlines = screen.headlines
        assert [s.id for s in headlines.stories] == [story.id]
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        body = reader.query_one("#body", ArticleBody).source
        assert truth.paragraphs[0][:60] in body and truth.paragraphs[-1][-60:] in body
        badge = text_of(pilot, "#badge")
        assert badge.startswith("Saved copy: offline")


async def test_s_in_the_reader_saves_the_story_read(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        story = headlines.stories[1]
        assert text_of(pilot, "#headline") == story.title
        await pilot.press("s")
        await settle(pilot)
        assert service.state.is_saved(story.id)
        assert service.state.saved_article(story.id) is not None
        await pilot.press("escape")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert story.id in headlines.saved and headlines.highlighted == 1
        assert screen.saved == (story,)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")  # again: unsaved
        await settle(pilot)
        assert not service.state.is_saved(story.id)
