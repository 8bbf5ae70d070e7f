"""HTML + print CSS -> PDF with WeasyPrint: metadata, bookmarks, tags, reproducibility.

Kept apart from :mod:`bimtek.handouts` (which decides what goes into which
PDF) so that the PDF engine is one small, replaceable step. The function
:func:`render_pdf` runs in worker processes, so it takes and returns plain data.
"""

from __future__ import annotations

import collections
import logging
import multiprocessing.util
import os
import re
from dataclasses import dataclass
from typing import Any

from .cache import digest

PAPER_SIZES = {"A4": "A4", "Letter": "letter"}


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: its HTML, the CSS, where relative URLs (fonts) resolve."""

    name: str
    html: str
    css: str
    base_url: str
    pictures: str = ""
    """A digest of the project's pictures the HTML shows (their file addresses are in it, not their bytes)."""
    taller_than_a_page: tuple[str, ...] = ()
    """Blocks that an earlier layout found no page could hold (known by :func:`block_keys`):
    marked before the first layout, which then need not be done twice."""

    @property
    def cost(self) -> int:
        """A rough measure of the work (layout time grows with the HTML): the longest go first."""
        return len(self.html)


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered job: the PDF, its pages, and what the layout found out about its blocks."""

    name: str
    data: bytes
    pages: int
    blocks: dict[str, bool]
    """Each block kept whole (by id), and whether no page could hold it."""
    layouts: int
    """How many times the document was laid out (1, or more when a block had to split)."""


def render_pdf(job: PdfJob) -> RenderedPdf:
    """Render one job into a PDF.

    Output is byte-identical for identical input, whatever the process rendered
    before: the document dates come from the HTML's ``dcterms`` meta tags (set
    from the content, never the clock), fonts are subset by HarfBuzz (Debian's
    libharfbuzz-subset0), which, unlike the fontTools fallback, writes no
    timestamp, and the fonts of the stylesheet are loaded once per process
    (:func:`_stylesheet`), so every document names them alike.
    """
    from weasyprint import HTML

    stylesheet, font_config = _stylesheet(job.css, job.base_url)
    fetcher = local_fetcher()

    def layout(html: str) -> Any:
        return HTML(string=html, base_url=job.base_url, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=font_config)

    marked = [name for name in job.taller_than_a_page if f'id="{name}"' in job.html]
    document = layout(mark_taller_than_a_page(job.html, marked))
    layouts = 1
    for _ in range(3):  # laid out again, letting those split where they fall (which moves the blocks after them)
        tall = [name for name in taller_than_a_page(document) if name not in marked]
        if not tall:
            break
        marked += tall
        document = layout(mark_taller_than_a_page(job.html, marked))
        layouts += 1
    data = document.write_pdf(pdf_tags=True, pdf_identifier=job.name.encode("utf-8"))
    blocks = {name: name in marked for page in document.pages for name in page.anchors if name.startswith(KEEP_WHOLE)}
    return RenderedPdf(job.name, data, len(document.pages), blocks, layouts)


LOCAL_SCHEMES = ("file", "data")
"""What a handout may load: the project's files (pictures, fonts) and inline data (QR codes), never the web."""


def local_fetcher() -> Any:
    """WeasyPrint's fetcher, refusing every URL outside :data:`LOCAL_SCHEMES`.

    A picture from another site would make the PDF depend on the network at build time
    (a venue laptop has none, and each try waits for its timeout) and on what that site
    serves that day, which no cache key can see. ``bimtek check`` warns of such a picture;
    the handout shows its alternative text in its place.
    """
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols=LOCAL_SCHEMES, timeout=5)


KEEP_WHOLE = "whole-"
"""Prefix of the ids of blocks the print CSS keeps on one page (exercises)."""
HEADING_OF = "before-"
"""Prefix of the id of a heading kept with the block whose id follows (``before-whole-...``)."""


