"""The state store: read marks, saved stories with their article, reading positions and
section visits, kept across instances, never unpickled, in memory when the folder fails."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from pathlib import Path

import diskcache
import pytest

from tuinews.core.models import FULL, Article, Story
from tuinews.core.state import StateStore

STORY = Story(
    id="https://news.example/1",
    title="One",
    url="https://news.example/1",
    summary="About one.",
    published=datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
)
ARTICLE = Article(url=STORY.url, title="One", markdown="Body **one**.", text="Body one.")


def test_everything_is_kept_across_instances(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state")
    state.mark_many(["a", "b", "c"])
    state.mark_read("b", False)
    state.save(STORY, ARTICLE)
    state.set_position(STORY.id, 42)
    state.set_visit("World", 1_700_000_000.5)

    again = StateStore(tmp_path / "state")
    assert again.read_among(["a", "b", "c", "d"]) == {"a", "c"}
    assert again.is_saved(STORY.id) and again.saved_stories() == (STORY,)
    kept = again.saved_article(STORY.id)
    assert kept is not None and kept.text == "Body one." and kept.completeness == FULL
    assert again.position(STORY.id) == 42
    assert again.last_visit("World") == 1_700_000_000.5
    assert again.last_visit("Business") is None
    again.unsave(STORY.id)
    again.set_position(STORY.id, 0)
    third = StateStore(tmp_path / "state")
    assert not third.is_saved(STORY.id) and third.saved_article(STORY.id) is None
    assert third.position(STORY.id) == 0


def test_saved_stories_come_newest_first(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state")
    state.load()
    other = Story(id="https://news.example/2", title="Two", url="https://news.example/2")
    state.save(STORY)
    state.save(other)
    assert state.saved_stories() == (other, STORY)
    assert state.saved_among([STORY.id, "x"]) == {STORY.id}
    assert StateStore(tmp_path / "state").saved_stories() == (other, STORY)


def test_a_planted_pickle_is_never_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "state"
    StateStore(folder).mark_read("a")

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("UNPICKLED",))

    planted = diskcache.Index(str(folder))  # diskcache's own default: pickles
    planted["saved:evil"] = Boom()
    planted["pos:evil"] = pickle.dumps(7)
    state = StateStore(folder)
    assert state.is_read("a")
    assert state.saved_article("evil") is None and not state.is_saved("evil")
    assert state.saved_stories() == ()
    assert state.position("evil") == 0
    assert "UNPICKLED" not in capsys.readouterr().out


def test_an_unusable_folder_keeps_the_state_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("not a folder")
    state = StateStore(blocker)
    assert state.notices and "this session" in state.notices[0]
    state.mark_read("a")
    state.save(STORY, ARTICLE)
    state.set_position(STORY.id, 5)
    assert state.is_read("a") and state.saved_stories() == (STORY,)
    assert state.position(STORY.id) == 5
    state.mark_many(["a"], read=False)
    assert not state.is_read("a")


async def test_amark_many_answers_at_once_and_writes_in_a_thread(tmp_path: Path) -> None:
    state = StateStore(tmp_path / "state")
    state.load()
    ids = [f"https://news.example/{n}" for n in range(2_000)]
    writing = state.amark_many(ids)
    assert state.read_among(ids[:3]) == set(ids[:3])  # before the writes
    assert StateStore(tmp_path / "state").read_among(ids[:3]) == set()
    await writing
    assert StateStore(tmp_path / "state").read_among(ids) == set(ids)
    await state.amark_many(ids[:10], read=False)
    assert StateStore(tmp_path / "state").read_among(ids[:12]) == set(ids[10:12])
