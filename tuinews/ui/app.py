"""The Textual app: wires the service to the screens; nothing else lives here."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tuinews.core.service import NewsService
from tuinews.ui.screens.main import MainScreen
from tuinews.ui.styles import stylesheet_paths


class TuinewsApp(App[None]):
    """A terminal news browser over a `NewsService`."""

    CSS_PATH = stylesheet_paths()
    TITLE = "tuinews"

    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave tuinews", id="app.quit"),
        Binding(
            "question_mark", "help", "Keys", tooltip="Show the keys of this screen", id="app.help"
        ),
    ]
    """Keys that work everywhere."""

    def __init__(self, service: NewsService, *, demo: bool = False) -> None:
        """Create the app.

        Args:
            service: Everything the app knows how to fetch and open.
            demo: Whether the service is over the bundled demo site.
        """
        super().__init__()
        self.service = service
        self.demo = demo
        """True when browsing the bundled demo site."""
        if demo:
            self.sub_title = "demo site"

    def get_default_screen(self) -> Screen[None]:
        """The sections and headlines."""
        return MainScreen(self.service)

    def on_mount(self) -> None:
        """Apply the configured theme and report cache trouble."""
        theme = self.service.config.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.notify(
                f"Unknown theme {theme!r}; using the default.", markup=False, severity="warning"
            )
        for notice in self.service.store.notices:
            self.notify(notice, severity="warning", markup=False)

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from tuinews.ui.screens.help import HelpScreen  # Markdown: kept off the first paint

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def on_unmount(self) -> None:
        """Close the network client and the cache."""
        await self.service.aclose()
