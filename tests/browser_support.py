"""Helpers for the browser tests: Debian's Chromium driven by Playwright, a tiny
static server, request recording and axe-core (shipped in a PyPI package).

Nothing here downloads anything: Chromium is /usr/bin/chromium (the Makefile
installs it), axe.min.js comes with ``axe-playwright-python``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterator

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    """Debian's Chromium, or ``$BIMTEK_CHROMIUM``; ``None`` when there is none."""
    for candidate in (os.environ.get("BIMTEK_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class RequestLog:
    """Every request a page made, and JavaScript errors it raised."""

    base: str
    urls: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests that left the site (data: and blob: URLs stay inside the page)."""
        return [url for url in self.urls if not url.startswith((self.base, "data:", "blob:", "about:"))]


def record(page, base: str) -> RequestLog:
    """Record the requests and page errors of ``page``; a request outside ``base``
    is logged (the test fails on it) and stopped, so no test sends traffic out."""
    log = RequestLog(base)
    page.on("request", lambda request: log.urls.append(request.url))
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    # a pattern (not a Python predicate) so only outside requests reach Python
    page.route(re.compile("^(?!" + re.escape(base) + ")(https?|wss?|ftp):"), lambda route: route.abort())
    return log


@functools.lru_cache(maxsize=1)
def axe_script() -> str:
    """axe-core's axe.min.js as shipped in the axe-playwright-python wheel."""
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical"), rules: tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core in ``page`` (only the given ``rules``, if any); the violations of the
    given impacts, as short dicts."""
    page.evaluate(axe_script())
    options = {"resultTypes": ["violations"], **({"runOnly": list(rules)} if rules else {})}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in impacts
    ]
