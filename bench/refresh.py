"""Refresh of N feeds from slow loopback hosts: `tuinews refresh` beside newsboat.

Usage::

    pip install .            # the benchmark runs the installed `tuinews`
    apt-get install newsboat # optional: without it only tuinews is measured
    python bench/refresh.py [--feeds N] [--latency MS] [--items K] [--runs R]
                            [--hosts H] [--newsboat-threads 1,32] [--profile DIR]
                            [--compare OTHER_TUINEWS]

Serves N feeds (default 100) of K items each (default 20: realistic RSS 2.0 with short
HTML descriptions, unique guids and pubDates, sent uncompressed with an ETag and a
Last-Modified date, and answered with 304 when a conditional request matches) from one
`ThreadingHTTPServer` per loopback address 127.0.0.2, 127.0.0.3, ... (H addresses, default
10, all on one port), so a client's per-host limit really applies. Every request waits
MS milliseconds (default 200) in its handler thread before the answer is written; the
servers speak HTTP/1.1 with keep-alive and Content-Length, with Nagle's algorithm off.

Then, R times (default 3; the table shows medians), in the same run:

- `tuinews --config CFG refresh` cold (empty cache: every answer a 200) and warm (the
  same again at once: every request conditional, every answer a 304). A plain refresh
  fetches every feed, fresh or not; were there a `--force` instead, the warm run would
  use it. CFG has the feeds in sections of 10; HOME and the XDG folders point at a
  temporary directory.
- `newsboat -x reload` on the same feeds, cold (new cache file) and warm, once per
  `reload-threads` setting in `--newsboat-threads` (default 1, newsboat's own default,
  and 32). newsboat stores validators only from its second reload on, so its warm run
  is the third; the second is reported beside the table.

`--compare OTHER_TUINEWS` (say main's install against a branch's) runs the same cold and
warm refresh with that command too, in every run, the two taking turns going first, and
gives it its own row: an A/B in one session, on the same servers.

Wall time is from starting the process to its exit. Requests and bytes are counted by the
servers (status line, headers and body as written to the socket); CPU is the process's
user + system time. For tuinews the servers also say when its first request arrived and
when its last answer was written (medians, seconds from the process start). The figures
are printed as a Markdown table, and the exit status is 1 when any client run failed.

`--profile DIR` then says where tuinews's time goes: the network floor (rounds of
requests the per-host and overall limits allow × latency), the CPU cost of `parse_feed`
on the served feeds (lxml fast path and feedparser), the imports of one cold and one
warm refresh (`python -X importtime`), and one cold and one warm refresh under
pyinstrument (`pip install pyinstrument`): the event loop thread's time by
kind, with sessions and text reports written to DIR.

Only loopback addresses are served and contacted; each client process is killed after a
time limit, and the servers stop when the benchmark ends. Not part of the test run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: Feeds per section of the tuinews config.
FEEDS_PER_SECTION = 10
#: Longest a client process may run before it is killed, in seconds.
PROCESS_TIMEOUT = 600.0

_WORDS = (
    "council budget river bridge minister election market energy prices school teachers "
    "hospital doctors climate storm coast farmers harvest festival museum court ruling "
    "police inquiry airport strike railway union bank rates housing plan city mayor "
    "village football final league coach record science study ocean satellite launch "
    "startup funding exports trade talks summit border water supply museum archive"
).split()


# --------------------------------------------------------------------------- feeds


@dataclass(frozen=True, slots=True)
class Feed:
    """One served feed: its body and validators."""

    body: bytes
    """The RSS document."""
    etag: str
    """Strong ETag, quoted."""
    last_modified: dt.datetime
    """Last-Modified (whole seconds, UTC)."""


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def make_feed(index: int, items: int, base: str, now: dt.datetime) -> Feed:
    """A WordPress-shaped RSS 2.0 category feed.

    Args:
        index: The feed's number; seeds its text, so every run serves the same bytes.
        items: How many items.
        base: The site's root URL (`http://127.0.0.2:PORT`).
        now: The newest item's date.

    Returns:
        The feed with its validators.
    """
    rng = random.Random(index)
    category = f"section-{index}"
    newest = now.replace(microsecond=0) - dt.timedelta(minutes=index)
    entries: list[str] = []
    for number in range(items):
        story = index * 1000 + number
        title = _sentence(rng, 5, 11)
        link = f"{base}/{category}/story-{story}/"
        lead = _sentence(rng, 12, 24)
        more = _sentence(rng, 10, 20)
        description = (
            f"<p><strong>{escape(lead)}.</strong> {escape(more)} &#8230;</p>"
            f'<p>The post <a href="{link}">{escape(title)}</a> appeared first on '
            f"Loopback News {index % 10}.</p>"
        )
        published = newest - dt.timedelta(minutes=37 * number)
        entries.append(
            "<item>"
            f"<title>{escape(title)}</title>"
            f"<link>{link}</link>"
            f"<dc:creator><![CDATA[Desk {rng.randint(1, 9)}]]></dc:creator>"
            f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>"
            f"<category><![CDATA[{category}]]></category>"
            f'<guid isPermaLink="false">{base}/?p={story}</guid>'
            f"<description><![CDATA[{description}]]></description>"
            "</item>\n"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>Loopback News {index % 10} - {category}</title>\n"
        f'<atom:link href="{base}/{category}/feed/" rel="self" type="application/rss+xml"/>\n'
        f"<link>{base}/{category}/</link>\n"
        f"<description>Stories filed under {category}</description>\n"
        f"<lastBuildDate>{format_datetime(newest, usegmt=True)}</lastBuildDate>\n"
        "<language>en-US</language>\n"
        "<generator>https://wordpress.org/?v=6.4.2</generator>\n"
        f"{''.join(entries)}</channel>\n</rss>\n"
    )
    body = text.encode("utf-8")
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    return Feed(body=body, etag=etag, last_modified=newest)


# --------------------------------------------------------------------------- server


@dataclass
class Traffic:
    """What the servers answered: requests and bytes written, by status."""

    requests: Counter[int] = field(default_factory=Counter)
    """Responses by status code."""
    sent: Counter[int] = field(default_factory=Counter)
    """Bytes written (status line, headers, body) by status code."""
    conditional: int = 0
    """Requests that carried If-None-Match or If-Modified-Since."""
    first_request: float | None = None
    """`time.perf_counter()` when the first request was read (before the latency)."""
    last_answer: float | None = None
    """`time.perf_counter()` when the last response had been written."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def arrived(self) -> None:
        """Note a request read (its answer comes after the latency)."""
        now = time.perf_counter()
        with self.lock:
            if self.first_request is None:
                self.first_request = now

    def record(self, status: int, size: int, conditional: bool) -> None:
        """Count one response, written just now."""
        with self.lock:
            self.requests[status] += 1
            self.sent[status] += size
            self.conditional += conditional
            self.last_answer = time.perf_counter()

    def take(self) -> Traffic:
        """Return the counts so far and start again from zero."""
        with self.lock:
            taken = Traffic(
                self.requests, self.sent, self.conditional, self.first_request, self.last_answer
            )
            self.requests, self.sent, self.conditional = Counter(), Counter(), 0
            self.first_request = self.last_answer = None
        return taken

    @property
    def total_requests(self) -> int:
        """All responses."""
        return sum(self.requests.values())

    @property
    def total_bytes(self) -> int:
        """All bytes written."""
        return sum(self.sent.values())


