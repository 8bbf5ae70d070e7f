"""What keeps bimtek's Jinja rendering fast: output escaped without wrappers (compiled templates
reused: :mod:`bimtek.compiled`).

It gives the same text as plain Jinja; ``tests/test_jinja_speed.py`` compares them.
"""

from __future__ import annotations

from typing import Any, Callable, MutableMapping

import jinja2
import markupsafe


try:  # markupsafe's own escaper (C), the one markupsafe.escape calls
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C speedups, or a later layout
    _escape_inner = None


def escape_output(value: Any) -> str:
    """``str(markupsafe.escape(value))``: the text an autoescaping template writes for ``{{ value }}``.

    markupsafe's ``escape`` wraps each result in a new ``Markup`` (Python code around the
    C escaper); a template's output is joined into one string at once, so the wrapper
    buys nothing there. It was half of rendering a lesson page's templates.
    """
    if type(value) is str:  # most values: the same test markupsafe makes first
        return _escape_inner(value)
    if hasattr(value, "__html__"):  # Markup, and the results of macros and the markdown filter
        return value.__html__()
    return _escape_inner(str(value))


class EscapingTemplate(jinja2.Template):
    """A template whose ``{{ ... }}`` output is escaped by :func:`escape_output`.

    Jinja's compiled code calls the name ``escape`` of its module for the output of
    ``{{ ... }}`` and nothing else (filters such as ``|e`` call markupsafe themselves);
    every buffer of that output is joined and wrapped in ``Markup`` again where Jinja
    needs it marked safe (macros, ``caller()``, ``{% set %}`` blocks).
    """

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: Any, globals: MutableMapping[str, Any],
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        if _escape_inner is not None and environment.autoescape is True:
            namespace = template.root_render_func.__globals__  # the compiled module's names
            if namespace.get("escape") is markupsafe.escape:
                namespace["escape"] = escape_output
        return template


def use_escaping_templates(env: jinja2.Environment) -> None:
    """Let ``env`` (autoescaping) make :class:`EscapingTemplate` templates."""
    env.template_class = EscapingTemplate
