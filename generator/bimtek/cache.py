"""A persistent cache under ``<project>/.bimtek-cache/``: work that depends only on its inputs.

Entries are addressed by a key, the SHA-256 of everything the work depends on
(file bytes, bimtek's own code, template files, library versions), so a stale
entry is never found rather than ever invalidated. Values are JSON, never
pickles: a cache folder copied from elsewhere can be wrong, but cannot run code.
An unreadable or corrupt entry is a miss; a cache that cannot be written is
skipped. Either way the build goes on exactly as without a cache.

``BIMTEK_CACHE=off`` in the environment turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

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
    sources = sorted(PACKAGE_DIR.glob("*.py"))
    return digest(__version__, *versions, *(p.read_bytes() for p in sources))


MEMORY_ENTRIES = 10_000
"""At most this many values of one kind are kept in memory (more pages than a large catalogue has)."""

_MEMORY: dict[tuple[Path, str], dict[Any, Any]] = {}
"""Values kept in this process, per cache folder and kind: ``bimtek serve`` rebuilds on every
edit, and finds here what did not change (validated models, rendered pages) without reading
the disk. Keyed like the cache, by digests of the inputs."""


class Cache:
    """JSON entries in ``folder/<kind>/<key[:2]>/<key>.json``; and values kept in memory."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, key: str) -> Any | None:
        """The value stored under ``key``, or None when missing or unreadable."""
        try:
            with open(self._path(kind, key), "rb") as handle:
                value = json.loads(handle.read())
        except (OSError, ValueError):  # missing, unreadable, truncated or not JSON: a miss
            self.misses += 1
            return None
        if not isinstance(value, dict) or value.get("key") != key:
            self.misses += 1
            return None
        self.hits += 1
        return value.get("value")

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is stored under ``key`` (without reading it)."""
        return self._path(kind, key).is_file()

    def recall(self, kind: str, key: Any) -> Any | None:
        """A value :meth:`keep` kept in this process (an earlier rebuild of ``bimtek serve``), or None."""
        value = _MEMORY.get((self.folder, kind), {}).get(key)
        if value is not None:
            self.hits += 1
        return value

    def keep(self, kind: str, key: Any, value: Any) -> None:
        """Keep ``value`` in this process's memory (any Python object; never written to disk)."""
        memo = _MEMORY.setdefault((self.folder, kind), {})
        if len(memo) >= MEMORY_ENTRIES:
            del memo[next(iter(memo))]  # the oldest
        memo[key] = value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` (JSON data) atomically: a reader sees the old entry or the new one."""
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # dumps, not dump: only the one-shot encoder is the C one (5 times faster)
            data = json.dumps({"key": key, "value": value}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, TypeError, ValueError):
            pass  # a read-only or full disk only costs speed


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

    def recall(self, kind: str, key: Any) -> Any | None:
        return None

    def keep(self, kind: str, key: Any, value: Any) -> None:
        return None


def open_cache(root: Path) -> Cache:
    """The cache of the project at ``root`` (a :class:`NoCache` when ``BIMTEK_CACHE=off``)."""
    if os.environ.get("BIMTEK_CACHE", "").lower() in ("off", "0", "no", "false"):
        return NoCache()
    return Cache(root / CACHE_DIR)
