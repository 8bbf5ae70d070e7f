"""Draw each closed part of Material's navigation once per folder, not once per page.

On a large catalogue Material's page template spends most of its time on the
navigation: every page draws every workshop, day group and tool page again. A
part of it that holds no open page (``nav_item.active`` false) comes out the same
on every page of one folder: its links are relative to the page's folder, and
nothing else in it depends on the page. :func:`draw_closed_parts_once` makes
Material's ``render`` macro keep such a part's HTML for the build and hand it
out again. The pages are byte for byte what Material alone writes (tests compare).

It is done only where that analysis holds: Material's own ``nav-item.html`` (not
an override), and no plugin or hook but known ones that could change a nav item
while pages are written.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import jinja2

NAV_ITEM = "partials/nav-item.html"
_MACRO = "{% macro render(nav_item, path, level, parent) %}"
_DRAW = "_bimtek_draw_nav_item"
_GLOBAL = "bimtek_closed_nav_item"
# Appended to Material's template: ``render`` (what nav.html and the recursion call)
# hands a closed part to the Python function below, which calls Material's macro once.
_WRAPPER = (
    "{% macro render(nav_item, path, level, parent) %}"
    "{% if nav_item.active or nav_item.pages or not page %}{{ " + _DRAW + "(nav_item, path, level, parent) }}"
    "{% else %}{{ " + _GLOBAL + "(" + _DRAW + ", nav_item, path, level, parent, page) }}{% endif %}"
    "{% endmacro %}"
)


def draw_closed_parts_once(env: jinja2.Environment) -> bool:
    """Let ``env`` (a Material theme's) draw each closed navigation part once per folder in this build.

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

    def closed_nav_item(draw, nav_item, path, level, parent, page):
        """Material's HTML of ``nav_item`` (closed) on ``page``: drawn once per folder and place in the nav."""
        given = not isinstance(parent, jinja2.Undefined)
        key = (id(nav_item), path, level, bool(parent.active) if given else None, _folder(page.url))
        kept = drawn.get(key)
        if kept is not None and kept[0] is nav_item:  # the item is kept alive with it: its id is not reused
            return kept[1]
        html = draw(nav_item, path, level, parent) if given else draw(nav_item, path, level)
        drawn[key] = (nav_item, html)
        return html

    env.globals[_GLOBAL] = closed_nav_item
    env.loader = _WithWrapper(env.loader)
    return True


def _folder(url: str) -> str:
    """What MkDocs' ``url`` filter makes a link relative to (``mkdocs.utils.get_relative_url``)."""
    if url == ".":
        return url
    head, tail = posixpath.split(url)
    return head if "." in tail else url


class _WithWrapper(jinja2.BaseLoader):
    """The theme's loader, with Material's ``render`` macro renamed and the wrapper above added."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template == NAV_ITEM and source.count(_MACRO) == 1:
            source = source.replace(_MACRO, _MACRO.replace("render(", _DRAW + "(", 1)) + _WRAPPER
            # the recursion inside Material's macro calls ``render``: the wrapper, so children are kept too
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()
