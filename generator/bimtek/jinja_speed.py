"""What keeps bimtek's Jinja rendering fast: compiled templates reused, output escaped without wrappers.

Both give the same text as plain Jinja; ``tests/test_jinja_speed.py`` compares them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, MutableMapping

import jinja2
import markupsafe

from .cache import code_digest, digest

try:  # markupsafe's own escaper (C), the one markupsafe.escape calls
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - markupsafe without its C speedups, or a later layout
    _escape_inner = None


class CompiledInMemory(jinja2.BytecodeCache):
    """Compiled templates kept in this process, for environments of the same settings;
    and, where there is a ``folder``, on disk for the next processes.

    ``bimtek serve`` (MkDocs' serve) makes new Jinja environments on every rebuild, for
    bimtek's templates and the theme's; compiling them again was a fifth of the rebuild
    of a large catalogue and half of a small site's. A new process (every ``bimtek
    build``) compiled them all again too: a third of building a small workshop
    (0.3 s: the theme's pages are large templates). So they are also kept in the
    user's cache folder, as Python keeps its own compiled modules (``__pycache__``):
    compiled code, never in a project's ``.bimtek-cache/`` (which holds JSON only, and
    may be copied from elsewhere). A template whose source changed has another
    checksum and is compiled again; a file that cannot be read or written only costs
    the time to compile.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.compiled: dict[str, tuple[str, object]] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
            return
        if self.folder is None:
            return
        try:
            data = (self.folder / f"{bucket.key}.jinja").read_bytes()
        except OSError:
            return
        try:
            bucket.bytecode_from_string(data)  # Jinja ignores a file of another Jinja or Python
        except Exception:  # noqa: BLE001 - a damaged file: compiled again, and replaced
            bucket.reset()
        if bucket.code is not None:
            self.compiled[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is None:
            return
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(mode=0o700, parents=True)
                _remove_unused(self.folder.parent)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
        except OSError:  # a read-only or full disk, no home folder
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(bucket.bytecode_to_string())
            os.replace(temporary, self.folder / f"{bucket.key}.jinja")  # a reader sees the old file or the new one
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


UNUSED_DAYS = 30
"""A folder of compiled templates nothing wrote into for this long is removed (an older bimtek's, or
other settings'), when a new one is made: upgrades do not pile them up."""


def _remove_unused(parent: Path) -> None:
    cutoff = time.time() - UNUSED_DAYS * 86400
    for folder in parent.iterdir():
        with contextlib.suppress(OSError):
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


_COMPILED: dict[tuple, CompiledInMemory] = {}


def compiled_templates_folder() -> Path | None:
    """The user's folder of compiled templates (``$XDG_CACHE_HOME/bimtek/templates``, by default
    ``~/.cache/bimtek/templates``); None when ``BIMTEK_CACHE=off`` or there is no home folder."""
    if os.environ.get("BIMTEK_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None  # no home folder ('~' unexpanded): not worth a folder in the working one
    return Path(base) / "bimtek" / "templates"


def reuse_compiled_templates(env: jinja2.Environment) -> None:
    """Let ``env`` use the templates compiled by earlier environments with its settings: of this
    process, and of earlier ones (:func:`compiled_templates_folder`)."""
    # What the compiled code depends on besides the source: the same settings share a cache.
    settings = (tuple(sorted((name, getattr(ext, "identity", "")) for name, ext in env.extensions.items())), repr(env.autoescape), env.trim_blocks, env.lstrip_blocks,
                env.block_start_string, env.variable_start_string, env.comment_start_string,
                env.line_statement_prefix, env.line_comment_prefix, env.newline_sequence,
                env.keep_trailing_newline, env.optimized, env.undefined, env.is_async, env.finalize is None,
                tuple(sorted(env.filters)), tuple(sorted(env.tests)))
    cache = _COMPILED.get(settings)
    if cache is None:
        folder = compiled_templates_folder()
        described = repr(settings)
        if folder is not None and " at 0x" not in described:  # a setting that is a function: this process only
            # Labels are folded in at compile time: bimtek's code (and Jinja's version) is part of the key.
            folder = folder / digest(code_digest(), jinja2.__version__, described)[:32]
        else:
            folder = None
        cache = _COMPILED[settings] = CompiledInMemory(folder)
    env.bytecode_cache = cache


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
