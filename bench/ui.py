"""How quickly the app answers with big sections, and how much memory it takes (issue 5).

Usage::

    python bench/ui.py [-n KEYS]

The app runs headless under Textual's Pilot over the real `NewsService` and a temporary
cache that holds the stories exactly as a refresh writes them (`Store.set` of the feed's
stories and of a fetch record that says the feed is fresh, so nothing is fetched). Keys go
in as the terminal driver sends them, and a key's time runs from sending it to the first
screen update after its effect (the compositor has rendered the changed lines; headless,
nothing is written to a terminal). Figures:

- switch: a section of 10,000 stories shown after `2` is pressed (bar: 300 ms);
- cursor: `j`/`k` in that section, median and p95 (bar: 16 ms median);
- filter: each keystroke typed into `/` over the 10,000 stories (bar: 50 ms);
- memory: peak resident memory of a separate process running the whole app with
  10 sections x 1,000 stories, every tab visited (bar: 250 MB).

Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tuinews.core.cache import FeedRecord, Store, feed_key, meta_key  # noqa: E402
from tuinews.core.config import Config  # noqa: E402
from tuinews.core.models import Section, Story  # noqa: E402
from tuinews.core.service import NewsService  # noqa: E402

WORDS = (
    "minister council storm election market shares energy climate court ruling talks "
    "budget strike rail harbour festival museum league final injury vaccine study "
    "report police city river bridge school budget housing plan vote"
).split()


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    Linux's VmHWM belongs to this program's memory map; `ru_maxrss` would also count the
    parent's peak, inherited through fork and exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_stories(prefix: str, count: int) -> list[Story]:
    """`count` stories like a news feed's: a headline, a two-sentence summary, a date."""
    now = datetime.now(UTC)
    stories = []
    for n in range(count):
        words = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(9)]
        title = f"{prefix} {n}: " + " ".join(words).capitalize()
        summary = (
            f"The {words[0]} and the {words[1]} were discussed on {words[2]} day. "
            f"Officials said the {words[3]} {words[4]} would follow within weeks, "
            f"after the {words[5]} {words[6]} of story {n}."
        )
        url = f"https://news.example/{prefix.lower()}/{n}"
        stories.append(
            Story(
                id=url,
                title=title,
                url=url,
                summary=summary,
                published=now - timedelta(minutes=3 * n),
                author="Staff",
                source="Example News",
                feed_url=f"https://news.example/{prefix.lower()}/feed",
            )
        )
    return stories


def build_service(folder: Path, sections: dict[str, int]) -> NewsService:
    """A service over the cache of `build_cache` in `folder`, nothing written."""
    config_sections = tuple(
        Section(name, (f"https://news.example/{name.lower()}/feed",)) for name in sections
    )
    return NewsService(Config(sections=config_sections), Store(folder / "cache"))


def build_cache(folder: Path, sections: dict[str, int]) -> NewsService:
    """A service over a cache holding `sections` (name -> story count), all fresh."""
    store = Store(folder / "cache")
    now = time.time()
    config_sections = []
    for name, count in sections.items():
        url = f"https://news.example/{name.lower()}/feed"
        stories = make_stories(name, count)
        store.set(feed_key(url), {"stories": [story.to_json() for story in stories]})
        record = FeedRecord(
            title=name,
            count=count,
            fetched_at=now,
            fresh_until=now + 3600,
            last_status="200",
            fetches=1,
        )
        store.set(meta_key(url), record.to_json())
        config_sections.append(Section(name, (url,)))
    return NewsService(Config(sections=tuple(config_sections)), store)


def summary(name: str, times: list[float], bar: float) -> str:
    """One line of figures in ms."""
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    median = statistics.median(ms)
    return (
        f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms "
        f"over {len(ms)} (bar {bar:.0f} ms)"
    )


