"""`tuinews init | add | sections | import | export | status` end to end, in subprocesses.

Each run gets its own XDG folders, so the config file is the one a user would have.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faultserver import FaultServer, fault_server
from tests.sites import hostile_site, wordpress_site
from tuinews.core.config import DEFAULT_SECTIONS, default_config_text, parse_config


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TUINEWS_CONFIG"}
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[name] = str(home / name.lower())
    return env


def _config_path(home: Path) -> Path:
    return home / "xdg_config_home" / "tuinews" / "config.toml"


def tuinews(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tuinews", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(home),
        input=stdin,
    )


@pytest.fixture
def site() -> Iterator[FaultServer]:
    with fault_server() as server:
        wordpress_site(server)
        yield server


def test_init_writes_the_commented_defaults_once(home: Path) -> None:
    result = tuinews(home, "init")
    path = _config_path(home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {path}"
    assert path.read_text() == default_config_text()
    path.write_text(path.read_text() + "# mine\n")
    again = tuinews(home, "init")
    assert again.returncode == 2 and "already exists (use --force" in again.stderr
    assert path.read_text().endswith("# mine\n")
    forced = tuinews(home, "init", "--force")
    assert forced.returncode == 0 and path.read_text() == default_config_text()


def test_init_to_an_explicit_path_that_does_not_exist_yet(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "profiles" / "work.toml"
    result = tuinews(home, "--config", str(target), "init")
    assert result.returncode == 0, result.stderr
    assert parse_config(target.read_text()).sections == DEFAULT_SECTIONS


def test_sections_list_and_edits_start_from_the_defaults(home: Path) -> None:
    listed = tuinews(home, "sections")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0] == "1. Top News (3 feeds)"
    assert "     https://asianlite.com/category/top-news/feed/" in lines
    assert "Config: built-in defaults" in listed.stdout

    moved = tuinews(home, "sections", "move", "science", "1")
    assert moved.returncode == 0, moved.stderr
    assert "Sections: Science, Top News, World, Business, Technology" in moved.stdout
    text = _config_path(home).read_text()
    assert text.startswith("# tuinews configuration, written by `tuinews init`.")
    assert '# Science desks and ScienceDaily.\n[[sections]]\nname = "Science"' in text

    renamed = tuinews(home, "sections", "rename", "World", "World & Region")
    assert renamed.returncode == 0
    removed = tuinews(home, "sections", "remove", "technology")
    assert removed.returncode == 0
    listed = tuinews(home, "sections")
    names = [line for line in listed.stdout.splitlines() if line[:1].isdigit()]
    assert names == [
        "1. Science (4 feeds)",
        "2. Top News (3 feeds)",
        "3. World & Region (5 feeds)",
        "4. Business (4 feeds)",
    ]
    assert "# Technology desks" not in _config_path(home).read_text()


def test_sections_errors_are_one_line(home: Path) -> None:
    result = tuinews(home, "sections", "remove", "Nope")
    assert result.returncode == 2
    assert result.stderr.startswith("tuinews: no section named 'Nope' (sections: Top News,")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not _config_path(home).exists()


def test_add_picks_feeds_of_a_wordpress_site(home: Path, site: FaultServer) -> None:
    result = tuinews(home, "add", site.url("/"), "--pick", "3,4")
    assert result.returncode == 0, result.stderr
    assert "  1. Harbour News · 2 items · RSS" in result.stdout
    assert "  3. World Archives - Harbour News (menu: World) · 2 items · RSS" in result.stdout
    config = parse_config(_config_path(home).read_text())
    # "World" joins the built-in World section; "Business & Money" is a new tab.
    assert [s.name for s in config.sections] == [
        *(s.name for s in DEFAULT_SECTIONS),
        "Business & Money",
    ]
    assert config.sections[1].feeds == (
        *DEFAULT_SECTIONS[1].feeds,
        site.url("/category/world/feed/"),
    )
    assert config.sections[-1].feeds == (site.url("/category/business/feed/"),)
    assert "# Business desks." in _config_path(home).read_text()
    assert f"Config: {_config_path(home)}" in result.stdout


def test_add_into_one_section_and_no_duplicates(home: Path, site: FaultServer) -> None:
    first = tuinews(home, "add", site.url("/"), "--all", "--section", "Harbour")
    assert first.returncode == 0, first.stderr
    config = parse_config(_config_path(home).read_text())
    harbour = config.sections[-1]
    assert harbour.name == "Harbour" and len(harbour.feeds) == 5
    again = tuinews(home, "add", site.url("/"), "--all", "--section", "harbour")
    assert again.returncode == 0 and "already in the config" in again.stdout


def test_add_needs_a_choice_without_a_terminal(home: Path, site: FaultServer) -> None:
    result = tuinews(home, "add", site.url("/"))
    assert result.returncode == 2 and "--all or --pick" in result.stderr
    bad = tuinews(home, "add", site.url("/"), "--pick", "9")
    assert bad.returncode == 2 and "there is no feed 9 (1-5)" in bad.stderr
    assert not _config_path(home).exists()


def test_add_a_feed_url_directly(home: Path, site: FaultServer) -> None:
    result = tuinews(home, "add", site.url("/category/business/feed/"))
    assert result.returncode == 0, result.stderr
    config = parse_config(_config_path(home).read_text())
    assert config.sections[-1].name == "Business Archives - Harbour News"


def test_add_never_writes_a_refused_feed(home: Path) -> None:
    with fault_server() as server:
        page = hostile_site(server)
        result = tuinews(home, "add", page, "--all")
    assert result.returncode == 0, result.stderr
    assert "refused: file:///etc/passwd" in result.stdout
    text = _config_path(home).read_text()
    assert "file:" not in text and "javascript" not in text and "data:" not in text
    assert server.url("/real.xml") in text


def test_add_a_site_with_nothing_there(home: Path) -> None:
    with fault_server() as server:
        url = server.url("/")
    result = tuinews(home, "add", url, "--all")
    assert result.returncode == 1 and "refused the connection" in result.stderr


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>From another reader</title></head><body>
  <outline text="Tech &amp; Science">
    <outline type="rss" text="Ars" xmlUrl="https://feeds.arstechnica.com/arstechnica/index"/>
    <outline type="rss" text="Bad" xmlUrl="file:///etc/passwd"/>
  </outline>
  <outline type="rss" text="Lone feed" xmlUrl="https://lone.example/feed"/>
  <outline type="command" text="Run" xmlUrl="exec:rm -rf ~"/>
</body></opml>
"""


