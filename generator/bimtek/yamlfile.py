"""Read one YAML file safely into plain Python data, remembering where every value stands.

The file is read within a size limit, decoded, checked for depth, then composed
and built into data by :mod:`bimtek.yamldata` (YAML 1.2 scalars, positions,
no aliases, tags or duplicate keys); every problem becomes a ``file:line:col``
diagnostic. Files parsed before (the same bytes) come from the cache.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .cache import Cache, code_digest, digest
from .errors import Diagnostic, display_path
from .yamldata import Builder, Loader, PathKey, Positions

try:  # libyaml's events straight to data and JSON, for plain files (built with bimtek where a C compiler is)
    from . import _fastyaml
except ImportError:  # pragma: no cover - not built: every file goes through the loader
    _fastyaml = None
_FASTYAML_API = 2
"""What :func:`_load_plain` must be: a module left from an older build is not used."""
_load_plain = _fastyaml.load if getattr(_fastyaml, "API_VERSION", None) == _FASTYAML_API else None

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Lesson files are a few KB; anything this large is a mistake, not a lesson."""

MAX_DEPTH = 100
"""Real files nest a few levels; deeper input would crash libyaml's recursive composer."""


@dataclass
class YamlDocument:
    """A loaded file: its data, the positions of its values, its path."""

    path: Path
    data: Any
    positions: Positions
    lines: list[str] = field(default_factory=list)
    """The file's text, line by line (to point inside a long value)."""
    fingerprint: str = ""
    """The SHA-256 of the file's bytes: what caches of work on this file are keyed by."""
    may_link: bool = True
    """False when no text of the file can hold a link or an image (no ']', '<' or escape in its bytes)."""

    def diagnostic(self, path: PathKey, message: str, *, severity: str = "error", key: bool = False) -> Diagnostic:
        """A diagnostic pointing at the value (or key) found under ``path``."""
        line, column = self.positions.of(path, key=key)
        return Diagnostic(display_path(self.path), line, column, message, severity)  # type: ignore[arg-type]


