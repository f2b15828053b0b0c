"""Find: `/` filters the list live, `ctrl+f` searches every section, `escape` clears."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tuinews.core.service import NewsService
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.screens.search import SearchScreen

from .conftest import settle, text_of, wait_for_headlines

SIZE = (120, 40)


async def test_slash_filters_live_enter_keeps_escape_clears(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        everything = headlines.stories
        # A word of one story's summary (not its title), typed in capitals.
        target = everything[3]
        word = max(
            (w for w in target.summary.split() if w.isalpha() and w not in target.title),
            key=len,
        )
        expected = [
            s for s in everything if word.casefold() in f"{s.title}\n{s.summary}".casefold()
        ]
        await pilot.press("slash")
        field = screen.query_one("#filter", Input)
        assert field.display and field.has_focus
        await pilot.press(*word.upper())
        assert list(headlines.stories) == expected
        assert target in headlines.stories and len(expected) < len(everything)
        assert headlines.highlighted == 0
        # enter keeps the filter and gives the keys back to the list
        await pilot.press("enter")
        assert headlines.has_focus and field.value == word.upper()
        assert list(headlines.stories) == expected
        # escape on the list clears it, the cursor stays on its story
        if len(expected) > 1:
            await pilot.press("j")
        kept = headlines.current
        await pilot.press("escape")
        assert headlines.stories == everything and headlines.has_focus
        assert not field.display and headlines.current == kept
        # escape in the filter line clears it too
        await pilot.press("slash", "z", "q", "x", "j", "w")
        assert headlines.stories == ()
        assert not headlines.display
        message = text_of(pilot, "#empty")
        assert "No story here matches “zqxjw”" in message and "escape" in message
        await pilot.press("escape")
        assert headlines.stories == everything
        assert headlines.display and headlines.has_focus and not field.display
        assert text_of(pilot, "#empty") == ""


async def test_a_refresh_while_filtering_keeps_the_focus_and_the_filter(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", "t", "h", "e")
        filtered = headlines.stories
        field = screen.query_one("#filter", Input)
        screen.action_refresh_all()  # what r or R does, while the user types
        await settle(pilot)
        assert "Updated" in text_of(pilot, "#status")
        assert field.has_focus and field.value == "the"
        assert headlines.stories == filtered
        await pilot.press("s")  # typed into the filter, not a save
        assert field.value == "thes" and not headlines.saved


async def test_ctrl_f_finds_a_story_of_another_section_and_reads_it(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await settle(pilot)
        wanted = screen.stories[3][-1]  # the oldest story of the fourth section
        await pilot.press("ctrl+f")
        search = app.screen
        assert isinstance(search, SearchScreen)
        query = " ".join(sorted(wanted.title.lower().split(), key=len)[-2:])
        await pilot.press(*query)
        results = search.query_one("#search-results", OptionList)
        titles = [entry[2].title for entry in search.results]
        assert wanted.title in titles and results.option_count == len(titles)
        # escape clears, and closes once empty
        await pilot.press("escape")
        assert search.query_one("#search-input", Input).value == ""
        assert app.screen is search and search.results == []
        await pilot.press(*query)
        index = titles.index(wanted.title)
        await pilot.press("down", *(["down"] * index), "enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert text_of(pilot, "#headline") == wanted.title
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.active == 3
        assert headlines.current == wanted
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_the_list_shown_again_after_no_matches_has_no_stale_rows(
    service: NewsService,
) -> None:
    from .test_hostile_ui import plain, screen_output

    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        everything = headlines.stories
        target = everything[-1]
        word = max(target.title.split(), key=len)
        await pilot.press("slash", *word)
        assert 0 < len(headlines.stories) < len(everything)
        shown = set(headlines.stories)
        await pilot.press("z", "q")
        assert not headlines.display
        await pilot.press("backspace", "backspace", "enter")
        await settle(pilot)
        assert headlines.display and set(headlines.stories) == shown
        text = plain(screen_output(pilot))
        for story in everything:
            assert (story.title[:40] in text) == (story in shown), story.title
