"""`tuinews add URL`: discover a site's feeds and add the chosen ones as sections.

On a terminal the feeds are listed with numbers and the user picks; in scripts `--all` or
`--pick 1,3` choose. Each picked feed becomes a section named after it (a WordPress
category keeps its menu name), or all go into one section with `--section NAME`. The
config file is edited in place: comments and layout stay.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import UsageError, fail

if TYPE_CHECKING:
    from tuinews.core.discover import Discovery, FoundFeed
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `add` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "add",
        help="find a site's feeds and add the ones you pick as section tabs",
        description=(
            "Reads the page at URL and finds its feeds: <link rel=alternate> feeds, a "
            "WordPress site's /feed/ and category feeds, and common paths (/rss, /feed.xml, "
            "/atom.xml...). A feed URL is added as it is."
        ),
    )
    parser.add_argument("url", metavar="URL", help="a site, one of its pages, or a feed")
    choose = parser.add_mutually_exclusive_group()
    choose.add_argument("--all", action="store_true", help="add every feed found")
    choose.add_argument(
        "--pick", metavar="N,M", help="add these feeds of the list (e.g. 1,3 or 2-4)"
    )
    parser.add_argument(
        "--section", metavar="NAME", help="put the feeds in this section (new or existing)"
    )
    return parser


def parse_pick(text: str, count: int) -> list[int]:
    """Turn "1,3" or "2-4" or "all" into 0-based indexes of a list of `count` items.

    Raises:
        UsageError: for numbers outside the list or words that are not numbers.
    """
    text = text.strip().lower()
    if text in ("all", "a", "*"):
        return list(range(count))
    chosen: list[int] = []
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise UsageError(f"{part!r} is not a feed number")
        first, last = int(low), int(high) if dash else int(low)
        for number in range(first, last + 1):
            if not 1 <= number <= count:
                raise UsageError(f"there is no feed {number} (1-{count})")
            if number - 1 not in chosen:
                chosen.append(number - 1)
    return chosen


def feed_line(number: int, feed: FoundFeed) -> str:
    """One numbered line of the list of found feeds."""
    items = "1 item" if feed.count == 1 else f"{feed.count} items"
    # A category keeps its menu name: that is the tab it becomes.
    menu = f" (menu: {feed.label})" if feed.label and feed.label != feed.title else ""
    return f"{number:>3}. {feed.title}{menu} · {items} · {feed.kind}\n     {feed.url}"


def _show(found: Discovery) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    title = f" ({found.site_title})" if found.site_title else ""
    console.print(Text(f"Feeds of {found.url}{title}:"))
    for number, feed in enumerate(found.feeds, start=1):
        console.print(Text(feed_line(number, feed)), soft_wrap=True)
    for refused in found.refused:
        console.print(Text(f"  refused: {refused}"), soft_wrap=True)


def _ask(count: int) -> list[int]:
    while True:
        try:
            answer = input("Add which feeds? (numbers like 1,3 or 2-4, 'all'; empty to cancel) ")
        except EOFError:
            return []
        if not answer.strip():
            return []
        try:
            return parse_pick(answer, count)
        except UsageError as error:
            print(f"  {error}")


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Discover, choose, add; 0 when feeds were added, 1 when none were found or chosen."""
    from tuinews.core.config import ConfigError, config_target
    from tuinews.core.discover import add_to_config, discover
    from tuinews.core.text import sanitize_display

    if service.offline:
        return fail("add reads the site; it cannot run with --offline")

    async def find() -> Discovery:
        try:
            return await discover(service.client, args.url)
        finally:
            await service.aclose()

    found = asyncio.run(find())
    if not found.feeds:
        for refused in found.refused:
            print(f"refused: {sanitize_display(refused)}", file=sys.stderr)
        return fail(f"{sanitize_display(found.url)}: {found.error}", 1)
    _show(found)
    try:
        if args.all:
            picked = list(range(len(found.feeds)))
        elif args.pick:
            picked = parse_pick(args.pick, len(found.feeds))
        elif len(found.feeds) == 1 and found.feeds[0].via == "direct":
            picked = [0]
        elif sys.stdin.isatty():
            picked = _ask(len(found.feeds))
        else:
            return fail("choose the feeds to add with --all or --pick N,M")
    except UsageError as error:
        return fail(str(error))
    if not picked:
        print("Nothing added.")
        return 1
    target = config_target(args.config)
    try:
        added, _ = add_to_config(target, [found.feeds[i] for i in picked], args.section)
    except ConfigError as error:
        return fail(str(error))
    if not added:
        print("Those feeds are already in the config; nothing changed.")
        return 0
    for section, url in added:
        print(sanitize_display(f"Added to {section}: {url}"))
    print(f"Config: {target}")
    return 0


COMMAND = Command(name="add", register=register, run=run, edits_config=True)
