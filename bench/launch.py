"""Shared by bench/startup.py and bench/memory.py: cached profiles, and launches in tmux.

A `Profile` is a temporary HOME whose XDG folders hold a tuinews config and cache, and a
newsboat url list and cache.db, both filled from the loopback feed server of
bench/refresh.py (which must then be stopped: the launches make no request). `launch`
starts one command in a private tmux server at 120x40, polls `capture-pane` until a
string is on screen, and can then read the peak resident memory (VmHWM) of the
process tree. Not part of the test run.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: A Textual app that paints one static line: the floor of any Textual app's start-up.
ONE_LINE_APP = """\
from textual.app import App, ComposeResult
from textual.widgets import Static


class OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("one static line")


OneLine().run()
"""
ONE_LINE_NEEDLE = "one static line"

#: Seconds between two captures of the pane.
POLL = 0.01


def tuinews_command() -> str:
    """The installed tuinews next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("tuinews")
    found = str(beside) if beside.exists() else shutil.which("tuinews")
    if not found:
        raise SystemExit("install tuinews first: pip install .")
    return found


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


@dataclass
class Profile:
    """A temporary HOME with tuinews's and newsboat's files."""

    home: Path
    """The folder."""

    @property
    def env(self) -> dict[str, str]:
        """The environment of every process run for this profile."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("XDG_", "TUINEWS_")) and k not in ("COLUMNS", "LINES")
        }
        for name in ("CACHE", "DATA", "CONFIG", "STATE"):
            folder = self.home / "xdg" / name.lower()
            folder.mkdir(parents=True, exist_ok=True)
            env[f"XDG_{name}_HOME"] = str(folder)
        env["HOME"] = str(self.home)
        return env

    def write_tuinews_config(self, name: str, sections: Sequence[Sequence[str]]) -> Path:
        """A tuinews config with these sections of feed URLs."""
        lines = ["[settings]", "refresh_minutes = 15", ""]
        for number, feeds in enumerate(sections, 1):
            lines += ["[[sections]]", f'name = "Section {number}"']
            lines += ["feeds = [" + ", ".join(f'"{url}"' for url in feeds) + "]", ""]
        path = self.home / f"{name}.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    def fill_tuinews(self, command: str, config: Path) -> None:
        """Fetch every feed of `config` into the profile's tuinews cache."""
        done = subprocess.run(
            [command, "--config", str(config), "refresh"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise SystemExit(f"tuinews refresh failed:\n{done.stdout}\n{done.stderr}")

    def newsboat_argv(self, name: str) -> list[str]:
        """newsboat on the url list and cache called `name`."""
        folder = self.home / f"newsboat-{name}"
        return [
            "newsboat",
            "-u",
            str(folder / "urls"),
            "-c",
            str(folder / "cache.db"),
            "-C",
            str(folder / "config"),
        ]

    def fill_newsboat(self, name: str, urls: Sequence[str]) -> list[str]:
        """A newsboat url list and a cache.db with every feed reloaded once."""
        folder = self.home / f"newsboat-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "urls").write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
        (folder / "config").write_text("reload-threads 32\n", encoding="utf-8")
        argv = self.newsboat_argv(name)
        done = subprocess.run(
            [*argv, "-x", "reload"], env=self.env, capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            raise SystemExit(f"newsboat reload failed:\n{done.stdout}\n{done.stderr}")
        return argv

    def one_line_app(self) -> list[str]:
        """The one-line Textual app, run by this Python."""
        script = self.home / "one_line_app.py"
        script.write_text(ONE_LINE_APP, encoding="utf-8")
        return [sys.executable, str(script)]


def new_profile() -> tuple[Profile, tempfile.TemporaryDirectory[str]]:
    """A new profile and the temporary folder to clean up when done."""
    folder = tempfile.TemporaryDirectory(prefix="bench-launch-")
    return Profile(Path(folder.name)), folder


@dataclass(frozen=True, slots=True)
class Launch:
    """What one launch measured."""

    seconds: float
    """From starting the tmux session to the needle on screen."""
    peak_kib: int = 0
    """Sum of VmHWM over the process tree (when asked for)."""


def _tree(root: int) -> list[int]:
    """`root` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def _peak_kib(pids: Sequence[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total


def launch(
    argv: Sequence[str],
    env: dict[str, str],
    needle: str,
    *,
    settle: float = 0.0,
    timeout: float = 60.0,
) -> Launch:
    """Run `argv` in tmux 120x40 until `needle` is on screen.

    Args:
        argv: The command.
        env: Its environment.
        needle: Text that shows the screen is painted (one line, no wrapping).
        settle: When > 0, wait this long after the needle, then read the peak memory of
            the process tree.
        timeout: Give up after this many seconds.
    """
    socket = f"bench-{uuid.uuid4().hex[:10]}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    command = "exec " + shlex.join(argv)
    started = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command],
        env=env,
        check=True,
    )
    pane = 0
    try:
        deadline = started + timeout
        while True:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "main"],
                env=env,
                capture_output=True,
                text=True,
            ).stdout
            if needle in screen:
                seconds = time.perf_counter() - started
                break
            if time.perf_counter() > deadline:
                raise SystemExit(f"{argv[0]}: {needle!r} never appeared; screen:\n{screen}")
            time.sleep(POLL)
        pane = int(
            subprocess.run(
                [*tmux, "display-message", "-p", "-t", "main", "#{pane_pid}"],
                env=env,
                capture_output=True,
                text=True,
            ).stdout.strip()
            or 0
        )
        peak = 0
        if settle > 0 and pane:
            time.sleep(settle)
            peak = _peak_kib(_tree(pane))
        return Launch(seconds, peak)
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True)
        end = time.perf_counter() + 10
        while pane and Path(f"/proc/{pane}").exists() and time.perf_counter() < end:
            time.sleep(0.02)  # newsboat's lock file names a live pid until it exits
