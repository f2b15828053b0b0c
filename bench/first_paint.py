"""Time to the first painted headlines of one process, headless: the A/B figure.

Usage::

    python bench/first_paint.py tuinews [--config PATH] [--offline] ...
    python bench/first_paint.py SCRIPT.py

Runs `tuinews` (its real command line, `tuinews.__main__.main`) or a Textual script in
this process with Textual's headless driver at 120x40, and prints two numbers: the
milliseconds from this script's start to the first screen update that shows the main
screen's headlines (for a script: its first screen update), and the CPU time the
process had used by then (user + system, interpreter start included). Then it exits the
app. Used by `bench/startup.py --headless`; run by hand to compare two versions of the
code (CPU time is the steadier figure on a shared machine).

Textual is not imported before tuinews imports it (tuinews turns the cycle collector off
before that import): an import hook patches `textual.app` when it loads, so that
`App.run` runs headless and `App._display` notes the first paint. Not part of the test
run.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import importlib.abc  # noqa: E402 - timed from the first line
import importlib.machinery  # noqa: E402
import runpy  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any  # noqa: E402

#: Terminal size of the headless run, as in the tmux benchmark.
SIZE = (120, 40)

_first: dict[str, float] = {}


def _patch(module: ModuleType) -> None:
    """Make `App.run` headless and note the first paint in `App._display`."""
    app_class: Any = module.App
    run, display = app_class.run, app_class._display

    def headless_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.update(headless=True, size=SIZE)
        return run(self, *args, **kwargs)

    def noting_display(self: Any, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if _first or renderable is None:
            return
        headlines = getattr(screen, "headlines", None)
        if headlines is None and type(self).__module__.startswith("tuinews"):
            return  # tuinews: not its main screen yet
        if headlines is None or headlines.stories:
            _first["wall"] = time.perf_counter() - STARTED
            _first["cpu"] = time.process_time()
            self.exit()

    app_class.run, app_class._display = headless_run, noting_display


class _PatchTextual(importlib.abc.MetaPathFinder):
    """Patches `textual.app` right after it is first imported."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader: Any = spec.loader
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            _patch(module)

        loader.exec_module = exec_module
        return spec


def main(argv: Sequence[str]) -> int:
    """Run the command in `argv` and print `wall_ms cpu_ms`."""
    if not argv:
        raise SystemExit(__doc__)
    sys.meta_path.insert(0, _PatchTextual())
    if argv[0] == "tuinews":
        from tuinews.__main__ import main as tuinews_main

        tuinews_main(list(argv[1:]))
    else:
        sys.argv = list(argv)
        runpy.run_path(argv[0], run_name="__main__")
    if not _first:
        raise SystemExit("no first paint seen")
    print(f"{_first['wall'] * 1000:.1f} {_first['cpu'] * 1000:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
