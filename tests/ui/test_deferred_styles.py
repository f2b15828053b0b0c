"""The other screens' stylesheets are read after the first paint, and still style them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from tuinews.core.service import NewsService
from tuinews.ui.app import TuinewsApp
from tuinews.ui.screens.help import HelpScreen
from tuinews.ui.styles import (
    SCREEN_STYLESHEETS,
    load_screen_styles,
    screen_stylesheet_paths,
    stylesheet_paths,
)

from .conftest import settle, wait_for_headlines

SIZE = (120, 40)


def _sheets(app: App[object]) -> set[str]:
    return {path.rsplit("/", 1)[-1] for path, _ in app.stylesheet.source if path.endswith(".tcss")}


async def test_after_the_first_paint_every_sheet_is_read_and_the_help_is_styled(
    service: NewsService,
) -> None:
    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        await settle(pilot)
        assert _sheets(app) == {"app.tcss", *SCREEN_STYLESHEETS}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        panel = app.screen.query_one("#help")
        assert panel.styles.border.top[0] == "thick"  # from screens.tcss


class _FirstSheetOnly(App[None]):
    """An app with the first paint's stylesheet only, as tuinews starts."""

    CSS_PATH = stylesheet_paths()

    def compose(self) -> ComposeResult:
        yield Static("below", id="status")


class _HelpAtOnce(_FirstSheetOnly):
    """Shows the help before anything read the other sheets."""

    def on_mount(self) -> None:
        self.push_screen(HelpScreen(self.screen))


async def test_a_screen_shown_before_the_other_sheets_are_read_brings_its_rules() -> None:
    app = _HelpAtOnce()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert _sheets(app) == {"app.tcss", *SCREEN_STYLESHEETS}
        assert app.screen.query_one("#help").styles.border.top[0] == "thick"


async def test_reading_the_other_sheets_parses_only_them() -> None:
    app = _FirstSheetOnly()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = [rule for rule in app.stylesheet.rules if rule.selectors == "#status"]
        assert _sheets(app) == {"app.tcss"} and first
        load_screen_styles(app)
        after = [rule for rule in app.stylesheet.rules if rule.selectors == "#status"]
        # The rules parsed before are kept as they were, not parsed again.
        assert [id(rule) for rule in after] == [id(rule) for rule in first]
        assert _sheets(app) == {"app.tcss", *SCREEN_STYLESHEETS}
        assert any(rule.selectors == "#help" for rule in app.stylesheet.rules)
        assert [str(path) for path in screen_stylesheet_paths()] == [
            path for path, _ in app.stylesheet.source if path.endswith(SCREEN_STYLESHEETS)
        ]


async def test_the_footer_takes_its_line_after_the_first_paint_with_the_screens_keys(
    service: NewsService,
) -> None:
    from textual.widgets import Footer

    app = TuinewsApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_headlines(pilot)
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        assert not app.screen.query("#footer-stand-in")
        shown = {key.description for key in footer.query("FooterKey").results()}
        assert {"Open", "Refresh", "Quit"} <= shown
        assert footer.region.y == SIZE[1] - 1  # the last line, as before
