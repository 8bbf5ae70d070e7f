"""The participant site's address on paper: as text, and as a QR code a phone's camera opens.

Organisers put the agenda on the venue's wall and hand out the workbook and the handouts; with
the workshop's ``site_url`` each of them tells participants where the interactive version is
(quizzes that mark themselves, checklists and worksheets kept on the phone), and a handout where
its own lesson is. The code is drawn by segno as an SVG in the HTML itself: no file, no network.
"""

from __future__ import annotations

import functools

import segno
from markupsafe import Markup, escape

from .project import Project


def site_address(project: Project, page: str = "index.md") -> str | None:
    """The web address of a generated page (``lessons/x.md``) of the published site; None without ``site_url``."""
    base = project.workshop.site_url
    if not base:
        return None
    if page == "index.md":
        return base
    return base + (page[:-3] + ".html" if page.endswith(".md") else page)  # the site's pages are .html files


@functools.lru_cache(maxsize=4096)
def qr_code(address: str) -> Markup:
    """An ``<img>`` of the QR code of ``address`` (medium error correction: it still reads when a corner is creased)."""
    code = segno.make(address, error="m", micro=False)
    source = code.svg_data_uri(scale=1, border=2, xmldecl=False, svgns=True, dark="#000", light="#fff")
    return Markup('<img class="qr-code" src="{}" alt="QR: {}">').format(source, escape(address))
