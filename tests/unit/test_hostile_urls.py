"""HOSTILE_INPUTS.md section D: URLs meant to run something, hide a host or break out.

Every URL tuinews opens, follows or copies passes `openable_url`; the launcher gets the
URL as one argv element and never a shell. The launcher here is a real program that
records its argv (tests/launcher.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import tuinews
from tuinews.core.browser import can_launch, host_warning, open_url
from tuinews.core.feeds import parse_feed
from tuinews.core.text import URL_CAP, UnsafeURL, is_openable, openable_url, url_host

from ..launcher import RecordedLauncher

DESKTOP = {"DISPLAY": ":0"}
FEED = "https://feeds.example/world/feed/"


def refused(url: str, tmp_path: Path) -> str:
    """Open `url` with a recording launcher on a desktop; assert it never ran."""
    launcher = RecordedLauncher(tmp_path)
    result = open_url(url, command=launcher.command, env=DESKTOP)
    assert not result.opened and result.url == ""
    assert result.message.startswith("Not opened: ")
    assert not launcher.called
    with pytest.raises(UnsafeURL):
        openable_url(url)
    return result.message


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "FILE://localhost/etc/passwd",
        "ftp://ftp.example/x",
        "mailto:a@b.example",
        "about:blank",
    ],
)
def test_d1_non_web_schemes_are_refused_with_a_message(tmp_path: Path, url: str) -> None:
    message = refused(url, tmp_path)
    assert len(message) < 80


@pytest.mark.parametrize(
    "url",
    [
        "--remote-debugging-port=9222",
        "-new-window https://x.example/",
        "  --headless",
        "-https://x.example/",
    ],
)
def test_d2_option_like_urls_are_refused(tmp_path: Path, url: str) -> None:
    refused(url, tmp_path)


def test_d3_shell_syntax_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    refused(f"https://x.example/ & touch {marker} & echo", tmp_path)
    refused(f"https://x.example/;touch {marker}", tmp_path)  # a space: refused
    for url in (
        f"https://x.example/$(touch${{IFS}}{marker})",
        f"https://x.example/`touch${{IFS}}{marker}`",
        f"https://x.example/it's;touch${{IFS}}{marker}",
        f"https://x.example/a|touch${{IFS}}{marker}",
    ):
        folder = tmp_path / str(abs(hash(url)))
        folder.mkdir()
        launcher = RecordedLauncher(folder, "--new-tab")
        result = open_url(url, command=launcher.command, env=DESKTOP)
        assert result.opened
        assert launcher.argv() == ["--new-tab", url]  # one element, never a shell
    assert not marker.exists()


def test_d4_userinfo_cannot_hide_the_real_host() -> None:
    url = openable_url("https://www.bank.example@evil.example/login")
    assert url_host(url) == "evil.example"
    warning = host_warning(url)
    assert "evil.example" in warning and "bank" not in warning
    assert host_warning("https://news.example/story") == ""


@pytest.mark.parametrize(
    "url",
    [
        "C:\\Windows\\System32\\calc.exe",
        "C:/Windows/System32/calc.exe",
        "\\\\host\\share\\x.exe",
        "//host\\share\\x.exe",
        "\\\\?\\C:\\x.exe",
        "calc.exe",
        "/usr/bin/xcalc",
    ],
)
def test_d5_windows_and_local_paths_are_refused(tmp_path: Path, url: str) -> None:
    refused(url, tmp_path)


def test_d6_relative_links_resolve_against_the_feed_and_are_checked_again() -> None:
    assert openable_url("/relative/story", FEED) == "https://feeds.example/relative/story"
    other = openable_url("//evil.example/x", FEED)
    assert other == "https://evil.example/x" and url_host(other) == "evil.example"
    assert not is_openable("/relative/story")  # no web base: nothing to resolve against
    assert not is_openable("/relative/story", "javascript:alert(1)")
    assert not is_openable("/x", "file:///etc/")
    # In a feed: relative and protocol-relative links come out absolute, others empty.
    body = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>Rel</title><link>/relative/story</link></item>"
        b"<item><title>Proto</title><link>//evil.example/x</link></item>"
        b"<item><title>Js</title><link>javascript:alert(1)</link></item>"
        b"</channel></rss>"
    )
    urls = [story.url for story in parse_feed(body, FEED).stories]
    assert urls == ["https://feeds.example/relative/story", "https://evil.example/x", ""]


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/\x1b]8;;https://evil.example\x1b\\",
        "https://x.example/\x07bell",
        "https://x.example/\x9b31m",
        "https://x.example/\u009d0;X",
        "https://x.example/a b",
        "https://x.example/\u202egnp",
        "https://x.example/\x00",
        "https://exa\x1bmple.com/",
    ],
)
def test_d7_controls_or_spaces_in_a_url_are_refused(tmp_path: Path, url: str) -> None:
    refused(url, tmp_path)


def _recorders(folder: Path, names: tuple[str, ...]) -> Path:
    """Executables named `names` that record that they ran; returns the marker folder."""
    ran = folder / "ran"
    ran.mkdir()
    for name in names:
        program = folder / name
        program.write_text(f"#!/bin/sh\ntouch {ran / name}\n")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return ran


def test_d8_over_ssh_no_browser_is_started_not_even_a_console_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = _recorders(tmp_path, ("lynx", "w3m", "xdg-open", "www-browser", "sensible-browser"))
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    env = {"SSH_CONNECTION": "10.0.0.1 50000 10.0.0.2 22", "PATH": os.environ["PATH"]}
    launcher = RecordedLauncher(tmp_path)
    for command in ("", launcher.command):
        assert not can_launch(command, env, "linux")
        result = open_url("https://news.example/story", command=command, env=env, platform="linux")
        assert not result.opened and result.url == "https://news.example/story"
        assert "Over SSH" in result.message
    assert list(ran.iterdir()) == [] and not launcher.called
    # Python's webbrowser (which would run lynx in this terminal) is never used.
    for source in Path(tuinews.__file__).parent.rglob("*.py"):
        assert "webbrowser" not in source.read_text(), source


def test_d9_very_long_urls_are_refused_and_percent_zero_is_text(tmp_path: Path) -> None:
    refused("https://x.example/" + "a" * 20_000, tmp_path)
    refused("https://x.example/" + "a" * (URL_CAP - len("https://x.example/") + 1), tmp_path)
    longest = "https://x.example/" + "a" * (URL_CAP - len("https://x.example/"))
    assert openable_url(longest) == longest
    assert openable_url("https://x.example/a%00b") == "https://x.example/a%00b"
    # A relative link that grows past the cap once resolved is refused too.
    assert not is_openable("b" * (URL_CAP - 10), "https://x.example/" + "a" * 100)


def test_d10_an_idn_host_is_shown_as_punycode() -> None:
    cyrillic = openable_url("https://раураl.com/login")  # Cyrillic letters, not "paypal"
    host = url_host(cyrillic)
    assert host.startswith("xn--") and host.isascii()
    assert host in host_warning(cyrillic)
    assert url_host("https://xn--pypal-4ve.com/") == "xn--pypal-4ve.com"
    assert "xn--pypal-4ve.com" in host_warning("https://xn--pypal-4ve.com/")
