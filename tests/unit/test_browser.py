"""Opening URLs: argv only, never a shell, nothing without a display."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from tuinews.core.browser import (
    browser_argv,
    can_launch,
    console_browser_argv,
    has_display,
    host_warning,
    open_url,
    remote_session,
)

from ..launcher import RecordedLauncher


def test_argv_puts_the_url_in_one_element() -> None:
    assert browser_argv("firefox --new-tab %u", "https://x.example/a?b=1&c=2") == [
        "firefox",
        "--new-tab",
        "https://x.example/a?b=1&c=2",
    ]
    assert browser_argv("chromium", "https://x.example/") == ["chromium", "https://x.example/"]


def test_configured_command_runs_with_the_url_as_one_argument(tmp_path: Path) -> None:
    launcher = RecordedLauncher(tmp_path, "--new-tab")
    result = open_url(
        "https://news.example/story?a=1&b=$(id)`id`",
        command=launcher.command,
        env={"DISPLAY": ":0"},
    )
    assert result.opened
    assert launcher.argv() == ["--new-tab", "https://news.example/story?a=1&b=$(id)`id`"]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "--remote-debugging-port=9222",
        "https://x/ & touch /tmp/p & echo",
        "data:text/html,hi",
    ],
)
def test_hostile_urls_never_reach_the_launcher(tmp_path: Path, url: str) -> None:
    launcher = RecordedLauncher(tmp_path)
    result = open_url(url, command=launcher.command, env={"DISPLAY": ":0"})
    assert not result.opened and result.url == "" and result.message.startswith("Not opened")
    assert not launcher.called


def test_over_ssh_nothing_is_started(tmp_path: Path) -> None:
    launcher = RecordedLauncher(tmp_path)
    env = {"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22", "DISPLAY": ""}
    result = open_url("https://news.example/", command=launcher.command, env=env)
    assert not result.opened and result.url == "https://news.example/"
    assert "Over SSH" in result.message
    assert not launcher.called


def test_no_display_means_copy_not_a_console_browser() -> None:
    result = open_url("https://news.example/", env={}, platform="linux")
    assert not result.opened and "No display" in result.message


def test_session_detection() -> None:
    assert remote_session({"SSH_TTY": "/dev/pts/1"})
    assert not has_display({"SSH_TTY": "/dev/pts/1", "DISPLAY": ":0"}, "linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not has_display({}, "linux")
    assert has_display({}, "darwin")


# Section D of the hostile-input catalogue, every row that must be refused before any
# launcher runs.
SECTION_D_REFUSED = [
    pytest.param("javascript:alert(1)", id="D1-javascript"),
    pytest.param("JaVaScRiPt:alert(1)", id="D1-mixed-case"),
    pytest.param(" javascript:alert(1)", id="D1-leading-space"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="D1-data"),
    pytest.param("vbscript:msgbox(1)", id="D1-vbscript"),
    pytest.param("file:///etc/passwd", id="D1-file"),
    pytest.param("ftp://ftp.example/x", id="D1-ftp"),
    pytest.param("--remote-debugging-port=9222", id="D2-option"),
    pytest.param("-new-window https://news.example/", id="D2-dash-url"),
    pytest.param("https://x/ & touch /tmp/p & echo", id="D3-shell-with-spaces"),
    pytest.param("C:\\Windows\\System32\\calc.exe", id="D5-windows-path"),
    pytest.param("\\\\host\\share\\x.exe", id="D5-unc"),
    pytest.param("/relative", id="D6-relative-without-base"),
    pytest.param("https://news.example/\x1b]52;c;aGk=\x07", id="D7-osc52"),
    pytest.param("https://news.example/\x07", id="D7-bel"),
    pytest.param("https://news.example/\u009b6n", id="D7-c1"),
    pytest.param("https://news.example/a b", id="D7-space"),
    pytest.param("https://news.example/" + "a" * 20_000, id="D9-20000-chars"),
]


@pytest.mark.parametrize("url", SECTION_D_REFUSED)
def test_section_d_urls_never_reach_the_launcher(tmp_path: Path, url: str) -> None:
    launcher = RecordedLauncher(tmp_path)
    result = open_url(url, command=launcher.command, env={"DISPLAY": ":0"})
    assert not result.opened and result.url == ""
    assert result.message.startswith("Not opened")
    assert not launcher.called


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("https://news.example/a?b=$(touch${IFS}MARK)", id="D3-dollar-paren"),
        pytest.param("https://news.example/`touch${IFS}MARK`';echo", id="D3-backticks-quote"),
        pytest.param("https://news.example/;touch${IFS}MARK;#", id="D3-semicolon"),
        pytest.param("https://www.bank.example@evil.example/", id="D4-userinfo"),
        pytest.param("https://news.example/a%00b", id="D9-percent-zero"),
        pytest.param("https://xn--pypal-4ve.com/", id="D10-punycode"),
    ],
)
def test_section_d_urls_that_open_are_exactly_one_argv_element(
    tmp_path: Path, template: str
) -> None:
    mark = tmp_path / "shell-ran"
    url = template.replace("MARK", str(mark))
    launcher = RecordedLauncher(tmp_path)
    result = open_url(url, command=launcher.command, env={"DISPLAY": ":0"})
    assert result.opened
    assert launcher.argv() == [url]
    assert not mark.exists()  # no shell ever saw the URL


def test_the_launcher_is_detached_silent_and_does_not_block(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "ran.json"
    script = tmp_path / "noisy_browser.py"
    script.write_text(
        "import json, os, sys, time\n"
        "print('stdout from the browser'); print('stderr from the browser', file=sys.stderr)\n"
        f"open({str(record)!r}, 'w').write(json.dumps([os.getsid(0), sys.argv[1:]]))\n"
        "time.sleep(5)\n"
    )
    started = time.monotonic()
    result = open_url(
        "https://news.example/story",
        command=f"{sys.executable} {script} %u",
        env={"DISPLAY": ":0"},
    )
    assert result.opened
    assert time.monotonic() - started < 2.0  # the browser sleeps 5 s: nothing waited for it
    deadline = time.monotonic() + 10
    while not (record.exists() and record.read_text()) and time.monotonic() < deadline:
        time.sleep(0.02)
    session, argv = json.loads(record.read_text())
    assert argv == ["https://news.example/story"]
    assert session != os.getsid(0)  # its own session: no terminal of ours to write to
    out, err = capfd.readouterr()
    assert "from the browser" not in out + err


def test_can_launch_follows_the_session() -> None:
    assert can_launch("firefox %u", {"DISPLAY": ":0"}, "linux")
    assert can_launch("firefox %u", {}, "linux")  # a configured command is the user's call
    assert not can_launch("firefox %u", {"SSH_CONNECTION": "a b c d"}, "linux")
    assert not can_launch("", {}, "linux")
    assert can_launch("", {}, "darwin")


def test_console_browser_from_config_or_path() -> None:
    url = "https://news.example/a?b=1&c=2"
    assert console_browser_argv("w3m -o confirm_qq=0 %u", url) == [
        "w3m",
        "-o",
        "confirm_qq=0",
        url,
    ]
    assert console_browser_argv("lynx", url) == ["lynx", url]
    found = {"lynx": "/usr/bin/lynx"}
    assert console_browser_argv("", url, which=found.get) == ["/usr/bin/lynx", url]
    found["w3m"] = "/usr/bin/w3m"
    assert console_browser_argv("", url, which=found.get) == ["/usr/bin/w3m", url]
    assert console_browser_argv("", url, which=lambda name: None) is None
    assert console_browser_argv("'unclosed", url) is None


def test_host_warning_names_the_real_host() -> None:
    warning = host_warning("https://www.bank.example@evil.example/")
    assert "evil.example" in warning and "www.bank.example" not in warning
    assert "xn--pypal-4ve.com" in host_warning("https://xn--pypal-4ve.com/")
    assert "xn--" in host_warning("https://pаypal.com/")  # Cyrillic а
    assert host_warning("https://news.example/a@b") == ""  # '@' in the path is harmless
    assert host_warning("https://news.example/") == ""
