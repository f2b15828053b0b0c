"""What the user did, kept apart from the cache: stories read.

Lives in the data folder on a `diskcache.Index`, so clearing or losing the cache never
loses it. Keys are story ids; values are the time the mark was set. Like the cache, a
state folder that cannot be used degrades to memory for the session, with a notice.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import diskcache

from tuinews.core.text import scrub_surrogates

_READ = "read:"


class StateStore:
    """Read marks by story id."""

    def __init__(self, directory: Path | None) -> None:
        """Open (or create) the state folder; None keeps it in memory."""
        self.directory = directory
        self.notices: list[str] = []
        """One-line messages about the state's health."""
        self._memory: dict[str, float] = {}
        self._index: diskcache.Index | None = None
        if directory is not None:
            try:
                directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.chmod(directory, 0o700)
                self._index = diskcache.Index(str(directory))
            except (OSError, sqlite3.Error) as error:
                self.notices.append(f"Cannot keep read marks ({error}); they last this session.")

    def _key(self, story_id: str) -> str:
        return _READ + scrub_surrogates(story_id)

    def is_read(self, story_id: str) -> bool:
        """Whether the story was read."""
        key = self._key(story_id)
        if key in self._memory:
            return True
        if self._index is None:
            return False
        try:
            return key in self._index
        except (sqlite3.Error, OSError):
            return False

    def read_among(self, story_ids: Iterable[str]) -> set[str]:
        """The ids among `story_ids` that were read."""
        return {story_id for story_id in story_ids if self.is_read(story_id)}

    def mark_read(self, story_id: str, read: bool = True) -> None:
        """Mark a story read (or unread)."""
        key = self._key(story_id)
        if read:
            self._memory[key] = time.time()
        else:
            self._memory.pop(key, None)
        if self._index is None:
            return
        try:
            if read:
                self._index[key] = time.time()
                self._memory.pop(key, None)
            else:
                self._index.pop(key, None)
        except (sqlite3.Error, OSError) as error:
            message = f"Read marks could not be saved ({type(error).__name__})."
            if message not in self.notices:
                self.notices.append(message)

    async def amark_read(self, story_id: str, read: bool = True) -> None:
        """`mark_read` off the event loop."""
        await asyncio.to_thread(self.mark_read, story_id, read)

    async def aread_among(self, story_ids: Iterable[str]) -> set[str]:
        """`read_among` off the event loop."""
        ids = list(story_ids)
        return await asyncio.to_thread(self.read_among, ids)
