"""One story once: the identity of a story across the feeds and sections that list it.

A site often lists one story in several feeds (its front page and a category), with the
same GUID, or with the same page address decorated differently (`?utm_source=rss`, an
upper-case host, `#comments`). `canonical_url` removes those differences, and
`story_groups` joins stories that share a GUID or a canonical URL, so each group gets one
id: that id keys the read marks, so a story read in one section is read in all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tuinews.core.models import Story

#: Query parameters that only say where a click came from (removed from identities).
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "ref_src",
        "cmpid",
        "ito",
        "at_medium",
        "at_campaign",
        "at_link_id",
        "at_link_type",
        "at_format",
        "at_bbc_team",
        "at_ptr_name",
        "at_link_origin",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
    }
)
#: Prefixes of tracking parameter families (utm_source, utm_medium, ...).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


@lru_cache(maxsize=16384)
def canonical_url(url: str) -> str:
    """The identity of a page address.

    Scheme and host lower-cased, default ports and the fragment dropped, tracking
    parameters (utm_*, fbclid, gclid, mc_cid...) removed, the other parameters kept in
    their order. Anything that is not an http(s) URL is returned unchanged.
    """
    plain = _PLAIN_URL.fullmatch(url.strip())
    if plain is None:
        return _canonical_split(url)
    # Already canonical but for a default port or an empty path: the same result as
    # `_canonical_split` (a test compares the two), without urlsplit (~30 us a URL, and
    # the first paint asks for the 200 stories of the tab shown).
    scheme, host, port, path = plain.groups()
    if port is not None:
        number = int(port)
        if number > 65535:
            return url  # what urlsplit refuses
        if number != (80 if scheme == "http" else 443):
            host = f"{host}:{number}"
    return f"{scheme}://{host}{path or '/'}"


#: An http(s) URL with a lower-case plain host, maybe a port, and no user, query or
#: fragment: the usual story link, whose canonical form is itself.
_PLAIN_URL = re.compile(r"(https?)://([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?(/[^?#\t\r\n]*)?")


def _canonical_split(url: str) -> str:
    """`canonical_url` for any URL, through urlsplit."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and not (
        (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.netloc.rpartition("@")[0]
        host = f"{userinfo}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _tracking(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def story_keys(story: Story) -> tuple[str, ...]:
    """The keys under which two stories are the same: its id, and its canonical URL."""
    keys = [story.id]
    if story.url:
        keys.append("url:" + canonical_url(story.url))
    return tuple(dict.fromkeys(keys))


class _Groups:
    """Union-find over story keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller key leads: the same group gets the same id whatever the order.
            low, high = sorted((root_a, root_b))
            self.parent[high] = low


def story_groups(stories: Iterable[Story]) -> dict[str, str]:
    """Map each key of `stories` to the id its group of same stories shares.

    Stories are the same when they share an id (GUID) or a canonical URL. The shared id
    is the smallest story id of the group, so it does not depend on the order in which
    sections were loaded.
    """
    groups = _Groups()
    ids: set[str] = set()
    for story in stories:
        keys = story_keys(story)
        ids.add(story.id)
        for key in keys:
            groups.find(key)
        for key in keys[1:]:
            groups.union(keys[0], key)
    # The group's id is its smallest story id (never a "url:" key).
    best: dict[str, str] = {}
    for story_id in ids:
        root = groups.find(story_id)
        if root not in best or story_id < best[root]:
            best[root] = story_id
    return {key: best.get(groups.find(key), key) for key in groups.parent}
