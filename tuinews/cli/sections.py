"""`tuinews sections`: list the sections, or rename, remove or move one in the config file.

Edits change only the section concerned: the file keeps its comments and layout.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import fail

if TYPE_CHECKING:
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `sections` parser and its actions."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sections",
        help="list the section tabs; rename, remove or move one",
        description="With no action: number, name and feeds of every section.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    rename = actions.add_parser("rename", help="rename a section")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    remove = actions.add_parser("remove", help="remove a section (its feeds go with it)")
    remove.add_argument("name", metavar="NAME")
    move = actions.add_parser("move", help="move a section to a position (1 = first tab)")
    move.add_argument("name", metavar="NAME")
    move.add_argument("position", metavar="POS", type=int)
    return parser


def _list(service: NewsService) -> int:
    from tuinews.core.text import sanitize_display, url_host

    for number, section in enumerate(service.sections, start=1):
        print(sanitize_display(f"{number}. {section.name} ({len(section.feeds)} feeds)"))
        for url in section.feeds:
            options = service.feed_options(url)
            notes = [options.title] if options.title else []
            if not options.enabled:
                notes.append("disabled")
            extra = f"  [{sanitize_display(', '.join(notes))}]" if notes else ""
            print(f"     {sanitize_display(url) or url_host(url)}{extra}")
    where = service.config.path or "built-in defaults (tuinews init writes them to a file)"
    print(f"Config: {where}")
    return 0


def run(service: NewsService, args: argparse.Namespace) -> int:
    """List, or make one change and save; 2 with a one-line error for a bad name."""
    from tuinews.core.config import ConfigEditor, ConfigError, config_target
    from tuinews.core.text import sanitize_display

    if not args.action:
        from tuinews.core.config import load_config

        try:
            # A broken file is said, not listed as the defaults the app would not use.
            load_config(args.config.expanduser() if args.config else None)
        except ConfigError as error:
            return fail(str(error))
        return _list(service)
    target = config_target(args.config)
    try:
        editor = ConfigEditor(target)
        if args.action == "rename":
            editor.rename(args.old, args.new)
            done = f"Renamed {args.old} to {args.new}."
        elif args.action == "remove":
            editor.remove(args.name)
            done = f"Removed {args.name}."
        else:
            editor.move(args.name, args.position)
            done = f"Moved {args.name} to position {max(1, args.position)}."
        config = editor.save()
    except ConfigError as error:
        return fail(str(error))
    print(sanitize_display(done))
    print(sanitize_display("Sections: " + ", ".join(s.name for s in config.sections)))
    return 0


COMMAND = Command(name="sections", register=register, run=run, edits_config=True)
