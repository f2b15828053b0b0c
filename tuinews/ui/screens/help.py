"""The help screen: the keys of the screen it was opened over, from its bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from tuinews.ui.styles import screen_stylesheet_paths

#: Under the key table: every key above can be changed.
REMAP_HINT = "Change any key in the config's [keys] table; `tuinews keys` lists their ids."


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for every active binding of `screen`, generated, never kept
    by hand."""
    rows: dict[str, list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled:
            continue
        description = binding.description or binding.tooltip
        if not description:
            continue
        display = screen.app.get_key_display(binding)
        keys = rows.setdefault(description, [])
        if display not in keys:
            keys.append(display)
    return [(" ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """Shows the keys of the screen below and the help text of its widgets."""

    CSS_PATH = screen_stylesheet_paths()

    BINDINGS = [
        Binding(
            "escape,q,question_mark", "dismiss", "Close", tooltip="Close the help", id="help.close"
        ),
    ]
    """Keys of the help screen."""

    def __init__(self, screen: Screen[object]) -> None:
        """Create the help for `screen`."""
        super().__init__()
        self.rows = key_rows(screen)
        """The key table."""
        helps = [getattr(screen, "HELP", "")]
        focused = screen.focused
        if focused is not None:
            helps.extend(getattr(node, "HELP", "") for node in focused.ancestors_with_self)
        self.help_text = "\n".join(dict.fromkeys(h.strip() for h in helps if h))
        """Markdown joined from the HELP of the screen and the focused widget's chain."""

    def compose(self) -> ComposeResult:
        """The key table and the help text."""
        width = max((len(keys) for keys, _ in self.rows), default=4)
        table = "\n".join(f"{keys:>{width}}  {description}" for keys, description in self.rows)
        with VerticalScroll(id="help"):
            yield Static(
                Content.assemble(("Keys", "bold"), "\n\n", table, "\n\n", (REMAP_HINT, "dim")),
                id="help-keys",
            )
            yield Markdown(self.help_text, id="help-text")
