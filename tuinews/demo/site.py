"""The demo news site as pure rendering: a path in, a page or a feed out.

`DemoSite` gives every story of `tuinews.demo.content` a date (relative to "now", so the
demo always looks fresh), a URL and its neighbours, and renders the site the way a
WordPress news theme does: a home page, category pages, article pages full of navigation
and boilerplate around the story, a site feed and one feed per category. It knows nothing
of sockets; `tuinews.demo.server` serves it over HTTP.

The stories it exposes (`DemoSite.stories`) are the ground truth the tests compare feed
parsing and article extraction against.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote, unquote, urlsplit

from tuinews.demo.content import Content, PageText, StoryText, load_content, slugify

#: Content type of every HTML page.
HTML_TYPE = "text/html; charset=UTF-8"
#: Content type of the RSS 2.0 feeds.
RSS_TYPE = "application/rss+xml; charset=UTF-8"
#: Content type of the Atom 1.0 feeds.
ATOM_TYPE = "application/atom+xml; charset=UTF-8"

#: Path of the site-wide RSS feed.
SITE_FEED_PATH = "/feed/"
#: Words read per minute, for the "N min read" label.
WORDS_PER_MINUTE = 230
#: Minutes between consecutive stories of the site (before a small jitter).
STORY_SPACING_MINUTES = 97
#: Minutes a feed reader may cache a feed, as the feeds' `<ttl>` says.
FEED_TTL_MINUTES = 15
#: Stories in the "Latest from <Section>" block of an article page.
LATEST_COUNT = 5
#: Stories in the "Don't Miss" block of an article page.
DONT_MISS_COUNT = 4

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class DemoSection:
    """A category of the demo site and its feed."""

    name: str
    """Display name, e.g. "Technology"."""
    slug: str
    """URL slug, e.g. "technology"."""
    feed_url: str
    """Absolute URL of the category's feed."""
    feed_format: str
    """"rss" (RSS 2.0) or "atom" (Atom 1.0)."""
    url: str = ""
    """Absolute URL of the category page."""
    description: str = ""
    """One sentence about the category."""


@dataclass(frozen=True, slots=True)
class DemoStory:
    """One story of the demo site, with everything a test needs as ground truth."""

    slug: str
    """URL slug, unique across the site."""
    url: str
    """Absolute URL of the article page."""
    path: str
    """The page's path, `/YYYY/MM/DD/<slug>/`."""
    title: str
    """The headline."""
    standfirst: str
    """The one or two sentences under the headline (also the feed summary)."""
    paragraphs: list[str]
    """Body paragraphs, in order; nothing else on the page is the story."""
    author: str
    """The writer's name."""
    published: datetime
    """Publication time, aware (UTC), whole seconds."""
    section_slug: str
    """Slug of the primary section."""
    categories: list[str]
    """Slugs of every section the story is filed under, primary first."""
    reading_minutes: int
    """ceil(words / 230) over standfirst and body, at least 1."""
    also_read: list[tuple[str, str]]
    """(title, url) of the stories linked inline as "ALSO READ", in page order."""
    previous: tuple[str, str] | None
    """(title, url) of the next older story of the site; None for the oldest."""
    next: tuple[str, str] | None
    """(title, url) of the next newer story of the site; None for the newest."""
    post_id: int
    """The site's numeric post id (as in `?p=<id>`)."""
    guid: str
    """The feeds' id for the story: `<base>/?p=<id>`."""
    modified: datetime
    """Last modification time, aware (UTC); a few minutes after `published` at most."""
    section_name: str
    """Display name of the primary section."""
    tags: tuple[str, ...]
    """Tag names shown under the story."""
    word_count: int
    """Words of standfirst and body."""


@dataclass(frozen=True, slots=True)
class DemoResponse:
    """A rendered resource with what an HTTP server needs to send it."""

    status: int
    """HTTP status code: 200 or 404."""
    content_type: str
    """The Content-Type header value."""
    body: bytes
    """The encoded body."""
    last_modified: datetime | None = None
    """When the resource last changed; None when it has no useful date."""

    @property
    def etag(self) -> str | None:
        """A strong ETag for a 200 response (a hash of the body), else None."""
        if self.status != 200:
            return None
        return '"' + hashlib.sha256(self.body).hexdigest()[:24] + '"'


def _text(value: str) -> str:
    """Escape text for an HTML or XML text node."""
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    """Escape text for a double-quoted HTML or XML attribute."""
    return html.escape(value, quote=True)


def _long_date(when: datetime) -> str:
    """Format a date the way news sites print it: "November 11, 2023"."""
    return f"{when:%B} {when.day}, {when.year}"


def _iso(when: datetime) -> str:
    """Format a time as RFC 3339 with seconds."""
    return when.isoformat(timespec="seconds")


