"""Fixture news sites for discovery, served on loopback by `tests.faultserver.FaultServer`.

- `wordpress_site`: a WordPress front page with a category menu, `/feed/`, category feeds,
  a comments feed, `/feed` redirecting to `/feed/` (as WordPress does), and one story
  listed in the site feed and two category feeds (tracking parameters on one link).
- `alternate_site`: a page whose only hints are `<link rel="alternate">` (Atom, JSON Feed).
- `bare_site`: a page with no feeds at all.
- `hostile_site`: a page linking a `file:` feed, a `javascript:` feed and one real feed.
"""

from __future__ import annotations

import json

from tests.faultserver import FaultServer, Reply

RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}

#: The story every WordPress feed lists (same guid; links differ by tracking parameters).
SHARED_GUID = "https://wp.example/?p=100"


def rss_items(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document of (title, link, guid) items."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link>"
        f'<guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>Thu, 26 Nov 2026 0{n}:00:00 +0000</pubDate>"
        f"<description>About {t}.</description></item>"
        for n, (t, link, guid) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://wp.example/</link>{body}</channel></rss>"
    ).encode()


def wordpress_site(server: FaultServer) -> str:
    """Serve a WordPress news site; returns its front page URL."""
    base = server.base
    page = f"""<!DOCTYPE html><html><head><title>Harbour News &#8211; news of the coast</title>
<meta name="generator" content="WordPress 6.6.2">
<link rel="alternate" type="application/rss+xml" title="Harbour News &raquo; Feed"
      href="{base}/feed/">
<link rel="alternate" type="application/rss+xml" title="Harbour News &raquo; Comments Feed"
      href="{base}/comments/feed/">
<link rel="stylesheet" href="/wp-content/themes/news/style.css">
</head><body>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="{base}/">Home</a></li>
<li><a href="{base}/category/world/">World</a></li>
<li><a href="/category/business/">Business &amp; Money</a></li>
<li><a href="{base}/category/world/">World</a></li>
</ul></nav>
<main><article><h2><a href="{base}/2026/11/26/port-reopens/">Port reopens</a></h2></article>
</main>
<footer><a href="/category/uncategorized/">Uncategorized</a>
<a href="https://elsewhere.example/category/other/">Not this site</a></footer>
</body></html>"""
    server.route("/", Reply(body=page.encode(), headers=HTML_TYPE))
    shared = ("Port reopens", f"{base}/2026/11/26/port-reopens/", SHARED_GUID)
    shared_tracked = (
        "Port reopens",
        f"{base}/2026/11/26/port-reopens/?utm_source=rss&utm_medium=feed",
        "world-copy-of-100",
    )
    site_feed = rss_items(
        "Harbour News", [shared, ("Markets calm", f"{base}/markets-calm/", f"{base}/?p=101")]
    )
    server.route("/feed/", Reply(body=site_feed, headers=RSS_TYPE))
    server.route("/feed", Reply(301, headers={"Location": f"{base}/feed/"}))
    server.route(
        "/comments/feed/",
        Reply(
            body=rss_items(
                "Comments for Harbour News",
                [("On: Port reopens", f"{base}/port/#comment-1", "c-1")],
            ),
            headers=RSS_TYPE,
        ),
    )
    server.route(
        "/category/world/feed/",
        Reply(
            body=rss_items(
                "World Archives - Harbour News",
                [shared_tracked, ("Storm warning", f"{base}/storm/", f"{base}/?p=102")],
            ),
            headers=RSS_TYPE,
        ),
    )
    server.route(
        "/category/business/feed/",
        Reply(
            body=rss_items(
                "Business Archives - Harbour News",
                [shared, ("Fish prices", f"{base}/fish/", f"{base}/?p=103")],
            ),
            headers=RSS_TYPE,
        ),
    )
    server.route(
        "/category/uncategorized/feed/",
        Reply(body=rss_items("Uncategorized Archives - Harbour News", []), headers=RSS_TYPE),
    )
    return server.url("/")


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Static Notes</title><id>urn:notes</id>
<updated>2026-11-26T10:00:00Z</updated>
<entry><title>First note</title><link href="https://notes.example/1"/><id>urn:1</id>
<updated>2026-11-26T10:00:00Z</updated></entry>
<entry><title>Second note</title><link href="https://notes.example/2"/><id>urn:2</id>
<updated>2026-11-25T10:00:00Z</updated></entry>
</feed>"""


def alternate_site(server: FaultServer) -> str:
    """Serve a site whose only feed hints are <link rel="alternate">; returns its page URL."""
    page = b"""<!doctype html><html><head><title>Static Notes</title>
<link rel="alternate" type="application/atom+xml" title="Notes (Atom)" href="/notes/atom">
<link rel="alternate" type="application/feed+json" title="Notes (JSON)" href="feed.json">
<link rel="alternate" hreflang="de" href="/de/">
</head><body><p>Hello.</p></body></html>"""
    server.route("/blog/", Reply(body=page, headers=HTML_TYPE))
    server.route("/notes/atom", Reply(body=ATOM, headers={"Content-Type": "application/atom+xml"}))
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Static Notes (JSON)",
        "items": [
            {"id": "j1", "title": "JSON one", "url": "https://notes.example/j1"},
            {"id": "j2", "title": "JSON two", "url": "https://notes.example/j2"},
            {"id": "j3", "title": "JSON three", "url": "https://notes.example/j3"},
        ],
    }
    server.route(
        "/blog/feed.json",
        Reply(
            body=json.dumps(json_feed).encode(),
            headers={"Content-Type": "application/feed+json"},
        ),
    )
    return server.url("/blog/")


def bare_site(server: FaultServer) -> str:
    """Serve a site with no feed anywhere; returns its page URL."""
    page = b"<!doctype html><html><head><title>Just a page</title></head><body>Hi</body></html>"
    server.route("/", Reply(body=page, headers=HTML_TYPE))
    # A soft 404: the front page again where a feed might have been.
    server.route("/rss", Reply(body=page, headers=HTML_TYPE))
    server.route(
        "/feed.xml", Reply(body=b"not a feed at all", headers={"Content-Type": "text/xml"})
    )
    return server.url("/")


def hostile_site(server: FaultServer) -> str:
    """Serve a page linking a file: feed, a javascript: feed and one real feed."""
    page = b"""<!doctype html><html><head><title>Tricky</title>
<link rel="alternate" type="application/rss+xml" title="Secrets" href="file:///etc/passwd">
<link rel="alternate" type="application/rss+xml" title="Script" href="javascript:alert(1)">
<link rel="alternate" type="application/atom+xml" title="Data" href="data:text/xml,&lt;feed/&gt;">
<link rel="alternate" type="application/rss+xml" title="Real" href="/real.xml">
<base href="javascript:alert(2)">
</head><body></body></html>"""
    server.route("/", Reply(body=page, headers=HTML_TYPE))
    server.route(
        "/real.xml",
        Reply(
            body=rss_items("Tricky but real", [("Only story", "https://t.example/1", "t1")]),
            headers=RSS_TYPE,
        ),
    )
    return server.url("/")
