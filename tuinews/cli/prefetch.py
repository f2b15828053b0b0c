"""`tuinews prefetch`: download the articles of sections for reading offline."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import UsageError, fail, pick_sections

if TYPE_CHECKING:
    from tuinews.core.models import Article, Story
    from tuinews.core.service import NewsService


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `prefetch` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "prefetch",
        help="download the articles of sections for offline reading",
        description=(
            "Refresh the sections, then download and extract their articles into the cache. "
            "Without --section: the sections named by settings.prefetch, else all."
        ),
    )
    parser.add_argument(
        "--section", action="append", metavar="NAME", help="this section (repeatable)"
    )
    return parser


async def _prefetch(service: NewsService, args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from tuinews.core.config import prefetch_sections
    from tuinews.core.models import FULL
    from tuinews.core.text import sanitize_display

    try:
        names = args.section or [s.name for s in prefetch_sections(service.config)]
        sections = pick_sections(service.sections, names)
        console = Console(highlight=False)

        def done(story: Story, article: Article | None) -> None:
            if article is not None and article.completeness != FULL:
                line = f"no article: {story.title} ({article.note})"
                console.print(Text(sanitize_display(line)))

        await asyncio.gather(*(service.refresh_section(s) for s in sections))
        result = await service.prefetch(sections, progress=done)
        console.print(
            Text(
                f"{result.stories} stories: {result.fetched} articles downloaded, "
                f"{result.cached} already cached, {result.failed} without an article"
            )
        )
        return 0
    finally:
        await service.aclose()


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Prefetch and report."""
    if service.offline:
        return fail("prefetch downloads articles; it cannot run with --offline")
    try:
        return asyncio.run(_prefetch(service, args))
    except UsageError as error:
        return fail(str(error))


COMMAND = Command(name="prefetch", register=register, run=run)
