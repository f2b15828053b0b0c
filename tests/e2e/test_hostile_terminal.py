"""R1 on real bytes: the installed `tuinews` in tmux, a hostile feed on screen.

A loopback server serves a feed whose titles and summaries carry every R1 marker (OSC 52
clipboard writes, OSC 0/2 titles, OSC 8 links, CSI 2J and 6n, DCS, UTF-8 C1, NUL) and a
page that carries them too. Everything the app writes to its pty is recorded with
`tmux pipe-pane`, from before the app starts until it exits, and searched for the
hostile sequences. Textual's own drawing is CSI too, so the checks look for the hostile
payloads themselves (each marker is followed by text only the feed contains), and for
the printable text around them, which must have arrived as text.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..faultserver import FaultServer, Reply, fault_server
from .test_tmux import Terminal, _tuinews_command

pytestmark = pytest.mark.e2e

TITLES = [
    "Clipboard \x1b]52;c;SE9TVElMRQ==\x07grab",
    "Retitle \x1b]0;PWNTITLE\x07 zero",
    "Retitle \x1b]2;PWNTWO\x1b\\ two",
    "Hyperlink \x1b]8;;https://evil.example/\x1b\\EVILLINK\x1b]8;;\x1b\\ here",
    "Wipe \x1b[2JWIPED screen",
    "Query \x1b[6nQUERIED cursor",
    "Device \x1bP$qDCSQ\x1b\\ status",
    "Eight-bit \u009b31mCSIRED and \u009d0;OSCC1\u009c end",
    "Nul a\x00NULL b",
]
SUMMARY = "Summary \x1b]52;c;U1VNTUFSWQ==\x07 and \x1b[6nSUMQ \u009b2J end"
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'>"
    "<title>Page \x1b]0;PAGETITLE\x07</title></head><body><article>"
    "<h1>Reader view \x1b]52;c;UEFHRQ==\x07 PAGEHEAD</h1>"
    "<p>The body \x1b[2JBODYWIPE carries \u009d0;BODYC1\u009c and \x1b[6nBODYQ markers, and a"
    " paragraph long enough for the extractor to keep it as the article's text, which it"
    " does, in plain words about a harbour, a ferry and the winter timetable.</p>"
    "<p>A second paragraph keeps the article honest, with more words about the quay, the"
    " tides and the boats that leave before dawn on market days all winter.</p>"
    "</article></body></html>"
)

# Live forms: a marker introducer followed by text only the feed or page contains.
LIVE = [
    b"\x1b]52;",  # Textual writes OSC 52 only when the user copies; nobody did here
    b"\x1b]0;",
    b"\x1b]2;",
    b"\x1b]8;;https://evil",
    b"\x1b[2JWIPED",
    b"\x1b[2JBODYWIPE",
    b"\x1bP$q",
    b"\x1b[6n",  # Textual never asks for the cursor position
    b"\x1b[c",
    b"\x1b[21t",
    b"\x1b]50;?",
    b"\x00",
]
# What must have arrived as text: the printable tails, in order.
LITERAL = [
    b"Clipboard ]52;c;SE9TVElMRQ==grab",
    b"Retitle ]0;PWNTITLE zero",
    b"Wipe [2JWIPED screen",
    b"Query [6nQUERIED cursor",
]


def hostile_feed(page_base: str) -> bytes:
    items = "".join(
        f"<item><title>{title.replace('&', '&amp;')}</title><link>{page_base}{n}</link>"
        f"<guid>h{n}</guid><description>{SUMMARY}</description></item>"
        for n, title in enumerate(TITLES)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Hostile \x1b]0;FEEDTITLE\x07 desk</title>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with fault_server() as running:
        for n in range(len(TITLES)):
            running.route(
                f"/story/{n}", Reply(body=PAGE.encode(), headers={"Content-Type": "text/html"})
            )
        running.route("/feed", Reply(body=hostile_feed(running.url("/story/"))))
        yield running


@pytest.fixture
def terminal(tmp_path: Path, server: FaultServer) -> Iterator[tuple[Terminal, Path]]:
    if shutil.which("tmux") is None:
        raise AssertionError("tmux is required for the end-to-end tests (apt-get install tmux)")
    config = tmp_path / "config.toml"
    config.write_text(f'[[sections]]\nname = "Hostile"\nfeeds = ["{server.url("/feed")}"]\n')
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
    # The shell waits for a line first, so the recording starts before the app's first byte.
    term = Terminal(["read _;", *_tuinews_command(), "--config", str(config)], env)
    recording = tmp_path / "pty.bytes"
    try:
        term._tmux("pipe-pane", "-o", "-t", "main", f"cat >> {recording}")
        yield term, recording
    finally:
        term.close()


def test_r1_no_hostile_sequence_reaches_the_pty(
    terminal: tuple[Terminal, Path], server: FaultServer
) -> None:
    term, recording = terminal
    term.keys("Enter")  # start the app
    term.wait_for("Clipboard ]52;c;SE9TVElMRQ==grab")
    screen = term.wait_for("r Refresh")
    assert "Retitle ]0;PWNTITLE zero" in screen and "Hostile ]0;FEEDTITLE desk" in screen
    term.keys("Enter")  # read the first story: its page, with markers of its own
    term.wait_for("PAGEHEAD")
    term.wait_for("BODYWIPE")
    term.keys("Escape")
    term.wait_for("r Refresh")
    term.keys("j", "j", "j", "j")
    term.keys("q")
    term.wait_for("__EXIT=0__", history=True)
    assert any(path.startswith("/story/") for path, _ in server.requests)
    # pipe-pane writes asynchronously: wait until the exit line is in the recording.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and b"__EXIT=0__" not in recording.read_bytes():
        time.sleep(0.05)
    data = recording.read_bytes()
    assert b"__EXIT=0__" in data and len(data) > 10_000
    for marker in LIVE:
        assert marker not in data, (marker, data[max(0, data.find(marker) - 60) :][:140])
    c1 = re.search(rb"\xc2[\x80-\x9f]", data)
    assert c1 is None, data[max(0, c1.start() - 60) : c1.start() + 60]
    for literal in LITERAL:
        assert literal in data, literal
    assert b"PAGEHEAD" in data and b"BODYWIPE" in data
