"""Time from launching `tuinews --demo` in tmux (120x40) to headlines on screen.

Usage::

    python bench/startup.py [-n RUNS]

Runs the installed `tuinews` (what a user runs) in a private tmux server, polls
`capture-pane` until the newest demo headline is painted, and prints the median and the
spread over RUNS launches. The demo has no cache of its own, so this includes starting
the demo server and fetching its five feeds over 127.0.0.1. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tuinews.demo.site import DemoSite


def tuinews_command() -> str:
    """The installed tuinews next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("tuinews")
    found = str(beside) if beside.exists() else shutil.which("tuinews")
    if not found:
        raise SystemExit("install tuinews first: pip install .")
    return found


def one_run(command: str, needle: str) -> float:
    """Seconds from launch to `needle` on screen."""
    socket = f"tuinews-bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(XDG_CACHE_HOME=f"{home}/cache", XDG_CONFIG_HOME=f"{home}/config")
        tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
        started = time.perf_counter()
        subprocess.run(
            [
                *tmux,
                "new-session",
                "-d",
                "-s",
                "main",
                "-x",
                "120",
                "-y",
                "40",
                f"{command} --demo",
            ],
            env=env,
            check=True,
        )
        try:
            deadline = started + 30
            while time.perf_counter() < deadline:
                screen = subprocess.run(
                    [*tmux, "capture-pane", "-p", "-t", "main"],
                    env=env,
                    capture_output=True,
                    text=True,
                ).stdout
                if needle in screen:
                    return time.perf_counter() - started
                time.sleep(0.005)
            raise SystemExit("headlines never appeared")
        finally:
            subprocess.run([*tmux, "kill-server"], env=env, capture_output=True)


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=10)
    args = parser.parse_args()
    site = DemoSite("http://127.0.0.1:1")
    newest = site.section_stories(site.sections[0].slug)[0].title[:40]
    command = tuinews_command()
    one_run(command, newest)  # warm the OS file cache
    times = [one_run(command, newest) for _ in range(args.runs)]
    print(f"tuinews --demo, launch to first headlines (tmux 120x40, {args.runs} runs):")
    print(
        f"  median {statistics.median(times) * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
