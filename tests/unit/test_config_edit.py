"""Config edited, not rewritten: sections added, removed, renamed and moved in place."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tuinews.core.config import (
    DEFAULT_SECTIONS,
    ConfigEditor,
    ConfigError,
    default_config_text,
    load_config,
    parse_config,
    write_default_config,
)
from tuinews.core.models import MASK, FeedOptions

USER_FILE = """\
# my own notes at the top
[settings]
refresh_minutes = 20  # not too often

# Morning reading
[[sections]]
name = "Top"  # the first tab
feeds = [
  "https://a.example/feed/",  # site A
  { url = "https://b.example/feed", title = "B desk" },
]

# Second: the world
[[sections]]
name = "World"
feeds = ["https://w.example/feed"]

[[sections]]
name = "Third"
feeds = ["https://t.example/feed"]
"""


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE)
    return path


def test_rename_keeps_every_other_byte(user_file: Path) -> None:
    editor = ConfigEditor(user_file)
    editor.rename("top", "Front page")
    editor.save()
    assert user_file.read_text() == USER_FILE.replace(
        'name = "Top"  # the first tab', 'name = "Front page"  # the first tab'
    )


def test_remove_takes_the_comment_above_the_section_with_it(user_file: Path) -> None:
    editor = ConfigEditor(user_file)
    editor.remove("World")
    config = editor.save()
    assert [s.name for s in config.sections] == ["Top", "Third"]
    assert user_file.read_text() == USER_FILE.replace(
        '# Second: the world\n[[sections]]\nname = "World"\nfeeds = ["https://w.example/feed"]\n\n',
        "",
    )


def test_move_carries_comments_and_keeps_blank_lines(user_file: Path) -> None:
    editor = ConfigEditor(user_file)
    editor.move("Third", 1)
    editor.save()
    assert user_file.read_text() == (
        "# my own notes at the top\n"
        "[settings]\n"
        "refresh_minutes = 20  # not too often\n"
        "\n"
        "[[sections]]\n"
        'name = "Third"\n'
        'feeds = ["https://t.example/feed"]\n'
        "\n"
        "# Morning reading\n"
        "[[sections]]\n"
        'name = "Top"  # the first tab\n'
        "feeds = [\n"
        '  "https://a.example/feed/",  # site A\n'
        '  { url = "https://b.example/feed", title = "B desk" },\n'
        "]\n"
        "\n"
        "# Second: the world\n"
        "[[sections]]\n"
        'name = "World"\n'
        'feeds = ["https://w.example/feed"]\n'
    )
    editor = ConfigEditor(user_file)
    editor.move("Third", 99)
    editor.save()
    # Moved back to the end: the file is as the user wrote it.
    assert user_file.read_text() == USER_FILE


def test_add_feeds_to_a_section_and_a_new_section(user_file: Path) -> None:
    editor = ConfigEditor(user_file)
    assert editor.add_feeds("top", ["https://a.example/feed/", "https://c.example/rss"]) == [
        "https://c.example/rss"
    ]
    editor.add_feeds(
        "Private", [FeedOptions("https://p.example/feed", title="Mine", full_text=True)]
    )
    config = editor.save()
    text = user_file.read_text()
    assert '  "https://a.example/feed/",  # site A\n' in text
    assert '  "https://c.example/rss",\n]' in text
    assert text.startswith(USER_FILE.split("# Second")[0].split("feeds = [")[0])
    assert text.endswith(
        'feeds = ["https://t.example/feed"]\n\n[[sections]]\nname = "Private"\nfeeds = [\n'
        '    {url = "https://p.example/feed", title = "Mine", full_text = true},\n]\n'
    )
    assert [s.name for s in config.sections] == ["Top", "World", "Third", "Private"]
    assert config.feed("https://p.example/feed").full_text is True
    assert config.sections[0].feeds[-1] == "https://c.example/rss"


def test_errors_are_one_line_and_leave_the_file_alone(user_file: Path) -> None:
    editor = ConfigEditor(user_file)
    with pytest.raises(ConfigError, match="no section named 'Nope'"):
        editor.rename("Nope", "X")
    with pytest.raises(ConfigError, match="already a section named"):
        editor.rename("Top", "world")
    with pytest.raises(ConfigError, match="refused"):
        editor.add_feeds("Top", ["file:///etc/passwd"])
    assert user_file.read_text() == USER_FILE


def test_no_file_yet_starts_from_the_written_defaults(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    editor = ConfigEditor(path)
    assert editor.names() == [s.name for s in DEFAULT_SECTIONS]
    editor.rename("Science", "Science & nature")
    config = editor.save()
    assert path.read_text() == default_config_text().replace(
        'name = "Science"', 'name = "Science & nature"'
    )
    assert config.sections[-1].name == "Science & nature"


def test_a_file_without_sections_gets_the_defaults_it_was_showing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n[settings]\ntheme = 'nord'\n")
    editor = ConfigEditor(path)
    editor.remove("Top News")
    config = editor.save()
    assert path.read_text().startswith("# mine\n[settings]\ntheme = 'nord'\n")
    assert [s.name for s in config.sections] == [s.name for s in DEFAULT_SECTIONS[1:]]


def test_default_text_is_the_built_in_config_with_comments(tmp_path: Path) -> None:
    text = default_config_text()
    config = parse_config(text)
    assert config.sections == DEFAULT_SECTIONS
    assert text.count("\n# ") >= 10
    path = write_default_config(tmp_path / "config.toml")
    with pytest.raises(ConfigError, match="already exists"):
        write_default_config(path)
    path.write_text("changed")
    write_default_config(path, force=True)
    assert path.read_text() == text


def test_written_config_is_what_load_config_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("TUINEWS_CONFIG", str(path))
    load_config.cache_clear()
    assert load_config().path is None
    editor = ConfigEditor(path)
    editor.move("Science", 1)
    editor.save()
    # save() clears the cached load.
    assert load_config().sections[0].name == "Science"


# -- per-feed settings -------------------------------------------------------------


def test_per_feed_tables() -> None:
    table = (
        '{ url = "https://p.example/feed", title = "Private", refresh_minutes = 5, '
        'headers = { Authorization = "Bearer s3cret", X-Api-Key = "k" }, '
        "enabled = false, full_text = true }"
    )
    config = parse_config(
        f'[[sections]]\nname = "Mixed"\nfeeds = [\n  "https://plain.example/feed",\n  {table},\n]\n'
    )
    assert config.sections[0].feeds == ("https://plain.example/feed", "https://p.example/feed")
    plain = config.feed("https://plain.example/feed")
    assert plain.is_plain and plain.enabled and not plain.full_text
    private = config.feed("https://p.example/feed")
    assert private.title == "Private" and private.refresh_minutes == 5
    assert private.headers == (("Authorization", "Bearer s3cret"), ("X-Api-Key", "k"))
    assert private.enabled is False and private.full_text is True
    assert private.masked_headers == f"Authorization: {MASK}, X-Api-Key: {MASK}"
    assert "s3cret" not in private.masked_headers


@pytest.mark.parametrize(
    ("feed", "message"),
    [
        ('{ title = "x" }', "feed table with no url"),
        ('{ url = "file:///etc/passwd" }', "refused"),
        ('{ url = "https://x.example/f", refresh_minutes = "5" }', "whole number"),
        ('{ url = "https://x.example/f", enabled = "no" }', "true or false"),
        ('{ url = "https://x.example/f", headers = "a" }', "headers must be a table"),
        ('{ url = "https://x.example/f", headers = { Host = "evil" } }', "not allowed"),
        ('{ url = "https://x.example/f", headers = { "a b" = "v" } }', "not allowed"),
        ('{ url = "https://x.example/f", headers = { A = "v\\r\\nX: y" } }', "one-line value"),
        ('{ url = "https://x.example/f", colour = "red" }', "unknown setting 'colour'"),
        ("42", "not a URL"),
    ],
)
def test_bad_feed_tables_are_one_line_errors(feed: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_config(f'[[sections]]\nname = "S"\nfeeds = [{feed}]\n')
    assert "\n" not in str(caught.value)
    assert "Bearer" not in str(caught.value)


def test_secret_header_values_never_appear_in_errors() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(
            '[[sections]]\nname = "S"\n'
            'feeds = [{ url = "https://x.example/f", headers = { A = "top-secret\\n" } }]\n'
        )
    assert "top-secret" not in str(caught.value)


def test_the_written_defaults_parse_with_tomllib() -> None:
    data = tomllib.loads(default_config_text())
    assert data["settings"]["refresh_minutes"] == 15
    feeds = [feed for section in data["sections"] for feed in section["feeds"]]
    assert sum("asianlite.com/category/" in f for f in feeds) == 3
    assert all(f.startswith("https://") for f in feeds)
    hosts = {f.split("/")[2] for f in feeds}
    assert {"feeds.bbci.co.uk", "feeds.npr.org", "www.theguardian.com"} <= hosts


def test_inline_sections_array_stays_inline(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "# inline\n"
        'sections = [{name = "A", feeds = ["https://a.example/f"]}, '
        '{name = "B", feeds = "https://b.example/f"}]\n'
    )
    editor = ConfigEditor(path)
    editor.move("B", 1)
    editor.add_feeds("B", ["https://c.example/f"])
    editor.add_feeds("New", ["https://n.example/f"])
    editor.remove("A")
    config = editor.save()
    assert path.read_text() == (
        "# inline\n"
        'sections = [{name = "B", feeds = ["https://b.example/f", "https://c.example/f"]}, '
        '{name = "New", feeds = ["https://n.example/f"]}]\n'
    )
    assert [s.name for s in config.sections] == ["B", "New"]
