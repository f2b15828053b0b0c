"""Screenshots of the main screen, the reader, help and the palette (80x24, 120x40) and
of the wide layout (200x50), over the demo site frozen in time.

Update them after a deliberate change with
`python -m pytest tests/snapshots --snapshot-update` and review the SVGs in the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tuinews.ui.app import TuinewsApp
from tuinews.ui.widgets.reader_pane import ReaderPane

from .conftest import headlines_shown, idle, still_cursors

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: SnapCompare, frozen_app: TuinewsApp, size: Any) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await headlines_shown(pilot)
        await pilot.press("j")
        await idle(pilot)

    assert snap_compare(frozen_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_reader(snap_compare: SnapCompare, frozen_app: TuinewsApp, size: Any) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await headlines_shown(pilot)
        await pilot.press("enter")
        await idle(pilot)

    assert snap_compare(frozen_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: SnapCompare, frozen_app: TuinewsApp, size: Any) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await headlines_shown(pilot)
        await pilot.press("question_mark")
        await idle(pilot)

    assert snap_compare(frozen_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_palette(snap_compare: SnapCompare, frozen_app: TuinewsApp, size: Any) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await headlines_shown(pilot)
        await pilot.press("ctrl+p")
        await idle(pilot)
        still_cursors(pilot)
        await pilot.press(*"sect")
        await idle(pilot)

    assert snap_compare(frozen_app, terminal_size=size, run_before=run_before)


def test_wide_layout(snap_compare: SnapCompare, frozen_app: TuinewsApp) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await headlines_shown(pilot)
        await pilot.press("j", "enter")
        await idle(pilot)
        pane = pilot.app.screen.query_one(ReaderPane)
        assert pane.article is not None and pane.has_focus

    assert snap_compare(frozen_app, terminal_size=(200, 50), run_before=run_before)
