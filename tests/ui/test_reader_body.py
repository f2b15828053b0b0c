"""The article body as one widget: blocks drawn as lines, text always literal."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from tuinews.core.models import Article, Link, Story
from tuinews.ui.widgets.article import (
    NOTHING_TO_SHOW,
    WAITING,
    ArticleBody,
    ArticleView,
    parse_blocks,
)

from .conftest import settle, text_of

BODY = """Opening with *emphasis*, **strong** and `code`, [x](javascript:alert(1)),
<https://evil.example/>, <b>raw html</b> and [bold]markup[/bold] that stay text.

## A section heading

- First item, long enough to wrap onto a second line when the reader is narrow enough.
- Second item
  - Nested item

1. One
2. Two

> A quoted sentence.
>
> Second quoted paragraph.

```
code block
```

| Name | Value |
|---|---|
| Apples | 3 |

Last paragraph."""

STORY = Story(id="s1", title="The headline from the feed", url="https://news.example/s1/")


class _ViewApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[Link] = []

    def compose(self) -> ComposeResult:
        yield ArticleView(id="reader")

    def on_article_view_link_chosen(self, event: ArticleView.LinkChosen) -> None:
        self.chosen.append(event.link)


def _lines(body: ArticleBody) -> list[str]:
    return [body.render_line(y).text.rstrip() for y in range(body.size.height)]


def _segments(body: ArticleBody) -> list[Segment]:
    return [segment for y in range(body.size.height) for segment in body.render_line(y)]


def test_blocks_of_an_article() -> None:
    blocks = parse_blocks(BODY)
    kinds = [block.kind for block in blocks]
    assert kinds == ["p", "h2", "p", "p", "p", "p", "p", "p", "p", "code", "table", "p"]
    first = "".join(piece.text for piece in blocks[0].pieces)
    # Links, autolinks, raw HTML and console markup are not parsed: the text is literal.
    for literal in ("[x](javascript:alert(1))", "<https://evil.example/>", "<b>raw html</b>"):
        assert literal in first
    assert "[bold]markup[/bold]" in first
    marks = {piece.text: piece.marks for piece in blocks[0].pieces}
    assert marks["emphasis"] == {"em"} and marks["strong"] == {"strong"}
    assert marks["code"] == {"code"}
    # List items carry their marker once; the nested item is indented under its parent.
    assert [part[0] for part in blocks[2].lead] == ["• "]
    assert [part[0] for part in blocks[4].lead] == ["  ", "• "]
    assert [part[0] for part in blocks[5].lead] == ["1. "]
    assert blocks[7].depth == 1 and blocks[8].depth == 1
    assert blocks[10].rows == (
        ((blocks[10].rows[0][0][0],), (blocks[10].rows[0][1][0],)),
        ((blocks[10].rows[1][0][0],), (blocks[10].rows[1][1][0],)),
    )
    assert [cell[0].text for row in blocks[10].rows for cell in row] == [
        "Name",
        "Value",
        "Apples",
        "3",
    ]


def test_control_characters_never_reach_the_body() -> None:
    blocks = parse_blocks("Wipe \x1b[2Jscreen and \u009b31m red &#27; &#x202E;bidi &#x9b; entity")
    text = "".join(piece.text for piece in blocks[0].pieces)
    for control in ("\x1b", "\u009b", "\u202e"):
        assert control not in text
    assert "[2Jscreen" in text and "bidi" in text


async def test_the_body_draws_blocks_as_one_widget() -> None:
    app = _ViewApp()
    async with app.run_test(size=(60, 60)) as pilot:
        view = app.query_one(ArticleView)
        view.present_article(Article(url=STORY.url, title="Title", markdown=BODY), STORY)
        await settle(pilot)
        body = view.query_one("#body", ArticleBody)
        assert not body.children  # one widget, however many blocks
        lines = _lines(body)
        assert body.size.height == len(lines) > 20
        assert "A section heading" in lines
        assert any(line.startswith("• First item") for line in lines)
        wrapped = lines.index(next(line for line in lines if line.startswith("• First")))
        assert lines[wrapped + 1].startswith("  ") and lines[wrapped + 1].strip()  # hanging
        assert "  • Nested item" in lines
        assert "1. One" in lines and "2. Two" in lines
        assert lines[lines.index("1. One") - 1] == ""  # a new list is a new block
        assert "▌ A quoted sentence." in lines and "▌" in lines  # the bar spans the gap
        assert "Last paragraph." == lines[-1]
        joined = " ".join(lines)
        assert "[x](javascript:alert(1))" in joined and "[bold]markup[/bold]" in joined
        segments = _segments(body)
        heading = next(s for s in segments if s.text.strip() == "A section heading")
        assert heading.style is not None and heading.style.bold
        assert all(s.style is None or not s.style.link for s in segments)
        assert all(s.style is None or not s.style.meta for s in segments)  # no @click


async def test_a_narrower_body_wraps_again_and_a_theme_redraws_it() -> None:
    app = _ViewApp()
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(ArticleView)
        view.present_article(Article(url=STORY.url, markdown=BODY), STORY)
        await settle(pilot)
        body = view.query_one("#body", ArticleBody)
        wide = body.size.height
        heading = next(s for s in _segments(body) if s.text.strip() == "A section heading")
        await pilot.resize_terminal(40, 40)
        await settle(pilot)
        assert body.size.height > wide
        assert max(len(line) for line in _lines(body)) <= body.size.width
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        again = next(s for s in _segments(body) if s.text.strip() == "A section heading")
        assert again.style != heading.style


async def test_loading_empty_and_the_page_links() -> None:
    app = _ViewApp()
    async with app.run_test(size=(80, 30)) as pilot:
        view = app.query_one(ArticleView)
        view.present_loading(STORY)
        await settle(pilot)
        body = view.query_one("#body", ArticleBody)
        assert body.waiting and _lines(body) == [WAITING]
        assert text_of(pilot, "#headline") == STORY.title
        article = Article(
            url=STORY.url,
            title="The page's headline",
            next=Link("https://news.example/next/", "The next one"),
            completeness="excerpt",
            note="page not reachable",
        )
        view.present_article(article, STORY)
        await settle(pilot)
        assert not body.waiting and NOTHING_TO_SHOW.split("*")[1][:20] in " ".join(_lines(body))
        assert text_of(pilot, "#headline") == "The page's headline"
        assert text_of(pilot, "#badge").startswith("Summary only: page not reachable")
        await _choose_first_link(pilot, view)
        assert [link.url for link in app.chosen] == ["https://news.example/next/"]
        view.present_empty("No story selected", "Move the cursor.")
        await settle(pilot)
        assert not body.display and text_of(pilot, "#meta") == "Move the cursor."


async def _choose_first_link(pilot: Pilot[object], view: ArticleView) -> None:
    navigation = view.query_one("#navigation")
    navigation.focus()
    await pilot.press("down", "enter")
    await settle(pilot)
