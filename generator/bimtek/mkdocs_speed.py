"""What keeps a large MkDocs build fast; the plugin (:mod:`bimtek.mkdocs_plugin`) calls it.

- MkDocs' Markdown pass over a generated page is cached, and on a cold build run
  on all cores before MkDocs gets to the page; its finished HTML blocks are
  handed past Python-Markdown (:mod:`bimtek.rawhtml`).
- Material's search entries of a generated page are cached, and found by
  :mod:`bimtek.searchsplit` when they are not.
- The generated pages' HTML files are written on all cores
  (:func:`write_pages_in_parallel`), where no plugin needs to see them written.

Each gives the same files as MkDocs alone: tests compare them.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import types
from pathlib import Path

import jinja2

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .cache import Cache, digest
from .parallel import MIN_JOBS, cores, heaviest_first, parallel_map
from .markdown_engine import render_page
from .rawhtml import PLACEHOLDER_TEXT, anchor_ids, protect_html, restore_html
from .render import reuse_compiled_templates


class GeneratedFile(File):
    """A generated page or asset; a dirty rebuild skips it when it is unchanged."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


def cached_render(page, render, cache: Cache, base: str, config, files) -> None:
    """MkDocs' Markdown pass over a generated page, or its result from the last build with the same input.

    Python-Markdown re-parses every HTML block of a page (most of a lesson page):
    with a thousand lessons it is the largest part of a build. Its result is a
    function of the page's Markdown, the Markdown settings and the list of files.
    """
    key = render_key(page, base)
    entry, content = _FRESH.pop(key, (None, None))  # a worker's result of this build, or the cache's
    if entry is None:
        entry = cache.get("mkdocs-page", key)
        content = cache.get("mkdocs-html", key) if isinstance(entry, dict) else None
    if isinstance(content, str):
        try:
            page.content, page.toc = content, get_toc(entry["toc"])
            page._title_from_render, page.present_anchor_ids = entry["title"], set(entry["anchors"])
            if page.links_to_anchors is not None or entry["own_links"]:
                page.links_to_anchors = {page.file: dict(entry["own_links"])} if entry["own_links"] else {}
            page.bimtek_search = entry.get("search")  # its search entries, if a worker found them (one file, not two)
            return
        except (KeyError, TypeError, ValueError):  # an entry of another shape: render it
            pass
    _render_protected(page, render, config, files)
    _store(page, key, cache)


def _render_protected(page, render, config, files) -> None:
    """MkDocs' Markdown pass over a generated page, its finished HTML blocks handed past it
    (:mod:`bimtek.rawhtml`): the same page, in a third of the time."""
    source = page.markdown or ""
    page.markdown, blocks = protect_html(source)
    if getattr(render, "__func__", None) is Page.render:  # MkDocs' own method: the same with a kept engine
        render = functools.partial(render_page, page)
    if blocks and isinstance(render, functools.partial) and render.func is render_page:
        render = functools.partial(render, placeholders=PLACEHOLDER_TEXT)
    try:
        render(config, files)
    finally:
        page.markdown = source
    if blocks:
        page.content = restore_html(page.content, blocks)
        page.present_anchor_ids = set(page.present_anchor_ids or ()) | anchor_ids(blocks)


def render_key(page, base: str) -> str:
    """The key of a page's Markdown pass in the cache (kept on the page while its Markdown is the same string)."""
    kept = getattr(page, "bimtek_render_key", None)
    if kept is not None and kept[0] is page.markdown and kept[1] == base:
        return kept[2]
    key = digest(base, page.file.src_uri, page.url, page.markdown or "")
    page.bimtek_render_key = (page.markdown, base, key)
    return key


def _read_once(page) -> None:
    """Make MkDocs' loop, which reads each page again, take the source read here (the same file, this build)."""
    markdown, meta = page.markdown, page.meta

    def read_source(config) -> None:
        del page.read_source  # the page's own method again
        page.markdown, page.meta = markdown, copy.deepcopy(meta)

    page.read_source = read_source


def _render_into_cache(page, *, cache: Cache, base: str, config, files) -> tuple[str, dict, str] | None:
    """A worker's Markdown pass over one page, left in the cache for the next build and handed
    back to the main process, with the page's search entries (found while this worker holds the page)."""
    _render_protected(page, functools.partial(render_page, page), config, files)
    search = None
    if _SEARCH_INDEX is not None:
        index = type(_SEARCH_INDEX)(**_SEARCH_INDEX.config)
        _index_page(index, page, index.add_entry_from_context)
        search = [_search_key(page, base), index.entries]
    key = render_key(page, base)
    entry = _store(page, key, cache, search)
    return (key, entry, page.content or "") if entry is not None else None


_FRESH: dict[str, tuple[dict, str]] = {}
"""The Markdown pass of this build's workers, by page key, until MkDocs' loop takes each (:func:`cached_render`):
handed back with the work, received while the workers go on, instead of read from the cache after them."""


