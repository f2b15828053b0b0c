"""Finding the `.tcss` files in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path, PurePath

#: The stylesheets the app loads, in order.
STYLESHEETS = ("app.tcss", "open.tcss", "links.tcss")


def styles_dir() -> Path:
    """The folder holding the stylesheets.

    An installed wheel carries them inside the package (`tuinews/styles`); a checkout has
    them in the top-level `styles/` folder next to the package.
    """
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "styles", package.parent / "styles"):
        if (candidate / STYLESHEETS[0]).is_file():
            return candidate
    raise FileNotFoundError(f"tuinews stylesheets not found near {package}")


def stylesheet_paths() -> list[str | PurePath]:
    """Absolute paths of every stylesheet, for `App.CSS_PATH`."""
    folder = styles_dir()
    return [folder / name for name in STYLESHEETS]
