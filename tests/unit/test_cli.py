"""The command line: version, and one clear line for bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tuinews import __version__


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tuinews", *args], capture_output=True, text=True, timeout=60
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tuinews {__version__}"
    assert __version__ != "0.0.0+unknown"


def test_bad_config_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[sections]]\nname = "X"\nfeeds = ["file:///etc/passwd"]\n')
    result = _run("--config", str(config))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tuinews: ") and "refused" in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_config_file(tmp_path: Path) -> None:
    result = _run("--config", str(tmp_path / "absent.toml"))
    assert result.returncode == 2 and "no such config file" in result.stderr


def test_bad_argument() -> None:
    result = _run("--no-such-option")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_a_subcommand_skips_the_garbage_collection_at_exit(tmp_path: Path) -> None:
    # Objects left when a subcommand ends are frozen, so the collection at interpreter
    # exit does not walk them; the command still finishes and closes its cache.
    config = tmp_path / "config.toml"
    config.write_text('[[sections]]\nname = "S"\nfeeds = ["http://127.0.0.1:9/feed"]\n')
    child = (
        "import atexit, gc, sys\n"
        "from tuinews.__main__ import main\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        f"status = main(['--config', {str(config)!r}, '--offline', 'status'])\n"
        "print('status', status)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=60, env=env
    )
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "frozen True", done.stderr
    assert any(line.startswith("status ") for line in lines)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--offline"],
        ["--demo"],
        ["--config", "a.toml", "--offline"],
        ["--offline", "--config=~/b.toml", "--demo"],
        ["--config", "a.toml", "--config", "c.toml"],
    ],
)
def test_a_plain_launch_is_read_as_the_parser_reads_it(argv: list[str]) -> None:
    from tuinews.__main__ import build_parser, plain_launch

    found = plain_launch(argv)
    assert found is not None
    assert vars(found) == vars(build_parser(argv).parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["refresh"],
        ["--help"],
        ["--version"],
        ["--off"],
        ["--config"],
        ["--config", "--offline"],
        ["--config="],
        ["--offline", "status"],
        ["-x"],
    ],
)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    from tuinews.__main__ import plain_launch

    assert plain_launch(argv) is None
