"""The bundled demo news site: The Lantern Post, served in-process on 127.0.0.1.

`tuinews --demo` starts a `DemoServer` and points tuinews at its feeds; the tests use the
same site as their fixture, with `DemoSite.stories` as the ground truth. The site is
fiction written for tuinews and ships inside the package (`stories.toml`).

- `content`: the site's words, read from `stories.toml`.
- `site`: `DemoSite`, pure rendering of pages and feeds (no sockets).
- `server`: `DemoServer`, the site over HTTP in a background thread.
"""

from __future__ import annotations

from tuinews.demo.server import DemoServer
from tuinews.demo.site import DemoResponse, DemoSection, DemoSite, DemoStory

__all__ = ["DemoResponse", "DemoSection", "DemoServer", "DemoSite", "DemoStory"]
