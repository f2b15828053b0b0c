"""A loopback HTTP server whose answers each test scripts: feeds, faults, counts."""

from __future__ import annotations

import gzip
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def rss(title: str, items: list[tuple[str, str]], ttl: int | None = None) -> bytes:
    """An RSS 2.0 document with (title, link) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>About {t}.</description></item>"
        for t, link in items
    )
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl is not None else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.invalid/</link>{ttl_tag}{entries}</channel></rss>"
    ).encode()


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    """When set, an If-None-Match equal to it gets a 304."""
    trickle: float = 0.0
    """Seconds between single bytes of the body (a slow server)."""
    declared_length: int | None = None
    """A Content-Length to send instead of the real one (a cut connection)."""
    chunks: Callable[[], Iterable[bytes]] | None = None
    """A body sent with chunked encoding, piece by piece (may never end)."""
    interval: float = 0.0
    """Seconds between chunks."""
    raw: bytes | None = None
    """Bytes written as the whole response, status line included (broken servers)."""


class FaultServer:
    """Routes path -> a function giving the Reply; records every request."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Callable[[dict[str, str]], Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.peers: list[tuple[str, int]] = []
        """The client address of every request, in order (one port per connection)."""
        self.tls = tls
        """A server-side TLS context: the server speaks https."""
        self._server: ThreadingHTTPServer | None = None
        self._stop = threading.Event()

    @property
    def base(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, reply: Reply | Callable[[dict[str, str]], Reply]) -> str:
        """Serve `reply` at `path`; returns the absolute URL."""
        self.routes[path] = reply if callable(reply) else (lambda _headers: reply)
        return self.url(path)

    def hits(self, path: str) -> list[dict[str, str]]:
        """The request headers of every request made to `path`."""
        return [headers for p, headers in self.requests if p == path]

    def start(self) -> FaultServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.requests.append((self.path, headers))
                owner.peers.append(self.client_address[:2])
                route = owner.routes.get(self.path)
                reply = route(headers) if route else Reply(404, b"not found")
                if reply.raw is not None:
                    self.close_connection = True
                    try:
                        self.wfile.write(reply.raw)
                    except OSError:
                        pass
                    return
                if reply.chunks is not None:
                    self._send_chunked(reply)
                    return
                if reply.etag and headers.get("if-none-match") == reply.etag:
                    self.send_response(304)
                    self.send_header("ETag", reply.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.etag:
                    self.send_header("ETag", reply.etag)
                length = reply.declared_length
                self.send_header(
                    "Content-Length", str(len(reply.body) if length is None else length)
                )
                if reply.declared_length is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                if reply.trickle:
                    for byte in reply.body:
                        if owner._stop.is_set():
                            return
                        try:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                        except OSError:
                            return
                        owner._stop.wait(reply.trickle)
                    return
                try:
                    self.wfile.write(reply.body)
                except OSError:
                    return
                if reply.declared_length is not None:
                    self.close_connection = True

            def _send_chunked(self, reply: Reply) -> None:
                assert reply.chunks is not None
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.close_connection = True
                try:
                    for chunk in reply.chunks():
                        if owner._stop.is_set():
                            return
                        if chunk:
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                            self.wfile.flush()
                        if reply.interval:
                            owner._stop.wait(reply.interval)
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    return  # the client hung up: what a capped client does

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def fault_server(tls: ssl.SSLContext | None = None) -> Iterator[FaultServer]:
    """A started FaultServer, stopped afterwards."""
    server = FaultServer(tls).start()
    try:
        yield server
    finally:
        server.stop()


def gzip_bomb(size: int) -> bytes:
    """`size` bytes of zeros, gzip-compressed (about 1000:1)."""
    return gzip.compress(b"\0" * size, compresslevel=9)


def gzip_zeros(size: int, *, layers: int = 1) -> Iterator[bytes]:
    """`size` bytes of zeros gzip-compressed `layers` times, produced as it is read.

    The bytes are those of a real bomb (512 MiB of zeros is about 510 KB of gzip; two
    layers over 1 GiB about 1.8 KB), made lazily: a client that stops reading at its
    cap costs the server only what it read.
    """
    compressors = [zlib.compressobj(9, zlib.DEFLATED, 31) for _ in range(layers)]

    def through(data: bytes, final: bool) -> bytes:
        for compressor in compressors:
            data = compressor.compress(data) + (compressor.flush() if final else b"")
        return data

    block = bytes(1 << 20)
    for _ in range(size // len(block)):
        piece = through(block, False)
        if piece:
            yield piece
    yield through(b"", True)


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll `check` until it is true or the deadline passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return check()
