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


def headline_prompt(story: Story, now: datetime) -> Content:
    """The two lines of one story: the title, then source · age · summary, dim.

    Story fields are sanitized text; `Content` never interprets markup in them.
    """
    meta = [part for part in (story.source, age(story.published, now)) if part]
    summary = " ".join(story.summary.split())[:SUMMARY_WORDS]
    if summary:
        meta.append(summary)
    return Content.assemble(
        (story.title, "bold"),
        "\n",
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

    def show(self, stories: Sequence[Story], *, keep: str | None = None) -> None:
        """Replace the stories shown.

        Args:
            stories: The section's stories.
            keep: A story id to keep the cursor on, if it is still listed; else the
                cursor stays at its index (or goes to the top for a new list).
        """
        previous_index = self.highlighted
        self.stories = tuple(stories)
        now = datetime.now(UTC)
        self.clear_options()
        self.add_options([Option(headline_prompt(story, now)) for story in self.stories])
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

    @property
    def current(self) -> Story | None:
        """The highlighted story."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.stories):
            return None
        return self.stories[index]