_SEARCH_INDEX = None
"""The theme's search index of this build, when it has one that :func:`cache_search_entries` understands."""
_SITE_PAGES: set[str] = set()
"""The URLs of this build's pages: the search index keeps no entry of another."""
_DIRTY = False
"""Whether this build is one of a preview's (bimtek serve), where more rebuilds follow."""
_WRITING_AHEAD = False
"""True while :func:`write_pages_in_parallel` writes a page: its search entries are collected later."""
_CONTENT_DONE_WITH = False
"""True when no plugin but known ones reads a page's HTML after it is written (see :func:`_content_done_with`)."""
_KNOWN_PLUGINS = ("material.plugins.search.plugin", "material.plugins.offline.plugin", "mkdocs.contrib.search",
                  "bimtek.mkdocs_plugin")


def cache_search_entries(config, cache: Cache, base: str) -> None:
    """Material's search parses the HTML of every page again (a third of a large build);
    for a generated page its entries follow from that HTML, title, toc and URL: reuse them."""
    global _SEARCH_INDEX
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
        if _WRITING_AHEAD:
            return None  # the main process collects this page's entries (write_pages_in_parallel)
        key = _search_key(page, base)
        stashed = getattr(page, "bimtek_search", None)  # from the page's cache entry (cached_render)
        if isinstance(stashed, list) and len(stashed) == 2 and stashed[0] == key:
            entries = stashed[1]
        else:
            entries = cache.get("search", key)
        if isinstance(entries, list) and all(isinstance(entry, dict) for entry in entries):
            index.entries.extend(entries)
            if _CONTENT_DONE_WITH and page.meta.get("template") == WRITTEN_TEMPLATE:
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
    return digest(base, page.url, str(page.title), page.content or "", json.dumps(_toc_tokens(page.toc)),
                  json.dumps(meta, default=str, sort_keys=True))


def _store(page, key: str, cache: Cache, search: list | None = None) -> dict | None:
    links = page.links_to_anchors or {}
    if set(links) <= {page.file}:  # links to other files' anchors would name File objects: not cached
        entry = {"toc": _toc_tokens(page.toc), "title": page._title_from_render,
                 "anchors": sorted(page.present_anchor_ids or ()), "own_links": links.get(page.file, {})}
        if search is not None:
            entry["search"] = search
        # The HTML apart, as a text (its bytes): inside the JSON, encoding and decoding
        # its escaped quotes was most of the time a warm build spent reading these entries.
        cache.put("mkdocs-html", key, page.content or "")
        cache.put("mkdocs-page", key, entry)
        return entry
    if search is not None:
        cache.put("search", *search)
    return None


def _toc_tokens(items) -> list[dict]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in items]


def render_ahead(files, config, cache: Cache, base: str, *, dirty: bool) -> None:
    """A cold build: run MkDocs' Markdown pass over the uncached generated pages on all
    cores now; each page then finds its result in the cache when MkDocs gets to it."""
    pending = []
    for file in files.documentation_pages():
        if isinstance(file, GeneratedFile) and file.page is not None and not (dirty and file.unchanged):
            file.page.read_source(config)
            _read_once(file.page)
            if not cache.has("mkdocs-page", render_key(file.page, base)):
                pending.append(file.page)
    global _SITE_PAGES, _DIRTY
    _SITE_PAGES, _DIRTY = {file.url for file in files.documentation_pages()}, dirty
    cache_search_entries(config, cache, base)
    pending = heaviest_first(pending, _page_cost)  # the catalogue-wide pages weigh dozens of lessons
    _FRESH.clear()
    for result in parallel_map(functools.partial(_render_into_cache, cache=cache, base=base, config=config, files=files), pending):
        if result is not None:
            _FRESH[result[0]] = result[1:]


def _page_cost(page) -> int:
    return len(page.markdown or "")


def compile_theme_once(config) -> None:
    """Let every Jinja environment of this build's theme reuse the templates compiled by earlier builds."""
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        reuse_compiled_templates(env)
        env.list_templates = functools.partial(_list_theme_files, env, theme)  # type: ignore[method-assign]
        return env

    theme.get_env = get_env


_LISTED: dict[tuple, list[str]] = {}


def _list_theme_files(env: jinja2.Environment, theme, extensions=None, filter_func=None) -> list[str]:
    """``env.list_templates``, where MkDocs lists the theme's static files on every build: an
    installed theme's (material's ten thousand icons) are listed once per process. Folders
    outside the installed packages (a project's overrides) are listed every time."""
    if extensions is not None or getattr(filter_func, "__qualname__", "") != "Files.add_files_from_theme.<locals>.filter":
        return jinja2.Environment.list_templates(env, extensions, filter_func)
    names: set[str] = set()
    for folder in theme.dirs:
        if not _installed(folder):
            names.update(name for name in jinja2.FileSystemLoader(folder).list_templates() if filter_func(name))
            continue
        key = (folder, tuple(sorted(theme.static_templates)))  # what the filter depends on, besides the name
        if key not in _LISTED:
            _LISTED[key] = [name for name in jinja2.FileSystemLoader(folder).list_templates() if filter_func(name)]
        names.update(_LISTED[key])
    return sorted(names)


