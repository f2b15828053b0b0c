"""The open panel: a story's link where no browser can simply be started for it.

Shown over SSH or with no display (the link is copied already), and on a desktop for a
link whose real host could be mistaken for another. It shows the real host, the full URL
as selectable text and as a terminal hyperlink (OSC 8), a QR code for a phone, and offers
to copy the link again, to open it in the browser where one can start, or to read it in a
console browser with the app suspended.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Static

from tuinews.core.qr import QRTooLong, qr_text
from tuinews.core.service import NewsService
from tuinews.core.text import url_host
from tuinews.ui.open import copy_to_clipboard, launch, run_console_browser
from tuinews.ui.styles import screen_stylesheet_paths


class OpenPanel(ModalScreen[None]):
    """Everything to open one link somewhere else; dismisses with nothing."""

    CSS_PATH = screen_stylesheet_paths()

    HELP = """
## Open a story
The link is shown as text (select it with the mouse, or shift+drag in most terminals), as
a hyperlink your terminal may let you click, and as a QR code for a phone camera.
`y` copies it to your clipboard through the terminal (OSC 52, also over SSH).
`w` reads it in a console browser (`text_browser` in the config, or w3m or lynx), with
tuinews paused until you quit that browser.
"""

    BINDINGS = [
        Binding("escape,q", "close", "Close", tooltip="Close this panel", id="open.close"),
        Binding("y", "copy", "Copy link", tooltip="Copy the link to the clipboard", id="open.copy"),
        Binding(
            "w",
            "console_browser",
            "Console browser",
            tooltip="Read the link in a console browser; tuinews waits until it exits",
            id="open.console-browser",
        ),
        Binding(
            "o,enter",
            "launch",
            "Open in browser",
            tooltip="Open the link in the web browser after all",
            id="open.launch",
        ),
    ]
    """Keys of the open panel."""

    def __init__(
        self,
        url: str,
        service: NewsService,
        *,
        warning: str = "",
        copied: bool = False,
        can_launch: bool = False,
        console_browser: list[str] | None = None,
    ) -> None:
        """Create the panel for a URL that has passed the link gate.

        Args:
            url: The gated URL (no controls or spaces: safe in a link style).
            service: Opens the link in the desktop browser.
            warning: Why its host could be mistaken for another ("" when it can't).
            copied: Whether the link was just copied to the clipboard.
            can_launch: Whether a desktop browser can be started here.
            console_browser: The console browser's argv for this URL, if there is one.
        """
        super().__init__()
        self.url = url
        """The link shown, copied and opened."""
        self.service = service
        self.host = url_host(url)
        """The real host the link goes to."""
        self.warning = warning
        """Why the host deserves a second look, if it does."""
        self.copied = copied
        """Whether the link is on the clipboard."""
        self.can_launch = can_launch
        """Whether `o` can start a desktop browser."""
        self.console_browser = console_browser
        """The console browser `w` runs, or None."""

    def compose(self) -> ComposeResult:
        """Host, warning, URL, copy note, QR code, keys."""
        panel = VerticalScroll(id="open-panel")
        # Titled here, not in on_mount: `o` typed just after `q` pushes the panel while
        # the app shuts down, and it is mounted with no children to query.
        panel.border_title = "Open this story"
        with panel:
            yield Static(
                Content.assemble(("Opens ", "dim"), (self.host, "bold")),
                id="open-host",
                markup=False,
            )
            if self.warning:
                yield Static(Content(self.warning), id="open-warning", markup=False)
            # The URL passed the link gate: no controls, no spaces, so it cannot break out
            # of the OSC 8 hyperlink it becomes.
            yield Static(Content.styled(self.url, Style(link=self.url)), id="open-url")
            yield Static(Content(self._copy_note()), id="open-copied", markup=False)
            try:
                code = qr_text(self.url)
            except QRTooLong:
                yield Static(
                    Content("This link is too long for a QR code."),
                    id="open-no-qr",
                    markup=False,
                )
            else:
                yield Static(Content(code), id="open-qr", markup=False)
            yield Static(Content(self._keys_line()), id="open-keys", markup=False)

    def _copy_note(self) -> str:
        if self.copied:
            return "Copied to your clipboard (OSC 52): paste it into a browser on your machine."
        return "Press y to copy it to your clipboard."

    def _keys_line(self) -> str:
        keys = []
        if self.can_launch:
            keys.append("o open in the browser")
        if self.console_browser:
            name = self.console_browser[0].rsplit("/", 1)[-1]
            keys.append(f"w read in {name}")
        keys += ["y copy", "escape close"]
        return " · ".join(keys)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what can be done here."""
        if action == "launch":
            return self.can_launch
        if action == "console_browser":
            return self.console_browser is not None
        return True

    def action_close(self) -> None:
        """Close the panel."""
        self.dismiss(None)

    def action_copy(self) -> None:
        """Copy the link (OSC 52) and say so."""
        copy_to_clipboard(self.app, self.url)
        self.copied = True
        for note in self.query("#open-copied").results(Static):
            note.update(Content(self._copy_note()))
        self.notify(f"Link copied: {self.host}", markup=False)

    def action_launch(self) -> None:
        """Open the link in the desktop browser."""
        if launch(self, self.service, self.url):
            self.dismiss(None)

    def action_console_browser(self) -> None:
        """Close the panel and read the link in the console browser, the app suspended."""
        argv = self.console_browser
        if argv is None:
            return
        self.dismiss(None)
        self.app.call_later(run_console_browser, self.app, argv)
