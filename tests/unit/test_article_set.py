"""Extraction over the article set (tests/fixtures/articles), scored like the public
article-extraction benchmark, plus the honest badge: paywalls, bot challenges, and the
retry in recall mode before giving up.

The figures bench/extract.py prints come from the same scoring (tests/articles.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from tuinews.core import reader
from tuinews.core.models import EXCERPT, FULL
from tuinews.core.reader import extract_article

from ..articles import Case, load_cases, mismatches, score, totals

CASES = load_cases()
WITH_BODY = [case for case in CASES if case.body]


def test_the_set_has_twenty_pages_or_more_of_different_kinds() -> None:
    assert len(CASES) >= 20
    templates = {case.expected["template"] for case in CASES}
    assert len(templates) == len(CASES)
    names = {case.name for case in CASES}
    for kind in ("live_blog", "photo_gallery", "paywall_jsonld", "bot_challenge", "amp_article"):
        assert kind in names


@pytest.mark.parametrize("case", WITH_BODY, ids=lambda case: case.name)
def test_body_scores_at_least_the_page_floor(case: Case) -> None:
    article = extract_article(case.html, case.url)
    page = score(case.body, article.text)
    assert page.f1 >= 0.8, f"P={page.precision:.3f} R={page.recall:.3f}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_metadata_and_navigation_are_exact(case: Case) -> None:
    article = extract_article(case.html, case.url)
    assert mismatches(article, case.expected) == []


def test_the_whole_set_reaches_f1_095() -> None:
    scores = [score(case.body, extract_article(case.html, case.url).text) for case in WITH_BODY]
    precision, recall, f1 = totals(scores)
    assert f1 >= 0.95, (precision, recall)


# ----------------------------------------------------------------------------------------
# the scoring itself: it must be able to fail


def test_scoring_counts_missing_and_extra_text() -> None:
    truth = "one two three four five six seven eight nine ten"
    assert score(truth, truth).f1 == 1.0
    half = score(truth, "one two three four five six")
    assert half.precision == 1.0 and half.recall < 0.5
    noisy = score(truth, truth + " cookie banner share this story on social media now")
    assert noisy.recall == 1.0 and noisy.precision < 0.6
    assert score(truth, "").f1 == 0.0


def test_scoring_catches_wrong_metadata() -> None:
    case = next(case for case in CASES if case.name == "wordpress_news_theme")
    article = extract_article(case.html, case.url)
    wrong = dict(case.expected, authors=["Somebody Else"], related=[], previous=None)
    problems = mismatches(article, wrong)
    assert len(problems) == 3


# ----------------------------------------------------------------------------------------
# paywalls and bot challenges


PARAGRAPH = (
    "The harbour board met on Tuesday to settle the question of the winter moorings, which "
    "has divided the fishing families of the north quay for three seasons running, and "
    "agreed that the outer berths would stay open until the end of January this year. "
)


def page(body: str, head: str = "", title: str = "Harbour board keeps berths open") -> str:
    """A small article page."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def ld(**fields: Any) -> str:
    """A JSON-LD NewsArticle script."""
    import json

    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


URL = "https://news.example/2024/05/harbour-board"


@pytest.mark.parametrize("flag", [False, "False", "false"])
def test_not_free_with_only_an_opening_looks_paywalled(flag: object) -> None:
    html = page(f"<p>{PARAGRAPH}</p>", head=ld(isAccessibleForFree=flag))
    article = extract_article(html, URL)
    assert article.completeness == EXCERPT
    assert article.note == "looks paywalled"
    assert "winter moorings" in article.text  # the free opening is kept


def test_not_free_in_a_has_part_counts_too() -> None:
    part = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".locked"}
    article = extract_article(page(f"<p>{PARAGRAPH}</p>", head=ld(hasPart=[part])), URL)
    assert article.note == "looks paywalled"


def test_not_free_but_the_whole_text_on_the_page_is_the_full_article() -> None:
    # Sites mark subscriber stories this way and still serve the text to crawlers.
    body = "".join(f"<p>{PARAGRAPH} Paragraph {i} of the story.</p>" for i in range(12))
    article = extract_article(page(body, head=ld(isAccessibleForFree=False)), URL)
    assert article.completeness == FULL and article.note == ""


@pytest.mark.parametrize(
    "prompt",
    [
        "<div class='paywall'><h2>Subscribe now</h2><a href='/subscribe'>Join</a></div>",
        "<div id='piano-paywall'><p>Offer</p></div>",
        "<div class='tp-container-inner'><p>Our best offer</p></div>",
        "<p>Subscribe to continue reading.</p>",
        "<p>This article is for paid subscribers only.</p>",
        "<div><p>Already a subscriber? <a href='/login'>Log in</a></p></div>",
    ],
)
def test_a_paywall_prompt_looks_paywalled_and_is_not_body(prompt: str) -> None:
    body = "".join(f"<p>{PARAGRAPH} Part {i}.</p>" for i in range(3)) + prompt
    article = extract_article(page(body), URL)
    assert (article.completeness, article.note) == (EXCERPT, "looks paywalled")
    for word in ("Subscribe", "subscriber", "Offer", "offer"):
        assert word not in article.text


def test_prose_that_quotes_a_paywall_is_still_the_full_article() -> None:
    quote = (
        "<p>Readers of the Ledger were told to subscribe to continue reading when the paper "
        "put up its paywall in 2019, and many of them, the survey found, simply stopped "
        "visiting the site altogether and turned to the free weekly instead, which saw its "
        "circulation double within a year of the change at its larger rival.</p>"
    )
    body = "".join(f"<p>{PARAGRAPH} Part {i}.</p>" for i in range(3)) + quote
    article = extract_article(page(body), URL)
    assert article.completeness == FULL and article.note == ""


