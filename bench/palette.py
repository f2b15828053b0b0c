"""Command palette search over many cached stories: time per keystroke.

Usage::

    python bench/palette.py [-n STORIES]

Builds the app headless (Pilot, offline, an empty cache), puts STORIES synthetic stories
in its five sections, and times the palette provider's `startup` and one full `search`
(every hit gathered) for queries of growing length, as each keystroke would run them on
the event loop. Prints milliseconds, median of 5 runs each. Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import string
import tempfile
import time
from pathlib import Path

from tuinews.core.cache import Store
from tuinews.core.config import Config, Settings
from tuinews.core.models import Section, Story
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.commands import TuinewsCommands
from tuinews.ui.screens.main import MainScreen

QUERIES = ("f", "fl", "flo", "flood", "flood bar", "flood barriers")


def synthetic(count: int) -> list[Story]:
    """Stories with titles of ten random words, one in fifty about a flood."""
    rng = random.Random(7)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(3000)]
    stories = []
    for number in range(count):
        title = " ".join(rng.choices(words, k=10)).capitalize()
        if number % 50 == 0:
            title = f"Flood barriers hold {title}"
        stories.append(Story(id=f"s{number}", title=title, url=f"http://127.0.0.1:1/{number}/"))
    return stories


async def measure(count: int) -> None:
    """Print the timings for `count` stories."""
    sections = tuple(Section(f"Section {i}", (f"http://127.0.0.1:1/{i}/feed/",)) for i in range(5))
    with tempfile.TemporaryDirectory() as folder:
        service = NewsService(
            Config(sections=sections, settings=Settings()), Store(Path(folder)), offline=True
        )
        app = TuinewsApp(service)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            main = app.screen
            assert isinstance(main, MainScreen)
            stories = synthetic(count)
            share = len(stories) // 5
            for index in range(5):
                main.stories[index] = tuple(stories[index * share : (index + 1) * share])
            await pilot.pause()
            startups = []
            for _ in range(5):
                provider = TuinewsCommands(main)
                began = time.perf_counter()
                await provider.startup()
                startups.append(time.perf_counter() - began)
            print(f"{count} stories: startup {statistics.median(startups) * 1000:.1f} ms")
            for query in QUERIES:
                times, hits = [], 0
                for _ in range(5):
                    began = time.perf_counter()
                    hits = len([hit async for hit in provider.search(query)])
                    times.append(time.perf_counter() - began)
                median = statistics.median(times) * 1000
                print(f"  search {query!r:18} {median:7.1f} ms  {hits} hits")


def main() -> None:
    """Parse arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--stories", type=int, default=10_000)
    asyncio.run(measure(parser.parse_args().stories))


if __name__ == "__main__":
    main()