def _excerpt(text: str, limit: int = 120) -> str:
    """Shorten text to about `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—– ")
    return cut + "…"


class DemoSite:
    """The Lantern Post, rendered for a given base URL and a given "now".

    Stories are dated backwards from `now`, newest first and about 97 minutes apart, so
    the same `now` always gives the same site, byte for byte.

    Args:
        base_url: Where the site is served, e.g. "http://127.0.0.1:8000".
        now: The site's present; defaults to the current UTC time. Naive times are UTC.
    """

    def __init__(self, base_url: str, now: datetime | None = None) -> None:
        content = load_content()
        self._content: Content = content
        self.base_url: str = base_url.rstrip("/")
        """The site's root URL, without a trailing slash."""
        moment = now if now is not None else datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        self.now: datetime = moment.astimezone(UTC).replace(microsecond=0)
        """The site's present (UTC, whole seconds)."""
        self.name: str = content.site.name
        """The site's name."""
        self.tagline: str = content.site.tagline
        """The line under the logo."""
        self.site_feed_url: str = self.url(SITE_FEED_PATH)
        """Absolute URL of the RSS feed of all stories."""
        self.sections: list[DemoSection] = [
            DemoSection(
                name=info.name,
                slug=info.slug,
                feed_url=self.url(f"/category/{info.slug}/feed/"),
                feed_format=info.feed_format,
                url=self.url(f"/category/{info.slug}/"),
                description=info.description,
            )
            for info in content.sections
        ]
        """The categories, in menu order."""
        self.stories: list[DemoStory] = self._build_stories()
        """Every story, newest first."""
        self._by_slug = {story.slug: story for story in self.stories}
        self._rendered: dict[str, DemoResponse] = {}

    # -- queries ---------------------------------------------------------------------

    def url(self, path: str) -> str:
        """Return the absolute URL of a site path.

        Args:
            path: A path starting with "/".

        Returns:
            The base URL joined with the path.
        """
        return self.base_url + path

    def section(self, slug: str) -> DemoSection:
        """Return the section with this slug.

        Args:
            slug: A section slug, e.g. "world".

        Returns:
            The section.

        Raises:
            KeyError: No section has that slug.
        """
        for section in self.sections:
            if section.slug == slug:
                return section
        raise KeyError(slug)

    def section_stories(self, slug: str) -> list[DemoStory]:
        """Return the stories filed under a section, newest first (its feed's order).

        Args:
            slug: A section slug.

        Returns:
            The stories whose categories include the section.
        """
        return [story for story in self.stories if slug in story.categories]

    def story(self, slug: str) -> DemoStory | None:
        """Return the story with this slug, or None.

        Args:
            slug: A story slug.

        Returns:
            The story, if the site has one with that slug.
        """
        return self._by_slug.get(slug)

    # -- serving ---------------------------------------------------------------------

    def render(self, path: str) -> tuple[int, str, bytes]:
        """Render a path of the site.

        Args:
            path: The request target, e.g. "/category/world/feed/"; a query string or
                fragment is ignored.

        Returns:
            (status, content type, body): 200 for a page or feed of the site, 404 with an
            HTML page for anything else.
        """
        response = self.response(path)
        return response.status, response.content_type, response.body

    def response(self, path: str) -> DemoResponse:
        """Render a path of the site with its caching metadata.

        Args:
            path: The request target; a query string or fragment is ignored.

        Returns:
            The rendered response (cached: the same path renders once).
        """
        clean = unquote(urlsplit(path).path) or "/"
        cached = self._rendered.get(clean)
        if cached is None:
            cached = self._route(clean)
            self._rendered[clean] = cached
        return cached

    def _route(self, path: str) -> DemoResponse:
        """Pick the renderer for a clean path."""
        parts = [part for part in path.split("/") if part]
        if not parts:
            return self._html(self._home_page(), self.stories[0].modified)
        if parts == ["feed"]:
            return DemoResponse(200, RSS_TYPE, self._rss_feed(None), self._newest(self.stories))
        if parts[0] == "category" and len(parts) in (2, 3):
            section = next((s for s in self.sections if s.slug == parts[1]), None)
            if section is not None and len(parts) == 2:
                stories = self.section_stories(section.slug)
                return self._html(self._category_page(section), self._newest(stories))
            if section is not None and parts[2] == "feed":
                stories = self.section_stories(section.slug)
                if section.feed_format == "atom":
                    body, kind = self._atom_feed(section), ATOM_TYPE
                else:
                    body, kind = self._rss_feed(section), RSS_TYPE
                return DemoResponse(200, kind, body, self._newest(stories))
        if parts[0] == "tag" and len(parts) == 2:
            tagged = [s for s in self.stories if parts[1] in {slugify(t) for t in s.tags}]
            if tagged:
                name = next(t for t in tagged[0].tags if slugify(t) == parts[1])
                return self._html(
                    self._archive_page("Tag", name, "", path, tagged), self._newest(tagged)
                )
        if parts[0] == "author" and len(parts) == 2:
            author = next((a for a in self._content.authors if a.slug == parts[1]), None)
            if author is not None:
                written = [s for s in self.stories if s.author == author.name]
                return self._html(
                    self._archive_page("Author", author.name, author.role, path, written),
                    self._newest(written),
                )
        if len(parts) == 4 and all(part.isdigit() for part in parts[:3]):
            story = self._by_slug.get(parts[3])
            if story is not None and story.path == "/" + "/".join(parts) + "/":
                return self._html(self._article_page(story), story.modified)
        if len(parts) == 1:
            page = next((p for p in self._content.pages if p.slug == parts[0]), None)
            if page is not None:
                return self._html(self._fixed_page(page), self.stories[-1].published)
        return DemoResponse(404, HTML_TYPE, self._not_found_page())

    @staticmethod
    def _html(body: bytes, last_modified: datetime | None) -> DemoResponse:
        """Wrap a rendered page as a 200 response."""
        return DemoResponse(200, HTML_TYPE, body, last_modified)

    @staticmethod
    def _newest(stories: list[DemoStory]) -> datetime | None:
        """The latest modification time among stories."""
        return max((s.modified for s in stories), default=None)

    # -- building the stories --------------------------------------------------------

    def _build_stories(self) -> list[DemoStory]:
        """Date, place and link every story of the content."""
        content = self._content
        by_section: dict[str, list[StoryText]] = {s.slug: [] for s in content.sections}
        for text in content.stories:
            by_section[text.section].append(text)
        # Interleave the sections so every section has fresh and older stories.
        ordered: list[StoryText] = []
        depth = max(len(texts) for texts in by_section.values())
        for row in range(depth):
            for section in content.sections:
                texts = by_section[section.slug]
                if row < len(texts):
                    ordered.append(texts[row])

        count = len(ordered)
        section_names = {s.slug: s.name for s in content.sections}
        dated: list[tuple[StoryText, datetime, str]] = []
        for index, text in enumerate(ordered):
            minutes = index * STORY_SPACING_MINUTES + (index * 7) % 13 + 4
            published = self.now - timedelta(minutes=minutes)
            path = f"/{published:%Y/%m/%d}/{text.slug}/"
            dated.append((text, published, path))

        def link(index: int) -> tuple[str, str]:
            text, _, path = dated[index]
            return text.headline, self.url(path)

        stories: list[DemoStory] = []
        for index, (text, published, path) in enumerate(dated):
            words = len(text.standfirst.split()) + sum(len(p.split()) for p in text.paragraphs)
            also_count = 2 if len(text.paragraphs) >= 6 else 1
            also_read = [link((index + step) % count) for step in (5, 12)[:also_count]]
            post_id = 1200 + (count - index) * 17
            stories.append(
                DemoStory(
                    slug=text.slug,
                    url=self.url(path),
                    path=path,
                    title=text.headline,
                    standfirst=text.standfirst,
                    paragraphs=list(text.paragraphs),
                    author=text.author,
                    published=published,
                    section_slug=text.section,
                    categories=[text.section] + ([text.also_in] if text.also_in else []),
                    reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
                    also_read=also_read,
                    previous=link(index + 1) if index + 1 < count else None,
                    next=link(index - 1) if index > 0 else None,
                    post_id=post_id,
                    guid=self.url(f"/?p={post_id}"),
                    modified=published + timedelta(minutes=index % 4),
                    section_name=section_names[text.section],
                    tags=text.tags,
                    word_count=words,
                )
            )
        return stories

    # -- feeds -----------------------------------------------------------------------

    def _rss_feed(self, section: DemoSection | None) -> bytes:
        """Render the RSS 2.0 feed of a section, or of the whole site when None."""
        if section is None:
            stories, title = self.stories, self.name
            link, self_url = self.url("/"), self.site_feed_url
            description = self._content.site.description
        else:
            stories = self.section_stories(section.slug)
            title = f"{section.name} – {self.name}"
            link, self_url, description = section.url, section.feed_url, section.description
        names = {s.slug: s.name for s in self.sections}
        items: list[str] = []
        for story in stories:
            labels = [names[slug] for slug in story.categories] + list(story.tags)
            categories = "".join(f"\n\t\t<category>{_text(label)}</category>" for label in labels)
            items.append(
                "\t<item>\n"
                f"\t\t<title>{_text(story.title)}</title>\n"
                f"\t\t<link>{_text(story.url)}</link>\n"
                f"\t\t<comments>{_text(story.url)}#respond</comments>\n"
                f"\t\t<dc:creator>{_text(story.author)}</dc:creator>\n"
                f"\t\t<pubDate>{format_datetime(story.published)}</pubDate>"
                f"{categories}\n"
                f'\t\t<guid isPermaLink="false">{_text(story.guid)}</guid>\n'
                f"\t\t<description>{_text(story.standfirst)}</description>\n"
                "\t</item>\n"
            )
        built = self._newest(stories) or self.now
        document = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
            '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n'
            "<channel>\n"
            f"\t<title>{_text(title)}</title>\n"
            f'\t<atom:link href="{_attr(self_url)}" rel="self" type="application/rss+xml" />\n'
            f"\t<link>{_text(link)}</link>\n"
            f"\t<description>{_text(description)}</description>\n"
            f"\t<lastBuildDate>{format_datetime(built)}</lastBuildDate>\n"
            "\t<language>en-US</language>\n"
            f"\t<ttl>{FEED_TTL_MINUTES}</ttl>\n"
            "\t<sy:updatePeriod>hourly</sy:updatePeriod>\n"
            "\t<sy:updateFrequency>1</sy:updateFrequency>\n"
            + "".join(items)
            + "</channel>\n</rss>\n"
        )
        return document.encode("utf-8")

    def _atom_feed(self, section: DemoSection) -> bytes:
        """Render the Atom 1.0 feed of a section."""
        stories = self.section_stories(section.slug)
        names = {s.slug: s.name for s in self.sections}
        entries: list[str] = []
        for story in stories:
            author = self._content.author(story.author)
            categories = "".join(
                f'\n\t\t<category scheme="{_attr(self.url("/"))}" term="{_attr(label)}" />'
                for label in [names[slug] for slug in story.categories] + list(story.tags)
            )
            summary = "<p>" + _text(story.standfirst) + "</p>"
            entries.append(
                "\t<entry>\n"
                "\t\t<author>\n"
                f"\t\t\t<name>{_text(story.author)}</name>\n"
                f"\t\t\t<uri>{_text(self.url(f'/author/{author.slug}/'))}</uri>\n"
                "\t\t</author>\n"
                f'\t\t<title type="text">{_text(story.title)}</title>\n'
                f'\t\t<link rel="alternate" type="text/html" href="{_attr(story.url)}" />\n'
                f"\t\t<id>{_text(story.guid)}</id>\n"
                f"\t\t<updated>{_iso(story.modified)}</updated>\n"
                f"\t\t<published>{_iso(story.published)}</published>"
                f"{categories}\n"
                f'\t\t<summary type="html">{_text(summary)}</summary>\n'
                "\t</entry>\n"
            )
        updated = self._newest(stories) or self.now
        document = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">\n'
            f'\t<title type="text">{_text(section.name)} – {_text(self.name)}</title>\n'
            f'\t<subtitle type="text">{_text(section.description)}</subtitle>\n'
            f"\t<updated>{_iso(updated)}</updated>\n"
            f'\t<link rel="alternate" type="text/html" href="{_attr(section.url)}" />\n'
            f"\t<id>{_text(section.feed_url)}</id>\n"
            f'\t<link rel="self" type="application/atom+xml" href="{_attr(section.feed_url)}" />\n'
            + "".join(entries)
            + "</feed>\n"
        )
        return document.encode("utf-8")

    # -- page pieces -----------------------------------------------------------------

    def _menu(self, current: str) -> str:
        """The primary menu; `current` is the path of the page being shown."""
        items = [("Home", "/")] + [(s.name, f"/category/{s.slug}/") for s in self.sections]
        items += [("About", "/about/"), ("Contact", "/contact/")]
        lines = []
        for number, (label, path) in enumerate(items, start=1):
            classes = f"menu-item menu-item-{40 + number}"
            if path.startswith("/category/"):
                classes += " menu-item-type-taxonomy menu-item-object-category"
            if path == current:
                classes += " current-menu-item"
            lines.append(
                f'<li id="menu-item-{40 + number}" class="{classes}">'
                f'<a href="{_attr(self.url(path))}">{_text(label)}</a></li>'
            )
        return "\n".join(lines)

    def _search_form(self) -> str:
        """The theme's search form."""
        return (
            f'<form role="search" method="get" class="search-form" '
            f'action="{_attr(self.url("/"))}">\n'
            '<label><span class="screen-reader-text">Search for:</span>'
            '<input type="search" class="search-field" placeholder="Search &hellip;" '
            'value="" name="s"></label>\n'
            '<button type="submit" class="search-submit">Search</button>\n</form>'
        )

    def _header(self, current: str) -> str:
        """Top bar, masthead, menu and breaking-news ticker."""
        today = self.now
        ticker = "\n".join(
            f'<li class="ticker-item"><a href="{_attr(s.url)}">{_text(s.title)}</a></li>'
            for s in self.stories[:5]
        )
        return f"""<div class="top-bar">
<div class="container">
<span class="top-bar-date">{_DAY_NAMES[today.weekday()]}, {_long_date(today)}</span>
<ul class="top-bar-links">
<li><a href="{_attr(self.url("/about/"))}">About Us</a></li>
<li><a href="{_attr(self.url("/advertise/"))}">Advertise</a></li>
<li><a href="{_attr(self.url("/contact/"))}">Contact</a></li>
</ul>
<ul class="top-bar-social social-links">
<li><a href="#" class="social-facebook" aria-label="Facebook">Facebook</a></li>
<li><a href="#" class="social-x" aria-label="X">X</a></li>
<li><a href="#" class="social-instagram" aria-label="Instagram">Instagram</a></li>
<li><a href="#" class="social-youtube" aria-label="YouTube">YouTube</a></li>
</ul>
</div>
</div>
<header id="masthead" class="site-header">
<div class="container header-inner">
<div class="site-branding">
<p class="site-title"><a href="{_attr(self.url("/"))}" rel="home">{_text(self.name)}</a></p>
<p class="site-description">{_text(self.tagline)}</p>
</div>
<div class="header-ad lantern-ad" aria-hidden="true">
<span class="ad-label">Advertisement</span>
<div class="ad-slot ad-slot--leaderboard" data-slot="header-leaderboard"></div>
</div>
</div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary menu">
<div class="container nav-inner">
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<ul id="primary-menu" class="menu">
{self._menu(current)}
</ul>
{self._search_form()}
</div>
</nav>
</header>
<div class="breaking-news-ticker" role="region" aria-label="Breaking news">
<div class="container ticker-inner">
<span class="ticker-label">Breaking News</span>
<ul class="ticker-items">
{ticker}
</ul>
</div>
</div>"""

    def _sidebar(self, exclude: str = "") -> str:
        """The sidebar: trending list, newsletter signup, adverts, sections."""
        picks = [self.stories[i] for i in (3, 8, 14, 20, 27, 31) if i < len(self.stories)]
        trending = "\n".join(
            f'<li><span class="trending-rank">{rank}</span>'
            f'<a href="{_attr(s.url)}">{_text(s.title)}</a></li>'
            for rank, s in enumerate([p for p in picks if p.slug != exclude][:5], start=1)
        )
        categories = "\n".join(
            f'<li class="cat-item cat-item-{12 + n}"><a href="{_attr(s.url)}">'
            f"{_text(s.name)}</a> ({len(self.section_stories(s.slug))})</li>"
            for n, s in enumerate(self.sections)
        )
        privacy = self.url("/privacy-policy/")
        return f"""<aside id="secondary" class="widget-area" aria-label="Sidebar">
<section id="lantern-trending-2" class="widget widget_lantern_trending">
<h2 class="widget-title">Trending Now</h2>
<ol class="trending-list">
{trending}
</ol>
</section>
<section id="lantern-newsletter-2" class="widget widget_lantern_newsletter">
<h2 class="widget-title">The Lantern Briefing</h2>
<p>Get the day's most important stories in your inbox every morning. Free, and you can
unsubscribe at any time.</p>
<form class="newsletter-form" action="#" method="post">
<label for="newsletter-email" class="screen-reader-text">Email address</label>
<input id="newsletter-email" type="email" name="email" placeholder="Your email address" required>
<button type="submit">Subscribe</button>
</form>
<p class="newsletter-small">By subscribing you agree to our
<a href="{_attr(privacy)}">Privacy Policy</a>.</p>
</section>
<section id="lantern-ad-3" class="widget widget_lantern_ad lantern-ad" aria-hidden="true">
<span class="ad-label">Advertisement</span>
<div class="ad-slot ad-slot--mpu" data-slot="sidebar-mpu-1"></div>
</section>
<section id="categories-2" class="widget widget_categories">
<h2 class="widget-title">Sections</h2>
<ul>
{categories}
</ul>
</section>
<section id="lantern-follow-2" class="widget widget_lantern_follow">
<h2 class="widget-title">Follow Us</h2>
<ul class="social-links">
<li><a href="#" class="social-facebook">Facebook</a></li>
<li><a href="#" class="social-x">X</a></li>
<li><a href="#" class="social-instagram">Instagram</a></li>
<li><a href="#" class="social-youtube">YouTube</a></li>
</ul>
</section>
<section id="lantern-ad-4" class="widget widget_lantern_ad lantern-ad" aria-hidden="true">
<span class="ad-label">Advertisement</span>
<div class="ad-slot ad-slot--halfpage" data-slot="sidebar-halfpage"></div>
</section>
</aside>"""

    def _footer(self) -> str:
        """Footer widgets, copyright line, "Go to Top" and the cookie notice."""
        sections = "\n".join(
            f'<li><a href="{_attr(s.url)}">{_text(s.name)}</a></li>' for s in self.sections
        )
        latest = "\n".join(
            f'<li><a href="{_attr(s.url)}">{_text(s.title)}</a></li>' for s in self.stories[:4]
        )
        company = "\n".join(
            f'<li><a href="{_attr(self.url(f"/{p.slug}/"))}">{_text(p.title)}</a></li>'
            for p in self._content.pages
        )
        return f"""<footer id="colophon" class="site-footer">
<div class="container footer-widgets">
<section class="footer-widget">
<h2 class="widget-title">About {_text(self.name)}</h2>
<p>{_text(self._content.site.description)} We are independent, reader-funded and proud of
it.</p>
</section>
<section class="footer-widget">
<h2 class="widget-title">Sections</h2>
<ul class="menu">
{sections}
</ul>
</section>
<section class="footer-widget">
<h2 class="widget-title">Company</h2>
<ul class="menu">
{company}
</ul>
</section>
<section class="footer-widget">
<h2 class="widget-title">Latest Stories</h2>
<ul class="menu">
{latest}
</ul>
</section>
</div>
<div class="site-info">
<div class="container site-info-inner">
<p class="copyright">&copy; {self.now.year} {_text(self.name)}. All rights reserved.</p>
<nav class="footer-navigation" aria-label="Footer menu">
<ul class="menu">
<li><a href="{_attr(self.url("/"))}">Home</a></li>
<li><a href="{_attr(self.url("/about/"))}">About</a></li>
<li><a href="{_attr(self.url("/contact/"))}">Contact</a></li>
<li><a href="{_attr(self.url("/privacy-policy/"))}">Privacy Policy</a></li>
<li><a href="{_attr(self.url("/terms-of-use/"))}">Terms of Use</a></li>
</ul>
</nav>
<a href="#page" id="go-to-top" class="go-to-top" aria-label="Go to Top">Go to Top</a>
</div>
</div>
</footer>
</div><!-- #page -->
<div id="cookie-notice" role="dialog" class="cookie-notice" aria-label="Cookie Notice">
<div class="cookie-notice-container">
<span id="cn-notice-text" class="cn-text-container">We use cookies to ensure that we give you
the best experience on our website. If you continue to use this site we will assume that you
are happy with it.</span>
<span id="cn-notice-buttons" class="cn-buttons-container">
<a href="#" id="cn-accept-cookie" class="cn-set-cookie cn-button">Ok</a>
<a href="{_attr(self.url("/privacy-policy/"))}" id="cn-more-info"
class="cn-more-info cn-button">Privacy policy</a>
</span>
</div>
</div>
<script>{_SCRIPT}</script>"""

    def _document(
        self,
        *,
        title: str,
        description: str,
        canonical: str,
        body_class: str,
        main: str,
        current: str = "",
        breadcrumb: list[tuple[str, str]] | None = None,
        head_extra: str = "",
        exclude: str = "",
    ) -> bytes:
        """Lay out a full page around its main column."""
        crumbs = ""
        if breadcrumb:
            items = []
            for label, url in breadcrumb:
                if url:
                    items.append(f'<li><a href="{_attr(url)}">{_text(label)}</a></li>')
                else:
                    items.append(f'<li aria-current="page">{_text(label)}</li>')
            crumbs = (
                '<nav class="breadcrumbs" aria-label="Breadcrumbs">\n'
                '<ol class="breadcrumb-trail">\n' + "\n".join(items) + "\n</ol>\n</nav>"
            )
        canonical_link = f'<link rel="canonical" href="{_attr(canonical)}">\n' if canonical else ""
        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_text(title)}</title>
