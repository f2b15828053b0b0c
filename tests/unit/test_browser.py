"""Opening URLs: argv only, never a shell, nothing without a display."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuinews.core.browser import browser_argv, has_display, open_url, remote_session

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
