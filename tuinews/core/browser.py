"""Handing a URL to a web browser, safely.

The URL has always passed the link gate first. A configured command runs as an argv list
(never through a shell), detached from the terminal, its output thrown away. With no
graphical display (over SSH, on a console) no browser is started at all: a console
browser started behind the running app would fight it for the terminal. The caller then
copies the link and shows it, and may offer a console browser (`console_browser_argv`)
to run while the app is suspended.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from tuinews.core.text import UnsafeURL, openable_url, url_host

#: Console browsers looked for on PATH when `text_browser` is not configured, in order.
CONSOLE_BROWSERS = ("w3m", "lynx")


@dataclass(frozen=True, slots=True)
class OpenResult:
    """What happened when asked to open a URL."""

    opened: bool
    """True when a browser process was started."""
    url: str
    """The gated URL (empty when refused)."""
    message: str
    """A short line for the user."""


def remote_session(env: Mapping[str, str]) -> bool:
    """True when running over SSH."""
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def has_display(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when a graphical browser could appear in front of the user."""
    if remote_session(env):
        return False
    if platform in ("darwin", "win32"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def browser_argv(command: str, url: str) -> list[str]:
    """Build the argv of a configured browser command.

    `%u` in any word is replaced by the URL; without `%u` the URL is appended. The URL is
    always exactly one argv element.
    """
    words = shlex.split(command)
    if not words:
        raise ValueError("empty browser command")
    if any("%u" in word for word in words):
        return [word.replace("%u", url) for word in words]
    return [*words, url]


def system_argv(url: str, platform: str = sys.platform) -> list[str] | None:
    """The system's own "open this URL" command, if there is one."""
    if platform == "darwin":
        return ["open", url]
    if platform.startswith("linux") or "bsd" in platform:
        opener = shutil.which("xdg-open")
        return [opener, url] if opener else None
    return None


def can_launch(
    command: str = "", env: Mapping[str, str] | None = None, platform: str = sys.platform
) -> bool:
    """True when `open_url` would start a browser here rather than leave the link to copy.

    Args:
        command: The configured browser command ("" for the system browser).
        env: The environment to judge the session by (default: os.environ).
        platform: `sys.platform`, for tests.
    """
    environ = os.environ if env is None else env
    if command and not remote_session(environ):
        return True
    if not has_display(environ, platform):
        return False
    return platform == "win32" or system_argv("about:blank", platform) is not None


def console_browser_argv(
    command: str, url: str, which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The console browser to run in the terminal for `url`, if there is one.

    Args:
        command: The configured `text_browser` ("" to look for w3m, then lynx, on PATH).
        url: A URL that has passed the link gate.
        which: `shutil.which`, for tests.

    Returns:
        The argv (the URL one element of it), or None when no console browser is known.
    """
    if command:
        try:
            return browser_argv(command, url)
        except ValueError:
            return None
    for name in CONSOLE_BROWSERS:
        found = which(name)
        if found:
            return [found, url]
    return None


def host_warning(url: str) -> str:
    """Why the real host of a gated URL could be mistaken for another; "" when it can't.

    Userinfo (`https://bank.example@evil.example/`) makes a link read as another site, and
    an internationalised host can look like a familiar ASCII name (`xn--pypal-4ve.com`).
    """
    host = url_host(url)
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return ""
    if "@" in netloc:
        return f"The link puts other text before its real host, {host}."
    if any(label.startswith("xn--") for label in host.split(".")):
        return f"The host is an internationalised name; its real spelling is {host}."
    return ""


def _spawn(argv: list[str]) -> None:
    process = subprocess.Popen(  # noqa: S603 - argv list, never a shell
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=True,
    )
    # Reap it when it exits so no zombie is left behind while the app runs.
    threading.Thread(target=process.wait, daemon=True).start()


def open_url(
    raw_url: str,
    *,
    command: str = "",
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
) -> OpenResult:
    """Open a URL in a browser when that can be done without the terminal.

    Args:
        raw_url: The URL as the story or page gave it.
        command: The configured browser command ("" for the system browser).
        env: The environment to judge the session by (default: os.environ).
        platform: `sys.platform`, for tests.

    Returns:
        Whether a browser was started, the gated URL, and a message.
    """
    environ = os.environ if env is None else env
    try:
        url = openable_url(raw_url)
    except UnsafeURL as error:
        return OpenResult(False, "", f"Not opened: {error}.")
    if command:
        try:
            argv = browser_argv(command, url)
        except ValueError as error:
            return OpenResult(False, url, f"Browser command not usable: {error}.")
        if not remote_session(environ):
            try:
                _spawn(argv)
            except OSError as error:
                return OpenResult(False, url, f"Could not start {argv[0]}: {error.strerror}.")
            return OpenResult(True, url, f"Opened in {os.path.basename(argv[0])}.")
    if not has_display(environ, platform):
        where = "Over SSH" if remote_session(environ) else "No display here"
        return OpenResult(False, url, f"{where}: link copied.")
    if platform == "win32":
        try:
            os.startfile(url)  # type: ignore[attr-defined]  # gated: http(s) only
        except OSError as error:
            return OpenResult(False, url, f"Could not open the browser: {error.strerror}.")
        return OpenResult(True, url, "Opened in the browser.")
    argv_or_none = system_argv(url, platform)
    if argv_or_none is None:
        return OpenResult(False, url, "No browser found: link copied.")
    try:
        _spawn(argv_or_none)
    except OSError as error:
        return OpenResult(False, url, f"Could not open the browser: {error.strerror}.")
    return OpenResult(True, url, "Opened in the browser.")
