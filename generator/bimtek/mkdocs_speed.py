"""What keeps a large MkDocs build fast; the plugin (:mod:`bimtek.mkdocs_plugin`) calls it.

- MkDocs' Markdown pass over a generated page is cached, and on a cold build run
  on all cores before MkDocs gets to the page; its finished HTML blocks are
  handed past Python-Markdown (:mod:`bimtek.rawhtml`).
- Material's search entries of a generated page are found in the same pass, and
  cached (:mod:`bimtek.mkdocs_search`).
- The generated pages' HTML files are written on all cores
  (:mod:`bimtek.mkdocs_write`), where no plugin needs to see them written.

Each gives the same files as MkDocs alone: tests compare them.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import jinja2

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .cache import Cache, digest
from .parallel import heaviest_first, parallel_map
from .markdown_engine import render_page
from .mkdocs_search import cache_search_entries, entries_of, toc_tokens
from .mkdocs_write import GeneratedFile, page_cost
from .rawhtml import PLACEHOLDER_TEXT, anchor_ids, protect_html, restore_html
from .compiled import reuse_compiled_templates


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
    (:mod:`bimtek.rawhtml`): the same page, in a third of the time. ``render`` is the page's
    ``render`` method (None: MkDocs' own)."""
    source = page.markdown or ""
    page.markdown, blocks = protect_html(source)
    try:
        if render is None or getattr(render, "__func__", None) is Page.render:  # MkDocs' own: the same, a kept engine
            render_page(page, config, files, placeholders=PLACEHOLDER_TEXT if blocks else None)
        else:
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
    _render_protected(page, None, config, files)
    search = entries_of(page, base)
    key = render_key(page, base)
    entry = _store(page, key, cache, search)
    return (key, entry, page.content or "") if entry is not None else None


_FRESH: dict[str, tuple[dict, str]] = {}
"""The Markdown pass of this build's workers, by page key, until MkDocs' loop takes each (:func:`cached_render`):
handed back with the work, received while the workers go on, instead of read from the cache after them."""


def _store(page, key: str, cache: Cache, search: list | None = None) -> dict | None:
    links = page.links_to_anchors or {}
    if set(links) <= {page.file}:  # links to other files' anchors would name File objects: not cached
        entry = {"toc": toc_tokens(page.toc), "title": page._title_from_render,
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
    cache_search_entries(config, cache, base, site_pages={file.url for file in files.documentation_pages()}, dirty=dirty)
    pending = heaviest_first(pending, page_cost)  # the catalogue-wide pages weigh dozens of lessons
    _FRESH.clear()
    for result in parallel_map(functools.partial(_render_into_cache, cache=cache, base=base, config=config, files=files), pending):
        if result is not None:
            _FRESH[result[0]] = result[1:]


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
        if not is_installed_folder(folder):
            names.update(name for name in jinja2.FileSystemLoader(folder).list_templates() if filter_func(name))
            continue
        key = (folder, tuple(sorted(theme.static_templates)))  # what the filter depends on, besides the name
        if key not in _LISTED:
            _LISTED[key] = [name for name in jinja2.FileSystemLoader(folder).list_templates() if filter_func(name)]
        names.update(_LISTED[key])
    return sorted(names)


@functools.lru_cache(maxsize=64)
def is_installed_folder(folder: str) -> bool:
    """Whether ``folder`` lies in this environment's installed packages (an installed theme's
    files change only with the package; a project's own overrides may change at any time)."""
    import sysconfig

    resolved = Path(folder).resolve()
    packages = {Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib")}
    return any(resolved.is_relative_to(place) for place in packages)
