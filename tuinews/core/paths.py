"""Where tuinews keeps its config, cache and data.

Folders follow platformdirs (so the XDG variables on Linux); `TUINEWS_CONFIG` names a
config file directly, which is how tests and second profiles point elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "tuinews"


def config_file() -> Path:
    """The config file to read: `$TUINEWS_CONFIG`, else `<config dir>/config.toml`."""
    override = os.environ.get("TUINEWS_CONFIG")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def cache_dir() -> Path:
    """The folder of the HTTP/result cache."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


def data_dir() -> Path:
    """The folder of state worth keeping (read/saved marks), apart from the cache."""
    return Path(platformdirs.user_data_dir(APP_NAME))
