"""MkDocs' Markdown pass over a page (``Page.render``), with one Markdown engine per process.

MkDocs builds a new Python-Markdown engine, every extension loaded and registered
again, for each page. On a generated page, whose Markdown is a few headings around
placeholders (:mod:`bimtek.rawhtml`), that is a quarter of the pass. Python-Markdown's
documented way to convert another document with the same engine is ``reset()``;
:func:`render_page` does that where every processor of the engine comes from an
extension known to reset all it keeps (Python-Markdown's own, and
``pymdownx.details``), and calls MkDocs' own method otherwise. The page's
HTML, table of contents, title and anchors are those MkDocs alone gives (tests compare).
"""

from __future__ import annotations

import logging
import re

import markdown
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

_KNOWN_MODULES = ("markdown.", "pymdownx.details")
"""Where every processor of an engine that may be reused comes from (a prefix of its class's module)."""

_ENGINES: dict[str, markdown.Markdown | None] = {}


def render_page(page, config, files, *, placeholders: re.Pattern | None = None) -> None:
    """``page.render(config, files)``, as MkDocs 1.6 does it, with this process's engine for ``config``.

    A paragraph that is all a match of ``placeholders`` (:mod:`bimtek.rawhtml`'s, letters and
    digits that no inline pattern of a known extension matches) is left out of the inline pass.
    """
    md = _engine(config)
    if md is None or page.markdown is None:
        return mkdocs_pages.Page.render(page, config, files)
    md.reset()
    _Placeholders(placeholders).register(md)
    raw_html = mkdocs_pages._RawHTMLPreprocessor()
    raw_html._register(md)  # each registered under its name: this page's replaces the last page's
    anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = mkdocs_pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors
    return None


class _Placeholders(markdown.treeprocessors.Treeprocessor):
    """Marks each placeholder paragraph's text atomic, so that the inline pass skips it."""

    def __init__(self, pattern: re.Pattern | None) -> None:
        super().__init__()
        self.pattern = pattern

    def register(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(self, "bimtek_placeholders", 21)  # just before "inline" (20)

    def run(self, root) -> None:
        if self.pattern is None:
            return
        for element in root:
            if element.tag == "p" and element.text and len(element) == 0 and self.pattern.fullmatch(element.text):
                element.text = markdown.util.AtomicString(element.text)


def _engine(config) -> markdown.Markdown | None:
    """The engine this process keeps for ``config``'s extensions, or None where one may not be reused."""
    key = repr([config["markdown_extensions"], config["mdx_configs"]])
    if key not in _ENGINES:
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        _ENGINES.clear()  # one set of extensions at a time
        _ENGINES[key] = md if _all_known(md) else None
    return _ENGINES[key]


def _all_known(md: markdown.Markdown) -> bool:
    processors = [*md.preprocessors, *md.parser.blockprocessors, *md.inlinePatterns, *md.treeprocessors,
                  *md.postprocessors, *md.registeredExtensions]
    return all(type(item).__module__.startswith(_KNOWN_MODULES) for item in processors)
