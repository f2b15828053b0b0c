"""HOSTILE_INPUTS.md section E: a cache that is broken, full, shared or planted."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import diskcache
import pytest

from tuinews.core.cache import _SCHEMA_KEY, SCHEMA_VERSION, Store

STORY = {"stories": [{"id": "1", "title": "Kept"}]}


def filled(folder: Path, count: int = 300) -> None:
    """A real cache with `count` entries, closed."""
    store = Store(folder)
    for n in range(count):
        store.set(f"feed:https://x.example/{n}", {"stories": [{"id": str(n), "v": "x" * 2000}]})
    store.close()


def test_e1_truncated_database_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    filled(folder)
    database = folder / "cache.db"
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 3])
    for journal in folder.glob("cache.db-*"):
        journal.unlink()
    store = Store(folder)
    assert store.get("feed:https://x.example/1") is None  # a miss: it will be refetched
    store.set("k", STORY)
    assert store.get("k") == STORY
    store.close()
    assert len(store.notices) == 1 and "moved aside" in store.notices[0]
    assert len(list(tmp_path.glob("cache.corrupt-*"))) == 1


def test_e1_corruption_found_mid_session_is_recovered_once(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    store = Store(folder)
    for n in range(300):
        store.set(f"k{n}", {"v": "x" * 2000})
    # Damage the database under the open store, as a crash or a bad disk would.
    with open(folder / "cache.db", "r+b") as database:
        database.seek(4096)
        database.write(b"\xff" * 40_000)
    assert [store.get(f"k{n}") for n in (1, 150, 299)] == [None, None, None]
    store.set("after", STORY)
    assert store.get("after") == STORY
    store.close()
    assert store.notices == [store.notices[0]] and "moved aside" in store.notices[0]
    reopened = Store(folder)
    assert reopened.get("after") == STORY  # the rebuilt cache is on disk
    reopened.close()


def test_e2_garbage_database_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "cache.db").write_bytes(b"\x00\xffnot sqlite at all" * 500)
    store = Store(folder)
    store.set("k", STORY)
    assert store.get("k") == STORY
    store.close()
    assert len(store.notices) == 1 and "moved aside" in store.notices[0]


def _full_database(folder: Path) -> None:
    # SQLite's own "database or disk is full" (SQLITE_FULL), made without root or a small
    # file system: diskcache applies `sqlite_*` settings as PRAGMAs on every connection,
    # and max_page_count stops the database at its current size.
    connection = sqlite3.connect(folder / "cache.db")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(
        "INSERT OR REPLACE INTO Settings VALUES ('sqlite_max_page_count', ?)", (pages,)
    )
    connection.commit()
    connection.close()


def test_e3_disk_full_warns_once_keeps_reads_and_goes_on_in_memory(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    store = Store(folder)
    store.set("old", STORY)
    store.close()
    _full_database(folder)
    store = Store(folder)
    assert store.get("old") == STORY
    for n in range(20):
        store.set(f"new{n}", {"v": "y" * 20_000})  # SQLITE_FULL from the first that grows
    assert store.notices == ["The disk is full: new pages are not cached this session."]
    assert store.get("new3") == {"v": "y" * 20_000}  # held in memory
    assert store.get("old") == STORY  # and the cache still reads
    store.close()


def test_e3_enospc_writing_a_value_file_is_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Values of 32 KiB and more go to files beside the database. A file system that is
    # really full cannot be made here without root, so ENOSPC is simulated at the one
    # place diskcache writes those files (Disk._write), with the errno a full disk gives.
    folder = tmp_path / "cache"
    store = Store(folder)
    store.set("old", STORY)

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(diskcache.Disk, "_write", no_space)
    big = {"v": "z" * 100_000}
    store.set("big1", big)
    store.set("big2", big)
    assert store.notices == ["The disk is full: new pages are not cached this session."]
    assert store.get("big1") == big and store.get("old") == STORY
    store.close()


def test_e4_cache_folder_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    store = Store(blocker)
    store.set("k", STORY)
    assert store.get("k") == STORY
    assert len(store.notices) == 1 and "no cache" in store.notices[0]
    assert blocker.read_text() == "a file where the folder should be"


def test_e4_cache_folder_cannot_be_created(tmp_path: Path) -> None:
    # /proc refuses new folders to anyone, root included: a read-only location.
    store = Store(Path(f"/proc/self/tuinews-{os.getpid()}/cache"))
    store.set("k", STORY)
    assert store.get("k") == STORY
    assert len(store.notices) == 1 and "no cache" in store.notices[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_e4_read_only_cache_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    filled(folder, 3)
    tmp_path.chmod(0o500)
    folder.chmod(0o500)
    try:
        store = Store(folder)
        store.set("k", STORY)
        assert store.get("k") == STORY
        assert store.notices
    finally:
        folder.chmod(0o700)
        tmp_path.chmod(0o700)


def test_e4_database_file_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    (folder / "cache.db").mkdir(parents=True)
    store = Store(folder)
    store.set("k", STORY)
    assert store.get("k") == STORY
    store.close()
    assert len(store.notices) == 1
    assert (folder / "cache.db").is_file()  # rebuilt; the odd folder was moved aside


def test_e5_value_file_deleted_behind_the_cache_is_a_miss(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    store = Store(folder)
    big = {"v": "w" * 100_000}  # large enough for diskcache to keep it in its own file
    store.set("big", big)
    store.set("small", STORY)
    files = [p for p in folder.rglob("*.val")]
    assert len(files) == 1
    files[0].unlink()
    assert store.get("big") is None
    assert store.get("small") == STORY
    assert store.notices == []
    store.close()


def test_e6_two_processes_write_one_cache_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Store(folder).close()
    code = (
        "import sys; from pathlib import Path; from tuinews.core.cache import Store\n"
        "store = Store(Path(sys.argv[1])); tag = sys.argv[2]\n"
        "for n in range(150):\n"
        "    store.set(f'{tag}{n}', {'n': n, 'pad': 'p' * (n * 300)})\n"
        "    assert store.get(f'{tag}{n}')['n'] == n\n"
        "print(store.notices); store.close()\n"
    )
    root = Path(__file__).resolve().parents[2]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder), tag],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["[]", "[]"]
    store = Store(folder)
    for tag in ("a", "b"):
        for n in (0, 75, 149):
            assert store.get(f"{tag}{n}") == {"n": n, "pad": "p" * (n * 300)}
    store.close()
    with sqlite3.connect(folder / "cache.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_e7_lone_surrogates_in_keys_and_values_are_scrubbed(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache")
    store.set("feed:https://x.example/\ud800", {"title": "T\udfff", "list": ["\ud83d"]})
    assert store.get("feed:https://x.example/\ud800") == {
        "title": "T\ufffd",
        "list": ["\ufffd"],
    }
    assert store.get("feed:https://x.example/\ufffd") == {"title": "T\ufffd", "list": ["\ufffd"]}
    assert store.notices == []
    store.close()


class Planted:
    """Unpickling this creates a file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_e8_a_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    marker = tmp_path / "unpickled"
    with diskcache.Cache(str(folder)) as raw:  # the default Disk pickles objects
        raw.set(_SCHEMA_KEY, SCHEMA_VERSION)
        raw.set("feed:https://x.example/", Planted(marker))
        raw.set("article:https://x.example/big", [Planted(marker)] + ["pad" * 20_000])
        raw.set(("pickled", "key"), "value")
    assert not marker.exists()
    store = Store(folder)
    assert store.get("feed:https://x.example/") is None
    assert store.get("article:https://x.example/big") is None
    stats = store.stats()  # walks every key, the pickled one included
    assert stats["feeds"] == 1 and stats["articles"] == 1
    store.set("feed:https://x.example/", STORY)  # a planted key is simply replaced
    assert store.get("feed:https://x.example/") == STORY
    store.close()
    assert not marker.exists()


