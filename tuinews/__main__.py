"""Command line: parse arguments, build the service, run the app or a subcommand.

Global options come before a subcommand (`tuinews --config PATH refresh`). Each
subcommand lives in its own module under `tuinews.cli` and registers itself there. Bad
arguments or a bad config file give one clear line and exit status 2, never a traceback.
"""

from __future__ import annotations

import atexit
import gc
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command, find

if TYPE_CHECKING:
    import argparse


def _version_action() -> type[argparse.Action]:
    """`--version`: reads the version (package metadata) only when asked."""
    import argparse

    class VersionAction(argparse.Action):
        def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
            super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

        def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
            from tuinews import __version__

            print(f"tuinews {__version__}")
            parser.exit()

    return VersionAction


def plain_launch(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a launch of the app with global options only, read without argparse.

    `--offline`, `--demo` and `--config PATH` (or `--config=PATH`), in any order, give
    what the parser would; building it (argparse and gettext imported, the options and
    subcommands registered) is ~4 ms of every start. Anything else (help, a subcommand,
    an abbreviation, a mistake) gives None, for the parser to read and explain.
    """
    found = SimpleNamespace(
        version=None, config=None, offline=False, demo=False, command=None, commands=[]
    )
    words = iter(argv)
    for word in words:
        if word == "--offline":
            found.offline = True
        elif word == "--demo":
            found.demo = True
        elif word == "--config" or word.startswith("--config="):
            value = word.partition("=")[2] if "=" in word else next(words, None)
            if not value or value.startswith("-"):
                return None
            found.config = Path(value)
        else:
            return None
    return found


def _commands_for(argv: Sequence[str] | None) -> list[Command]:
    """The subcommands to put in the parser for `argv` (all of them when None).

    Only the one being run is imported, and none for the app itself; every one for
    `--help`, or when the word is not a subcommand's module (argparse then lists them).
    """
    import tuinews.cli

    if argv is None:
        return tuinews.cli.COMMANDS
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            break
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            found = find(word)
            return [found] if found is not None else tuinews.cli.COMMANDS
    else:
        return []
    return tuinews.cli.COMMANDS


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser of the `tuinews` command.

    Args:
        argv: The arguments it will parse, to register only the subcommand they name;
            None registers every subcommand.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="tuinews",
        description="A terminal news browser: sections as tabs, full articles, keyboard first.",
    )
    parser.add_argument("--version", action=_version_action())
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help="config file to use instead of the default"
    )
    parser.add_argument(
        "--offline", action="store_true", help="read only the cache; make no requests"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="browse the bundled sample news site (served on 127.0.0.1; no internet needed)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands = _commands_for(argv)
    for command in commands:
        command.register(subparsers)
    parser.set_defaults(commands=commands)
    return parser


def _keys_line(problems: Sequence[str]) -> str:
    """The one line about `[keys]` entries left out (subcommands do not load the UI)."""
    return f"config [keys]: left out: {'; '.join(problems)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run tuinews; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    # httpcore imports trio whenever it is installed, only to serve trio event loops;
    # tuinews runs on asyncio. Marking it absent saves 150-220 ms on every command that
    # fetches (measured with -X importtime); a process that already loaded it keeps it.
    sys.modules.setdefault("trio", None)  # type: ignore[arg-type]
    # Likewise httpx imports its own command-line client (click, rich.syntax, pygments:
    # ~110 ms) when those are installed, and falls back to a stub when they are not.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    args: Any = plain_launch(argv) or build_parser(argv).parse_args(argv)

    # The cycle collector is off while the modules load and the config is read: its
    # passes find nothing to free in what imports build (classes, functions, tables).
    # Subcommands turn it back on before they run; the app when it has painted.
    gc.disable()
    from tuinews.core.cache import Store
    from tuinews.core.config import ConfigError, config_with_sections, load_config
    from tuinews.core.paths import cache_dir, data_dir
    from tuinews.core.service import NewsService
    from tuinews.core.state import StateStore
    from tuinews.core.text import sanitize_display

    try:
        config = load_config(args.config.expanduser() if args.config else None)
    except ConfigError as error:
        editing = any(c.name == args.command and c.edits_config for c in args.commands)
        if not editing:
            print(f"tuinews: {sanitize_display(str(error), cap=500)}", file=sys.stderr)
            gc.enable()
            return 2
        # init/add/sections/import write the file: they report its problems themselves.
        from tuinews.core.config import Config

        config = Config()

    with ExitStack() as stack:
        # `serve` starts one tuinews per browser tab, each with its own demo site.
        if args.demo and args.command != "serve":
            from tuinews.demo.server import DemoServer

            server = stack.enter_context(DemoServer())
            config = config_with_sections(config, tuple(server.sections()))
            # The demo runs on a new port each time: its cache lives as long as the run.
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            store, state = Store(scratch / "cache"), StateStore(scratch / "state")
        else:
            # A command that never touches read marks does not open their database.
            uses_state = all(c.uses_state for c in args.commands if c.name == args.command)
            store = Store(cache_dir() / "http")
            state = StateStore(data_dir() / "state" if uses_state else None)
        stack.callback(store.close)
        service = NewsService(config, store, offline=args.offline, state=state)

        if args.command:
            # A subcommand's process ends with it: its last garbage collection at exit
            # would walk every object left (0.08-0.13 s after a refresh, measured) to free
            # memory the system takes back anyway. Everything that holds a resource is
            # closed explicitly before.
            atexit.register(gc.freeze)
            gc.enable()
            if config.key_problems and args.command != "keys":
                print(f"tuinews: warning: {_keys_line(config.key_problems)}", file=sys.stderr)
            commands: list[Command] = args.commands
            handler = next(c for c in commands if c.name == args.command)
            try:
                return handler.run(service, args)
            except KeyboardInterrupt:
                return 130

        # The collector stays off until the first paint, where MainScreen turns it on:
        # its passes over Textual's import alone cost ~40 ms.
        from tuinews.core.prefs import Preferences
        from tuinews.ui.app import TuinewsApp
        from tuinews.ui.keymap import check_keymap, keymap_clashes, problems_message

        # Said here as well as in the app: the notification is gone once the app exits.
        keymap, problems = check_keymap(config.keys)
        message = problems_message([*config.key_problems, *problems], keymap_clashes(keymap))
        if message:
            print(f"tuinews: warning: {message}", file=sys.stderr)
        app = TuinewsApp(service, demo=args.demo, prefs=Preferences(data_dir() / "prefs.json"))
        app.run()
        return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