<meta name="description" content="{_attr(description)}">
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1">
{canonical_link}<link rel="icon" href="data:,">
<link rel="alternate" type="application/rss+xml" title="{_attr(self.name)} &raquo; Feed" \
href="{_attr(self.site_feed_url)}">
{head_extra}
<style id="lantern-theme-inline-css">{_STYLE}</style>
</head>
<body class="{_attr(body_class)}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
{self._header(current)}
<div id="content" class="site-content">
<div class="container">
{crumbs}
<div class="content-wrap">
<div id="primary" class="content-area">
{main}
</div>
{self._sidebar(exclude)}
</div>
</div>
</div>
{self._footer()}
</body>
</html>
"""
        return page.encode("utf-8")

    def _feed_link(self, section: DemoSection) -> str:
        """The `<link rel="alternate">` of a category feed."""
        kind = "application/atom+xml" if section.feed_format == "atom" else "application/rss+xml"
        return (
            f'<link rel="alternate" type="{kind}" '
            f'title="{_attr(self.name)} &raquo; {_attr(section.name)} Category Feed" '
            f'href="{_attr(section.feed_url)}">'
        )

    def _card(self, story: DemoStory, heading: str = "h2") -> str:
        """A headline with its excerpt and meta, as listed on home and archive pages."""
        section = self.section(story.section_slug)
        return f"""<article id="post-{story.post_id}" class="post-{story.post_id} post \
type-post status-publish hentry category-{story.section_slug} post-card">
<span class="cat-label"><a href="{_attr(section.url)}">{_text(section.name)}</a></span>
<{heading} class="entry-title"><a href="{_attr(story.url)}" rel="bookmark">\
{_text(story.title)}</a></{heading}>
<div class="entry-meta"><span class="byline">By {_text(story.author)}</span>
<span class="meta-sep">&middot;</span>
<time class="entry-date published" datetime="{_iso(story.published)}">\
{_long_date(story.published)}</time>
<span class="meta-sep">&middot;</span>
<span class="reading-time">{story.reading_minutes} min read</span></div>
<div class="entry-summary"><p>{_text(story.standfirst)}</p></div>
<a class="more-link" href="{_attr(story.url)}">Read More<span class="screen-reader-text"> \
&ldquo;{_text(story.title)}&rdquo;</span></a>
</article>"""

    # -- pages -----------------------------------------------------------------------

    def _home_page(self) -> bytes:
        """The front page: a featured story, the latest list and one block per section."""
        lead = self.stories[0]
        side = "\n".join(
            f'<li><a href="{_attr(s.url)}">{_text(s.title)}</a>'
            f'<time datetime="{_iso(s.published)}">{_long_date(s.published)}</time></li>'
            for s in self.stories[1:6]
        )
        blocks = []
        for section in self.sections:
            cards = "\n".join(self._card(s, "h3") for s in self.section_stories(section.slug)[:4])
            blocks.append(f"""<section class="home-section home-section--{section.slug}">
