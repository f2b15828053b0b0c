"""Launch to first headlines in tmux 120x40: tuinews beside newsboat and a one-line Textual app.

Usage::

    pip install .            # the benchmark runs the installed `tuinews`
    apt-get install newsboat # optional: without it only tuinews and Textual are measured
    python bench/startup.py [-n RUNS] [--feeds N] [--items K] [--headless] [--no-compile]

Serves N feeds (default 100) of K items (default 20) from the loopback server of
bench/refresh.py, fills a tuinews cache (`tuinews refresh`, the feeds in sections of 10)
and a newsboat cache.db (`newsboat -x reload`) from it, and stops the server. Then, RUNS
times (default 10) in interleaved rounds, it launches in a private tmux server at 120x40
and times until the screen shows:

- `tuinews --offline` with the N feeds cached: the newest headline of the first section;
- `tuinews --offline` with a config of one of those feeds, cached: the same headline
  (issue 3: launch with 100 feeds cached is no slower than with 1);
- `newsboat` on the same feeds cached: the first feed's title in its feed list;
- a Textual app that paints one static line: that line (the floor for any Textual app).

Each time runs from starting the tmux session to the text on screen (`capture-pane`
polled every 10 ms). The table shows median, min and max, and each median divided by
the one-line app's and by newsboat's, all from the same run; the load average is
printed before and after.

The installed tuinews package is byte-compiled first (`compileall`), as `pip install .`
does: where PYTHONDONTWRITEBYTECODE is set (as on the machines these figures come from)
an editable install would otherwise compile every tuinews module from source at each
launch (~0.14 s), which no installed tuinews does. `--no-compile` leaves that out
(remove the package's `__pycache__` folders first to measure launches that compile).

`--headless` measures the same three launches (no newsboat) in-process instead, with
bench/first_paint.py: Textual's headless driver at 120x40, from the script's start to
the first screen update showing the headlines, and the CPU time used by then (the
steadier figure on a shared machine: the one to compare two versions of the code with).
Not part of the test run.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from launch import (  # noqa: E402 - the bench folder is put on the path first
    ONE_LINE_NEEDLE,
    Profile,
    launch,
    load_average,
    new_profile,
    tuinews_command,
)
from refresh import Site, serve  # noqa: E402

import tuinews  # noqa: E402
from tuinews.core.feeds import parse_feed  # noqa: E402

#: Feeds per section of the tuinews config, as in bench/refresh.py.
FEEDS_PER_SECTION = 10
#: The in-process (headless) timer.
FIRST_PAINT = Path(__file__).resolve().parent / "first_paint.py"


def headless(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds to the first paint and CPU seconds by then, of one headless run."""
    done = subprocess.run(
        [sys.executable, str(FIRST_PAINT), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(f"{argv}: {done.stdout}{done.stderr}")
    wall, cpu = done.stdout.split()[-2:]
    return float(wall) / 1000, float(cpu) / 1000


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=10, help="launches of each")
    parser.add_argument("--feeds", type=int, default=100, help="feeds cached")
    parser.add_argument("--items", type=int, default=20, help="items per feed")
    parser.add_argument(
        "--headless", action="store_true", help="in-process, headless (bench/first_paint.py)"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="do not byte-compile tuinews first"
    )
    args = parser.parse_args(argv)
    if not args.no_compile:
        compileall.compile_dir(Path(tuinews.__file__).parent, quiet=1)
    if args.headless:
        return _headless(args)
    command = tuinews_command()
    has_newsboat = bool(__import__("shutil").which("newsboat"))
    profile, folder = new_profile()
    with folder:
        with serve(args.feeds, args.items, 0, 10) as site:
            many, one = _fill(profile, site, command)
            newsboat = profile.fill_newsboat("all", site.urls) if has_newsboat else None
            first = parse_feed(site.bodies[0], site.urls[0])
        # The newest story of the first section is the first feed's first item.
        headline = first.stories[0].title[:40]
        feed_title = first.title[:40]
        runs: dict[str, tuple[list[str], str]] = {
            f"tuinews, {args.feeds} feeds × {args.items} cached": (
                [command, "--config", str(many), "--offline"],
                headline,
            ),
            f"tuinews, 1 feed × {args.items} cached": (
                [command, "--config", str(one), "--offline"],
                headline,
            ),
            "one-line Textual app": (profile.one_line_app(), ONE_LINE_NEEDLE),
        }
        if newsboat is not None:
            runs[f"newsboat 2.x, {args.feeds} feeds × {args.items} cached"] = (
                newsboat,
                feed_title,
            )
        env = profile.env
        print(
            f"{args.feeds} feeds × {args.items} items cached; {args.runs} launches each, "
            f"interleaved; tmux 120x40; load average before: {load_average()}",
            flush=True,
        )
        for argv_, needle in runs.values():  # warm the OS file cache
            launch(argv_, env, needle)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for number in range(args.runs):
            for name, (argv_, needle) in runs.items():
                times[name].append(launch(argv_, env, needle).seconds)
            print(f"  round {number + 1}/{args.runs} done", flush=True)
            time.sleep(0.2)
        after = load_average()
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["one-line Textual app"]
    reference = next((m for name, m in medians.items() if name.startswith("newsboat")), None)
    print()
    print("| launch → first screen | median ms | min ms | max ms | ÷ one-line app | ÷ newsboat |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, values in times.items():
        ratio = f"{medians[name] / reference:.2f}" if reference else "–"
        print(
            f"| {name} | {medians[name] * 1000:.0f} | {min(values) * 1000:.0f} "
            f"| {max(values) * 1000:.0f} | {medians[name] / floor:.2f} | {ratio} |"
        )
    print(f"\nload average after: {after}")
    return 0


def _fill(profile: Profile, site: Site, command: str) -> tuple[Path, Path]:
    """Write the configs of every feed and of one feed; fill the cache through `command`."""
    sections = [
        site.urls[i : i + FEEDS_PER_SECTION] for i in range(0, len(site.urls), FEEDS_PER_SECTION)
    ]
    many = profile.write_tuinews_config("many", sections)
    one = profile.write_tuinews_config("one", [site.urls[:1]])
    profile.fill_tuinews(command, many)
    return many, one


def _headless(args: argparse.Namespace) -> int:
    """The in-process figures: wall and CPU time to the first paint, headless."""
    profile, folder = new_profile()
    with folder:
        with serve(args.feeds, args.items, 0, 10) as site:
            many, one = _fill(profile, site, tuinews_command())
        runs = {
            f"tuinews, {args.feeds} feeds × {args.items} cached": [
                "tuinews",
                "--config",
                str(many),
                "--offline",
            ],
            f"tuinews, 1 feed × {args.items} cached": [
                "tuinews",
                "--config",
                str(one),
                "--offline",
            ],
            "one-line Textual app": profile.one_line_app()[1:],
        }
        env = profile.env
        print(
            f"headless 120x40, in-process; {args.feeds} feeds × {args.items} items cached; "
            f"{args.runs} runs each, interleaved; load average before: {load_average()}",
            flush=True,
        )
        for argv_ in runs.values():
            headless(argv_, env)
        walls: dict[str, list[float]] = {name: [] for name in runs}
        cpus: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):
            for name, argv_ in runs.items():
                wall, cpu = headless(argv_, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
        after = load_average()
    floor = statistics.median(walls["one-line Textual app"])
    floor_cpu = statistics.median(cpus["one-line Textual app"])
    print()
    print(
        "| first paint, headless | median ms | min ms | max ms | ÷ one-line app "
        "| CPU ms (median) | CPU ÷ one-line app |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, values in walls.items():
        median = statistics.median(values)
        cpu = statistics.median(cpus[name])
        print(
            f"| {name} | {median * 1000:.0f} | {min(values) * 1000:.0f} "
            f"| {max(values) * 1000:.0f} | {median / floor:.2f} | {cpu * 1000:.0f} "
            f"| {cpu / floor_cpu:.2f} |"
        )
    print(f"\nload average after: {after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
