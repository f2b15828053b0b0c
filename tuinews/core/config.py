"""The user's configuration: sections, feeds and settings, read from TOML.

With no config file, tuinews uses `DEFAULT_SECTIONS`: real public news feeds, so a first
launch on a machine with internet shows real news.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuinews.core.models import FeedOptions, Section
from tuinews.core.paths import cache_dir, config_file
from tuinews.core.text import UnsafeURL, openable_url, sanitize_display

if TYPE_CHECKING:
    from tomlkit.items import Item

#: Bounds for `refresh_minutes`: never hammer a site, never go stale for days.
REFRESH_MINUTES_MIN = 1
REFRESH_MINUTES_MAX = 24 * 60

_ASIANLITE = "https://asianlite.com"
_GUARDIAN = "https://www.theguardian.com"

#: Built-in sections: a WordPress news site's category feeds (Asian Lite News) beside
#: general outlets (BBC News, NPR, The Guardian, Al Jazeera, Ars Technica, ScienceDaily).
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
            f"{_GUARDIAN}/world/rss",
            "https://www.aljazeera.com/xml/rss/all.xml",
        ),
    ),
    Section(
        "Business",
        (
            f"{_ASIANLITE}/category/business/feed/",
            "https://feeds.bbci.co.uk/news/business/rss.xml",
            "https://feeds.npr.org/1006/rss.xml",
            f"{_GUARDIAN}/business/rss",
        ),
    ),
    Section(
        "Technology",
        (
            "https://feeds.bbci.co.uk/news/technology/rss.xml",
            "https://feeds.npr.org/1019/rss.xml",
            f"{_GUARDIAN}/technology/rss",
            "https://feeds.arstechnica.com/arstechnica/index",
        ),
    ),
    Section(
        "Science",
        (
            "https://feeds.bbci.co.uk/news/science_and_environment/rss.xml",
            "https://feeds.npr.org/1007/rss.xml",
            f"{_GUARDIAN}/science/rss",
            "https://www.sciencedaily.com/rss/all.xml",
        ),
    ),
)

#: One comment line above each built-in section in the file `tuinews init` writes.
_DEFAULT_NOTES = {
    "Top News": "Asian Lite News (WordPress: one feed per category), BBC News, NPR.",
    "World": "The same sites' world desks, with The Guardian and Al Jazeera.",
    "Business": "Business desks.",
    "Technology": "Technology desks and Ars Technica.",
    "Science": "Science desks and ScienceDaily.",
}


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
    feeds: Mapping[str, FeedOptions] = field(default_factory=dict)
    """Per-feed settings by URL, for feeds written as tables."""

    def feed(self, url: str) -> FeedOptions:
        """The settings of one feed (defaults for a feed written as a plain URL)."""
        return self.feeds.get(url) or FeedOptions(url)


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


#: Header names a config may not set: they belong to the client or would break it.
_RESERVED_HEADERS = frozenset(
    {"host", "content-length", "transfer-encoding", "connection", "accept-encoding"}
)
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")


def _feed_options(feed: Any, where: str, section: str) -> FeedOptions:
    """One entry of a section's `feeds`: a URL string or a table with per-feed settings."""
    if isinstance(feed, str):
        raw_url: Any = feed
        table: dict[str, Any] = {}
    elif isinstance(feed, dict):
        table = feed
        raw_url = table.get("url")
        if not isinstance(raw_url, str):
            raise ConfigError(f"{where}: section {section!r} has a feed table with no url")
    else:
        raise ConfigError(f"{where}: section {section!r} has a feed that is not a URL")
    try:
        url = openable_url(raw_url)
    except UnsafeURL as error:
        shown = sanitize_display(raw_url, cap=80)
        raise ConfigError(
            f"{where}: section {section!r}: feed {shown!r} refused: {error}"
        ) from None
    shown = sanitize_display(url, cap=80)
    unknown = set(table) - {"url", "title", "refresh_minutes", "headers", "enabled", "full_text"}
    if unknown:
        raise ConfigError(f"{where}: feed {shown!r}: unknown setting {sorted(unknown)[0]!r}")
    title = table.get("title", "")
    if not isinstance(title, str):
        raise ConfigError(f"{where}: feed {shown!r}: title must be a string")
    minutes = table.get("refresh_minutes")
    if minutes is not None:
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise ConfigError(f"{where}: feed {shown!r}: refresh_minutes must be a whole number")
        minutes = max(REFRESH_MINUTES_MIN, min(REFRESH_MINUTES_MAX, minutes))
    flags: dict[str, bool] = {}
    for name, default in (("enabled", True), ("full_text", False)):
        value = table.get(name, default)
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: feed {shown!r}: {name} must be true or false")
        flags[name] = value
    raw_headers = table.get("headers", {})
    if not isinstance(raw_headers, dict):
        raise ConfigError(f"{where}: feed {shown!r}: headers must be a table")
    headers: list[tuple[str, str]] = []
    for name, value in raw_headers.items():
        # The value is never quoted in a message: it is usually a secret.
        if not _HEADER_NAME.match(name) or name.lower() in _RESERVED_HEADERS:
            raise ConfigError(f"{where}: feed {shown!r}: header {name[:40]!r} is not allowed")
        if not isinstance(value, str) or any(c in value for c in "\r\n\0") or len(value) > 8192:
            raise ConfigError(f"{where}: feed {shown!r}: header {name!r} needs a one-line value")
        headers.append((name, value))
    return FeedOptions(
        url=url,
        title=sanitize_display(title, cap=120),
        refresh_minutes=minutes,
        headers=tuple(headers),
        enabled=flags["enabled"],
        full_text=flags["full_text"],
    )


