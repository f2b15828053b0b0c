"""Feed health: every feed, its last success, last result, latency, 304s, next refresh."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tuinews.core.health import HEADERS, health_rows
from tuinews.core.service import NewsService
from tuinews.ui.styles import screen_stylesheet_paths


class HealthScreen(Screen[None]):
    """A table of every feed's health, so a broken feed and its reason are easy to see."""

    CSS_PATH = screen_stylesheet_paths()

    HELP = """
## Feed health
One row per feed: when it last worked, what the last fetch gave, how fast, how often the
server answered 304 Not Modified, since when it fails, and when it is fetched next.
"""

    BINDINGS = [
        Binding("escape,H", "close", "Back", tooltip="Back to the headlines", id="health.close"),
        Binding("r", "reload", "Reload", tooltip="Read the table again", id="health.reload"),
    ]
    """Keys of the feed health screen."""

    def __init__(self, service: NewsService) -> None:
        """Create the screen over a service."""
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        """Title, table, footer."""
        yield Static(Content("Feed health"), id="health-title")
        yield DataTable(id="health-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        table.add_columns(*HEADERS)
        table.focus()
        self.load()

    @work(exclusive=True, group="health", exit_on_error=False, description="Reading feed health")
    async def load(self) -> None:
        """Read every feed's status from the cache and show it."""
        statuses = await self.service.feed_statuses()
        table = self.query_one(DataTable)
        table.clear()
        for row in health_rows(self.service.sections, statuses):
            # Content, never markup: titles and errors come from the network.
            table.add_row(*(Content(cell) for cell in row))

    def action_reload(self) -> None:
        """Read the table again."""
        self.load()

    def action_close(self) -> None:
        """Back to the headlines."""
        self.dismiss()
