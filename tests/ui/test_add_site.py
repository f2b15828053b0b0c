"""The "Add site" dialog: address in, checklist of feeds, new tabs without a restart."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList

from tests.faultserver import FaultServer, fault_server
from tests.sites import bare_site, wordpress_site
from tuinews.core.cache import Store
from tuinews.core.config import parse_config
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.add_site import AddSiteScreen
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.widgets.headlines import headline_prompt

from .conftest import settle, text_of, wait_for_headlines

SIZE = (120, 40)


@pytest.fixture
def site() -> Iterator[FaultServer]:
    with fault_server() as server:
        wordpress_site(server)
        yield server


def _config_file(tmp_path: Path, server: FaultServer) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        "# my sections\n"
        "[[sections]]\n"
        'name = "Harbour"  # the whole site\n'
        f'feeds = ["{server.url("/feed/")}"]\n'
    )
    return path


def _service(tmp_path: Path, path: Path) -> NewsService:
    config = parse_config(path.read_text(), path)
    return NewsService(config, Store(tmp_path / "cache"))


def tab_labels(app: TuinewsApp) -> list[str]:
    """The sections' tab names, without unread counts; the Saved tab must come last."""
    screen = app.screen
    assert isinstance(screen, MainScreen)
    labels = [re.sub(r" \d+$", "", str(label)) for label in screen.tabs.labels]
    assert labels[-1] == "Saved"
    return labels[:-1]


async def _dialog_idle(pilot: Pilot[None]) -> None:
    """Wait for the dialog's own work (the main screen's add worker waits on the dialog)."""
    for _ in range(2):
        for worker in [w for w in pilot.app.workers if w.group in ("discover", "add-site-save")]:
            await worker.wait()
        await pilot.pause()


async def _find(pilot: Pilot[None], address: str) -> AddSiteScreen:
    await pilot.press("a")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, AddSiteScreen)
    field = dialog.query_one("#add-url", Input)
    assert field.has_focus
    field.value = address
    await pilot.press("enter")
    await _dialog_idle(pilot)
    return dialog


async def _wait_for(pilot: Pilot[None], check: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await settle(pilot)  # type: ignore[arg-type]
        if check():  # type: ignore[operator]
            return
    raise AssertionError("condition not met in time")


async def test_add_a_wordpress_sites_categories_as_tabs(site: FaultServer, tmp_path: Path) -> None:
    path = _config_file(tmp_path, site)
    app = TuinewsApp(_service(tmp_path, path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)  # type: ignore[arg-type]
        assert tab_labels(app) == ["Harbour"]
        dialog = await _find(pilot, site.url("/"))
        checklist = dialog.query_one("#add-feeds", SelectionList)
        prompts = [str(checklist.get_option_at_index(i).prompt) for i in range(5)]
        assert prompts[0].startswith("Harbour News  2 items · RSS · http://127.0.0.1:")
        assert prompts[2].startswith("World Archives - Harbour News (menu: World)  2 items")
        assert prompts[4].startswith("Uncategorized Archives - Harbour News (menu: Uncategorized)")
        assert "0 items" in prompts[4]
        assert "5 feeds found" in text_of(pilot, "#add-status")  # type: ignore[arg-type]
        assert checklist.has_focus and checklist.selected == []
        # Check World and Business with the keyboard, then add.
        checklist.highlighted = 2
        await pilot.press("space", "down", "space")
        assert checklist.selected == [2, 3]
        await pilot.press("ctrl+s")
        await _dialog_idle(pilot)
        await _wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await _wait_for(pilot, lambda: tab_labels(app) == ["Harbour", "World", "Business & Money"])
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.tabs.active == 1  # the first section added
        headlines = await wait_for_headlines(pilot)  # type: ignore[arg-type]
        await _wait_for(pilot, lambda: main.refreshed == {0, 1, 2})
        titles = [story.title for story in headlines.stories]
        assert titles == ["Storm warning", "Port reopens"]
        # One story once: the shared story names the other sections in its meta line.
        now = datetime.now(UTC)
        assert headlines.stories[1].also_in == ("Harbour", "Business & Money")
        assert "also in Harbour, Business & Money" in str(
            headline_prompt(headlines.stories[1], now)
        )
        assert "also in" not in str(headline_prompt(headlines.stories[0], now))
    text = path.read_text()
    assert text.startswith('# my sections\n[[sections]]\nname = "Harbour"  # the whole site\n')
    config = parse_config(text)
    assert [s.name for s in config.sections] == ["Harbour", "World", "Business & Money"]
    assert config.sections[1].feeds == (site.url("/category/world/feed/"),)


async def test_one_section_for_the_checked_feeds(site: FaultServer, tmp_path: Path) -> None:
    path = _config_file(tmp_path, site)
    app = TuinewsApp(_service(tmp_path, path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)  # type: ignore[arg-type]
        dialog = await _find(pilot, site.url("/"))
        checklist = dialog.query_one("#add-feeds", SelectionList)
        checklist.select(2)
        checklist.select(3)
        dialog.query_one("#add-section", Input).value = "Harbour"
        await pilot.click("#add-confirm")
        await _dialog_idle(pilot)
        await _wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert tab_labels(app) == ["Harbour"]
    assert parse_config(path.read_text()).sections[0].feeds == (
        site.url("/feed/"),
        site.url("/category/world/feed/"),
        site.url("/category/business/feed/"),
    )


async def test_no_feeds_and_cancel_change_nothing(site: FaultServer, tmp_path: Path) -> None:
    path = _config_file(tmp_path, site)
    before = path.read_text()
    app = TuinewsApp(_service(tmp_path, path))
    with fault_server() as bare:
        bare_url = bare_site(bare)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_headlines(pilot)  # type: ignore[arg-type]
            dialog = await _find(pilot, bare_url)
            assert text_of(pilot, "#add-status") == "no feeds found on this site"  # type: ignore[arg-type]
            assert not dialog.query_one("#add-feeds").display
            await pilot.press("ctrl+s")
            assert "Check at least one feed" in text_of(pilot, "#add-status")  # type: ignore[arg-type]
            await pilot.press("escape")
            await settle(pilot)  # type: ignore[arg-type]
            assert isinstance(app.screen, MainScreen)
            assert tab_labels(app) == ["Harbour"]
    assert path.read_text() == before
