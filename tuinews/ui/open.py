"""Opening a URL from any screen: the browser where there is one, else copy and show."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tuinews.core.service import NewsService
from tuinews.core.text import url_host


def open_story_url(screen: Screen[Any], service: NewsService, url: str) -> None:
    """Open `url` in a browser, or copy it (OSC 52) and show it when none can be opened.

    Never starts a console browser behind the running app.
    """
    if not url:
        screen.notify("This story has no link.", severity="warning", markup=False)
        return
    result = service.open_in_browser(url)
    if not result.url:
        screen.notify(result.message, title="Not opened", severity="warning", markup=False)
        return
    if result.opened:
        screen.notify(f"{result.message} ({url_host(result.url)})", markup=False)
        return
    screen.app.copy_to_clipboard(result.url)
    screen.notify(
        f"{result.message}\nHost: {url_host(result.url)}\n{result.url}",
        title="Open in a browser",
        markup=False,
        timeout=15,
    )
