"""The start-up budget: what the first paint and `tuinews refresh` import, and no more.

Each check runs in a fresh interpreter and looks at `sys.modules`: `tuinews --offline`,
run headless at 120x40 until its first headlines are on screen, must not have loaded the
feed parsers, the HTTP client, article extraction, the reader (Textual's Markdown,
markdown_it, pygments and its plugin lookup through importlib.metadata) or the help
screen; `tuinews refresh` must not load the other subcommands.
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
    "tuinews.core.discover",
    "textual.widgets._markdown",
    "markdown_it",
    "pygments",
    "importlib.metadata",
    "tuinews.ui.screens.reader",
    "tuinews.ui.widgets.reader_pane",
    "tuinews.ui.screens.help",
    "tuinews.ui.screens.add_site",
    "tuinews.cli.refresh",
    "tuinews.cli.serve",
    # HTML to text runs at fetch time; the cached stories are text already.
    "html.parser",
    "html.entities",
    "tuinews.core.markup",
    # A remembered config document (JSON) spares tomllib on a start with an unchanged file.
    "tomllib",
    # Opening a story elsewhere.
    "shlex",
    "tuinews.core.browser",
    "tuinews.ui.open",
    # `tuinews [--config PATH] [--offline]` is read without the argument parser.
    "argparse",
    "gettext",
    # The keys footer is mounted after the first paint (it has no keys before that).
    "textual.widgets._footer",
    "tuinews.ui.widgets.footer",
)

#: Runs `tuinews --config CFG --offline` (argv[1]) headless at 120x40 and prints the
#: modules loaded and stylesheets read when the first frame with headlines was written
#: (noted in `App._display`), then quits.
_FIRST_SCREEN = """\
import sys
from textual.app import App

run = App.run

async def first_headlines(pilot):
    from tuinews.ui.widgets.headlines import HeadlineList

    while True:
        found = pilot.app.screen.query(HeadlineList)
        if found and found.first().stories:
            break
        await pilot.pause()
    print("MODULES", *MODULES_AT_PAINT)
    print("HEADLINE", found.first().stories[0].title)
    print("STYLESHEETS", *PAINTED_WITH)
    pilot.app.exit()

def headless(self, *args, **kwargs):
    return run(self, headless=True, size=(120, 40), auto_pilot=first_headlines)

# The modules loaded and the stylesheets read when the first frame with headlines went
# to the terminal.
MODULES_AT_PAINT = []
PAINTED_WITH = []
display = App._display

def noting_display(self, screen, renderable):
    display(self, screen, renderable)
    shown = getattr(screen, "headlines", None)
    if renderable is not None and not PAINTED_WITH and shown is not None and shown.stories:
        MODULES_AT_PAINT.extend(sys.modules)
        sources = self.stylesheet.source
        PAINTED_WITH.extend(p.rsplit("/", 1)[-1] for p, _ in sources if p.endswith(".tcss"))

App.run = headless
App._display = noting_display
from tuinews.__main__ import main

sys.exit(main(["--config", sys.argv[1], "--offline"]))
"""


def _loaded_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + "\nimport sys\nprint(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_the_app_up_to_its_first_headlines_imports_only_what_the_screen_needs(
    tmp_path: Path,
) -> None:
    # A real cache (filled by `tuinews refresh` from a loopback feed), then the real
    # command line, offline, in a fresh interpreter, up to the first headlines painted.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    for name in ("COLUMNS", "LINES"):
        env.pop(name, None)
    with fault_server() as server:
        first = server.route(
            "/a", Reply(body=rss("Desk", [("Harbour opens", "http://x.example/1")]))
        )
        other = server.route("/b", Reply(body=rss("Desk", [("Rain due", "http://x.example/2")])))
        config = tmp_path / "config.toml"
        config.write_text(
            f'[[sections]]\nname = "A"\nfeeds = ["{first}"]\n'
            f'[[sections]]\nname = "B"\nfeeds = ["{other}"]\n',
            encoding="utf-8",
        )
        filled = subprocess.run(
            [sys.executable, "-m", "tuinews", "--config", str(config), "refresh"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert filled.returncode == 0, filled.stdout + filled.stderr
    for start in ("first", "second"):
        # The first start parses the config file (and remembers it), the second does not.
        shown = subprocess.run(
            [sys.executable, "-c", _FIRST_SCREEN, str(config)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        lines = dict(line.split(" ", 1) for line in shown.stdout.splitlines() if " " in line)
        assert lines.get("HEADLINE") == "Harbour opens", shown.stdout + shown.stderr
        loaded = set(lines["MODULES"].split())
        assert {"tuinews.ui.screens.main", "textual.app", "tuinews.core.service"} <= loaded
        expected = set(NOT_BEFORE_FIRST_PAINT) - ({"tomllib"} if start == "first" else set())
        assert sorted(loaded & expected) == [], start
        # Only the main screen's rules are parsed for the first frame.
        assert lines["STYLESHEETS"].split() == ["app.tcss"], start


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
