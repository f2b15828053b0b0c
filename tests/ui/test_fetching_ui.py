"""Refresh in the app: progress and stale copies in the status line, the feed health screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import Section
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.health import HealthScreen
from tuinews.ui.screens.main import MainScreen

from ..faultserver import Reply, fault_server, rss
from .conftest import settle, text_of, wait_for_headlines

ITEMS = [(f"Story {n}", f"https://news.example/{n}") for n in range(1, 4)]


async def test_feed_health_screen_lists_every_feed(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_headlines(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HealthScreen)
        table = app.screen.query_one(DataTable)
        feeds = [url for section in service.sections for url in section.feeds]
        assert table.row_count == len(feeds)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0] == service.sections[0].name
        assert first[3] == "updated" and first[2] == "just now"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_failed_refresh_keeps_headlines_and_says_how_old(tmp_path: Path) -> None:
    with fault_server() as server:
        replies = iter([Reply(body=rss("Feed", ITEMS)), Reply(status=503, body=b"down")])
        url = server.route("/feed", lambda _h: next(replies))
        service = NewsService(Config(sections=(Section("S", (url,)),)), Store(tmp_path / "cache"))
        app = TuinewsApp(service)
        async with app.run_test(size=(120, 30)) as pilot:
            headlines = await wait_for_headlines(pilot)
            await pilot.press("j")
            await pilot.press("r")
            await settle(pilot)
            status = text_of(pilot, "#status")
            assert "1 of 1 feeds failed" in status
            assert "showing headlines cached just now" in status
            assert "HTTP 503" in status
            assert [s.title for s in headlines.stories] == [t for t, _ in ITEMS]
            assert headlines.highlighted == 1  # the refresh did not move the cursor
