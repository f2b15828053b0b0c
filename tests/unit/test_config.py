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