async def latency(keys: int) -> list[str]:
    """Switch, cursor and filter timings with one section of 10,000 stories."""
    from textual import events

    from tuinews.ui.app import TuinewsApp
    from tuinews.ui.screens.main import MainScreen

    folder = Path(tempfile.mkdtemp())
    service = build_cache(folder, {"Small": 20, "Big": 10_000})
    app = TuinewsApp(service)
    check: list[Callable[[], bool]] = [lambda: False]
    hits: list[float] = []
    cpu_hits: list[float] = []
    cpu: dict[str, list[float]] = {}
    """CPU seconds of the process per key, by figure (less sensitive to a busy machine)."""
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        # Called with each screen update, after the compositor rendered it.
        if renderable is not None and check[0]():
            hits.append(time.perf_counter())
            cpu_hits.append(time.process_time())
        display(screen, renderable)

    app._display = timed_display  # type: ignore[method-assign]
    lines = []
    async with app.run_test(size=(120, 40), headless=True) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        headlines = screen.headlines
        while len(headlines.stories) != 20:
            await asyncio.sleep(0.01)
        await pilot.pause()

        async def press(key: str, character: str, done: Callable[[], bool]) -> float:
            """Seconds from sending the key to the first screen update showing `done`."""
            hits.clear()
            cpu_hits.clear()
            check[0] = done
            cpu_sent = time.process_time()
            event = events.Key(key, character)
            event.set_sender(app)
            sent = time.perf_counter()
            assert app._driver is not None
            app._driver.send_message(event)
            deadline = sent + 10
            while not hits and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            check[0] = lambda: False
            if not hits:
                raise SystemExit(f"no screen update after {key!r}")
            cpu.setdefault(figure[0], []).append(cpu_hits[0] - cpu_sent)
            return hits[0] - sent

        figure = ["warm-up"]

        switches = []
        figure[0] = "switch"
        for _ in range(5):
            switches.append(await press("2", "2", lambda: len(headlines.stories) == 10_000))
            await pilot.pause()
            figure[0] = "warm-up"
            await press("1", "1", lambda: len(headlines.stories) == 20)
            figure[0] = "switch"
            await pilot.pause()
        lines.append(summary("switch to 10,000 stories", switches, 300))
        figure[0] = "warm-up"
        await press("2", "2", lambda: len(headlines.stories) == 10_000)
        await pilot.pause()

        moves = []
        figure[0] = "cursor"
        for n in range(keys):
            key = "j" if n % 4 < 2 else "k"
            target = (headlines.highlighted or 0) + (1 if key == "j" else -1)
            moves.append(await press(key, key, lambda t=target: headlines.highlighted == t))
            await asyncio.sleep(0.005)
        lines.append(summary("cursor move (j/k)", moves, 16))

        figure[0] = "warm-up"
        await press("slash", "/", lambda: screen.filter_input.has_focus)
        await pilot.pause()  # the filter line is laid out before the first keystroke
        await asyncio.sleep(0.1)
        typed = []
        figure[0] = "filter"
        query = "story 12"
        for n, character in enumerate(query):
            key = "space" if character == " " else character
            wanted = " ".join(query[: n + 1].split())

            def filtered(w: str = wanted) -> bool:
                return headlines.filter_text == w

            if wanted == headlines.filter_text:
                # A trailing space changes no filter: type it, untimed.
                value = screen.filter_input.value + character
                await press(key, character, lambda v=value: screen.filter_input.value == v)
                continue
            typed.append(await press(key, character, filtered))
            await asyncio.sleep(0.005)
        for _ in query:
            wanted = " ".join(screen.filter_input.value[:-1].split())
            typed.append(
                await press("backspace", "\x7f", lambda w=wanted: headlines.filter_text == w)
            )
            await asyncio.sleep(0.005)
        lines.append(summary(f"filter keystroke (typing {query!r}, then erasing)", typed, 50))
        await pilot.pause()
    for name in ("switch", "cursor", "filter"):
        times = cpu[name]
        lines.append(
            f"  CPU time of the process per {name} key: median "
            f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"
        )
    return lines


MEMORY_SECTIONS = {f"Section{n}": 1_000 for n in range(10)}


async def memory_child(folder: Path) -> None:
    """Run the whole app over the 10 x 1,000 stories cached in `folder`; print the peak."""
    from tuinews.ui.app import TuinewsApp
    from tuinews.ui.screens.main import MainScreen

    imported = peak_mb()
    service = build_service(folder, MEMORY_SECTIONS)
    app = TuinewsApp(service)
    async with app.run_test(size=(120, 40), headless=True) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        while len(screen.headlines.stories) != 1_000:
            await asyncio.sleep(0.01)
        for _ in range(11):
            await pilot.press("tab")
            await pilot.press("G", "g")
        await pilot.press("slash", "s", "t", "o", "escape", "ctrl+f", "s", "t", "o", "escape")
    print(json.dumps({"peak_mb": peak_mb(), "after_imports_mb": imported}))


def memory() -> str:
    """Peak memory of a fresh process running the app over 10 x 1,000 cached stories."""
    folder = Path(tempfile.mkdtemp())
    build_cache(folder, MEMORY_SECTIONS).store.close()  # written by this process, not the child
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return (
        f"memory, 10 sections x 1,000 stories, every tab visited, filter and search used: "
        f"peak RSS {figures['peak_mb']:.0f} MB (bar 250 MB; "
        f"{figures['after_imports_mb']:.0f} MB after importing tuinews, before the app)"
    )


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--keys", type=int, default=200, help="cursor moves timed")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        asyncio.run(memory_child(args.memory_child))
        return 0
    for line in asyncio.run(latency(args.keys)):
        print(line)
    print(memory())
    return 0


if __name__ == "__main__":
    sys.exit(main())
