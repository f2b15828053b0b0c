"""Peak memory of tuinews showing cached headlines, beside newsboat and a one-line Textual app.

Usage::

    pip install .            # the benchmark runs the installed `tuinews`
    apt-get install newsboat # optional
    python bench/memory.py [-n RUNS] [--settle SECONDS]

Serves 50 feeds of 200 items each (bench/refresh.py's feeds, no latency), fills a tuinews
cache and, for each data set, a newsboat cache.db from them, and stops the server. Then
launches in tmux 120x40, waits until the first headline (tuinews) or the first feed's
title (newsboat) is on screen, waits SECONDS more (default 2: tuinews reads the other
sections after painting the first) and reads the peak resident set size (VmHWM, summed
over the process tree) from /proc. Data sets:

- 1, 10 and 50 sections of 200 stories (one feed of 200 items per section);
- one section of 10,000 stories (the same 50 feeds in one section);
- newsboat with the same 1, 10 and 50 feeds (it has no sections: the 50 feeds are both
  the 50 × 200 and the 10,000 case);
- the one-line Textual app.

Each case is launched RUNS times (default 3), interleaved; the table shows the median in
MiB and the ratio to newsboat with the same stories, from the same run. Not part of the
test run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from launch import (  # noqa: E402 - the bench folder is put on the path first
    ONE_LINE_NEEDLE,
    launch,
    load_average,
    new_profile,
    tuinews_command,
)
from refresh import serve  # noqa: E402

from tuinews.core.feeds import parse_feed  # noqa: E402

FEEDS = 50
ITEMS = 200


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=3, help="launches of each case")
    parser.add_argument(
        "--settle", type=float, default=2.0, help="seconds after the first paint before reading"
    )
    args = parser.parse_args(argv)
    command = tuinews_command()
    has_newsboat = shutil.which("newsboat") is not None
    profile, folder = new_profile()
    with folder:
        cases: dict[str, tuple[list[str], str, str]] = {}
        with serve(FEEDS, ITEMS, 0, 10) as site:
            first = parse_feed(site.bodies[0], site.urls[0])
            headline, feed_title = first.stories[0].title[:40], first.title[:40]
            everything = profile.write_tuinews_config("all", [[url] for url in site.urls])
            profile.fill_tuinews(command, everything)
            for count in (1, 10, 50):
                config = profile.write_tuinews_config(
                    f"s{count}", [[url] for url in site.urls[:count]]
                )
                cases[f"tuinews, {count} section(s) × {ITEMS}"] = (
                    [command, "--config", str(config), "--offline"],
                    headline,
                    f"{count * ITEMS}",
                )
            one = profile.write_tuinews_config("one-section", [site.urls])
            cases[f"tuinews, 1 section × {FEEDS * ITEMS:,}"] = (
                [command, "--config", str(one), "--offline"],
                headline,
                f"{FEEDS * ITEMS}",
            )
            if has_newsboat:
                for count in (1, 10, 50):
                    argv_ = profile.fill_newsboat(f"n{count}", site.urls[:count])
                    cases[f"newsboat, {count} feed(s) × {ITEMS}"] = (
                        argv_,
                        feed_title,
                        f"{count * ITEMS}",
                    )
        cases["one-line Textual app"] = (profile.one_line_app(), ONE_LINE_NEEDLE, "")
        env = profile.env
        print(
            f"{FEEDS} feeds × {ITEMS} items; {args.runs} launches of each case, interleaved; "
            f"VmHWM {args.settle:g} s after the first paint; load average before: "
            f"{load_average()}",
            flush=True,
        )
        peaks: dict[str, list[float]] = {name: [] for name in cases}
        for number in range(args.runs):
            for name, (argv_, needle, _) in cases.items():
                result = launch(argv_, env, needle, settle=args.settle)
                peaks[name].append(result.peak_kib / 1024)
            print(f"  round {number + 1}/{args.runs} done", flush=True)
        after = load_average()
    medians = {name: statistics.median(values) for name, values in peaks.items()}
    newsboat_by_stories = {
        stories: medians[name]
        for name, (_, _, stories) in cases.items()
        if name.startswith("newsboat")
    }
    print()
    print("| case | stories | peak RSS MiB (median) | min | max | ÷ newsboat, same stories |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (_, _, stories) in cases.items():
        reference = newsboat_by_stories.get(stories)
        ratio = f"{medians[name] / reference:.2f}" if reference else "–"
        print(
            f"| {name} | {stories or '–'} | {medians[name]:.1f} | {min(peaks[name]):.1f} "
            f"| {max(peaks[name]):.1f} | {ratio} |"
        )
    print(f"\nload average after: {after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
