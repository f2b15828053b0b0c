"""The installed `tuinews --demo` in tmux, resized from 200 to 80 columns while reading."""

from __future__ import annotations

import pytest

from tuinews.demo.site import DemoSite

from .test_tmux import Terminal

pytestmark = pytest.mark.e2e


def _resize(terminal: Terminal, columns: int, lines: int) -> None:
    terminal._tmux("resize-window", "-t", "main", "-x", str(columns), "-y", str(lines))


def test_resize_from_200_to_80_columns_while_reading(terminal: Terminal) -> None:
    site = DemoSite("http://127.0.0.1:1")
    slug = site.sections[0].slug
    stories = sorted(
        (s for s in site.stories if slug in s.categories), key=lambda s: s.published, reverse=True
    )
    terminal.wait_for(stories[0].title[:40])
    _resize(terminal, 200, 50)
    # Side by side: the reader pane follows the cursor, beside the list.
    terminal.keys("j")
    screen = terminal.wait_for(stories[1].paragraphs[0][:40])
    row = next(line for line in screen.splitlines() if stories[1].paragraphs[0][:40] in line)
    left, _, right = row.partition(stories[1].paragraphs[0][:40])
    assert len(left) > 80, "the article should start right of the list"
    assert stories[4].title[:40] in screen  # the list is still on screen
    # Enter reads in the pane; n moves to the next story there.
    terminal.keys("Enter")
    terminal.wait_for("esc Back")
    terminal.keys("n")
    screen = terminal.wait_for(stories[2].paragraphs[0][:40])
    assert stories[5].title[:40] in screen
    # 80 columns while reading: the reader becomes a screen of its own, same story.
    _resize(terminal, 80, 24)
    deadline_text = f"{stories[2].reading_minutes} min read"
    screen = terminal.wait_for(deadline_text)
    assert stories[2].title[:30] in screen
    assert stories[5].title[:30] not in screen  # no list beside it
    assert max(len(line) for line in screen.splitlines()) <= 80
    # The app still answers keys: next story, then back to the list, then quit.
    terminal.keys("n")
    terminal.wait_for(f"{stories[3].reading_minutes} min read")
    terminal.wait_for(stories[3].title[:30])
    terminal.keys("Escape")
    terminal.wait_for("r Refresh")
    terminal.keys("q")
    terminal.wait_for("__EXIT=0__", history=True)
