"""The on-disk cache of feeds and articles, on diskcache.

Values are JSON text only (never pickles of objects), under a schema version; a broken
database is moved aside and rebuilt, and a cache that cannot be opened at all degrades to
memory for the session, with one notice. diskcache is synchronous: the `a*` methods run it
in a thread so the event loop never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import diskcache

from tuinews.core.text import scrub_surrogates

#: Bump when the shape of cached values changes; an older cache is cleared.
SCHEMA_VERSION = 1
#: Size limit of the cache on disk; least recently stored entries go first.
SIZE_LIMIT = 512 * 1024 * 1024

_SCHEMA_KEY = "tuinews:schema"


@dataclass(frozen=True, slots=True)
class Encoded:
    """A value already turned into JSON text (say in a worker thread), stored as it is."""

    text: str
    """The output of `json.dumps(value, ensure_ascii=False)`."""


class _PlainDisk(diskcache.Disk):  # type: ignore[misc]  # diskcache is untyped
    """diskcache's storage, minus pickle: keys and values are text, bytes or numbers.

    A pickled row (planted, or written by another program or an old version) is never
    loaded: unpickling runs code chosen by whoever wrote the file.
    """

    def put(self, key: object) -> tuple[object, bool]:
        """Refuse keys that would be pickled."""
        if not isinstance(key, str | bytes | int | float) or isinstance(key, bool):
            raise TypeError("cache keys are text")
        return super().put(key)  # type: ignore[no-any-return]

    def get(self, key: object, raw: bool) -> object:
        """A stored key; a pickled one reads as None instead of being loaded."""
        return super().get(key, raw) if raw else None

    def store(self, value: object, read: bool, key: object = diskcache.UNKNOWN) -> object:
        """Refuse values that would be pickled."""
        if not read and not isinstance(value, str | bytes | int | float):
            raise TypeError("cache values are JSON text")
        return super().store(value, read, key)

    def fetch(self, mode: int, filename: str | None, value: object, read: bool) -> object:
        """A stored value; a pickled one reads as None instead of being loaded."""
        if mode == diskcache.core.MODE_PICKLE:
            return None
        return super().fetch(mode, filename, value, read)


def _text(value: Any) -> str:
    """The JSON text stored for a value, without lone surrogates (SQLite wants UTF-8)."""
    text = value.text if isinstance(value, Encoded) else json.dumps(value, ensure_ascii=False)
    if text.isascii():  # constant time: CPython knows it
        return text
    try:
        text.encode("utf-8")  # C speed; fails only on a lone surrogate
    except UnicodeEncodeError:
        return scrub_surrogates(text)
    return text


def _disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(error, sqlite3.OperationalError) and "full" in str(error).lower()


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
        self._read_only = False
        self._rebuilt = False
        if directory is not None:
            self._disk = self._open(directory)

    def _open(self, directory: Path) -> diskcache.Cache | None:
        try:
            return self._open_checked(directory)
        except (sqlite3.DatabaseError, diskcache.Timeout):
            return self._quarantine(directory)
        except OSError as error:
            self.notices.append(f"Cannot use the cache folder ({error.strerror}); no cache.")
            return None

    def _quarantine(self, directory: Path) -> diskcache.Cache | None:
        """Move a broken cache folder aside and start a new one there."""
        moved = directory.with_name(f"{directory.name}.corrupt-{int(time.time())}")
        try:
            directory.rename(moved)
            cache = self._open_checked(directory)
        except (OSError, sqlite3.Error, diskcache.Timeout):
            self.notices.append("The cache is broken; running without one this time.")
            return None
        self.notices.append(f"The cache was damaged; moved aside to {moved.name}.")
        return cache

    @staticmethod
    def _open_checked(directory: Path) -> diskcache.Cache:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)
        cache = diskcache.Cache(
            str(directory),
            size_limit=SIZE_LIMIT,
            eviction_policy="least-recently-stored",
            disk=_PlainDisk,
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
        # A database found corrupt mid-session is moved aside and rebuilt, once; any
        # other failure stops the disk cache for the session. Memory goes on either way.
        if self._disk is not None:
            try:
                self._disk.close()
            except (sqlite3.Error, OSError):
                pass
        self._disk = None
        corrupt = isinstance(error, sqlite3.DatabaseError) and not isinstance(
            error, sqlite3.OperationalError
        )
        if corrupt and self.directory is not None and not self._rebuilt:
            self._rebuilt = True
            self._disk = self._quarantine(self.directory)
            return
        message = f"The cache stopped working ({type(error).__name__}); continuing without it."
        if message not in self.notices:
            self.notices.append(message)

    def _full(self) -> None:
        # A full disk still reads: keep what is cached, hold new values in memory.
        if not self._read_only:
            self._read_only = True
            self.notices.append("The disk is full: new pages are not cached this session.")

    def get(self, key: str) -> Any | None:
        """Return the JSON value stored under `key`, or None."""
        key = scrub_surrogates(key)
        raw: object = self._memory.get(key)
        if raw is None and self._disk is not None:
            try:
                raw = self._disk.get(key)
            except diskcache.Timeout:
                raw = None  # another process holds the database: a miss, this once
            except (sqlite3.Error, OSError) as error:
                self._failed(error)
                raw = None
        if not isinstance(raw, str):
            return None
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            return None

    def has(self, key: str) -> bool:
        """Whether a value is stored under `key` (without reading it)."""
        key = scrub_surrogates(key)
        if key in self._memory:
            return True
        if self._disk is None:
            return False
        try:
            return key in self._disk
        except diskcache.Timeout:
            return False  # another process holds the database: a miss, this once
        except (sqlite3.Error, OSError) as error:
            self._failed(error)
            return False

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-ready value, or `Encoded` JSON text, under `key`."""
        self.set_many(((key, value),))

    def set_many(self, items: Iterable[tuple[str, Any]]) -> None:
        """Store several values in one transaction: all of them, or (on a crash) none.

        Args:
            items: Keys and values (JSON-ready, or `Encoded` JSON text), in order.
        """
        rows = [(scrub_surrogates(key), _text(value)) for key, value in items]
        if self._disk is not None and not self._read_only:
            try:
                if len(rows) == 1:
                    self._disk.set(*rows[0])
                else:
                    with self._disk.transact():
                        for key, raw in rows:
                            self._disk.set(key, raw)
                for key, _ in rows:
                    self._memory.pop(key, None)
                return
            except diskcache.Timeout:
                pass  # another process holds the database: keep them in memory
            except (sqlite3.Error, OSError) as error:
                if _disk_full(error):
                    self._full()
                else:
                    self._failed(error)
        self._memory.update(rows)

    def clear(self) -> int:
        """Remove every cached feed and article; returns how many entries went."""
        count = len(self._memory)
        self._memory.clear()
        if self._disk is not None:
            try:
                count += max(0, len(self._disk) - 1)
                self._disk.clear()
                self._disk.set(_SCHEMA_KEY, SCHEMA_VERSION)
            except (sqlite3.Error, OSError) as error:
                self._failed(error)
        return count

    def stats(self) -> dict[str, int | str]:
        """Counts and size of the cache, for `tuinews cache --stats`."""
        keys: list[str] = list(self._memory)
        size = 0
        if self._disk is not None:
            try:
                keys += [k for k in self._disk.iterkeys() if isinstance(k, str)]
                size = int(self._disk.volume())
            except (sqlite3.Error, OSError) as error:
                self._failed(error)
        return {
            "folder": str(self.directory) if self.directory else "(memory)",
            "feeds": sum(k.startswith("feed:") for k in keys),
            "articles": sum(k.startswith("article:") for k in keys),
            "bytes": size,
            "limit": SIZE_LIMIT,
        }

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