class _Server(ThreadingHTTPServer):
    """A feed server on one address; the handler finds its state here."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], feeds: dict[str, Feed], latency: float, traffic: Traffic
    ) -> None:
        self.feeds = feeds
        self.latency = latency
        self.traffic = traffic
        super().__init__(address, _Handler)


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    tags = (tag.strip().removeprefix("W/") for tag in header.split(","))
    return etag in tags


class _Handler(BaseHTTPRequestHandler):
    """GET/HEAD of a feed after the configured latency, with 304s for conditional requests."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Keep quiet."""

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        """Headers only."""
        self._answer(with_body=False)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        """The feed, or 304, or 404."""
        self._answer(with_body=True)

    def _answer(self, *, with_body: bool) -> None:
        self.server.traffic.arrived()
        time.sleep(self.server.latency)
        feed = self.server.feeds.get(self.path.split("?", 1)[0])
        none_match = self.headers.get("If-None-Match")
        modified_since = self.headers.get("If-Modified-Since")
        headers = {
            "Date": format_datetime(dt.datetime.now(dt.UTC), usegmt=True),
            "Server": "bench-refresh",
        }
        if feed is None:
            status, reason, body = 404, "Not Found", b"no such feed\n"
            headers["Content-Type"] = "text/plain; charset=utf-8"
        elif self._not_modified(feed, none_match, modified_since):
            status, reason, body = 304, "Not Modified", b""
            headers["ETag"] = feed.etag
        else:
            status, reason, body = 200, "OK", feed.body
            headers["Content-Type"] = "application/rss+xml; charset=UTF-8"
            headers["ETag"] = feed.etag
            headers["Last-Modified"] = format_datetime(feed.last_modified, usegmt=True)
        if status != 304:
            headers["Content-Length"] = str(len(body))
        if self.close_connection:
            headers["Connection"] = "close"
        head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items()
        )
        data = head.encode("latin-1") + b"\r\n" + (body if with_body else b"")
        self.wfile.write(data)
        conditional = none_match is not None or modified_since is not None
        self.server.traffic.record(status, len(data), conditional)

    @staticmethod
    def _not_modified(feed: Feed, none_match: str | None, modified_since: str | None) -> bool:
        if none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
            return _etag_matches(none_match, feed.etag)
        if modified_since is not None:
            try:
                since = parsedate_to_datetime(modified_since)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=dt.UTC)
            return feed.last_modified <= since
        return False


