"""Write the generated pages' HTML files on all cores, before MkDocs' own loop gets to them.

Material's page template (most of it the navigation) is the largest serial part of
a large build. :func:`write_pages_in_parallel` writes the generated pages in forked
workers with MkDocs' own page writer, then gives each a template that renders
nothing, so that MkDocs' loop writes no file for it yet still runs every plugin's
``on_page_context`` for it (search collects its entries there). The files are those
MkDocs alone writes (tests compare them).
"""

from __future__ import annotations

import functools
import logging

import jinja2

from mkdocs.structure.files import File

from .parallel import MIN_JOBS, cores, heaviest_first, parallel_map


class GeneratedFile(File):
    """A generated page or asset; a dirty rebuild skips it when it is unchanged."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


WRITTEN_TEMPLATE = "bimtek-written.html"
"""The template of a page already written by :func:`write_pages_in_parallel`: it renders nothing."""

writing_ahead = False
"""True while :func:`write_pages_in_parallel` writes a page: its search entries are collected later."""
content_done_with = False
"""True when no plugin but known ones reads a page's HTML after it is written (see :func:`_read_by_known_plugins_only`)."""
KNOWN_PLUGINS = ("material.plugins.search.plugin", "material.plugins.offline.plugin", "mkdocs.contrib.search",
                 "bimtek.mkdocs_plugin")


def page_cost(page) -> int:
    """How long a page takes to convert and write, roughly: its Markdown's length."""
    return len(page.markdown or "")


def write_pages_in_parallel(config, files, nav, env, *, serving: bool, dirty: bool, previous=None) -> set[str]:
    """Write the generated pages' HTML files on all cores, before MkDocs' own loop writes them one by one.

    Done only when no plugin handles ``post_page``: such a plugin would see an empty page.
    With ``previous`` (a :class:`bimtek.reuse.PreviousSite`, the site this build replaces),
    a page whose file there was made from the same inputs is taken over from it instead.
    Returns the ``src_uri`` of each page written.
    """
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.files import InclusionLevel

    global content_done_with
    content_done_with = False
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
    ordered = heaviest_first(todo, page_cost)
    job = functools.partial(_write_page, write=write, config=config, doc_files=doc_files, nav=nav, env=env)
    told = {id(page): records for page, records in zip(ordered, parallel_map(job, ordered))}
    for page in todo:  # in the site's order, as MkDocs' own loop would tell them
        records = told[id(page)]
        _tell(records)  # a worker's warnings, told (and counted by --strict) here
        if records and previous is not None:
            previous.forget(page.file.dest_uri)
    for page in pages:
        page.meta["template"] = WRITTEN_TEMPLATE
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({WRITTEN_TEMPLATE: ""}), env.loader])
    content_done_with = _read_by_known_plugins_only(config)
    written = {page.file.src_uri for page in pages}
    _HIDE_SKIPPED.written = written
    return written


def _read_by_known_plugins_only(config) -> bool:
    """Whether only known plugins see pages after they are written (``page_context``, ``post_build``):
    then a written page's HTML is not needed again, and search need not scan it a second time."""
    return only_known_plugins_handle(config, ("page_context", "post_build"))


def only_known_plugins(config) -> bool:
    """Whether every plugin and hook of this build is a known one (none could change the nav while pages are drawn)."""
    return all(type(plugin).__module__ in KNOWN_PLUGINS for plugin in config.plugins.values())


def only_known_plugins_handle(config, events: tuple[str, ...]) -> bool:
    """Whether every handler of these MkDocs events is a known plugin's (no hook, no other plugin)."""
    handlers = [handler for name in events for handler in config.plugins.events.get(name, [])]
    return all(type(getattr(handler, "__self__", None)).__module__ in KNOWN_PLUGINS for handler in handlers)


def _write_page(page, *, write, config, doc_files, nav, env) -> list[tuple[str, int, str]]:
    """MkDocs' ``_build_page`` for one page; what it logs is collected, to be told by the main process
    (but for what plugins log from ``on_page_context``: MkDocs' own loop runs that again there)."""
    global writing_ahead
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
    writing_ahead = True
    try:
        write(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())
    except BaseException:
        logger.handlers, logger.propagate = saved
        _tell(records)
        raise
    finally:
        logger.handlers, logger.propagate = saved
        del plugins.on_page_context  # the collection's own method again
        writing_ahead = False
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
