"""Shared fixtures: an isolated environment, the demo site on 127.0.0.1, a service over it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tuinews.core.cache import Store
from tuinews.core.config import Config, Settings
from tuinews.core.service import NewsService
from tuinews.demo.server import DemoServer


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every folder tuinews uses at the test's temp folder; no display, no SSH."""
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("TUINEWS_CONFIG", str(tmp_path / "no-config.toml"))
    for name in (
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "SSH_CONNECTION",
        "SSH_TTY",
        "SSH_CLIENT",
        "BROWSER",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    """The bundled demo news site, served on 127.0.0.1 for the whole run."""
    with DemoServer() as server:
        yield server


@pytest.fixture
def demo_config(demo_server: DemoServer) -> Config:
    """A config whose sections are the demo site's."""
    return Config(sections=tuple(demo_server.sections()), settings=Settings())


@pytest.fixture
async def service(demo_config: Config, tmp_path: Path) -> AsyncIterator[NewsService]:
    """A service over the demo site with a real disk cache in a temp folder."""
    news = NewsService(demo_config, Store(tmp_path / "cache"))
    yield news
    await news.aclose()