@dataclass
class Site:
    """The running servers and the URLs of the feeds they serve."""

    urls: list[str]
    """Every feed URL, in order."""
    bodies: list[bytes]
    """Every feed's document, in the same order."""
    traffic: Traffic
    """Shared counters of all the servers."""
    hosts: list[str]
    """The addresses served."""


def _bind_all(hosts: Sequence[str], latency: float, traffic: Traffic) -> tuple[list[_Server], int]:
    """Bind one server per host, all on one free port."""
    for _ in range(20):
        first = _Server((hosts[0], 0), {}, latency, traffic)
        port = first.server_address[1]
        servers = [first]
        try:
            for host in hosts[1:]:
                servers.append(_Server((host, port), {}, latency, traffic))
        except OSError:
            for server in servers:
                server.server_close()
            continue
        return servers, port
    raise SystemExit("could not bind one port on every loopback address")


@contextmanager
def serve(feeds: int, items: int, latency_ms: float, host_count: int) -> Iterator[Site]:
    """Serve `feeds` feeds round-robin over `host_count` loopback addresses.

    Yields:
        The site; the servers stop when the block ends.
    """
    hosts = [f"127.0.0.{2 + n}" for n in range(host_count)]
    traffic = Traffic()
    tables: dict[str, dict[str, Feed]] = {host: {} for host in hosts}
    servers, port = _bind_all(hosts, latency_ms / 1000, traffic)
    for server, host in zip(servers, hosts, strict=True):
        server.feeds = tables[host]
    now = dt.datetime.now(dt.UTC)
    urls: list[str] = []
    bodies: list[bytes] = []
    for index in range(feeds):
        host = hosts[index % host_count]
        base = f"http://{host}:{port}"
        path = f"/section-{index}/feed/"
        feed = tables[host][path] = make_feed(index, items, base, now)
        urls.append(base + path)
        bodies.append(feed.body)
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for server in servers
    ]
    for thread in threads:
        thread.start()
    try:
        yield Site(urls=urls, bodies=bodies, traffic=traffic, hosts=hosts)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


# --------------------------------------------------------------------------- clients


@dataclass(frozen=True, slots=True)
class Run:
    """One process run: how long it took, how it ended, what it asked for."""

    seconds: float
    """Wall time from start to exit."""
    status: int
    """Exit status."""
    traffic: Traffic
    """What the servers answered during the run."""
    output: str
    """Its stdout and stderr."""
    cpu: float = 0.0
    """User + system CPU seconds of the process (all its threads)."""
    first_request: float | None = None
    """Seconds from the start to the servers reading its first request."""
    last_answer: float | None = None
    """Seconds from the start to the servers writing its last answer."""

    @property
    def tail(self) -> str:
        """The last lines of its output, to show for a failed run."""
        return "\n".join(self.output.strip().splitlines()[-5:])