def meta_key(url: str) -> str:
    """Cache key of a feed's fetch record (validators, freshness, health)."""
    return f"meta:{url}"


#: Bounds of how long a feed counts as fresh after a fetch.
FRESH_MIN_SECONDS = 60.0
#: A server can ask for longer than the user's interval, up to this.
FRESH_SERVER_MAX_SECONDS = 4 * 3600.0


@dataclass(slots=True)
class FeedRecord:
    """What tuinews remembers about fetching one feed, apart from its stories."""

    etag: str = ""
    """Validator for If-None-Match."""
    last_modified: str = ""
    """Validator for If-Modified-Since."""
    title: str = ""
    """The feed's own title."""
    count: int = 0
    """Stories the feed gave at its last good fetch."""
    fetched_at: float = 0.0
    """Last successful fetch (200 or 304), POSIX time."""
    fresh_until: float = 0.0
    """Not fetched again before this unless forced."""
    retry_at: float = 0.0
    """The server asked not to be asked again before this (Retry-After)."""
    last_attempt: float = 0.0
    """Last fetch attempt."""
    last_status: str = ""
    """"200", "304", or the last error in plain words."""
    ok: bool = True
    """Whether the last attempt succeeded."""
    latency_ms: int = 0
    """Duration of the last attempt."""
    fetches: int = 0
    """Attempts that reached the server and got an answer."""
    not_modified: int = 0
    """Of those, answers that were 304."""
    failing_since: float = 0.0
    """First failure of the current run of failures (0 when the last attempt was ok)."""
    dropped: int = 0
    """Items of the last document left out by the per-feed cap (MAX_ENTRIES)."""

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_json(cls, data: object) -> FeedRecord:
        """Read a record back; unknown or mistyped fields take their defaults."""
        record = cls()
        if not isinstance(data, dict):
            return record
        for name in cls.__slots__:
            value = data.get(name)
            default = getattr(record, name)
            if isinstance(default, bool):
                if isinstance(value, bool):
                    setattr(record, name, value)
            elif isinstance(default, float):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    setattr(record, name, float(value))
            elif isinstance(default, int):
                if isinstance(value, int) and not isinstance(value, bool):
                    setattr(record, name, value)
            elif isinstance(value, str):
                setattr(record, name, value)
        return record


def freshness_seconds(headers: Mapping[str, str], ttl_minutes: str, user_minutes: int) -> float:
    """How long a fetched feed counts as fresh.

    The user's `refresh_minutes`, or longer when the server asks for it (Cache-Control
    max-age, Expires, RSS <ttl>), the server's wish capped at FRESH_SERVER_MAX_SECONDS.

    Args:
        headers: The response headers (lower-case names).
        ttl_minutes: The feed's <ttl>, as text ("" if none).
        user_minutes: The user's refresh interval.
    """
    server = 0.0
    control = headers.get("cache-control", "").lower()
    for directive in control.split(","):
        name, _, value = directive.strip().partition("=")
        if name == "max-age" and value.strip().isdigit():
            server = max(server, float(int(value.strip()[:9])))
    if not server and headers.get("expires"):
        from email.utils import parsedate_to_datetime  # email.*: 10 ms kept off start-up

        try:
            expires = parsedate_to_datetime(headers["expires"])
            date = parsedate_to_datetime(headers["date"]) if headers.get("date") else None
            base = date.timestamp() if date else time.time()
            server = max(0.0, expires.timestamp() - base)
        except (TypeError, ValueError, IndexError, OverflowError, OSError):
            server = 0.0
    if ttl_minutes.isdigit():
        server = max(server, float(int(ttl_minutes[:6])) * 60)
    user = float(user_minutes) * 60
    return max(FRESH_MIN_SECONDS, user, min(server, FRESH_SERVER_MAX_SECONDS))
