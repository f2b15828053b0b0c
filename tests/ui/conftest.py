"""Pilot helpers: wait for the app's work instead of sleeping."""

from __future__ import annotations

import asyncio
import time

from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import Worker, WorkerCancelled

from tuinews.ui.widgets.headlines import HeadlineList


async def _workers_done(pilot: Pilot[object]) -> None:
    """Wait for every worker; one cancelled meanwhile (an exclusive worker replaced by a
    newer one, as the reader pane's cursor-following is) counts as done."""

    async def done(worker: Worker[object]) -> None:
        try:
            await worker.wait()
        except WorkerCancelled:
            pass

    await asyncio.gather(*(done(worker) for worker in pilot.app.workers))


async def settle(pilot: Pilot[object]) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    await _workers_done(pilot)
    await pilot.pause()
    await _workers_done(pilot)
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