def _env(home: Path) -> dict[str, str]:
    """An environment whose HOME and XDG folders are under `home`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "TUINEWS_")) and k not in ("COLUMNS", "LINES")
    }
    for name in ("CACHE", "DATA", "CONFIG", "STATE"):
        folder = home / "xdg" / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(folder)
    env["HOME"] = str(home)
    return env


def run_process(command: Sequence[str], env: dict[str, str], traffic: Traffic) -> Run:
    """Run a client to its end (killed after `PROCESS_TIMEOUT`) and count its traffic."""
    traffic.take()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PROCESS_TIMEOUT,
        )
        status, out = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as timeout:
        status, out = -9, f"killed after {PROCESS_TIMEOUT:.0f} s: {timeout}"
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    time.sleep(0.05)  # let handler threads of the last requests record their answer
    taken = traffic.take()
    first = None if taken.first_request is None else taken.first_request - started
    last = None if taken.last_answer is None else taken.last_answer - started
    return Run(seconds, status, taken, out, cpu, first, last)


def tuinews_command() -> str:
    """The installed tuinews next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("tuinews")
    found = str(beside) if beside.exists() else shutil.which("tuinews")
    if not found:
        raise SystemExit("install tuinews first: pip install .")
    return found


def write_tuinews_config(path: Path, urls: Sequence[str], refresh_minutes: int = 15) -> None:
    """A config with the feeds in sections of `FEEDS_PER_SECTION`."""
    lines = ["[settings]", f"refresh_minutes = {refresh_minutes}", ""]
    for start in range(0, len(urls), FEEDS_PER_SECTION):
        chunk = urls[start : start + FEEDS_PER_SECTION]
        lines.append("[[sections]]")
        lines.append(f'name = "Section {start // FEEDS_PER_SECTION + 1}"')
        lines.append("feeds = [" + ", ".join(f'"{url}"' for url in chunk) + "]")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def warm_arguments(command: str) -> list[str] | None:
    """What makes `tuinews refresh` fetch feeds that are still fresh, read from its help.

    Returns:
        `["--force"]` where that option exists; `[]` where a plain refresh already fetches
        every feed (its help offers `--stale-only` instead); None where neither is true.
    """
    done = subprocess.run(
        [command, "refresh", "--help"], capture_output=True, text=True, timeout=60
    )
    if done.returncode != 0:
        raise SystemExit(f"`tuinews refresh` is not there yet:\n{done.stderr.strip()}")
    if "--force" in done.stdout:
        return ["--force"]
    if "--stale-only" in done.stdout:
        return []
    return None


def tuinews_pair(
    command: Sequence[str], urls: Sequence[str], traffic: Traffic, warm: list[str] | None
) -> list[Run]:
    """A cold and a warm `tuinews refresh` on a new profile.

    The warm run adds `warm` (see `warm_arguments`); when that is None, the feeds are
    configured with the shortest `refresh_minutes` (1) and the warm run waits until that
    has passed, so that no feed counts as fresh.
    """
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        home = Path(tmp)
        config = home / "config.toml"
        write_tuinews_config(config, urls, refresh_minutes=15 if warm is not None else 1)
        env = _env(home)
        base = [*command, "--config", str(config), "refresh"]
        cold = run_process(base, env, traffic)
        if warm is None:
            time.sleep(61)
        return [cold, run_process([*base, *(warm or [])], env, traffic)]


def startup_floor(command: str, traffic: Traffic) -> float:
    """Wall time of `tuinews --version`: the interpreter and the command line, no work."""
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        return run_process([command, "--version"], _env(Path(tmp)), traffic).seconds


def stack_floor(command: str) -> float:
    """Seconds from launching an interpreter to its having imported asyncio and httpx.

    The interpreter beside the `tuinews` script (the one it runs on) when there is one;
    the clock stops when the imports are done, before the interpreter's exit. No refresh
    on this stack can send its first request sooner.
    """
    beside = Path(shutil.which(command) or command).parent / "python"
    python = str(beside) if beside.exists() else sys.executable
    code = "import asyncio, httpx, time; print(time.time())"
    started = time.time()
    done = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return float(done.stdout.strip()) - started


