"""Serve the demo news site in the foreground: `python -m tuinews.demo [--host] [--port]`.

Prints the site's address and its feeds, then serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import threading

from tuinews.demo.server import DEFAULT_HOST, DemoServer


def build_parser() -> argparse.ArgumentParser:
    """Return the command line parser.

    Returns:
        A parser for `--host` and `--port`.
    """
    parser = argparse.ArgumentParser(
        prog="python -m tuinews.demo",
        description="Serve The Lantern Post, the sample news site bundled with tuinews.",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"interface to listen on (default: {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on; 0 picks a free one (default: 8000)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Serve the demo site until interrupted.

    Args:
        argv: Command line arguments; `sys.argv[1:]` when None.

    Returns:
        The exit status: 0 after Ctrl-C, 1 when the address cannot be bound.
    """
    args = build_parser().parse_args(argv)
    server = DemoServer(args.host, args.port)
    try:
        server.start()
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"tuinews demo: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 1
    site = server.site
    width = max(len(section.name) for section in site.sections)
    lines = [f"{site.name} is being served at {site.url('/')}", "", "Feeds:"]
    lines += [f"  {s.name:<{width}}  {s.feed_url}  ({s.feed_format})" for s in site.sections]
    lines += [f"  {'All':<{width}}  {site.site_feed_url}  (rss)", "", "Press Ctrl-C to stop."]
    print("\n".join(lines), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nStopping.", flush=True)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
