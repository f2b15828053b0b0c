"""Helpers shared by the subcommands: choosing sections, safe output."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tuinews.core.models import Section


class UsageError(Exception):
    """A bad argument; the message is one line for the user."""


def pick_sections(sections: Sequence[Section], names: Sequence[str] | None) -> list[Section]:
    """The sections named (case-insensitive), or all of them when none are named.

    Raises:
        UsageError: for a name that is not a section.
    """
    if not names:
        return list(sections)
    by_name = {section.name.casefold(): section for section in sections}
    chosen: list[Section] = []
    for name in names:
        section = by_name.get(name.casefold())
        if section is None:
            known = ", ".join(s.name for s in sections)
            raise UsageError(f"no section named {name!r} (sections: {known})")
        if section not in chosen:
            chosen.append(section)
    return chosen


def fail(message: str, status: int = 2) -> int:
    """Print one line on stderr and return the exit status."""
    from tuinews.core.text import sanitize_display

    print(f"tuinews: {sanitize_display(message, cap=500)}", file=sys.stderr)
    return status
