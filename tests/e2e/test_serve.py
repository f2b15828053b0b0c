"""`tuinews --demo serve` in headless Chromium: tabs and headlines, read a story, `o`, `y`.

Debian's Chromium (`apt-get install chromium`), driven by Playwright's bundled driver; no
browser is downloaded. The page draws the terminal on a canvas, so the test reads the
text from xterm.js's own buffer: it serves the page's textual.js with the terminal object
exposed on `window`. Every request off 127.0.0.1 is refused (the page asks for a web font).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tuinews.demo.site import DemoSite

from .test_tmux import _tuinews_command

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but this machine resolves: the page's web font link goes nowhere.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
# The one line of textual-serve's textual.js that creates the terminal.
TERMINAL_JS = "this.terminal=new v.Terminal({"
SCREEN_JS = """() => {
    const terminal = window.__tuinewsTerminal;
    if (!terminal) return "";
    const buffer = terminal.buffer.active, lines = [];
    for (let row = 0; row < terminal.rows; row++) {
        const line = buffer.getLine(buffer.viewportY + row);
        lines.push(line ? line.translateToString(true) : "");
    }
    return lines.join("\\n");
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running `tuinews --demo serve` and its address."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and every app it started (its whole process group)."""
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            process.poll()
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    if not CHROMIUM.exists():
        raise AssertionError("Chromium is required for this test (apt-get install chromium)")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(
        {
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
        }
    )
    env.pop("TUINEWS_CONFIG", None)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*_tuinews_command(), "--demo", "serve", "--port", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped whole at the end
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"tuinews serve did not start:\n{log.read_text()}"
                    ) from None
                time.sleep(0.05)
        yield Served(process, f"http://127.0.0.1:{port}/", log)
    finally:
        _stop_group(process)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)


def _only_loopback(route: Any) -> None:
    url = route.request.url
    if urlsplit(url).hostname != "127.0.0.1":
        route.abort()
        return
    if urlsplit(url).path.endswith("/static/js/textual.js"):
        response = route.fetch()
        body = response.text()
        assert body.count(TERMINAL_JS) == 1, "textual-serve's page changed: update TERMINAL_JS"
        exposed = TERMINAL_JS.replace("this.terminal=", "this.terminal=window.__tuinewsTerminal=")
        route.fulfill(response=response, body=body.replace(TERMINAL_JS, exposed))
        return
    route.continue_()


def test_serve_in_headless_chromium(served: Served, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    site = DemoSite("http://127.0.0.1:1")
    first_section = site.sections[0]
    stories = sorted(
        (s for s in site.stories if first_section.slug in s.categories),
        key=lambda s: s.published,
        reverse=True,
    )
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        try:
            context.route("**/*", _only_loopback)
            context.grant_permissions(
                ["clipboard-read", "clipboard-write"], origin=served.url.rstrip("/")
            )
            page = context.new_page()
            page.goto(served.url)

            def wait_for(text: str, timeout: float = 30.0) -> str:
                deadline = time.monotonic() + timeout
                screen = ""
                while time.monotonic() < deadline:
                    screen = str(page.evaluate(SCREEN_JS))
                    if text in screen:
                        return screen
                    page.wait_for_timeout(100)
                page.screenshot(path=str(tmp_path / "serve.png"))
                raise AssertionError(f"{text!r} never appeared; the page showed:\n{screen}")

            # The tabs and the headlines of the first section.
            screen = wait_for(stories[0].title[:40])
            for section in site.sections:
                assert section.name in screen
            assert stories[1].title[:40] in screen
            wait_for("Updated")

            # Enter reads the first story.
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("Enter")
            wait_for(f"{stories[0].reading_minutes} min read")
            wait_for(stories[0].paragraphs[0][:40])

            # `y` copies the link through the page (xterm.js's OSC 52 to the clipboard).
            page.keyboard.press("y")
            wait_for("Link copied")
            copied = str(page.evaluate("() => navigator.clipboard.readText()"))
            assert urlsplit(copied).path == urlsplit(stories[0].url).path

            # `o` opens the story in a new tab of this browser.
            with context.expect_page(timeout=15_000) as opened:
                page.keyboard.press("o")
            tab = opened.value
            tab.wait_for_load_state()
            assert tab.url == copied
            assert stories[0].title in tab.title()
        finally:
            context.close()
