"""`o` typed right after `q`: the app quits cleanly, with no open panel half built."""

from __future__ import annotations

from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp

from .conftest import wait_for_headlines


async def test_q_then_o_quits_without_an_error(service: NewsService) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_headlines(pilot)
        app.simulate_key("q")
        app.simulate_key("o")
        await pilot.pause()
    assert app.return_code == 0
