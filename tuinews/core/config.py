"""The user's configuration: sections, feeds and settings, read from TOML.

With no config file, tuinews uses `DEFAULT_SECTIONS`: real public news feeds, so a first
launch on a machine with internet shows real news.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from tuinews.core.models import Section
from tuinews.core.paths import config_file
from tuinews.core.text import UnsafeURL, openable_url, sanitize_display

#: Bounds for `refresh_minutes`: never hammer a site, never go stale for days.
REFRESH_MINUTES_MIN = 1
REFRESH_MINUTES_MAX = 24 * 60

_ASIANLITE = "https://asianlite.com"

#: Built-in sections: a WordPress news site's category feeds beside general outlets.
DEFAULT_SECTIONS: tuple[Section, ...] = (
    Section(
        "Top News",
        (
            f"{_ASIANLITE}/category/top-news/feed/",
            "https://feeds.bbci.co.uk/news/rss.xml",
            "https://feeds.npr.org/1001/rss.xml",
        ),
    ),
    Section(
        "World",
        (
            f"{_ASIANLITE}/category/world/feed/",
            "https://feeds.bbci.co.uk/news/world/rss.xml",
            "https://feeds.npr.org/1004/rss.xml",
        ),
    ),
    Section(
        "Business",
        (
            f"{_ASIANLITE}/category/business/feed/",
            "https://feeds.bbci.co.uk/news/business/rss.xml",
            "https://feeds.npr.org/1006/rss.xml",
        ),
    ),
    Section(
        "Technology",
        (
            "https://feeds.bbci.co.uk/news/technology/rss.xml",
            "https://feeds.npr.org/1019/rss.xml",
        ),
    ),
    Section(
        "Science",
        (
            "https://feeds.bbci.co.uk/news/science_and_environment/rss.xml",
            "https://feeds.npr.org/1007/rss.xml",
        ),
    ),
)


class ConfigError(Exception):
    """The config file cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The `[settings]` table."""

    refresh_minutes: int = 15
    """How old a feed may be before it is fetched again."""
    browser: str = ""
    """Empty for the system browser, or a command such as "firefox --new-tab %u"."""
    text_browser: str = ""
    """The console browser offered over SSH or with no display ("" looks for w3m, lynx)."""
    theme: str = "textual-dark"
    """A Textual theme name."""
    prefetch: tuple[str, ...] = ()
    """Sections whose articles are downloaded in the background for offline reading."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything tuinews is told by the user."""

    sections: tuple[Section, ...] = DEFAULT_SECTIONS
    """The tabs, in order."""
    settings: Settings = field(default_factory=Settings)
    """The `[settings]` table."""
    path: Path | None = None
    """The file this came from; None for the built-in defaults."""
    keys: tuple[tuple[str, str], ...] = ()
    """The `[keys]` table: (binding id, comma-separated keys) pairs that passed the checks."""
    key_problems: tuple[str, ...] = ()
    """One line per `[keys]` entry left out; a bad key never stops tuinews from starting."""


def _settings(raw: Any, where: str) -> Settings:
    if raw is None:
        return Settings()
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: [settings] must be a table")
    defaults = Settings()
    minutes = raw.get("refresh_minutes", defaults.refresh_minutes)
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ConfigError(f"{where}: settings.refresh_minutes must be a whole number")
    browser = raw.get("browser", defaults.browser)
    if not isinstance(browser, str):
        raise ConfigError(f"{where}: settings.browser must be a string")
    text_browser = raw.get("text_browser", defaults.text_browser)
    if not isinstance(text_browser, str):
        raise ConfigError(f"{where}: settings.text_browser must be a string")
    theme = raw.get("theme", defaults.theme)
    if not isinstance(theme, str) or not theme.strip():
        raise ConfigError(f"{where}: settings.theme must be a theme name")
    prefetch = raw.get("prefetch", [])
    if prefetch is True:
        prefetch = ["*"]
    if prefetch is False:
        prefetch = []
    if not isinstance(prefetch, list) or not all(isinstance(p, str) for p in prefetch):
        raise ConfigError(f"{where}: settings.prefetch must be a list of section names or true")
    return Settings(
        prefetch=tuple(p.strip() for p in prefetch if p.strip()),
        refresh_minutes=max(REFRESH_MINUTES_MIN, min(REFRESH_MINUTES_MAX, minutes)),
        browser=browser.strip(),
        text_browser=text_browser.strip(),
        theme=theme.strip(),
    )


