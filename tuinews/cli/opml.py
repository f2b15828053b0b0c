"""`tuinews import FILE` and `tuinews export`: sections and feeds as OPML.

Import adds each OPML folder as a section (merging into a section of the same name) and
reports the feeds the link gate refused; export writes every section as a folder, to
standard output or to `-o FILE`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import fail

if TYPE_CHECKING:
    from tuinews.core.service import NewsService


def register_import(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `import` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="add the feeds of an OPML file (folders become sections)",
        description=(
            "Folders become sections (merged into a section of the same name); feeds "
            "outside folders get a section each. Feeds that are not web links are skipped."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the OPML file ('-' for standard input)")
    parser.add_argument("--section", metavar="NAME", help="put every feed in this section")
    return parser


def run_import(service: NewsService, args: argparse.Namespace) -> int:
    """Import; 0 when feeds were imported (or all were there), 1 when none could be."""
    from tuinews.core.config import ConfigEditor, ConfigError, config_target
    from tuinews.core.opml import OpmlError, parse_opml
    from tuinews.core.text import sanitize_display

    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(args.file).expanduser().read_bytes()
    except OSError as error:
        return fail(f"{args.file}: cannot read ({error.strerror or error})")
    try:
        found = parse_opml(data, section=args.section)
    except OpmlError as error:
        return fail(f"{args.file}: {error}")
    for skipped in found.skipped:
        print(sanitize_display(f"skipped: {skipped}"), file=sys.stderr)
    if not found.sections:
        return fail(f"{args.file}: no feeds to import", 1)
    target = config_target(args.config)
    try:
        editor = ConfigEditor(target)
        added = 0
        for name, feeds in found.sections:
            new = editor.add_feeds(name, feeds)
            added += len(new)
            print(sanitize_display(f"{name}: {len(new)} of {len(feeds)} feeds added"))
        editor.save()
    except ConfigError as error:
        return fail(str(error))
    print(f"Imported {added} feeds into {len(found.sections)} sections. Config: {target}")
    return 0


def register_export(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `export` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="write the sections and feeds as OPML (standard output or -o FILE)",
        description="Each section becomes an OPML folder. Request headers are not exported.",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    return parser


def run_export(service: NewsService, args: argparse.Namespace) -> int:
    """Write the OPML document."""
    from tuinews.core.opml import export_opml

    titles = {
        url: service.feed_status(url).title for section in service.sections for url in section.feeds
    }
    text = export_opml(service.sections, service.config.feeds, titles)
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = Path(args.output).expanduser()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        return fail(f"{path}: cannot write ({error.strerror or error})")
    print(f"Wrote {len(service.sections)} sections to {path}", file=sys.stderr)
    return 0


IMPORT_COMMAND = Command(name="import", register=register_import, run=run_import, edits_config=True)
"""`tuinews import FILE`."""
EXPORT_COMMAND = Command(name="export", register=register_export, run=run_export)
"""`tuinews export`."""
