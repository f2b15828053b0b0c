"""`NewsService.article`: the page's article when there is one, else the best text there
is, always saying in `completeness` and `note` what the reader shows and why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import EXCERPT, FEED_CONTENT, FULL, Story
from tuinews.core.net import NewsClient
from tuinews.core.service import NewsService

from ..articles import load_cases

URL = "https://news.example/2024/05/harbour-board/"
CASES = {case.name: case for case in load_cases()}
SUMMARY = "The harbour board keeps the outer berths open."
CONTENT = "The full story as the feed carries it. " * 20


def story(url: str = URL, *, summary: str = SUMMARY, content: str = "") -> Story:
    """A story as a feed gives it."""
    return Story(
        id=url or "id-1",
        title="Harbour board keeps berths open",
        url=url,
        summary=summary,
        content=content,
        author="Feed Author",
        source="News Example",
    )


Handler = Callable[[httpx.Request], httpx.Response]


def service(tmp_path: Path, handler: Handler, *, offline: bool = False) -> NewsService:
    """A service whose network is `handler`."""
    client = NewsClient(transport=httpx.MockTransport(handler))
    return NewsService(Config(), Store(tmp_path / "cache"), client=client, offline=offline)


def page(name: str) -> Handler:
    """A server answering every request with one page of the article set."""
    html = CASES[name].html

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, stream=httpx.ByteStream(html), headers={"content-type": "text/html"}
        )

    return handler


async def test_a_full_article_is_read_from_the_page_and_cached(tmp_path: Path) -> None:
    hits: list[str] = []
    serve = page("wordpress_news_theme")

    def handler(request: httpx.Request) -> httpx.Response:
        hits.append(str(request.url))
        return serve(request)

    news = service(tmp_path, handler)
    assert news.cached_article(story()) is None  # what the reader asks first, on its loop
    first = await news.article(story())
    second = await news.article(story())
    # The reader's synchronous read gives what the cache gave, with no request.
    assert news.cached_article(story()) == second
    await news.aclose()
    assert first.completeness == FULL and first.note == ""
    assert first.text.startswith("The agreement, signed on Friday evening")
    assert second == first and len(hits) == 1


async def test_unreachable_page_falls_back_to_the_feed_summary(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    news = service(tmp_path, refuse)
    article = await news.article(story())
    await news.aclose()
    assert article.completeness == EXCERPT
    assert article.note.startswith("page not reachable: ")
    assert article.note.endswith("; showing the feed's summary")
    assert article.text == SUMMARY and article.title == "Harbour board keeps berths open"
    assert article.authors == ("Feed Author",)


async def test_server_error_falls_back_to_the_feeds_full_text(tmp_path: Path) -> None:
    news = service(tmp_path, lambda request: httpx.Response(500))
    article = await news.article(story(content=CONTENT))
    await news.aclose()
    assert article.completeness == FEED_CONTENT
    assert (
        article.note
        == "page not reachable: HTTP 500 Internal Server Error; showing the feed's full text"
    )
    assert article.text == CONTENT


async def test_paywalled_page_shows_its_free_opening_when_longer_than_the_summary(
    tmp_path: Path,
) -> None:
    news = service(tmp_path, page("paywall_jsonld"))
    article = await news.article(story())
    assert news.cached_article(story()) is None  # only full articles are cached
    await news.aclose()
    assert article.completeness == EXCERPT
    assert article.note == "looks paywalled; showing the free part of the page"
    assert article.text.startswith("When the harbour tunnel opened in 2019")
    assert article.title == "The hidden cost of the harbour tunnel: inside the contracts"
    assert article.authors == ("Kasimir Ødegaard", "Leah Montrose")


async def test_paywalled_page_gives_way_to_the_feeds_full_text(tmp_path: Path) -> None:
    news = service(tmp_path, page("newsletter_paywall"))
    article = await news.article(story(content=CONTENT))
    await news.aclose()
    assert article.completeness == FEED_CONTENT
    assert article.note == "looks paywalled; showing the feed's full text"


async def test_bot_challenge_page_falls_back_to_the_feed(tmp_path: Path) -> None:
    news = service(tmp_path, page("bot_challenge"))
    article = await news.article(story())
    await news.aclose()
    assert article.completeness == EXCERPT
    assert article.note == "bot challenge page; showing the feed's summary"
    assert article.text == SUMMARY
    assert article.title == "Harbour board keeps berths open"  # not "Just a moment..."


async def test_a_pdf_is_not_an_article(tmp_path: Path) -> None:
    def pdf(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, stream=httpx.ByteStream(b"%PDF-1.7\n..."), headers={"content-type": "text/html"}
        )

    news = service(tmp_path, pdf)
    article = await news.article(story())
    await news.aclose()
    assert article.note == "the page is not an article (text/html); showing the feed's summary"


async def test_no_page_text_and_no_feed_text_says_so(tmp_path: Path) -> None:
    news = service(tmp_path, page("bot_challenge"))
    article = await news.article(story(summary=""))
    await news.aclose()
    assert (article.completeness, article.text) == (EXCERPT, "")
    assert article.note == "bot challenge page; no text to show"


@pytest.mark.parametrize("offline", [True, False])
async def test_no_link_or_offline_never_touches_the_network(tmp_path: Path, offline: bool) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request expected")

    news = service(tmp_path, fail, offline=offline)
    article = await news.article(story(url="" if not offline else URL))
    await news.aclose()
    reason = "offline and the page is not cached" if offline else "the feed gives no link"
    assert article.note.startswith(reason) and article.text == SUMMARY
