"""The headline list: a windowed list of stories, two lines each.

Only the rows on screen are ever rendered (a line-API `ScrollView`), so a section of
10,000 stories shows as fast as one of ten, and a cursor move repaints two rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tuinews.core.dates import age
from tuinews.core.models import Story

#: Characters of summary shown after the source and age.
SUMMARY_WORDS = 160
#: Lines each story takes.
ROW_HEIGHT = 2


def headline_prompt(
    story: Story, now: datetime, read: bool = False, *, saved: bool = False, new: bool = False
) -> Content:
    """The two lines of one story: the title, then source · age · summary, dim.

    Unread stories have a bold title after a dot; read ones a plain title. A saved story
    has a star; a story new since the last visit of its section says "new". Story fields
    are sanitized text; `Content` never interprets markup in them.
    """
    title, meta = headline_lines(story, now, read, saved=saved, new=new)
    return Content.assemble(title, "\n", meta)


def headline_lines(
    story: Story,
    now: datetime,
    read: bool = False,
    *,
    saved: bool = False,
    new: bool = False,
    lead: str = "",
) -> tuple[Content, Content]:
    """`headline_prompt`'s two lines apart, each after `lead` (what the list draws).

    Built apart rather than split from the prompt: the list renders them at every
    scroll, and the first paint draws ~20 stories (splitting and re-joining cost a third
    of that).
    """
    meta = [part for part in (story.source, age(story.published, now)) if part]
    if story.also_in:
        meta.append("also in " + ", ".join(story.also_in))
    summary = " ".join(story.summary.split())[:SUMMARY_WORDS]
    if summary:
        meta.append(summary)
    return (
        Content.assemble(
            lead,
            ("  " if read else "● ", "dim" if read else "bold $accent"),
            ("★ " if saved else "", "bold $warning"),
            (story.title, "" if read else "bold"),
        ),
        Content.assemble(
            lead + "  ",
            ("new · " if new else "", "bold $success"),
            (" · ".join(meta) or " ", "dim"),
        ),
    )


class HeadlineList(ScrollView, can_focus=True):
    """Shows a list of stories; reports the highlighted and the chosen one.

    It never fetches: the screen gives it stories with `show`, and tells it which are
    read, saved and new. `filter` narrows what is shown by title and summary.
    """

    HELP = """
