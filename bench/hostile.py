"""Time and peak memory of tuinews on the hostile inputs with figures to reach (issue 7).

Usage::

    python bench/hostile.py [CASE ...]

Each case runs in a fresh Python process (so its peak RSS is its own) and prints the
seconds it took and how much its peak resident memory grew over the process's peak
before the case started (input already built, modules already imported). Cases:

- a7: billion laughs, 10 levels x 10, through `parse_feed` (bar: < 2 s, < 100 MB).
- a8: one 40 KB entity referenced 5,000 times (same bar).
- a10: 100,000 minimal items (8.5 MB, under the 10 MiB fetch cap) through `parse_feed`
  with the real cap of 10,000 kept (bar: < 500 MB).
- a10-rich: 100,000 items with links, dates and HTML descriptions (20.8 MB; above the
  fetch cap, so only reachable from a file), `parse_feed` directly.
- a10-keys: the app (Textual, headless) refreshing that 100,000-item feed from a loopback
  server while a key is sent every 100 ms, as the terminal driver sends it; the latency
  of each key until its effect shows, and the longest the event loop was blocked (bar:
  keys answered within 1 s).
- a15, a16: a 5 MB title with 10,000 categories; 100,000 nested elements.
- c1: a gzip body of 512 MiB of zeros; c2: 1 GiB gzip-compressed twice, both from a
  loopback server through `NewsClient` (bar: peak < 2 x 10 MiB + 64 MB).
Not part of the test run.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

URL = "https://feeds.example/feed"


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss(items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return f'{head}<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def minimal_items(count: int) -> str:
    return "".join(
        f"<item><title>Story {n}</title><link>https://feeds.example/{n}</link>"
        f"<guid>g{n}</guid></item>"
        for n in range(count)
    )


def rich_items(count: int) -> str:
    return "".join(
        f"<item><title>Story {n}</title><link>https://feeds.example/s/{n}</link>"
        f"<guid>g{n}</guid><pubDate>Thu, 26 Nov 2026 09:30:00 +0000</pubDate>"
        f"<description>&lt;p&gt;About story {n}.&lt;/p&gt;</description></item>"
        for n in range(count)
    )


def parse_case(body: bytes) -> Callable[[], str]:
    from tuinews.core.feeds import parse_feed

    def run() -> str:
        parsed = parse_feed(body, URL)
        return f"{len(parsed.stories)} stories, {parsed.dropped} not kept, error {parsed.error!r}"

    return run


def case_a7() -> Callable[[], str]:
    levels = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    head = '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(levels) + "]>"
    return parse_case(rss("<item><title>&l9;</title><guid>1</guid></item>", head))


def case_a8() -> Callable[[], str]:
    head = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "' + "A" * 40_000 + '">]>'
    return parse_case(rss("<item><title>" + "&big;" * 5000 + "</title></item>", head))


def case_a10() -> Callable[[], str]:
    return parse_case(rss(minimal_items(100_000)))


def case_a10_rich() -> Callable[[], str]:
    return parse_case(rss(rich_items(100_000)))


def case_a15() -> Callable[[], str]:
    categories = "".join(f"<category>c{n}</category>" for n in range(10_000))
    return parse_case(rss(f"<item><title>{'x' * 5_000_000}</title>{categories}</item>"))


def case_a16() -> Callable[[], str]:
    deep = "<x>" * 100_000 + "</x>" * 100_000
    return parse_case(rss(f"<item><title>a</title></item>{deep}<item><title>b</title></item>"))


def fetch_case(layers: int, size: int) -> Callable[[], str]:
    from tests.faultserver import FaultServer, Reply, gzip_zeros
    from tuinews.core.net import NewsClient

    server = FaultServer().start()
    url = server.route(
        "/bomb",
        Reply(
            chunks=lambda: gzip_zeros(size, layers=layers),
            headers={"Content-Encoding": ", ".join(["gzip"] * layers)},
        ),
    )

    def run() -> str:
        async def go() -> str:
            client = NewsClient()
            try:
                await client.fetch(url)
                return "fetched (unexpected)"
            except NewsClient.Error as error:
                return f"refused: {error}"
            finally:
                await client.aclose()

        try:
            return asyncio.run(go())
        finally:
            server.stop()

    return run


def case_a10_keys() -> Callable[[], str]:
    from textual import events

    from tests.faultserver import FaultServer, Reply
    from tuinews.core.cache import Store
    from tuinews.core.config import Config
    from tuinews.core.models import Section
    from tuinews.core.service import NewsService
    from tuinews.ui.app import TuinewsApp
    from tuinews.ui.screens.main import MainScreen

    server = FaultServer().start()
    small = server.route("/small", Reply(body=rss(minimal_items(5))))
    big = server.route("/big", Reply(body=rss(minimal_items(100_000))))
    folder = Path(tempfile.mkdtemp())

    async def go() -> str:
        config = Config(sections=(Section("Small", (small,)), Section("Big", (big,))))
        service = NewsService(config, Store(folder / "cache"))
        app = TuinewsApp(service)
        latencies: list[float] = []
        stalls: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            while len(screen.headlines.stories) != 5:
                await asyncio.sleep(0.01)
            refresh = [w for w in app.workers if w.group == "refresh"]
            started = time.perf_counter()
            last = time.perf_counter()

            async def ticker() -> None:
                nonlocal last
                while True:
                    await asyncio.sleep(0.01)
                    now = time.perf_counter()
                    stalls.append(now - last)
                    last = now

            ticking = asyncio.ensure_future(ticker())
            keys = ("j", "k")
            n = 0
            while any(w.is_running for w in refresh):
                key = keys[n % 2]
                target = 1 if key == "j" else 0
                event = events.Key(key, key)
                event.set_sender(app)
                sent = time.perf_counter()
                assert app._driver is not None
                app._driver.send_message(event)
                while screen.headlines.highlighted != target:
                    await asyncio.sleep(0.002)
                latencies.append(time.perf_counter() - sent)
                n += 1
                await asyncio.sleep(0.1)
            refreshed = time.perf_counter() - started
            ticking.cancel()
            await pilot.pause()
        server.stop()
        return (
            f"refresh {refreshed:.1f} s; {len(latencies)} keys during it: median "
            f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms;"
            f" longest event-loop stall {max(stalls) * 1000:.0f} ms"
        )

    return lambda: asyncio.run(go())


CASES: dict[str, Callable[[], Callable[[], str]]] = {
    "a7": case_a7,
    "a8": case_a8,
    "a10": case_a10,
    "a10-rich": case_a10_rich,
    "a10-keys": case_a10_keys,
    "a15": case_a15,
    "a16": case_a16,
    "c1": lambda: fetch_case(1, 512 * 1024 * 1024),
    "c2": lambda: fetch_case(2, 1024 * 1024 * 1024),
}


def run_one(name: str) -> None:
    """Build the input, then time the case; print one JSON line."""
    run = CASES[name]()
    before = peak_mb()
    started = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"case": name, "seconds": seconds, "extra_mb": peak_mb() - before, "outcome": outcome}
        )
    )


def main() -> None:
    names = sys.argv[1:] or list(CASES)
    if len(names) == 2 and names[0] == "--one":
        run_one(names[1])
        return
    print(f"{'case':<9} {'seconds':>8} {'peak +MB':>9}  outcome")
    for name in names:
        result = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        )
        row = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"{name:<9} {row['seconds']:>8.2f} {row['extra_mb']:>9.1f}  {row['outcome']}")


if __name__ == "__main__":
    main()