def newsboat_runs(threads: int, urls: Sequence[str], traffic: Traffic) -> list[Run]:
    """Cold, second and warm `newsboat -x reload` with `reload-threads` = `threads`.

    newsboat stores a feed's ETag and Last-Modified only once the feed is in its cache
    (its first reload saves the items, not the validators), so its second reload still
    downloads everything and only the third sends conditional requests: that one is
    its warm run.
    """
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        home = Path(tmp)
        (home / "urls").write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
        (home / "config").write_text(f"reload-threads {threads}\n", encoding="utf-8")
        command = [
            "newsboat",
            "-x",
            "reload",
            "-u",
            str(home / "urls"),
            "-c",
            str(home / "cache.db"),
            "-C",
            str(home / "config"),
        ]
        env = _env(home)
        return [run_process(command, env, traffic) for _ in ("cold", "second", "warm")]


def newsboat_version() -> str | None:
    """newsboat's version line, or None when it is not installed."""
    if not shutil.which("newsboat"):
        return None
    done = subprocess.run(["newsboat", "--version"], capture_output=True, text=True, timeout=60)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" - ")[0] if first else "newsboat (unknown version)"


# --------------------------------------------------------------------------- profile


def profile(site: Site, folder: Path, warm: list[str], latency_ms: float) -> None:
    """Say where a tuinews refresh spends its time; reports go to `folder`.

    Prints the network floor (rounds the per-host and overall limits allow × latency),
    the CPU cost of parsing the served feeds in this process (both ways), the imports
    of a cold and a warm refresh (`-X importtime`), and the main thread's time by kind
    under pyinstrument (which samples the event loop's thread only; `tuinews refresh`
    parses there too, feeds over 256 KiB aside).
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        from tuinews.core.feeds import parse_feed
        from tuinews.core.net import MAX_CONNECTIONS, MAX_PER_HOST
    except ImportError as error:
        print(f"cannot import tuinews here ({error}): no profile")
        return
    rounds = network_rounds(site.urls, MAX_PER_HOST, MAX_CONNECTIONS)
    print(
        f"network floor: {len(site.urls)} requests, at most {MAX_PER_HOST} per host and "
        f"{MAX_CONNECTIONS} in all at once = {rounds} round(s) × {latency_ms:g} ms = "
        f"{rounds * latency_ms / 1000:.2f} s"
    )
    for fast, how in ((True, "lxml fast path"), (False, "feedparser")):
        started, cpu = time.perf_counter(), time.process_time()
        for url, body in zip(site.urls, site.bodies, strict=True):
            parse_feed(body, url, "application/rss+xml", fast=fast)
        print(
            f"parse_feed of the {len(site.urls)} feeds, one thread, {how}: "
            f"{time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU"
        )
    for kind in ("importtime", "pyinstrument"):
        with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
            home = Path(tmp)
            config = home / "config.toml"
            write_tuinews_config(config, site.urls)
            env = _env(home)
            for phase, extra in (("cold", []), ("warm", warm)):
                args = ["-m", "tuinews", "--config", str(config), "refresh", *extra]
                session = folder / f"{phase}.pyisession"
                if kind == "importtime":
                    cmd = [sys.executable, "-X", "importtime", *args]
                else:
                    cmd = [sys.executable, "-m", "pyinstrument", "-r", "pyisession"]
                    cmd += ["-o", str(session), *args]
                run = run_process(cmd, env, site.traffic)
                if run.status != 0:
                    print(f"{kind} {phase}: exited {run.status}\n{run.tail}")
                    return
                if kind == "importtime":
                    _report_imports(phase, run, folder)
                else:
                    _report_session(phase, run, session, folder)


def network_rounds(urls: Sequence[str], per_host: int, overall: int) -> int:
    """Rounds of requests needed when every request takes the same time.

    Each round starts as many waiting requests as both limits allow (at most `per_host`
    to one host, `overall` in all), taking from the hosts with the most left first.
    """
    left = Counter(url.split("/")[2] for url in urls)
    rounds = 0
    while sum(left.values()):
        budget = overall
        for host, count in left.most_common():
            take = min(count, per_host, budget)
            left[host] -= take
            budget -= take
        rounds += 1
    return rounds


def _report_imports(phase: str, run: Run, folder: Path) -> None:
    """Summarise `-X importtime` output (stderr) and keep it in `folder`."""
    (folder / f"importtime-{phase}.txt").write_text(run.output, encoding="utf-8")
    top = _top_level_imports(run.output)
    total = sum(top.values())
    heavy = ", ".join(f"{name} {ms:.0f}" for name, ms in top.most_common(8))
    print(
        f"imports, {phase} (-X importtime, which slows the run): "
        f"{total / 1000:.2f} s of a {run.seconds:.2f} s run; ms: {heavy}"
    )


#: Frames of these packages are shown in the text report; other libraries are folded.
_SHOWN_IN_PROFILE = r".*/(tuinews|httpx|httpcore|diskcache|feedparser)/.*"


def _report_session(phase: str, run: Run, session: Path, folder: Path) -> None:
    """Render a pyinstrument session to text and print the main thread's time by kind."""
    try:
        from pyinstrument.renderers import ConsoleRenderer
        from pyinstrument.session import Session
    except ImportError:
        print("pyinstrument is not installed: pip install pyinstrument")
        return
    loaded = Session.load(str(session))
    options = {"show_regex": _SHOWN_IN_PROFILE, "filter_threshold": 0.01}
    text = ConsoleRenderer(unicode=True, processor_options=options).render(loaded)
    (folder / f"pyinstrument-{phase}.txt").write_text(text, encoding="utf-8")
    root = loaded.root_frame()
    if root is None:
        return
    kinds: Counter[str] = Counter()
    pending: list[tuple[Any, tuple[Any, ...]]] = [(root, ())]
    while pending:
        frame, parents = pending.pop()
        stack = (*parents, frame)
        own = frame.time - sum(child.time for child in frame.children)
        if own > 0:
            kinds[_kind(stack)] += own
        pending.extend((child, stack) for child in frame.children)
    total = sum(kinds.values()) or 1.0
    shares = ", ".join(f"{kind} {sec:.2f} s" for kind, sec in kinds.most_common())
    print(
        f"main thread, {phase} (pyinstrument, {run.seconds:.2f} s run, "
        f"CPU {loaded.cpu_time:.2f} s): {shares} (of {total:.2f} s sampled)"
    )


