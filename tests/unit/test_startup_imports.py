"""The start-up budget: what the first paint and `tuinews refresh` import, and no more.

Each check runs in a fresh interpreter and looks at `sys.modules`: the app's modules up
to its first screen must not load the feed parsers, the HTTP client, article extraction
or the help screen; `tuinews refresh` must not load the other subcommands. (The main
screen composes the wide layout's reader pane and keeps one reader screen, so Textual's
Markdown, and pygments' plugin lookup through importlib.metadata, load with it.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ..faultserver import Reply, fault_server, rss

#: Needed only after the first paint (a refresh, an article, the help screen).
NOT_BEFORE_FIRST_PAINT = (
    "httpx",
    "httpcore",
    "feedparser",
    "lxml",
    "trafilatura",
    "rich.progress",
    "tuinews.core.net",
    "tuinews.core.feeds",
    "tuinews.core.reader",
    "tuinews.ui.screens.help",
    "tuinews.cli.refresh",
    "tuinews.cli.serve",
)


def _loaded_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + "\nimport sys\nprint(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_the_app_up_to_its_first_screen_imports_only_what_the_screen_needs() -> None:
    # What `tuinews` runs before the first paint: argument parsing, the service, the app.
    loaded = _loaded_after(
        """
        from tuinews.__main__ import build_parser
        args = build_parser([]).parse_args([])
        from tuinews.core.cache import Store
        from tuinews.core.config import load_config
        from tuinews.core.service import NewsService
        from tuinews.core.state import StateStore
        from tuinews.ui.app import TuinewsApp
        from tuinews.ui.screens.main import MainScreen
        """
    )
    assert "tuinews.ui.screens.main" in loaded and "textual.app" in loaded
    assert not loaded & set(NOT_BEFORE_FIRST_PAINT)


def test_refresh_imports_its_own_subcommand_only() -> None:
    loaded = _loaded_after(
        """
        from tuinews.__main__ import build_parser
        args = build_parser(["refresh"]).parse_args(["refresh"])
        assert args.command == "refresh"
        """
    )
    subcommands = {m for m in loaded if m.startswith("tuinews.cli.")}
    assert subcommands <= {"tuinews.cli.refresh", "tuinews.cli.common"}
    assert "tuinews.cli.refresh" in subcommands
    assert "textual" not in loaded and "tuinews.ui" not in loaded


def test_refresh_without_a_terminal_prints_plain_lines_without_rich(tmp_path: Path) -> None:
    # Over a real loopback feed: the lines a cron job gets, and rich never imported.
    with fault_server() as server:
        url = server.route("/feed", Reply(body=rss("Desk", [("One", "http://x.example/1")])))
        config = tmp_path / "config.toml"
        config.write_text(f'[[sections]]\nname = "S"\nfeeds = ["{url}"]\n', encoding="utf-8")
        code = (
            "import sys, runpy\n"
            "sys.argv = ['tuinews', '--config', sys.argv[1], 'refresh']\n"
            "try:\n"
            "    runpy.run_module('tuinews', run_name='__main__')\n"
            "except SystemExit as end:\n"
            "    print('rich' in sys.modules, end.code)\n"
        )
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        env["XDG_DATA_HOME"] = str(tmp_path / "data")
        done = subprocess.run(
            [sys.executable, "-c", code, str(config)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    lines = done.stdout.splitlines()
    assert lines[-1] == "False 0", done.stdout + done.stderr
    assert lines[0].startswith("ok 127.0.0.1 Desk: 1 stories")
    assert lines[-2].startswith("1 feeds in ") and lines[-2].endswith(": 1 updated")


def test_help_still_lists_every_subcommand() -> None:
    import tuinews.cli

    result = subprocess.run(
        [sys.executable, "-m", "tuinews", "--help"], capture_output=True, text=True, check=True
    )
    names = [command.name for command in tuinews.cli.COMMANDS]
    assert len(names) >= 6
    assert all(name in result.stdout for name in names)


def test_every_subcommand_is_found_by_its_own_module() -> None:
    import tuinews.cli

    for command in tuinews.cli.COMMANDS:
        assert tuinews.cli.find(command.name) is command
    assert tuinews.cli.find("common") is None and tuinews.cli.find("no-such") is None


def test_plain_http_needs_no_certificates_until_an_https_request() -> None:
    # Building the client used to load the CA bundle (75-100 ms) for http-only feeds.
    loaded = _loaded_after(
        """
        import ssl
        calls = []
        real = ssl.SSLContext.load_verify_locations
        def counting(self, *args, **kwargs):
            calls.append(args)
            return real(self, *args, **kwargs)
        ssl.SSLContext.load_verify_locations = counting
        from tuinews.core.net import NewsClient
        client = NewsClient()
        assert calls == [], calls
        """
    )
    assert "tuinews.core.net" in loaded
