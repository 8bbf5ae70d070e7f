"""Share the built site with the participants in the room: no internet, no web host.

A venue's connection is often too weak for thirty phones, and some rooms have none.
The trainer's laptop can serve ``site/`` itself over the venue's Wi-Fi or its own
hotspot: ``bimtek share`` serves the folder (only ``site/``: the private papers stay
out), and prints the address a phone in the same network opens, with its QR code to
show on the projector.
"""

from __future__ import annotations

import errno
import functools
import socket
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil
import segno

from .errors import ShareError
from .i18n import Translator
from .qr import qr_code
from .render import standalone_template

PORT = 8000
PORTS_TRIED = 10
"""When the port is taken (a preview already running, say), the next ones are tried."""


def network_addresses() -> list[str]:
    """This machine's IPv4 addresses that the other devices of its networks can reach: the one
    its default route goes through first, then those of its other interfaces (a hotspot it
    runs has no default route); no loopback or link-local address."""
    interfaces = [address.address for addresses in psutil.net_if_addrs().values()
                  for address in addresses if address.family == socket.AF_INET]
    found = [_default_route_address(), *interfaces]
    return [address for address in dict.fromkeys(found) if address and not address.startswith(("127.", "169.254.", "0."))]


def _default_route_address() -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            # No packet is sent: connecting a UDP socket only asks the system which
            # interface it would send through.
            probe.connect(("10.254.254.254", 1))
            return probe.getsockname()[0]
    except OSError:  # no default route (no network, or a hotspot without internet)
        return None


PROJECTOR_PAGE = "/_share.html"
"""Where the server shows the page for the projector (no page of a built site starts with '_')."""


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site's files, and the pages kept in ``pages`` (path -> HTML) from memory; no
    folder is listed, and no request is logged (a room of phones would flood the terminal)."""

    pages: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        body = self.pages.get(urllib.parse.urlsplit(self.path).path)
        if body is None:
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def list_directory(self, path: str) -> None:
        # A folder without a page (handouts/, lessons/) is no page of the site: not listed.
        self.send_error(404, "File not found")
        return None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def serve_site(site: Path, port: int = PORT, pages: dict[str, bytes] | None = None) -> ThreadingHTTPServer:
    """A server of ``site`` on every interface at ``port`` (or the next free one; 0: any free port),
    and of ``pages`` (path -> HTML; the dict may be filled once the port is known)."""
    handler_class = type("SiteHandler", (_SiteHandler,), {"pages": {} if pages is None else pages})
    handler = functools.partial(handler_class, directory=str(site))
    tries = 1 if port == 0 else PORTS_TRIED
    for candidate in range(port, port + tries):
        try:
            return ThreadingHTTPServer(("", candidate), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or candidate == port + tries - 1:
                raise ShareError(f"cannot serve on port {candidate}: {exc.strerror or exc}; choose another with --port") from None
    raise AssertionError("unreachable")


_DARK, _LIGHT, _RESET = "\x1b[40m  ", "\x1b[107m  ", "\x1b[0m"
"""A module as two spaces on a black or a bright white background: a square that reads on a dark
or a light terminal alike (segno's own drawing reverses the terminal's colours, which inverts
the code on a light one)."""


def terminal_qr(address: str) -> str:
    """The QR code of ``address`` drawn in the terminal, black on white, with its quiet zone of four modules."""
    code = segno.make(address, error="m", micro=False)
    rows = ("".join(_DARK if dark else _LIGHT for dark in row) + _RESET for row in code.matrix_iter(border=4))
    return "\n".join(rows) + "\n"


def projector_page(root: Path, language: str, title: str, address: str, others: list[str]) -> bytes:
    """The page to show on the projector: the workshop, the address and its QR code, large."""
    html = standalone_template(root, "share", "projector.html.j2").render(t=Translator(language), language=language, title=title, address=address,
                           qr=qr_code(address), others=others)
    return html.encode("utf-8")
