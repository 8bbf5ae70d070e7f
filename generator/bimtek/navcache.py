"""Draw each closed part of Material's navigation once, not once per page.

On a large catalogue Material's page template spends most of its time on the
navigation: every page draws every workshop, day group and tool page again. A
part of it that holds no open page (``nav_item.active`` false) comes out the same
on every page of one folder: its links are relative to the page's folder, and
nothing else in it depends on the page. Pages in other folders get the same HTML
too where each of its links shares as many leading parts with their folder (the
day pages, ``days/1/``, ``days/2/``, see a block of other days alike).
:func:`draw_closed_parts_once` makes Material's ``render`` macro keep such a part's
HTML for the build and hand it out again. The pages are byte for byte what Material alone writes (tests compare).

It is done only where that analysis holds: Material's own ``nav-item.html`` (not
an override), and no plugin or hook but known ones that could change a nav item
while pages are written.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from mkdocs.utils import _get_norm_url, _norm_parts

NAV_ITEM = "partials/nav-item.html"
_MACRO = "{% macro render(nav_item, path, level, parent) %}"
_DRAW = "_bimtek_draw_nav_item"
_GLOBAL = "bimtek_closed_nav_item"
# Appended to Material's template: ``render`` (what nav.html and the recursion call)
# hands a closed part to the Python function below, which calls Material's macro once.
_DRAWN_AS_IS = "{0}.active or {0}.pages or not page"
"""When Material draws an item itself: it is open, a blog view's, or drawn outside a page."""
_CHILD = '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'
# The loop over a drawn item's children asks the Python function straight for a closed child
# (a macro call less for each of the dozens of children of an open section).
_CHILD_ASKED = ('{{ ' + _GLOBAL + '(' + _DRAW + ', item, path ~ "_" ~ loop.index, level + 1, nav_item, page) '
                'if not (' + _DRAWN_AS_IS.format("item") + ') else render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}')
_WRAPPER = (
    "{% macro render(nav_item, path, level, parent) %}"
    "{% if " + _DRAWN_AS_IS.format("nav_item") + " %}{{ " + _DRAW + "(nav_item, path, level, parent) }}"
    "{% else %}{{ " + _GLOBAL + "(" + _DRAW + ", nav_item, path, level, parent, page) }}{% endif %}"
    "{% endmacro %}"
)


def draw_closed_parts_once(env: jinja2.Environment) -> bool:
    """Let ``env`` (a Material theme's) draw each closed navigation part once in this build.

    Returns whether it does: not when ``nav-item.html`` is not Material's own.
    """
    try:
        import material
    except ImportError:
        return False
    own = Path(material.__file__).parent / "templates" / NAV_ITEM
    try:
        source, filename, _ = env.loader.get_source(env, NAV_ITEM)
    except jinja2.TemplateNotFound:
        return False
    if filename is None or Path(filename).resolve() != own.resolve() or source.count(_MACRO) != 1:
        return False
    drawn: dict[tuple, tuple[object, str]] = {}
    links: dict[int, tuple[object, list[tuple[str, ...]]]] = {}

    def closed_nav_item(draw, nav_item, path, level, parent, page):
        """Material's HTML of ``nav_item`` (closed) on ``page``: drawn once for all pages that see its links alike."""
        given = not isinstance(parent, jinja2.Undefined)
        place = (id(nav_item), path, level, bool(parent.active) if given else None)
        folder = _folder(page.url)
        kept = drawn.get((*place, folder))
        if kept is None or kept[0] is not nav_item:  # the item is kept alive with its HTML: its id is not reused
            if id(nav_item) not in links or links[id(nav_item)][0] is not nav_item:
                links[id(nav_item)] = (nav_item, _link_parts(nav_item))
            # Pages in other folders (days/1/, days/2/) see the item's links alike when each link
            # shares as many leading parts with their folder and the folders are as deep.
            seen_as = (len(folder), *(_shared(folder, parts) for parts in links[id(nav_item)][1]))
            kept = drawn.get((*place, seen_as))
            if kept is None or kept[0] is not nav_item:
                html = draw(nav_item, path, level, parent) if given else draw(nav_item, path, level)
                kept = (nav_item, html)
                drawn[(*place, seen_as)] = kept
            drawn[(*place, folder)] = kept
        return kept[1]

    env.globals[_GLOBAL] = closed_nav_item
    env.loader = _WithWrapper(env.loader)
    return True


@functools.lru_cache(maxsize=4096)
def _folder(url: str) -> tuple[str, ...]:
    """The parts of the folder MkDocs' ``url`` filter makes a page's links relative to
    (as ``mkdocs.utils.get_relative_url`` finds them)."""
    head, _, tail = url.rpartition("/")
    return tuple(_norm_parts(head if "." in tail else url))


def _link_parts(nav_item) -> list[tuple[str, ...]]:
    """The parts of each relative URL in ``nav_item`` and below it: all of it that depends on the page."""
    found, todo = [], [nav_item]
    while todo:
        item = todo.pop()
        url = getattr(item, "url", None)
        if isinstance(url, str):
            path, level = _get_norm_url(url)
            if level != -1:  # not absolute: made relative to the page
                found.append(tuple(_norm_parts(path)))
        todo.extend(getattr(item, "children", None) or ())
    return found


def _shared(folder: tuple[str, ...], parts: tuple[str, ...]) -> int:
    shared = 0
    for mine, theirs in zip(folder, parts):
        if mine != theirs:
            break
        shared += 1
    return shared


class _WithWrapper(jinja2.BaseLoader):
    """The theme's loader, with Material's ``render`` macro renamed and the wrapper above added."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template == NAV_ITEM and source.count(_MACRO) == 1:
            source = source.replace(_MACRO, _MACRO.replace("render(", _DRAW + "(", 1)) + _WRAPPER
            if source.count(_CHILD) == 1:
                source = source.replace(_CHILD, _CHILD_ASKED)
            # the recursion inside Material's macro calls ``render``: the wrapper, so children are kept too
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()
