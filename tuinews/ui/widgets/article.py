"""The article as the reader shows it: headline, meta, badge, body and the page's links.

`ArticleView` is what the reader screen and the wide layout's reader pane both show (the
pane is one): the same parts with the same ids (`#headline`, `#meta`, `#picture`,
`#badge`, `#standfirst`, `#body`, `#navigation`), filled from a `Story` while its
article loads and from the `Article` once it is there.

`ArticleBody` draws the article's Markdown as one widget. Textual's `Markdown` mounts a
widget per block (a long article is a hundred widgets to style, lay out and paint on every
open); this one parses the Markdown once into blocks, renders them to lines once per
width, and paints only the lines on screen. The text is never read as markup: every piece
is a plain `rich.text.Text`, links and raw HTML stay literal characters, and control
characters are stripped again (the body was sanitized in `tuinews.core` already).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, cast

from rich import box
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tuinews.core.models import Article, Link, Story
from tuinews.core.present import badge, meta_line, picture_line
from tuinews.core.text import strip_controls, url_host

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from tuinews.core.service import NewsService

#: The body shown when an article has no text at all.
NOTHING_TO_SHOW = "*No text to show for this story. Press `o` to open the page in the browser.*"

#: The body's one line while the article loads.
WAITING = "Loading the article…"

#: Inline marks and the Rich style each adds (code comes from the widget's CSS).
_MARK_STYLES = {
    "em": Style(italic=True),
    "strong": Style(bold=True),
    "s": Style(strike=True),
}

_QUOTE_BAR = "▌ "


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of inline text and the marks on it ("em", "strong", "s", "code")."""

    text: str
    """The characters, literal."""
    marks: frozenset[str] = frozenset()
    """Inline marks."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the body: a paragraph, heading, code block, rule or table.

    `lead` and `rest` are the prefixes of its first and following lines (list markers,
    quote bars), as (text, component) pairs; `depth` is how many quotes it sits in.
    """

    kind: str
    """"p", "h1"…"h6", "code", "hr" or "table"."""
    pieces: tuple[Piece, ...] = ()
    """The inline text (for "code", one piece: the code)."""
    rows: tuple[tuple[tuple[Piece, ...], ...], ...] = ()
    """A table's rows of cells; the first row is the header."""
    lead: tuple[tuple[str, str], ...] = ()
    """Prefix of the first line."""
    rest: tuple[tuple[str, str], ...] = ()
    """Prefix of the other lines."""
    depth: int = 0
    """Quote depth."""
    tight: int = 0
    """For a paragraph of a tight list, the number of its outermost list (from 1): no
    blank line between two blocks of the same tight list; 0 for every other block."""


