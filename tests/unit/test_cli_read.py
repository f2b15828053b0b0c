"""`tuinews read URL|FILE`: the reader version of one page in the shell."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tuinews.core.cache import Store, article_key
from tuinews.core.models import Article
from tuinews.core.paths import cache_dir
from tuinews.demo.server import DemoServer

from ..articles import ARTICLES, load_cases

CASES = {case.name: case for case in load_cases()}
# Anything live in a terminal: C0 but TAB/LF, DEL, C1.
LIVE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def tuinews(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "tuinews", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def page(name: str) -> str:
    """The path of a page of the article set."""
    return str(ARTICLES / f"{name}.html")


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a failed run."""
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tuinews: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_file_as_json_is_the_article() -> None:
    case = CASES["wordpress_news_theme"]
    result = tuinews("read", page(case.name), "--format", "json", "--url", case.url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    article = Article.from_json(data)
    assert article is not None
    assert article.title == case.expected["title"]
    assert article.url == case.url
    assert article.completeness == "full"
    assert article.text.split("\n\n")[0] == case.expected["body"][0]
    assert article.previous is not None
    assert article.previous.url == case.expected["previous"]["url"]


def test_file_without_url_keeps_absolute_links_and_drops_relative_ones() -> None:
    result = tuinews("read", page("jsonld_opengraph"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["url"].startswith("file://")
    assert data["previous"] is None  # its link is relative: no base, no link
    assert data["title"] == CASES["jsonld_opengraph"].expected["title"]


def test_text_format_prints_headline_meta_standfirst_body_then_navigation() -> None:
    case = CASES["wordpress_news_theme"]
    result = tuinews("read", page(case.name), "--url", case.url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == case.expected["title"]
    assert lines[1].startswith("The Meridian Courier · World · November 11, 2023 at ")
    assert "(updated " in lines[1]
    assert lines[1].endswith("3 min read · by Ines Albrecht")
    assert lines[2] == (
        "Picture: Monitoring buoys off the harbour wall at Selm. Photo: Courier archive "
        "<https://meridiancourier.example/wp-content/uploads/2023/11/gulf-buoys-1024x576.jpg>"
    )
    assert lines[4] == case.expected["standfirst"]
    assert lines[6] == case.expected["body"][0]
    previous = case.expected["previous"]
    assert f"Previous: {previous['text']} <{previous['url']}>" in lines
    nxt = case.expected["next"]
    assert f"Next: {nxt['text']} <{nxt['url']}>" in lines
    assert any(line.startswith("Also read: Port of Selm dredging") for line in lines)
    assert any(line.startswith("Latest from World: ") for line in lines)
    # navigation comes after the body
    assert lines.index(f"Previous: {previous['text']} <{previous['url']}>") > lines.index(
        case.expected["body"][-1]
    )


def test_markdown_format() -> None:
    case = CASES["paywall_jsonld"]
    result = tuinews("read", page(case.name), "--format", "markdown", "--url", case.url)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"# {case.expected['title']}\n")
    assert "> Summary only: looks paywalled" in text
    assert "## Links" in text
    assert (
        "- Related: [The bridges nobody is paying to repair](https://ostraledger.example/" in text
    )


def test_hostile_page_prints_nothing_live() -> None:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "hostile_controls.html"
    for form in ("text", "markdown", "json"):
        result = subprocess.run(
            [sys.executable, "-m", "tuinews", "read", str(path), "--format", form],
            capture_output=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert not LIVE_CONTROL.search(result.stdout.decode("utf-8"))
        assert b"javascript:" not in result.stdout.lower()


def test_url_served_by_the_demo_site(demo_server: DemoServer) -> None:
    story = demo_server.site.stories[3]
    result = tuinews("read", story.url, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == story.title
    assert data["text"].split("\n\n") == story.paragraphs
    assert data["authors"] == [story.author]
    if story.previous:
        assert data["previous"]["url"] == story.previous[1]


def test_offline_reads_only_the_cache(demo_server: DemoServer) -> None:
    story = demo_server.site.stories[4]
    missing = tuinews("--offline", "read", story.url)
    assert "offline and the page is not cached" in one_error_line(missing)
    cached = Article(url=story.url, title="From the cache", text="Cached body text.")
    store = Store(cache_dir() / "http")
    store.set(article_key(story.url), cached.to_json())
    store.close()
    result = tuinews("--offline", "read", story.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "From the cache"
    assert "Cached body text." in result.stdout


def test_missing_file() -> None:
    assert "no such file" in one_error_line(tuinews("read", "no/such/page.html"))


def test_unreachable_url() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    line = one_error_line(tuinews("read", f"http://127.0.0.1:{port}/story"))
    assert "page not reachable" in line and "refused" in line


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not an HTML page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not an HTML page"),
        (b"just some words, no markup at all", "not an HTML page"),
    ],
)
def test_not_html(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "file.html"
    path.write_bytes(content)
    assert words in one_error_line(tuinews("read", str(path)))


def test_a_demo_url_that_is_not_html(demo_server: DemoServer) -> None:
    feed = demo_server.site.url("/feed/")
    assert "not an HTML page" in one_error_line(tuinews("read", feed))


def test_bot_challenge_page_has_nothing_to_print() -> None:
    assert "bot challenge page" in one_error_line(tuinews("read", page("bot_challenge")))


@pytest.mark.parametrize("target", ["javascript:alert(1)", "ftp://files.example/a.html"])
def test_addresses_that_are_not_web_links(target: str) -> None:
    assert "not a web link" in one_error_line(tuinews("read", target))


def test_url_for_a_file_must_be_a_web_link() -> None:
    line = one_error_line(tuinews("read", page("amp_article"), "--url", "file:///etc/passwd"))
    assert "--url" in line and "not a web link" in line
