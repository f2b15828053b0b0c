"""Read state in the app: unread marks, m, A and u, tab counts, new since the last visit,
kept across runs and shared by a story listed in two sections."""

from __future__ import annotations

import time
from pathlib import Path

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import Section
from tuinews.core.service import NewsService
from tuinews.core.state import StateStore
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.screens.reader import ReaderScreen
from tuinews.ui.widgets.headlines import HeadlineList

from ..faultserver import fault_server
from .conftest import settle, wait_for_headlines
from .newsfeed import GrowingFeed, hours_ago

SIZE = (120, 40)


def label(screen: MainScreen, index: int) -> str:
    """The text of a tab."""
    return str(screen.tabs.labels[index])


def row_text(headlines: HeadlineList, index: int) -> str:
    """The first line of a story's row as drawn (the story must be on screen)."""
    line = index * 2 - round(headlines.scroll_offset.y)
    return headlines.render_line(line).text


async def test_open_marks_read_m_toggles_and_the_tab_counts_unread(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        name, total = service.sections[0].name, len(headlines.stories)
        assert label(screen, 0) == f"{name} {total}"
        assert row_text(headlines, 0).startswith(" ● ")  # unread mark
        first = headlines.stories[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert service.state.is_read(first.id) and first.id in headlines.read
        assert label(screen, 0) == f"{name} {total - 1}"
        assert not row_text(headlines, 0).startswith(" ● ")
        assert first.title in row_text(headlines, 0)
        await pilot.press("m")
        assert not service.state.is_read(first.id)
        assert label(screen, 0) == f"{name} {total}"
        assert row_text(headlines, 0).startswith(" ● ")
        await pilot.press("j", "m")
        assert service.state.is_read(headlines.stories[1].id)
        assert label(screen, 0) == f"{name} {total - 1}"


async def test_a_marks_the_section_read_and_u_undoes_only_that(
    service: NewsService, demo_server: DemoServer
) -> None:
    app = TuinewsApp(service, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        name, total = service.sections[0].name, len(headlines.stories)
        await pilot.press("j", "j", "m")  # one story read before A
        already = headlines.stories[2].id
        other = label(screen, 1)
        await pilot.press("A")
        assert all(service.state.is_read(s.id) for s in headlines.stories)
        assert label(screen, 0) == name  # no unread count
        # World lists some Top News stories too: they are read there now as well.
        assert 0 < int(label(screen, 1).split()[-1]) < int(other.split()[-1])
        await pilot.press("u")
        unread = [s.id for s in headlines.stories if not service.state.is_read(s.id)]
        assert len(unread) == total - 1 and already not in unread
        assert label(screen, 0) == f"{name} {total - 1}"
        assert label(screen, 1) == other
        # Nothing left to undo: u is disabled and changes nothing.
        await pilot.press("u")
        assert label(screen, 0) == f"{name} {total - 1}"


async def test_read_marks_and_saved_stories_persist_across_runs(
    demo_config: Config, tmp_path: Path
) -> None:
    folder = tmp_path / "data" / "state"

    def service() -> NewsService:
        return NewsService(demo_config, Store(tmp_path / "cache"), state=StateStore(folder))

    app = TuinewsApp(service())
    async with app.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        read_id = headlines.stories[0].id
        await pilot.press("m", "j", "s")
        await settle(pilot)
        saved_id = headlines.stories[1].id
        await pilot.press("tab", "j", "j", "m")
        await settle(pilot)
        read_elsewhere = app.screen.query_one(HeadlineList).stories[2].id

    again = TuinewsApp(service())
    async with again.run_test(size=SIZE) as pilot:
        headlines = await wait_for_headlines(pilot)
        assert read_id in headlines.read
        assert saved_id in headlines.saved and saved_id not in headlines.read
        ids = {s.id for s in headlines.stories}
        assert ids & headlines.read == {read_id} | ({read_elsewhere} & ids)
        await pilot.press("tab")
        await settle(pilot)
        assert read_elsewhere in headlines.read
        await pilot.press(str(len(demo_config.sections) + 1))  # the Saved tab
        await settle(pilot)
        assert [s.id for s in headlines.stories] == [saved_id]


async def test_a_story_in_two_sections_is_read_in_both(tmp_path: Path) -> None:
    with fault_server() as server:
        world = GrowingFeed(server.url("/story/"))
        world.add(3, "World", hours_ago(2))
        shared = world.items[1]
        europe = GrowingFeed(server.url("/story/"))
        europe.add(2, "Europe", hours_ago(1))
        europe.items.append(shared)
        sections = (
            Section("World", (server.route("/world", world.reply),)),
            Section("Europe", (server.route("/europe", europe.reply),)),
        )
        service = NewsService(Config(sections=sections), Store(tmp_path / "cache"))
        app = TuinewsApp(service)
        async with app.run_test(size=SIZE) as pilot:
            headlines = await wait_for_headlines(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            assert label(screen, 1) == "Europe 3"
            index = headlines.index_of(shared.guid)
            assert index is not None
            headlines.highlighted = index
            await pilot.press("m")
            assert label(screen, 0) == "World 2"
            assert label(screen, 1) == "Europe 2"
            await pilot.press("tab")
            await settle(pilot)
            assert screen.active == 1
            assert shared.guid in headlines.read
            assert headlines.index_of(shared.guid) == 2
            assert not row_text(headlines, 2).startswith(" ● ")


async def test_stories_new_since_the_last_visit_are_highlighted(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    with fault_server() as server:
        feed = GrowingFeed(server.url("/story/"))
        feed.add(4, "Old", hours_ago(3))
        url = server.route("/feed", feed.reply)
        config = Config(sections=(Section("World", (url,)),))

        def service() -> NewsService:
            return NewsService(config, Store(tmp_path / "cache"), state=StateStore(folder))

        app = TuinewsApp(service())
        async with app.run_test(size=SIZE) as pilot:
            headlines = await wait_for_headlines(pilot)
            assert headlines.new == set()  # a first visit shows nothing as new
        visited = StateStore(folder).last_visit("World")
        assert visited is not None and visited <= time.time()

        # Two stories published after that visit (the next whole second on).
        feed.add(2, "Fresh", hours_ago(-2 / 3600), step=0.0)
        app = TuinewsApp(service())
        async with app.run_test(size=SIZE) as pilot:
            headlines = await wait_for_headlines(pilot)
            await pilot.press("r")  # the feed is still fresh: ask for it now
            deadline = time.monotonic() + 10
            while len(headlines.stories) < 6 and time.monotonic() < deadline:
                await settle(pilot)
            titles = [s.title for s in headlines.stories]
            assert titles[:2] == ["Fresh 0", "Fresh 1"]
            assert headlines.new == {s.id for s in headlines.stories[:2]}
            second_line = headlines.render_line(1).text
            assert "new · " in second_line
            assert "new · " not in headlines.render_line(5).text
            # The refresh kept the cursor on its story; read stories stop showing as new.
            assert headlines.current is not None and headlines.current.title == "Old 0"
            await pilot.press("g", "m")
            assert "new · " not in headlines.render_line(1).text
