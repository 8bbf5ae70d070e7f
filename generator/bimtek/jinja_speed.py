"""What keeps bimtek's Jinja rendering fast: compiled templates reused, output escaped without wrappers.

Both give the same text as plain Jinja; ``tests/test_jinja_speed.py`` compares them.
"""

from __future__ import annotations

from typing import Any, Callable, MutableMapping

import jinja2
import markupsafe

try:  # markupsafe's own escaper (C), the one markupsafe.escape calls
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C speedups, or a later layout
    _escape_inner = None


class CompiledInMemory(jinja2.BytecodeCache):
    """Compiled templates kept in this process, for environments of the same settings.

    ``bimtek serve`` (MkDocs' serve) makes new Jinja environments on every rebuild, for
    bimtek's templates and the theme's; compiling them again was a fifth of the rebuild
    of a large catalogue and half of a small site's. Kept in memory only (the cache
    folder holds JSON, never code); a template whose source changed has another
    checksum and is compiled again.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED: dict[tuple, CompiledInMemory] = {}


def reuse_compiled_templates(env: jinja2.Environment) -> None:
    """Let ``env`` use the templates compiled by earlier environments of this process with its settings."""
    # What the compiled code depends on besides the source: the same settings share a cache.
    settings = (tuple(sorted((name, getattr(ext, "identity", "")) for name, ext in env.extensions.items())), repr(env.autoescape), env.trim_blocks, env.lstrip_blocks,
                env.block_start_string, env.variable_start_string, env.comment_start_string,
                env.line_statement_prefix, env.line_comment_prefix, env.newline_sequence,
                env.keep_trailing_newline, env.optimized, env.undefined, env.is_async)
    env.bytecode_cache = _COMPILED.setdefault(settings, CompiledInMemory())


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
