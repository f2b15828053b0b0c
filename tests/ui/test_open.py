"""Opening and copying links with Pilot: the open panel, `y`, a console browser, the web."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from tuinews.core.cache import Store
from tuinews.core.config import Config, Settings
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.open import open_story_url
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.open_panel import OpenPanel
from tuinews.ui.screens.reader import ReaderScreen

from ..launcher import RecordedLauncher
from ..qrdecode import decode_half_blocks
from .conftest import settle, text_of, wait_for_headlines

SIZE = (120, 50)
SSH = "127.0.0.1 50000 127.0.0.1 22"


def _service(config: Config, tmp_path: Path, **settings: str) -> NewsService:
    return NewsService(
        replace(config, settings=Settings(**settings)),  # type: ignore[arg-type]
        Store(tmp_path / "cache"),
    )


def _stand_in_browser(tmp_path: Path) -> tuple[str, Path]:
    """A `text_browser` command that records its argv, and the file it writes."""
    record = tmp_path / "console-browser.json"
    script = tmp_path / "console_browser.py"
    script.write_text(
        f"import json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    return f"{sys.executable} {script} %u", record


def _messages(app: TuinewsApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _open_panel(pilot: Pilot[None], where: str) -> tuple[OpenPanel, str]:
    """Press `o` on the first story, in the list or the reader; the panel and the URL."""
    headlines = await wait_for_headlines(pilot)
    url = headlines.stories[0].url
    if where == "reader":
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReaderScreen)
    await pilot.press("o")
    await settle(pilot)
    panel = pilot.app.screen
    assert isinstance(panel, OpenPanel)
    return panel, url


@pytest.mark.parametrize("where", ["list", "reader"])
async def test_o_over_ssh_shows_the_panel_copies_and_starts_nothing(
    demo_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    monkeypatch.setenv("DISPLAY", ":0")  # forwarded X is still not the user's screen
    launcher = RecordedLauncher(tmp_path)
    app = TuinewsApp(_service(demo_config, tmp_path, browser=launcher.command))
    async with app.run_test(size=SIZE) as pilot:
        panel, url = await _open_panel(pilot, where)
        assert app.clipboard == url
        assert panel.query_one("#open-panel").border_title == "Open this story"
        assert text_of(pilot, "#open-host") == "Opens 127.0.0.1"
        assert text_of(pilot, "#open-url") == url
        link = panel.query_one("#open-url", Static).content
        assert isinstance(link, Content)
        assert [span.style.link for span in link.spans] == [url]  # type: ignore[union-attr]
        assert "Copied to your clipboard" in text_of(pilot, "#open-copied")
        qr = text_of(pilot, "#open-qr").split("\n")
        assert decode_half_blocks(qr) == [url]
        assert not panel.query("#open-warning")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, OpenPanel)
    assert not launcher.called


async def test_o_with_no_display_shows_the_panel(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        _, url = await _open_panel(pilot, "list")
        assert app.clipboard == url
        assert text_of(pilot, "#open-url") == url


@pytest.mark.parametrize("where", ["list", "reader"])
async def test_y_copies_the_link_anywhere(service: NewsService, where: str) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("j")
        url = headlines.stories[1].url
        if where == "reader":
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ReaderScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == url
        assert "Link copied: 127.0.0.1" in _messages(app)
        assert not isinstance(app.screen, OpenPanel)


async def test_a_link_hiding_its_host_goes_through_the_panel_on_a_desktop(
    demo_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    launcher = RecordedLauncher(tmp_path)
    app = TuinewsApp(_service(demo_config, tmp_path, browser=launcher.command))
    url = "https://www.bank.example@evil.example/login"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        open_story_url(app.screen, app.service, url)
        await settle(pilot)
        assert isinstance(app.screen, OpenPanel)
        assert text_of(pilot, "#open-host") == "Opens evil.example"
        assert "evil.example" in text_of(pilot, "#open-warning")
        assert not launcher.called
        assert app.clipboard != url  # a desktop keeps its clipboard until `y`
        await pilot.press("o")
        await settle(pilot)
        assert launcher.argv() == [url]
        assert not isinstance(app.screen, OpenPanel)


async def test_hostile_links_are_refused_before_anything(
    demo_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    launcher = RecordedLauncher(tmp_path)
    app = TuinewsApp(_service(demo_config, tmp_path, text_browser=launcher.command))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        for url in ("javascript:alert(1)", "--remote-debugging-port=9222", "https://x/\x1b]52;c;"):
            open_story_url(app.screen, app.service, url)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
        assert app.clipboard == ""
        assert sum(message.startswith("Not opened") for message in _messages(app)) == 3
    assert not launcher.called


async def test_the_console_browser_runs_with_the_app_suspended(
    demo_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    command, record = _stand_in_browser(tmp_path)
    app = TuinewsApp(_service(demo_config, tmp_path, text_browser=command))
    events: list[str] = []

    @contextmanager
    def suspend() -> Iterator[None]:
        # Pilot's headless driver cannot hand the terminal over (tests/e2e does it for real).
        events.append("suspended")
        yield
        events.append(f"resumed, browser ran: {record.exists()}")

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=SIZE) as pilot:
        panel, url = await _open_panel(pilot, "list")
        assert "w read in python" in text_of(pilot, "#open-keys")
        await pilot.press("w")
        await settle(pilot)
        assert json.loads(record.read_text()) == [url]
        assert events == ["suspended", "resumed, browser ran: True"]
        # The app still works: the panel is gone and a story opens.
        assert isinstance(app.screen, MainScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_without_a_console_browser_w_is_not_offered(
    service: NewsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        panel, _ = await _open_panel(pilot, "list")
        assert panel.console_browser is None
        assert "w read" not in text_of(pilot, "#open-keys")
        await pilot.press("w")
        await settle(pilot)
        assert app.screen is panel


async def test_a_terminal_that_cannot_suspend_says_so(demo_config: Config, tmp_path: Path) -> None:
    command, record = _stand_in_browser(tmp_path)
    app = TuinewsApp(_service(demo_config, tmp_path, text_browser=command))
    async with app.run_test(size=SIZE) as pilot:
        await _open_panel(pilot, "list")
        await pilot.press("w")
        await settle(pilot)
        assert any("cannot be handed over" in message for message in _messages(app))
        assert not record.exists()
        assert isinstance(app.screen, MainScreen)


async def test_in_a_browser_tab_o_hands_the_link_to_the_web_page(
    service: NewsService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", SSH)  # `tuinews serve` started over SSH
    monkeypatch.setattr(TuinewsApp, "is_web", property(lambda self: True))
    app = TuinewsApp(service)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == [headlines.stories[0].url]
        assert isinstance(app.screen, MainScreen)
        assert "Opening 127.0.0.1 in a new browser tab." in _messages(app)


async def test_a_browser_that_fails_to_start_falls_back_to_the_panel(
    demo_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    missing = str(tmp_path / "no-such-browser")
    app = TuinewsApp(_service(demo_config, tmp_path, browser=f"{missing} %u"))
    async with app.run_test(size=SIZE) as pilot:
        _, url = await _open_panel(pilot, "list")
        assert app.clipboard == url
        assert any(message.startswith("Could not start") for message in _messages(app))
        assert "o open in the browser" not in text_of(pilot, "#open-keys")
