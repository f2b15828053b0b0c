"""`tuinews status`: the health of every feed, as a table in the shell."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command

if TYPE_CHECKING:
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `status` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "status",
        help="show every feed's health: last success, errors, latency, 304s, next refresh",
        description="The same table as the app's feed health screen. Makes no requests.",
    )
    return parser


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Print the feed health table; 1 when any feed's last fetch failed."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tuinews.core.health import HEADERS, health_rows

    statuses = asyncio.run(service.feed_statuses())
    table = Table(*HEADERS, show_lines=False, header_style="bold")
    for row in health_rows(service.sections, statuses):
        # Text, never markup: feed titles and errors come from the network.
        table.add_row(*(Text(cell) for cell in row))
    # A pipe gets whole lines; a terminal gets its own width.
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200)
    console.print(table)
    return 1 if any(s.fetches and not s.ok for s in statuses) else 0


COMMAND = Command(name="status", register=register, run=run)
