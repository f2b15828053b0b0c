"""The main screen: section tabs over the headline list, with a status line."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker

from tuinews.core.config import prefetch_sections
from tuinews.core.dates import age
from tuinews.core.models import FeedStatus, Story
from tuinews.core.service import NewsService, SectionUpdate
from tuinews.core.text import sanitize_display, url_host
from tuinews.ui.errors import report_failed_worker
from tuinews.ui.styles import load_screen_styles
from tuinews.ui.widgets.headlines import HeadlineList
from tuinews.ui.widgets.section_tabs import SectionTabs

if TYPE_CHECKING:
    # Both load Textual's Markdown (markdown_it, pygments): imported when first shown.
    from tuinews.ui.screens.reader import ReaderScreen
    from tuinews.ui.widgets.reader_pane import ReaderPane

#: Terminals this wide or wider show the headline list and the reader pane side by side.
WIDE_COLUMNS = 160


def _feed_problem(status: FeedStatus) -> str:
    """One feed's failure in plain words, naming its host once."""
    host = url_host(status.url)
    error = sanitize_display(status.error)
    return error if host and host in error else f"{host}: {error}"


class MainScreen(Screen[None]):
    """Sections as tabs, the headlines of the active one, and what the network is doing."""

    HELP = """
## Sections and headlines
Switch sections with `tab`/`shift+tab`, `left`/`right`, `h`/`l` or `1`–`9`; the last tab,
Saved, lists the stories you saved. A tab shows how many of its stories are unread.
`enter` reads the highlighted story; `o` opens it in the browser. `m` marks it read or
unread, `s` saves it (its text is kept for reading offline), `N` goes to the next unread
story. `A` marks the whole section read, `u` undoes that. `/` filters the list as you
type (`enter` keeps the filter, `escape` clears it); `ctrl+f` searches every section.
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
            "a",
            "add_site",
            "Add site",
            show=False,
            tooltip="Find a site's feeds and add them as section tabs",
            id="sections.add",
        ),
        Binding(
            "R",
            "refresh_all",
            "Refresh all",
            show=False,
            tooltip="Fetch every section's feeds again",
            id="sections.refresh-all",
        ),
        Binding(
            "m",
            "toggle_read",
            "Read/unread",
            show=False,
            tooltip="Mark the highlighted story read or unread",
            id="headlines.toggle-read",
        ),
        Binding(
            "s",
            "toggle_saved",
            "Save",
            tooltip="Save the story (its text is kept for reading offline), or unsave it",
            id="headlines.save",
        ),
        Binding(
            "N",
            "next_unread",
            "Next unread",
            show=False,
            tooltip="Highlight the next unread story",
            id="headlines.next-unread",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="Filter this list by title and summary as you type",
            id="headlines.filter",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            tooltip="Show the whole list again",
            id="headlines.clear-filter",
        ),
        Binding(
            "ctrl+f",
            "search",
            "Find",
            tooltip="Search the stories of every section",
            id="app.search",
        ),
        Binding(
            "A",
            "mark_section_read",
            "All read",
            show=False,
            tooltip="Mark every story of this section read (u undoes)",
            id="section.mark-read",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            show=False,
            tooltip="Undo the last 'all read'",
            id="section.undo",
        ),
    ]
    """Keys of the main screen."""

    def __init__(self, service: NewsService) -> None:
        """Create the screen over a service."""
        super().__init__()
        self.service = service
        self.stories: dict[int, tuple[Story, ...]] = {}
        """Stories per section index, as last loaded or refreshed."""
        self.saved: tuple[Story, ...] = ()
        """The saved stories (the Saved tab, after the sections), newest first."""
        self.failures: dict[int, tuple[FeedStatus, ...]] = {}
        """Feeds of each section that failed at the last refresh."""
        self.refreshed: set[int] = set()
        """Sections refreshed at least once this run."""
        self.active = 0
        """Index of the tab shown."""
        self.undo_stack: list[tuple[str, ...]] = []
        """Stories each 'all read' marked, for `u` to mark unread again."""
        self._cursor: dict[int, str] = {}
        self._new_since: dict[int, float | None] = {}
        self._loaded = False
        self._empty_shown = ""
        self._marks_lock = asyncio.Lock()
        self._feeds_total = 0
        self._feeds_done = 0
        self._reader: ReaderScreen | None = None
        self._pane: ReaderPane | None = None
        self._filter: Input | None = None

    @property
    def saved_index(self) -> int:
        """Index of the Saved tab (after the sections)."""
        return len(self.service.sections)

    def tab_stories(self, index: int) -> tuple[Story, ...]:
        """The stories of tab `index`: a section's, or the saved ones for the last tab."""
        if index == self.saved_index:
            return self.saved
        return self.stories.get(index, ())

    def _tab_name(self, index: int) -> str:
        sections = self.service.sections
        return sections[index].name if index < len(sections) else "Saved"

    def compose(self) -> ComposeResult:
        """Tabs, list, empty-state message, filter, status line, footer."""
        yield SectionTabs(self._tab_labels(), id="sections")
        yield HeadlineList(id="headlines")
        if self.wide or self.app.size.width >= WIDE_COLUMNS:
            # Only a wide terminal shows it; a narrow one mounts it when it grows.
            yield self._new_pane()
        yield Static("", id="empty", markup=False)
        # The filter line (an Input) is mounted the first time `/` asks for it.
        yield Static("", id="status", markup=False)
        # The footer's line, until `load_cache` puts the footer there after the first
        # paint (it shows no keys before that anyway): Textual's Footer costs ~8 ms to
        # import and style.
        yield Static("", id="footer-stand-in", markup=False)

    @property
    def headlines(self) -> HeadlineList:
        """The headline list."""
        return self.query_one("#headlines", HeadlineList)

    @property
    def filter_input(self) -> Input | None:
        """The filter line under the list; None until `/` first asks for it."""
        return self._filter

    def on_mount(self) -> None:
        """Paint the cache, then refresh in the background."""
        self.headlines.focus()
        self._show_cached_first()
        self.load_cache()
        if self.wide and self._pane is None:  # wide since after compose
            self.call_later(self._mount_pane)

    def on_unmount(self) -> None:
        """Give what `load_cache` froze back to the cycle collector."""
        gc.unfreeze()

    # -- loading -----------------------------------------------------------------

    def _show_cached_first(self) -> None:
        """Fill the list with the cached stories of the tab shown, before the first paint.

        Read here, on the event loop, on purpose: the tab's own feeds only (10-20 ms for
        200 stories, mostly building them), which in a thread took 0.15 s beside
        Textual's first layout (the GIL) and painted the list a frame later.
        """
        sections = self.service.sections
        state = self.service.state
        state.load()
        if self.active < len(sections):
            if self.active not in self.refreshed:
                self.stories[self.active] = self.service.cached_section_sync(sections[self.active])
        else:
            self.saved = state.saved_stories()
        self._visit(self.active)
        self._show_section()

    @work(group="cache", exit_on_error=False, description="Reading the cache")
    async def load_cache(self) -> None:
        """After the first paint, read every section's cache; then start the refresh.

        The tab shown was filled by `_show_cached_first`; the other sections give its
        shared ids, "also in" badges and the unread counts of every tab.
        """
        sections = self.service.sections
        state = self.service.state
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        await painted.wait()
        await self._mount_footer()
        # `tuinews` starts with the cycle collector off (its passes over Textual's import
        # cost ~40 ms before the first paint): what start-up built lives as long as the
        # app, so it is frozen out of the collector's way, and collection goes back on.
        gc.freeze()
        gc.enable()
        # The other screens' rules, left out of the first frame's stylesheet (~15 ms).
        load_screen_styles(self.app)
        first = sections[self.active].feeds if self.active < len(sections) else ()

        def read() -> tuple[list[tuple[Story, ...]], tuple[Story, ...]]:
            return self.service.cached_sections_sync(skip=first), state.saved_stories()

        cached, saved = await asyncio.to_thread(read)
        for index, stories in enumerate(cached):
            if index not in self.refreshed:
                self.stories[index] = stories
        self.saved = saved
        self._loaded = True
        # What is loaded now lives as long as the app: leave it out of the cycle
        # collector's full passes, which otherwise stall a keystroke every few seconds
        # (~50 ms with 10,000 stories).
        gc.freeze()
        self._show_section()
        self._update_tabs()
        for notice in state.notices:
            self.notify(notice, severity="warning", markup=False)
        if self.service.offline:
            self.refreshed.update(range(len(sections)))
            self._set_status("Offline: showing the cache.")
            self._show_section()
            return
        self.refresh_feeds(first=self.active, force=False)

    async def _mount_footer(self) -> None:
        """Put the keys footer in place of its stand-in, in one frame.

        Once: `load_cache` runs again when sections are added, and finds no stand-in.
        """
        stand_ins = self.query("#footer-stand-in")
        if not stand_ins:
            return
        stand_in = stand_ins.first()
        from tuinews.ui.widgets.footer import KeysFooter

        with self.app.batch_update():
            await self.mount(KeysFooter(), before=stand_in)
            await stand_in.remove()
        self.refresh_bindings()  # the footer shows the keys when the screen announces them

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
        if not order:
            return
        self._feeds_total = sum(len(sections[i].feeds) for i in order)
        self._feeds_done = 0
        self._progress()
        await self._refresh_one(order[0], force)
        if len(order) > 1:
            await asyncio.gather(*(self._refresh_one(i, force) for i in order[1:]))
            # One story once: "also in" badges need every section's latest stories.
            for index in order:
                self.stories[index] = await asyncio.to_thread(
                    self.service.assemble, sections[index]
                )
            self._show_section()
        failed = [s for i in order for s in self.failures.get(i, ())]
        stamp = self.service.now().astimezone().strftime("%H:%M")
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
        self._update_tabs()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    # -- showing -----------------------------------------------------------------

    def _show_section(self) -> None:
        """Put the active tab's stories in the list, keeping the cursor's story.

        Never moves the focus, except to give it back to the list when nothing has it.
        """
        stories = self.tab_stories(self.active)
        headlines = self.headlines
        if headlines.all_stories != stories:
            current = headlines.current
            keep = current.id if current is not None else self._cursor.get(self.active)
            self._fill(stories, keep)
        self._update_empty()

    def _fill(self, stories: tuple[Story, ...], keep: str | None) -> None:
        ids = [story.id for story in stories]
        state = self.service.state
        since = self._new_since.get(self.active)
        new: set[str] = set()
        if since is not None:
            new = {s.id for s in stories if s.published and s.published.timestamp() > since}
        self.headlines.show(
            stories,
            read=self._read(stories),
            saved=state.saved_among(ids),
            new=new,
            keep=keep,
        )

    def _read(self, stories: tuple[Story, ...]) -> set[str]:
        """Ids of `stories` that were read."""
        return self.service.state.read_among(story.id for story in stories)

    def _update_empty(self) -> None:
        headlines = self.headlines
        empty = self.query_one("#empty", Static)
        message = self._empty_message()
        if message != self._empty_shown:
            # Only on change: an update lays the screen out again (each filter keystroke).
            self._empty_shown = message
            empty.update(message)
        empty.display = bool(message)
        if headlines.display != (not message):
            headlines.display = not message
            if headlines.display:
                headlines.refresh()  # repaints asked for while hidden were dropped
        # Hiding the list for an empty section drops its focus; take it back when shown.
        if headlines.display and self.focused is None and self.app.screen is self:
            headlines.focus()

    def _empty_message(self) -> str:
        headlines = self.headlines
        if headlines.filter_text and headlines.all_stories and not headlines.stories:
            return (
                f"No story here matches “{headlines.filter_text}”.\n\n"
                "Change the filter, or press escape to clear it and see the whole list."
            )
        if self.tab_stories(self.active):
            return ""
        if self.active == self.saved_index:
            if not self._loaded:
                return "Loading saved stories…"
            return (
                "Nothing saved yet.\n\nPress s on a headline to keep it here, with its text "
                "for reading offline; press s again to let it go."
            )
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

    def _tab_labels(self) -> list[Content]:
        """The tabs' labels before any count: the sections' names, then Saved."""
        return [Content(self._tab_name(index)) for index in range(self.saved_index + 1)]

    @property
    def tabs(self) -> SectionTabs:
        """The section tabs."""
        return self.query_one("#sections", SectionTabs)

    def _update_tabs(self) -> None:
        """Put the unread count in each section's tab label, and the count of saved."""
        state = self.service.state
        tabs = self.tabs
        for index in range(self.saved_index + 1):
            stories = self.tab_stories(index)
            if index == self.saved_index:
                count = len(stories)
            else:
                count = len(stories) - len(state.read_among(s.id for s in stories))
            label = Content.assemble(
                self._tab_name(index), (f" {count}" if count else "", "$text-accent")
            )
            tabs.set_label(index, label)

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(text))

    def _visit(self, index: int) -> None:
        """Remember the visit of a section; stories since the previous one show as new."""
        if index >= len(self.service.sections):
            return
        name = self.service.sections[index].name
        self._new_since[index] = self.service.state.last_visit(name)
        self.service.state.set_visit(name)

    # -- sections ----------------------------------------------------------------

    def select_section(self, index: int) -> None:
        """Show the tab at `index` (wrapping around)."""
        count = self.saved_index + 1
        index %= count
        self._activate(index)
        self.tabs.select(index)

    def _activate(self, index: int) -> None:
        if index == self.active and self.headlines.all_stories == self.tab_stories(index):
            return
        current = self.headlines.current
        if current is not None:
            self._cursor[self.active] = current.id
        self.active = index
        self._clear_filter_input()
        if self._loaded:
            self._visit(index)
        self._fill(self.tab_stories(index), self._cursor.get(index))
        self._update_empty()

    @on(SectionTabs.Activated, "#sections")
    def _section_activated(self, event: SectionTabs.Activated) -> None:
        self._activate(event.index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot be done now: jumps past the last tab, clearing no filter, ..."""
        if action in ("next_section", "previous_section", "jump") and isinstance(
            self.focused, Input
        ):
            return False  # keys typed into the filter are text
        if action == "jump" and parameters:
            index = parameters[0]
            return isinstance(index, int) and index <= self.saved_index
        if action == "clear_filter":
            shown = self._filter is not None and self._filter.display
            return bool(self.headlines.filter_text or shown)
        if action == "undo":
            return bool(self.undo_stack) or None
        if action in ("refresh",) and self.active == self.saved_index:
            return False
        return True

    def action_next_section(self) -> None:
        """Show the next section."""
        self.select_section(self.active + 1)

    def action_previous_section(self) -> None:
        """Show the previous section."""
        self.select_section(self.active - 1)

    def action_jump(self, index: int) -> None:
        """Show tab `index` (0-based), if there is one."""
        if index <= self.saved_index:
            self.select_section(index)

    def action_show_saved(self) -> None:
        """Show the Saved tab (for the command palette too)."""
        self.select_section(self.saved_index)

    def action_refresh(self) -> None:
        """Fetch the active section's feeds again."""
        if self.active < self.saved_index:
            self.refresh_feeds(only=self.active, force=True)

    def action_refresh_all(self) -> None:
        """Fetch every feed again."""
        self.refresh_feeds(first=self.active, force=True)

    @work(group="add-site", exclusive=True, exit_on_error=False, description="Adding a site")
    async def action_add_site(self) -> None:
        """Find a site's feeds and add the chosen ones as section tabs, no restart."""
        from tuinews.ui.screens.add_site import AddSiteScreen

        added = await self.app.push_screen_wait(AddSiteScreen(self.service))
        if added is not None:
            await self.reload_sections(select=added)

    async def reload_sections(self, select: str | None = None) -> None:
        """Show the service's sections again after the config changed; fetch what is new.

        Args:
            select: The name of the section to show (else the first).
        """
        sections = self.service.sections
        self.stories.clear()
        self.failures.clear()
        self.refreshed.clear()
        # Cursors and visits are kept by tab position, which the new sections changed.
        self._cursor.clear()
        self._new_since.clear()
        names = [section.name for section in sections]
        self.active = names.index(select) if select in names else 0
        self.tabs.set_labels(self._tab_labels(), self.active)  # the sections, then Saved
        self._show_cached_first()
        self.load_cache()

    def action_health(self) -> None:
        """Show the feed health screen."""
        from tuinews.ui.screens.health import HealthScreen

        self.app.push_screen(HealthScreen(self.service))

    # -- filter and search ---------------------------------------------------------

    async def action_filter(self) -> None:
        """Show the filter line and type into it; the list narrows as you type."""
        filter_input = self._filter
        if filter_input is None:
            # No validation: it would toggle a CSS class (and restyle the screen) on typing.
            filter_input = Input(
                placeholder="Filter by title and summary", id="filter", validate_on=()
            )
            self._filter = filter_input
            await self.mount(filter_input, before=self.query_one("#status"))
        filter_input.display = True
        filter_input.focus()
        self.headlines.prepare_filter()
        self.refresh_bindings()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.headlines.filter(event.value)
        self._update_empty()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._clear_filter_input()
        if self.headlines.stories:
            self.headlines.focus()

    def action_clear_filter(self) -> None:
        """Clear the filter and go back to the whole list."""
        self._clear_filter_input()
        self._update_empty()
        self.headlines.focus()

    def _clear_filter_input(self) -> None:
        filter_input = self._filter
        if filter_input is not None:
            if filter_input.value:
                with filter_input.prevent(Input.Changed):
                    filter_input.value = ""
            filter_input.display = False
        self.headlines.filter("")
        self.refresh_bindings()

    def action_search(self) -> None:
        """Search the stories of every section; the one chosen opens in the reader."""
        from tuinews.ui.screens.search import SearchScreen

        entries: list[tuple[int, str, Story]] = []
        seen: set[str] = set()
        for index in range(self.saved_index + 1):
            for story in self.tab_stories(index):
                if story.id not in seen:
                    seen.add(story.id)
                    entries.append((index, self._tab_name(index), story))
        self.app.push_screen(SearchScreen(entries), callback=self._found)

    def _found(self, found: tuple[int, str] | None) -> None:
        if found is None:
            return
        index, story_id = found
        self.select_section(index)
        self._clear_filter_input()
        position = self.headlines.index_of(story_id)
        if position is None:
            return
        self.headlines.highlighted = position
        self.action_read()

    # -- read state ------------------------------------------------------------------

    def _marked(self) -> None:
        """Read marks changed: the counts on the tabs follow."""
        self._update_tabs()

    def action_toggle_read(self) -> None:
        """Mark the highlighted story read, or unread again."""
        story = self.headlines.current
        if story is None:
            return
        read = story.id not in self.headlines.read
        self.service.state.mark_read(story.id, read)
        self.headlines.mark(story.id, read)
        self._marked()

    def action_mark_section_read(self) -> None:
        """Mark every story of the tab read; `u` undoes it."""
        stories = self.tab_stories(self.active)
        unread = tuple(s.id for s in stories if s.id not in self.headlines.read)
        if not unread:
            self.notify("Every story here is read already.", markup=False)
            return
        self.headlines.mark_all(unread)
        self.undo_stack.append(unread)
        self.refresh_bindings()
        self.save_marks(unread, True)
        self.notify(f"Marked {len(unread)} stories read. Press u to undo.", markup=False)

    def action_undo(self) -> None:
        """Mark unread again the stories the last 'all read' marked."""
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        ids = self.undo_stack.pop()
        self.headlines.mark_all(ids, read=False)
        self.refresh_bindings()
        self.save_marks(ids, False)
        self.notify(f"{len(ids)} stories unread again.", markup=False)

    @work(group="marks", exit_on_error=False, description="Saving read marks")
    async def save_marks(self, story_ids: tuple[str, ...], read: bool) -> None:
        """Mark many stories read or unread; the disk writes run in a thread, in order."""
        state = self.service.state
        waiting = state.amark_many(story_ids, read)  # the marks count from here on
        self._marked()
        async with self._marks_lock:
            await waiting

    def action_next_unread(self) -> None:
        """Highlight the next unread story of the list (wrapping around)."""
        headlines = self.headlines
        index = next_unread(headlines.stories, headlines.read, headlines.highlighted)
        if index is None:
            self.notify(f"No unread stories in {self._tab_name(self.active)}.", markup=False)
            return
        headlines.highlighted = index

    # -- saved -------------------------------------------------------------------------

    def action_toggle_saved(self) -> None:
        """Save the highlighted story (with its text, for offline reading), or unsave it."""
        story = self.headlines.current
        if story is not None:
            self.toggle_saved(story)

    @work(group="save", exit_on_error=False, description="Saving the story")
    async def toggle_saved(self, story: Story) -> None:
        """Save `story` with its article, or unsave it when it is saved."""
        headlines = self.headlines
        if self.service.state.is_saved(story.id):
            await self.service.unsave_story(story.id)
            headlines.mark_saved(story.id, False)
            self.notify("Removed from Saved.", markup=False)
        else:
            headlines.mark_saved(story.id, True)
            kept = await self.service.save_story(story)
            note = "" if kept is not None else " (no article from its page: the feed text is kept)"
            self.notify(f"Saved{note}.", markup=False)
        self._saved_changed()

    def _saved_changed(self) -> None:
        self.saved = self.service.state.saved_stories()
        if self.active == self.saved_index:
            self._show_section()
        self._update_tabs()

    # -- stories -----------------------------------------------------------------

    @on(HeadlineList.Selected, "#headlines")
    def _story_chosen(self, event: HeadlineList.Selected) -> None:
        event.stop()
        self.action_read()

    def action_read(self) -> None:
        """Open the highlighted story in the reader."""
        headlines = self.headlines
        if headlines.current is None or headlines.highlighted is None:
            return
        self.service.state.mark_read(headlines.current.id)
        headlines.mark(headlines.current.id)
        self._marked()
        if self._read_in_pane():
            return
        self._open_reader(headlines.stories, headlines.highlighted)

    def _open_reader(self, stories: Sequence[Story], index: int) -> None:
        """Push the reader on `stories[index]`: the same reader each time, kept installed."""
        from tuinews.ui.screens.reader import ReaderScreen

        reader = self._reader
        if reader is None or reader in self.app.screen_stack:
            reader = ReaderScreen(self.service, stories, index)
            if self._reader is None:
                self._reader = reader
                self.app.install_screen(reader, name=f"reader-{id(self)}")
        else:
            reader.open(stories, index)
        self.app.push_screen(reader, callback=self._back_from_reader)

    def _back_from_reader(self, story_id: str | None) -> None:
        if story_id is None:
            return
        # Stories read (or saved) in the reader are marked there; show them so here.
        headlines = self.headlines
        ids = [story.id for story in headlines.all_stories]
        state = self.service.state
        headlines.mark_all(self._read(headlines.all_stories) - headlines.read)
        for story_id_saved in ids:
            saved = state.is_saved(story_id_saved)
            if saved != (story_id_saved in headlines.saved):
                headlines.mark_saved(story_id_saved, saved)
        self._saved_changed()
        self._marked()
        index = headlines.index_of(story_id)
        if index is not None:
            headlines.highlighted = index

    def action_open(self) -> None:
        """Open the highlighted story in the web browser."""
        story = self.headlines.current
        if story is not None:
            from tuinews.ui.open import open_story_url  # browser launching: not on the first paint

            open_story_url(self, self.service, story.url)

    def action_copy_link(self) -> None:
        """Copy the highlighted story's link to the clipboard."""
        story = self.headlines.current
        if story is not None:
            from tuinews.ui.open import copy_story_url

            copy_story_url(self, story.url)

    # -- wide terminals: the reader beside the list ------------------------------------

    @property
    def pane(self) -> ReaderPane | None:
        """The reader pane: created the first time the terminal is wide, then kept.

        None until then: a narrow terminal never loads it (nor Textual's Markdown).
        """
        return self._pane

    @property
    def wide(self) -> bool:
        """Whether the reader pane is beside the list."""
        return self.has_class("-wide")

    def _new_pane(self) -> ReaderPane:
        from tuinews.ui.widgets.reader_pane import ReaderPane

        load_screen_styles(self.app)  # the pane's rules, when it comes before them
        self._pane = ReaderPane(self.service, id="pane")
        return self._pane

    def _shown_pane(self) -> ReaderPane | None:
        """The pane when it is beside the list and mounted, else None."""
        pane = self._pane
        return pane if self.wide and pane is not None and pane.is_mounted else None

    def set_wide(self, wide: bool) -> None:
        """Put the reader beside the list or on a screen of its own, keeping the story.

        Going wide while the reader screen is up closes it and shows its story in the
        pane (mounting the pane the first time); going narrow while reading in the pane
        opens the reader screen on it.
        """
        if wide == self.wide:
            return
        self.set_class(wide, "-wide")
        if not self.is_mounted:
            return  # the first size arrives before the list exists: see `on_mount`
        if wide:
            if self._pane is None:
                self.call_later(self._mount_pane)
            else:
                self._went_wide()
            return
        headlines = self.headlines
        pane = self._pane
        reading = pane is not None and pane.has_focus_within
        headlines.focus()
        if reading and pane is not None and self.app.screen is self and pane.index is not None:
            headlines.highlighted = pane.index
            self._open_reader(headlines.stories, pane.index)

    async def _mount_pane(self) -> None:
        """Mount the pane beside the list (the terminal became wide), then show a story."""
        if self._pane is not None:
            return
        await self.mount(self._new_pane(), after=self.headlines)
        if self.wide:
            self._went_wide()

    def _went_wide(self) -> None:
        """The pane is beside the list now: it takes over from the reader screen, if up."""
        from tuinews.ui.screens.reader import ReaderScreen

        pane = self._shown_pane()
        if pane is None:
            return
        reader = self.app.screen
        if isinstance(reader, ReaderScreen) and self.app.screen_stack[-2] is self:
            reader.dismiss(reader.stories[reader.index].id)
            self.call_after_refresh(self._read_in_pane)
        else:
            pane.follow(self.headlines.stories, self.headlines.highlighted)

    def _read_in_pane(self) -> bool:
        """Read the highlighted story in the pane when it is shown; False when it is not."""
        headlines = self.headlines
        pane = self._shown_pane()
        if pane is None or headlines.highlighted is None or not headlines.stories:
            return False
        pane.show_now(headlines.stories, headlines.highlighted)
        pane.focus()
        return True

    @on(HeadlineList.Highlighted, "#headlines")
    def _pane_follows(self, event: HeadlineList.Highlighted) -> None:
        pane = self._shown_pane()
        if pane is not None:
            pane.follow(self.headlines.stories, event.index)

    @on(SectionTabs.Activated, "#sections")
    def _pane_follows_section(self) -> None:
        # Runs after `_section_activated`: an empty section leaves no cursor to follow.
        pane = self._shown_pane()
        if pane is not None:
            pane.follow(self.headlines.stories, self.headlines.highlighted)

    def on_reader_pane_moved(self, event: ReaderPane.Moved) -> None:
        """`n`/`p` in the pane: the list cursor follows, and the story counts as read."""
        if event.pane is not self._pane:
            return
        self.service.state.mark_read(event.story.id)
        self.headlines.mark(event.story.id)
        for index, story in enumerate(self.headlines.stories):
            if story.id == event.story.id:
                self.headlines.highlighted = index
                break

    def on_reader_pane_closed(self, event: ReaderPane.Closed) -> None:
        """The pane gave up the focus (`escape`): back to the list."""
        if event.pane is self._pane:
            self.headlines.focus()

    def reveal_story(self, index: int, story_id: str, *, read: bool = False) -> None:
        """Show tab `index` with the cursor on `story_id`, and read it when `read`."""
        if index != self.active:
            self.select_section(index)
        position = self.headlines.index_of(story_id)
        if position is None:
            return
        self.headlines.highlighted = position
        if read:
            self.action_read()


def next_unread(stories: Sequence[Story], read: Collection[str], after: int | None) -> int | None:
    """Index of the first unread story after `after`, wrapping around; None if all are read."""
    count = len(stories)
    start = -1 if after is None else after
    for step in range(1, count + 1):
        index = (start + step) % count
        if stories[index].id not in read:
            return index
    return None
