"""Subcommands of the `tuinews` command line, one module each.

A subcommand is a `Command`: its name, a function that adds its parser, and a function
that runs it over a `NewsService` and returns the exit status. Modules import only the
standard library at import time, so `tuinews --help` stays fast.

`COMMANDS` (every subcommand) is built on first use; `find` imports only the module of
the subcommand being run, so `tuinews refresh` and the app do not import the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse  # the app's own launch is read without it (`__main__.plain_launch`)

    from tuinews.core.service import NewsService


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand."""

    name: str
    """What the user types after `tuinews`."""
    register: Callable[[Any], argparse.ArgumentParser]
    """Adds the subcommand's parser to the subparsers; returns it."""
    run: Callable[[NewsService, argparse.Namespace], int]
    """Runs the subcommand; returns the exit status."""
    edits_config: bool = False
    """It writes the config file: it runs even when that file is missing or broken."""
    uses_state: bool = True
    """It reads or writes read marks and saved stories (the state database)."""


def _commands() -> list[Command]:
    # Imported here so each module can import `Command` from this package.
    from tuinews.cli.add import COMMAND as add
    from tuinews.cli.cache import COMMAND as cache
    from tuinews.cli.init import COMMAND as init
    from tuinews.cli.keys import COMMAND as keys
    from tuinews.cli.opml import EXPORT_COMMAND as export
    from tuinews.cli.opml import IMPORT_COMMAND as import_
    from tuinews.cli.prefetch import COMMAND as prefetch
    from tuinews.cli.read import COMMAND as read
    from tuinews.cli.refresh import COMMAND as refresh
    from tuinews.cli.sections import COMMAND as sections
    from tuinews.cli.serve import COMMAND as serve
    from tuinews.cli.status import COMMAND as status

    return [
        refresh,
        prefetch,
        status,
        cache,
        serve,
        read,
        add,
        sections,
        import_,
        export,
        init,
        keys,
    ]


def __getattr__(name: str) -> list[Command]:
    # COMMANDS, every subcommand in the order `--help` lists them, built on first use.
    if name == "COMMANDS":
        commands = globals()["COMMANDS"] = _commands()
        return commands
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def find(name: str) -> Command | None:
    """The subcommand called `name`, importing only its own module where it is named so.

    Returns:
        The Command, or None when no module `tuinews.cli.<name>` defines it (the caller
        then looks through `COMMANDS`).
    """
    module_name = _MODULE_OF.get(name, name)
    if not module_name.isidentifier() or module_name in ("common",):
        return None
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ImportError:
        return None
    for value in vars(module).values():
        if isinstance(value, Command) and value.name == name:
            return value
    return None


#: Subcommands whose module is named otherwise (`import` is a Python keyword).
_MODULE_OF = {"import": "opml", "export": "opml"}
