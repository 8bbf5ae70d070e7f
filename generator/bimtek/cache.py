"""A persistent cache under ``<project>/.bimtek-cache/``: work that depends only on its inputs.

Entries are addressed by a key, the SHA-256 of everything the work depends on
(file bytes, bimtek's own code, template files, library versions), so a stale
entry is never found rather than ever invalidated. Values are JSON (a text:
its UTF-8 bytes), never pickles: a cache folder copied from elsewhere can be
wrong, but cannot run code.
An unreadable or corrupt entry is a miss; a cache that cannot be written is
skipped. Either way the build goes on exactly as without a cache.

``BIMTEK_CACHE=off`` in the environment turns the cache off.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import __version__

CACHE_DIR = ".bimtek-cache"
PACKAGE_DIR = Path(__file__).resolve().parent


def digest(*parts: bytes | str) -> str:
    """The SHA-256 (hex) of ``parts``, each length-prefixed so that no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def tree_digest(folders: Iterable[Path]) -> str:
    """A digest of every file (name and bytes) under ``folders``, in a stable order."""
    parts: list[bytes | str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        parts.append(str(folder))
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of bimtek's own code and the libraries that shape its output.

    Part of every key: upgrading bimtek, Markdown, Jinja, pydantic or nh3 (or
    editing bimtek's source while developing it) starts from an empty cache.
    """
    from importlib import metadata

    versions = []
    for name in ("markdown", "jinja2", "pydantic", "nh3", "pyyaml"):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    sources = sorted(PACKAGE_DIR.rglob("*.py"))  # the model package too
    return digest(__version__, *versions, *(p.read_bytes() for p in sources))


MEMORY_ENTRIES = 10_000
"""At most this many values of one kind are kept in memory (more pages than a large catalogue has)."""

_MEMORY: dict[tuple[Path, str], dict[Any, Any]] = {}
"""Values kept in this process, per cache folder and kind: ``bimtek serve`` rebuilds on every
edit, and finds here what did not change (validated models, rendered pages) without reading
the disk. Keyed like the cache, by digests of the inputs."""


class Cache:
    """JSON entries in one SQLite file, ``folder/entries.sqlite``; and values kept in memory.

    One database instead of a file per entry: a cold build of a large catalogue
    stores thousands of entries, and creating a file costs up to a millisecond on
    a slow disk (the folder and a temporary file for each, to replace it
    atomically); a row costs a few microseconds. SQLite's write-ahead log keeps
    each entry atomic and lets the workers of a build write side by side.

    Writes are buffered and stored a couple of hundred at a time, in one
    transaction (:meth:`flush`): a commit per entry took 0.75 s of a cold run of
    1,000 lessons on one core (0.28 s in batches), and two workers committing
    entry by entry waited on each other's lock.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._broken = False
        self._pending: dict[tuple[str, str], str | bytes] = {}
        self._pending_bytes = 0
        _OPEN.add(self)  # a forked worker sets its connection aside (_after_fork_in_child)

    @property
    def path(self) -> Path:
        """The database file."""
        return self.folder / DATABASE

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        if self._broken or (not create and not self.path.is_file()):
            return None
        try:
            if create:
                self.folder.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():
                    _remove_file_entries(self.folder)
            self._db = _open(self.path)
        except sqlite3.DatabaseError:  # not a database (damaged, or something else): start a new one
            try:
                _remove_database(self.path)
                self._db = _open(self.path)
            except (OSError, sqlite3.Error):
                self._broken = True
        except (OSError, sqlite3.Error):  # a read-only or full disk only costs speed
            self._broken = True
        return self._db

    def is_new(self) -> bool:
        """Whether no entry was stored before this run (no database yet: a project never built).
        What this run stored is ignored."""
        return self._db is None and not self.path.is_file()

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under ``key``, or None when missing or unreadable."""
        value = None
        data = self._stored(kind, key)
        if data is not None:
            try:
                value = data.decode("utf-8") if isinstance(data, bytes) else json.loads(data)  # bytes: a text, stored as is
            except (ValueError, TypeError):  # a damaged entry: a miss
                value = None
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def _stored(self, kind: str, key: str) -> str | bytes | None:
        """The stored form of the entry under ``key``: buffered, or in the database; None when missing."""
        pending = self._pending.get((kind, key))
        if pending is not None:
            return pending
        db = self._connection(create=False)
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        return None if row is None else row[0]

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored under ``key`` (without reading it)."""
        if (kind, key) in self._pending:
            return True
        db = self._connection(create=False)
        if db is None:
            return False
        try:
            return db.execute("SELECT 1 FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone() is not None
        except sqlite3.Error as exc:
            self._failed(exc)
            return False

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` (JSON data); a reader sees the old entry or the new one."""
        data: str | bytes
        try:
            if isinstance(value, str):
                # A text (a rendered page) is stored as its UTF-8 bytes, a BLOB: encoding a
                # page of 30 KB as JSON took longer than writing it.
                data = value.encode("utf-8")
            else:
                # dumps, not dump: only the one-shot encoder is the C one (5 times faster)
                data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):  # not JSON data; a text with a lone surrogate (a YAML escape)
            return
        self._buffer(kind, key, data)

    def put_json(self, kind: str, key: str, text: str) -> None:
        """Store the JSON ``text`` as it is (written already: :meth:`get` returns the data it holds)."""
        self._buffer(kind, key, text)

    def _buffer(self, kind: str, key: str, data: str | bytes) -> None:
        if self._broken:
            return
        self._pending[(kind, key)] = data
        self._pending_bytes += len(data)
        _BUFFERING.add(self)
        if len(self._pending) >= FLUSH_ENTRIES or self._pending_bytes >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Store the buffered entries, in one transaction (all or none of them)."""
        if not self._pending:
            return
        rows = [(kind, key, data) for (kind, key), data in self._pending.items()]
        self._pending = {}
        self._pending_bytes = 0
        _BUFFERING.discard(self)
        db = self._connection(create=True)
        if db is None:
            return
        try:
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO entries (kind, key, value) VALUES (?, ?, ?)", rows)
        except sqlite3.Error as exc:  # a locked, read-only or full database only costs speed
            self._failed(exc)

    def _failed(self, exc: sqlite3.Error) -> None:
        if isinstance(exc, sqlite3.OperationalError):
            return  # busy, locked, full, read-only: this entry is skipped
        # Damaged (a machine that crashed while writing): used no more, and gone for the next run.
        self._broken = True
        if self._db is not None:
            self._db.close()
            self._db = None
        try:
            _remove_database(self.path)
        except OSError:
            pass

    def recall(self, kind: str, key: Any) -> Any | None:
        """A value :meth:`keep` kept in this process (an earlier rebuild of ``bimtek serve``), or None."""
        value = _MEMORY.get((self.folder, kind), {}).get(key)
        if value is not None:
            self.hits += 1
        return value

    def kept(self, kind: str, key: Any) -> bool:
        """Whether :meth:`recall` would find a value (not counted as a hit)."""
        return key in _MEMORY.get((self.folder, kind), {})

    def forget(self) -> None:
        """Drop what this process kept in memory for this folder: it then sees what a new process sees."""
        for memo_key in [k for k in _MEMORY if k[0] == self.folder]:
            del _MEMORY[memo_key]

    def keep(self, kind: str, key: Any, value: Any) -> None:
        """Keep ``value`` in this process's memory (any Python object; never written to disk)."""
        memo = _MEMORY.setdefault((self.folder, kind), {})
        if len(memo) >= MEMORY_ENTRIES:
            del memo[next(iter(memo))]  # the oldest
        memo[key] = value


FLUSH_ENTRIES = 200
FLUSH_BYTES = 4 * 1024 * 1024
"""Buffered entries are stored when this many have gathered (or this many bytes): a few
transactions for a catalogue, with the memory of a few dozen pages."""


def flush_all() -> None:
    """Store what every cache of this process has buffered (before forking, at the end of a step)."""
    for cache in list(_BUFFERING):
        cache.flush()


DATABASE = "entries.sqlite"

_INHERITED: list[sqlite3.Connection] = []
"""Connections a forked worker inherited: kept, never used or closed (that is the parent's to do)."""

_OPEN: "weakref.WeakSet[Cache]" = weakref.WeakSet()

_BUFFERING: set[Cache] = set()
"""Caches with buffered entries: held until they are stored, even by a caller that let go of its cache."""


def _after_fork_in_child() -> None:
    # A forked worker must not use (or close) its parent's connections: it opens its own.
    # Nor store the entries its parent buffered: that is the parent's to do.
    _BUFFERING.clear()
    for cache in list(_OPEN):
        cache._pending, cache._pending_bytes = {}, 0
        if cache._db is not None:
            _INHERITED.append(cache._db)
            cache._db = None


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork (the work then stays in one process)
    os.register_at_fork(before=flush_all, after_in_child=_after_fork_in_child)
atexit.register(flush_all)


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        # Most values are pages of tens of KB: larger database pages store them in fewer
        # pieces (a fifth faster to write). Takes effect only in a new database.
        db.execute("PRAGMA page_size=16384")
        db.execute("PRAGMA journal_mode=WAL")  # readers and writers side by side; each entry atomic
        # Never waits for the disk: after a crash of the machine (not of bimtek) the file
        # may be damaged, and is then removed and started again (see _failed).
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key))")
    except BaseException:
        db.close()
        raise
    _drop_other_versions(db)
    return db


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """All or none of the writes inside; the write lock taken at once (no deadlock with another writer)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _drop_other_versions(db: sqlite3.Connection) -> None:
    """Remove the entries another version of bimtek (or of its libraries) wrote.

    Every key holds :func:`code_digest` (the record of the last site holds it in the keys
    it lists), so they would never be used again; kept, each upgrade added a catalogue's
    worth of rows (130 MB for 1,000 lessons). The space they took is reused by the new entries.
    """
    version = code_digest()
    try:
        row = db.execute("SELECT value FROM entries WHERE kind = 'meta' AND key = 'code'").fetchone()
        if row is not None and row[0] == version:
            return
        with _transaction(db):
            db.execute("DELETE FROM entries")
            db.execute("INSERT INTO entries (kind, key, value) VALUES ('meta', 'code', ?)", (version,))
    except sqlite3.OperationalError:  # locked, read-only, full: the old entries only take space
        pass


_FILE_ENTRY_KINDS = ("yaml", "links", "page", "mkdocs-page", "search")
"""Folders of the cache before it was one database (a JSON file per entry): left by an older bimtek."""


def _remove_file_entries(folder: Path) -> None:
    for kind in _FILE_ENTRY_KINDS:
        shutil.rmtree(folder / kind, ignore_errors=True)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)



class NoCache(Cache):
    """The cache turned off: every lookup misses, nothing is written."""

    def __init__(self) -> None:
        super().__init__(Path(os.devnull))

    def get(self, kind: str, key: str) -> Any | None:
        self.misses += 1
        return None

    def has(self, kind: str, key: str) -> bool:
        return False

    def put(self, kind: str, key: str, value: Any) -> None:
        return None

    def put_json(self, kind: str, key: str, text: str) -> None:
        return None

    def flush(self) -> None:
        return None

    def recall(self, kind: str, key: Any) -> Any | None:
        return None

    def kept(self, kind: str, key: Any) -> bool:
        return False

    def keep(self, kind: str, key: Any, value: Any) -> None:
        return None


def open_cache(root: Path) -> Cache:
    """The cache of the project at ``root`` (a :class:`NoCache` when ``BIMTEK_CACHE=off``)."""
    if os.environ.get("BIMTEK_CACHE", "").lower() in ("off", "0", "no", "false"):
        return NoCache()
    return Cache(root / CACHE_DIR)