def _sections(raw: Any, where: str) -> tuple[tuple[Section, ...], dict[str, FeedOptions]]:
    if raw is None:
        return DEFAULT_SECTIONS, {}
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: [[sections]] must list at least one section")
    sections: list[Section] = []
    options: dict[str, FeedOptions] = {}
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: section {number} must be a table")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: section {number} needs a name")
        feeds = item.get("feeds")
        if isinstance(feeds, str | dict):
            feeds = [feeds]
        if not isinstance(feeds, list) or not feeds:
            raise ConfigError(f"{where}: section {name!r} needs a list of feed URLs")
        urls: list[str] = []
        for feed in feeds:
            feed_options = _feed_options(feed, where, name)
            urls.append(feed_options.url)
            if not feed_options.is_plain:
                if options.get(feed_options.url, feed_options) != feed_options:
                    shown = sanitize_display(feed_options.url, cap=80)
                    raise ConfigError(f"{where}: feed {shown!r} has two different settings")
                options[feed_options.url] = feed_options
        sections.append(Section(sanitize_display(name, cap=60), tuple(dict.fromkeys(urls))))
    return tuple(sections), options


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
    return config_from_data(_toml(text, path), path)


def _toml(text: str, path: Path | None) -> dict[str, Any]:
    """The TOML document as a dict (tomllib is imported here: ~7 ms, parsing ~3 ms)."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = str(path) if path else "config"
        raise ConfigError(f"{where}: not valid TOML ({error})") from None


def config_from_data(data: dict[str, Any], path: Path | None = None) -> Config:
    """Check a parsed config document and build the config from it.

    Args:
        data: The TOML document as tomllib gives it.
        path: Where it came from, for messages.

    Raises:
        ConfigError: with a one-line message naming the problem.
    """
    where = str(path) if path else "config"
    keys, key_problems = _keys(data.get("keys"))
    sections, feeds = _sections(data.get("sections"), where)
    config = Config(
        sections=sections,
        settings=_settings(data.get("settings"), where),
        path=path,
        keys=keys,
        key_problems=key_problems,
        feeds=feeds,
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
        before = _identity(target)
        data = _remembered(target, before)
        if data is not None:
            return config_from_data(data, target)
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{target}: no such config file") from None
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{target}: cannot read ({error})") from None
    data = _toml(text, target)
    config = config_from_data(data, target)
    _remember(target, before, data)
    return config


# -- the parsed file, remembered between runs -------------------------------------------
#
# Parsing the TOML (and importing tomllib) is ~10 ms of every start with a config of 100
# feeds. The document tomllib gave is kept as JSON in the cache folder, keyed by what
# `stat` says of the file (size, modification and change times in nanoseconds, inode):
# any edit changes the change time, so an edited file is parsed again. What comes back
# from the JSON goes through the same checks as a freshly parsed file.

#: The file in the cache folder, and how many config files it remembers.
PARSED_CONFIGS = "parsed-config.json"
_REMEMBERED = 8


def _identity(target: Path) -> list[int]:
    info = target.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _parsed_file() -> Path:
    return cache_dir() / PARSED_CONFIGS


def _remembered(target: Path, identity: list[int]) -> dict[str, Any] | None:
    """The document remembered for this file as it is now, or None."""
    try:
        entry = json.loads(_parsed_file().read_bytes()).get(str(target.absolute()))
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(entry, dict) or entry.get("stat") != identity:
        return None
    data = entry.get("data")
    return data if isinstance(data, dict) else None


def _remember(target: Path, identity: list[int], data: dict[str, Any]) -> None:
    """Keep the document of a file read unchanged; quietly nothing when that fails."""
    try:
        if _identity(target) != identity:
            return  # changed while being read: parse it again next time
        store = _parsed_file()
        try:
            remembered = json.loads(store.read_bytes())
        except (OSError, ValueError):
            remembered = {}
        if not isinstance(remembered, dict):
            remembered = {}
        remembered.pop(str(target.absolute()), None)
        while len(remembered) >= _REMEMBERED:
            remembered.pop(next(iter(remembered)))
        remembered[str(target.absolute())] = {"stat": identity, "data": data}
        encoded = json.dumps(remembered)  # TypeError for TOML dates: such a file is not kept
        store.parent.mkdir(parents=True, exist_ok=True)
        scratch = store.with_name(f".{store.name}.{os.getpid()}.tmp")
        scratch.write_text(encoded, encoding="utf-8")
        os.replace(scratch, store)
    except (OSError, TypeError, ValueError):
        return


def prefetch_sections(config: Config) -> tuple[Section, ...]:
    """The sections whose articles are kept downloaded for offline reading."""
    names = {name.casefold() for name in config.settings.prefetch}
    if "*" in names:
        return config.sections
    return tuple(s for s in config.sections if s.name.casefold() in names)


def config_with_sections(config: Config, sections: tuple[Section, ...]) -> Config:
    """Return a copy of `config` showing other sections (the demo site's, for one)."""
    return replace(config, sections=sections)


# -- the config file as the user wrote it: edited in place, comments kept ----------------

_SETTINGS_TEXT = """\
# tuinews configuration, written by `tuinews init`.
# Edit it freely: `tuinews add`, `tuinews sections ...` and `tuinews import` change only
# what they must and keep your comments and layout.

[settings]
# How old a feed may be (in minutes) before it is fetched again.
refresh_minutes = 15
# Empty: the system browser. Or a command, e.g. "firefox --new-tab %u".
browser = ""
# The console browser offered over SSH or with no display ("" looks for w3m, then lynx).
text_browser = ""
# A Textual theme name.
theme = "textual-dark"
# Sections whose articles are downloaded for offline reading: names, or true for all.
prefetch = []

# Each [[sections]] table is a tab, in this order. A section can hold feeds of several
# sites. A feed is a URL, or a table (on one line) with settings of its own, e.g.
#   { url = "https://example.com/feed/", title = "Shown title", refresh_minutes = 60 }
#   { url = "https://example.com/private.xml", headers = { Authorization = "Bearer x" } }
#   { url = "https://example.com/feed/", enabled = false }
#   { url = "https://example.com/feed/", full_text = true }
# Headers are sent only to that feed and never shown in full; full_text downloads every
# article of the feed after each refresh, for offline reading.
"""


def _toml_string(value: str) -> str:
    import tomlkit

    return tomlkit.string(value).as_string()


def default_config_text() -> str:
    """The commented config file `tuinews init` writes: settings and the built-in sections."""
    parts = [_SETTINGS_TEXT]
    for section in DEFAULT_SECTIONS:
        note = _DEFAULT_NOTES.get(section.name, "")
        lines = [""]
        if note:
            lines.append(f"# {note}")
        lines.append("[[sections]]")
        lines.append(f"name = {_toml_string(section.name)}")
        lines.append("feeds = [")
        lines.extend(f"    {_toml_string(url)}," for url in section.feeds)
        lines.append("]")
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)


