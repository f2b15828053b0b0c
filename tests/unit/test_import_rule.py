"""tuinews.core never imports the terminal UI; the package root imports nothing heavy."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "tuinews.core.models",
    "tuinews.core.config",
    "tuinews.core.paths",
    "tuinews.core.net",
    "tuinews.core.cache",
    "tuinews.core.feeds",
    "tuinews.core.reader",
    "tuinews.core.text",
    "tuinews.core.service",
    "tuinews.core.browser",
    "tuinews.core.dates",
]


def _loaded_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def test_core_never_imports_textual() -> None:
    imports = "\n".join(f"import {name}" for name in CORE_MODULES)
    loaded = _loaded_after(imports)
    assert "tuinews.core.service" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m.startswith("tuinews.ui")}


def test_package_root_is_light() -> None:
    loaded = _loaded_after("import tuinews")
    assert "textual" not in loaded and "httpx" not in loaded and "trafilatura" not in loaded


def test_trafilatura_and_its_html_cleaner_import() -> None:
    # trafilatura needs lxml_html_clean on lxml >= 5.2; a missing one fails at import.
    loaded = _loaded_after("import trafilatura, lxml_html_clean")
    assert "trafilatura" in loaded and "lxml_html_clean" in loaded
