"""A footer that is rebuilt only when the keys it shows change.

Textual's `Footer` recomposes (one widget per key, each restyled) every time its screen's
bindings are refreshed: a focus change, a screen resumed, `refresh_bindings()`. Most of
these leave the keys shown as they were, and the rebuild is what made opening the
reader slow (issue 9). `KeysFooter` remembers what it composed and skips the rebuild
when nothing it would show has changed.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A `Footer` that recomposes only when the keys it would show differ."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Create the footer."""
        super().__init__(id=id, classes=classes)
        self._shown: tuple[Hashable, ...] | None = None

    def _keys(self, screen: Screen[object]) -> tuple[Hashable, ...]:
        """Everything the footer's compose reads: bindings, states, tooltips, key labels."""
        app = self.app
        return (
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
            *(
                (binding, enabled, tooltip, app.get_key_display(binding))
                for _node, binding, enabled, tooltip in screen.active_bindings.values()
                if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        """The keys, as Textual's footer shows them; remembers what was shown."""
        if self._bindings_ready:
            self._shown = self._keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild when the screen's keys changed; otherwise leave the footer as it is."""
        if (
            self._bindings_ready
            and self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._keys(screen) == self._shown
        ):
            return
        super().bindings_changed(screen)
