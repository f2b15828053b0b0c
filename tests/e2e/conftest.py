"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

# The installed `tuinews --demo` in a private tmux server (defined with its tests).
from .test_tmux import terminal  # noqa: F401

