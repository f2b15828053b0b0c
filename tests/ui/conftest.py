"""Pilot helpers: wait for the app's work instead of sleeping."""

from __future__ import annotations

import time

from textual.pilot import Pilot
from textual.widgets import Static

from tuinews.ui.widgets.headlines import HeadlineList


async def settle(pilot: Pilot[object]) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for_headlines(pilot: Pilot[object], timeout: float = 15.0) -> HeadlineList:
    """Wait (with a deadline) until the headline list shows stories."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await settle(pilot)
        headlines = pilot.app.screen.query_one("#headlines", HeadlineList)
        if headlines.stories:
            return headlines
    raise AssertionError("no headlines appeared")


def text_of(pilot: Pilot[object], selector: str) -> str:
    """The plain text a Static shows."""
    widget = pilot.app.screen.query_one(selector, Static)
    return str(widget.content)