def parse_blocks(markdown: str) -> tuple[Block, ...]:
    """The blocks of an article body written in Markdown (CommonMark and tables).

    Links, images, autolinks and raw HTML are not parsed: they stay the literal text
    that was written, so nothing in a page's text can become a live link.
    """
    tokens = _parser().parse(strip_controls(markdown))
    blocks: list[Block] = []
    # The containers around the current block: ["quote", ""] or ["item", marker, width]
    # where marker is the item's marker until its first line is written, then "".
    stack: list[list[str]] = []
    lists: list[list[int | None]] = []  # per open list: [next number] (None: bullets)
    tight = False
    outermost = 0  # number of the current top-level list
    index = 0

    def prefixes() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], int]:
        lead: list[tuple[str, str]] = []
        rest: list[tuple[str, str]] = []
        depth = 0
        for frame in stack:
            kind, marker = frame[0], frame[1]
            if kind == "quote":
                depth += 1
                lead.append((_QUOTE_BAR, "article-body--quote-bar"))
                rest.append((_QUOTE_BAR, "article-body--quote-bar"))
            else:
                width = int(frame[2])
                shown = marker.ljust(width) if marker else " " * width
                lead.append((shown, "article-body--marker"))
                rest.append((" " * width, ""))
                frame[1] = ""
        return tuple(lead), tuple(rest), depth

    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "blockquote_open":
            stack.append(["quote", ""])
        elif kind in ("blockquote_close", "list_item_close"):
            if stack:
                stack.pop()
        elif kind == "bullet_list_open":
            outermost += not lists
            lists.append([None])
        elif kind == "ordered_list_open":
            outermost += not lists
            start = token.attrGet("start")
            lists.append([int(start) if isinstance(start, int | str) else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open":
            number = lists[-1][0] if lists else None
            if number is None:
                marker = "• "
            else:
                marker = f"{number}. "
                lists[-1][0] = number + 1
            stack.append(["item", marker, str(max(2, len(marker)))])
        elif kind == "paragraph_open":
            tight = token.hidden
        elif kind == "inline":
            before = tokens[index - 1] if index else None
            heading = before.tag if before is not None and before.type == "heading_open" else ""
            lead, rest, depth = prefixes()
            blocks.append(
                Block(
                    heading or "p",
                    _inline(token.children or []),
                    lead=lead,
                    rest=rest,
                    depth=depth,
                    tight=outermost if tight and not heading else 0,
                )
            )
            tight = False
        elif kind in ("fence", "code_block"):
            lead, rest, depth = prefixes()
            code = token.content.rstrip("\n")
            blocks.append(Block("code", (Piece(code),), lead=lead, rest=rest, depth=depth))
        elif kind == "hr":
            lead, rest, depth = prefixes()
            blocks.append(Block("hr", lead=lead, rest=rest, depth=depth))
        elif kind == "table_open":
            index, rows = _table(tokens, index)
            lead, rest, depth = prefixes()
            blocks.append(Block("table", rows=rows, lead=lead, rest=rest, depth=depth))
        index += 1
    return tuple(blocks)


@cache
def _parser() -> MarkdownIt:
    """The Markdown parser, built once (building it costs more than parsing an article)."""
    from markdown_it import MarkdownIt  # the reader's, not the first paint's

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return parser.disable(["link", "image", "autolink", "html_inline", "html_block"])


def _inline(children: Sequence[object]) -> tuple[Piece, ...]:
    """Pieces of an inline token's children; every text stays literal."""
    pieces: list[Piece] = []
    marks: list[str] = []
    for child in children:
        kind: str = getattr(child, "type", "")
        # Entities are decoded by the parser: "&#x202E;" must not become a bidi control.
        content: str = strip_controls(getattr(child, "content", ""))
        if kind == "text" or kind == "html_inline":
            if content:
                pieces.append(Piece(content, frozenset(marks)))
        elif kind == "code_inline":
            pieces.append(Piece(content, frozenset((*marks, "code"))))
        elif kind == "softbreak":
            pieces.append(Piece(" ", frozenset(marks)))
        elif kind == "hardbreak":
            pieces.append(Piece("\n", frozenset(marks)))
        elif kind.endswith("_open"):
            marks.append(kind.removesuffix("_open"))
        elif kind.endswith("_close"):
            name = kind.removesuffix("_close")
            if name in marks:
                marks.remove(name)
        elif content:
            pieces.append(Piece(content, frozenset(marks)))
    return tuple(pieces)


#: A table: rows of cells of pieces.
_Rows = tuple[tuple[tuple[Piece, ...], ...], ...]


def _table(tokens: Sequence[object], index: int) -> tuple[int, _Rows]:
    """The rows of the table starting at `tokens[index]`, and the index of its end."""
    rows: list[tuple[tuple[Piece, ...], ...]] = []
    row: list[tuple[Piece, ...]] = []
    while index < len(tokens):
        token = tokens[index]
        kind: str = getattr(token, "type", "")
        if kind == "tr_open":
            row = []
        elif kind == "inline":
            row.append(_inline(getattr(token, "children", None) or []))
        elif kind == "tr_close":
            rows.append(tuple(row))
        elif kind == "table_close":
            break
        index += 1
    return index, tuple(rows)


class ArticleBody(Widget):
    """An article's Markdown body, drawn as lines: one widget however long the article."""

    COMPONENT_CLASSES = {
        "article-body--h1",
        "article-body--h2",
        "article-body--h3",
        "article-body--h4",
        "article-body--quote",
        "article-body--quote-bar",
        "article-body--marker",
        "article-body--code",
        "article-body--rule",
        "article-body--table-header",
        "article-body--waiting",
    }
    """Styles of the parts of the body, themable from CSS."""

    DEFAULT_CSS = """
    ArticleBody {
        height: auto;
    }
    ArticleBody > .article-body--h1 {
        color: $text-primary;
        text-style: bold underline;
    }
    ArticleBody > .article-body--h2 {
        color: $text-primary;
        text-style: bold;
    }
    ArticleBody > .article-body--h3 {
        color: $text-secondary;
        text-style: bold;
    }
    ArticleBody > .article-body--h4 {
        text-style: bold italic;
    }
    ArticleBody > .article-body--quote {
        color: $text-muted;
        text-style: italic;
    }
    ArticleBody > .article-body--quote-bar {
        color: $primary;
    }
    ArticleBody > .article-body--marker {
        color: $text-accent;
    }
    ArticleBody > .article-body--code {
        background: $boost;
        color: $text-warning;
    }
    ArticleBody > .article-body--rule {
        color: $foreground-darken-3;
    }
    ArticleBody > .article-body--table-header {
        text-style: bold;
    }
    ArticleBody > .article-body--waiting {
        color: $text-muted;
        text-style: italic;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Create an empty body."""
        super().__init__(id=id, classes=classes)
        self.source = ""
        """The Markdown shown."""
        self.waiting = False
        """True while the article loads (the body says so in one line)."""
        self._blocks: tuple[Block, ...] = ()
        self._lines: list[Strip] = []
        self._lines_width = -1

    def update(self, markdown: str) -> None:
        """Show `markdown` (untrusted: it is parsed for blocks and emphasis only)."""
        self.source = markdown
        self.waiting = False
        self._blocks = parse_blocks(markdown)
        self._changed()

    def wait(self) -> None:
        """Show that the article is loading."""
        self.source = ""
        self.waiting = True
        self._blocks = ()
        self._changed()

    def _changed(self) -> None:
        self._lines_width = -1
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        """Styles changed (a theme): draw the lines again."""
        super().notify_style_update()
        self._lines_width = -1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the body takes at `width`."""
        return len(self._render_lines(width))

    def render_line(self, y: int) -> Strip:
        """Line `y` of the body (only the lines on screen are asked for)."""
        width = self.size.width
        lines = self._render_lines(width)
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(width, self.rich_style)

    # -- rendering -----------------------------------------------------------------

    def _render_lines(self, width: int) -> list[Strip]:
        """All lines of the body at `width`, rendered once per width and style."""
        if width == self._lines_width:
            return self._lines
        self._lines_width = width
        self._lines = self._draw(max(1, width)) if width > 0 else []
        return self._lines

    def _draw(self, width: int) -> list[Strip]:
        base = self.rich_style
        if self.waiting:
            text = Text(WAITING, style=self._style("article-body--waiting"), no_wrap=True)
            return [self._strip(self._render_text(text, width)[0], base, width)]
        console = self.app.console
        options = self.app.console_options
        lines: list[Strip] = []
        previous: Block | None = None
        for block in self._blocks:
            if previous is not None and not (block.tight and block.tight == previous.tight):
                gap = block.rest if block.depth and previous.depth >= block.depth else ()
                lines.append(self._strip(list(self._prefix(_bars(gap))), base, width))
            previous = block
            lead = list(self._prefix(block.lead))
            rest = list(self._prefix(block.rest))
            inner = max(1, width - Segment.get_line_length(lead))
            renderable = self._renderable(block, inner)
            rendered = console.render_lines(renderable, options.update_width(inner), pad=False)
            for number, segments in enumerate(rendered):
                prefix = lead if number == 0 else rest
                lines.append(self._strip([*prefix, *segments], base, width))
        return lines

    def _render_text(self, text: Text, width: int) -> list[list[Segment]]:
        options = self.app.console_options.update_width(width)
        return self.app.console.render_lines(text, options, pad=False)

    @staticmethod
    def _strip(segments: list[Segment], base: Style, width: int) -> Strip:
        strip = Strip(segments).apply_style(base)
        return strip.crop(0, width) if strip.cell_length > width else strip

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component)

    def _prefix(self, parts: Iterable[tuple[str, str]]) -> Iterable[Segment]:
        for text, component in parts:
            yield Segment(text, self._style(component) if component else None)

    def _renderable(self, block: Block, width: int) -> RenderableType:
        kind = block.kind
        if kind == "code":
            return Text(
                block.pieces[0].text if block.pieces else "",
                style=self._style("article-body--code"),
                no_wrap=False,
                overflow="fold",
            )
        if kind == "hr":
            return Text("─" * min(width, 40), style=self._style("article-body--rule"))
        if kind == "table":
            return self._table(block)
        style = Style()
        if kind.startswith("h"):
            level = min(4, int(kind[1:]) if kind[1:].isdigit() else 4)
            style = self._style(f"article-body--h{level}")
        elif block.depth:
            style = self._style("article-body--quote")
        return self._text(block.pieces, style)

    def _text(self, pieces: Iterable[Piece], style: Style) -> Text:
        text = Text(style=style, justify="left", overflow="fold")
        for piece in pieces:
            marks = piece.marks
            if not marks:
                text.append(piece.text)
                continue
            span = Style()
            for mark in marks:
                if mark == "code":
                    span += self._style("article-body--code")
                else:
                    span += _MARK_STYLES.get(mark, Style())
            text.append(piece.text, span)
        return text

    def _table(self, block: Block) -> Table:
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            header_style=self._style("article-body--table-header"),
            border_style=self._style("article-body--rule"),
        )
        header, *rows = block.rows or ((),)
        for cell in header:
            table.add_column(self._text(cell, Style()), overflow="fold")
        for row in rows:
            table.add_row(*(self._text(cell, Style()) for cell in row[: len(header)]))
        return table


def _bars(parts: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The quote bars of a prefix, for the blank line between two quoted blocks."""
    return tuple(part for part in parts if part[1] == "article-body--quote-bar" or not part[1])


class PaintHold:
    """Holds the app's repaints while an article loads, for a moment at most.

    Opening a story changes the headline, hides the parts of the previous article and
    says "Loading"; a cached article is there a few milliseconds later and changes it
    all again. Each paint of a 120x40 screen costs Textual tens of milliseconds, so the
    reader holds the paints (`App.batch_update`) until the article is shown, or until
    `limit` seconds have passed and the loading line is worth showing: one paint per
    open, no flash of an empty page, and no loading state built only to be replaced.
    """

    def __init__(self, owner: Widget, limit: float) -> None:
        """Hold the paints of `owner`'s app for at most `limit` seconds at a time."""
        self.owner = owner
        self.limit = limit
        """Longest hold, in seconds."""
        self._batch: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None
        self._on_timeout: Callable[[], None] | None = None

    @property
    def held(self) -> bool:
        """True while the paints are held."""
        return self._batch is not None

    def hold(self, on_timeout: Callable[[], None] | None = None) -> None:
        """Hold the paints (again for `limit` seconds from now).

        Args:
            on_timeout: Called when the hold runs out, just before the paint (to show
                that the article is still loading).
        """
        if self._timer is not None:
            self._timer.stop()
        if self._batch is None:
            self._batch = self.owner.app.batch_update()
            self._batch.__enter__()
        self._on_timeout = on_timeout
        self._timer = self.owner.set_timer(self.limit, self._timed_out, name="paint-hold")

    def _timed_out(self) -> None:
        on_timeout, self._on_timeout = self._on_timeout, None
        try:
            if on_timeout is not None:
                on_timeout()
        finally:
            self.release()

    def release(self) -> None:
        """Paint again (whatever changed meanwhile is painted at once)."""
        self._on_timeout = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        batch, self._batch = self._batch, None
        if batch is not None:
            batch.__exit__(None, None, None)


def navigation_options(article: Article) -> tuple[list[Option | None], list[Link | None]]:
    """The reader's link list: previous/next, also read, latest from the section.

    Returns:
        The options to show, and for each option the link it follows (None for headings
        and separators).
    """
    options: list[Option | None] = []
    targets: list[Link | None] = []

    def heading(text: str) -> None:
        if options:
            options.append(None)
            targets.append(None)
        options.append(Option(Content.assemble((text, "bold")), disabled=True))
        targets.append(None)

    def item(label: str, link: Link) -> None:
        options.append(
            Option(
                Content.assemble(
                    label, (link.text or link.url, ""), (f"  {url_host(link.url)}", "dim")
                )
            )
        )
        targets.append(link)

    if article.previous or article.next:
        heading("Story navigation")
        if article.previous:
            item("← Previous story: ", article.previous)
        if article.next:
            item("→ Next story: ", article.next)
    also = [link for link in article.related if link.kind == "also-read"]
    related = [link for link in article.related if link.kind != "also-read"]
    if also:
        heading("Also read")
        for link in also:
            item("• ", link)
    if related:
        heading("Related")
        for link in related:
            item("• ", link)
    if article.latest:
        heading(article.latest_label or "Latest")
        for link in article.latest:
            item("• ", link)
    return options, targets


def badge_line(article: Article) -> str:
    """The badge line; a saved story's kept copy says so, and why it is shown."""
    reason = article.extra.get("saved_copy", "")
    if reason:
        return f"Saved copy: {reason}"
    return badge(article)


class ArticleView(VerticalScroll):
    """One story as the reader shows it, scrolling; reports the page link the user chose.

    The scroll container itself, not a part inside one: each container is one more
    layer for Textual to lay out and paint on every open.
    """

    @dataclass
    class LinkChosen(Message):
        """The user chose one of the page's links (previous/next, also read...)."""

        view: ArticleView
        """The view."""
        link: Link
        """The link chosen."""

        @property
        def control(self) -> ArticleView:
            """The view."""
            return self.view

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=True, repaint=False)
    """The scrollable size. Widget's own repaints the widget when it changes, which for
    this container means drawing its 40 blank lines again on every open (3 ms): what
    it draws itself (background, padding) does not depend on it, and its scrollbar and
    the parts repaint on their own."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Create an empty view."""
        super().__init__(id=id, classes=classes)
        self._targets: list[Link | None] = []
        # The parts, kept rather than queried on every open (five queries and more).
        self._parts = {
            f"#{name}": Static("", id=name, markup=False)
            for name in ("headline", "meta", "picture", "badge", "standfirst")
        }
        self._body = ArticleBody(id="body")
        self._navigation = OptionList(id="navigation", markup=False)

    def compose(self) -> ComposeResult:
        """Headline, meta, picture, badge, standfirst, body, navigation."""
        yield from self._parts.values()
        yield self._body
        yield self._navigation

    @property
    def body(self) -> ArticleBody:
        """The article's body."""
        return self._body

    def _part(self, selector: str, text: str, *, always: bool = False) -> None:
        part = self._parts[selector]
        part.update(Content(text))
        part.display = always or bool(text)

    def _hide_navigation(self) -> None:
        navigation = self._navigation
        if navigation.display:
            navigation.display = False
            navigation.clear_options()
        self._targets = []

    def present_empty(self, headline: str, hint: str) -> None:
        """No story: a headline and a hint in place of the article."""
        self._part("#headline", headline, always=True)
        self._part("#meta", hint, always=True)
        for selector in ("#picture", "#badge", "#standfirst"):
            self._part(selector, "")
        self.body.display = False
        self._hide_navigation()

    def present_loading(self, story: Story) -> None:
        """`story` while its article loads: its headline and source, and a loading line."""
        self._part("#headline", story.title, always=True)
        self._part("#meta", story.source, always=True)
        for selector in ("#picture", "#badge", "#standfirst"):
            self._part(selector, "")
        self.body.display = True
        self.body.wait()
        self._hide_navigation()

    def present_article(self, article: Article, story: Story) -> None:
        """The article of `story`, with the page's links below it."""
        self._part("#headline", article.title or story.title, always=True)
        self._part("#meta", meta_line(article), always=True)
        self._part("#picture", picture_line(article))
        self._part("#badge", badge_line(article))
        self._part("#standfirst", article.standfirst)
        self.body.display = True
        self.body.update(article.markdown or NOTHING_TO_SHOW)
        options, self._targets = navigation_options(article)
        navigation = self._navigation
        navigation.clear_options()
        if options:
            navigation.add_options(options)
        navigation.display = bool(options)

    @on(OptionList.OptionSelected, "#navigation")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        link = self._targets[index] if 0 <= index < len(self._targets) else None
        if link is not None:
            self.post_message(self.LinkChosen(self, link))


class ArticleLoader:
    """Shows stories in an `ArticleView`: a cached article at once, others from a worker.

    Mixed into the reader screen and the wide layout's reader pane, which keep what is
    shown (`current`, `article`) and say where (`article_view`). A cached article is
    read on the event loop (one SQLite read of about a millisecond) and shown in the
    frame of the key. Otherwise the paints are held (`paint_hold`) while a worker
    fetches the page; the loading line is built only if the hold runs out first.
    """

    service: NewsService
    """Where articles come from."""
    current: Story | None
    """The story shown (a followed link is a story too)."""
    article: Article | None
    """The article shown, once loaded."""
    paint_hold: PaintHold
    """Holds the app's paints while an article loads."""

    def article_view(self) -> ArticleView | None:
        """The view the stories are shown in; None once it is gone (the app closing)."""
        raise NotImplementedError

    def story_shown(self, story: Story) -> None:
        """Called once `story`'s article is shown (the reader scrolls back to where the
        story was left)."""

    def show_story(self, story: Story, *, hold: bool = True) -> None:
        """Show `story`: its article in one paint, or its headline and a loading line.

        Args:
            story: The story.
            hold: Hold the paints until the article is in (0.1 s at most); False to
                show the loading line at once (the pane following the list cursor).
        """
        self.current = story
        self.article = None
        cached = self.service.cached_article(story)
        if cached is not None:
            self._cancel_loading()
            self.paint_hold.release()
            self._show_article(cached, story)
            self.story_shown(story)
            return
        if hold:
            self.paint_hold.hold(partial(self._show_loading, story))
        else:
            self._show_loading(story)
        view = self.article_view()
        if view is not None:
            view.scroll_home(animate=False, immediate=True)
        self.load_article(story)

    def _cancel_loading(self) -> None:
        node = cast(DOMNode, self)
        node.workers.cancel_group(node, "article")

    def _show_loading(self, story: Story) -> None:
        view = self.article_view()
        if view is not None and story is self.current and self.article is None:
            view.present_loading(story)

    def _show_article(self, article: Article, story: Story) -> None:
        self.article = article
        view = self.article_view()
        if view is not None:
            view.present_article(article, story)
            view.scroll_home(animate=False, immediate=True)

    @work(group="article", exclusive=True, exit_on_error=False, description="Loading the article")
    async def load_article(self, story: Story) -> None:
        """Fetch the story's article and show it, unless the user moved on meanwhile."""
        try:
            # show_story has just found it missing from the cache: no second look.
            article = await self.service.story_article(story, look_up=False)
            if story is not self.current:
                return
            self._show_article(article, story)
        finally:
            if story is self.current:
                try:
                    self._show_loading(story)  # only if it failed: not the last story's text
                finally:
                    self.paint_hold.release()
        self.story_shown(story)
