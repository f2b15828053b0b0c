"""Time `tuinews.core.reader.extract_article` on the test fixture pages.

Usage::

    python bench/extract.py [-n RUNS] [PAGE ...]

Prints the import costs first (measured once, in this fresh process, and excluded from
the per-page figures), then for every page its size and the median and p95 time of one
extraction, then the median and p95 over all pages. The target is a median of at most
15 ms per page on a typical 40 KB news page (`wordpress_article.html` is the DESIGN.md
page at 53 KB). Not part of the test run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "fixtures" / "pages"
# The URL each page is "served" from (the tests use the same); others get a made-up one.
URLS = {
    "wordpress_article.html": "https://meridiancourier.example/2023/11/11/coastal-states-flood-warning-data/",
    "jsonld_opengraph.html": "https://northgateherald.example/science/2024/03/05/harrow-glacier-survey",
    "head_prev_next.html": "https://lowfieldchronicle.example/2024/04/quay-street-tide-mill/",
    "related_in_body.html": "https://gulfbusinessreview.example/2024/02/19/ostra-savings-bank-branches/",
    "no_navigation.html": "https://kellnews.example/notices/2023/10/library-winter-hours/",
}


def percentile(samples: list[float], share: float) -> float:
    """The sample below which `share` of the samples fall (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=50, help="extractions per page")
    parser.add_argument("pages", nargs="*", help="fixture file names (default: all)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    started = time.perf_counter()
    from tuinews.core.reader import extract_article

    module_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    import lxml.html  # noqa: F401 - imported here only to time it
    import trafilatura  # noqa: F401

    libraries_ms = (time.perf_counter() - started) * 1000
    print(f"import tuinews.core.reader       {module_ms:8.1f} ms")
    print(f"import lxml.html + trafilatura   {libraries_ms:8.1f} ms  (lazily, on first use)")

    names = args.pages or sorted(p.name for p in PAGES.iterdir() if p.suffix in (".html", ".xhtml"))
    everything: list[float] = []
    print(f"\n{'page':28} {'KB':>6} {'median ms':>10} {'p95 ms':>8}   runs={args.runs}")
    for name in names:
        data = (PAGES / name).read_bytes()
        url = URLS.get(name, f"https://example.com/{name}")
        extract_article(data, url)  # warm-up: regex and option caches
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            extract_article(data, url)
            samples.append((time.perf_counter() - started) * 1000)
        everything += samples
        print(
            f"{name:28} {len(data) / 1024:6.1f} {statistics.median(samples):10.2f}"
            f" {percentile(samples, 0.95):8.2f}"
        )
    print(
        f"\n{'all pages':28} {'':6} {statistics.median(everything):10.2f}"
        f" {percentile(everything, 0.95):8.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
