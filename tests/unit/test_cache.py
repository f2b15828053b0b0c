"""The cache: JSON values, schema version, recovery from a broken database."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import diskcache

from tuinews.core.cache import _SCHEMA_KEY, SCHEMA_VERSION, Store


def test_values_round_trip_and_persist(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.set("feed:https://x.example/", {"stories": [{"id": "1", "title": "T\ud800"}]})
    store.close()
    again = Store(tmp_path / "cache")
    value = again.get("feed:https://x.example/")
    again.close()
    assert value == {"stories": [{"id": "1", "title": "T\ufffd"}]}
    assert stat.S_IMODE(os.stat(tmp_path / "cache").st_mode) == 0o700


def test_values_are_stored_as_json_text(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.set("k", {"a": 1})
    store.close()
    with diskcache.Cache(str(tmp_path / "cache")) as raw:
        assert raw.get("k") == '{"a": 1}'


def test_other_schema_version_is_cleared(tmp_path: Path) -> None:
    with diskcache.Cache(str(tmp_path / "cache")) as raw:
        raw.set(_SCHEMA_KEY, SCHEMA_VERSION - 1)
        raw.set("k", '"old"')
    store = Store(tmp_path / "cache")
    assert store.get("k") is None
    store.close()


def test_garbage_database_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "cache.db").write_bytes(b"this is not a database" * 100)
    store = Store(folder)
    store.set("k", [1, 2])
    assert store.get("k") == [1, 2]
    store.close()
    assert len(store.notices) == 1 and "moved aside" in store.notices[0]
    assert list(tmp_path.glob("cache.corrupt-*"))


def test_unusable_folder_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = Store(blocker / "cache")
    store.set("k", "v")
    assert store.get("k") == "v"
    assert store.notices and "no cache" in store.notices[0]


async def test_async_access(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    await store.aset("k", {"x": [1]})
    assert await store.aget("k") == {"x": [1]}
    store.close()


def test_encoded_json_text_is_stored_as_it_is_and_read_back(tmp_path: Path) -> None:
    import json

    from tuinews.core.cache import Encoded

    value = {"stories": [{"id": "a", "title": "Café \ud800 news"}]}
    store = Store(tmp_path / "cache")
    store.set("feed:x", Encoded(json.dumps(value, ensure_ascii=False)))
    store.close()
    again = Store(tmp_path / "cache")
    # Read back from disk; a lone surrogate is scrubbed on the way in, as for any value.
    assert again.get("feed:x") == {"stories": [{"id": "a", "title": "Café \ufffd news"}]}
    again.close()
