"""Serving the demo site over HTTP on the loopback interface.

`DemoServer` runs a `ThreadingHTTPServer` in a daemon thread and answers GET and HEAD from
`DemoSite`, with the headers a caching client needs (Content-Length, Last-Modified, ETag)
and 304 answers to conditional requests. It is what `tuinews --demo` starts in-process and
what the tests start as their fixture site::

    with DemoServer() as server:
        sections = server.sections()   # one tuinews Section per demo category
"""

from __future__ import annotations

import socket
import socketserver
import sys
import threading
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, cast

from tuinews.core.models import Section
from tuinews.demo.site import DemoResponse, DemoSite

#: The interface the demo listens on unless told otherwise.
DEFAULT_HOST = "127.0.0.1"
#: Seconds an idle keep-alive connection is kept open.
IDLE_TIMEOUT = 30.0
#: Seconds between the serving loop's checks for a stop request.
POLL_INTERVAL = 0.05

_WILDCARD_HOSTS = ("", "0.0.0.0")


class _SiteHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that serves one `DemoSite` and can close its connections."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.site: DemoSite | None = None
        """The site served; set right after binding, once the port is known."""
        self.last_error: BaseException | None = None
        """The latest exception raised while handling a request (kept, not printed)."""
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def server_bind(self) -> None:
        """Bind without `HTTPServer`'s reverse DNS lookup of the host name."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.socket.getsockname()[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """Remember the connection so `close_connections` can end it, then serve it."""
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket | tuple[bytes, socket.socket]) -> None:
        """Forget a finished connection and close it."""
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open connection, so idle keep-alive threads return at once."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                # Already closed by its handler thread: nothing left to end.
                continue

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Keep the error instead of printing a traceback.

        The demo runs inside a full-screen terminal app, where a traceback on stderr (a
        client hanging up mid-response, say) would scribble over the screen.
        """
        self.last_error = sys.exc_info()[1]


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the server's `DemoSite`."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "LanternPost/1.0"
    sys_version = ""
    timeout = IDLE_TIMEOUT

    def do_GET(self) -> None:
        """Serve a page or a feed."""
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        """Serve the headers of a page or a feed."""
        self._serve(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing: the demo must stay quiet under a terminal app."""

    def _serve(self, *, send_body: bool) -> None:
        """Answer the request, with 304 when the client's copy is current."""
        site = cast(_SiteHTTPServer, self.server).site
        if site is None:
            self.send_error(503)
            return
        response = site.response(self.path)
        if response.status == 200 and self._client_is_current(response):
            self.send_response(304)
            self._send_validators(response)
            self.end_headers()
            return
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self._send_validators(response)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def _send_validators(self, response: DemoResponse) -> None:
        """Send ETag and Last-Modified when the response has them."""
        etag = response.etag
        if etag is not None:
            self.send_header("ETag", etag)
        if response.last_modified is not None:
            self.send_header("Last-Modified", format_datetime(response.last_modified, usegmt=True))

    def _client_is_current(self, response: DemoResponse) -> bool:
        """Whether If-None-Match (first) or If-Modified-Since says the client's copy is current."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [tag.strip() for tag in if_none_match.split(",")]
            return "*" in tags or any(tag.removeprefix("W/") == response.etag for tag in tags)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since and response.last_modified is not None:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return response.last_modified <= since
        return False


class DemoServer:
    """The demo site served over HTTP from a background thread.

    Binding happens in `start()`, so the base URL (and the site, whose URLs depend on it)
    exist only while the server runs. `stop()` ends open connections, joins the serving
    threads and closes the listening socket.

    Args:
        host: Interface to listen on; the loopback interface by default.
        port: Port to listen on; 0 picks a free one.
        now: The demo site's present (see `DemoSite`); the current time by default.
    """

    def __init__(
        self, host: str = DEFAULT_HOST, port: int = 0, *, now: datetime | None = None
    ) -> None:
        self._host = host
        self._port = port
        self._now = now
        self._httpd: _SiteHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> DemoServer:
        """Bind and start serving in a daemon thread (no-op when already running).

        Returns:
            The server itself, for chaining.

        Raises:
            OSError: The address could not be bound (e.g. the port is in use).
        """
        if self._httpd is not None:
            return self
        httpd = _SiteHTTPServer((self._host, self._port))
        url_host = DEFAULT_HOST if self._host in _WILDCARD_HOSTS else self._host
        site = DemoSite(f"http://{url_host}:{httpd.server_port}", now=self._now)
        httpd.site = site
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL},
            name=f"tuinews-demo-{httpd.server_port}",
            daemon=True,
        )
        self._httpd, self._thread = httpd, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end open connections and close the socket (no-op when stopped)."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        self._httpd = self._thread = None
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        thread.join()

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._httpd is not None

    @property
    def port(self) -> int:
        """The port being listened on.

        Raises:
            RuntimeError: The server is not running.
        """
        return self._running_server().server_port

    @property
    def base_url(self) -> str:
        """The site's root URL without a trailing slash, e.g. "http://127.0.0.1:41234".

        Raises:
            RuntimeError: The server is not running.
        """
        return self.site.base_url

    @property
    def site(self) -> DemoSite:
        """The site being served (the ground truth for tests).

        Raises:
            RuntimeError: The server is not running.
        """
        site = self._running_server().site
        if site is None:  # Set before the serving thread starts; never None while running.
            raise RuntimeError("the demo server has no site")
        return site

    @property
    def last_error(self) -> BaseException | None:
        """The latest exception raised while handling a request, if any."""
        return self._httpd.last_error if self._httpd is not None else None

    def sections(self) -> list[Section]:
        """Return one tuinews section per demo category, each with its feed.

        Returns:
            The sections, in the site's menu order.

        Raises:
            RuntimeError: The server is not running.
        """
        return [Section(name=s.name, feeds=(s.feed_url,)) for s in self.site.sections]

    def _running_server(self) -> _SiteHTTPServer:
        """The HTTP server, or RuntimeError when not running."""
        if self._httpd is None:
            raise RuntimeError("the demo server is not running; call start() first")
        return self._httpd

    def __enter__(self) -> DemoServer:
        """Start the server."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()
