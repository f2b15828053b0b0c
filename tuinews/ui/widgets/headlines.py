"""The headline list: a virtual list of stories, two lines each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tuinews.core.dates import age
from tuinews.core.models import Story

#: Characters of summary shown after the source and age.
SUMMARY_WORDS = 160


def headline_prompt(story: Story, now: datetime, read: bool = False) -> Content:
    """The two lines of one story: the title, then source · age · summary, dim.

    Unread stories have a bold title after a dot; read ones a plain title. Story fields
    are sanitized text; `Content` never interprets markup in them.
    """
    meta = [part for part in (story.source, age(story.published, now)) if part]
    if story.also_in:
        meta.append("also in " + ", ".join(story.also_in))
    summary = " ".join(story.summary.split())[:SUMMARY_WORDS]
    if summary:
        meta.append(summary)
    return Content.assemble(
        ("  " if read else "● ", "dim" if read else "bold $accent"),
        (story.title, "" if read else "bold"),
        "\n  ",
        (" · ".join(meta) or " ", "dim"),
    )


class HeadlineList(OptionList):
    """Shows a section's stories; reports the highlighted and the chosen one.

    It never fetches: the screen gives it stories with `show`.
    """

    HELP = """
## Headlines
Move with `j`/`k` or the arrows, `g`/`G` for the top and bottom, `enter` to read.
"""

    BINDINGS = [
        Binding(
            "enter", "select", "Read", tooltip="Read the highlighted story", id="headlines.read"
        ),
        Binding("j", "cursor_down", "Down", show=False, id="headlines.down"),
        Binding("k", "cursor_up", "Up", show=False, id="headlines.up"),
        Binding("g", "first", "Top", show=False, id="headlines.top"),
        Binding("G", "last", "Bottom", show=False, id="headlines.bottom"),
    ]
    """`enter` reads; vim-style moves on top of OptionList's arrows, page keys, home, end."""

    def __init__(self, *, id: str | None = None) -> None:
        """Create an empty list."""
        super().__init__(id=id, markup=False)
        self.stories: tuple[Story, ...] = ()
        """The stories shown, in list order."""
        self.read: set[str] = set()
        """Ids of the stories shown that were read."""

    def show(
        self, stories: Sequence[Story], *, read: set[str] | None = None, keep: str | None = None
    ) -> None:
        """Replace the stories shown.

        Args:
            stories: The section's stories.
            read: Ids of those that were read.
            keep: A story id to keep the cursor on, if it is still listed; else the
                cursor stays at its index (or goes to the top for a new list).
        """
        previous_index = self.highlighted
        self.stories = tuple(stories)
        self.read = set(read or ())
        now = datetime.now(UTC)
        self.clear_options()
        self.add_options([Option(headline_prompt(s, now, s.id in self.read)) for s in self.stories])
        if not self.stories:
            return
        target = 0
        if keep is not None:
            for index, story in enumerate(self.stories):
                if story.id == keep:
                    target = index
                    break
            else:
                target = min(previous_index or 0, len(self.stories) - 1)
        self.highlighted = target

    def mark(self, story_id: str, read: bool = True) -> None:
        """Show a story as read (or unread) without rebuilding the list."""
        if read:
            self.read.add(story_id)
        else:
            self.read.discard(story_id)
        now = datetime.now(UTC)
        for index, story in enumerate(self.stories):
            if story.id == story_id:
                self.replace_option_prompt_at_index(index, headline_prompt(story, now, read))

    @property
    def current(self) -> Story | None:
        """The highlighted story."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.stories):
            return None
        return self.stories[index]