def config_target(explicit: Path | None) -> Path:
    """The file that edits go to: the `--config` file, else the default location."""
    return explicit.expanduser() if explicit is not None else config_file()


def write_default_config(path: Path, *, force: bool = False) -> Path:
    """Write the commented default config to `path`.

    Raises:
        ConfigError: when the file exists and `force` is not set, or cannot be written.
    """
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists (use --force to overwrite it)")
    _write_atomic(path, default_config_text())
    return path


def _write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step, so a crash never leaves half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        scratch.write_text(text, encoding="utf-8")
        if path.exists():
            os.chmod(scratch, path.stat().st_mode & 0o777)
        os.replace(scratch, path)
    except OSError as error:
        raise ConfigError(f"{path}: cannot write ({error.strerror or error})") from None
    load_config.cache_clear()


def _is_decor(item: Item) -> bool:
    from tomlkit.items import Comment, Whitespace

    return isinstance(item, Comment | Whitespace)


def _take_lead(body: list[tuple[Any, Item]]) -> list[tuple[Any, Item]]:
    """Pop the comment lines directly above a table header off the end of `body`.

    tomlkit files the comments above a `[[sections]]` header under the table before it.
    They describe the section below, so they move and go with it.
    """
    from tomlkit.items import Comment

    lead: list[tuple[Any, Item]] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], Comment):
        lead.insert(0, body.pop())
    return lead


