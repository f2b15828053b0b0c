"""A recorded browser launcher: a command that writes the argv it was given to a file."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


class RecordedLauncher:
    """A `browser` command for the config, and what it was called with."""

    def __init__(self, folder: Path, options: str = "") -> None:
        self.record = folder / "argv.json"
        script = folder / "record_argv.py"
        script.write_text(
            f"import json, sys\nopen({str(self.record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
        )
        self.command = f"{sys.executable} {script} {options} %u".replace("  ", " ")

    @property
    def called(self) -> bool:
        """Whether the launcher has run."""
        return self.record.exists()

    def argv(self, timeout: float = 10.0) -> list[str]:
        """The arguments it got (polled with a deadline: it runs detached)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.record.exists() and self.record.read_text():
                return list(json.loads(self.record.read_text()))
            time.sleep(0.02)
        raise AssertionError("the launcher never ran")