class YamlProblems(Exception):
    """Raised by :func:`load_yaml` with every problem found in one file."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("; ".join(map(str, diagnostics)))


def read_file(path: Path) -> bytes:
    """The bytes of ``path``, never more than the size limit; raise :class:`YamlProblems` naming it."""
    try:
        return _read_limited(path, str(path))
    except YamlProblems as problems:
        raise _shown(problems, path) from None


def _shown(problems: YamlProblems, path: Path) -> YamlProblems:
    # Work is done with str(path); the path as the user sees it costs two resolve()s: only for a message.
    return YamlProblems([replace(d, path=display_path(path)) for d in problems.diagnostics])


def load_yaml(path: Path, cache: Cache | None = None, raw: bytes | None = None, fingerprint: str | None = None) -> YamlDocument:
    """Load ``path`` safely; raise :class:`YamlProblems` naming file, line and column.

    With a ``cache``, a file loaded before with the same bytes is not parsed
    again: its data come from the cache, and its positions are parsed only if a
    diagnostic asks for them. ``raw``: the file's bytes, when :func:`read_file`
    read them already in this run (and ``fingerprint``, their digest, if it is known);
    a ``fingerprint`` alone: a worker of this run read and parsed the file (it is then in
    the cache's memory; if not, the file is read here).
    """
    if raw is None:
        if fingerprint is not None and cache is not None:  # read and parsed by a worker of this run
            document = cache.recall("yaml", (path, _cache_key(fingerprint)))
            if document is not None:
                return document
        raw, fingerprint = read_file(path), None
    fingerprint = fingerprint or digest(raw)
    if cache is None:
        return _parse(path, raw, fingerprint)
    key = _cache_key(fingerprint)
    document = cache.recall("yaml", (path, key))  # bimtek serve loads every file on each edit
    if document is not None:
        return document
    data = cache.get("yaml", key)
    if isinstance(data, dict) and "data" in data:
        document = _CachedDocument(path, data["data"], fingerprint, _may_link(raw))
    else:
        document = _parse(path, raw, fingerprint, positions=False)
        if document.json is not None:  # written by the speed-up as it read the file
            cache.put_json("yaml", key, f'{{"data":{document.json}}}')
            document.json = None  # stored: not kept in memory with the document
        else:
            cache.put("yaml", key, {"data": document.data})
    # Kept without its positions (parsed again for a diagnostic): a thousand files' worth
    # of position maps would slow every later garbage collection of the process.
    cache.keep("yaml", (path, key), document if isinstance(document, _CachedDocument)
               else _CachedDocument(path, document.data, fingerprint, document.may_link))
    return document


def _may_link(raw: bytes) -> bool:
    # Links, images, autolinks and HTML need ']' or '<'; a YAML escape could write either.
    return b"]" in raw or b"<" in raw or b"\\" in raw


def is_cached(path: Path, fingerprint: str, cache: Cache) -> bool:
    """Whether ``path``, with bytes of this digest, would load from ``cache`` without being parsed."""
    key = _cache_key(fingerprint)
    return cache.kept("yaml", (path, key)) or cache.has("yaml", key)


def remember_document(path: Path, fingerprint: str, cache: Cache) -> None:
    """Keep in memory that ``path`` with these bytes was parsed (by a worker) without a problem:
    :func:`load_yaml` then returns it without reading the cache; its data, positions and
    lines are parsed again only if something asks for them."""
    cache.keep("yaml", (path, _cache_key(fingerprint)), _CachedDocument(path, _LAZY, fingerprint))


def _cache_key(fingerprint: str) -> str:
    """A file's cache entry: its bytes, read by this version of the code."""
    return digest(code_digest(), fingerprint)


_LAZY = object()


class _CachedDocument(YamlDocument):
    """A document whose data came from the cache (or are left to parse when asked for);
    positions and lines are parsed on first use."""

    def __init__(self, path: Path, data: Any, fingerprint: str, may_link: bool = True):  # noqa: D107 - lazy fields
        self.path, self.fingerprint, self.may_link = path, fingerprint, may_link
        if data is not _LAZY:
            self.data = data

    json: str | None = None
    """The data's JSON text, when the speed-up wrote it as it read the file (for the cache)."""

    def __getattr__(self, name: str) -> Any:
        if name not in ("positions", "lines", "data"):
            raise AttributeError(name)
        try:
            fresh = load_yaml(self.path)
            self.positions, self.lines = fresh.positions, fresh.lines
            if "data" not in self.__dict__:
                self.data = fresh.data
        except YamlProblems:  # the file changed since it was read: point at its start
            self.positions, self.lines = Positions(), []
            self.__dict__.setdefault("data", None)
        return getattr(self, name)


def _parse(path: Path, raw: bytes, fingerprint: str, *, positions: bool = True) -> YamlDocument:
    """The document in ``raw``; without ``positions``, they (and its lines) are parsed again
    only if a diagnostic asks for them (most files never need one: a fifth of the parse saved)."""
    try:
        return _parse_shown(path, raw, fingerprint, positions, str(path))
    except YamlProblems as problems:
        raise _shown(problems, path) from None


def _parse_shown(path: Path, raw: bytes, fingerprint: str, positions: bool, shown: str) -> YamlDocument:
    text = _decode(raw, shown)
    if not positions and _load_plain is not None:
        # A file without problems needs no node tree: 4 times faster. Any other file is
        # read by the loader below, which reports what it finds.
        plain = _load_plain(raw if raw.isascii() and b"\r" not in raw else text.encode("utf-8"))  # the same bytes
        if plain is not None:
            document = _CachedDocument(path, plain[0], fingerprint, _may_link(raw))
            document.json = plain[1]
            return document
    try:
        _check_depth(text, shown)
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblems([_from_marked_error(exc, shown, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise YamlProblems([_from_reader_error(exc, shown, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise YamlProblems([Diagnostic(shown, 1, 1, f"invalid YAML: {exc}")]) from None
    builder = Builder(shown)
    data = builder.build(node, () if positions else None) if node is not None else None
    if builder.problems:
        raise YamlProblems(builder.problems)
    if not positions:
        return _CachedDocument(path, data, fingerprint, _may_link(raw))
    if node is not None:
        builder.positions.values.setdefault((), (node.start_mark.line + 1, node.start_mark.column + 1))
    return YamlDocument(path, data, builder.positions, text.split("\n"), fingerprint, _may_link(raw))


def _read_limited(path: Path, shown: str) -> bytes:
    # Never read more than the limit: a symlink to /dev/zero or a huge file must
    # not take memory or time before it is refused.
    try:
        if not path.is_file():
            raise YamlProblems([Diagnostic(shown, 1, 1, "not a regular file")])
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            # As many bytes as the file has (and one more, to notice one that grew), not the
            # limit: a read of 2 MB allocates 2 MB first, three times the cost of reading a lesson.
            raw = handle.read(min(size, MAX_FILE_BYTES) + 1)
            if len(raw) > size:  # it grew since: read on, up to the limit
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as exc:
        raise YamlProblems([Diagnostic(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblems(
            [Diagnostic(shown, 1, 1, f"file is {max(size, len(raw)) // 1024} KB; at most {MAX_FILE_BYTES // 1024} KB is accepted")]
        )
    return raw


_DEEP_PREFIX = re.compile(r"\n[ ?-]{%d}" % (MAX_DEPTH // 3))  # a literal first: found by a fast scan


def _check_depth(text: str, shown: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before composing (libyaml's composer recurses in C)."""
    # Cheap bound first: block nesting needs indentation or '- '/'? ' prefixes,
    # flow nesting needs brackets; ordinary files are far below the limit.
    flows = text.count("[") + text.count("{")
    if flows < MAX_DEPTH // 3 and not _DEEP_PREFIX.search("\n" + text):
        return
    def too_deep(mark: yaml.Mark) -> YamlProblems:
        return YamlProblems([Diagnostic(shown, mark.line + 1, mark.column + 1, f"nested more than {MAX_DEPTH} levels deep; this is not a lesson file")])

    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise too_deep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml >= 0.2.6 stops at its own depth limit while scanning ahead, before
        # the events above reach ours: the same problem, said the same way.
        if "maximum nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            raise too_deep(exc.problem_mark) from None
        raise


def _from_reader_error(exc: yaml.reader.ReaderError, shown: str, text: str) -> Diagnostic:
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Diagnostic(shown, line, column, f"invalid character U+{code:04X} (a control character); delete it or retype the text")


def _decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Notepad's "Unicode"
            raise YamlProblems([Diagnostic(shown, 1, 1, "file is UTF-16 text; save it as UTF-8")]) from None
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblems(
            [Diagnostic(shown, line, column, "file is not UTF-8 text; save it as UTF-8 (byte 0x%02x)" % raw[exc.start])]
        ) from None
    # Lines end as editors count them: CR LF and a lone CR are line breaks; NEL and
    # the Unicode line/paragraph separators (pasted from Word or the web) are
    # content in YAML 1.2, so they become spaces instead of shifting line numbers.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and any(char in text for char in _NOT_LINE_BREAKS_TEXT):  # translate() is slow: a tenth of a parse
        text = text.translate(_NOT_LINE_BREAKS)
    return text


_NOT_LINE_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}
_NOT_LINE_BREAKS_TEXT = "".join(map(chr, _NOT_LINE_BREAKS))


def _from_marked_error(exc: yaml.MarkedYAMLError, shown: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    lines = text.split("\n")
    if line > len(lines):  # the end of a file without a final newline: point at its last character
        line, column = len(lines), len(lines[-1]) + 1
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: column + 1] and "cannot start any token" in problem:
        return Diagnostic(shown, line, here.index("\t") + 1, "invalid YAML: a tab character cannot indent YAML; use spaces")
    if "unexpected end of stream" in problem and exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        start = exc.context_mark
        return Diagnostic(shown, start.line + 1, start.column + 1, "invalid YAML: this quoted text is never closed (missing quote)")
    if ("escape" in problem or "hex" in problem) and exc.context and "quoted scalar" in exc.context:
        return Diagnostic(shown, line, column, f"invalid YAML: {problem} in double-quoted text; write a backslash as \\\\ or use single quotes")
    context = f" ({exc.context})" if exc.context else ""
    return Diagnostic(shown, line, column, f"invalid YAML: {problem}{context}")