def test_import_then_export(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.opml"
    source.write_text(OPML)
    result = tuinews(home, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "skipped: Bad: file:///etc/passwd (not a web link (file))" in result.stderr
    assert "skipped: Run: exec:rm -rf ~ (link contains control characters or spaces)" in (
        result.stderr
    )
    assert "Imported 2 feeds into 2 sections." in result.stdout
    config = parse_config(_config_path(home).read_text())
    assert [s.name for s in config.sections][-2:] == ["Tech & Science", "Lone feed"]
    out = tmp_path / "out.opml"
    exported = tuinews(home, "export", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    text = out.read_text()
    assert '<outline text="Tech &amp; Science" title="Tech &amp; Science">' in text
    stdout = tuinews(home, "export")
    assert stdout.stdout == text.replace(
        text.split("<dateCreated>")[1].split("</dateCreated>")[0],
        stdout.stdout.split("<dateCreated>")[1].split("</dateCreated>")[0],
    )
    # Importing the export again changes nothing.
    before = _config_path(home).read_text()
    again = tuinews(home, "import", str(out))
    assert again.returncode == 0 and _config_path(home).read_text() == before


def test_import_errors(home: Path, tmp_path: Path) -> None:
    missing = tuinews(home, "import", str(tmp_path / "nope.opml"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    junk = tmp_path / "junk.opml"
    junk.write_text("<html><body>hi</body></html>")
    result = tuinews(home, "import", str(junk))
    assert result.returncode == 2 and "not an OPML file" in result.stderr


def test_status_shows_per_feed_settings_with_headers_masked(home: Path) -> None:
    path = _config_path(home)
    path.parent.mkdir(parents=True)
    path.write_text(
        "[[sections]]\n"
        'name = "Private"\n'
        "feeds = [\n"
        '  { url = "https://p.example/feed", title = "My private feed", '
        'headers = { Authorization = "Bearer s3cret-token" }, refresh_minutes = 5 },\n'
        '  { url = "https://off.example/feed", enabled = false, full_text = true },\n'
        "]\n"
    )
    result = tuinews(home, "status")
    assert "s3cret" not in result.stdout + result.stderr
    assert "Authorization: ••••" in result.stdout
    assert "every 5 min" in result.stdout and "My private feed" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "off.example" in line)
    assert "disabled" in row and "full text" in row
    listed = tuinews(home, "sections")
    assert "https://p.example/feed  [My private feed]" in listed.stdout
    assert "https://off.example/feed  [disabled]" in listed.stdout


def test_refresh_skips_disabled_feeds(home: Path, site: FaultServer) -> None:
    path = _config_path(home)
    path.parent.mkdir(parents=True)
    path.write_text(
        "[[sections]]\n"
        'name = "Harbour"\n'
        "feeds = [\n"
        f'  "{site.url("/feed/")}",\n'
        f'  {{ url = "{site.url("/category/world/feed/")}", enabled = false }},\n'
        "]\n"
    )
    result = tuinews(home, "refresh")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Harbour News: 2 stories" in result.stdout
    assert "disabled in the config" in result.stdout
    assert "2 feeds in" in result.stdout and "1 disabled" in result.stdout
    assert site.hits("/feed/") and not site.hits("/category/world/feed/")


def test_add_asks_on_a_terminal(home: Path, site: FaultServer) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tuinews", "add", site.url("/")],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(home),
        )
        os.write(leader, b"9\n2-3\n")  # a wrong number is asked again
        stdout, stderr = process.communicate(timeout=120)
    finally:
        os.close(leader)
        os.close(follower)
    assert process.returncode == 0, stderr
    assert "there is no feed 9 (1-5)" in stdout
    config = parse_config(_config_path(home).read_text())
    names = [s.name for s in config.sections]
    assert names[-1] == "Comments for Harbour News"
    assert config.sections[1].feeds[-1] == site.url("/category/world/feed/")


def test_a_broken_config_is_said_not_listed_or_overwritten(home: Path) -> None:
    path = _config_path(home)
    path.parent.mkdir(parents=True)
    path.write_text("[[sections]]\nname = 'X'\nfeeds = [\n")
    listed = tuinews(home, "sections")
    assert listed.returncode == 2 and "not valid TOML" in listed.stderr
    renamed = tuinews(home, "sections", "rename", "X", "Y")
    assert renamed.returncode == 2 and "not valid TOML" in renamed.stderr
    assert path.read_text() == "[[sections]]\nname = 'X'\nfeeds = [\n"
    forced = tuinews(home, "init", "--force")
    assert forced.returncode == 0 and path.read_text() == default_config_text()
