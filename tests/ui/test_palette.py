"""The command palette: sections, stories, refresh, themes, feed health, saved, add site."""

from __future__ import annotations

import time
from pathlib import Path

from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import Story
from tuinews.core.prefs import Preferences
from tuinews.core.service import NewsService
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.commands import counterpart_theme
from tuinews.ui.screens.add_site import AddSiteScreen
from tuinews.ui.screens.health import HealthScreen
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen

from .conftest import settle, wait_for_headlines

SIZE = (120, 40)


def _texts(commands: CommandList) -> list[str]:
    """The texts of the hits listed (not the "no matches" line)."""
    options = [commands.get_option_at_index(i) for i in range(commands.option_count)]
    return [str(option.hit.text) for option in options if isinstance(option, Command)]


async def _search(pilot: Pilot[object], query: str, expect: str, timeout: float = 10) -> list[str]:
    """Type `query` in a fresh palette; wait until a hit containing `expect` is listed."""
    app = pilot.app
    if not isinstance(app.screen, CommandPalette):
        await pilot.press("ctrl+p")
    await pilot.press(*query)
    deadline = time.monotonic() + timeout
    texts: list[str] = []
    while time.monotonic() < deadline:
        await settle(pilot)
        commands = app.screen.query_one(CommandList)
        texts = _texts(commands)
        if any(expect in text for text in texts):
            return texts
    raise AssertionError(f"{expect!r} never listed; the palette had {texts}")


async def _choose(pilot: Pilot[object], query: str, text: str) -> None:
    """Search and run the hit whose text is `text`."""
    texts = await _search(pilot, query, text)
    pilot.app.screen.query_one(CommandList).highlighted = texts.index(text)
    await pilot.press("enter")
    await settle(pilot)


async def test_jump_to_a_section_by_name(service: NewsService, demo_server: DemoServer) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        name = demo_server.site.sections[3].name
        await _choose(pilot, name, f"Section: {name}")
        assert app.screen is main and main.active == 3
        assert main.headlines.stories == main.stories[3]


async def test_find_a_story_of_another_section_by_title(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await settle(pilot)
        target = main.stories[2][3]
        await _choose(pilot, target.title[:24], target.title)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.current.id == target.id
        assert main.active == 2 and main.headlines.current == target
        # From the reader, a section jump closes it first.
        name = demo_server.site.sections[0].name
        await _choose(pilot, name, f"Section: {name}")
        assert app.screen is main and main.active == 0


async def test_refresh_health_saved_and_add_site(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        commands = app.screen.query_one(CommandList)
        listed = _texts(commands)
        assert {
            "Refresh this section",
            "Refresh all sections",
            "Feed health",
            "Saved stories",
            "Add site…",
        } <= set(listed)
        await pilot.press("escape")
        await _choose(pilot, "saved", "Saved stories")
        assert app.screen is main and main.active == main.saved_index
        await _choose(pilot, "refresh all", "Refresh all sections")
        assert app.screen is main
        assert "Updated" in str(main.query_one("#status").render())
        # The dialog waits for an answer inside a worker: poll, don't wait for workers.
        texts = await _search(pilot, "add site", "Add site…")
        app.screen.query_one(CommandList).highlighted = texts.index("Add site…")
        await pilot.press("enter")
        deadline = time.monotonic() + 10
        while not isinstance(app.screen, AddSiteScreen) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert isinstance(app.screen, AddSiteScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main
        await _choose(pilot, "health", "Feed health")
        assert isinstance(app.screen, HealthScreen)


async def test_toggle_and_choose_a_theme_are_remembered(
    demo_config: Config, tmp_path: Path
) -> None:
    prefs_path = tmp_path / "data" / "prefs.json"
    service = NewsService(demo_config, Store(tmp_path / "cache"))
    app = TuinewsApp(service, prefs=Preferences(prefs_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        assert app.theme == "textual-dark"
        await _choose(pilot, "toggle", "Toggle dark/light theme")
        assert app.theme == "textual-light"
        await _choose(pilot, "theme: nord", "Theme: nord")
        assert app.theme == "nord"
    assert Preferences(prefs_path).theme == "nord"


def test_counterpart_themes() -> None:
    names = {"textual-dark", "textual-light", "solarized-dark", "solarized-light", "rose-pine"}
    names |= {"rose-pine-dawn", "nord"}
    assert counterpart_theme("solarized-light", False, names) == "solarized-dark"
    assert counterpart_theme("rose-pine-dawn", False, names) == "rose-pine"
    assert counterpart_theme("nord", True, names) == "textual-light"
    assert counterpart_theme("textual-light", False, names) == "textual-dark"


async def test_story_titles_are_shown_inert(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        # A title as a hostile feed could send it, had it skipped the feed parser's cleaning.
        hostile = Story(
            id="hostile",
            title="Zebra \x1b]8;;http://evil.example/\x07crossing\x1b[2J [b]bold[/b] \u202eevil",
            url="http://127.0.0.1:1/hostile/",
            source="Evil\x1b[31m [i]Source[/i] [/b]",
        )
        main.stories[1] = (*main.stories[1], hostile)
        texts = await _search(pilot, "zebra", "Zebra")
        shown = next(text for text in texts if text.startswith("Zebra"))
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "[b]bold[/b]" in shown  # markup stays literal text
        commands = app.screen.query_one(CommandList)
        index = texts.index(shown)
        option = commands.get_option_at_index(index)
        assert isinstance(option, Command)
        lines = option.prompt.plain.splitlines()  # type: ignore[union-attr]
        assert lines[0] == shown
        assert "[i]Source[/i] [/b]" in lines[1] and "\x1b" not in lines[1]
