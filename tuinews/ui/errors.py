"""One place where a failed background job becomes a short notification."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tuinews.core.text import sanitize_display


def report_failed_worker(screen: Screen[Any], event: Worker.StateChanged) -> None:
    """Tell the user, in one line and without markup, that a background job failed.

    Workers run with `exit_on_error=False`, so an unexpected error never ends the app;
    it must not pass silently either.
    """
    if event.state != WorkerState.ERROR:
        return
    worker: Worker[Any] = event.worker
    error = worker.error
    what = worker.description or worker.name or "A background job"
    detail = sanitize_display(str(error), cap=160) if error is not None else ""
    message = f"{what} failed: {type(error).__name__}" if error is not None else f"{what} failed"
    if detail:
        message += f" ({detail})"
    screen.notify(message, severity="error", markup=False)
