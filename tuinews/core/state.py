"""What the user did, kept apart from the cache: read marks, saved stories, reading
positions and when each section was last visited.

Lives in the data folder on a `diskcache.Index`, so clearing or losing the cache never
loses it. Everything is keyed by story id (a story listed in two sections is read, saved
and scrolled in both). Values are numbers or JSON text, never pickles (the same plain
disk as the cache). Like the cache, a state folder that cannot be used degrades to memory
for the session, with a notice.

Keys: ``read:<story id>`` → time marked; ``saved:<story id>`` → JSON of the story, when
it was saved and its article (kept for reading offline); ``pos:<story id>`` → the
reader's scroll offset; ``visit:<section name>`` → time of the last visit.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import threading
import time
from collections.abc import Awaitable, Iterable
from pathlib import Path
from typing import Any

import diskcache

from tuinews.core.cache import _PlainDisk  # the cache's no-pickle disk, shared on purpose
from tuinews.core.models import Article, Story
from tuinews.core.text import scrub_surrogates

_READ = "read:"
_SAVED = "saved:"
_POSITION = "pos:"
_VISIT = "visit:"


class StateStore:
    """Read marks, saved stories, reading positions and section visits."""

    def __init__(self, directory: Path | None) -> None:
        """Open (or create) the state folder; None keeps it in memory."""
        self.directory = directory
        self.notices: list[str] = []
        """One-line messages about the state's health."""
        self._memory: dict[str, float | str] = {}
        self._deleted: set[str] = set()
        self._index: diskcache.Index | None = None
        self._read: set[str] | None = None
        self._saved: dict[str, tuple[float, Story]] | None = None
        self._others: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        if directory is not None:
            try:
                directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.chmod(directory, 0o700)
                cache = diskcache.Cache(str(directory), eviction_policy="none", disk=_PlainDisk)
                self._index = diskcache.Index.fromcache(cache)
            except (OSError, sqlite3.Error) as error:
                self.notices.append(f"Cannot keep read marks ({error}); they last this session.")

    # -- storage -----------------------------------------------------------------

    def _get(self, key: str) -> float | str | None:
        if key in self._memory:
            return self._memory[key]
        if self._index is None or key in self._deleted:
            return None
        try:
            value = self._index.get(key)
        except (sqlite3.Error, OSError):
            return None
        return value if isinstance(value, float | int | str) else None

    def _set(self, key: str, value: float | str) -> None:
        self._memory[key] = value
        self._deleted.discard(key)
        if self._index is None:
            return
        try:
            self._index[key] = value
            self._memory.pop(key, None)
        except (sqlite3.Error, OSError) as error:
            self._failed(error)

    def _delete(self, key: str) -> None:
        self._memory.pop(key, None)
        if self._index is None:
            return
        try:
            self._index.pop(key, None)
        except (sqlite3.Error, OSError) as error:
            self._deleted.add(key)
            self._failed(error)

    def _failed(self, error: BaseException) -> None:
        message = f"Read marks could not be saved ({type(error).__name__})."
        if message not in self.notices:
            self.notices.append(message)

    def _keys(self) -> list[str]:
        keys = list(self._memory)
        if self._index is not None:
            try:
                keys += [k for k in self._index.keys() if isinstance(k, str)]
            except (sqlite3.Error, OSError):
                pass
        return [k for k in keys if k not in self._deleted]

    def load(self) -> None:
        """Read every read mark and saved story into memory (blocking; once).

        Queries work before this too; after it they answer from memory.
        """
        with self._lock:
            if self._read is not None and self._saved is not None:
                return
            keys = self._keys()
            read = {k[len(_READ) :] for k in keys if k.startswith(_READ)}
            saved: dict[str, tuple[float, Story]] = {}
            for key in keys:
                if key.startswith(_SAVED):
                    entry = self._saved_entry(key[len(_SAVED) :])
                    if entry is not None:
                        saved[key[len(_SAVED) :]] = (entry[0], entry[1])
            self._read, self._saved = read, saved

    async def aload(self) -> None:
        """`load` off the event loop."""
        await asyncio.to_thread(self.load)

    def set_groups(self, others: dict[str, tuple[str, ...]]) -> None:
        """Name the other ids of stories listed under one shared id.

        A story listed by several feeds carries its shared id once every section is
        known, but its own id before (the first paint reads the tab shown alone). Marks
        and saves made under either id count for the story, and new marks are kept under
        all of them, so the next first paint shows them too.

        Args:
            others: Shared id -> the other ids of the same story.
        """
        self._others = others

    def _with_others(self, story_id: str) -> tuple[str, ...]:
        return (story_id, *self._others.get(story_id, ()))

    # -- read marks ----------------------------------------------------------------

    def is_read(self, story_id: str) -> bool:
        """Whether the story was read (under its shared id or one of its own)."""
        ids = self._with_others(scrub_surrogates(story_id))
        if self._read is not None:
            return any(one in self._read for one in ids)
        return any(self._get(_READ + one) is not None for one in ids)

    def read_among(self, story_ids: Iterable[str]) -> set[str]:
        """The ids among `story_ids` that were read."""
        if self._read is None:
            self.load()
        return {story_id for story_id in story_ids if self.is_read(story_id)}

    def mark_read(self, story_id: str, read: bool = True) -> None:
        """Mark a story read (or unread)."""
        self.mark_many([story_id], read)

    def mark_many(self, story_ids: Iterable[str], read: bool = True) -> None:
        """Mark many stories read (or unread) in one transaction."""
        ids = self._remember_marks(story_ids, read)
        self._write_marks(ids, read)

    def _remember_marks(self, story_ids: Iterable[str], read: bool) -> list[str]:
        ids = [
            one for story_id in story_ids for one in self._with_others(scrub_surrogates(story_id))
        ]
        if self._read is not None:
            (self._read.update if read else self._read.difference_update)(ids)
        return ids

    def _write_marks(self, ids: list[str], read: bool) -> None:
        now = time.time()
        if self._index is not None and len(ids) > 1:
            try:
                with self._index.transact():
                    for story_id in ids:
                        if read:
                            self._index[_READ + story_id] = now
                        else:
                            self._index.pop(_READ + story_id, None)
                return
            except (sqlite3.Error, OSError) as error:
                self._failed(error)
        for story_id in ids:
            if read:
                self._set(_READ + story_id, now)
            else:
                self._delete(_READ + story_id)

    async def amark_read(self, story_id: str, read: bool = True) -> None:
        """`mark_read` off the event loop."""
        await asyncio.to_thread(self.mark_read, story_id, read)

    def amark_many(self, story_ids: Iterable[str], read: bool = True) -> Awaitable[None]:
        """`mark_many` with the disk writes off the event loop (10,000 marks take ~0.7 s).

        Queries answer with the new marks as soon as this returns; the writes run in a
        thread when the result is awaited (callers that mark and unmark the same stories
        await one before the next).
        """
        ids = self._remember_marks(story_ids, read)
        return asyncio.to_thread(self._write_marks, ids, read)

    async def aread_among(self, story_ids: Iterable[str]) -> set[str]:
        """`read_among` off the event loop."""
        ids = list(story_ids)
        return await asyncio.to_thread(self.read_among, ids)

    # -- saved stories ---------------------------------------------------------------

    def _saved_entry(self, story_id: str) -> tuple[float, Story, Article | None] | None:
        raw = self._get(_SAVED + story_id)
        if not isinstance(raw, str):
            return None
        try:
            data: Any = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict):
            return None
        story = Story.from_json(data.get("story"))
        if story is None:
            return None
        saved_at = data.get("saved_at")
        when = float(saved_at) if isinstance(saved_at, int | float) else 0.0
        return when, story, Article.from_json(data.get("article"))

    def is_saved(self, story_id: str) -> bool:
        """Whether the story is saved (under its shared id or one of its own)."""
        ids = self._with_others(scrub_surrogates(story_id))
        if self._saved is not None:
            return any(one in self._saved for one in ids)
        return any(self._get(_SAVED + one) is not None for one in ids)

    def saved_among(self, story_ids: Iterable[str]) -> set[str]:
        """The ids among `story_ids` that are saved."""
        if self._saved is None:
            self.load()
        return {story_id for story_id in story_ids if self.is_saved(story_id)}

    def saved_stories(self) -> tuple[Story, ...]:
        """Every saved story, the most recently saved first."""
        if self._saved is None:
            self.load()
        assert self._saved is not None
        entries = sorted(self._saved.values(), key=lambda entry: entry[0], reverse=True)
        return tuple(story for _, story in entries)

    def save(self, story: Story, article: Article | None = None) -> None:
        """Save a story, with its article for reading offline when there is one."""
        story_id = scrub_surrogates(story.id)
        now = time.time()
        value = {
            "story": story.to_json(),
            "saved_at": now,
            "article": article.to_json() if article is not None else None,
        }
        self._set(_SAVED + story_id, scrub_surrogates(json.dumps(value, ensure_ascii=False)))
        if self._saved is not None:
            self._saved[story_id] = (now, story)

    def unsave(self, story_id: str) -> None:
        """Forget a saved story and its kept article."""
        for one in self._with_others(scrub_surrogates(story_id)):
            self._delete(_SAVED + one)
            if self._saved is not None:
                self._saved.pop(one, None)

    def saved_article(self, story_id: str) -> Article | None:
        """The article kept with a saved story, if any."""
        for one in self._with_others(scrub_surrogates(story_id)):
            entry = self._saved_entry(one)
            if entry is not None:
                return entry[2]
        return None

    # -- reading positions and visits ---------------------------------------------------

    def position(self, story_id: str) -> int:
        """The reader's last scroll offset in a story (0 when never scrolled)."""
        value = self._get(_POSITION + scrub_surrogates(story_id))
        return max(0, int(value)) if isinstance(value, int | float) else 0

    def set_position(self, story_id: str, offset: int) -> None:
        """Remember the reader's scroll offset in a story (0 forgets it)."""
        key = _POSITION + scrub_surrogates(story_id)
        if offset > 0:
            self._set(key, int(offset))
        elif self._get(key) is not None:
            self._delete(key)

    def last_visit(self, section: str) -> float | None:
        """When the section was last shown, as POSIX time; None if never."""
        value = self._get(_VISIT + scrub_surrogates(section))
        return float(value) if isinstance(value, int | float) else None

    def set_visit(self, section: str, when: float | None = None) -> None:
        """Remember that the section was shown at `when` (now by default)."""
        self._set(_VISIT + scrub_surrogates(section), time.time() if when is None else when)