<h2 class="section-title"><a href="{_attr(section.url)}">{_text(section.name)}</a></h2>
<div class="section-posts">
{cards}
</div>
<a class="view-all" href="{_attr(section.url)}">More {_text(section.name)}</a>
</section>""")
        main = f"""<main id="main" class="site-main home-main">
<h1 class="screen-reader-text">{_text(self.name)}</h1>
<section class="featured-block">
<div class="featured-post">
{self._card(lead)}
</div>
<div class="featured-side">
<h2 class="block-title">Latest News</h2>
<ul class="latest-news-list">
{side}
</ul>
</div>
</section>
{chr(10).join(blocks)}
</main>"""
        description = self._content.site.description
        head = "\n".join(self._feed_link(s) for s in self.sections)
        head += f"""
<meta property="og:type" content="website">
<meta property="og:title" content="{_attr(self.name)}">
<meta property="og:description" content="{_attr(description)}">
<meta property="og:url" content="{_attr(self.url("/"))}">
<meta property="og:site_name" content="{_attr(self.name)}">"""
        return self._document(
            title=f"{self.name} – {self.tagline}",
            description=description,
            canonical=self.url("/"),
            body_class="home blog wp-custom-logo",
            main=main,
            current="/",
            head_extra=head,
        )

    def _category_page(self, section: DemoSection) -> bytes:
        """A category archive: every story filed under the section."""
        stories = self.section_stories(section.slug)
        cards = "\n".join(self._card(story) for story in stories)
        main = f"""<main id="main" class="site-main archive-main">
