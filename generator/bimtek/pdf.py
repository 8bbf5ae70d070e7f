"""HTML + print CSS -> PDF with WeasyPrint: metadata, bookmarks, tags, reproducibility.

Kept apart from :mod:`bimtek.handouts` (which decides what goes into which
PDF) so that the PDF engine is one small, replaceable step. The function
:func:`render_pdf` runs in worker processes, so it takes and returns plain data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

PAPER_SIZES = {"A4": "A4", "Letter": "letter"}


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: its HTML, the CSS, where relative URLs (fonts) resolve."""

    name: str
    html: str
    css: str
    base_url: str


def render_pdf(job: PdfJob) -> tuple[str, bytes, int]:
    """Render one job; returns its name, the PDF bytes and its page count.

    Output is byte-identical for identical input: the document dates come from
    the HTML's ``dcterms`` meta tags (set from the content, never the clock), and
    fonts are subset by HarfBuzz (Debian's libharfbuzz-subset0), which, unlike the
    fontTools fallback, writes no timestamp.
    """
    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=job.html, base_url=job.base_url).render(
        stylesheets=[CSS(string=job.css, base_url=job.base_url)]
    )
    data = document.write_pdf(pdf_tags=True, pdf_identifier=job.name.encode("utf-8"))
    return job.name, data, len(document.pages)