## Headlines
Move with `j`/`k` or the arrows, `g`/`G` for the top and bottom, page keys, `enter` or a
click to read. A dot marks an unread story, a star a saved one, and "new" a story that
came since your last visit of the section.
"""

    COMPONENT_CLASSES = {"headline-list--row", "headline-list--cursor"}
    """Styles of a row and of the highlighted row."""

    DEFAULT_CSS = """
    HeadlineList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        & > .headline-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .headline-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    BINDINGS = [
        Binding(
            "enter", "select", "Read", tooltip="Read the highlighted story", id="headlines.read"
        ),
        Binding(
            "down,j",
            "cursor_down",
            "Down",
            show=False,
            tooltip="Highlight the next story",
            id="headlines.down",
        ),
        Binding(
            "up,k",
            "cursor_up",
            "Up",
            show=False,
            tooltip="Highlight the previous story",
            id="headlines.up",
        ),
        Binding(
            "home,g",
            "first",
            "Top",
            show=False,
            tooltip="Go to the first story",
            id="headlines.top",
        ),
        Binding(
            "end,G",
            "last",
            "Bottom",
            show=False,
            tooltip="Go to the last story",
            id="headlines.bottom",
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            tooltip="Move a page down",
            id="headlines.page-down",
        ),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            tooltip="Move a page up",
            id="headlines.page-up",
        ),
    ]
    """`enter` reads; arrows, vim keys, page keys, home and end move."""

    class Highlighted(Message):
        """The highlighted story changed."""

        def __init__(self, headlines: HeadlineList, index: int, story: Story) -> None:
            """Create the message."""
            super().__init__()
            self.headlines = headlines
            """The list."""
            self.index = index
            """Position of the story in the list shown."""
            self.story = story
            """The story."""

        @property
        def control(self) -> HeadlineList:
            """The list that sent the message."""
            return self.headlines

    class Selected(Highlighted):
        """The user chose a story to read (`enter` or a click)."""

    def __init__(self, *, id: str | None = None) -> None:
        """Create an empty list."""
        super().__init__(id=id)
        self.all_stories: tuple[Story, ...] = ()
        """Every story given by `show`, before the filter."""
        self.stories: tuple[Story, ...] = ()
        """The stories shown (those matching the filter), in list order."""
        self.read: set[str] = set()
        """Ids of the stories that were read."""
        self.saved: set[str] = set()
        """Ids of the stories that are saved."""
        self.new: set[str] = set()
        """Ids of the stories new since the last visit of the section."""
        self.filter_text = ""
        """The filter: stories whose title or summary hold it (any case); "" for all."""
        self._highlighted: int | None = None
        self._haystacks: list[str] = []
        self._matches: list[int] = []
        self._matched_for = ""
        self._rows: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(256)
        self._now = datetime.now(UTC)

    # -- data --------------------------------------------------------------------

    def show(
        self,
        stories: Sequence[Story],
        *,
        read: Collection[str] | None = None,
        saved: Collection[str] | None = None,
        new: Collection[str] | None = None,
        keep: str | None = None,
    ) -> None:
        """Replace the stories shown, keeping the filter.

        Args:
            stories: The section's stories.
            read: Ids of those that were read.
            saved: Ids of those that are saved.
            new: Ids of those new since the last visit.
            keep: A story id to keep the cursor on, on the same screen row, if it is
                still listed; else the cursor stays at its index (or goes to the top for
                a new list).
        """
        previous = self._highlighted
        row = None if previous is None else previous * ROW_HEIGHT - round(self.scroll_offset.y)
        self.all_stories = tuple(stories)
        self.read = set(read or ())
        self.saved = set(saved or ())
        self.new = set(new or ())
        self._haystacks = []
        self._matches, self._matched_for = [], ""
        self._rows.clear()
        self._now = datetime.now(UTC)
        self._apply_filter()
        target = 0
        found = False
        if keep is not None and self.stories:
            index = self.index_of(keep)
            found = index is not None
            target = index if index is not None else min(previous or 0, len(self.stories) - 1)
        self._set_highlight(target if self.stories else None, scroll=False)
        if found and row is not None:
            # The same story on the same screen row: stories added on top push the
            # scroll position down with them, so nothing the user looks at moves.
            self._scroll_y(target * ROW_HEIGHT - row)
        elif keep is None:
            self._scroll_y(0)
        self._scroll_cursor_visible()

    def filter(self, text: str) -> None:
        """Show only the stories whose title or summary hold `text` (any case).

        The cursor stays on its story when it still matches, else goes to the top.
        """
        text = " ".join(text.split())
        if text == self.filter_text:
            return
        current = self.current
        before = self._window()
        self.filter_text = text
        self._apply_filter(repaint=False)
        index = self.index_of(current.id) if current is not None else None
        self._set_highlight(index if index is not None else (0 if self.stories else None))
        if index is None:
            self._scroll_y(0)
        self._scroll_cursor_visible()
        if self._window() != before:
            # Most keystrokes of a broad filter leave the rows on screen as they were.
            self.refresh()

    def _window(self) -> tuple[object, ...]:
        """What the rows on screen show: the first row, the cursor, the stories."""
        top = round(self.scroll_offset.y) // ROW_HEIGHT
        rows = self.scrollable_content_region.height // ROW_HEIGHT + 2
        return (top, self._highlighted, tuple(map(id, self.stories[top : top + rows])))

    def _apply_filter(self, *, repaint: bool = True) -> None:
        needle = self.filter_text.casefold()
        if not needle:
            self.stories = self.all_stories
            self._matches, self._matched_for = [], ""
        else:
            haystacks = self.prepare_filter()
            # Typing on narrows the last matches: only those can still match.
            narrowing = bool(self._matched_for) and self._matched_for in needle
            if narrowing:
                matches = [index for index in self._matches if needle in haystacks[index]]
            else:
                matches = [index for index, hay in enumerate(haystacks) if needle in hay]
            self._matches, self._matched_for = matches, needle
            every = self.all_stories
            if len(matches) == len(every):
                self.stories = every
            else:
                self.stories = tuple(map(every.__getitem__, matches))
        self._resize(repaint=repaint)

    def prepare_filter(self) -> list[str]:
        """Build what the filter searches (title and summary, case-folded), once per list.

        Called when the filter opens, so the first keystroke does not pay for it.
        """
        if len(self._haystacks) != len(self.all_stories):
            self._haystacks = [f"{s.title}\n{s.summary}".casefold() for s in self.all_stories]
        return self._haystacks

    def index_of(self, story_id: str) -> int | None:
        """Position of a story in the list shown, or None."""
        for index, story in enumerate(self.stories):
            if story.id == story_id:
                return index
        return None

    def mark(self, story_id: str, read: bool = True) -> None:
        """Show a story as read (or unread) without rebuilding the list."""
        (self.read.add if read else self.read.discard)(story_id)
        self._repaint_story(story_id)

    def mark_all(self, story_ids: Collection[str], read: bool = True) -> None:
        """Show many stories as read (or unread)."""
        if read:
            self.read.update(story_ids)
        else:
            self.read.difference_update(story_ids)
        self._rows.clear()
        self.refresh()

    def mark_saved(self, story_id: str, saved: bool = True) -> None:
        """Show a story as saved (or not)."""
        (self.saved.add if saved else self.saved.discard)(story_id)
        self._repaint_story(story_id)

    def _repaint_story(self, story_id: str) -> None:
        index = self.index_of(story_id)
        if index is not None:
            self._refresh_row(index)

    @property
    def current(self) -> Story | None:
        """The highlighted story."""
        index = self._highlighted
        if index is None or not 0 <= index < len(self.stories):
            return None
        return self.stories[index]

    # -- cursor ------------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        """Index of the highlighted story in the list shown, or None when it is empty."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        self._set_highlight(index)

    def _set_highlight(self, index: int | None, *, scroll: bool = True) -> None:
        if index is not None:
            index = max(0, min(index, len(self.stories) - 1)) if self.stories else None
        old = self._highlighted
        self._highlighted = index
        if old is not None:
            self._refresh_row(old)
        if index is not None:
            self._refresh_row(index)
            if scroll:
                self._scroll_cursor_visible()
            if index != old or old is None:
                self.post_message(self.Highlighted(self, index, self.stories[index]))

    def _scroll_cursor_visible(self) -> None:
        index = self._highlighted
        if index is None:
            return
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_offset.y)
        line = index * ROW_HEIGHT
        if line < top:
            self._scroll_y(line)
        elif line + ROW_HEIGHT > top + height:
            self._scroll_y(line + ROW_HEIGHT - height)

    def _scroll_y(self, y: int) -> None:
        self.scroll_to(y=max(0, y), animate=False, immediate=True)

    def _refresh_row(self, index: int) -> None:
        top = round(self.scroll_offset.y)
        width = self.scrollable_content_region.width
        self.refresh(Region(0, index * ROW_HEIGHT - top, width, ROW_HEIGHT))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_cursor_down(self) -> None:
        """Highlight the next story."""
        if self.stories:
            self._set_highlight(0 if self._highlighted is None else self._highlighted + 1)

    def action_cursor_up(self) -> None:
        """Highlight the previous story."""
        if self.stories:
            self._set_highlight(0 if self._highlighted is None else self._highlighted - 1)

    def action_first(self) -> None:
        """Highlight the first story."""
        if self.stories:
            self._set_highlight(0)

    def action_last(self) -> None:
        """Highlight the last story."""
        if self.stories:
            self._set_highlight(len(self.stories) - 1)

    def action_page_down(self) -> None:
        """Move the cursor a page down."""
        if self.stories:
            self._set_highlight((self._highlighted or 0) + self._page())

    def action_page_up(self) -> None:
        """Move the cursor a page up."""
        if self.stories:
            self._set_highlight((self._highlighted or 0) - self._page())

    def action_select(self) -> None:
        """Report the highlighted story as chosen."""
        index = self._highlighted
        if index is not None and 0 <= index < len(self.stories):
            self.post_message(self.Selected(self, index, self.stories[index]))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (round(self.scroll_offset.y) + offset.y) // ROW_HEIGHT
        if 0 <= index < len(self.stories):
            self._set_highlight(index)
            self.action_select()

    # -- rendering ---------------------------------------------------------------

    def _resize(self, *, repaint: bool = True) -> None:
        size = Size(self.scrollable_content_region.width, len(self.stories) * ROW_HEIGHT)
        if size != self.virtual_size:
            self.virtual_size = size
        if repaint:
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual width equal to the widget's."""
        self._resize()
        self._scroll_cursor_visible()

    def _on_focus(self, event: events.Focus) -> None:
        self._rows.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._rows.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line of the list: half of a story's two lines."""
        width = self.scrollable_content_region.width
        line = round(self.scroll_offset.y) + y
        index, part = divmod(line, ROW_HEIGHT)
        if not 0 <= index < len(self.stories):
            return Strip.blank(width, self.get_visual_style("headline-list--row").rich_style)
        return self._render_story(index, width)[part]

    def _render_story(self, index: int, width: int) -> list[Strip]:
        story = self.stories[index]
        cursor = index == self._highlighted
        read, saved = story.id in self.read, story.id in self.saved
        new = story.id in self.new and not read  # once read, it is no longer news
        key = (story.id, cursor, read, saved, new, width, self.app.theme)
        strips = self._rows.get(key)
        if strips is None:
            if cursor:
                style = self.get_visual_style("headline-list--row", "headline-list--cursor")
            else:
                style = self.get_visual_style("headline-list--row")
            lines = headline_lines(story, self._now, read, saved=saved, new=new, lead=" ")
            base = style.rich_style
            strips = []
            for line in lines[:ROW_HEIGHT]:
                # Straight to segments (no wrapping pass): one cut line, with an ellipsis,
                # padded to the width (its cell length is known: no measuring again).
                if line.cell_length > width:
                    line = line.truncate(width, ellipsis=True)
                strip = Strip(line.render_segments(style), line.cell_length)
                strips.append(strip.extend_cell_length(width, base))
            while len(strips) < ROW_HEIGHT:
                strips.append(Strip.blank(width, base))
            self._rows[key] = strips
        return strips