@functools.lru_cache(maxsize=64)
def _installed(folder: str) -> bool:
    import sysconfig

    resolved = Path(folder).resolve()
    packages = {Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib")}
    return any(resolved.is_relative_to(place) for place in packages)


WRITTEN_TEMPLATE = "bimtek-written.html"
"""The template of a page already written by :func:`write_pages_in_parallel`: it renders nothing."""


def write_pages_in_parallel(config, files, nav, env, *, serving: bool, dirty: bool, previous=None) -> set[str]:
    """Write the generated pages' HTML files on all cores, before MkDocs' own loop writes them one by one.

    Material's page template (most of it the navigation) is the largest serial part
    of a large build. Each page written here gets a template that renders nothing,
    so that MkDocs' loop writes no file for it, yet still runs every plugin's
    ``on_page_context`` for it here (search collects its entries there). Done only
    when no plugin handles ``post_page``: such a plugin would see an empty page.
    With ``previous`` (a :class:`bimtek.reuse.PreviousSite`, the site this build replaces),
    a page whose file there was made from the same inputs is taken over from it instead.
    Returns the ``src_uri`` of each page written.
    """
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.files import InclusionLevel

    global _CONTENT_DONE_WITH
    _CONTENT_DONE_WITH = False
    write = getattr(mkdocs_build, "_build_page", None)  # MkDocs 1.6's page writer (MkDocs 1 is final)
    if write is None or cores() < 2 or config.plugins.events.get("post_page"):
        return set()
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve if serving else InclusionLevel.is_included)
    static = {file.abs_dest_path for file in files if not file.is_documentation_page()}  # written later, they would win
    pages = [file.page for file in doc_files if isinstance(file, GeneratedFile) and file.page is not None
             and not (dirty and not file.is_modified()) and file.abs_dest_path not in static]
    if len(pages) < MIN_JOBS:
        return set()
    todo = previous.take_over(pages, config, nav) if previous is not None else pages
    todo = heaviest_first(todo, _page_cost)
    job = functools.partial(_write_page, write=write, config=config, doc_files=doc_files, nav=nav, env=env)
    for page, records in zip(todo, parallel_map(job, todo)):
        _tell(records)  # a worker's warnings, told (and counted by --strict) here
        if records and previous is not None:
            previous.forget(page.file.dest_uri)
    for page in pages:
        page.meta["template"] = WRITTEN_TEMPLATE
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({WRITTEN_TEMPLATE: ""}), env.loader])
    _CONTENT_DONE_WITH = _content_done_with(config)
    written = {page.file.src_uri for page in pages}
    _HIDE_SKIPPED.written = written
    return written


def _content_done_with(config) -> bool:
    """Whether only known plugins see pages after they are written (``page_context``, ``post_build``):
    then a written page's HTML is not needed again, and search need not scan it a second time."""
    return only_known_plugins_handle(config, ("page_context", "post_build"))


def only_known_plugins(config) -> bool:
    """Whether every plugin and hook of this build is a known one (none could change the nav while pages are drawn)."""
    return all(type(plugin).__module__ in _KNOWN_PLUGINS for plugin in config.plugins.values())


def only_known_plugins_handle(config, events: tuple[str, ...]) -> bool:
    """Whether every handler of these MkDocs events is a known plugin's (no hook, no other plugin)."""
    handlers = [handler for name in events for handler in config.plugins.events.get(name, [])]
    return all(type(getattr(handler, "__self__", None)).__module__ in _KNOWN_PLUGINS for handler in handlers)


def _write_page(page, *, write, config, doc_files, nav, env) -> list[tuple[str, int, str]]:
    """MkDocs' ``_build_page`` for one page; what it logs is collected, to be told by the main process
    (but for what plugins log from ``on_page_context``: MkDocs' own loop runs that again there)."""
    global _WRITING_AHEAD
    records: list[tuple[str, int, str]] = []
    collect = _Collect(records)
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [collect], False
    plugins = config.plugins
    run_page_context = plugins.on_page_context

    def on_page_context(*args, **kwargs):
        collect.muted = True
        try:
            return run_page_context(*args, **kwargs)
        finally:
            collect.muted = False

    plugins.on_page_context = on_page_context
    _WRITING_AHEAD = True
    try:
        write(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
    except BaseException:
        logger.handlers, logger.propagate = saved
        _tell(records)
        raise
    finally:
        logger.handlers, logger.propagate = saved
        del plugins.on_page_context  # the collection's own method again
        _WRITING_AHEAD = False
    return records


def _tell(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


class _Collect(logging.Handler):
    def __init__(self, records: list) -> None:
        super().__init__(logging.DEBUG)
        self.records = records
        self.muted = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO and not self.muted:
            self.records.append((record.name, record.levelno, record.getMessage()))


class _HideSkipped(logging.Filter):
    """MkDocs says "Page skipped ... empty output" of each page :func:`write_pages_in_parallel` wrote: not so."""

    def __init__(self) -> None:
        super().__init__()
        self.written: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Page skipped: '") and message.endswith("'. Generated empty output."):
            return message[len("Page skipped: '"):-len("'. Generated empty output.")] not in self.written
        return True


_HIDE_SKIPPED = _HideSkipped()
logging.getLogger("mkdocs.commands.build").addFilter(_HIDE_SKIPPED)