<header class="page-header">
<h1 class="page-title">Category: <span>{_text(section.name)}</span></h1>
<div class="archive-description"><p>{_text(section.description)}</p></div>
</header>
{cards}
<nav class="navigation pagination" aria-label="Posts pagination">
<h2 class="screen-reader-text">Posts pagination</h2>
<div class="nav-links"><span aria-current="page" class="page-numbers current">1</span></div>
</nav>
</main>"""
        head = (
            self._feed_link(section)
            + f"""
<meta property="og:type" content="website">
<meta property="og:title" content="{_attr(section.name)} – {_attr(self.name)}">
<meta property="og:description" content="{_attr(section.description)}">
<meta property="og:url" content="{_attr(section.url)}">
<meta property="og:site_name" content="{_attr(self.name)}">"""
        )
        return self._document(
            title=f"{section.name} – {self.name}",
            description=section.description,
            canonical=section.url,
            body_class=f"archive category category-{section.slug}",
            main=main,
            current=f"/category/{section.slug}/",
            breadcrumb=[("Home", self.url("/")), (section.name, "")],
            head_extra=head,
        )

    def _archive_page(
        self, kind: str, name: str, note: str, path: str, stories: list[DemoStory]
    ) -> bytes:
        """A tag or author archive."""
        cards = "\n".join(self._card(story) for story in stories)
        described = f'<div class="archive-description"><p>{_text(note)}</p></div>' if note else ""
        main = f"""<main id="main" class="site-main archive-main">
<header class="page-header">
<h1 class="page-title">{_text(kind)}: <span>{_text(name)}</span></h1>
{described}
</header>
{cards}
</main>"""
        return self._document(
            title=f"{name} – {self.name}",
            description=f"{kind}: {name}",
            canonical=self.url(path.rstrip("/") + "/"),
            body_class=f"archive {kind.lower()}",
            main=main,
            breadcrumb=[("Home", self.url("/")), (name, "")],
        )

    def _fixed_page(self, page: PageText) -> bytes:
        """A fixed page such as "About Us"."""
        paragraphs = "\n".join(f"<p>{_text(p)}</p>" for p in page.paragraphs)
        main = f"""<main id="main" class="site-main">
<article id="page-{page.slug}" class="page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{_text(page.title)}</h1></header>
<div class="entry-content">
{paragraphs}
</div>
</article>
</main>"""
        return self._document(
            title=f"{page.title} – {self.name}",
            description=page.paragraphs[0],
            canonical=self.url(f"/{page.slug}/"),
            body_class=f"page-template-default page page-{page.slug}",
            main=main,
            current=f"/{page.slug}/",
            breadcrumb=[("Home", self.url("/")), (page.title, "")],
        )

    def _not_found_page(self) -> bytes:
        """The 404 page."""
        latest = "\n".join(
            f'<li><a href="{_attr(s.url)}">{_text(s.title)}</a></li>' for s in self.stories[:5]
        )
        main = f"""<main id="main" class="site-main">
