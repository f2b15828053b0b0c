"""`tuinews read URL|FILE`: the reader version of one page, printed in the shell.

For pipes and for checking what the reader makes of a page: the headline, a meta line,
the standfirst, the body, then the page's navigation as "Previous: title <url>" lines;
or the same as Markdown, or the whole `Article` as JSON. A URL is fetched through the
service's client (with `--offline`, only the cache is read); a FILE is read from disk,
with `--url` giving the address its relative links resolve against.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import fail

if TYPE_CHECKING:
    from tuinews.core.models import Article, Link
    from tuinews.core.service import NewsService

FORMATS = ("text", "markdown", "json")
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#"})
_URL_SPECIAL = str.maketrans({"(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})


class ReadError(Exception):
    """Why there is nothing to print; one line for the user."""


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `read` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "read",
        help="print the reader version of a page (URL or saved HTML file)",
        description=(
            "Extract the article of a page as the reader shows it: headline, meta line, "
            "standfirst, body and the page's navigation links. Exit status 1 when the "
            "page cannot be read."
        ),
    )
    parser.add_argument("target", metavar="URL|FILE", help="an http(s) URL or an HTML file")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--url", metavar="URL", help="for a FILE: the address it came from (for relative links)"
    )
    return parser


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Print the article; 1 with one line on stderr when the page cannot be read."""
    try:
        article = _article(service, args)
    except ReadError as error:
        return fail(str(error), 1)
    if args.format == "json":
        output = json.dumps(article.to_json(), ensure_ascii=False, indent=2)
    elif args.format == "markdown":
        output = as_markdown(article)
    else:
        output = as_text(article)
    sys.stdout.write(output.rstrip("\n") + "\n")
    sys.stdout.flush()
    return 0


def _article(service: NewsService, args: argparse.Namespace) -> Article:
    from tuinews.core.models import FULL
    from tuinews.core.text import UnsafeURL, openable_url

    target: str = args.target
    # "https://…", but also "javascript:…" or "ftp:…": an address, not a file name (a
    # Windows drive letter is one letter, and a file that exists is a file).
    scheme = target.split(":", 1)[0] if ":" in target else ""
    if len(scheme) > 1 and scheme.isascii() and scheme.isalpha() and not Path(target).exists():
        if args.url:
            raise ReadError("--url is for a FILE; a URL is its own address")
        try:
            url = openable_url(target)
        except UnsafeURL as error:
            raise ReadError(f"cannot read {target!r}: {error}") from None
        article = asyncio.run(_from_url(service, url))
    else:
        base = ""
        if args.url:
            try:
                base = openable_url(args.url)
            except UnsafeURL as error:
                raise ReadError(f"--url {args.url!r}: {error}") from None
        article = _from_file(Path(target), base)
    if article.completeness != FULL and not article.text:
        raise ReadError(f"{article.note or 'no article found'}: nothing to print")
    return article


async def _from_url(service: NewsService, url: str) -> Article:
    from tuinews.core.cache import article_key
    from tuinews.core.models import Article
    from tuinews.core.net import NewsClient
    from tuinews.core.reader import extract_article
    from tuinews.core.text import sanitize_display

    if service.offline:
        cached = Article.from_json(await service.store.aget(article_key(url)))
        if cached is None:
            raise ReadError("offline and the page is not cached")
        return cached
    try:
        response = await service.client.fetch(url, accept=_PAGE_ACCEPT)
    except NewsClient.Error as error:
        raise ReadError(f"page not reachable: {error}") from None
    finally:
        await service.client.aclose()
    if response.content_type not in _HTML_TYPES:
        kind = sanitize_display(response.content_type, cap=60)
        raise ReadError(f"not an HTML page ({kind})")
    return await asyncio.to_thread(extract_article, response.body, response.url)


def _from_file(path: Path, base: str) -> Article:
    from tuinews.core.reader import INPUT_CAP, extract_article

    try:
        with path.open("rb") as handle:
            data = handle.read(INPUT_CAP)
    except FileNotFoundError:
        raise ReadError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ReadError(f"{path} is a folder, not an HTML file") from None
    except OSError as error:
        raise ReadError(f"cannot read {path}: {error.strerror or error}") from None
    return extract_article(data, base or path.resolve().as_uri())


# ----------------------------------------------------------------------------------------
# output


def navigation(article: Article) -> list[tuple[str, Link]]:
    """(label, link) for the page's navigation, then the links of the body."""
    rows: list[tuple[str, Link]] = []
    if article.previous:
        rows.append(("Previous", article.previous))
    if article.next:
        rows.append(("Next", article.next))
    for link in article.related:
        rows.append(("Also read" if link.kind == "also-read" else "Related", link))
    for link in article.latest:
        rows.append((article.latest_label or "Latest", link))
    for link in article.links:
        rows.append(("Link", link))
    return rows


def as_text(article: Article) -> str:
    """The article as plain text, navigation last."""
    from tuinews.core.present import badge, meta_line, picture_line

    blocks = [article.title, meta_line(article), picture_line(article), badge(article)]
    head = "\n".join(line for line in blocks if line)
    parts = [head, article.standfirst, article.text]
    links = "\n".join(
        f"{label}: {link.text or link.url} <{link.url}>" for label, link in navigation(article)
    )
    parts.append(links)
    return "\n\n".join(part for part in parts if part) + "\n"


def _md(text: str) -> str:
    """Page text made literal for Markdown."""
    return text.translate(_MD_SPECIAL)


def as_markdown(article: Article) -> str:
    """The article as Markdown: the body as extracted, the rest escaped; links last."""
    from tuinews.core.present import badge, meta_line

    parts = []
    if article.title:
        parts.append(f"# {_md(article.title)}")
    if meta := meta_line(article):
        parts.append(f"*{_md(meta)}*")
    if picture := article.extra.get("lead_image"):
        caption = article.extra.get("lead_image_caption", "")
        parts.append(f"![{_md(caption)}]({picture.translate(_URL_SPECIAL)})")
    if note := badge(article):
        parts.append(f"> {_md(note)}")
    if article.standfirst:
        parts.append(f"**{_md(article.standfirst)}**")
    if article.markdown:
        parts.append(article.markdown)
    rows = navigation(article)
    if rows:
        items = "\n".join(
            f"- {_md(label)}: [{_md(link.text or link.url)}]({link.url.translate(_URL_SPECIAL)})"
            for label, link in rows
        )
        parts.append(f"## Links\n\n{items}")
    return "\n\n".join(parts) + "\n"


COMMAND = Command(name="read", register=register, run=run)
