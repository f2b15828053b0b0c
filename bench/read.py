"""Key press to article painted: a cached article, and one fetched from a slow loopback server.

Usage::

    python bench/read.py [--latency MS] [--stories N]

Serves, on 127.0.0.1 with MS milliseconds (default 50) before every answer, one RSS
feed whose items link to 63 real-looking article pages: the demo site's 40 stories and
the 23 pages of the article set (tests/fixtures/articles). The real app runs under
Textual's Pilot at 120x40 over a NewsService with a disk cache in a temporary folder.

- Cached: every article is fetched and extracted once beforehand; then, for N stories
  (default 50), the time from pressing `enter` on the headline until the reader shows
  the article (its `article` is set, the body is no longer loading) and the screen is
  idle (a `call_after_refresh` has run), then `escape` back to the list. Also the time
  until the first frame that shows the article: the end of the first layout-and-paint
  after the article is in (the screen's `screen_layout_refresh_signal`); Textual lays
  out and paints once more after any widget changed size, and the idle time includes
  that frame. And the process's CPU time from the key to that frame (every thread:
  the worker's extraction too), which the other work on a shared machine disturbs less
  than the wall clock.
- Uncached: the cache is cleared and the same is done for N stories: each open fetches
  the page (one request, MS ms) and extracts it in a worker thread. One open before the
  timed ones pays the one-time import of lxml and trafilatura; it is reported apart.

Prints median, p90 and max of each, with the targets of issue 9: cached ≤ 50 ms median,
uncached ≤ latency + 60 ms. Also prints the longest gap between two event-loop ticks
while the uncached articles load (extraction must not block the loop). Not part of the
test run.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, tuple[str, bytes]]
    latency: float


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Keep quiet."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        """A page or the feed, after the latency."""
        time.sleep(self.server.latency)
        found = self.server.pages.get(self.path)
        status, (content_type, body) = (200, found) if found else (404, ("text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(latency_ms: float) -> Iterator[tuple[str, list[str]]]:
    """Serve the feed and the pages; yields the feed URL and the page URLs."""
    from tuinews.demo.site import DemoSite

    server = _Server(("127.0.0.1", 0), _Handler)
    server.latency = latency_ms / 1000
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = DemoSite(base)
    pages: dict[str, tuple[str, bytes]] = {}
    seen: set[str] = set()
    for section in site.sections:
        for story in site.section_stories(section.slug):
            if story.url in seen:
                continue
            seen.add(story.url)
            path = story.url.removeprefix(base)
            status, content_type, body = site.render(path)
            if status == 200:
                pages[path] = (content_type, body)
    for page in sorted(ARTICLES.glob("*.html")):
        pages[f"/set/{page.stem}/"] = ("text/html", page.read_bytes())
    urls = [base + path for path in pages]
    items = "".join(
        f"<item><title>Story {n}: {html.escape(url.rsplit('/', 2)[-2])}</title>"
        f"<link>{html.escape(url)}</link><guid>{html.escape(url)}</guid>"
        f"<description>Page {n}.</description></item>"
        for n, url in enumerate(urls)
    )
    feed = f'<rss version="2.0"><channel><title>Read bench</title>{items}</channel></rss>'
    pages["/feed/"] = ("application/rss+xml", feed.encode())
    server.pages = pages
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/feed/", urls
    finally:
        server.shutdown()
        server.server_close()


async def measure(feed_url: str, count: int) -> dict[str, list[float]]:
    """Open `count` stories cached, then uncached, in the real app under Pilot."""
    from tuinews.core.cache import Store
    from tuinews.core.config import Config, Settings
    from tuinews.core.models import Section
    from tuinews.core.service import NewsService
    from tuinews.ui.app import TuinewsApp
    from tuinews.ui.screens.main import MainScreen
    from tuinews.ui.screens.reader import ReaderScreen
    from tuinews.ui.widgets.headlines import HeadlineList

    results: dict[str, list[float]] = {
        "cached": [],
        "uncached": [],
        "first": [],
        "gap": [],
        "cached-frame": [],
        "uncached-frame": [],
        "cached-cpu": [],
        "uncached-cpu": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-read-") as tmp:
        section = Section("Read bench", (feed_url,))
        config = Config(sections=(section,), settings=Settings())
        service = NewsService(config, Store(Path(tmp) / "cache"))
        update = await service.refresh_section(section, force=True)
        stories = update.stories
        if len(stories) < count + 1:
            raise SystemExit(f"only {len(stories)} stories served; asked for {count} + 1")
        for story in stories:  # fill the article cache
            await service.article(story)
        app = TuinewsApp(service)
        async with app.run_test(size=(120, 40)) as pilot:
            deadline = time.monotonic() + 30
            while not app.screen.query_one("#headlines", HeadlineList).stories:
                if time.monotonic() > deadline:
                    raise SystemExit("no headlines")
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            listed = app.screen.query_one("#headlines", HeadlineList).stories

            async def refreshed() -> None:
                # Resolves once the screen has been refreshed (painted) after this point.
                done = asyncio.get_running_loop().create_future()
                app.screen.call_after_refresh(lambda: done.done() or done.set_result(None))
                await done

            # The end of the first layout-and-paint that shows the article: Textual
            # publishes the screen's layout-refresh signal right after it painted.
            frame: list[float | None] = [None]
            # The process's CPU time at that frame: less sensitive than the wall clock
            # to the other work on a shared machine (it counts every thread: extraction).
            frame_cpu: list[float | None] = [None]
            subscribed: set[int] = set()

            def shown(screen: object) -> bool:
                if not isinstance(screen, ReaderScreen) or screen.article is None:
                    return False
                body = screen.query_one("#body")
                # `waiting` on the one-widget body; `loading` on Textual's Markdown (the
                # body before it), so the same bench measures older commits too.
                return not getattr(body, "waiting", False) and not body.loading

            def painted(screen: object) -> None:
                if frame[0] is None and shown(screen):
                    frame[0] = time.perf_counter()
                    frame_cpu[0] = time.process_time()

            async def open_story(index: int) -> tuple[float, float, float]:
                headlines = app.screen.query_one("#headlines", HeadlineList)
                headlines.highlighted = index
                await app.workers.wait_for_complete()
                await refreshed()
                frame[0] = None
                frame_cpu[0] = None
                started_cpu = time.process_time()
                started = time.perf_counter()
                # Not pilot.press: it waits until the process's CPU time stops moving,
                # up to a second per key, which would be measured too.
                app.simulate_key("enter")
                screen = app.screen
                end = time.monotonic() + 30
                while not shown(screen):
                    if time.monotonic() > end:
                        raise SystemExit(f"story {index} never showed")
                    if isinstance(screen, ReaderScreen) and id(screen) not in subscribed:
                        subscribed.add(id(screen))
                        screen.screen_layout_refresh_signal.subscribe(
                            screen, painted, immediate=True
                        )
                    await asyncio.sleep(0.0005)
                    screen = app.screen
                await refreshed()
                elapsed = time.perf_counter() - started
                first_frame = (frame[0] or time.perf_counter()) - started
                cpu = (frame_cpu[0] or time.process_time()) - started_cpu
                app.simulate_key("escape")
                while not isinstance(app.screen, MainScreen):
                    await asyncio.sleep(0.001)
                return elapsed, min(first_frame, elapsed), cpu

            await open_story(0)  # warm: the reader screen, its imports
            for index in range(1, count + 1):
                idle, painted_at, cpu = await open_story(index)
                results["cached"].append(idle)
                results["cached-frame"].append(painted_at)
                results["cached-cpu"].append(cpu)
            service.store.clear()
            results["first"].append((await open_story(0))[0])  # lxml + trafilatura imports
            service.store.clear()
            ticks: list[float] = []
            ticking = True

            async def tick() -> None:
                while ticking:
                    ticks.append(time.perf_counter())
                    await asyncio.sleep(0.001)

            ticker = asyncio.create_task(tick())
            for index in range(1, count + 1):
                idle, painted_at, cpu = await open_story(index)
                results["uncached"].append(idle)
                results["uncached-frame"].append(painted_at)
                results["uncached-cpu"].append(cpu)
            ticking = False
            await ticker
            gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
            results["gap"].append(max(gaps, default=0.0))
            assert len(listed) >= count + 1
    return results


def _row(name: str, values: list[float], target: str) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (
        f"| {name} | {len(values)} | {statistics.median(values) * 1000:.0f} | "
        f"{p90 * 1000:.0f} | {max(values) * 1000:.0f} | {target} |"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--latency", type=float, default=50, help="ms before each answer")
    parser.add_argument("--stories", type=int, default=50, help="stories opened each way")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-read-home-") as home:
        for name in ("CACHE", "DATA", "CONFIG"):
            os.environ[f"XDG_{name}_HOME"] = f"{home}/{name.lower()}"
        os.environ.pop("TUINEWS_CONFIG", None)
        before = os.getloadavg()
        with serve(args.latency) as (feed_url, urls):
            print(
                f"{len(urls)} article pages on 127.0.0.1, {args.latency:g} ms per request; "
                f"Pilot 120x40; load average before: {before[0]:.2f}",
                flush=True,
            )
            results = asyncio.run(measure(feed_url, args.stories))
    print()
    print("| key press → article painted | opens | median ms | p90 ms | max ms | target |")
    print("|---|---:|---:|---:|---:|---|")
    print(_row("cached article", results["cached"], "≤ 50 ms median"))
    print(
        _row(
            f"uncached, {args.latency:g} ms server",
            results["uncached"],
            f"≤ {args.latency + 60:g} ms median",
        )
    )
    print(_row("first uncached (imports lxml, trafilatura)", results["first"], "–"))
    print(_row("cached: first frame with the article", results["cached-frame"], "–"))
    print(_row("uncached: first frame with the article", results["uncached-frame"], "–"))
    print(_row("cached: CPU time to the first frame", results["cached-cpu"], "–"))
    print(_row("uncached: CPU time to the first frame", results["uncached-cpu"], "–"))
    print(
        f"\nlongest event-loop gap while uncached articles loaded: "
        f"{results['gap'][0] * 1000:.0f} ms; load average after: {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