<section class="error-404 not-found">
<header class="page-header">
<h1 class="page-title">Oops! That page can&rsquo;t be found.</h1>
</header>
<div class="page-content">
<p>It looks like nothing was found at this location. Maybe try one of the links below or a
search?</p>
{self._search_form()}
<h2 class="widget-title">Most Recent Stories</h2>
<ul>
{latest}
</ul>
</div>
</section>
</main>"""
        return self._document(
            title=f"Page not found – {self.name}",
            description="Page not found",
            canonical="",
            body_class="error404",
            main=main,
        )

    def _article_page(self, story: DemoStory) -> bytes:
        """An article page, shaped like a WordPress news theme's single post."""
        index = self.stories.index(story)
        section = self.section(story.section_slug)
        author = self._content.author(story.author)
        author_url = self.url(f"/author/{author.slug}/")
        tags = story.tags
        modified = story.modified

        labels = " ".join(
            f'<a href="{_attr(self.section(slug).url)}" rel="category tag">'
            f"{_text(self.section(slug).name)}</a>"
            for slug in story.categories
        )
        if index % 3 == 2:
            standfirst = f'<h2 class="entry-subtitle">{_text(story.standfirst)}</h2>'
        else:
            standfirst = (
                f'<p class="entry-standfirst"><strong>{_text(story.standfirst)}</strong></p>'
            )
        shared = quote(story.url, safe="")
        subject = quote(story.title, safe="")
        share = f"""<div class="share-bar" aria-label="Share this story">
<span class="share-label">Share</span>
<a class="share-link share-facebook" href="https://www.facebook.com/sharer/sharer.php?u=\
{shared}" target="_blank" rel="nofollow noopener">Share on Facebook</a>
<a class="share-link share-x" href="https://twitter.com/intent/tweet?text={subject}&amp;url=\
{shared}" target="_blank" rel="nofollow noopener">Share on X</a>
<a class="share-link share-whatsapp" href="https://api.whatsapp.com/send?text={subject}%20\
{shared}" target="_blank" rel="nofollow noopener">Share on WhatsApp</a>
<a class="share-link share-email" href="mailto:?subject={subject}&amp;body={shared}">\
Share by Email</a>
</div>"""

        body = self._article_body(story, index)
        tag_links = ", ".join(
            f'<a href="{_attr(self.url(f"/tag/{slugify(tag)}/"))}" rel="tag">{_text(tag)}</a>'
            for tag in tags
        )
        post_class = " ".join(
            [
                f"post-{story.post_id}",
                "post",
                "type-post",
                "status-publish",
                "format-standard",
                "hentry",
            ]
            + [f"category-{slug}" for slug in story.categories]
            + [f"tag-{slugify(tag)}" for tag in tags]
        )

        navigation = self._post_navigation(story)
        latest = self._latest_block(story)
        dont_miss = self._dont_miss_block(story)
        comments = self._comments(story)

        main = f"""<main id="main" class="site-main">
<article id="post-{story.post_id}" class="{post_class}">
<header class="entry-header">
<div class="entry-categories"><span class="cat-links">{labels}</span></div>
<div class="entry-meta">
<span class="posted-on"><time class="entry-date published" datetime="{_iso(story.published)}">\
{_long_date(story.published)}</time><time class="updated" datetime="{_iso(modified)}">\
{_long_date(modified)}</time></span>
<span class="meta-sep">&middot;</span>
<span class="reading-time">{story.reading_minutes} min read</span>
</div>
<h1 class="entry-title">{_text(story.title)}</h1>
{standfirst}
<div class="entry-byline">
<span class="byline">By <span class="author vcard"><a class="url fn n" \
href="{_attr(author_url)}">{_text(author.name)}</a></span></span>
<span class="author-role">{_text(author.role)}</span>
</div>
{share}
</header>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer">
<div class="tags-links"><span class="tags-title">Tags:</span> {tag_links}</div>
</footer>
<div class="author-box">
<h2 class="author-box-title">About the author</h2>
<p class="author-box-name"><a href="{_attr(author_url)}">{_text(author.name)}</a></p>
<p class="author-box-bio">{_text(author.name)} is {_text(self.name)}&rsquo;s \
{_text(author.role)}. Read more stories by {_text(author.name)}.</p>
</div>
</article>
{navigation}
{latest}
{dont_miss}
{comments}
</main>"""

        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": story.url},
            "headline": story.title,
            "description": story.standfirst,
            "datePublished": _iso(story.published),
            "dateModified": _iso(modified),
            "author": {"@type": "Person", "name": author.name, "url": author_url},
            "publisher": {"@type": "Organization", "name": self.name, "url": self.url("/")},
            "articleSection": section.name,
            "keywords": list(tags),
            "wordCount": story.word_count,
            "inLanguage": "en-US",
        }
        ld_text = json.dumps(ld, ensure_ascii=False, indent=None).replace("</", "<\\/")
        tag_meta = "\n".join(
            f'<meta property="article:tag" content="{_attr(tag)}">' for tag in tags
        )
        head = f"""{self._feed_link(section)}
<link rel="shortlink" href="{_attr(story.guid)}">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{_attr(story.title)}">
<meta property="og:description" content="{_attr(story.standfirst)}">
<meta property="og:url" content="{_attr(story.url)}">
<meta property="og:site_name" content="{_attr(self.name)}">
<meta property="article:published_time" content="{_iso(story.published)}">
<meta property="article:modified_time" content="{_iso(modified)}">
<meta property="article:section" content="{_attr(section.name)}">
{tag_meta}
<meta name="author" content="{_attr(author.name)}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{_attr(story.title)}">
<meta name="twitter:description" content="{_attr(story.standfirst)}">
<script type="application/ld+json">{ld_text}</script>"""
        return self._document(
            title=f"{story.title} – {self.name}",
            description=story.standfirst,
            canonical=story.url,
            body_class=f"post-template-default single single-post postid-{story.post_id} "
            "single-format-standard",
            main=main,
            breadcrumb=[("Home", self.url("/")), (section.name, section.url), (story.title, "")],
            head_extra=head,
            exclude=story.slug,
        )

    def _article_body(self, story: DemoStory, index: int) -> str:
        """The entry content: paragraphs with ALSO READ lines and an in-article advert."""
        also = list(story.also_read)
        # The lines go after the 2nd and the 4th paragraph; the advert after the 3rd.
        slots = {1: 0, 3: 1}
        parts: list[str] = []
        for number, paragraph in enumerate(story.paragraphs):
            parts.append(f"<p>{_text(paragraph)}</p>")
            slot = slots.get(number)
            if slot is not None and slot < len(also):
                title, url = also[slot]
                parts.append(self._also_read_line(title, url, index + slot))
            if number == 2 and len(story.paragraphs) >= 5:
                parts.append(
                    '<div class="lantern-ad lantern-ad--inline" aria-hidden="true">'
                    '<span class="ad-label">Advertisement</span>'
                    '<div class="ad-slot" data-slot="in-article-1"></div></div>'
                )
        return "\n".join(parts)

    @staticmethod
    def _also_read_line(title: str, url: str, variant: int) -> str:
        """One inline "ALSO READ" link, in one of the forms news sites use."""
        link = f'<a href="{_attr(url)}">{_text(title)}</a>'
        if variant % 3 == 0:
            return f"<p><strong>ALSO READ-{link}</strong></p>"
        if variant % 3 == 1:
            return f"<p><strong>ALSO READ: {link}</strong></p>"
        return f'<p class="also-read"><strong>ALSO READ: </strong>{link}</p>'

    @staticmethod
    def _post_navigation(story: DemoStory) -> str:
        """WordPress post navigation: "Previous Story" (older) / "Next Story" (newer)."""
        links = []
        if story.previous is not None:
            title, url = story.previous
            links.append(
                f'<div class="nav-previous"><a href="{_attr(url)}" rel="prev">'
                f'<span class="meta-nav">Previous Story</span>'
                f'<span class="post-title">{_text(title)}</span></a></div>'
            )
        if story.next is not None:
            title, url = story.next
            links.append(
                f'<div class="nav-next"><a href="{_attr(url)}" rel="next">'
                f'<span class="meta-nav">Next Story</span>'
                f'<span class="post-title">{_text(title)}</span></a></div>'
            )
        return (
            '<nav class="navigation post-navigation" aria-label="Posts">\n'
            '<h2 class="screen-reader-text">Post navigation</h2>\n'
            f'<div class="nav-links">{"".join(links)}</div>\n</nav>'
        )

    def latest_for(self, story: DemoStory) -> list[DemoStory]:
        """The stories of the "Latest from <Section>" block of a story's page.

        Args:
            story: A story of the site.

        Returns:
            The newest other stories of its primary section, newest first.
        """
        others = [s for s in self.section_stories(story.section_slug) if s.slug != story.slug]
        return others[:LATEST_COUNT]

    def dont_miss_for(self, story: DemoStory) -> list[DemoStory]:
        """The stories of the "Don't Miss" block of a story's page.

        Args:
            story: A story of the site.

        Returns:
            For each section the story is not filed under, in menu order, the newest story
            of that section that shares no section with this one.
        """
        picks = []
        for section in self.sections:
            if section.slug in story.categories:
                continue
            pick = next(
                (
                    s
                    for s in self.stories
                    if s.section_slug == section.slug
                    and not set(s.categories) & set(story.categories)
                ),
                None,
            )
            if pick is not None:
                picks.append(pick)
        return picks[:DONT_MISS_COUNT]

    def _latest_block(self, story: DemoStory) -> str:
        """The "Latest from <Section>" block."""
        items = "\n".join(
            f'<li class="latest-post"><a class="latest-post-title" href="{_attr(s.url)}">'
            f'{_text(s.title)}</a><p class="latest-post-excerpt">{_text(_excerpt(s.standfirst))}'
            "</p></li>"
            for s in self.latest_for(story)
        )
        return f"""<section class="latest-from-section related-posts" \
aria-labelledby="latest-from-title">
<h2 id="latest-from-title" class="block-title">Latest from {_text(story.section_name)}</h2>
<ul class="latest-posts">
{items}
</ul>
</section>"""

    def _dont_miss_block(self, story: DemoStory) -> str:
        """The "Don't Miss" block."""
        cards = "\n".join(
            f'<article class="dont-miss-post"><span class="cat-label">'
            f'<a href="{_attr(self.section(s.section_slug).url)}">{_text(s.section_name)}</a>'
            f'</span><h3 class="dont-miss-post-title"><a href="{_attr(s.url)}">'
            f"{_text(s.title)}</a></h3>"
            f'<time datetime="{_iso(s.published)}">{_long_date(s.published)}</time></article>'
            for s in self.dont_miss_for(story)
        )
        return f"""<section class="dont-miss" aria-labelledby="dont-miss-title">
<h2 id="dont-miss-title" class="block-title">Don't Miss</h2>
<div class="dont-miss-posts">
{cards}
</div>
</section>"""

    def _comments(self, story: DemoStory) -> str:
        """The comment form."""
        return f"""<div id="comments" class="comments-area">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" \
id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply</a></small></h3>
<form action="{_attr(self.url("/comments/post/"))}" method="post" id="commentform" \
class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">Your email address will not be published.\
</span> <span class="required-field-message">Required fields are marked \
<span class="required">*</span></span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span>\
</label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" \
required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> \
<input id="author" name="author" type="text" value="" size="30" maxlength="245" \
autocomplete="name" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> \
<input id="email" name="email" type="email" value="" size="30" maxlength="100" \
aria-describedby="email-notes" autocomplete="email" required></p>
<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" \
type="url" value="" size="30" maxlength="200" autocomplete="url"></p>
<p class="comment-form-cookies-consent"><input id="comment-cookies-consent" \
name="comment-cookies-consent" type="checkbox" value="yes"> <label \
for="comment-cookies-consent">Save my name, email, and website in this browser for the next \
time I comment.</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" \
value="Post Comment"> <input type="hidden" name="comment_post_ID" value="{story.post_id}" \
id="comment_post_ID"> <input type="hidden" name="comment_parent" id="comment_parent" \
value="0"></p>
</form>
</div>
</div>"""