def _sections(raw: Any, where: str) -> tuple[Section, ...]:
    if raw is None:
        return DEFAULT_SECTIONS
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: [[sections]] must list at least one section")
    sections: list[Section] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: section {number} must be a table")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: section {number} needs a name")
        feeds = item.get("feeds")
        if isinstance(feeds, str):
            feeds = [feeds]
        if not isinstance(feeds, list) or not feeds:
            raise ConfigError(f"{where}: section {name!r} needs a list of feed URLs")
        urls: list[str] = []
        for feed in feeds:
            if not isinstance(feed, str):
                raise ConfigError(f"{where}: section {name!r} has a feed that is not a URL")
            try:
                urls.append(openable_url(feed))
            except UnsafeURL as error:
                shown = sanitize_display(feed, cap=80)
                raise ConfigError(
                    f"{where}: section {name!r}: feed {shown!r} refused: {error}"
                ) from None
        sections.append(Section(sanitize_display(name, cap=60), tuple(dict.fromkeys(urls))))
    return tuple(sections)


#: A binding id: dotted words such as "headlines.open" or "sections.jump-1".
_BINDING_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
#: One key: modifiers joined with "+", then a key name or a single character.
_KEY = re.compile(r"(?:(?:ctrl|alt|shift|meta|super|hyper)\+)*(?:[A-Za-z0-9_]+|[^\s,+]|\+)")


def _keys(raw: Any) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The `[keys]` table, checked entry by entry: good pairs and one line per bad one.

    A value is a key string (several keys separated by commas) or a list of keys. Whether
    a binding id exists and a key name is known is checked by the UI, which knows both.
    """
    if raw is None:
        return (), ()
    if not isinstance(raw, dict):
        return (), ("[keys] must be a table of binding id = keys",)
    good: list[tuple[str, str]] = []
    problems: list[str] = []
    for binding_id, value in raw.items():
        shown = sanitize_display(str(binding_id), cap=60)
        if not _BINDING_ID.fullmatch(binding_id):
            problems.append(f"{shown!r} is not a binding id")
            continue
        if isinstance(value, str):
            keys = [key.strip() for key in value.split(",")]
        elif isinstance(value, list) and all(isinstance(key, str) for key in value):
            keys = [key.strip() for key in value]
        else:
            problems.append(f"{shown}: keys must be a string or a list of strings")
            continue
        keys = [key for key in keys if key]
        bad = [key for key in keys if not _KEY.fullmatch(key)]
        if not keys:
            problems.append(f"{shown}: no key given")
            continue
        if bad:
            problems.append(f"{shown}: {sanitize_display(bad[0], cap=30)!r} is not a key")
            continue
        good.append((binding_id, ",".join(keys)))
    return tuple(good), tuple(problems)


def parse_config(text: str, path: Path | None = None) -> Config:
    """Parse config TOML text.

    Args:
        text: The TOML document.
        path: Where it came from, for messages.

    Returns:
        The config.

    Raises:
        ConfigError: with a one-line message naming the problem.
    """
    where = str(path) if path else "config"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{where}: not valid TOML ({error})") from None
    keys, key_problems = _keys(data.get("keys"))
    config = Config(
        sections=_sections(data.get("sections"), where),
        settings=_settings(data.get("settings"), where),
        path=path,
        keys=keys,
        key_problems=key_problems,
    )
    known = {section.name.casefold() for section in config.sections} | {"*"}
    for name in config.settings.prefetch:
        if name.casefold() not in known:
            raise ConfigError(f"{where}: settings.prefetch names no section {name!r}")
    return config


@lru_cache(maxsize=8)
def load_config(path: Path | None = None) -> Config:
    """Read the config file, or return the built-in defaults when there is none.

    Args:
        path: An explicit file (from `--config`); it must exist. None means the default
            location (`paths.config_file()`), which may be absent.

    Raises:
        ConfigError: for an unreadable or invalid file, or a missing explicit one.
    """
    explicit = path is not None
    target = path if path is not None else config_file()
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{target}: no such config file") from None
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{target}: cannot read ({error})") from None
    return parse_config(text, target)


def prefetch_sections(config: Config) -> tuple[Section, ...]:
    """The sections whose articles are kept downloaded for offline reading."""
    names = {name.casefold() for name in config.settings.prefetch}
    if "*" in names:
        return config.sections
    return tuple(s for s in config.sections if s.name.casefold() in names)


def config_with_sections(config: Config, sections: tuple[Section, ...]) -> Config:
    """Return a copy of `config` showing other sections (the demo site's, for one)."""
    return replace(config, sections=sections)
