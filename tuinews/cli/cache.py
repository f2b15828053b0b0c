"""`tuinews cache --stats | --clear`: look at or empty the cache (never the read state)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command

if TYPE_CHECKING:
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `cache` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "cache", help="show the cache's size or empty it (read/saved state is kept)"
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--stats", action="store_true", help="folder, entries and size")
    action.add_argument("--clear", action="store_true", help="remove every cached feed/page")
    return parser


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Print the stats or clear the cache."""
    store = service.store
    for notice in store.notices:
        print(notice)
    if args.clear:
        removed = store.clear()
        print(f"Cache cleared: {removed} entries removed from {store.directory or 'memory'}.")
        return 0
    stats = store.stats()
    size = int(stats["bytes"]) / (1024 * 1024)
    limit = int(stats["limit"]) / (1024 * 1024)
    print(f"Cache folder: {stats['folder']}")
    print(f"Feeds: {stats['feeds']}  Articles: {stats['articles']}")
    print(f"Size: {size:.1f} MiB of {limit:.0f} MiB")
    return 0


COMMAND = Command(name="cache", register=register, run=run)
