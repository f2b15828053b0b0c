"""The section tabs: one widget draws every tab, scrolls to the active one, maps clicks."""

from __future__ import annotations

from pathlib import Path

from tuinews.core.cache import Store
from tuinews.core.config import Config
from tuinews.core.models import Section
from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.main import MainScreen

from .conftest import settle


def _tabs_line(screen: MainScreen) -> str:
    return screen.tabs.render_line(0).text


async def test_many_sections_scroll_to_the_active_tab_and_clicks_follow(
    tmp_path: Path,
) -> None:
    # Twelve sections and Saved do not fit in 80 columns: the active tab stays in view.
    sections = tuple(
        Section(f"Section {n:02}", (f"http://127.0.0.1:9/{n}/feed/",)) for n in range(1, 13)
    )
    service = NewsService(Config(sections=sections), Store(tmp_path / "cache"), offline=True)
    app = TuinewsApp(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert "Section 01" in _tabs_line(screen) and "Saved" not in _tabs_line(screen)
        await pilot.press("9")
        await settle(pilot)
        assert screen.active == 8 and "Section 09" in _tabs_line(screen)
        await pilot.press("tab", "tab", "tab", "tab")
        await settle(pilot)
        assert screen.active == 12  # Saved, the last tab
        line = _tabs_line(screen)
        assert "Saved" in line and "Section 01" not in line
        # A click lands on the tab drawn under the mouse, scrolled or not.
        column = line.index("Section 12")
        await pilot.click("#sections", offset=(column + 2, 0))
        await settle(pilot)
        assert screen.active == 11 and screen.tabs.active == 11
        # The bar under the labels is highlighted under the active label only.
        bar = screen.tabs.render_line(1)
        assert len(bar.text) == 80 and set(bar.text) <= {"━", "╺", "╸"}
    await service.aclose()
