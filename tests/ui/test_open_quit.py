"""Keys typed while the app quits: it ends cleanly, nothing half built, paints freed."""

from __future__ import annotations

import threading
from pathlib import Path

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import Section
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.reader import ReaderScreen

from ..faultserver import Reply, fault_server
from .conftest import settle, wait_for_headlines
from .newsfeed import GrowingFeed, hours_ago


async def test_q_then_o_quits_without_an_error(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_headlines(pilot)
        app.simulate_key("q")
        app.simulate_key("o")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_while_an_article_loads_quits_and_frees_the_paints(
    tmp_path: Path,
) -> None:
    # The reader holds the app's paints while a page comes; quitting meanwhile must end
    # cleanly, the hold released.
    release = threading.Event()

    def slow_page(_headers: dict[str, str]) -> Reply:
        release.wait(10)
        return Reply(status=503, body=b"busy")

    with fault_server() as server:
        feed = GrowingFeed(server.url("/story/"))
        feed.add(2, "Story", hours_ago(1))
        fast, slow = feed.items
        server.route(fast.guid.removeprefix(server.base), Reply(status=503, body=b"no"))
        server.route(slow.guid.removeprefix(server.base), slow_page)
        url = server.route("/feed", feed.reply)
        config = Config(sections=(Section("S", (url,)),))
        app = TuinewsApp(NewsService(config, Store(tmp_path / "cache")))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await wait_for_headlines(pilot)
                await pilot.press("enter")  # the first story builds the reader
                await settle(pilot)
                reader = app.screen
                assert isinstance(reader, ReaderScreen) and reader.article is not None
                await pilot.press("escape")
                await settle(pilot)
                reader.paint_hold.limit = 30.0  # the page never comes while the test runs
                await pilot.press("j", "enter")
                assert app.screen is reader and reader.current.title == slow.title
                assert reader.paint_hold.held  # the paints wait for the article
                app.simulate_key("q")
                await pilot.pause()
        finally:
            release.set()
    assert app.return_code == 0
    assert not reader.paint_hold.held
