"""`tuinews init`: write the built-in sections to a commented config file for editing."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import fail

if TYPE_CHECKING:
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `init` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "init",
        help="write the built-in sections to a commented config.toml to edit",
        description="Writes the config file (or --config PATH) with every setting explained.",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Write the file and print its path; 2 when it exists and --force is not given."""
    from tuinews.core.config import ConfigError, config_target, write_default_config

    try:
        path = write_default_config(config_target(args.config), force=args.force)
    except ConfigError as error:
        return fail(str(error))
    print(f"Wrote {path}")
    return 0


COMMAND = Command(name="init", register=register, run=run, edits_config=True)
