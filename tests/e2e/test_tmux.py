"""The installed `tuinews --demo` in a real terminal (tmux 120x40), as a person uses it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuinews.demo.site import DemoSite

pytestmark = pytest.mark.e2e


def _tuinews_command() -> list[str]:
    beside = Path(sys.executable).with_name("tuinews")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("tuinews")
    if found:
        return [found]
    raise AssertionError("tuinews is not installed: run the README's install command first")


class Terminal:
    """A private tmux server with one 120x40 window running a command."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"tuinews-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        shell_command = " ".join(command) + "; echo __EXIT=$?__"
        self._tmux(
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "120",
            "-y",
            "40",
            "-e",
            "COLORTERM=truecolor",
            shell_command,
            ";",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
        )

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {result.stderr}")
        return result.stdout

    def screen(self, *, history: bool = False) -> str:
        """The visible text of the pane (with the scrollback when `history`)."""
        extra = ("-S", "-") if history else ()
        return self._tmux("capture-pane", "-p", *extra, "-t", "main")

    def keys(self, *keys: str) -> None:
        """Type tmux key names."""
        self._tmux("send-keys", "-t", "main", *keys)

    def wait_for(self, text: str, timeout: float = 20.0, *, history: bool = False) -> str:
        """Poll the screen until `text` shows, with a deadline."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen(history=history)
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def close(self) -> None:
        """Stop the tmux server."""
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            env=self.env,
            capture_output=True,
            timeout=30,
        )


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        raise AssertionError("tmux is required for the end-to-end tests (apt-get install tmux)")
    # pytest's readline import puts COLUMNS/LINES in the environment; Textual would believe
    # them over the pty and draw 80x24 inside a 120x40 pane.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(
        {
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "TERM": "xterm-256color",
        }
    )
    env.pop("TUINEWS_CONFIG", None)
    term = Terminal([*_tuinews_command(), "--demo"], env)
    try:
        yield term
    finally:
        term.close()


def test_demo_browse_read_next_and_quit(terminal: Terminal) -> None:
    site = DemoSite("http://127.0.0.1:1")
    first_section = site.sections[0]
    in_section = sorted(
        (s for s in site.stories if first_section.slug in s.categories),
        key=lambda s: s.published,
        reverse=True,
    )
    # Tabs and headlines.
    screen = terminal.wait_for(in_section[0].title[:40])
    for section in site.sections:
        assert section.name in screen
    assert in_section[1].title[:40] in screen
    # Enter reads the first story: its headline, meta line and body from the page.
    terminal.keys("Enter")
    screen = terminal.wait_for(f"{in_section[0].reading_minutes} min read")
    assert in_section[0].title[:40] in screen
    terminal.wait_for(in_section[0].paragraphs[0][:40])
    # n shows the next story of the list.
    terminal.keys("n")
    terminal.wait_for(in_section[1].paragraphs[0][:40])
    # escape back to the list, q quits with status 0.
    terminal.keys("Escape")
    terminal.wait_for("r Refresh")  # the list's footer: the reader is gone
    assert in_section[2].title[:40] in terminal.screen()
    terminal.keys("q")
    terminal.wait_for("__EXIT=0__", history=True)
