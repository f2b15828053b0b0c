"""The article fixture set (tests/fixtures/articles/) and how extraction is scored on it.

Each case is `NAME.html` (the page as served, bytes) and `NAME.expected.json` (written by
hand: the URL it was served from, the body paragraphs, the metadata and the navigation a
careful reader would take from the page). Used by tests/unit/test_article_set.py and by
bench/extract.py, so the test and the figures in docs/PERFORMANCE.md score the same way.

Body quality is scored like the public article-extraction benchmark
(scrapinghub/article-extraction-benchmark): the texts are cut into `\\w+` tokens, tokens
into overlapping 4-word shingles; per page, true/false positives and false negatives are
counted over shingle multisets and normalised by their sum; precision and recall are
averaged over pages, and F1 is the harmonic mean of those two means.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import mean
from typing import Any

from tuinews.core.models import Article, Link

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Case:
    """One page of the set and what extraction should make of it."""

    name: str
    html: bytes
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        """The URL the page was served from."""
        return str(self.expected["url"])

    @property
    def body(self) -> str:
        """The expected body text, paragraphs separated by blank lines."""
        return "\n\n".join(self.expected.get("body", []))


def load_cases() -> list[Case]:
    """Every case of the set, by name."""
    cases = []
    for path in sorted(ARTICLES.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        html = next(ARTICLES.glob(f"{name}.*htm*")).read_bytes()
        cases.append(Case(name, html, json.loads(path.read_text(encoding="utf-8"))))
    return cases


# ----------------------------------------------------------------------------------------
# body scoring


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-token shingles of a text (one short shingle if it is short)."""
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens
    )


@dataclass(frozen=True)
class Score:
    """Body quality of one page: normalised shingle counts, and P/R/F1 from them."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """Share of extracted shingles that are in the expected body."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of expected shingles that were extracted."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of this page's precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(expected: str, extracted: str) -> Score:
    """Compare an extracted body with the expected one, shingle by shingle."""
    truth, found = shingles(expected), shingles(extracted)
    tp = fp = fn = 0.0
    for key in truth.keys() | found.keys():
        t, f = truth.get(key, 0), found.get(key, 0)
        tp += min(t, f)
        fp += max(0, f - t)
        fn += max(0, t - f)
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return Score(tp, fp, fn)


def totals(scores: list[Score]) -> tuple[float, float, float]:
    """Mean precision, mean recall, and the F1 of those means (the benchmark's figures)."""
    precision = mean(s.precision for s in scores if s.tp + s.fp > 0)
    recall = mean(s.recall for s in scores if s.tp + s.fn > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ----------------------------------------------------------------------------------------
# metadata and navigation


def _link(link: Link | None) -> dict[str, str] | None:
    return {"url": link.url, "text": link.text} if link is not None else None


def mismatches(article: Article, expected: dict[str, Any]) -> list[str]:
    """What the article gets wrong against the expected metadata and navigation.

    Every key present in `expected` is checked exactly: title, standfirst, authors,
    published (ISO 8601, compared as instants), site_name, section, url, completeness,
    note (a substring), previous/next (url and text, or null), related and latest (the
    URLs, in page order). Returns one line per mismatch; empty when all is right.
    """
    problems: list[str] = []

    def check(key: str, found: object, wanted: object) -> None:
        if found != wanted:
            problems.append(f"{key}: got {found!r}, expected {wanted!r}")

    for key in ("title", "standfirst", "site_name", "section", "completeness"):
        if key in expected:
            check(key, getattr(article, key), expected[key])
    if "url" in expected:
        check("url", article.url, expected.get("canonical", expected["url"]))
    if "authors" in expected:
        check("authors", list(article.authors), expected["authors"])
    if "published" in expected:
        wanted = expected["published"]
        check(
            "published",
            article.published,
            datetime.fromisoformat(wanted) if wanted else None,
        )
    if "note" in expected and expected["note"] not in article.note:
        problems.append(f"note: got {article.note!r}, expected it to say {expected['note']!r}")
    for key in ("previous", "next"):
        if key in expected:
            check(key, _link(getattr(article, key)), expected[key])
    for key in ("related", "latest"):
        if key in expected:
            check(key, [link.url for link in getattr(article, key)], expected[key])
    return problems
