"""Every link is usable: `f` lists the article's links numbered, a number follows one
inside the reader (and `escape` comes back), `O` opens one in the browser; and the badge
says what the reader shows when the page cannot be read."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static

from tuinews.core.cache import Store
from tuinews.core.config import Config, Settings
from tuinews.core.models import Article, Link, Story
from tuinews.core.service import NewsService
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.links import LinksScreen
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.widgets.article import ArticleBody

from ..launcher import RecordedLauncher
from .conftest import settle, text_of, wait_for_headlines

SIZE = (120, 40)


def rows(screen: LinksScreen) -> list[str]:
    """The rows of the links list as plain text."""
    options = screen.query_one("#links-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_first_story(pilot: object, app: TuinewsApp) -> ReaderScreen:
    """From the list, read the first story and wait for its article."""
    await wait_for_headlines(pilot)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def test_f_lists_the_articles_links_numbered(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_story(pilot, app)
        truth = next(s for s in demo_server.site.stories if s.url == reader.current.url)
        await pilot.press("f")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinksScreen)
        shown = rows(links)
        assert truth.previous is not None
        assert shown[0].startswith("1  Previous story: " + truth.previous[0])
        assert shown[0].endswith("127.0.0.1")
        for title, _ in truth.also_read:
            assert any(f"Also read: {title}" in row for row in shown)
        assert [row.split()[0] for row in shown] == [str(n) for n in range(1, len(shown) + 1)]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader


async def test_a_number_follows_a_link_and_escape_comes_back(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_story(pilot, app)
        first_title = text_of(pilot, "#headline")
        truth = next(s for s in demo_server.site.stories if s.url == reader.current.url)
        assert truth.previous is not None
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, LinksScreen) and len(app.screen.links) < 10
        await pilot.press("1")  # fewer than ten links: one digit follows at once
        await settle(pilot)
        assert app.screen is reader
        assert text_of(pilot, "#headline") == truth.previous[0]
        assert reader.current.url == truth.previous[1]
        assert [story.title for story in reader.history] == [first_title]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is reader and text_of(pilot, "#headline") == first_title
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_enter_on_a_row_follows_it_and_backspace_comes_back(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_story(pilot, app)
        first_title = text_of(pilot, "#headline")
        await pilot.press("f")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinksScreen)
        second = links.links[1]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is reader and reader.current.url == second.url
        await pilot.press("backspace")
        await settle(pilot)
        assert text_of(pilot, "#headline") == first_title


@pytest.mark.parametrize("where", ["links", "reader"])
async def test_capital_o_opens_with_the_configured_browser(
    demo_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    launcher = RecordedLauncher(tmp_path)
    config = replace(demo_config, settings=Settings(browser=launcher.command))
    service = NewsService(config, Store(tmp_path / "cache"))
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_story(pilot, app)
        if where == "reader":
            await pilot.press("O")
            assert launcher.argv() == [reader.current.url]
            return
        await pilot.press("f")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinksScreen)
        await pilot.press("down", "O")
        assert launcher.argv() == [links.links[1].url]
        assert app.screen is links  # the list stays for the next link


# ----------------------------------------------------------------------------------------
# the links screen on its own: numbers of more than one digit, and the link gate


class LinksHost(App[None]):
    """An app that shows one LinksScreen and keeps what it answered."""

    def __init__(self, article: Article, service: NewsService) -> None:
        super().__init__()
        self.article = article
        self.service = service
        self.answers: list[Link | None] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(LinksScreen(self.article, self.service), self.answers.append)


def many_links(count: int) -> Article:
    """An article with `count` body links and two that must never be listed."""
    body = tuple(
        Link(f"https://news.example/story-{n}", f"Story number {n}") for n in range(1, count + 1)
    )
    hostile = (
        Link("javascript:alert(1)", "Run me"),
        Link("file:///etc/passwd", "Local file"),
    )
    return Article(url="https://news.example/", title="Many links", links=body + hostile)


@pytest.fixture
async def bare_service(tmp_path: Path) -> NewsService:
    return NewsService(Config(), Store(tmp_path / "cache"))


async def test_two_digit_numbers_wait_for_the_second_digit(bare_service: NewsService) -> None:
    app = LinksHost(many_links(12), bare_service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinksScreen)
        assert len(links.links) == 12  # javascript: and file: are not offered
        assert all("Run me" not in row and "Local file" not in row for row in rows(links))
        await pilot.press("1")
        await pilot.pause()
        assert app.screen is links and links.typed == "1"
        assert links.query_one("#links-list", OptionList).highlighted == 0
        await pilot.press("3")  # 13 is past the end: refused, "1" stays
        await pilot.pause()
        assert links.typed == "1"
        await pilot.press("2")
        await pilot.pause()
        assert app.answers == [links.links[11]]
        assert app.answers[0] is not None and app.answers[0].url.endswith("story-12")


async def test_one_and_enter_follows_link_one(bare_service: NewsService) -> None:
    app = LinksHost(many_links(12), bare_service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        assert [link.url if link else None for link in app.answers] == [
            "https://news.example/story-1"
        ]


async def test_backspace_erases_a_digit_then_closes(bare_service: NewsService) -> None:
    app = LinksHost(many_links(12), bare_service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "backspace")
        await pilot.pause()
        assert isinstance(app.screen, LinksScreen) and app.screen.typed == ""
        await pilot.press("backspace")
        await pilot.pause()
        assert app.answers == [None]


# ----------------------------------------------------------------------------------------
# the badge


def dead_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_badge_says_the_page_was_unreachable_and_the_feed_text_is_shown(
    service: NewsService,
) -> None:
    story = Story(
        id="gone",
        title="A story whose page is gone",
        url=f"http://127.0.0.1:{dead_port()}/2024/05/gone/",
        summary="What the feed says about it, in two sentences. That is all there is.",
        source="Gone Gazette",
    )
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        await app.push_screen(ReaderScreen(service, [story], 0))
        await settle(pilot)
        badge = text_of(pilot, "#badge")
        assert badge.startswith("Summary only: page not reachable: ")
        assert "refused" in badge and badge.endswith("; showing the feed's summary")
        assert app.screen.query_one("#badge", Static).display
        assert text_of(pilot, "#headline") == "A story whose page is gone"
        body = app.screen.query_one("#body", ArticleBody)
        assert "What the feed says about it" in body.source


async def test_no_badge_for_a_full_article(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_story(pilot, app)
        assert not app.screen.query_one("#badge", Static).display
