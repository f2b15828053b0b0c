"""The reader pane: the story under the list cursor, beside the list on wide terminals.

At 160 columns and more the main screen shows the headline list and this pane side by
side. The pane follows the list cursor: each move starts an exclusive worker that waits a
moment (so holding `j` does not fetch every story it passes), and a newer move cancels
it; an article that arrives for a story the cursor has left is dropped. It is the
reader screen's `ArticleView` (the same parts and ids). The pane never moves
the list itself: it reports what the user did (`Moved`, `Closed`) and the screen answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from textual import on, work
from textual.binding import Binding
from textual.message import Message

from tuinews.core.models import Article, Link, Story
from tuinews.core.service import NewsService, story_from_link
from tuinews.core.text import is_openable
from tuinews.ui.open import copy_story_url, open_story_url
from tuinews.ui.screens.links import LinksScreen
from tuinews.ui.screens.reader import HOLD_PAINT, ReaderScreen
from tuinews.ui.widgets.article import ArticleLoader, ArticleView, PaintHold

#: Seconds the cursor must rest on a story before the pane loads it.
FOLLOW_DELAY = 0.12


#: Reader keys the pane leaves out: saving and next unread belong to the reader screen,
#: and the scroll container already answers the page keys.
_SCREEN_ONLY = frozenset(
    {"reader.next-unread", "reader.save", "reader.page-down-key", "reader.page-up"}
)


class ReaderPane(ArticleLoader, ArticleView):
    """Shows one story of a list; `n`/`p` walk the list; reports moves to the screen."""

    HELP = """
## Reader pane
The story under the list cursor. `enter` in the list comes here to read; scroll with
`j`/`k`, the arrows, `space` and page keys; `n`/`p` read the next and previous story (the
list cursor follows); `f` lists the article's links; `o` opens the story in the browser;
`escape` goes back through followed links, then to the list.
"""

    BINDINGS = [
        binding
        for binding in ReaderScreen.BINDINGS
        if isinstance(binding, Binding) and binding.id not in _SCREEN_ONLY
    ]
    """Keys of the pane when it has the focus (the same ids as the reader screen's)."""

    @dataclass
    class Moved(Message):
        """The pane now shows another story of its list (`n`/`p`)."""

        pane: ReaderPane
        """The pane."""
        story: Story
        """The list story shown."""

        @property
        def control(self) -> ReaderPane:
            """The pane."""
            return self.pane

    @dataclass
    class Closed(Message):
        """The user left the pane (`escape` with no followed link to go back to)."""

        pane: ReaderPane
        """The pane."""

        @property
        def control(self) -> ReaderPane:
            """The pane."""
            return self.pane

    def __init__(self, service: NewsService, *, id: str | None = None) -> None:
        """Create an empty pane."""
        super().__init__(id=id)
        self.service = service
        self.stories: tuple[Story, ...] = ()
        """The list the pane walks with `n`/`p`."""
        self.index: int | None = None
        """Position in `stories` of the list story shown."""
        self.current: Story | None = None
        """The story shown (a followed link is a story too)."""
        self.article: Article | None = None
        """The article shown, once loaded."""
        self.history: list[Story] = []
        """Stories reached by following links, for `escape` to come back through."""
        self._list_story_id: str | None = None
        self.paint_hold = PaintHold(self, HOLD_PAINT)
        """Holds the app's paints while a story asked for with a key loads (as the reader
        screen does); not while the pane follows the list cursor, which must move."""

    def on_mount(self) -> None:
        """Start with the hint of an empty pane."""
        self._clear()

    def on_unmount(self) -> None:
        """Never leave the app's paints held."""
        self.paint_hold.release()

    # -- following the list --------------------------------------------------------

    def follow(self, stories: Sequence[Story], index: int | None) -> None:
        """Show `stories[index]` after a short rest; a newer call cancels this one."""
        self.stories = tuple(stories)
        if index is None or not 0 <= index < len(self.stories):
            self.index = None
            self._list_story_id = None
            self._follow_later(None)
            return
        story = self.stories[index]
        if self.index == index and self._list_story_id == story.id:
            return  # the same story after a refresh: keep reading, links followed and all
        self.index = index
        self._list_story_id = story.id
        self._follow_later(story)

    @work(group="follow", exclusive=True, exit_on_error=False, description="Following the list")
    async def _follow_later(self, story: Story | None) -> None:
        await asyncio.sleep(FOLLOW_DELAY)
        if story is None:
            self._clear()
        else:
            self.history.clear()
            self.show_story(story, hold=False)

    def show_now(self, stories: Sequence[Story], index: int) -> None:
        """Show `stories[index]` at once (`enter` in the list, a resize)."""
        self.workers.cancel_group(self, "follow")
        self.stories = tuple(stories)
        self.index = index
        story = self.stories[index]
        self._list_story_id = story.id
        if self.current is None or self.current.id != story.id or self.history:
            self.history.clear()
            self.show_story(story)

    # -- loading ---------------------------------------------------------------------

    def _clear(self) -> None:
        self.current = None
        self.article = None
        self.present_empty("No story selected", "Move the list cursor to a story to read it here.")

    def article_view(self) -> ArticleView | None:
        """The pane itself, while it is in the DOM."""
        return self if self.is_attached else None

    # -- moving ----------------------------------------------------------------------

    def action_next_story(self) -> None:
        """Read the next story of the list."""
        self._move(+1)

    def action_previous_story(self) -> None:
        """Read the previous story of the list."""
        self._move(-1)

    def _move(self, step: int) -> None:
        if self.index is None:
            return
        target = self.index + step
        if not 0 <= target < len(self.stories):
            self.notify("No more stories in this direction.", markup=False)
            return
        self.show_now(self.stories, target)
        self.post_message(self.Moved(self, self.stories[target]))

    def action_scroll(self, where: str) -> None:
        """Scroll the article: "down", "up", "page_down", "home" or "end"."""
        if where == "down":
            self.scroll_down(animate=False)
        elif where == "up":
            self.scroll_up(animate=False)
        elif where == "page_down":
            self.scroll_page_down(animate=False)
        elif where == "home":
            self.scroll_home(animate=False)
        elif where == "end":
            self.scroll_end(animate=False)

    def action_back(self) -> None:
        """Back through followed links, then back to the list."""
        if self.history:
            self.show_story(self.history.pop())
            return
        self.post_message(self.Closed(self))

    def _url(self) -> str:
        if self.current is None:
            return ""
        return self.current.url or (self.article.url if self.article else "")

    def action_open(self) -> None:
        """Open the story shown in the web browser."""
        if self.current is not None:
            open_story_url(self.screen, self.service, self._url())

    def action_copy_link(self) -> None:
        """Copy the link of the story shown to the clipboard."""
        if self.current is not None:
            copy_story_url(self.screen, self._url())

    def action_links(self) -> None:
        """List the article's links, numbered; follow the one chosen."""
        if self.article is None:
            self.notify("The article is still loading.", markup=False)
            return
        self.app.push_screen(LinksScreen(self.article, self.service), self.follow_link)

    def follow_link(self, link: Link | None) -> None:
        """Read a link inside the pane; `escape`/`backspace` come back to this story."""
        if link is None or self.current is None:
            return
        if not is_openable(link.url):
            self.notify("That link cannot be followed.", severity="warning", markup=False)
            return
        self.workers.cancel_group(self, "follow")
        self.history.append(self.current)
        self.show_story(story_from_link(link.url, link.text, self.current.source))
        self.focus()

    @on(ArticleView.LinkChosen)
    def _follow(self, event: ArticleView.LinkChosen) -> None:
        event.stop()
        self.follow_link(event.link)
