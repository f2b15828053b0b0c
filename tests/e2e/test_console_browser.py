"""A console browser from the open panel, in a real terminal: the app steps aside and back.

A stand-in for w3m (config `text_browser`) prints a line with its argument and waits for
a key. While it runs, tuinews is suspended: its screen is gone and the stand-in owns the
terminal. After the key, tuinews redraws and still answers keys.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tuinews.demo.site import DemoSite

from .test_tmux import Terminal, _tuinews_command

pytestmark = pytest.mark.e2e


def _wait_gone(terminal: Terminal, text: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    screen = terminal.screen()
    while text in screen and time.monotonic() < deadline:
        time.sleep(0.05)
        screen = terminal.screen()
    assert text not in screen, screen
    return screen


def test_console_browser_runs_with_the_app_suspended_and_the_app_comes_back(
    tmp_path: Path,
) -> None:
    record = tmp_path / "stand-in.json"
    script = tmp_path / "w3m_stand_in.py"
    script.write_text(
        "import json, sys\n"
        "print('STAND-IN W3M showing', sys.argv[1], flush=True)\n"
        "print('press enter to go back', flush=True)\n"
        f"open({str(record)!r}, 'w').write(json.dumps([sys.stdin.isatty(), sys.argv[1:]]))\n"
        "sys.stdin.readline()\n"
    )
    config = tmp_path / "config.toml"
    command = shlex.join([sys.executable, str(script)]) + " %u"
    config.write_text(f"[settings]\ntext_browser = {json.dumps(command)}\n")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(
        {
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "TERM": "xterm-256color",
        }
    )
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TUINEWS_CONFIG"):
        env.pop(name, None)
    terminal = Terminal(
        [*map(shlex.quote, _tuinews_command()), "--config", shlex.quote(str(config)), "--demo"],
        env,
    )
    try:
        site = DemoSite("http://127.0.0.1:1")
        first = site.sections[0]
        stories = sorted(
            (s for s in site.stories if first.slug in s.categories),
            key=lambda s: s.published,
            reverse=True,
        )
        headline = stories[0].title[:40]
        terminal.wait_for(headline)
        terminal.wait_for("r Refresh")
        terminal.keys("o")
        terminal.wait_for(f"w read in {Path(sys.executable).name}")
        terminal.keys("w")

        # The stand-in owns the terminal; tuinews's screen is gone.
        screen = terminal.wait_for("press enter to go back")
        assert "STAND-IN W3M showing http://127.0.0.1:" in screen
        assert headline not in screen and "r Refresh" not in screen
        is_tty, argv = json.loads(record.read_text())
        assert is_tty  # it got the real terminal, not a pipe
        assert len(argv) == 1 and urlsplit(argv[0]).path == urlsplit(stories[0].url).path

        # A key ends it; tuinews redraws the list, without the panel, and still works.
        terminal.keys("Enter")
        screen = terminal.wait_for(headline)
        terminal.wait_for("r Refresh")
        assert "Open this story" not in screen
        _wait_gone(terminal, "press enter to go back")
        terminal.keys("Enter")
        terminal.wait_for(f"{stories[0].reading_minutes} min read")
        terminal.keys("q")
        terminal.wait_for("__EXIT=0__", history=True)
    finally:
        terminal.close()
