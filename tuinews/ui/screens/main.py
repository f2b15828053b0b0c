"""The main screen: section tabs over the headline list, with a status line."""

from __future__ import annotations

import asyncio
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static, Tab, Tabs

from tuinews.core.config import prefetch_sections
from tuinews.core.dates import age
from tuinews.core.models import FeedStatus, Story
from tuinews.core.service import NewsService, SectionUpdate
from tuinews.core.text import sanitize_display, url_host
from tuinews.ui.open import copy_story_url, open_story_url
from tuinews.ui.widgets.headlines import HeadlineList


def _feed_problem(status: FeedStatus) -> str:
    """One feed's failure in plain words, naming its host once."""
    host = url_host(status.url)
    error = sanitize_display(status.error)
    return error if host and host in error else f"{host}: {error}"


def _tab_id(index: int) -> str:
    return f"section-{index}"


class MainScreen(Screen[None]):
    """Sections as tabs, the headlines of the active one, and what the network is doing."""

    HELP = """
## Sections and headlines
Switch sections with `tab`/`shift+tab`, `left`/`right`, `h`/`l` or `1`–`9`;
`enter` reads the highlighted story; `o` opens it in the browser.
"""

    BINDINGS = [
        Binding(
            "tab",
            "next_section",
            "Next section",
            show=False,
            priority=True,
            tooltip="Show the next section",
            id="sections.next",
        ),
        Binding(
            "shift+tab",
            "previous_section",
            "Previous section",
            show=False,
            priority=True,
            tooltip="Show the previous section",
            id="sections.previous",
        ),
        Binding(
            "right,l",
            "next_section",
            "Next section",
            show=False,
            priority=True,
            tooltip="Show the next section",
            id="sections.next-alt",
        ),
        Binding(
            "left,h",
            "previous_section",
            "Previous section",
            show=False,
            priority=True,
            tooltip="Show the previous section",
            id="sections.previous-alt",
        ),
        *(
            Binding(
                str(n),
                f"jump({n - 1})",
                f"Section {n}",
                show=False,
                tooltip=f"Show section {n}",
                id=f"sections.jump-{n}",
            )
            for n in range(1, 10)
        ),
        Binding(
            "o", "open", "Open", tooltip="Open the story in the web browser", id="headlines.open"
        ),
        Binding(
            "y", "copy_link", "Copy link", tooltip="Copy the story's link", id="headlines.copy"
        ),
        Binding(
            "r",
            "refresh",
            "Refresh",
            tooltip="Fetch this section's feeds again",
            id="sections.refresh",
        ),
        Binding(
            "H",
            "health",
            "Feed health",
            show=False,
            tooltip="Show every feed's health",
            id="sections.health",
        ),
        Binding(
            "R",
            "refresh_all",
            "Refresh all",
            show=False,
            tooltip="Fetch every section's feeds again",
            id="sections.refresh-all",
        ),
    ]
    """Keys of the main screen."""

    def __init__(self, service: NewsService) -> None:
        """Create the screen over a service."""
        super().__init__()
        self.service = service
        self.stories: dict[int, tuple[Story, ...]] = {}
        """Stories per section index, as last loaded or refreshed."""
        self.failures: dict[int, tuple[FeedStatus, ...]] = {}
        """Feeds of each section that failed at the last refresh."""
        self.refreshed: set[int] = set()
        """Sections refreshed at least once this run."""
        self.active = 0
        """Index of the section shown."""
        self._feeds_total = 0
        self._feeds_done = 0

    def compose(self) -> ComposeResult:
        """Tabs, list, empty-state message, status line, footer."""
        tabs = Tabs(
            *(
                Tab(Content(section.name), id=_tab_id(index))
                for index, section in enumerate(self.service.sections)
            ),
            id="sections",
        )
        tabs.can_focus = False
        yield tabs
        yield HeadlineList(id="headlines")
        yield Static("", id="empty", markup=False)
        yield Static("", id="status", markup=False)
        yield Footer()

    @property
    def headlines(self) -> HeadlineList:
        """The headline list."""
        return self.query_one("#headlines", HeadlineList)

    def on_mount(self) -> None:
        """Paint the cache, then refresh in the background."""
        self.headlines.focus()
        self._show_section()
        self.load_cache()

    # -- loading -----------------------------------------------------------------

    @work(group="cache", exit_on_error=False, description="Reading the cache")
    async def load_cache(self) -> None:
        """Show what the cache holds for every section, then start the refresh."""
        sections = self.service.sections
        # The visible section first: its headlines are painted before the others are read
        # (reading 100 feeds took 0.4 s beside the first render, measured).
        order = sorted(range(len(sections)), key=lambda index: index != self.active)
        for batch in (order[:1], order[1:]):
            chosen = [sections[index] for index in batch]
            # map is lazy: the cache is read in the worker thread, by list().
            cached = await asyncio.to_thread(list, map(self.service.cached_stories_sync, chosen))
            for index, stories in zip(batch, cached, strict=True):
                if index not in self.refreshed:
                    self.stories[index] = stories
            self._show_section()
        if self.service.offline:
            self.refreshed.update(range(len(sections)))
            self._set_status("Offline: showing the cache.")
            self._show_section()
            return
        self.refresh_feeds(first=self.active, force=False)

    @work(group="refresh", exclusive=True, exit_on_error=False, description="Refreshing feeds")
    async def refresh_feeds(
        self, first: int | None = None, *, only: int | None = None, force: bool = False
    ) -> None:
        """Fetch feeds: the visible section first, then the others concurrently.

        Args:
            first: The section to fetch before the others.
            only: Fetch just this section.
            force: Fetch even feeds that are still fresh.
        """
        sections = self.service.sections
        order = [only] if only is not None else list(range(len(sections)))
        if first is not None and first in order:
            order.remove(first)
            order.insert(0, first)
        self._feeds_total = sum(len(sections[i].feeds) for i in order)
        self._feeds_done = 0
        self._progress()
        await self._refresh_one(order[0], force)
        if len(order) > 1:
            await asyncio.gather(*(self._refresh_one(i, force) for i in order[1:]))
        failed = [s for i in order for s in self.failures.get(i, ())]
        stamp = datetime.now().strftime("%H:%M")
        if prefetch_sections(self.service.config):
            self.prefetch_articles()
        if not failed:
            self._set_status(f"Updated {stamp} · {self._feeds_total} feeds")
            return
        summary = f"Updated {stamp} · {len(failed)} of {self._feeds_total} feeds failed"
        oldest = min((s.fetched_at for s in failed if s.fetched_at), default=None)
        if oldest is not None:
            summary += f" · showing headlines cached {age(oldest)}"
        self._set_status(f"{summary}: " + "; ".join(_feed_problem(s) for s in failed[:3]))

    @work(
        group="prefetch",
        exclusive=True,
        exit_on_error=False,
        description="Downloading articles for offline reading",
    )
    async def prefetch_articles(self) -> None:
        """Download the articles of the sections named by settings.prefetch."""
        await self.service.prefetch(prefetch_sections(self.service.config))

    async def _refresh_one(self, index: int, force: bool) -> None:
        update = await self.service.refresh_section(
            self.service.sections[index], force=force, progress=self._feed_done
        )
        self._apply(index, update)

    def _feed_done(self, status: FeedStatus) -> None:
        self._feeds_done += 1
        self._progress()

    def _progress(self) -> None:
        if self._feeds_done < self._feeds_total:
            self._set_status(f"Refreshing {self._feeds_done}/{self._feeds_total} feeds…")

    def _apply(self, index: int, update: SectionUpdate) -> None:
        self.refreshed.add(index)
        self.failures[index] = update.failed
        self.stories[index] = update.stories
        if index == self.active:
            self._show_section()

    # -- showing -----------------------------------------------------------------

    def _show_section(self) -> None:
        """Put the active section's stories in the list, keeping the cursor's story."""
        stories = self.stories.get(self.active, ())
        headlines = self.headlines
        current = headlines.current
        if headlines.stories != stories:
            headlines.show(stories, read=self._read(stories), keep=current.id if current else None)
        empty = self.query_one("#empty", Static)
        message = self._empty_message()
        empty.update(message)
        empty.display = bool(message)
        headlines.display = not message
        # Hiding the list for an empty section drops its focus; take it back when shown.
        if headlines.display and self.focused is None and self.app.screen is self:
            headlines.focus()

    def _empty_message(self) -> str:
        if self.stories.get(self.active):
            return ""
        if self.active not in self.refreshed:
            return "Loading headlines…"
        failures = self.failures.get(self.active, ())
        section = self.service.sections[self.active]
        if failures and len(failures) == len(section.feeds):
            reasons = "\n".join(f"  {_feed_problem(s)}" for s in failures[:6])
            hint = (
                "Nothing is cached yet. Check the network connection and press r to try "
                "again, or run `tuinews --demo` to browse the bundled sample site."
            )
            if self.service.offline:
                hint = "Offline, and nothing is cached for this section."
            return f"No stories: no feed of {section.name} could be fetched.\n\n{reasons}\n\n{hint}"
        return f"No stories in {section.name} yet. Press r to refresh."

    def _read(self, stories: tuple[Story, ...]) -> set[str]:
        return self.service.state.read_among(story.id for story in stories)

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(text))

    # -- sections ----------------------------------------------------------------

    def select_section(self, index: int) -> None:
        """Show the section at `index` (wrapping around)."""
        count = len(self.service.sections)
        if not count:
            return
        index %= count
        self.query_one(Tabs).active = _tab_id(index)

    @on(Tabs.TabActivated, "#sections")
    def _section_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab.id is None:
            return
        index = int(event.tab.id.rsplit("-", 1)[1])
        if index == self.active and self.headlines.stories == self.stories.get(index, ()):
            return
        self.active = index
        stories = self.stories.get(index, ())
        self.headlines.show(stories, read=self._read(stories))
        self._show_section()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide section jumps past the last section."""
        if action == "jump" and parameters:
            index = parameters[0]
            return isinstance(index, int) and index < len(self.service.sections)
        return True

    def action_next_section(self) -> None:
        """Show the next section."""
        self.select_section(self.active + 1)

    def action_previous_section(self) -> None:
        """Show the previous section."""
        self.select_section(self.active - 1)

    def action_jump(self, index: int) -> None:
        """Show section `index` (0-based), if there is one."""
        if index < len(self.service.sections):
            self.select_section(index)

    def action_refresh(self) -> None:
        """Fetch the active section's feeds again."""
        self.refresh_feeds(only=self.active, force=True)

    def action_refresh_all(self) -> None:
        """Fetch every feed again."""
        self.refresh_feeds(first=self.active, force=True)

    def action_health(self) -> None:
        """Show the feed health screen."""
        from tuinews.ui.screens.health import HealthScreen

        self.app.push_screen(HealthScreen(self.service))

    # -- stories -----------------------------------------------------------------

    @on(OptionList.OptionSelected, "#headlines")
    def _story_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_read()

    def action_read(self) -> None:
        """Open the highlighted story in the reader."""
        headlines = self.headlines
        if headlines.current is None or headlines.highlighted is None:
            return
        self.service.state.mark_read(headlines.current.id)
        headlines.mark(headlines.current.id)
        from tuinews.ui.screens.reader import ReaderScreen  # Markdown: kept off the first paint

        self.app.push_screen(
            ReaderScreen(self.service, headlines.stories, headlines.highlighted),
            callback=self._back_from_reader,
        )

    def _back_from_reader(self, story_id: str | None) -> None:
        if story_id is None:
            return
        # Stories read with n/p in the reader are marked there; show them as read here.
        read = self._read(self.headlines.stories)
        for fresh in read - self.headlines.read:
            self.headlines.mark(fresh)
        for index, story in enumerate(self.headlines.stories):
            if story.id == story_id:
                self.headlines.highlighted = index
                return

    def action_open(self) -> None:
        """Open the highlighted story in the web browser."""
        story = self.headlines.current
        if story is not None:
            open_story_url(self, self.service, story.url)

    def action_copy_link(self) -> None:
        """Copy the highlighted story's link to the clipboard."""
        story = self.headlines.current
        if story is not None:
            copy_story_url(self, story.url)
