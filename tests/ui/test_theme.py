"""Themes: the config's is the default, the one picked in the app is remembered."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from tuinews.core.cache import Store
from tuinews.core.config import Config, Settings
from tuinews.core.prefs import Preferences
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp

from .conftest import wait_for_headlines

SIZE = (100, 30)


def _service(demo_config: Config, tmp_path: Path, theme: str) -> NewsService:
    config = replace(demo_config, settings=Settings(theme=theme))
    return NewsService(config, Store(tmp_path / "cache"))


async def test_config_theme_applies_and_the_start_is_not_saved(
    demo_config: Config, tmp_path: Path
) -> None:
    prefs = tmp_path / "data" / "prefs.json"
    service = _service(demo_config, tmp_path, "nord")
    app = TuinewsApp(service, prefs=Preferences(prefs))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        assert app.theme == "nord"
    # Nothing was picked: nothing is written, so a new config theme still applies next time.
    assert not prefs.exists()


async def test_picked_theme_wins_over_the_config_on_the_next_run(
    demo_config: Config, tmp_path: Path
) -> None:
    prefs = tmp_path / "data" / "prefs.json"
    service = _service(demo_config, tmp_path, "nord")
    app = TuinewsApp(service, prefs=Preferences(prefs))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        app.theme = "gruvbox"  # what Textual's theme picker does
        await pilot.pause()
    assert json.loads(prefs.read_text()) == {"theme": "gruvbox"}
    again = _service(demo_config, tmp_path / "again", "nord")
    app = TuinewsApp(again, prefs=Preferences(prefs))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        assert app.theme == "gruvbox"


async def test_a_remembered_theme_that_no_longer_exists_falls_back_to_the_config(
    demo_config: Config, tmp_path: Path
) -> None:
    prefs = tmp_path / "prefs.json"
    prefs.write_text(json.dumps({"theme": "gone-theme"}))
    service = _service(demo_config, tmp_path, "solarized-light")
    app = TuinewsApp(service, prefs=Preferences(prefs))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        assert app.theme == "solarized-light"


async def test_a_damaged_prefs_file_is_said_once_and_not_fatal(
    demo_config: Config, tmp_path: Path
) -> None:
    prefs = tmp_path / "prefs.json"
    prefs.write_bytes(b"\xff{not json")
    service = _service(demo_config, tmp_path, "dracula")
    app = TuinewsApp(service, prefs=Preferences(prefs))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_headlines(pilot)
        assert app.theme == "dracula"
        notes = [n.message for n in app._notifications if "prefs.json" in n.message]
        assert notes == ["Cannot read prefs.json (UnicodeDecodeError); using defaults."]
        app.theme = "monokai"
        await pilot.pause()
    assert json.loads(prefs.read_text()) == {"theme": "monokai"}


def test_prefs_in_memory_and_unwritable(tmp_path: Path) -> None:
    memory = Preferences(None)
    memory.set_theme("nord")
    assert memory.theme == "nord" and memory.notices == []
    blocked = tmp_path / "file"
    blocked.write_text("")
    stuck = Preferences(blocked / "prefs.json")
    stuck.set_theme("nord")
    assert stuck.theme == "nord"
    assert stuck.notices[-1] == "The theme could not be saved (FileExistsError)."
