"""`tuinews keys`: every binding id, its keys (after the config's `[keys]`), what it does."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command

if TYPE_CHECKING:
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `keys` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "keys",
        help="list every binding id and its keys, for the config's [keys] table",
        description=(
            "Every key of the app has a binding id. Remap one in the config with "
            '[keys] "headlines.open" = "O" (several keys: "O,ctrl+o").'
        ),
    )
    return parser


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Print the binding table; 1 when the config's `[keys]` has entries left out."""
    from tuinews.ui.keymap import (
        binding_help,
        binding_ids,
        check_keymap,
        keymap_clashes,
        problems_message,
    )

    keymap, problems = check_keymap(service.config.keys)
    defaults = binding_ids()
    helps = binding_help()
    rows = [
        (binding_id, keymap.get(binding_id, ",".join(keys)), helps.get(binding_id, ""))
        for binding_id, keys in sorted(defaults.items())
    ]
    width_id = max(len(row[0]) for row in rows)
    width_keys = max(len(row[1]) for row in rows)
    for binding_id, keys, text in rows:
        mark = "*" if binding_id in keymap else " "
        print(f"{binding_id:<{width_id}}  {keys:<{width_keys}} {mark} {text}".rstrip())
    if keymap:
        print("\n* set by the config's [keys] table")
    clashes = keymap_clashes(keymap)
    message = problems_message([*service.config.key_problems, *problems], clashes)
    if message:
        print(f"\ntuinews: {message}")
        return 1
    return 0


COMMAND = Command(name="keys", register=register, run=run)
