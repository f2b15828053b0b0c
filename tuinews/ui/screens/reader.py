"""The reader: one story's article, with the page's own navigation as links."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker

from tuinews.core.models import Article, Link, Story
from tuinews.core.service import NewsService, story_from_link
from tuinews.core.text import is_openable
from tuinews.ui.errors import report_failed_worker
from tuinews.ui.open import copy_story_url, open_story_url
from tuinews.ui.screens.links import LinksScreen
from tuinews.ui.styles import screen_stylesheet_paths
from tuinews.ui.widgets.article import ArticleLoader, ArticleView, PaintHold
from tuinews.ui.widgets.footer import KeysFooter

#: Longest the reader waits for an article before it paints the loading line (seconds).
HOLD_PAINT = 0.1


class ReaderScreen(ArticleLoader, Screen[str | None]):
    """Shows one story; `n`/`p` walk the list it came from; dismisses with the story id."""

    CSS_PATH = screen_stylesheet_paths()

    HELP = """
## Reader
Scroll with `j`/`k`, the arrows, `space` and page keys. `n`/`p` read the next and previous
story of the list, `N` the next unread one; `s` saves the story (its text is kept for
reading offline). Each story opens where you left it. `tab` reaches the page's links,
`enter` follows one. `f` lists every link of the article, numbered: type a number to
follow it here, or `O` to open it in the browser. `o` (or `O`) opens the story itself in
the browser; `escape`/`backspace` go back through the links followed, then to the list.

