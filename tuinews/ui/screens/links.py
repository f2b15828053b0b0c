"""The links screen: every link of an article, numbered, to follow or to open.

Opened with `f` in the reader. The links are the article's own (previous/next story,
"also read" and related, "latest from", then the links of the body), all of which passed
the link gate when the page was read; they are checked again before anything is done
with one. Typing a link's number follows it (with `enter` when more digits could come);
`enter` on a row follows the highlighted one; `O` opens it in the system browser.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuinews.core.models import Article, Link
from tuinews.core.service import NewsService
from tuinews.core.text import is_openable, url_host
from tuinews.ui.open import open_story_url
from tuinews.ui.styles import screen_stylesheet_paths

#: What each kind of link is called in the list.
KIND_LABELS = {
    "previous": "Previous story",
    "next": "Next story",
    "also-read": "Also read",
    "related": "Related",
    "latest": "Latest",
    "": "In the text",
}


def article_links(article: Article) -> list[Link]:
    """The article's followable links in reading order, each URL once.

    Previous and next story first, then "also read"/related, the "latest from" block and
    the links of the body; links that fail the gate (none should) are left out.
    """
    ordered: Iterable[Link | None] = (
        article.previous,
        article.next,
        *article.related,
        *article.latest,
        *article.links,
    )
    seen: set[str] = set()
    links: list[Link] = []
    for link in ordered:
        if link is None or link.url in seen or not is_openable(link.url):
            continue
        seen.add(link.url)
        links.append(link)
    return links


def link_option(number: int, link: Link, width: int) -> Option:
    """One row: number, kind, text, host."""
    return Option(
        Content.assemble(
            (f"{number:>{width}}  ", "bold"),
            (f"{KIND_LABELS.get(link.kind, 'Link')}: ", "dim"),
            link.text or link.url,
            (f"  {url_host(link.url)}", "dim italic"),
        ),
        id=f"link-{number}",
    )


class LinksScreen(ModalScreen[Link | None]):
    """Numbered links of an article; dismisses with the link to follow, or None."""

    CSS_PATH = screen_stylesheet_paths()

    HELP = """
## Links
Every link of the article, numbered. Type a link's number to follow it in the reader
(`enter` after it when more digits could follow), or move to a row and press `enter`.
`O` opens the highlighted link in your web browser instead. `backspace`/`escape` in the
reader come back from a followed link. Only web (http/https) links are listed.
"""

    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Close the links", id="links.close"),
        Binding(
            "O",
            "open_in_browser",
            "Open in browser",
            tooltip="Open the highlighted link in the web browser",
            id="links.open",
        ),
        Binding(
            "backspace",
            "erase",
            "Erase digit",
            show=False,
            tooltip="Erase the last digit typed, or close",
            id="links.erase",
        ),
    ]
    """Keys of the links screen (digits are read in `on_key`)."""

    def __init__(self, article: Article, service: NewsService) -> None:
        """Create the list for `article`'s links."""
        super().__init__()
        self.service = service
        self.links = article_links(article)
        """The links, in the order (and with the numbers, from 1) they are shown."""
        self.typed = ""
        """Digits typed so far."""
        self.title_text = article.title or article.url

    def compose(self) -> ComposeResult:
        """Title, the numbered list, and the typed number."""
        width = len(str(len(self.links)))
        with Vertical(id="links-panel"):
            yield Static(Content(self.title_text), id="links-title", markup=False)
            if self.links:
                yield OptionList(
                    *(link_option(n, link, width) for n, link in enumerate(self.links, 1)),
                    id="links-list",
                    markup=False,
                )
            else:
                yield Static(Content("This article has no links."), id="links-empty")
            yield Static(Content(self._prompt()), id="links-typed", markup=False)

    def on_mount(self) -> None:
        """Title the panel and focus the list."""
        self.query_one("#links-panel").border_title = "Links"
        if self.links:
            self.query_one("#links-list", OptionList).focus()

    def _prompt(self) -> str:
        if self.typed:
            return f"Link {self.typed}…  (enter to follow)"
        if not self.links:
            return "escape to close"
        return "Type a number to follow a link · enter follows the highlighted one · O opens it"

    def _show_typed(self) -> None:
        self.query_one("#links-typed", Static).update(Content(self._prompt()))
        if self.typed and self.links:
            index = int(self.typed) - 1
            if 0 <= index < len(self.links):
                self.query_one("#links-list", OptionList).highlighted = index

    # -- keys ------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        """Digits pick a link by number; enter follows a typed number."""
        if event.character is not None and event.character.isdigit() and self.links:
            event.stop()
            event.prevent_default()
            typed = (self.typed + event.character).lstrip("0")
            if not typed or int(typed) > len(self.links):
                self.app.bell()
                return
            self.typed = typed
            self._show_typed()
            # Follow at once when no further digit could make another valid number.
            if int(typed) * 10 > len(self.links):
                self._follow(int(typed))
        elif event.key == "enter" and self.typed:
            event.stop()
            event.prevent_default()
            self._follow(int(self.typed))

    def _follow(self, number: int) -> None:
        self.typed = ""
        if not 1 <= number <= len(self.links):
            return
        link = self.links[number - 1]
        if not is_openable(link.url):
            self.notify("That link cannot be followed.", severity="warning", markup=False)
            return
        self.dismiss(link)

    @on(OptionList.OptionSelected, "#links-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._follow(event.option_index + 1)

    def action_close(self) -> None:
        """Close without following anything."""
        self.dismiss(None)

    def action_erase(self) -> None:
        """Erase the last typed digit; with none, close."""
        if not self.typed:
            self.dismiss(None)
            return
        self.typed = self.typed[:-1]
        self._show_typed()

    def action_open_in_browser(self) -> None:
        """Open the highlighted link in the system browser (through the link gate)."""
        if not self.links:
            return
        highlighted = self.query_one("#links-list", OptionList).highlighted
        if highlighted is None:
            return
        open_story_url(self, self.service, self.links[highlighted].url)
