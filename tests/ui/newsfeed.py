"""A feed the tests can grow between refreshes, with dated items, on the fault server."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

from ..faultserver import Reply


@dataclass
class Item:
    """One story of the feed."""

    title: str
    guid: str
    """Also its link: the story's id in tuinews."""
    published: datetime
    summary: str = ""


@dataclass
class GrowingFeed:
    """RSS whose items the test adds to (newest first), served as it is at each request."""

    base: str
    """Where the stories' pages live (their links)."""
    items: list[Item] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, count: int, prefix: str, start: datetime, *, step: float = -60.0) -> None:
        """Add `count` items; the first published at `start`, each next `step` seconds on."""
        with self.lock:
            fresh = [
                Item(
                    f"{prefix} {n}",
                    f"{self.base}{prefix.lower().replace(' ', '-')}-{n}",
                    start + timedelta(seconds=step * n),
                    f"Summary of {prefix} {n}.",
                )
                for n in range(count)
            ]
            self.items = sorted(self.items + fresh, key=lambda i: i.published, reverse=True)

    def body(self) -> bytes:
        """The feed document now."""
        with self.lock:
            entries = "".join(
                f"<item><title>{escape(i.title)}</title><link>{escape(i.guid)}</link>"
                f"<guid>{escape(i.guid)}</guid><pubDate>{format_datetime(i.published)}</pubDate>"
                f"<description>{escape(i.summary)}</description></item>"
                for i in self.items
            )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Growing</title>'
            f"<link>{self.base}</link>{entries}</channel></rss>"
        ).encode()

    def reply(self, _headers: dict[str, str]) -> Reply:
        """The fault server's answer."""
        return Reply(body=self.body(), headers={"Content-Type": "application/rss+xml"})


def hours_ago(hours: float) -> datetime:
    """A UTC time `hours` before now, to the second."""
    return datetime.fromtimestamp(int(time.time() - hours * 3600), tz=UTC)


async def wheel(pilot: Pilot[object], widget: Widget, down: bool = True, times: int = 1) -> None:
    """Turn the mouse wheel over `widget`, as the terminal reports it."""
    region = widget.region
    x, y = region.x + 2, region.y + 2
    kind = events.MouseScrollDown if down else events.MouseScrollUp
    for _ in range(times):
        pilot.app.post_message(
            kind(
                widget=None,
                x=x,
                y=y,
                delta_x=0,
                delta_y=1 if down else -1,
                button=0,
                shift=False,
                meta=False,
                ctrl=False,
                screen_x=x,
                screen_y=y,
            )
        )
        await pilot.pause()
