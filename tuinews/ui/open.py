"""Opening and copying a story's link from any screen, wherever tuinews runs.

- In a browser tab (`tuinews serve`): the web client opens the link in a new tab.
- On a desktop: the system browser or the configured command, detached; a link whose
  real host could be mistaken for another goes through the open panel first.
- Over SSH or with no display: the open panel, with the link copied (OSC 52), shown as
  text, as a terminal hyperlink and as a QR code, and a console browser on offer.

Every URL passes the link gate here before it is opened, copied or shown as a link.
"""

from __future__ import annotations

import subprocess
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.screen import Screen

from tuinews.core.browser import can_launch, console_browser_argv, host_warning
from tuinews.core.service import NewsService
from tuinews.core.text import UnsafeURL, openable_url, url_host


def _gated(screen: Screen[Any], url: str) -> str | None:
    """The URL through the link gate, or None after telling the user why not."""
    if not url:
        screen.notify("This story has no link.", severity="warning", markup=False)
        return None
    try:
        return openable_url(url)
    except UnsafeURL as error:
        screen.notify(f"Not opened: {error}.", title="Not opened", severity="warning", markup=False)
        return None


def open_story_url(screen: Screen[Any], service: NewsService, url: str) -> None:
    """Open `url` the way this session allows, showing its real host first.

    Never starts a console browser behind the running app: that is only offered in the
    open panel, and runs with the app suspended.
    """
    # Imported here: the panel is built on this module's helpers.
    from tuinews.ui.screens.open_panel import OpenPanel

    gated = _gated(screen, url)
    if gated is None:
        return
    app = screen.app
    host = url_host(gated)
    if app.is_web:
        # Under textual-serve the driver hands the URL to the web page, which opens a tab
        # in the user's own browser.
        screen.notify(f"Opening {host} in a new browser tab.", markup=False)
        app.open_url(gated)
        return
    if isinstance(app.screen, OpenPanel):
        return
    settings = service.config.settings
    launchable = can_launch(settings.browser)
    warning = host_warning(gated)
    if launchable and not warning:
        if launch(screen, service, gated):
            return
        launchable = False  # it failed to start: fall back to copying and showing
    if not launchable:
        copy_to_clipboard(app, gated)
    app.push_screen(
        OpenPanel(
            gated,
            service,
            warning=warning,
            copied=not launchable,
            can_launch=launchable,
            console_browser=console_browser_argv(settings.text_browser, gated),
        )
    )


def launch(screen: Screen[Any], service: NewsService, gated: str) -> bool:
    """Start the desktop browser for a gated URL; True when it started."""
    screen.notify(f"Opening {url_host(gated)} in the browser…", markup=False)
    result = service.open_in_browser(gated)
    if not result.opened:
        screen.notify(result.message, title="Not opened", severity="warning", markup=False)
    return result.opened


def copy_story_url(screen: Screen[Any], url: str) -> None:
    """Copy a story's link to the clipboard (OSC 52) and say so, naming its real host."""
    gated = _gated(screen, url)
    if gated is None:
        return
    copy_to_clipboard(screen.app, gated)
    screen.notify(f"Link copied: {url_host(gated)}", markup=False)


def copy_to_clipboard(app: App[Any], gated: str) -> None:
    """Copy a gated URL with OSC 52 (through SSH and tmux to the user's own terminal)."""
    app.copy_to_clipboard(gated)


def run_console_browser(app: App[Any], argv: list[str]) -> None:
    """Run a console browser in the terminal with the app suspended, then redraw.

    Args:
        app: The running app.
        argv: The browser's argv, its URL already gated (see `console_browser_argv`).
    """
    name = argv[0].rsplit("/", 1)[-1]
    status: int | None = None
    problem = ""
    try:
        with app.suspend():
            # Nothing may escape this block: Textual resumes the app only when it ends
            # normally.
            try:
                status = subprocess.run(argv, check=False).returncode  # noqa: S603 - argv
            except OSError as error:
                problem = f"Could not start {name}: {error.strerror}."
            except KeyboardInterrupt:
                status = 130
    except SuspendNotSupported:
        problem = f"{name} cannot run here: this terminal cannot be handed over."
    if problem:
        app.notify(problem, severity="warning", markup=False)
    elif status:
        app.notify(f"{name} exited with status {status}.", markup=False)
