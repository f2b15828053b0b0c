"""One reader screen, kept and re-shown: each story still opens as on a fresh reader."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from textual._compositor import LayoutUpdate
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.service import NewsService
from tuinews.core.state import StateStore
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.widgets.article import ArticleBody
from tuinews.ui.widgets.footer import KeysFooter

from .conftest import settle, text_of, wait_for_headlines

SMALL = (80, 16)  # short enough that an article scrolls


def _paragraphs(demo_server: DemoServer, url: str) -> tuple[str, ...]:
    truth = next(s for s in demo_server.site.stories if s.url == url)
    return tuple(truth.paragraphs)


async def test_story_b_after_story_a_shows_b_text_and_b_position(
    demo_config: Config, demo_server: DemoServer, tmp_path: Path
) -> None:
    service = NewsService(
        demo_config, Store(tmp_path / "cache"), state=StateStore(tmp_path / "state")
    )
    app = TuinewsApp(service)
    async with app.run_test(size=SMALL) as pilot:
        headlines = await wait_for_headlines(pilot)
        story_a, story_b = headlines.stories[0], headlines.stories[1]
        # B was read before and left 4 lines down.
        service.state.set_position(story_b.id, 4)

        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.current is story_a
        scroll = reader.query_one("#reader", VerticalScroll)
        await pilot.press("G")  # A is read to its end
        a_end = scroll.scroll_offset.y
        assert a_end > 10
        await pilot.press("tab")  # the focus leaves the article for a link
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert service.state.position(story_a.id) == a_end

        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen is reader  # the same reader, shown again
        assert reader.current is story_b and reader.index == 1 and not reader.history
        assert text_of(pilot, "#headline") == story_b.title
        body = reader.query_one("#body", ArticleBody)
        assert not body.waiting
        assert _paragraphs(demo_server, story_b.url)[0][:60] in body.source
        assert _paragraphs(demo_server, story_a.url)[0][:60] not in body.source  # none of A
        assert scroll.scroll_offset.y == 4  # B opens where B was left, not where A was
        assert app.focused is scroll  # the keys scroll the article again
        await pilot.press("j")
        assert scroll.scroll_offset.y == 5

        # And back to A: where A was left.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k", "enter")
        await settle(pilot)
        assert app.screen is reader and reader.current is story_a
        assert scroll.scroll_offset.y == a_end
        # escape still lands on the story read, with the list's cursor on it.
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert headlines.current == story_b


async def test_links_followed_in_one_story_are_not_kept_for_the_next(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        headlines = await wait_for_headlines(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article is not None and reader.article.latest
        reader.follow_link(reader.article.latest[0])
        await settle(pilot)
        assert reader.history == [headlines.stories[0]]
        # Back to the list from a followed link takes two escapes.
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert app.screen is reader and not reader.history
        assert text_of(pilot, "#headline") == headlines.stories[2].title
        await pilot.press("escape")  # one escape: straight back to the list
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert headlines.highlighted == 2


async def test_the_footer_is_not_rebuilt_when_its_keys_stay_the_same(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_headlines(pilot)
        await pilot.press("enter")
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        keys = list(footer.children)
        assert keys  # the reader's keys are shown
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen.query_one(KeysFooter) is footer
        assert list(footer.children) == keys  # the same widgets: no rebuild
        # A change of the keys shown does rebuild it.
        main = app.screen_stack[0]
        assert isinstance(main, MainScreen)
        main_footer = main.query_one(KeysFooter)
        before = list(main_footer.children)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash")  # the filter: its keys differ from the list's
        await settle(pilot)
        assert list(main_footer.children) != before


async def test_a_theme_changed_while_the_reader_was_away_shows_in_it(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_headlines(pilot)
        app.theme = "textual-dark"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        dark = reader.styles.background
        await pilot.press("escape")
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is reader
        light = reader.styles.background
        assert light != dark
        assert light == app.screen_stack[0].styles.background  # as the list's screen
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # no change meanwhile: the styles stay
        await settle(pilot)
        assert reader.styles.background == light


async def test_reader_shown_again_paints_the_whole_screen_in_its_first_update(
    demo_config: Config, demo_server: DemoServer, tmp_path: Path
) -> None:
    # A kept reader shown again must repaint every line (the terminal still shows the
    # list), and it does so in the first update after the key: one full paint with the
    # new story, not a partial paint of the layout followed by a full repaint.
    service = NewsService(
        demo_config, Store(tmp_path / "cache"), state=StateStore(tmp_path / "state")
    )
    app = TuinewsApp(service)
    async with app.run_test(size=SMALL) as pilot:
        headlines = await wait_for_headlines(pilot)
        stories = headlines.stories
        for keys in (("enter",), ("escape",), ("j", "enter"), ("escape",), ("k",)):
            await pilot.press(*keys)
            await settle(pilot)
        assert isinstance(app.screen, MainScreen) and headlines.highlighted == 0
        updates: list[tuple[Screen[object], RenderableType]] = []
        display = app._display

        def record(screen: Screen[object], renderable: RenderableType | None) -> None:
            if renderable is not None:
                updates.append((screen, renderable))
            display(screen, renderable)

        app._display = record  # type: ignore[method-assign]  # Textual's; recorded only
        for cached in (True, False):  # story 0 was read above; story 2 never
            updates.clear()
            await pilot.press("enter")
            await settle(pilot)
            reader = app.screen
            assert isinstance(reader, ReaderScreen) and reader.article is not None
            story = reader.current
            assert (story is stories[0]) is cached
            painted = [update for screen, update in updates if screen is reader]
            assert painted, "the reader was never painted"
            first = painted[0]
            assert isinstance(first, LayoutUpdate)
            assert first.region == Region(0, 0, *SMALL)
            lines = ["".join(seg.text for strip in line for seg in strip) for line in first.strips]
            assert any(story.title[:30] in line for line in lines)
            await pilot.press("escape", "j", "j")
            await settle(pilot)
