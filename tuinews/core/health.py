"""Feed health as rows of text: shared by the app's health screen and `tuinews status`.

The last column shows a feed's own settings from the config (disabled, its refresh
interval, full text, the names of its extra request headers with their values masked).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from tuinews.core.dates import age
from tuinews.core.models import FeedStatus, Section
from tuinews.core.text import sanitize_display, url_host

#: Column titles, in order.
HEADERS = (
    "Section",
    "Feed",
    "Last success",
    "Last result",
    "Latency",
    "304s",
    "Failing since",
    "Next refresh",
    "Settings",
)


def _until(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "now"
    seconds = (when - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {max(1, int(seconds // 60))} min"
    return f"in {int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"


def health_row(section: str, status: FeedStatus, now: datetime | None = None) -> tuple[str, ...]:
    """One feed's row: what a user needs to see which feed is broken and why."""
    current = now or datetime.now(UTC)
    host = url_host(status.url)
    name = f"{status.title} · {host}" if status.title else host
    result = {"200": "updated", "304": "not modified", "fresh": "ok"}.get(status.status, "")
    if not result:
        result = status.status if not status.ok else (status.status or "ok")
    if status.dropped and status.enabled:
        result += f" · {status.dropped:,} more items not kept"
    return (
        sanitize_display(section, cap=30),
        sanitize_display(name, cap=60),
        age(status.fetched_at, current) or "never",
        sanitize_display(result, cap=80),
        f"{status.latency_ms} ms" if status.fetches else "",
        f"{status.share_304:.0%}" if status.fetches else "",
        age(status.failing_since, current) if status.failing_since else "",
        _until(status.next_refresh, current) if status.enabled else "never (disabled)",
        # Header values are masked by the service; the names alone are shown.
        sanitize_display(status.settings, cap=120),
    )


def health_rows(
    sections: Sequence[Section], statuses: Iterable[FeedStatus], now: datetime | None = None
) -> list[tuple[str, ...]]:
    """Rows for every feed in config order, each under the first section that lists it."""
    by_url = {status.url: status for status in statuses}
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for section in sections:
        for url in section.feeds:
            if url in seen or url not in by_url:
                continue
            seen.add(url)
            rows.append(health_row(section.name, by_url[url], now))
    return rows
