"""The "Add site" dialog: a site's address in, a checklist of its feeds, new section tabs out."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, LoadingIndicator, SelectionList, Static
from textual.widgets.selection_list import Selection

from tuinews.core.discover import Discovery, FoundFeed
from tuinews.core.service import NewsService
from tuinews.core.text import sanitize_display
from tuinews.ui.styles import screen_stylesheet_paths


def feed_prompt(feed: FoundFeed) -> Content:
    """One checklist row: the feed's title (its menu name too), item count, kind, host."""
    items = "1 item" if feed.count == 1 else f"{feed.count} items"
    menu = f" (menu: {feed.label})" if feed.label and feed.label != feed.title else ""
    return Content.assemble(
        (f"{feed.title}{menu}", "bold"),
        (f"  {items} · {feed.kind} · {sanitize_display(feed.url, cap=80)}", "dim"),
    )


class AddSiteScreen(ModalScreen[str | None]):
    """Finds a site's feeds in the background and adds the checked ones as sections.

    Dismisses with the name of the first section added (None when cancelled), after the
    config file was edited in place and the service told about the new sections.
    """

    CSS_PATH = screen_stylesheet_paths()

    HELP = """
## Add a site
Type a site's address (or a feed's) and press `enter`: its feeds are listed with their
item counts. Check the ones you want with `space`, optionally name one section for them
all, and press `ctrl+s` (or the Add button). Each checked feed becomes a tab otherwise.
"""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without adding", id="add-site.cancel"),
        Binding(
            "ctrl+s",
            "confirm",
            "Add",
            tooltip="Add the checked feeds as sections",
            id="add-site.confirm",
        ),
    ]
    """Keys of the dialog."""

    def __init__(self, service: NewsService, *, address: str = "") -> None:
        """Create the dialog.

        Args:
            service: The service whose client discovers and whose config grows.
            address: An address to start with (discovery starts at once).
        """
        super().__init__()
        self.service = service
        self.address = address
        self.found: Discovery | None = None
        """The last discovery shown."""

    def compose(self) -> ComposeResult:
        """Address, progress, checklist, section name, buttons."""
        with Vertical(id="add-site"):
            yield Label(Content("Add a site"), id="add-title")
            yield Input(
                value=self.address,
                placeholder="example.com, a page of it, or a feed URL — then enter",
                id="add-url",
            )
            yield LoadingIndicator(id="add-loading")
            yield Static("", id="add-status", markup=False)
            yield SelectionList[int](id="add-feeds")
            yield Input(placeholder="Section name (empty: one tab per feed)", id="add-section")
            with Horizontal(id="add-buttons"):
                yield Button("Add", id="add-confirm", variant="primary", disabled=True)
                yield Button("Cancel", id="add-cancel")

    def on_mount(self) -> None:
        """Focus the address; start at once when one was given."""
        self.query_one("#add-loading").display = False
        self.query_one("#add-feeds").display = False
        self.query_one("#add-section").display = False
        self.query_one("#add-url", Input).focus()
        if self.address:
            self.discover(self.address)

    def _status(self, text: str) -> None:
        self.query_one("#add-status", Static).update(Content(sanitize_display(text)))

    @on(Input.Submitted, "#add-url")
    def _address_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.discover(event.value.strip())

    @on(Input.Submitted, "#add-section")
    def _section_entered(self) -> None:
        self.action_confirm()

    @work(exclusive=True, group="discover", exit_on_error=False, description="Finding feeds")
    async def discover(self, address: str) -> None:
        """Find the feeds of `address` and list them (a newer address cancels this one)."""
        from tuinews.core.discover import discover

        checklist = self.query_one("#add-feeds", SelectionList)
        loading = self.query_one("#add-loading", LoadingIndicator)
        checklist.clear_options()
        checklist.display = False
        self.query_one("#add-confirm", Button).disabled = True
        loading.display = True
        self._status(f"Looking for feeds on {address}…")
        try:
            found = await discover(self.service.client, address, progress=self._status)
        finally:
            loading.display = False
        if self.query_one("#add-url", Input).value.strip() != address:
            return  # the user typed another address meanwhile
        self.found = found
        if not found.feeds:
            refused = f" (refused: {len(found.refused)})" if found.refused else ""
            self._status(f"{found.error}{refused}")
            return
        checklist.add_options(
            Selection(feed_prompt(feed), index, len(found.feeds) == 1)
            for index, feed in enumerate(found.feeds)
        )
        checklist.display = True
        self.query_one("#add-section").display = True
        self.query_one("#add-confirm", Button).disabled = False
        count = len(found.feeds)
        refused = f"; {len(found.refused)} refused links left out" if found.refused else ""
        self._status(
            f"{count} feed{'s' if count != 1 else ''} found{refused}. "
            "Check with space, then ctrl+s to add."
        )
        checklist.focus()

    def action_confirm(self) -> None:
        """Add the checked feeds."""
        checked = self.query_one("#add-feeds", SelectionList).selected
        if self.found is None or not checked:
            self._status("Check at least one feed (space) first.")
            return
        feeds = [self.found.feeds[index] for index in sorted(checked)]
        section = self.query_one("#add-section", Input).value.strip() or None
        self.save(feeds, section)

    @work(exclusive=True, group="add-site-save", exit_on_error=False, description="Saving")
    async def save(self, feeds: list[FoundFeed], section: str | None) -> None:
        """Edit the config file (off the event loop) and hand the new sections over."""
        import asyncio

        from tuinews.core.config import ConfigError, config_target
        from tuinews.core.discover import add_to_config

        if getattr(self.app, "demo", False):
            # The demo's sections are not in a file: adding would drop them.
            self._status("The demo site's sections are fixed: run tuinews without --demo.")
            return
        path: Path = self.service.config.path or config_target(None)
        try:
            added, config = await asyncio.to_thread(add_to_config, path, feeds, section)
        except ConfigError as error:
            self._status(str(error))
            return
        if not added:
            self._status("Those feeds are already in your sections.")
            return
        self.service.apply_config(config)
        self.notify(
            f"Added {len(added)} feed{'s' if len(added) != 1 else ''} to {path.name}.",
            markup=False,
        )
        self.dismiss(added[0][0])

    @on(Button.Pressed, "#add-confirm")
    def _confirm_pressed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#add-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close without adding."""
        self.dismiss(None)
