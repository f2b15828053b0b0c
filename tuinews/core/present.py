"""The lines the reader shows around an article, shared by the app and `tuinews read`.

Plain strings from an `Article` whose fields are already sanitized; no Textual here.
"""

from __future__ import annotations

from datetime import datetime

from tuinews.core.dates import age, long_date
from tuinews.core.models import EXCERPT, FEED_CONTENT, Article

#: The badge's label for each completeness that is less than the full article.
BADGES = {
    FEED_CONTENT: "Feed text",
    EXCERPT: "Summary only",
}


def meta_line(article: Article) -> str:
    """Site · section · date (and update) · N min read · authors, leaving out the unknown.

    Dates are in the user's local time.
    """
    parts = [article.site_name, article.section]
    if article.published is not None:
        when = long_date(article.published)
        updated = _updated(article)
        if updated is not None:
            again = long_date(updated)
            # Same day: "(updated 14:05)"; another day: the whole date.
            same_day = again.rsplit(" at ", 1)[0] == when.rsplit(" at ", 1)[0]
            when += f" (updated {again.rsplit(' at ', 1)[-1] if same_day else again})"
        parts.append(when)
    if article.reading_minutes:
        parts.append(f"{article.reading_minutes} min read")
    if article.authors:
        parts.append("by " + ", ".join(article.authors))
    return " · ".join(part for part in parts if part)


def _updated(article: Article) -> datetime | None:
    value = article.extra.get("updated", "")
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def picture_line(article: Article) -> str:
    """ "Picture: <caption> <url>" for the lead picture, or "" when there is none."""
    url = article.extra.get("lead_image", "")
    if not url:
        return ""
    caption = article.extra.get("lead_image_caption", "")
    return f"Picture: {caption} <{url}>" if caption else f"Picture: <{url}>"


def _cached_age(article: Article) -> str:
    """ "Cached copy from 3 h ago" for an article read from the cache, else ""."""
    stamp = article.extra.get("cached_at", "")
    try:
        when = datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return ""
    if when is None or when.tzinfo is None:
        return ""
    shown = age(when)
    return "" if shown == "just now" else f"Cached copy from {shown}"


def badge(article: Article) -> str:
    """What the reader shows when it is not the page's full article, and why; else ""."""
    label = BADGES.get(article.completeness)
    if label is None:
        return _cached_age(article)
    return f"{label}: {article.note}" if article.note else label
