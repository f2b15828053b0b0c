"""The `[keys]` table: remapped keys work, old ones stop, help shows them, bad ones are said."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tuinews.core.cache import Store
from tuinews.core.config import Config, config_with_sections, parse_config
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.keymap import check_keymap, key_problem, keymap_clashes, problems_message
from tuinews.ui.screens.help import HelpScreen
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen

from .conftest import settle, wait_for_headlines

SIZE = (120, 40)

KEYS = """
[keys]
"sections.jump-2" = "w"
"app.help" = "f1"
"headlines.read" = ["space", "ctrl+o"]
"reader.next" = "right,ctrl+n"
"""


def _service(demo_config: Config, text: str, tmp_path: Path) -> NewsService:
    config = config_with_sections(parse_config(text), demo_config.sections)
    return NewsService(config, Store(tmp_path / "cache"))


async def test_remapped_keys_work_and_the_old_ones_stop(
    demo_config: Config, tmp_path: Path
) -> None:
    service = _service(demo_config, KEYS, tmp_path)
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("2")
        await settle(pilot)
        assert screen.active == 0  # "2" is no longer a jump
        await pilot.press("w")
        await settle(pilot)
        assert screen.active == 1
        await pilot.press("question_mark")
        assert not isinstance(app.screen, HelpScreen)
        # A list binding remapped: ctrl+o reads now.
        await pilot.press("ctrl+o")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        first = reader.current
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert reader.current is not first and reader.index == 1
        await pilot.press("escape")
        await settle(pilot)
        assert [n.message for n in app._notifications if "[keys]" in n.message] == []
        await service.aclose()


async def test_help_shows_the_remapped_keys(demo_config: Config, tmp_path: Path) -> None:
    service = _service(demo_config, KEYS, tmp_path)
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        await pilot.press("f1")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = dict((description, keys) for keys, description in help_screen.rows)
        assert rows["Section 2"] == "w"
        assert "f1" in rows["Keys"].lower() and "?" not in rows["Keys"]
        assert rows["Read"] == "space ^o"
        await service.aclose()


async def test_bad_entries_give_one_message_and_the_good_ones_still_apply(
    demo_config: Config, tmp_path: Path
) -> None:
    text = """
[keys]
"sections.jump-2" = "w"
"nope.nothing" = "x"
"app.quit" = "ctrl+blah"
"app.help" = 3
"sections.refresh" = ""
"""
    service = _service(demo_config, text, tmp_path)
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_headlines(pilot)
        messages = [n.message for n in app._notifications if "[keys]" in n.message]
        assert len(messages) == 1
        message = messages[0]
        assert "4 entries left out" in message
        for part in ("'nope.nothing' is not a binding id", "'blah' is not a key name"):
            assert part in message
        assert "app.help: keys must be a string or a list of strings" in message
        assert "sections.refresh: no key given" in message
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.active == 1
        await service.aclose()


def test_key_names_are_checked_against_textual() -> None:
    for good in ("O", "ctrl+o", "f5", "question_mark", "?", "space", "pagedown", "shift+tab"):
        assert key_problem(good) is None, good
    assert key_problem("ctrl+blah") == "'blah' is not a key name"
    assert key_problem("hyperspace+x") is not None
    keymap, problems = check_keymap([("a.b", "x"), ("app.quit", "Q")], known={"app.quit"})
    assert keymap == {"app.quit": "Q"} and problems == ["'a.b' is not a binding id"]
    assert problems_message([]) == ""
    # A key taken within one screen or widget is a clash ("?" is "question_mark");
    # a key of another class is not (the focused widget's binding comes first there).
    assert keymap_clashes({"help.close": "escape"}) == []
    assert keymap_clashes({"reader.open": "j"}) != []
    assert keymap_clashes({"headlines.open": "j"}) == []
    assert keymap_clashes({"reader.next": "question_mark,p"}) == [
        "reader.next takes 'p' from reader.previous"
    ]
    assert keymap_clashes({"app.quit": "?"}) == ["app.quit takes 'question_mark' from app.help"]


def _cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tuinews", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_says_bad_keys_in_one_line_and_lists_binding_ids(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"headlines.open" = "O"\n"app.help" = 3\n"zzz.top" = "x"\n')
    listing = _cli(config, "keys")
    assert listing.returncode == 1
    lines = listing.stdout.splitlines()
    assert any(line.split()[:3] == ["headlines.open", "O", "*"] for line in lines)
    assert any(line.split()[:2] == ["reader.next", "n"] for line in lines)
    assert "Traceback" not in listing.stderr
    assert "'zzz.top' is not a binding id" in listing.stdout
    # Another subcommand runs, with one warning line about the entry of the wrong type.
    status = _cli(config, "cache", "--stats")
    assert status.returncode == 0, status.stderr
    warnings = [line for line in status.stderr.splitlines() if "[keys]" in line]
    assert warnings == [
        "tuinews: warning: config [keys]: left out: app.help: keys must be a string or a "
        "list of strings"
    ]


async def test_a_remapped_key_that_takes_another_bindings_key_is_said_once(
    demo_config: Config, tmp_path: Path
) -> None:
    service = _service(demo_config, '[keys]\n"sections.jump-2" = "3"\n', tmp_path)
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("3")
        await settle(pilot)
        assert screen.active == 1  # the remapped binding wins the key
        await pilot.press("3", "4")
        await settle(pilot)
        said = [n.message for n in app._notifications if "[keys]" in n.message]
        assert said == [
            "Config [keys]: keys taken from other bindings (sections.jump-2 takes '3' from "
            "sections.jump-3). Run `tuinews keys` for the binding ids and their keys."
        ]
        await service.aclose()
