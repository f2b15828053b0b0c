"""Finding the `.tcss` files in a checkout and in an installed wheel; loading them late.

Textual parses every stylesheet of `App.CSS_PATH` before the first frame (~0.04 ms a
line here). Only the main screen's rules (`STYLESHEETS`) are needed for it; the other
screens' (`SCREEN_STYLESHEETS`) are read after the first paint by `load_screen_styles`.
Each of those screens also names them in its `CSS_PATH`, so a screen shown before that
still finds its rules (Textual then reads them as it pushes the screen).
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

#: The stylesheets parsed before the first paint: the main screen's.
STYLESHEETS = ("app.tcss",)
#: The stylesheets of every other screen and of the reader pane, read after it.
SCREEN_STYLESHEETS = ("screens.tcss", "open.tcss", "links.tcss", "add_site.tcss")
#: Every stylesheet the app loads.
ALL_STYLESHEETS = STYLESHEETS + SCREEN_STYLESHEETS


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
    """Absolute paths of the stylesheets of the first paint, for `App.CSS_PATH`."""
    folder = styles_dir()
    return [folder / name for name in STYLESHEETS]


def screen_stylesheet_paths() -> list[str | PurePath]:
    """Absolute paths of the other screens' stylesheets, for their `Screen.CSS_PATH`."""
    folder = styles_dir()
    return [folder / name for name in SCREEN_STYLESHEETS]


def load_screen_styles(app: App[object]) -> None:
    """Add the other screens' stylesheets to the app's, if they are not there yet.

    Only the new files are parsed (the stylesheet keeps the rules it parsed before), and
    their rules only match widgets of screens not shown yet, so nothing on screen is
    restyled. Textual's own loading (a screen's `CSS_PATH`) re-parses every sheet.
    """
    stylesheet = app.stylesheet
    missing = [path for path in screen_stylesheet_paths() if not stylesheet.has_source(str(path))]
    if not missing:
        return
    stylesheet.read_all([PurePath(path) for path in missing])
    stylesheet.parse()