# The theme's styles, inline so the demo looks right in a browser with no other requests.
_STYLE = """
:root{--lantern-accent:#c8102e;--lantern-ink:#1d1d1f;--lantern-muted:#6b6b70;
--lantern-rule:#e4e4e7;--lantern-paper:#ffffff;--lantern-wash:#f6f5f2;
--lantern-serif:Georgia,"Times New Roman",serif;
--lantern-sans:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
*,*::before,*::after{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--lantern-wash);color:var(--lantern-ink);
font:16px/1.6 var(--lantern-sans);-webkit-font-smoothing:antialiased}
a{color:inherit;text-decoration:none}
a:hover,a:focus{color:var(--lantern-accent)}
.screen-reader-text{border:0;clip:rect(1px,1px,1px,1px);clip-path:inset(50%);height:1px;
margin:-1px;overflow:hidden;padding:0;position:absolute!important;width:1px;
word-wrap:normal!important}
.skip-link:focus{clip:auto;clip-path:none;height:auto;width:auto;left:8px;top:8px;
z-index:100000;background:#fff;padding:12px 20px}
.container{max-width:1200px;margin:0 auto;padding:0 20px}
.top-bar{background:#111;color:#ddd;font-size:13px}
.top-bar .container{display:flex;gap:24px;align-items:center;min-height:36px}
.top-bar ul{list-style:none;margin:0;padding:0;display:flex;gap:16px}
.top-bar-social{margin-left:auto!important}
.site-header{background:var(--lantern-paper);border-bottom:1px solid var(--lantern-rule)}
.header-inner{display:flex;align-items:center;justify-content:space-between;padding:24px 20px}
.site-title{margin:0;font:700 42px/1.1 var(--lantern-serif);letter-spacing:-.5px}
.site-description{margin:4px 0 0;color:var(--lantern-muted);font-style:italic}
.lantern-ad{background:repeating-linear-gradient(45deg,#f2f2f2,#f2f2f2 10px,#ececec 10px,
#ececec 20px);border:1px dashed #d0d0d0;color:#9a9a9a;text-align:center;font-size:11px;
text-transform:uppercase;letter-spacing:1px}
.header-ad{width:728px;max-width:50%;height:90px;display:flex;flex-direction:column;
justify-content:center}
.main-navigation{background:var(--lantern-ink);color:#fff}
.nav-inner{display:flex;align-items:center;gap:16px}
.main-navigation ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap}
.main-navigation li a{display:block;padding:14px 16px;font-weight:600;font-size:14px;
text-transform:uppercase;letter-spacing:.5px}
.main-navigation .current-menu-item>a{background:var(--lantern-accent);color:#fff}
.menu-toggle{display:none}
.search-form{margin-left:auto;display:flex;gap:6px}
.search-field{padding:6px 10px;border:1px solid #444;background:#2a2a2d;color:#fff;
border-radius:3px}
.search-submit{padding:6px 12px;border:0;background:var(--lantern-accent);color:#fff;
border-radius:3px;cursor:pointer}
.breaking-news-ticker{background:#fff;border-bottom:1px solid var(--lantern-rule);
font-size:14px;overflow:hidden}
.ticker-inner{display:flex;align-items:center;gap:16px;min-height:42px}
.ticker-label{background:var(--lantern-accent);color:#fff;font-weight:700;padding:4px 10px;
text-transform:uppercase;font-size:12px;white-space:nowrap}
.ticker-items{list-style:none;margin:0;padding:0;display:flex;gap:32px;white-space:nowrap;
overflow:hidden}
.breadcrumbs{font-size:13px;color:var(--lantern-muted);margin:18px 0 0}
.breadcrumb-trail{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap}
.breadcrumb-trail li+li::before{content:"\\203A";margin:0 8px}
.content-wrap{display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:40px;
padding:24px 0 48px}
.content-area{background:var(--lantern-paper);padding:32px;border-radius:4px}
.cat-label a,.cat-links a{display:inline-block;background:var(--lantern-accent);color:#fff;
font-size:12px;font-weight:700;text-transform:uppercase;padding:3px 8px;border-radius:2px;
margin-right:6px}
.entry-meta{color:var(--lantern-muted);font-size:14px;margin:10px 0}
.entry-meta .meta-sep{margin:0 6px}
.entry-meta .updated{display:none}
.entry-title{font:700 40px/1.15 var(--lantern-serif);margin:8px 0 16px}
.entry-standfirst,.entry-subtitle{font:italic 400 21px/1.45 var(--lantern-serif);
color:#333;margin:0 0 18px}
.entry-byline{font-size:14px;border-top:1px solid var(--lantern-rule);
border-bottom:1px solid var(--lantern-rule);padding:10px 0;display:flex;gap:10px}
.entry-byline .author a{font-weight:700}
.author-role{color:var(--lantern-muted)}
.share-bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:16px 0 24px;
font-size:13px}
.share-label{font-weight:700;text-transform:uppercase;margin-right:4px}
.share-link{padding:6px 12px;border-radius:3px;color:#fff!important}
.share-facebook{background:#3b5998}.share-x{background:#000}
.share-whatsapp{background:#25d366}.share-email{background:#777}
.entry-content{font:18px/1.75 var(--lantern-serif)}
.entry-content p{margin:0 0 1.3em}
.entry-content a{color:var(--lantern-accent);text-decoration:underline}
.entry-content .lantern-ad{height:250px;display:flex;align-items:center;
justify-content:center;margin:0 0 1.3em}
.entry-footer{margin-top:24px;font-size:14px}
.tags-links a{display:inline-block;border:1px solid var(--lantern-rule);padding:2px 8px;
margin:0 4px 4px 0;border-radius:2px}
.author-box{margin:32px 0;padding:20px;background:var(--lantern-wash);border-radius:4px}
.author-box-title{font-size:12px;text-transform:uppercase;color:var(--lantern-muted);margin:0}
.author-box-name{font-weight:700;margin:4px 0}
.post-navigation .nav-links{display:grid;grid-template-columns:1fr 1fr;gap:20px;
border-top:3px solid var(--lantern-ink);border-bottom:1px solid var(--lantern-rule);
padding:20px 0;margin:32px 0}
.post-navigation .nav-next{text-align:right;grid-column:2}
.post-navigation .meta-nav{display:block;font-size:12px;text-transform:uppercase;
color:var(--lantern-muted);letter-spacing:1px}
.post-navigation .post-title{font:700 18px/1.3 var(--lantern-serif)}
.block-title,.widget-title{font:700 14px/1.2 var(--lantern-sans);text-transform:uppercase;
letter-spacing:1px;border-bottom:3px solid var(--lantern-accent);padding-bottom:8px;
margin:0 0 16px}
.latest-posts{list-style:none;margin:0 0 32px;padding:0}
.latest-post{padding:12px 0;border-bottom:1px solid var(--lantern-rule)}
.latest-post-title{font:700 17px/1.3 var(--lantern-serif)}
.latest-post-excerpt{margin:4px 0 0;color:var(--lantern-muted);font-size:14px}
.dont-miss-posts{display:grid;grid-template-columns:repeat(2,1fr);gap:20px;margin-bottom:32px}
.dont-miss-post-title{font:700 17px/1.3 var(--lantern-serif);margin:8px 0 4px}
.dont-miss-post time{font-size:13px;color:var(--lantern-muted)}
.comment-respond{border-top:1px solid var(--lantern-rule);padding-top:24px}
.comment-form label{display:block;font-weight:600;font-size:14px}
.comment-form input[type=text],.comment-form input[type=email],.comment-form input[type=url],
.comment-form textarea{width:100%;padding:8px;border:1px solid #ccc;border-radius:3px}
.comment-form .submit{background:var(--lantern-accent);color:#fff;border:0;padding:10px 20px;
border-radius:3px;cursor:pointer}
.widget-area .widget{background:var(--lantern-paper);padding:20px;margin-bottom:24px;
border-radius:4px}
.widget_lantern_ad{height:280px;display:flex;flex-direction:column;justify-content:center}
.trending-list{list-style:none;margin:0;padding:0;counter-reset:none}
.trending-list li{display:flex;gap:12px;padding:10px 0;border-bottom:1px solid var(--lantern-rule)}
.trending-rank{font:700 28px/1 var(--lantern-serif);color:var(--lantern-accent);min-width:24px}
.newsletter-form{display:flex;flex-direction:column;gap:8px}
.newsletter-form input{padding:10px;border:1px solid #ccc;border-radius:3px}
.newsletter-form button{padding:10px;border:0;background:var(--lantern-ink);color:#fff;
border-radius:3px}
.newsletter-small{font-size:12px;color:var(--lantern-muted)}
.social-links{list-style:none;margin:0;padding:0;display:flex;gap:12px;flex-wrap:wrap}
.post-card{padding:18px 0;border-bottom:1px solid var(--lantern-rule)}
.post-card .entry-title{font-size:24px;margin:8px 0}
.more-link{font-size:13px;font-weight:700;text-transform:uppercase;color:var(--lantern-accent)}
.featured-block{display:grid;grid-template-columns:2fr 1fr;gap:32px;margin-bottom:32px}
.featured-post .entry-title{font-size:34px}
.latest-news-list{list-style:none;margin:0;padding:0}
.latest-news-list li{padding:10px 0;border-bottom:1px solid var(--lantern-rule)}
.latest-news-list time{display:block;font-size:12px;color:var(--lantern-muted)}
.home-section{margin-bottom:36px}
.section-title{font:700 22px/1.2 var(--lantern-serif);border-bottom:3px solid var(--lantern-ink);
padding-bottom:8px}
.section-posts{display:grid;grid-template-columns:repeat(2,1fr);gap:0 28px}
.section-posts .entry-title{font-size:19px}
.view-all{display:inline-block;margin-top:12px;font-weight:700;font-size:13px;
text-transform:uppercase}
.page-header{border-bottom:3px solid var(--lantern-ink);margin-bottom:12px}
.page-title{font:700 30px/1.2 var(--lantern-serif);margin:0 0 8px}
.site-footer{background:#111;color:#bbb;font-size:14px}
.footer-widgets{display:grid;grid-template-columns:repeat(4,1fr);gap:32px;padding:48px 20px}
.site-footer .widget-title{color:#fff;border-color:var(--lantern-accent)}
.site-footer ul{list-style:none;margin:0;padding:0}
.site-footer li{padding:4px 0}
.site-info{border-top:1px solid #2a2a2a}
.site-info-inner{display:flex;align-items:center;gap:24px;padding:18px 20px}
.footer-navigation ul{display:flex;gap:16px}
.go-to-top{margin-left:auto;background:var(--lantern-accent);color:#fff;padding:8px 14px;
border-radius:3px;font-weight:700;font-size:13px}
.cookie-notice{position:fixed;left:0;right:0;bottom:0;background:rgba(20,20,22,.96);color:#fff;
font-size:14px;z-index:9999}
.cookie-notice-container{max-width:1200px;margin:0 auto;padding:14px 20px;display:flex;gap:16px;
align-items:center}
.cn-buttons-container{display:flex;gap:8px;margin-left:auto}
.cn-button{background:#fff;color:#111;padding:6px 14px;border-radius:3px;font-weight:700}
.cookie-notice.cookie-notice-hidden{display:none}
@media (max-width:960px){.content-wrap{grid-template-columns:1fr}
.featured-block,.section-posts,.dont-miss-posts{grid-template-columns:1fr}
.footer-widgets{grid-template-columns:1fr 1fr}.header-ad{display:none}
.menu-toggle{display:block}.entry-title{font-size:30px}}
"""

# The theme's behaviour: dismiss the cookie notice, rotate the ticker.
_SCRIPT = """
(function () {
  var notice = document.getElementById('cookie-notice');
  if (notice && document.cookie.indexOf('lantern_cookies=1') !== -1) {
    notice.classList.add('cookie-notice-hidden');
  }
  var accept = document.getElementById('cn-accept-cookie');
  if (accept) {
    accept.addEventListener('click', function (event) {
      event.preventDefault();
      document.cookie = 'lantern_cookies=1; path=/; max-age=31536000; SameSite=Lax';
      notice.classList.add('cookie-notice-hidden');
    });
  }
  var ticker = document.querySelector('.ticker-items');
  if (ticker && ticker.children.length > 1) {
    window.setInterval(function () {
      ticker.appendChild(ticker.firstElementChild);
    }, 5000);
  }
})();
"""