def taller_than_a_page(document: Any) -> list[str]:
    """The blocks kept whole that no page can hold, alone or after their heading.

    CSS cannot say "whole, unless it does not fit any page": kept whole, such a block is
    pushed to a new page (leaving the rest of the last one empty) and split there all
    the same; one that fits a page, but not with its heading, leaves the heading alone
    on a page. The print CSS lets a block marked ``data-taller-than-page`` split between
    its parts where it falls.
    """
    pages: dict[str, list[int]] = collections.defaultdict(list)
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            if name.startswith((KEEP_WHOLE, HEADING_OF)):
                pages[name].append(number)
    spread = {name for name, found in pages.items() if name.startswith(KEEP_WHOLE) and len(found) > 1}
    parted = {name[len(HEADING_OF):] for name, found in pages.items()
              if name.startswith(HEADING_OF) and pages.get(name[len(HEADING_OF):], found)[0] != found[-1]}
    return sorted(spread | parted)


_BLOCK_START = re.compile(r'<([a-z][a-z0-9]*)\b[^>]*\sid="(%s[^"]*)"' % KEEP_WHOLE)
_HEADING = re.compile(r'<(h[1-6])\b[^>]*\sid="%s(%s[^"]*)"[^>]*>.*?</\1>' % (HEADING_OF, KEEP_WHOLE), re.S)
_PAGE_STYLE = re.compile(r"<style>.*?</style>", re.S)


def block_keys(html: str, css: str) -> dict[str, str]:
    """A key for each block kept whole (``id="whole-..."``, not nesting its own tag): a digest of
    all that decides whether a page can hold it (its HTML, its heading's, the page style, the
    CSS), wherever it stands. What a layout found for one key holds for every later document."""
    head = html[:html.find("<body")]
    page_style = "".join(_PAGE_STYLE.findall(head))
    headings = {match.group(2): match.group(0) for match in _HEADING.finditer(html)}
    keys = {}
    for match in _BLOCK_START.finditer(html):
        tag, name = match.groups()
        end = html.find(f"</{tag}>", match.end())
        keys[name] = digest(css, page_style, html[match.start():end], headings.get(name, ""))
    return keys


def mark_taller_than_a_page(html: str, ids: list[str]) -> str:
    """``html`` with the blocks of ``ids`` marked ``data-taller-than-page``."""
    for name in ids:
        html = html.replace(f'id="{name}"', f'id="{name}" data-taller-than-page', 1)
    return html


def _stylesheet(css: str, base_url: str) -> tuple[Any, Any]:
    """The parsed print CSS and the fonts its ``@font-face`` rules load, kept for the next job.

    Parsing the stylesheet and loading its four font files again for every PDF
    took 0.07 s a document (a third of a one-page agenda; a lesson handout is
    about 0.8 s).
    """
    global _cleanup_registered
    key = (css, base_url)
    found = _STYLESHEETS.get(key)
    if found is not None:
        return found
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    if len(_STYLESHEETS) >= 4:  # a preview whose print CSS keeps changing
        _free_stylesheets()
    font_config = FontConfiguration()
    found = _STYLESHEETS[key] = (CSS(string=css, base_url=base_url, font_config=font_config,
                                                url_fetcher=local_fetcher()), font_config)
    if not _cleanup_registered:
        # A worker process ends without freeing anything (os._exit), and at the interpreter's
        # teardown WeasyPrint's removal of its font copies fails: remove them when the process ends.
        multiprocessing.util.Finalize(None, _free_stylesheets, exitpriority=0)
        _cleanup_registered = True
    return found


_STYLESHEETS: dict[tuple[str, str], tuple[Any, Any]] = {}
_cleanup_registered = False
_INHERITED: list[dict] = []
"""What forked workers inherited: the parent's configurations, whose font files are the parent's to remove."""


def _free_stylesheets() -> None:
    """Remove the font copies of this process's configurations (after a fork, the module holds the child's).

    WeasyPrint's own caches keep a configuration referenced, so it is not freed here;
    its ``__del__`` (which removes the copies) is run now, while the modules it needs
    are still there, and told that nothing is left for the later one (WeasyPrint 70).
    """
    for _, font_config in _STYLESHEETS.values():
        font_config.__del__()
        font_config._folder = None
    _STYLESHEETS.clear()


def _after_fork_in_child() -> None:
    global _STYLESHEETS, _cleanup_registered
    _INHERITED.append(_STYLESHEETS)
    _STYLESHEETS, _cleanup_registered = {}, False


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
