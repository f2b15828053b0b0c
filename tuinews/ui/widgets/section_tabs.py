"""The section tabs: a row of labels over an underline, drawn by one widget.

Textual's `Tabs` is a widget per tab inside three containers, with an underline widget:
with ten sections and Saved it cost ~60 ms of CPU before the first paint (issue 9,
docs/PERFORMANCE.md). `SectionTabs` draws the same two lines itself (the labels with a
cell of padding each side, the active one brighter; under them a thin bar, highlighted
under the active label), scrolls sideways to keep the active tab in view, and maps a
click to the tab under it. It reports `Activated` when the active tab changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

#: The bar under the labels (as Textual's underline draws it).
_BAR, _HALF_LEFT, _HALF_RIGHT = "━", "╺", "╸"


class SectionTabs(Widget, can_focus=False):
    """One tab per section; reports the tab made active (by a click or by the screen)."""

    COMPONENT_CLASSES = {
        "section-tabs--tab",
        "section-tabs--active",
        "section-tabs--hover",
        "section-tabs--bar",
    }
    """Styles of a label, the active label, the label under the mouse, and the bar."""

    DEFAULT_CSS = """
    SectionTabs {
        width: 100%;
        height: 2;
        pointer: pointer;
        & > .section-tabs--tab {
            color: $foreground 50%;
        }
        & > .section-tabs--active {
            color: $foreground;
        }
        & > .section-tabs--hover {
            color: $foreground;
        }
        & > .section-tabs--bar {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:ansi {
            & > .section-tabs--tab {
                text-style: dim;
            }
            & > .section-tabs--active {
                text-style: not dim bold;
            }
            & > .section-tabs--hover {
                text-style: not dim;
            }
            & > .section-tabs--bar {
                color: $block-cursor-background;
                background: $border-blurred;
            }
        }
    }
    """

    @dataclass
    class Activated(Message):
        """Another tab is active."""

        tabs: SectionTabs
        """The tabs."""
        index: int
        """The tab now active."""

        @property
        def control(self) -> SectionTabs:
            """The tabs."""
            return self.tabs

    def __init__(self, labels: Sequence[Content], *, id: str | None = None) -> None:
        """Create the tabs, the first one active.

        Args:
            labels: One label per tab (sanitized text; never read as markup).
            id: The widget's id.
        """
        super().__init__(id=id)
        self._labels = list(labels)
        self._active = 0
        self._hover: int | None = None
        self._scroll = 0

    @property
    def labels(self) -> tuple[Content, ...]:
        """The labels, in tab order."""
        return tuple(self._labels)

    @property
    def active(self) -> int:
        """Index of the active tab."""
        return self._active

    def select(self, index: int) -> None:
        """Make tab `index` active, and say so (`Activated`) when it was not."""
        if not 0 <= index < len(self._labels) or index == self._active:
            return
        self._active = index
        self.refresh()
        self.post_message(self.Activated(self, index))

    def set_label(self, index: int, label: Content) -> None:
        """Change the label of tab `index`."""
        if self._labels[index] != label:
            self._labels[index] = label
            self.refresh()

    def set_labels(self, labels: Sequence[Content], active: int = 0) -> None:
        """Replace every tab (the sections changed); `active` is active, without a message."""
        self._labels = list(labels)
        self._active = max(0, min(active, len(self._labels) - 1))
        self._hover = None
        self.refresh()

    def _spans(self) -> list[tuple[int, int]]:
        """Start and end column of each tab, padding included, before scrolling."""
        spans: list[tuple[int, int]] = []
        x = 0
        for label in self._labels:
            width = label.cell_length + 2
            spans.append((x, x + width))
            x += width
        return spans

    def _scrolled(self, spans: list[tuple[int, int]], width: int) -> int:
        """The first column shown: the active tab in view, centred when scrolling."""
        total = spans[-1][1] if spans else 0
        if total <= width or not spans:
            return 0
        start, end = spans[self._active]
        if start < self._scroll or end > self._scroll + width:
            self._scroll = (start + end - width) // 2
        self._scroll = max(0, min(self._scroll, total - width))
        return self._scroll

    def render_line(self, y: int) -> Strip:
        """The labels (line 0) or the bar under them (line 1)."""
        width = self.size.width
        spans = self._spans()
        scroll = self._scrolled(spans, width)
        if y == 0:
            segments = []
            for index, label in enumerate(self._labels):
                classes: tuple[str, ...]
                if index == self._active:
                    classes = ("section-tabs--tab", "section-tabs--active")
                elif index == self._hover:
                    classes = ("section-tabs--tab", "section-tabs--hover")
                else:
                    classes = ("section-tabs--tab",)
                style = self.get_visual_style(*classes)
                segments.extend(Content.assemble(" ", label, " ").render_segments(style))
            base = self.get_visual_style().rich_style
            return Strip(segments).crop_extend(scroll, scroll + width, base)
        if y == 1:
            return self._bar(spans, scroll, width)
        return Strip.blank(width, self.get_visual_style().rich_style)

    def _bar(self, spans: list[tuple[int, int]], scroll: int, width: int) -> Strip:
        """The underline: thin, highlighted under the active label (not its padding)."""
        bar = self.get_visual_style("section-tabs--bar").rich_style
        back, front = RichStyle(color=bar.bgcolor), RichStyle(color=bar.color)
        base = self.get_visual_style().rich_style
        if not spans:
            return Strip([Segment(_BAR * width, base + back)])
        start, end = spans[self._active]
        start, end = start + 1 - scroll, end - 1 - scroll
        start, end = max(start, 0), min(end, width)
        segments: list[Segment] = []
        if start > 0:
            segments.append(Segment(_BAR * (start - 1) + _HALF_RIGHT, base + back))
        if end > start:
            segments.append(Segment(_BAR * (end - start), base + front))
        if end < width:
            segments.append(Segment(_HALF_LEFT + _BAR * (width - end - 1), base + back))
        return Strip(segments, width)

    def _index_at(self, x: int) -> int | None:
        """The tab under column `x` of the widget, if any."""
        spans = self._spans()
        column = x + self._scrolled(spans, self.size.width)
        for index, (start, end) in enumerate(spans):
            if start <= column < end:
                return index
        return None

    def on_click(self, event: events.Click) -> None:
        """Make the tab under the mouse active."""
        index = self._index_at(event.x)
        if index is not None:
            event.stop()
            self.select(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Brighten the label under the mouse."""
        index = self._index_at(event.x) if event.y == 0 else None
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        """No label under the mouse any more."""
        if self._hover is not None:
            self._hover = None
            self.refresh()
