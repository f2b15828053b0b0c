"""Find a story in every section: a search box over the stories the app holds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tuinews.core.dates import age
from tuinews.core.models import Story
from tuinews.ui.styles import screen_stylesheet_paths

#: Results listed at most (the first, newest-first within each section).
MAX_RESULTS = 200


def haystack(story: Story) -> str:
    """What a search looks in: the title and the summary, case-folded."""
    return f"{story.title}\n{story.summary}".casefold()


def search_stories(
    entries: Sequence[tuple[int, str, Story]],
    query: str,
    limit: int = MAX_RESULTS,
    haystacks: Sequence[str] | None = None,
) -> list[tuple[int, str, Story]]:
    """The entries whose story's title or summary hold every word of `query` (any case).

    Args:
        entries: (tab index, tab name, story) to search.
        query: Words, all of which must be found.
        limit: Most results returned.
        haystacks: `haystack` of each entry's story, when already made.
    """
    words = query.casefold().split()
    if not words:
        return []
    if haystacks is None:
        haystacks = [haystack(entry[2]) for entry in entries]
    found: list[tuple[int, str, Story]] = []
    for entry, text in zip(entries, haystacks, strict=True):
        if all(word in text for word in words):
            found.append(entry)
            if len(found) >= limit:
                break
    return found


class SearchScreen(ModalScreen[tuple[int, str] | None]):
    """A search box and its results; returns (tab index, story id) of the story chosen."""

    CSS_PATH = screen_stylesheet_paths()

    HELP = """
## Find
Type words: stories of every section whose title or summary hold them all are listed.
`down` or `tab` reaches the results, `enter` reads the story, `escape` clears the search
and closes it when it is empty.
"""

    BINDINGS = [
        Binding(
            "escape", "clear", "Clear", tooltip="Clear the search, or close it", id="search.clear"
        ),
        Binding(
            "down",
            "results",
            "Results",
            show=False,
            tooltip="Go to the results",
            id="search.results",
        ),
    ]
    """Keys of the search."""

    def __init__(self, entries: Sequence[tuple[int, str, Story]]) -> None:
        """Create the search over (tab index, tab name, story) entries."""
        super().__init__()
        self.entries = tuple(entries)
        """Everything searched."""
        self.results: list[tuple[int, str, Story]] = []
        """The entries listed for the current query."""
        self._haystacks = [haystack(entry[2]) for entry in self.entries]

    def compose(self) -> ComposeResult:
        """The box, the results, and what to do when there are none."""
        with Vertical(id="search-panel"):
            yield Input(placeholder="Search every section", id="search-input")
            yield OptionList(id="search-results", markup=False)
            yield Static("", id="search-empty", markup=False)

    def on_mount(self) -> None:
        """Start with the box focused and a hint."""
        self.query_one("#search-panel").border_title = "Find a story"
        self._show()
        self.query_one("#search-input", Input).focus()

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.results = search_stories(self.entries, event.value, haystacks=self._haystacks)
        self._show()

    def _show(self) -> None:
        now = datetime.now(UTC)
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(
            Option(
                Content.assemble(
                    (story.title, "bold"),
                    "\n  ",
                    (
                        " · ".join(p for p in (name, story.source, age(story.published, now)) if p),
                        "dim",
                    ),
                )
            )
            for _, name, story in self.results
        )
        results.display = bool(self.results)
        if self.results:
            results.highlighted = 0
        query = self.query_one("#search-input", Input).value.strip()
        empty = self.query_one("#search-empty", Static)
        if not query:
            message = f"Type to search the {len(self.entries)} stories of every section."
        elif not self.results:
            message = f"No story matches “{query}”. Try fewer or other words."
        elif len(self.results) >= MAX_RESULTS:
            message = f"The first {MAX_RESULTS} matches; type more to narrow them."
        else:
            message = f"{len(self.results)} found; enter reads the highlighted one."
        empty.update(Content(message))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self.results:
            self._choose(results.highlighted or 0)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.results):
            tab, _, story = self.results[index]
            self.dismiss((tab, story.id))

    def action_results(self) -> None:
        """Move from the box to the results."""
        if self.results:
            self.query_one("#search-results", OptionList).focus()

    def action_clear(self) -> None:
        """Clear the search; close it when it is already empty."""
        box = self.query_one("#search-input", Input)
        if box.value:
            box.value = ""
            box.focus()
        else:
            self.dismiss(None)
