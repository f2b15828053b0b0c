"""Cost of "one story once": assembling sections whose feeds share stories.

Usage::

    python bench/dedupe.py [--sections S] [--feeds F] [--items K] [--shared P] [--runs R]

Builds S sections of F feeds with K stories each (default 5 x 4 x 50 = 1,000 stories, the
size of the built-in sections; `--items 500` gives 10,000), where P percent of every
feed's stories (default 30) are copies of another section's stories under the same GUID
or the same URL with `utm_*` parameters. The stories are put in a real diskcache in a
temporary folder, and the script times, as medians of R runs (default 5):

- `cached_sections_sync` with a new service (what the app does at start: read every
  feed from the cache once, group the stories, name the other sections);
- `assemble` of every section with the stories in memory (what the app does after a
  refresh of every section).

Figures are wall time on this machine; compare ratios, not milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tuinews.core.cache import Store, feed_key
from tuinews.core.config import Config
from tuinews.core.models import Section, Story
from tuinews.core.service import NewsService


def build(store: Store, sections: int, feeds: int, items: int, shared: int) -> Config:
    """Fill the cache; return the config of the sections."""
    config_sections: list[Section] = []
    for s in range(sections):
        urls: list[str] = []
        for f in range(feeds):
            url = f"https://site{f}.example/section{s}/feed/"
            urls.append(url)
            stories = []
            for n in range(items):
                if n < items * shared // 100:
                    # A copy of section 0's story n, by GUID (even n) or by URL (odd n).
                    guid = f"site{f}-story{n}" if n % 2 == 0 else f"s{s}-copy{n}"
                    link = f"https://site{f}.example/story{n}/?utm_source=s{s}&utm_medium=rss"
                else:
                    guid = f"site{f}-s{s}-story{n}"
                    link = f"https://site{f}.example/s{s}/story{n}/"
                story = Story(id=guid, title=f"Story {n}", url=link, feed_url=url)
                stories.append(story.to_json())
            store.set(feed_key(url), {"stories": stories})
        config_sections.append(Section(f"Section {s}", tuple(urls)))
    return Config(sections=tuple(config_sections))


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=4)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--shared", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "cache")
        config = build(store, args.sections, args.feeds, args.items, args.shared)
        cold: list[float] = []
        warm: list[float] = []
        badges = 0
        for _ in range(args.runs):
            service = NewsService(config, store)
            started = time.perf_counter()
            service.cached_sections_sync()
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            assembled = [service.assemble(section) for section in config.sections]
            warm.append(time.perf_counter() - started)
            badges = sum(1 for stories in assembled for story in stories if story.also_in)
        store.close()
    total = args.sections * args.feeds * args.items
    print("| stories | sections | shared | start (cache) | after refresh | with badge |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {total:,} | {args.sections} | {args.shared}% | "
        f"{statistics.median(cold) * 1000:.0f} ms | {statistics.median(warm) * 1000:.0f} ms | "
        f"{badges:,} |"
    )


if __name__ == "__main__":
    main()
