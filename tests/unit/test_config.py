"""Config loading: defaults, TOML, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuinews.core.config import (
    DEFAULT_SECTIONS,
    REFRESH_MINUTES_MAX,
    ConfigError,
    load_config,
    parse_config,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    load_config.cache_clear()


def test_no_file_gives_the_built_in_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUINEWS_CONFIG", str(tmp_path / "absent.toml"))
    config = load_config()
    assert config.sections == DEFAULT_SECTIONS
    names = [section.name for section in config.sections]
    assert names[:3] == ["Top News", "World", "Business"]
    feeds = [feed for section in config.sections for feed in section.feeds]
    assert any("asianlite.com/category/" in feed for feed in feeds)
    assert any("bbc" in feed for feed in feeds) and any("npr" in feed for feed in feeds)
    assert all(feed.startswith("https://") for feed in feeds)


def test_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        """
[settings]
refresh_minutes = 5
browser = "firefox --new-tab %u"
theme = "nord"

[[sections]]
name = "Local"
feeds = ["https://example.com/feed/", "https://example.com/feed/", "/relative"]
""".replace('"/relative"', '"https://other.example/rss"'),
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.settings.refresh_minutes == 5
    assert config.settings.browser == "firefox --new-tab %u"
    assert config.settings.theme == "nord"
    assert [s.name for s in config.sections] == ["Local"]
    assert config.sections[0].feeds == ("https://example.com/feed/", "https://other.example/rss")


def test_refresh_minutes_is_clamped() -> None:
    config = parse_config("[settings]\nrefresh_minutes = 999999\n")
    assert config.settings.refresh_minutes == REFRESH_MINUTES_MAX


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[settings\n", "not valid TOML"),
        ("[settings]\nrefresh_minutes = 'often'\n", "refresh_minutes"),
        ("[[sections]]\nname = 'X'\n", "needs a list of feed URLs"),
        ("[[sections]]\nfeeds = ['https://e.com/f']\n", "needs a name"),
        ("[[sections]]\nname = 'X'\nfeeds = ['file:///etc/passwd']\n", "refused"),
        ("[[sections]]\nname = 'X'\nfeeds = ['exec:rm -rf ~']\n", "refused"),
        ("sections = []\n", "at least one section"),
    ],
)
def test_bad_config_gives_one_line(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml")


def test_text_browser_is_read_and_checked() -> None:
    config = parse_config('[settings]\ntext_browser = " w3m -o confirm_qq=0 %u "\n')
    assert config.settings.text_browser == "w3m -o confirm_qq=0 %u"
    assert parse_config("[settings]\n").settings.text_browser == ""
    with pytest.raises(ConfigError, match="text_browser"):
        parse_config("[settings]\ntext_browser = ['w3m']\n")


# -- the parsed document, remembered between runs (start-up, issue 9) -------------------

_TWO_FEEDS = (
    '[[sections]]\nname = "Desk"\nfeeds = ["https://a.example/rss", "https://b.example/rss"]\n'
)


def _remembered_file() -> Path:
    from tuinews.core.config import PARSED_CONFIGS
    from tuinews.core.paths import cache_dir

    return cache_dir() / PARSED_CONFIGS


def test_a_config_read_once_is_remembered_and_the_copy_is_what_the_next_start_reads(
    tmp_path: Path,
) -> None:
    import json

    path = tmp_path / "config.toml"
    path.write_text(_TWO_FEEDS, encoding="utf-8")
    assert load_config(path).sections[0].name == "Desk"
    remembered = json.loads(_remembered_file().read_text(encoding="utf-8"))
    entry = remembered[str(path)]
    assert entry["data"] == {
        "sections": [{"name": "Desk", "feeds": ["https://a.example/rss", "https://b.example/rss"]}]
    }
    # The next start reads the remembered document, not the file: a copy changed behind
    # tuinews's back shows it (nothing else would rename the section).
    entry["data"]["sections"][0]["name"] = "From the copy"
    _remembered_file().write_text(json.dumps(remembered), encoding="utf-8")
    load_config.cache_clear()
    assert load_config(path).sections[0].name == "From the copy"


def test_an_edit_of_the_same_size_with_the_old_times_put_back_is_noticed(tmp_path: Path) -> None:
    import os

    path = tmp_path / "config.toml"
    path.write_text(_TWO_FEEDS, encoding="utf-8")
    assert load_config(path).sections[0].name == "Desk"
    before = path.stat()
    path.write_text(_TWO_FEEDS.replace("Desk", "Dusk"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    load_config.cache_clear()
    assert load_config(path).sections[0].name == "Dusk"


def test_a_remembered_document_is_checked_like_the_file(tmp_path: Path) -> None:
    import json

    path = tmp_path / "config.toml"
    path.write_text(_TWO_FEEDS, encoding="utf-8")
    load_config(path)
    remembered = json.loads(_remembered_file().read_text(encoding="utf-8"))
    remembered[str(path)]["data"]["sections"][0]["feeds"] = ["javascript:alert(1)"]
    _remembered_file().write_text(json.dumps(remembered), encoding="utf-8")
    load_config.cache_clear()
    with pytest.raises(ConfigError):
        load_config(path)
    # A broken copy is ignored: the file is read again.
    _remembered_file().write_text("{not json", encoding="utf-8")
    load_config.cache_clear()
    assert load_config(path).sections[0].feeds == ("https://a.example/rss", "https://b.example/rss")


def test_a_config_with_a_toml_date_loads_and_is_not_remembered(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("noted = 2026-11-27T10:00:00Z\n" + _TWO_FEEDS, encoding="utf-8")
    assert load_config(path).sections[0].name == "Desk"
    assert not _remembered_file().exists()
