"""Choices the user makes inside the app (the theme), remembered across runs.

They live in a small JSON file in the data folder, never in the user's config file: the
config says the defaults, the app remembers what was picked since. A file that cannot be
read or written degrades to memory for the session, with a notice, like the state store.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from tuinews.core.text import sanitize_display

#: Longest theme name kept (Textual's names are short; anything longer is not a name).
_NAME_CAP = 80


class Preferences:
    """The remembered theme; None keeps it in memory only."""

    def __init__(self, path: Path | None) -> None:
        """Read the preferences file, if there is one.

        Args:
            path: The JSON file; None keeps the choices for this run only.
        """
        self.path = path
        self.notices: list[str] = []
        """One-line messages about the file's health."""
        self._values: dict[str, str] = {}
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self.notices.append(
                f"Cannot read {path.name} ({type(error).__name__}); using defaults."
            )
            return
        if isinstance(data, dict):
            theme = data.get("theme")
            if isinstance(theme, str) and 0 < len(theme) <= _NAME_CAP:
                self._values["theme"] = sanitize_display(theme, cap=_NAME_CAP)

    @property
    def theme(self) -> str | None:
        """The theme picked last, or None when the user never picked one."""
        return self._values.get("theme")

    def set_theme(self, name: str) -> None:
        """Remember `name` as the theme (written at once, atomically)."""
        self._values["theme"] = name
        self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".prefs-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(self._values, file)
                os.replace(temporary, self.path)
            except OSError:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            message = f"The theme could not be saved ({type(error).__name__})."
            if message not in self.notices:
                self.notices.append(message)