A line under the headline says when the reader shows less than the page's full article:
*Feed text* (the feed's own full text) or *Summary only*, and why (the page was not
reachable, looks paywalled, was a bot check, or could not be read).
"""

    BINDINGS = [
        Binding("escape,backspace", "back", "Back", tooltip="Back to the list", id="reader.back"),
        Binding(
            "n", "next_story", "Next", tooltip="Read the next story of the list", id="reader.next"
        ),
        Binding(
            "p",
            "previous_story",
            "Previous",
            tooltip="Read the previous story",
            id="reader.previous",
        ),
        Binding(
            "o,O", "open", "Open", tooltip="Open the story in the web browser", id="reader.open"
        ),
        Binding(
            "f",
            "links",
            "Links",
            tooltip="List the article's links, numbered, to follow or to open",
            id="reader.links",
        ),
        Binding("y", "copy_link", "Copy link", tooltip="Copy the story's link", id="reader.copy"),
        Binding(
            "N",
            "next_unread",
            "Next unread",
            tooltip="Read the next unread story of the list",
            id="reader.next-unread",
        ),
        Binding(
            "s",
            "toggle_saved",
            "Save",
            tooltip="Save the story (its text is kept for reading offline), or unsave it",
            id="reader.save",
        ),
        Binding(
            "j,down",
            "scroll('down')",
            "Scroll down",
            show=False,
            tooltip="Scroll down a line",
            id="reader.scroll-down",
        ),
        Binding(
            "k,up",
            "scroll('up')",
            "Scroll up",
            show=False,
            tooltip="Scroll up a line",
            id="reader.scroll-up",
        ),
        Binding(
            "space",
            "scroll('page_down')",
            "Page down",
            show=False,
            tooltip="Scroll down a page",
            id="reader.page-down",
        ),
        Binding(
            "pagedown",
            "scroll('page_down')",
            "Page down",
            show=False,
            tooltip="Scroll down a page",
            id="reader.page-down-key",
        ),
        Binding(
            "pageup,shift+space",
            "scroll('page_up')",
            "Page up",
            show=False,
            tooltip="Scroll up a page",
            id="reader.page-up",
        ),
        Binding(
            "g,home", "scroll('home')", "Top", show=False, tooltip="Go to the top", id="reader.top"
        ),
        Binding(
            "G,end",
            "scroll('end')",
            "Bottom",
            show=False,
            tooltip="Go to the end",
            id="reader.bottom",
        ),
    ]
    """Keys of the reader."""

    def __init__(self, service: NewsService, stories: Sequence[Story], index: int) -> None:
        """Create the reader over a list of stories, starting at `index`."""
        super().__init__()
        self.service = service
        self.stories = tuple(stories)
        """The list the reader walks with `n`/`p`."""
        self.index = index
        """Position in `stories` of the list story being read."""
        self.current: Story = self.stories[index]
        """The story shown (a followed link is a story too)."""
        self.history: list[Story] = []
        """Stories reached by following links, for `escape` to come back through."""
        self.article: Article | None = None
        """The article shown, once loaded."""
        self._ready = False
        self._styled_for = -1
        self.paint_hold = PaintHold(self, HOLD_PAINT)
        """Holds the app's paints from the key until the article is shown (0.1 s at most)."""

    def compose(self) -> ComposeResult:
        """Headline, meta, badge, standfirst, body, navigation."""
        yield ArticleView(id="reader")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the first story."""
        self._ready = True
        self.refresh_bindings()
        self.query_one("#reader").focus()
        self.show_story(self.current)

    def on_unmount(self) -> None:
        """Never leave the app's paints held."""
        self.paint_hold.release()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Screen's own handler, in one frame instead of two. It restyles every widget each
        # time the screen is shown again: a kept reader only needs it when the app's
        # styles changed meanwhile (a theme change counts up `_css_update_count`). And it
        # refreshes the whole screen, which throws away the screen's own rendered lines
        # and asks for a full repaint after the layout the new article needs: two paints
        # (the layout's, then the repaint's, 5-9 ms) and the screen's 40 lines drawn anew.
        # Marking the whole screen dirty in the compositor instead makes that layout's
        # paint the full one (a kept reader's article is always laid out on the way in).
        event.prevent_default()
        app = self.app
        styled_for = app._css_update_count
        restyle = event.refresh_styles and self._styled_for != styled_for
        self._styled_for = styled_for
        if app.SUSPENDED_SCREEN_CLASS:
            self.remove_class(app.SUSPENDED_SCREEN_CLASS)
        self.stack_updates += 1
        app._refresh_notifications()
        self._update_auto_focus()
        if not self.is_attached:
            return
        if restyle:
            self.update_node_styles(animate=False)
        if self._size != app.size:
            self._refresh_layout(app.size)
        self._compositor._dirty_regions.add(self._compositor.size.region)
        self._repaint_required = True  # paints it even when nothing needs a layout
        self.check_idle()

    def open(self, stories: Sequence[Story], index: int) -> None:
        """Read `stories[index]` again with this reader: a reader is kept and re-shown.

        Building a reader screen (styles, layout, footer) costs more than the article
        itself, so the main screen keeps one and opens each story with this. The list,
        the links followed and the scroll position start afresh; the story opens where
        it was left, as on a new reader.
        """
        self._remember_position()
        self.stories = tuple(stories)
        self.index = index
        self.history.clear()
        if not self.is_mounted:
            self.current = self.stories[index]
            return  # on_mount shows it
        self.article = None  # its position is kept: show_story must not keep it again
        self.show_story(self.stories[index])
        view = self.query_one("#reader", ArticleView)
        if not view.has_focus:  # focusing repaints the whole view, even when it has it
            view.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Story moves wait until the reader is on screen (keys typed ahead arrive first)."""
        if action in ("next_story", "previous_story", "next_unread", "open", "scroll", "links"):
            return self._ready or None
        return True

    # -- loading -----------------------------------------------------------------

    def article_view(self) -> ArticleView | None:
        """The reader's view; None once it is gone (a hold can run out while the app is
        shutting down)."""
        return next(iter(self.query("#reader").results(ArticleView)), None)

    def show_story(self, story: Story, *, hold: bool = True) -> None:
        """Show `story` (see `ArticleLoader.show_story`), keeping where the reader was in
        the story it leaves."""
        self._remember_position()
        super().show_story(story, hold=hold)

    def story_shown(self, story: Story) -> None:
        """Scroll back to where `story` was left."""
        self._restore_position(story)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    # -- moving ------------------------------------------------------------------

    def action_next_story(self) -> None:
        """Read the next story of the list."""
        self._move(+1)

    def action_previous_story(self) -> None:
        """Read the previous story of the list."""
        self._move(-1)

    def _move(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.stories):
            self.notify("No more stories in this direction.", markup=False)
            return
        self._go(target)

    def _go(self, target: int) -> None:
        self.index = target
        self.history.clear()
        story = self.stories[target]
        self.service.state.mark_read(story.id)
        self.show_story(story)

    def action_next_unread(self) -> None:
        """Read the next unread story of the list (wrapping around)."""
        state = self.service.state
        count = len(self.stories)
        for step in range(1, count):
            target = (self.index + step) % count
            if not state.is_read(self.stories[target].id):
                self._go(target)
                return
        self.notify("No unread stories left in this list.", markup=False)

    def action_toggle_saved(self) -> None:
        """Save the story shown, with its article, or unsave it."""
        self.toggle_saved(self.current)

    @work(group="save", exit_on_error=False, description="Saving the story")
    async def toggle_saved(self, story: Story) -> None:
        """Save `story` (keeping the article shown when it is the page's), or unsave it."""
        state = self.service.state
        if state.is_saved(story.id):
            await self.service.unsave_story(story.id)
            self.notify("Removed from Saved.", markup=False)
            return
        kept = await self.service.save_story(story)
        note = "" if kept is not None else " (no article from its page: the feed text is kept)"
        self.notify(f"Saved{note}.", markup=False)

    # -- reading position ----------------------------------------------------------

    def _remember_position(self) -> None:
        """Keep where the reader is in the story shown, for the next time it opens."""
        if self.article is None:
            return  # still loading: nothing was scrolled
        offset = round(self.query_one("#reader", ArticleView).scroll_offset.y)
        self.service.state.set_position(self.current.id, offset)

    def _restore_position(self, story: Story, tries: int = 20) -> None:
        """Scroll back to where the story was left, once the article is laid out."""
        offset = self.service.state.position(story.id)
        if not offset or story is not self.current:
            return
        reader = self.query_one("#reader", ArticleView)
        if reader.max_scroll_y >= offset or tries <= 0:
            reader.scroll_to(y=offset, animate=False, immediate=True)
            return
        self.call_after_refresh(self._restore_position, story, tries - 1)

    def action_back(self) -> None:
        """Back through followed links, then back to the list."""
        if self.history:
            self.show_story(self.history.pop())
            return
        self._remember_position()
        self.dismiss(self.stories[self.index].id)

    def action_open(self) -> None:
        """Open the story shown in the web browser."""
        url = self.current.url or (self.article.url if self.article else "")
        open_story_url(self, self.service, url)

    def action_copy_link(self) -> None:
        """Copy the link of the story shown to the clipboard."""
        copy_story_url(self, self.current.url or (self.article.url if self.article else ""))

    def action_scroll(self, where: str) -> None:
        """Scroll the article."""
        reader = self.query_one("#reader", ArticleView)
        if where == "down":
            reader.scroll_down(animate=False)
        elif where == "up":
            reader.scroll_up(animate=False)
        elif where == "page_down":
            reader.scroll_page_down(animate=False)
        elif where == "page_up":
            reader.scroll_page_up(animate=False)
        elif where == "home":
            reader.scroll_home(animate=False)
        elif where == "end":
            reader.scroll_end(animate=False)

    def action_links(self) -> None:
        """List the article's links, numbered; follow the one chosen."""
        if self.article is None:
            self.notify("The article is still loading.", markup=False)
            return
        self.app.push_screen(LinksScreen(self.article, self.service), self.follow_link)

    def follow_link(self, link: Link | None) -> None:
        """Read a link inside the reader; `escape`/`backspace` come back to this story."""
        if link is None:
            return
        if not is_openable(link.url):
            self.notify("That link cannot be followed.", severity="warning", markup=False)
            return
        self.history.append(self.current)
        self.show_story(story_from_link(link.url, link.text, self.current.source))
        self.query_one("#reader").focus()

    @on(ArticleView.LinkChosen)
    def _follow(self, event: ArticleView.LinkChosen) -> None:
        event.stop()
        self.follow_link(event.link)
