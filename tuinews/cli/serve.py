"""`tuinews serve`: the same app in a web browser tab, through textual-serve.

Each browser tab that connects gets its own `tuinews` process, started with the global
options this command was given (`--demo`, `--config`, `--offline`). In a tab, `o` hands
the story's link to the web page, which opens it in a new tab of the user's browser.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from typing import TYPE_CHECKING, Any

from tuinews.cli import Command
from tuinews.cli.common import fail

if TYPE_CHECKING:
    from tuinews.core.service import NewsService


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, not {port}")
    return port


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `serve` parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve the app in a web browser tab (one tuinews per tab)",
        description=(
            "Serve tuinews to a web browser with textual-serve. Open the address it prints; "
            "each tab runs its own tuinews with the global options given before `serve`."
        ),
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000)"
    )
    return parser


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each tab: this tuinews, same global options.

    textual-serve starts it through a shell, so every word is quoted.
    """
    argv = [sys.executable, "-m", "tuinews"]
    if args.config:
        argv += ["--config", str(args.config.expanduser().resolve())]
    if args.offline:
        argv.append("--offline")
    if args.demo:
        argv.append("--demo")
    return shlex.join(argv)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(service: NewsService, args: argparse.Namespace) -> int:
    """Serve the app until interrupted; 2 when the address cannot be listened on."""
    from textual_serve.server import Server

    if not _loopback(args.host):
        print(
            f"tuinews: anyone who can reach {args.host}:{args.port} can use this tuinews.",
            file=sys.stderr,
        )
    server = Server(app_command(args), host=args.host, port=args.port, title="tuinews")
    try:
        server.serve()
    except OSError as error:
        return fail(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    return 0


COMMAND = Command(name="serve", register=register, run=run)
