"""The Textual app: wires the service to the screens; nothing else lives here."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.events import Resize
from textual.screen import Screen

from tuinews.core.prefs import Preferences
from tuinews.core.service import NewsService
from tuinews.ui.keymap import check_keymap, keymap_clashes, problems_message
from tuinews.ui.screens.main import WIDE_COLUMNS, MainScreen
from tuinews.ui.styles import stylesheet_paths


def tuinews_commands() -> type[Provider]:
    """The palette's provider of tuinews commands, imported when the palette first opens."""
    from tuinews.ui.commands import TuinewsCommands

    return TuinewsCommands


class TuinewsApp(App[None]):
    """A terminal news browser over a `NewsService`."""

    CSS_PATH = stylesheet_paths()
    TITLE = "tuinews"
    COMMANDS = App.COMMANDS | {tuinews_commands}

    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave tuinews", id="app.quit"),
        Binding(
            "question_mark", "help", "Keys", tooltip="Show the keys of this screen", id="app.help"
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            tooltip="Jump to a section or story, refresh, change the theme",
            id="app.commands",
        ),
    ]
    """Keys that work everywhere."""

    def __init__(
        self, service: NewsService, *, demo: bool = False, prefs: Preferences | None = None
    ) -> None:
        """Create the app.

        Args:
            service: Everything the app knows how to fetch and open.
            demo: Whether the service is over the bundled demo site.
            prefs: Where the chosen theme is remembered; in memory for this run when None.
        """
        super().__init__()
        self.service = service
        self.demo = demo
        """True when browsing the bundled demo site."""
        self.prefs = prefs if prefs is not None else Preferences(None)
        """Choices made in the app (the theme), remembered across runs."""
        self._theme_applied = False
        if demo:
            self.sub_title = "demo site"

    def on_resize(self, event: Resize) -> None:
        """Put the reader beside the list at 160 columns and more, on its own screen below."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.set_wide(event.size.width >= WIDE_COLUMNS)

    def get_default_screen(self) -> Screen[None]:
        """The sections and headlines."""
        return MainScreen(self.service)

    def on_mount(self) -> None:
        """Apply the keymap and the theme, and report config or cache trouble."""
        keymap, problems = check_keymap(self.service.config.keys)
        self.set_keymap(keymap)
        message = problems_message(
            [*self.service.config.key_problems, *problems], keymap_clashes(keymap)
        )
        if message:
            self.notify(message, severity="warning", markup=False, timeout=12)
        self._apply_start_theme()
        self._theme_applied = True
        for notice in [*self.service.store.notices, *self.prefs.notices]:
            self.notify(notice, severity="warning", markup=False)

    def _apply_start_theme(self) -> None:
        configured = self.service.config.settings.theme
        remembered = self.prefs.theme
        if remembered is not None and remembered in self.available_themes:
            self.theme = remembered
        elif configured in self.available_themes:
            self.theme = configured
        else:
            self.notify(
                f"Unknown theme {configured!r}; using the default.",
                markup=False,
                severity="warning",
            )

    def watch_theme(self, name: str) -> None:
        """Remember a theme the user picked (palette, theme picker); not the start one."""
        if self._theme_applied and name != self.prefs.theme:
            self.prefs.set_theme(name)
            for notice in self.prefs.notices:
                self.notify(notice, severity="warning", markup=False)
            self.prefs.notices.clear()

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from tuinews.ui.screens.help import HelpScreen  # Markdown: kept off the first paint

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def on_unmount(self) -> None:
        """Close the network client and the cache."""
        await self.service.aclose()