def test_e8_only_json_text_is_written_under_a_schema_key(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    store = Store(folder)
    store.set("k", {"a": [1, "b"]})
    store.close()
    with sqlite3.connect(folder / "cache.db") as connection:
        modes = {row[0] for row in connection.execute("SELECT mode FROM Cache")}
    assert modes <= {diskcache.core.MODE_RAW, diskcache.core.MODE_TEXT}
    with diskcache.Cache(str(folder)) as raw:
        assert raw.get("k") == '{"a": [1, "b"]}'
        assert raw.get(_SCHEMA_KEY) == SCHEMA_VERSION
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_e8_another_schema_version_is_cleared(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    with diskcache.Cache(str(folder)) as raw:
        raw.set(_SCHEMA_KEY, SCHEMA_VERSION + 41)
        raw.set("feed:https://x.example/", '{"stories": "an older shape"}')
    os.chmod(folder, 0o755)
    store = Store(folder)
    assert store.get("feed:https://x.example/") is None
    store.close()
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


async def test_e8_text_planted_in_the_cache_comes_back_inert(tmp_path: Path) -> None:
    from tuinews.core.cache import article_key, feed_key
    from tuinews.core.config import Config
    from tuinews.core.models import Section, Story
    from tuinews.core.service import NewsService

    url = "https://x.example/feed"
    folder = tmp_path / "cache"
    Store(folder).close()
    planted = {
        "stories": [
            {
                "id": "1",
                "title": "Clip \x1b]52;c;SE9M\x07 board \u009b2J",
                "url": "https://x.example/1",
                "summary": "Line\x1b[2J one\nline two \u202eevil",
                "author": "\x00Mallory",
            }
        ]
    }
    with diskcache.Cache(str(folder)) as raw:
        raw.set(feed_key(url), json.dumps(planted))
        raw.set(
            article_key("https://x.example/1"),
            json.dumps({"url": "https://x.example/1", "title": "T\x1b]0;x\x07", "text": "a\x07b"}),
        )
    service = NewsService(Config(sections=(Section("S", (url,)),)), Store(folder))
    stories = await service.cached_stories(service.sections[0])
    article = await service.article(Story(id="1", title="", url="https://x.example/1"))
    await service.aclose()
    assert [s.title for s in stories] == ["Clip ]52;c;SE9M board 2J"]
    assert stories[0].summary == "Line[2J one\nline two evil" and stories[0].author == "Mallory"
    assert article.title == "T]0;x" and article.text == "ab"
