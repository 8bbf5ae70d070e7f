"""Material's search entries of the generated pages: cached, cut by :mod:`bimtek.searchsplit`,
merged for the preview (where material keeps the entries of only one rebuilt page).

Each gives the index material alone writes: tests compare them.
"""

from __future__ import annotations

import functools
import json
import types

from . import mkdocs_write
from .cache import Cache, digest
from .mkdocs_write import WRITTEN_TEMPLATE, GeneratedFile

_SEARCH_INDEX = None
"""The theme's search index of this build, when it has one that :func:`cache_search_entries` understands."""
_SITE_PAGES: set[str] = set()
"""The URLs of this build's pages: the search index keeps no entry of another."""
_DIRTY = False
"""Whether this build is one of a preview's (bimtek serve), where more rebuilds follow."""


def cache_search_entries(config, cache: Cache, base: str, *, site_pages: set[str], dirty: bool) -> None:
    """Material's search parses the HTML of every page again (a third of a large build);
    for a generated page its entries follow from that HTML, title, toc and URL: reuse them.

    ``site_pages`` are the URLs of this build's pages; ``dirty``, whether it is one of a preview's.
    """
    global _SEARCH_INDEX, _SITE_PAGES, _DIRTY
    _SITE_PAGES, _DIRTY = site_pages, dirty
    search = next((plugin for name, plugin in config.plugins.items() if name.split("/")[-1] == "search"), None)
    index = getattr(search, "search_index", None)
    if index is None or not isinstance(getattr(index, "entries", None), list) or not isinstance(getattr(index, "config", None), dict):
        _SEARCH_INDEX = None
        return
    _SEARCH_INDEX = index
    _skip_needless_rewrites(config, search)
    if getattr(index, "bimtek_cached", False):
        return
    original = index.add_entry_from_context

    def add_entry_from_context(page) -> None:
        if not isinstance(page.file, GeneratedFile):
            return original(page)
        if mkdocs_write.writing_ahead:
            return None  # the main process collects this page's entries (write_pages_in_parallel)
        key = _search_key(page, base)
        stashed = getattr(page, "bimtek_search", None)  # from the page's cache entry (cached_render)
        if isinstance(stashed, list) and len(stashed) == 2 and stashed[0] == key:
            entries = stashed[1]
        else:
            entries = cache.get("search", key)
        if isinstance(entries, list) and all(isinstance(entry, dict) for entry in entries):
            index.entries.extend(entries)
            if mkdocs_write.content_done_with and page.meta.get("template") == WRITTEN_TEMPLATE:
                page.content = ""  # written already, read by nothing after this: search's own pass over it is moot
            return None
        start = len(index.entries)
        _index_page(index, page, original)
        cache.put("search", key, index.entries[start:])
        return None

    index.add_entry_from_context = add_entry_from_context
    index.generate_search_index = functools.partial(_merged_search_index, index, index.generate_search_index)
    index.bimtek_cached = True


def _skip_needless_rewrites(config, search) -> None:
    """Material's search removes the ``data-search-*`` attributes of every page's HTML with a
    regular expression over all of it (a tenth of writing a page); on a page without one it
    changes nothing, and :func:`_search_page_context` leaves it out there."""
    if type(search).__module__ != "material.plugins.search.plugin":
        return
    handlers = config.plugins.events.get("page_context", [])
    for position, handler in enumerate(handlers):
        if getattr(handler, "__self__", None) is search and getattr(handler, "__func__", None) is type(search).on_page_context:
            handlers[position] = types.MethodType(_search_page_context, search)  # still the search plugin's


def _search_page_context(self, context, *, page, config, nav):
    """Material's search ``on_page_context``; its rewrite of the page's HTML only where it has something to remove."""
    if "data-search-" in (page.content or ""):
        return type(self).on_page_context(self, context, page=page, config=config, nav=nav)
    if self.config.enabled:
        self.search_index.add_entry_from_context(page)
    return None


def _merged_search_index(index, generate_search_index, prev) -> str:
    """Material's search index, where a dirty rebuild (bimtek serve) replaces the entries of
    every page it rebuilt and drops those of pages gone from the site.

    Material replaces only the first rebuilt page's entries (it expects one page per
    rebuild); an edit here rebuilds the lesson and the pages that show it, and the old
    entries of all but the first would pile up in the preview's search with each edit.
    Written from each entry's JSON, kept for the next rebuild (from the preview's first build on).
    """
    if not index.entries or (prev is None and not _DIRTY):
        return generate_search_index(prev)
    entries = index.entries
    if prev is not None:
        kept = _SITE_PAGES - {_page_of(entry) for entry in entries}  # pages in the site, not rebuilt
        entries = [entry for entry in prev.entries if _page_of(entry) in kept] + entries
    index.entries = []
    try:
        empty = generate_search_index(None)  # material's settings, as material writes them
    finally:
        index.entries = entries
    if not empty.endswith(',"docs":[]}'):
        return generate_search_index(None)
    return empty[:-2] + ",".join(_encoded_entries(entries)) + "]}"


_ENCODED: dict[int, tuple[dict, str]] = {}
"""The JSON of each search entry of the last rebuild (by the entry's identity, the entry held)."""


def _encoded_entries(entries: list[dict]) -> list[str]:
    """Each entry as ``json.dumps`` of the whole index writes it; those of earlier rebuilds are not encoded
    again (the index of a thousand lessons is 20 MB: encoding it was a tenth of a preview edit)."""
    global _ENCODED
    encoded: dict[int, tuple[dict, str]] = {}
    for entry in entries:
        found = _ENCODED.get(id(entry))
        if found is None or found[0] is not entry:
            found = (entry, json.dumps(entry, separators=(",", ":"), default=str))
        encoded[id(entry)] = found
    _ENCODED = encoded
    return [encoded[id(entry)][1] for entry in entries]


def _page_of(entry: dict) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]


def _index_page(index, page, add_entry_from_context) -> None:
    """``add_entry_from_context(page)`` of material's search, with the page cut into
    sections by :mod:`bimtek.searchsplit` (the same sections, five times faster)."""
    sections = None
    if type(index).__module__ == "material.plugins.search.plugin" and not (page.meta.get("search") or {}).get("exclude"):
        from .searchsplit import split_sections

        sections = split_sections(page.content or "")
    if sections is None:
        add_entry_from_context(page)
        return
    for section in sections:  # what material's add_entry_from_context does with its parser's sections
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


def _search_key(page, base: str) -> str:
    meta = {k: v for k, v in page.meta.items() if not (k == "template" and v == WRITTEN_TEMPLATE)}
    return digest(base, page.url, str(page.title), page.content or "", json.dumps(toc_tokens(page.toc)),
                  json.dumps(meta, default=str, sort_keys=True))




def entries_of(page, base: str) -> list | None:
    """The search entries of ``page`` (its HTML rendered) and their key, found where the page is
    (a worker of the Markdown pass); None when the build has no search index this module knows."""
    if _SEARCH_INDEX is None:
        return None
    index = type(_SEARCH_INDEX)(**_SEARCH_INDEX.config)
    _index_page(index, page, index.add_entry_from_context)
    return [_search_key(page, base), index.entries]


def toc_tokens(items) -> list[dict]:
    """A table of contents as the JSON of its items (as Python-Markdown's ``toc_tokens``)."""
    return [{"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)} for a in items]
