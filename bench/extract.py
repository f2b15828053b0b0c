"""Score and time `tuinews.core.reader.extract_article` on the article set.

Usage::

    python bench/extract.py [-n RUNS] [PAGE ...]

The set is tests/fixtures/articles/ (see its README): pages written for tuinews, each
with a hand-written expected body, metadata and navigation. For every page this prints
its size, the body's precision, recall and F1 against the expected body (scored like the
public article-extraction benchmark: 4-word shingles, per page; see tests/articles.py),
whether metadata and navigation are exactly right, and the median and p95 time of one
extraction. Then the totals: mean precision, mean recall, the F1 of those means, the
lowest page F1, and the median and p95 time over all extractions of all pages.

Targets (issue 4): F1 >= 0.95, no page below 0.8, metadata and links all right, median
<= 15 ms and p95 <= 40 ms per page. Import costs are printed first and excluded from the
per-page figures (lxml and trafilatura load lazily, on the first extraction). Not part of
the test run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(samples: list[float], share: float) -> float:
    """The sample below which `share` of the samples fall (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=50, help="extractions per page")
    parser.add_argument("pages", nargs="*", help="page names (default: the whole set)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    started = time.perf_counter()
    from tuinews.core.reader import extract_article

    module_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    import lxml.html  # noqa: F401 - imported here only to time it
    import trafilatura  # noqa: F401

    libraries_ms = (time.perf_counter() - started) * 1000
    from tests.articles import Score, load_cases, mismatches, score, totals

    print(f"import tuinews.core.reader       {module_ms:8.1f} ms")
    print(f"import lxml.html + trafilatura   {libraries_ms:8.1f} ms  (lazily, on first use)")

    cases = [case for case in load_cases() if not args.pages or case.name in args.pages]
    everything: list[float] = []
    scores: list[Score] = []
    wrong = 0
    print(
        f"\n{'page':26} {'KB':>5} {'P':>6} {'R':>6} {'F1':>6} {'meta+links':>10}"
        f" {'median ms':>9} {'p95 ms':>7}   runs={args.runs}"
    )
    for case in cases:
        article = extract_article(case.html, case.url)  # warm-up: regex and option caches
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            extract_article(case.html, case.url)
            samples.append((time.perf_counter() - started) * 1000)
        everything += samples
        problems = mismatches(article, case.expected)
        wrong += bool(problems)
        if case.body:
            page = score(case.body, article.text)
            scores.append(page)
            quality = f"{page.precision:6.3f} {page.recall:6.3f} {page.f1:6.3f}"
        else:  # nothing to extract (a bot challenge): right when nothing came out
            quality = f"{'':6} {'':6} {'-' if not article.text else 'TEXT!':>6}"
        print(
            f"{case.name:26} {len(case.html) / 1024:5.1f} {quality}"
            f" {'ok' if not problems else f'{len(problems)} wrong':>10}"
            f" {statistics.median(samples):9.2f} {percentile(samples, 0.95):7.2f}"
        )
        for problem in problems:
            print(f"    {problem}")
    if not scores:
        return 0
    precision, recall, f1 = totals(scores)
    print(
        f"\n{'all pages':26} {'':5} {precision:6.3f} {recall:6.3f} {f1:6.3f}"
        f" {f'{len(cases) - wrong}/{len(cases)} ok':>10}"
        f" {statistics.median(everything):9.2f} {percentile(everything, 0.95):7.2f}"
    )
    print(f"lowest page F1: {min(s.f1 for s in scores):.3f} (pages scored: {len(scores)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
