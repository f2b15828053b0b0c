"""The on-disk cache of feeds and articles, on diskcache.

Values are JSON text only (never pickles of objects), under a schema version; a broken
database is moved aside and rebuilt, and a cache that cannot be opened at all degrades to
memory for the session, with one notice. diskcache is synchronous: the `a*` methods run it
in a thread so the event loop never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import diskcache

from tuinews.core.text import scrub_surrogates

#: Bump when the shape of cached values changes; an older cache is cleared.
SCHEMA_VERSION = 1
#: Size limit of the cache on disk; least recently stored entries go first.
SIZE_LIMIT = 512 * 1024 * 1024

_SCHEMA_KEY = "tuinews:schema"


class Store:
    """Feeds and articles by URL, as JSON, with recovery from a broken database."""

    def __init__(self, directory: Path | None) -> None:
        """Open (or create) the cache.

        Args:
            directory: The cache folder; None keeps everything in memory.
        """
        self.directory = directory
        self.notices: list[str] = []
        """One-line messages for the user about the cache's health."""
        self._memory: dict[str, str] = {}
        self._disk: diskcache.Cache | None = None
        if directory is not None:
            self._disk = self._open(directory)

    def _open(self, directory: Path) -> diskcache.Cache | None:
        try:
            return self._open_checked(directory)
        except (sqlite3.DatabaseError, diskcache.Timeout):
            moved = directory.with_name(f"{directory.name}.corrupt-{int(time.time())}")
            try:
                directory.rename(moved)
                cache = self._open_checked(directory)
            except (OSError, sqlite3.Error, diskcache.Timeout):
                self.notices.append("The cache is broken; running without one this time.")
                return None
            self.notices.append(f"The cache was damaged; moved aside to {moved.name}.")
            return cache
        except OSError as error:
            self.notices.append(f"Cannot use the cache folder ({error.strerror}); no cache.")
            return None

    @staticmethod
    def _open_checked(directory: Path) -> diskcache.Cache:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)
        cache = diskcache.Cache(
            str(directory), size_limit=SIZE_LIMIT, eviction_policy="least-recently-stored"
        )
        try:
            if cache.get(_SCHEMA_KEY) != SCHEMA_VERSION:
                cache.clear()
                cache.set(_SCHEMA_KEY, SCHEMA_VERSION)
        except BaseException:
            cache.close()
            raise
        return cache

    def _failed(self, error: BaseException) -> None:
        # A cache that fails mid-session stops being used; reads from memory go on.
        message = f"The cache stopped working ({type(error).__name__}); continuing without it."
        if message not in self.notices:
            self.notices.append(message)
        if self._disk is not None:
            try:
                self._disk.close()
            except (sqlite3.Error, OSError):
                pass
        self._disk = None

    def get(self, key: str) -> Any | None:
        """Return the JSON value stored under `key`, or None."""
        raw: object = self._memory.get(key)
        if raw is None and self._disk is not None:
            try:
                raw = self._disk.get(key)
            except (sqlite3.Error, OSError) as error:
                self._failed(error)
                raw = None
        if not isinstance(raw, str):
            return None
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            return None

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-ready value under `key`."""
        raw = scrub_surrogates(json.dumps(value, ensure_ascii=False))
        if self._disk is not None:
            try:
                self._disk.set(key, raw)
                self._memory.pop(key, None)
                return
            except (sqlite3.Error, OSError) as error:
                self._failed(error)
        self._memory[key] = raw

    def close(self) -> None:
        """Close the database."""
        if self._disk is not None:
            try:
                self._disk.close()
            except (sqlite3.Error, OSError):
                pass
            self._disk = None

    async def aget(self, key: str) -> Any | None:
        """`get` off the event loop."""
        return await asyncio.to_thread(self.get, key)

    async def aset(self, key: str, value: Any) -> None:
        """`set` off the event loop."""
        await asyncio.to_thread(self.set, key, value)


def feed_key(url: str) -> str:
    """Cache key of a feed."""
    return f"feed:{url}"


def article_key(url: str) -> str:
    """Cache key of an extracted article."""
    return f"article:{url}"
