"""`tuinews serve`: the command each browser tab runs, and its arguments."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

from tuinews.__main__ import build_parser
from tuinews.cli.serve import app_command


def test_each_tab_runs_this_tuinews_with_the_same_global_options(tmp_path: Path) -> None:
    config = tmp_path / "my config; rm -rf ~.toml"
    args = build_parser().parse_args(["--config", str(config), "--demo", "--offline", "serve"])
    assert args.host == "127.0.0.1" and args.port == 8000
    # textual-serve runs it through a shell: every word must come back out whole.
    assert shlex.split(app_command(args)) == [
        sys.executable,
        "-m",
        "tuinews",
        "--config",
        str(config.resolve()),
        "--offline",
        "--demo",
    ]
    plain = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert shlex.split(app_command(plain)) == [sys.executable, "-m", "tuinews"]
    assert (plain.host, plain.port) == ("0.0.0.0", 9000)


def test_a_bad_port_is_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tuinews", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "port must be 1-65535" in result.stderr and "Traceback" not in result.stderr


def test_a_port_in_use_is_one_line_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tuinews", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
