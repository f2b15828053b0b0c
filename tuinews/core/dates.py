"""Dates as people read them: "3 h ago", "November 11, 2023"."""

from __future__ import annotations

from datetime import UTC, datetime


def age(when: datetime | None, now: datetime | None = None) -> str:
    """A short age such as "just now", "5 min ago", "3 h ago", "2 d ago" or a date."""
    if when is None:
        return ""
    current = now or datetime.now(UTC)
    seconds = (current - when).total_seconds()
    if seconds < -300:
        return long_date(when)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    if seconds < 7 * 86400:
        return f"{int(seconds // 86400)} d ago"
    return short_date(when, current)


def _local(when: datetime) -> datetime:
    # A date at the edge of the calendar (year 1 or 9999) cannot always move to the
    # local zone: show it in its own.
    try:
        return when.astimezone()
    except (OverflowError, ValueError, OSError):
        return when


def short_date(when: datetime, now: datetime | None = None) -> str:
    """ "Nov 11", with the year when it is not the current one."""
    local = _local(when)
    current = (now or datetime.now(UTC)).astimezone()
    text = f"{local:%b} {local.day}"
    return text if local.year == current.year else f"{text}, {local.year}"


def long_date(when: datetime) -> str:
    """ "November 11, 2023 at 14:05", in the user's local time."""
    local = _local(when)
    return f"{local:%B} {local.day}, {local.year} at {local:%H:%M}"
