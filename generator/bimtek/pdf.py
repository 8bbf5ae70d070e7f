"""HTML + print CSS -> PDF with WeasyPrint: metadata, bookmarks, tags, reproducibility.

Kept apart from :mod:`bimtek.handouts` (which decides what goes into which
PDF) so that the PDF engine is one small, replaceable step. The function
:func:`render_pdf` runs in worker processes, so it takes and returns plain data.
"""

from __future__ import annotations

import logging
import multiprocessing.util
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

PAPER_SIZES = {"A4": "A4", "Letter": "letter"}


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: its HTML, the CSS, where relative URLs (fonts) resolve."""

    name: str
    html: str
    css: str
    base_url: str

    @property
    def cost(self) -> int:
        """A rough measure of the work (layout time grows with the HTML): the longest go first."""
        return len(self.html)


def render_pdf(job: PdfJob) -> tuple[str, bytes, int]:
    """Render one job; returns its name, the PDF bytes and its page count.

    Output is byte-identical for identical input, whatever the process rendered
    before: the document dates come from the HTML's ``dcterms`` meta tags (set
    from the content, never the clock), fonts are subset by HarfBuzz (Debian's
    libharfbuzz-subset0), which, unlike the fontTools fallback, writes no
    timestamp, and the fonts of the stylesheet are loaded once per process
    (:func:`_stylesheet`), so every document names them alike.
    """
    from weasyprint import HTML

    stylesheet, font_config = _stylesheet(job.css, job.base_url)
    document = HTML(string=job.html, base_url=job.base_url).render(stylesheets=[stylesheet], font_config=font_config)
    data = document.write_pdf(pdf_tags=True, pdf_identifier=job.name.encode("utf-8"))
    return job.name, data, len(document.pages)


@lru_cache(maxsize=4)
def _stylesheet(css: str, base_url: str) -> tuple[Any, Any]:
    """The parsed print CSS and the fonts its ``@font-face`` rules load, kept for the next job.

    Parsing the stylesheet and loading its four font files again for every PDF
    took 0.07 s a document (a third of a one-page agenda; a lesson handout is
    about 0.8 s).
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font_config = FontConfiguration()
    stylesheet = CSS(string=css, base_url=base_url, font_config=font_config)
    # WeasyPrint removes the copies of the fonts it made when the configuration is freed;
    # a worker process ends without freeing it (os._exit), so remove them when it ends.
    multiprocessing.util.Finalize(font_config, font_config.__del__, exitpriority=0)
    return stylesheet, font_config
