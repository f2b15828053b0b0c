"""tuinews: a terminal news browser."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is read from the package metadata on first use: importlib.metadata
    # costs 30-40 ms, and the app's first paint does not need it.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("tuinews")
    except PackageNotFoundError:  # running from a checkout that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
