"""The demo site's words: its name, sections, writers, stories and fixed pages.

The text lives in `stories.toml` next to this module (shipped inside the package), so the
prose can be edited without touching the code that renders it. This module only reads and
checks that file; `tuinews.demo.site` turns it into pages and feeds.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: The data file holding every word of the demo site.
CONTENT_FILE = "stories.toml"

#: Feed formats a section may be served in.
FEED_FORMATS = ("rss", "atom")


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """The site's identity."""

    name: str
    """The site's name, e.g. "The Lantern Post"."""
    tagline: str
    """The line under the logo."""
    description: str
    """One sentence about the site, for meta tags and feed descriptions."""


@dataclass(frozen=True, slots=True)
class SectionInfo:
    """A category of the site, which tuinews shows as a section (a tab)."""

    name: str
    """Display name, e.g. "Top News"."""
    slug: str
    """URL slug, e.g. "top-news"."""
    feed_format: str
    """"rss" or "atom": the format of the section's feed."""
    description: str
    """One sentence shown on the category page and in its feed."""


@dataclass(frozen=True, slots=True)
class AuthorInfo:
    """A writer of the site."""

    name: str
    """Full name, as printed in bylines."""
    slug: str
    """URL slug of the author's archive page."""
    role: str
    """Job title, e.g. "Science Editor"."""


@dataclass(frozen=True, slots=True)
class StoryText:
    """The words of one story, before the site gives it a date and a URL."""

    section: str
    """Slug of the story's primary section."""
    slug: str
    """URL slug, unique across the site."""
    headline: str
    """The headline."""
    standfirst: str
    """The one or two sentences under the headline."""
    author: str
    """The writer's name (one of the site's authors)."""
    paragraphs: tuple[str, ...]
    """Body paragraphs, in order."""
    tags: tuple[str, ...]
    """Tag names, as shown on the page."""
    also_in: str = ""
    """Slug of one extra section the story is filed under, or empty."""


@dataclass(frozen=True, slots=True)
class PageText:
    """A fixed page such as "About Us"."""

    slug: str
    """URL slug: the page lives at `/<slug>/`."""
    title: str
    """The page's heading."""
    paragraphs: tuple[str, ...]
    """Body paragraphs."""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything the demo site says."""

    site: SiteInfo
    """The site's identity."""
    sections: tuple[SectionInfo, ...]
    """Sections in menu order."""
    authors: tuple[AuthorInfo, ...]
    """The writers."""
    stories: tuple[StoryText, ...]
    """Every story, grouped by primary section (not in time order)."""
    pages: tuple[PageText, ...]
    """The fixed pages."""

    def author(self, name: str) -> AuthorInfo:
        """Return the author called `name`.

        Args:
            name: The author's full name.

        Returns:
            The author.

        Raises:
            KeyError: No author has that name.
        """
        for author in self.authors:
            if author.name == name:
                return author
        raise KeyError(name)


def slugify(text: str) -> str:
    """Turn a name into a URL slug ("Port Ellis" -> "port-ellis").

    Args:
        text: Any display name.

    Returns:
        Lower-case ASCII letters and digits joined by single hyphens.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_paragraphs(body: str) -> tuple[str, ...]:
    """Split a block of text on blank lines into single-line paragraphs.

    Args:
        body: Paragraphs separated by one or more blank lines.

    Returns:
        The paragraphs, each with its inner line breaks folded to spaces.
    """
    blocks = re.split(r"\n\s*\n", body.strip())
    return tuple(" ".join(block.split()) for block in blocks if block.strip())


@cache
def load_content() -> Content:
    """Read and check the demo site's content file (once per process).

    Returns:
        The site's content.

    Raises:
        ValueError: The content file breaks one of its own rules (an unknown section or
            author, a duplicate slug, a story without enough body).
    """
    raw = resources.files("tuinews.demo").joinpath(CONTENT_FILE).read_text(encoding="utf-8")
    return parse_content(tomllib.loads(raw))


def parse_content(data: dict[str, Any]) -> Content:
    """Build and check `Content` from the parsed content file.

    Args:
        data: The content file as `tomllib` returns it.

    Returns:
        The site's content.

    Raises:
        ValueError: The data breaks one of the content rules.
    """
    site_data = data["site"]
    site = SiteInfo(
        name=str(site_data["name"]),
        tagline=str(site_data["tagline"]),
        description=str(site_data["description"]),
    )
    sections = tuple(
        SectionInfo(
            name=str(item["name"]),
            slug=str(item["slug"]),
            feed_format=str(item["feed_format"]),
            description=str(item["description"]),
        )
        for item in data["sections"]
    )
    authors = tuple(
        AuthorInfo(name=str(item["name"]), slug=slugify(str(item["name"])), role=str(item["role"]))
        for item in data["authors"]
    )
    stories = tuple(
        StoryText(
            section=str(item["section"]),
            slug=str(item["slug"]),
            headline=str(item["headline"]),
            standfirst=" ".join(str(item["standfirst"]).split()),
            author=str(item["author"]),
            paragraphs=split_paragraphs(str(item["body"])),
            tags=tuple(str(tag) for tag in item.get("tags", ())),
            also_in=str(item.get("also_in", "")),
        )
        for item in data["stories"]
    )
    pages = tuple(
        PageText(
            slug=str(item["slug"]),
            title=str(item["title"]),
            paragraphs=split_paragraphs(str(item["body"])),
        )
        for item in data.get("pages", ())
    )
    content = Content(site=site, sections=sections, authors=authors, stories=stories, pages=pages)
    _check(content)
    return content


def _check(content: Content) -> None:
    """Raise ValueError when the content breaks one of its rules."""
    section_slugs = [section.slug for section in content.sections]
    if len(set(section_slugs)) != len(section_slugs):
        raise ValueError("duplicate section slug")
    for section in content.sections:
        if section.feed_format not in FEED_FORMATS:
            raise ValueError(f"section {section.slug}: unknown feed format")
    author_names = {author.name for author in content.authors}
    seen: set[str] = set()
    for story in content.stories:
        where = f"story {story.slug}"
        if story.slug in seen or slugify(story.slug) != story.slug:
            raise ValueError(f"{where}: duplicate or malformed slug")
        seen.add(story.slug)
        if story.section not in section_slugs:
            raise ValueError(f"{where}: unknown section {story.section}")
        if story.also_in and (story.also_in not in section_slugs or story.also_in == story.section):
            raise ValueError(f"{where}: bad extra section {story.also_in}")
        if story.author not in author_names:
            raise ValueError(f"{where}: unknown author {story.author}")
        if not 4 <= len(story.paragraphs) <= 8:
            raise ValueError(f"{where}: needs 4 to 8 paragraphs")
        if sum(len(paragraph.split()) for paragraph in story.paragraphs) < 150:
            raise ValueError(f"{where}: body shorter than 150 words")