class ConfigEditor:
    """Edits the sections of a config file in place, keeping comments and layout.

    Reading stays with tomllib (`parse_config`); this keeps the user's file as written
    (tomlkit) and changes only the sections and feeds asked for. With no file yet, the
    edits start from the commented defaults of `tuinews init`. `save` checks the result
    with `parse_config` before it replaces the file.
    """

    def __init__(self, path: Path) -> None:
        """Read `path` (or the defaults when it does not exist yet).

        Raises:
            ConfigError: for a file that cannot be read or is not valid TOML.
        """
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        self.path = path
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = default_config_text()
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read ({error})") from None
        parse_config(text, path)  # one clear line for a file that is already broken
        try:
            self.doc = tomlkit.parse(text)
        except TOMLKitError as error:
            raise ConfigError(f"{path}: not valid TOML ({error})") from None
        if "sections" not in self.doc:
            # The built-in sections are what the user sees: edits start from them.
            defaults = tomlkit.parse(default_config_text())
            self.doc.append("sections", defaults["sections"])

    # -- reading -------------------------------------------------------------------

    def _tables(self) -> list[Any]:
        sections = self.doc["sections"]
        return list(sections)

    def names(self) -> list[str]:
        """The section names, in order."""
        return [str(table.get("name", "")) for table in self._tables()]

    def index_of(self, name: str) -> int:
        """The position of the section called `name` (case-insensitive).

        Raises:
            ConfigError: when there is none.
        """
        wanted = name.strip().casefold()
        for index, existing in enumerate(self.names()):
            if existing.strip().casefold() == wanted:
                return index
        known = ", ".join(self.names())
        raise ConfigError(f"no section named {name!r} (sections: {known})")

    def text(self) -> str:
        """The document as it would be written."""
        return str(self.doc.as_string())

    # -- changing ------------------------------------------------------------------

    def rename(self, old: str, new: str) -> None:
        """Rename a section; its feeds and comments stay."""
        new = new.strip()
        if not new:
            raise ConfigError("a section needs a name")
        index = self.index_of(old)
        others = [n.casefold() for i, n in enumerate(self.names()) if i != index]
        if new.casefold() in others:
            raise ConfigError(f"there is already a section named {new!r}")
        self._tables()[index]["name"] = new

    def remove(self, name: str) -> None:
        """Remove a section, with the comment lines directly above it."""
        index = self.index_of(name)
        if len(self.names()) == 1:
            raise ConfigError("the last section cannot be removed")
        order = [i for i in range(len(self.names())) if i != index]
        self._reorder(order)

    def move(self, name: str, position: int) -> None:
        """Move a section to `position` (1 = first tab; past the end = last)."""
        index = self.index_of(name)
        count = len(self.names())
        target = max(0, min(count - 1, position - 1))
        order = [i for i in range(count) if i != index]
        order.insert(target, index)
        self._reorder(order)

    def add_feeds(self, name: str, feeds: Iterable[str | FeedOptions]) -> list[str]:
        """Add feeds to the section `name`, creating it at the end when there is none.

        Feeds the section already lists are left as they are.

        Returns:
            The URLs added.
        """
        import tomlkit

        name = sanitize_display(name, cap=60)
        if not name:
            raise ConfigError("a section needs a name")
        wanted = [f if isinstance(f, FeedOptions) else FeedOptions(f) for f in feeds]
        for options in wanted:
            try:
                openable_url(options.url)
            except UnsafeURL as error:
                shown = sanitize_display(options.url, cap=80)
                raise ConfigError(f"feed {shown!r} refused: {error}") from None
        try:
            index = self.index_of(name)
        except ConfigError:
            index = -1
        # `[[sections]]` tables get one feed a line; `sections = [{...}]` stays inline.
        inline = not hasattr(self.doc["sections"], "body")
        if index < 0:
            table = tomlkit.inline_table() if inline else tomlkit.table()
            table["name"] = name
            array = tomlkit.array()
            array.multiline(not inline)
            table["feeds"] = array
            self._append_table(table)
            index = len(self.names()) - 1
        table = self._tables()[index]
        feeds_item = table.get("feeds")
        if not isinstance(feeds_item, list):
            array = tomlkit.array()
            array.multiline(not inline)
            if feeds_item is not None:
                array.append(feeds_item)
            table["feeds"] = array
            feeds_item = table["feeds"]
        present = set()
        for entry in feeds_item:
            url = entry.get("url") if isinstance(entry, dict) else entry
            if isinstance(url, str):
                present.add(url.strip())
        added: list[str] = []
        for options in wanted:
            if options.url in present:
                continue
            present.add(options.url)
            feeds_item.append(options.url if options.is_plain else _inline_feed(options))
            added.append(options.url)
        return added

    def _append_table(self, table: Any) -> None:
        sections = self.doc["sections"]
        tables = self._tables()
        if tables and hasattr(sections, "body"):
            # Keep one blank line between the last section and the new one.
            body = tables[-1].value.body
            lead = _take_lead(body)
            if not body or not _ends_blank(body):
                tables[-1].value.append(None, _blank())
            for key, item in lead:
                table.value.body.insert(0, (key, item))
        sections.append(table)

    def _reorder(self, order: Sequence[int]) -> None:
        """Put the sections in `order` (old positions; those left out are removed).

        The comment lines above each `[[sections]]` header go with their section.
        """
        sections = self.doc["sections"]
        tables = self._tables()
        if not hasattr(sections, "body"):
            # `sections = [...]`, an inline array: no comments to carry.
            kept = [tables[i] for i in order]
            while len(sections):
                del sections[0]
            for table in kept:
                sections.append(table)
            return
        before = self._body_before_sections()
        leads = [_take_lead(before) if before is not None else []]
        for table in tables[:-1]:
            leads.append(_take_lead(table.value.body))
        tail = _take_lead(tables[-1].value.body)
        last_space = _take_space(tables[-1].value.body)
        for table in tables:
            _take_space(table.value.body)
        new = [tables[i] for i in order]
        if before is not None:
            before.extend(leads[order[0]])
        for position, table in enumerate(new[:-1]):
            table.value.body.append((None, _blank()))
            table.value.body.extend(leads[order[position + 1]])
        new[-1].value.body.extend(last_space + tail)
        while len(sections):
            del sections[0]
        for table in new:
            sections.append(table)

    def _body_before_sections(self) -> list[tuple[Any, Item]] | None:
        """The container body that ends just above the first `[[sections]]` header."""
        from tomlkit.items import AoT, Table

        body = self.doc.body
        for position, (key, item) in enumerate(body):
            if isinstance(item, AoT) and key is not None and key.key == "sections":
                if position == 0:
                    return None
                previous = body[position - 1][1]
                if isinstance(previous, Table):
                    inner: list[tuple[Any, Item]] = previous.value.body
                    return inner
                return body
        return None

    # -- writing -------------------------------------------------------------------

    def save(self) -> Config:
        """Check the edited file and write it in place of the old one.

        Returns:
            The config as the new file says.

        Raises:
            ConfigError: when the result would not be a valid config, or cannot be written.
        """
        text = self.text()
        config = parse_config(text, self.path)
        _write_atomic(self.path, text)
        return config


def _blank() -> Item:
    from tomlkit.items import Whitespace

    return Whitespace("\n")


def _take_space(body: list[tuple[Any, Item]]) -> list[tuple[Any, Item]]:
    """Pop the blank lines at the end of a table's body."""
    from tomlkit.items import Whitespace

    space: list[tuple[Any, Item]] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
        space.insert(0, body.pop())
    return space


def _ends_blank(body: Sequence[tuple[Any, Item]]) -> bool:
    from tomlkit.items import Whitespace

    return bool(body) and body[-1][0] is None and isinstance(body[-1][1], Whitespace)


def _inline_feed(options: FeedOptions) -> Any:
    import tomlkit

    table = tomlkit.inline_table()
    table["url"] = options.url
    if options.title:
        table["title"] = options.title
    if options.refresh_minutes is not None:
        table["refresh_minutes"] = options.refresh_minutes
    if options.headers:
        headers = tomlkit.inline_table()
        for name, value in options.headers:
            headers[name] = value
        table["headers"] = headers
    if not options.enabled:
        table["enabled"] = False
    if options.full_text:
        table["full_text"] = True
    return table
