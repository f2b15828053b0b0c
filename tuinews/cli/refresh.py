"""`tuinews refresh`: fetch feeds without the app, for cron and scripts.

Shows a progress bar on a terminal and one plain line per feed otherwise, prints a
summary, and exits 1 when any feed failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import UsageError, fail, pick_sections

if TYPE_CHECKING:
    from tuinews.core.models import FeedStatus
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `refresh` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "refresh",
        help="fetch feeds now, with progress; exit status 1 if any feed failed",
        description="Fetch every feed (conditional requests: unchanged feeds cost a 304).",
    )
    parser.add_argument(
        "--section", action="append", metavar="NAME", help="only this section (repeatable)"
    )
    parser.add_argument(
        "--stale-only",
        action="store_true",
        help="skip feeds that are still fresh (refresh_minutes, Cache-Control, <ttl>)",
    )
    return parser


def _line(status: FeedStatus) -> str:
    from tuinews.core.text import url_host

    host = url_host(status.url)
    if not status.ok:
        return f"FAIL  {host}  {status.error}"
    what = {
        "304": "not modified",
        "fresh": "still fresh",
        "waiting": "waiting",
        "disabled": "disabled in the config",
    }.get(status.status, f"{status.count} stories")
    if status.dropped and status.status == "200":
        what += f" ({status.dropped:,} more not kept)"
    timing = f", {status.latency_ms} ms" if status.status in ("200", "304") else ""
    return f"ok    {host}  {status.title or status.url}: {what}{timing}"


async def _refresh(service: NewsService, args: argparse.Namespace) -> int:
    from tuinews.core.text import sanitize_display

    sections = pick_sections(service.sections, args.section)
    total = len({url for section in sections for url in section.feeds})
    seen: dict[str, FeedStatus] = {}
    interactive = sys.stdout.isatty()
    # Plain lines need no rich (its import and per-line rendering cost 0.1-0.3 s).
    say: Callable[[str], None] = print
    progress: Any = None
    task: Any = None
    if interactive:
        progress, task, say = _progress_bar(total)

    def done(status: FeedStatus) -> None:
        if status.url in seen:
            return
        seen[status.url] = status
        if interactive:
            from tuinews.core.text import url_host

            progress.update(task, advance=1, host=url_host(status.url))
        else:
            say(sanitize_display(_line(status)))

    started = time.perf_counter()
    if interactive:
        progress.start()
    # No screen to keep answering: feeds are parsed between network events, not in
    # threads that would take the GIL from the event loop.
    service.headless = True
    try:
        # Statuses only: the sections' stories are not assembled (no screen shows them).
        urls = [url for section in sections for url in section.feeds]
        await service.refresh_feeds(urls, force=not args.stale_only, progress=done)
        # Feeds marked full_text download their articles before the command ends.
        await service.full_text_settled()
    finally:
        if interactive:
            progress.stop()
    elapsed = time.perf_counter() - started
    statuses = list(seen.values())
    failed = [s for s in statuses if not s.ok]
    if interactive:
        for status in failed:
            say(sanitize_display(_line(status)))
    counts = {
        "updated": sum(s.status == "200" for s in statuses if s.ok),
        "not modified": sum(s.status == "304" for s in statuses),
        "still fresh": sum(s.status in ("fresh", "waiting") for s in statuses if s.ok),
        "disabled": sum(s.status == "disabled" for s in statuses),
        "failed": len(failed),
    }
    parts = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
    say(f"{len(statuses)} feeds in {elapsed:.1f} s: {parts or 'nothing to do'}")
    return 1 if failed else 0


def _progress_bar(total: int) -> tuple[Any, Any, Callable[[str], None]]:
    """A rich progress bar for a terminal, its task, and a way to print a line beside it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.text import Text

    console = Console(highlight=False)
    progress = Progress(
        TextColumn("Refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[host]}"),
        console=console,
        transient=True,
    )
    task = progress.add_task("feeds", total=total, host="")

    def say(text: str) -> None:
        console.print(Text(text), soft_wrap=True)

    return progress, task, say


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Refresh and report; 0 when every feed is fine, 1 when any failed."""
    if service.offline:
        return fail("refresh makes requests; it cannot run with --offline")
    try:
        return asyncio.run(_with_close(service, _refresh(service, args)))
    except UsageError as error:
        return fail(str(error))


async def _with_close(service: NewsService, work: Any) -> int:
    try:
        result: int = await work
        return result
    finally:
        await service.aclose()


COMMAND = Command(name="refresh", register=register, run=run, uses_state=False)