def test_a_bot_challenge_page_is_said_to_be_one_and_gives_nothing() -> None:
    case = next(case for case in CASES if case.name == "bot_challenge")
    article = extract_article(case.html, case.url)
    assert (article.completeness, article.note) == (EXCERPT, "bot challenge page")
    assert article.text == article.markdown == article.title == ""
    assert article.links == () and article.previous is None


@pytest.mark.parametrize(
    ("title", "script"),
    [
        ("Just a moment...", ""),
        ("Attention Required! | Cloudflare", ""),
        ("Access denied", ""),
        ("News", "<script src='https://ct.captcha-delivery.com/c.js'></script>"),
        ("News", "<div id='px-captcha'></div>"),
        ("News", "<script>var _Incapsula_Resource = 1;</script>"),
    ],
)
def test_challenge_marks(title: str, script: str) -> None:
    html = (
        f"<html><head><title>{title}</title></head><body>{script}<p>Please wait.</p></body></html>"
    )
    article = extract_article(html, URL)
    assert article.note == "bot challenge page"


def test_an_article_about_bot_checks_or_behind_a_challenge_script_is_not_a_challenge() -> None:
    # Some bot protections put their script on every page; and articles mention them.
    script = "<script src='/cdn-cgi/challenge-platform/h/g/scripts/jsd/main.js'></script>"
    body = "".join(f"<p>{PARAGRAPH} Just a moment, said engineer {i}.</p>" for i in range(4))
    article = extract_article(page(body + script, title="Just a moment for the harbour"), URL)
    assert article.completeness == FULL and article.note == ""


# ----------------------------------------------------------------------------------------
# the fallback ladder inside the extractor: precision first, then recall, then EXCERPT


def test_too_little_text_is_retried_in_recall_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = reader._trafilatura

    def spy(tree: Any, url: str, *, recall: bool) -> Any:
        calls.append(recall)
        return real(tree, url, recall=recall)

    monkeypatch.setattr(reader, "_trafilatura", spy)
    # A body spread over <div>s with little paragraph text: the precise pass finds too
    # little and the second pass must be in recall mode.
    short = page("<div class='entry-content'><p>Short opening line of the story.</p></div>")
    article = extract_article(short, URL)
    assert calls == [False, True]
    assert article.completeness == EXCERPT and article.note == "could not extract the article"


def test_a_full_body_needs_no_recall_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = reader._trafilatura

    def spy(tree: Any, url: str, *, recall: bool) -> Any:
        calls.append(recall)
        return real(tree, url, recall=recall)

    monkeypatch.setattr(reader, "_trafilatura", spy)
    article = extract_article(page("".join(f"<p>{PARAGRAPH} {i}</p>" for i in range(3))), URL)
    assert calls == [False] and article.completeness == FULL


def test_recall_mode_recovers_a_body_the_precise_pass_misses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A theme that puts the story inside a <footer>: the precise pass skips it whole,
    # recall mode finds the text.
    calls: list[tuple[bool, int]] = []
    real = reader._trafilatura

    def spy(tree: Any, url: str, *, recall: bool) -> Any:
        body = real(tree, url, recall=recall)
        calls.append((recall, reader._text_len(body)))
        return body

    monkeypatch.setattr(reader, "_trafilatura", spy)
    prose = "".join(f"<p>{PARAGRAPH} Part {i}.</p>" for i in range(4))
    html = f"<html><head><title>Berths</title></head><body><footer>{prose}</footer></body></html>"
    article = extract_article(html, URL)
    assert [recall for recall, _ in calls] == [False, True]
    assert calls[0][1] < calls[1][1]
    assert article.completeness == FULL
    assert [line.endswith(f"Part {i}.") for i, line in enumerate(article.text.split("\n\n"))] == [
        True
    ] * 4


def test_trafilatura_is_never_imported_on_the_start_up_path() -> None:
    # The app, its reader and links screens and every subcommand load without the
    # extractor; it is imported on the first extraction, in a worker.
    import subprocess
    import sys

    code = (
        "import tuinews.__main__, tuinews.ui.app, tuinews.ui.screens.reader,"
        " tuinews.ui.screens.links, tuinews.cli.read, tuinews.core.present,"
        " tuinews.core.reader\n"
        "import sys\n"
        "print(' '.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(result.stdout.split())
    assert "tuinews.ui.screens.links" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("trafilatura", "lxml", "justext")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.03.2024 12:40", "2024-03-16T12:40:00+00:00"),
        ("Published: 2024-03-16", "2024-03-16T00:00:00+00:00"),
        ("Sat 5 Oct 2024", "2024-10-05T00:00:00+00:00"),
        ("Nov. 20, 2024 at 5:30 p.m. EST", "2024-11-20T17:30:00+00:00"),
        ("23 April 2024, 15:48", "2024-04-23T15:48:00+00:00"),
        ("03/16/2024", "2024-03-16T00:00:00+00:00"),
        ("16/03/2024", "2024-03-16T00:00:00+00:00"),
        ("03/04/2024", None),  # day or month first? Not guessed.
        ("31.02.2024", None),
        ("Hits: 412", None),
    ],
)
def test_dates_written_for_people(text: str, expected: str | None) -> None:
    reader._compile_patterns()
    found = reader._written_date(text)
    assert (found.isoformat() if found else None) == expected
