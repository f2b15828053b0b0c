"""Fixed inputs for screenshots: a demo site frozen in time, UTC, no blinking cursor.

The demo site dates its stories backwards from a fixed moment, the service's clock says
that moment, and the local zone is UTC, so every date on screen is the same on every run
and machine. Regenerate the SVGs after a deliberate change to the screens with
`python -m pytest tests/snapshots --snapshot-update`, and look at them before committing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from tuinews.core.cache import Store
from tuinews.core.config import Config, Settings
from tuinews.core.service import NewsService
from tuinews.demo.server import DemoServer
from tuinews.ui.app import TuinewsApp
from tuinews.ui.widgets.headlines import HeadlineList

#: The present of every screenshot: the demo site's "now" and the app's clock.
FROZEN = datetime(2024, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """Dates are written in the local zone: make it UTC for the test, then put it back."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="session")
def frozen_site() -> Iterator[DemoServer]:
    """The demo site as it was at `FROZEN`."""
    with DemoServer(now=FROZEN) as server:
        yield server


@pytest.fixture
def frozen_app(frozen_site: DemoServer, tmp_path: Path) -> TuinewsApp:
    """The app over the frozen demo site, a fresh cache, and a clock stopped at `FROZEN`."""
    config = Config(sections=tuple(frozen_site.sections()), settings=Settings())
    service = NewsService(config, Store(tmp_path / "cache"))
    service.clock = lambda: FROZEN
    return TuinewsApp(service)


async def idle(pilot: Pilot[object]) -> None:
    """Wait for every worker (superseded ones are cancelled on purpose) and a repaint."""
    for _ in range(2):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass
        await pilot.pause()


async def headlines_shown(pilot: Pilot[object], timeout: float = 15.0) -> None:
    """Wait, with a deadline, until the refresh is done and the list shows stories."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await idle(pilot)
        status = str(pilot.app.screen.query_one("#status").render())
        if pilot.app.screen.query_one(HeadlineList).stories and "Updated" in status:
            return
    raise AssertionError("the headlines never appeared")


def still_cursors(pilot: Pilot[object]) -> None:
    """Stop every text cursor blinking, so a screenshot never catches it half-way."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
