"""tuinews over a real SSH session on 127.0.0.1: `o` copies with OSC 52 and shows the link.

A throwaway sshd (its own host key, a user key, a free loopback port) runs for the test;
tmux runs `ssh -tt` into it and the remote side starts the installed `tuinews --demo`.
The bytes the remote app wrote are read from the pane's raw output (`tmux pipe-pane`).
Stand-in `w3m` and `lynx` lead the remote PATH: the panel offers them, and the test checks
that neither was started.
"""

from __future__ import annotations

import base64
import getpass
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tuinews.demo.site import DemoSite

from .test_tmux import Terminal, _tuinews_command

pytestmark = pytest.mark.e2e

SSHD = Path("/usr/sbin/sshd")
HOST = "tuinews-test"
OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


@dataclass
class Sshd:
    """A running throwaway sshd and the client config that reaches it."""

    client_config: Path
    folder: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tuinews-test", "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


def _stop(pid_file: Path) -> None:
    try:
        pid = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    for tool in ("ssh", "ssh-keygen", "tmux"):
        if shutil.which(tool) is None:
            raise AssertionError(f"{tool} is required for this test")
    if not SSHD.exists():
        raise AssertionError("sshd is required for this test (apt-get install openssh-server)")
    folder = tmp_path / "ssh"
    folder.mkdir()
    _keygen(folder / "host_key")
    _keygen(folder / "id")
    shutil.copy(folder / "id.pub", folder / "authorized_keys")
    port = _free_port()
    config = folder / "sshd_config"
    pid_file = folder / "sshd.pid"
    config.write_text(
        f"""ListenAddress 127.0.0.1
Port {port}
HostKey {folder / "host_key"}
AuthorizedKeysFile {folder / "authorized_keys"}
PidFile {pid_file}
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin yes
AcceptEnv COLORTERM
PrintMotd no
"""
    )
    client_config = folder / "ssh_config"
    client_config.write_text(
        f"""Host {HOST}
    HostName 127.0.0.1
    Port {port}
    User {getpass.getuser()}
    IdentityFile {folder / "id"}
    IdentitiesOnly yes
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    BatchMode yes
    SendEnv COLORTERM
    LogLevel ERROR
"""
    )
    # The privilege separation folder; nothing creates it without systemd.
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)
    check = subprocess.run(
        [str(SSHD), "-t", "-f", str(config)], capture_output=True, text=True, timeout=30
    )
    assert check.returncode == 0, check.stderr
    log = folder / "sshd.log"
    subprocess.run([str(SSHD), "-f", str(config), "-E", str(log)], check=True, timeout=30)
    try:
        deadline = time.monotonic() + 30
        while True:
            probe = subprocess.run(
                ["ssh", "-F", str(client_config), HOST, "true"],
                capture_output=True,
                text=True,
                timeout=30,
            )
            if probe.returncode == 0:
                break
            if time.monotonic() > deadline:
                logged = log.read_text() if log.exists() else ""
                raise AssertionError(f"ssh never got in: {probe.stderr}\n{logged}")
            time.sleep(0.1)
        yield Sshd(client_config, folder)
    finally:
        _stop(pid_file)


def _stand_in(folder: Path, name: str, record: Path) -> None:
    script = folder / name
    script.write_text(f"#!/bin/sh\necho {name} >> {shlex.quote(str(record))}\n")
    script.chmod(0o755)


def test_o_over_ssh_copies_with_osc52_and_shows_the_link(sshd: Sshd, tmp_path: Path) -> None:
    stand_ins = tmp_path / "bin"
    stand_ins.mkdir()
    started = tmp_path / "console-browsers-started"
    for name in ("w3m", "lynx"):
        _stand_in(stand_ins, name, started)
    # The remote shell starts from a clean environment: give it the folders, the terminal
    # type and the absolute path of the installed command.
    remote = " ".join(
        [
            "env",
            f"XDG_CONFIG_HOME={shlex.quote(str(tmp_path / 'config'))}",
            f"XDG_CACHE_HOME={shlex.quote(str(tmp_path / 'cache'))}",
            f"XDG_DATA_HOME={shlex.quote(str(tmp_path / 'data'))}",
            "TERM=xterm-256color",
            f'PATH={shlex.quote(str(stand_ins))}:"$PATH"',
            *map(shlex.quote, _tuinews_command()),
            "--demo",
        ]
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    terminal = Terminal(
        ["ssh", "-tt", "-F", shlex.quote(str(sshd.client_config)), HOST, shlex.quote(remote)],
        env,
    )
    raw = tmp_path / "pane.raw"
    try:
        terminal._tmux("pipe-pane", "-o", "-t", "main", f"cat >> {shlex.quote(str(raw))}")
        site = DemoSite("http://127.0.0.1:1")
        first = site.sections[0]
        story = max(
            (s for s in site.stories if first.slug in s.categories), key=lambda s: s.published
        )
        terminal.wait_for(story.title[:40], timeout=40)
        terminal.wait_for("r Refresh")
        # Read the story, then `o`.
        terminal.keys("Enter")
        terminal.wait_for(f"{story.reading_minutes} min read")
        terminal.keys("o")
        terminal.wait_for("Opens 127.0.0.1")

        # The app wrote an OSC 52 clipboard write of the story's link.
        deadline = time.monotonic() + 10
        copies: list[str] = []
        while not copies and time.monotonic() < deadline:
            copies = [base64.b64decode(m).decode() for m in OSC52.findall(raw.read_bytes())]
            time.sleep(0.05)
        assert len(copies) == 1, copies
        url = copies[0]
        assert urlsplit(url).hostname == "127.0.0.1"
        assert urlsplit(url).path == urlsplit(story.url).path
        # The panel shows it as text, and the app wrote it as an OSC 8 hyperlink too (tmux
        # 3.3 drops OSC 8 from its own screen, so look in the raw bytes).
        # Over ssh a frame can arrive in pieces: wait for each part rather than trusting
        # the first capture that showed the panel.
        for part in (url, "Copied to your clipboard", "w read in w3m"):
            terminal.wait_for(part)
        assert re.search(rb"\x1b\]8;[^;\x07\x1b]*;" + re.escape(url.encode()), raw.read_bytes())
        # Over SSH nothing was started: not a console browser, not anything else.
        assert not started.exists()
        ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, timeout=30)
        assert not [line for line in ps.stdout.splitlines() if str(stand_ins) in line]

        # Close the panel; back in the reader, quit; the session ends with status 0.
        terminal.keys("Escape")
        deadline = time.monotonic() + 10
        while "Opens 127.0.0.1" in terminal.screen() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Opens 127.0.0.1" not in terminal.screen()
        terminal.keys("q")
        terminal.wait_for("__EXIT=0__", history=True)
    finally:
        terminal.close()