def _kind(stack: Sequence[Any]) -> str:
    """What a sampled stack was doing, for `_report_session`."""
    files = [frame.file_path or "" for frame in stack]
    functions = [frame.function or "" for frame in stack]
    leaf = next(frame for frame in reversed(stack) if frame.function != "[self]")
    if "_find_and_load" in functions:
        return "imports"
    if leaf.function in ("epoll.poll", "EpollSelector.select", "select.select"):
        return "idle in the event loop"
    for marker, kind in (
        ("/feedparser/", "parsing"),
        ("tuinews/core/feeds.py", "parsing"),
        ("/diskcache/", "cache"),
        ("tuinews/core/cache.py", "cache"),
        ("tuinews/core/net.py", "HTTP client"),
        ("/httpcore/", "HTTP client"),
        ("/httpx/", "HTTP client"),
        ("/anyio/", "HTTP client"),
        ("/h11/", "HTTP client"),
        ("/rich/", "rich output"),
        ("/asyncio/", "asyncio"),
    ):
        if any(marker in path for path in files):
            return kind
    return "other"


def _top_level_imports(stderr: str) -> Counter[str]:
    """Cumulative import time (whole ms) of each top-level import in `-X importtime` output."""
    top: Counter[str] = Counter()
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+-?\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(2):
            top[match.group(3)] += int(match.group(1)) // 1000
    return top


# --------------------------------------------------------------------------- report


def _own_seconds(output: str) -> float | None:
    """The seconds in tuinews's summary line ("100 feeds in 0.6 s: ..."), if any."""
    found = re.findall(r"\d+ feeds in ([\d.]+) s", output)
    return float(found[-1]) if found else None


def _timeline(pairs: Sequence[Sequence[Run]]) -> str:
    """Medians of when tuinews's first request and last answer were on the servers."""
    parts = []
    for name, index in (("cold", 0), ("warm", -1)):
        runs = [pair[index] for pair in pairs]
        firsts = [run.first_request for run in runs if run.first_request is not None]
        lasts = [run.last_answer for run in runs if run.last_answer is not None]
        if not firsts or not lasts:
            return "tuinews's timeline: no request reached the servers"
        parts.append(
            f"{name}: first request read {statistics.median(firsts):.2f} s after the start, "
            f"last answer written at {statistics.median(lasts):.2f} s, exit at "
            f"{statistics.median(run.seconds for run in runs):.2f} s"
        )
    return "tuinews's timeline, seen from the servers (medians); " + "; ".join(parts)


