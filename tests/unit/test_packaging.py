"""The wheel carries the stylesheets and the demo site."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tuinews.ui.styles import ALL_STYLESHEETS

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_the_stylesheets_and_the_demo_site(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("tuinews-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sheet in ALL_STYLESHEETS:
        assert f"tuinews/styles/{sheet}" in names
    assert "tuinews/demo/server.py" in names
    assert any(name.startswith("tuinews/demo/") and not name.endswith(".py") for name in names)
    assert "tuinews/ui/app.py" in names and "tuinews/core/service.py" in names
