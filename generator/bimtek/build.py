"""Build the site safely: check, render, ``mkdocs build`` into a temporary folder, swap.

The previous ``site/`` stays intact until a new one is complete: the build goes
to a hidden folder beside it, which takes the place of ``site/`` in one atomic
exchange at the end (two renames where the kernel cannot exchange). A lock file
stops two builds of one project from writing at once; staging folders that a
killed build left behind are removed by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import filelock

from .errors import BimtekError, BuildError, Diagnostic
from .project import Project, is_editor_leftover, load_project

LOCK_NAME = ".bimtek.lock"


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's build lock, or fail at once with a clear message.

    The system's own file lock (released when the process ends, however it ends), through
    ``filelock``: the same on Windows, where most trainers' laptops are, as on Linux and macOS.
    """
    path = root / LOCK_NAME
    lock = filelock.FileLock(path, timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise BuildError(f"another bimtek build of this project is running (lock: {path}); try again when it ends") from None
    except OSError as exc:
        raise BuildError(f"cannot create the build lock {path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


def build_site(root: Path, *, strict: bool = False, site_dir: Path | None = None,
               finish: Callable[[Project, Path], None] | None = None) -> tuple[Project, list[Diagnostic], Path]:
    """Check and build the project at ``root`` into ``site_dir`` (default ``root/site``).

    ``finish(project, staging)`` adds to the new site before it replaces the old
    one (the handouts do); if it fails, the old site stays.

    Returns the project, its warnings and the site folder. Raises a
    :class:`~bimtek.errors.BimtekError` (the old site untouched) on any failure.
    """
    from mkdocs.config import load_config
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    project, warnings = load_project(root)  # fails fast, before anything is written
    config_file = project.root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"{config_file}: no mkdocs.yml; run 'bimtek init' or add one")
    target = (site_dir or project.root / "site").resolve()
    with project_lock(project.root):
        _remove_stale_staging(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        except OSError as exc:
            raise BuildError(f"{target.parent}: cannot write here: {exc.strerror or exc}") from None
        plugin = None
        try:
            with _quiet_mkdocs() as hide:
                config = load_config(str(config_file), site_dir=str(staging), strict=strict)
                plugin = config.plugins.get("bimtek")
                if plugin is not None:
                    plugin.config["handouts"] = False  # made here by ``finish``, into the staging folder
                    plugin.loaded = project
                    plugin.replaces = target  # unchanged pages are taken over from the site in place
                hide.plugin = plugin
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build(config)
                finally:
                    config.plugins.on_shutdown()
            if finish is not None:
                finish(project, staging)
            _swap_into_place(staging, target)
            if plugin is not None:
                plugin.site_in_place()
        except MkDocsException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(getattr(plugin, "error", None), BimtekError):
                raise plugin.error from None  # its own file:line:col diagnostics, not MkDocs' summary
            raise BuildError(f"the site was not built; the previous site is unchanged.\n{exc}") from None
        except OSError as exc:  # a full disk, a read-only folder, a file that vanished
            shutil.rmtree(staging, ignore_errors=True)
            where = f" ({exc.filename})" if exc.filename else ""
            raise BuildError(f"the site was not built: {exc.strerror or exc}{where}; the previous site is unchanged") from exc
        except BimtekError:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        except Exception as exc:  # a bug in a template, plugin or theme: still no half-built site
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildError(f"the site was not built; the previous site is unchanged.\n{type(exc).__name__}: {exc}") from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return project, warnings, target


def built_site(root: Path) -> Path:
    """The project's built site folder; :class:`BuildError` when it has not been built."""
    site = root / "site"
    if not (site / "index.html").is_file():
        raise BuildError(f"{site}: no site built yet; run 'bimtek build' first")
    return site


def changed_since_build(root: Path, site: Path) -> list[Path]:
    """The trainer's files (``content/``, ``templates/``, ``mkdocs.yml``) changed after ``site`` was
    built: what a zip or a share of it would leave out. Newest first; hidden files and editors'
    backups do not count."""
    try:
        built = site.stat().st_mtime  # the build's last file went into the site's folder then
    except OSError:
        return []
    sources = [root / "mkdocs.yml"]
    for folder in (root / "content", root / "templates"):
        if folder.is_dir():
            sources += [path for path in folder.rglob("*") if not any(part.startswith(".") for part in path.relative_to(folder).parts)
                        and not is_editor_leftover(path.name)]
    changed = []
    for path in sources:
        try:
            modified = path.stat().st_mtime
        except OSError:
            continue
        if modified > built and path.is_file():
            changed.append((modified, path))
    return [path for _, path in sorted(changed, reverse=True)]


_STAGING = r"\.{name}-(?:old-)?[a-z0-9_]{{8}}"


def _remove_stale_staging(target: Path) -> None:
    """Remove staging folders a killed build left beside ``target`` (we hold the lock: none is live)."""
    pattern = re.compile(_STAGING.format(name=re.escape(target.name)))
    if not target.parent.is_dir():
        return
    for entry in target.parent.iterdir():
        if pattern.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with renames, so a reader never sees half a site."""
    os.chmod(staging, 0o755)
    if not target.exists():
        staging.rename(target)
        return
    if target.is_dir() and not target.is_symlink() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel or a file system without exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


class _HidePluginError(logging.Filter):
    """Drop MkDocs' copy of the bimtek plugin's error: ``bimtek build`` reports it itself."""

    plugin = None

    def filter(self, record: logging.LogRecord) -> bool:
        error = getattr(self.plugin, "error", None)
        return not (error is not None and record.levelno >= logging.ERROR and record.getMessage() == error.report())


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[_HidePluginError]:
    """Show MkDocs' warnings and errors, not its INFO chatter, during ``bimtek build``."""
    logger = logging.getLogger("mkdocs")
    previous = logger.level
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    hide = _HidePluginError()
    for handler in logger.handlers:
        handler.addFilter(hide)
    logger.setLevel(logging.WARNING)
    try:
        yield hide
    finally:
        logger.setLevel(previous)
        for handler in logger.handlers:
            handler.removeFilter(hide)