def _kib(size: float) -> str:
    return f"{size / 1024:,.0f} KiB" if size >= 10 * 1024 else f"{size / 1024:.1f} KiB"


def _requests(traffic: Traffic) -> str:
    parts = [f"{count}×{status}" for status, count in sorted(traffic.requests.items())]
    return " + ".join(parts) or "0"


def _median_run(runs: Sequence[Run]) -> Run:
    """The run with the median wall time (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda run: run.seconds)
    return ordered[(len(ordered) - 1) // 2]


def table(results: dict[str, list[list[Run]]], reference: str) -> list[str]:
    """Markdown rows: one per tool/setting, medians over the runs.

    Each entry of `results` is a list of rounds; a round is the tool's runs in order,
    the first cold and the last warm.
    """
    rows = [
        "| tool / setting | cold s | warm s | CPU s cold / warm | requests cold | requests warm "
        "| bytes cold | bytes warm (% of cold) | exit cold/warm | tuinews ÷ this, cold / warm |",
        "|---|---:|---:|---:|---|---|---:|---:|---|---:|",
    ]
    medians = {
        name: (
            statistics.median(pair[0].seconds for pair in pairs),
            statistics.median(pair[-1].seconds for pair in pairs),
        )
        for name, pairs in results.items()
    }
    ref_cold, ref_warm = medians[reference]
    for name, pairs in results.items():
        cold_s, warm_s = medians[name]
        cold = _median_run([pair[0] for pair in pairs])
        warm = _median_run([pair[-1] for pair in pairs])
        share = (
            100 * warm.traffic.total_bytes / cold.traffic.total_bytes
            if cold.traffic.total_bytes
            else 0
        )
        statuses = {(pair[0].status, pair[-1].status) for pair in pairs}
        exits = ", ".join(f"{c}/{w}" for c, w in sorted(statuses))
        rows.append(
            f"| {name} | {cold_s:.2f} | {warm_s:.2f} "
            f"| {statistics.median(p[0].cpu for p in pairs):.2f} / "
            f"{statistics.median(p[-1].cpu for p in pairs):.2f} | {_requests(cold.traffic)} "
            f"| {_requests(warm.traffic)} ({warm.traffic.conditional} conditional) "
            f"| {_kib(cold.traffic.total_bytes)} | {_kib(warm.traffic.total_bytes)} "
            f"({share:.1f}%) | {exits} | {ref_cold / cold_s:.2f} / {ref_warm / warm_s:.2f} |"
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--feeds", type=int, default=100, metavar="N", help="feeds served")
    parser.add_argument(
        "--latency", type=float, default=200, metavar="MS", help="ms before each answer"
    )
    parser.add_argument("--items", type=int, default=20, metavar="K", help="items per feed")
    parser.add_argument(
        "--runs", type=int, default=3, metavar="R", help="rounds of every tool; medians shown"
    )
    parser.add_argument(
        "--hosts", type=int, default=10, metavar="H", help="loopback addresses (≤ 200)"
    )
    parser.add_argument(
        "--newsboat-threads",
        default="1,32",
        metavar="LIST",
        help="newsboat reload-threads settings, comma-separated; empty to skip newsboat",
    )
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="also say where tuinews spends its time"
    )
    parser.add_argument(
        "--compare",
        metavar="TUINEWS",
        help="another tuinews command (A/B): each run refreshes with both, taking turns",
    )
    args = parser.parse_args(argv)
    if not (1 <= args.hosts <= 200 and args.feeds >= 1 and args.runs >= 1 and args.items >= 1):
        parser.error("need 1 ≤ hosts ≤ 200 and at least one feed, item and run")
    if not 0 <= args.latency <= 10_000:
        parser.error("latency must be within 0–10000 ms")

    command = tuinews_command()
    warm = warm_arguments(command)
    if warm is None:
        print("`tuinews refresh` cannot skip freshness: each warm run waits 61 s first")
    other = f"tuinews refresh ({args.compare})" if args.compare else ""
    if args.compare and warm_arguments(args.compare) != warm:
        parser.error("--compare: that tuinews is asked for a warm run differently")
    threads = [int(t) for t in args.newsboat_threads.split(",") if t.strip()]
    version = newsboat_version() if threads else None
    if threads and version is None:
        print("newsboat is not installed (apt-get install newsboat): measuring tuinews only")
        threads = []

    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    results: dict[str, list[list[Run]]] = {"tuinews refresh": []}
    if other:
        results[other] = []
    results.update({f"newsboat, reload-threads {n}": [] for n in threads})
    floor: list[float] = []
    stack: list[float] = []
    with serve(args.feeds, args.items, args.latency, args.hosts) as site:
        print(
            f"{args.feeds} feeds × {args.items} items on {len(site.hosts)} hosts "
            f"({site.hosts[0]}–{site.hosts[-1]}), {args.latency:g} ms per request, "
            f"{args.runs} runs; {when}; {version or 'no newsboat'}; "
            f"load average {_load()} at the start",
            flush=True,
        )
        for number in range(1, args.runs + 1):
            floor.append(startup_floor(command, site.traffic))
            stack.append(stack_floor(command))
            # With --compare, the two take turns going first.
            tools = [("tuinews refresh", command)]
            if args.compare:
                tools.append((other, args.compare))
                if number % 2 == 0:
                    tools.reverse()
            parts = []
            for name, which in tools:
                pair = tuinews_pair([which], site.urls, site.traffic, warm)
                results[name].append(pair)
                label = "" if name == "tuinews refresh" else f" ({which})"
                parts.append(f"tuinews{label} {pair[0].seconds:.2f} / {pair[1].seconds:.2f} s")
            for n in threads:
                runs = newsboat_runs(n, site.urls, site.traffic)
                results[f"newsboat, reload-threads {n}"].append(runs)
                times = " / ".join(f"{one.seconds:.2f}" for one in runs)
                parts.append(f"newsboat×{n} {times} s")
            print(f"run {number}: " + "; ".join(parts), flush=True)
        failed = [
            (name, run)
            for name, pairs in results.items()
            for pair in pairs
            for run in pair
            if run.status != 0
        ]
        for name, run in failed[:3]:
            print(f"\n{name} exited {run.status}:\n{run.tail}")
        print()
        print("\n".join(table(results, "tuinews refresh")))
        for name, rounds in results.items():
            if len(rounds[0]) == 3:
                second = _median_run([one[1] for one in rounds])
                print(
                    f"\n{name}: its 2nd reload (validators not stored yet) took "
                    f"{statistics.median(one[1].seconds for one in rounds):.2f} s, "
                    f"{_requests(second.traffic)}, {_kib(second.traffic.total_bytes)}; "
                    "warm is its 3rd reload"
                )
        print(
            f"\ntuinews --version (interpreter + CLI start-up, no refresh): "
            f"median {statistics.median(floor):.2f} s"
        )
        try:
            from tuinews.core.net import MAX_CONNECTIONS, MAX_PER_HOST
        except ImportError:
            pass
        else:
            rounds = network_rounds(site.urls, MAX_PER_HOST, MAX_CONNECTIONS)
            network = rounds * args.latency / 1000
            print(
                f"network floor at tuinews's limits ({MAX_PER_HOST} per host, "
                f"{MAX_CONNECTIONS} in all): {rounds} round(s) × {args.latency:g} ms = "
                f"{network:.2f} s"
            )
            print(
                f"an interpreter importing asyncio and httpx, nothing else: done "
                f"after a median {statistics.median(stack):.2f} s; with the "
                f"network floor, no refresh on this stack ends before "
                f"{statistics.median(stack) + network:.2f} s"
            )
        print(_timeline(results["tuinews refresh"]))
        if other:
            print(f"{other}: {_timeline(results[other])}")
        inside = [
            [_own_seconds(one.output) for one in (pair[0], pair[-1])]
            for pair in results["tuinews refresh"]
        ]
        if all(c is not None and w is not None for c, w in inside):
            cold_in = statistics.median(c for c, _ in inside if c is not None)
            warm_in = statistics.median(w for _, w in inside if w is not None)
            print(
                f"tuinews's own summary line (refresh inside the process): "
                f"cold {cold_in:.1f} s, warm {warm_in:.1f} s"
            )
        print(f"load average {_load()} at the end")
        if args.profile:
            print()
            profile(site, args.profile, warm or [], args.latency)
    return 1 if failed else 0


def _load() -> str:
    """The 1-minute load average (other work on the machine skews every figure)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
