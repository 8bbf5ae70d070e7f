"""Build the site safely: check, render, ``mkdocs build`` into a temporary folder, swap.

The previous ``site/`` stays intact until a new one is complete: the build goes
to a hidden folder beside it, which replaces ``site/`` by renames only at the end.
A lock file stops two builds of one project from writing at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import BuildError, Diagnostic
from .project import Project, load_project

LOCK_NAME = ".bimtek.lock"


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's build lock, or fail at once with a clear message."""
    path = root / LOCK_NAME
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another bimtek build of this project is running (lock: {path}); try again when it ends") from None
        yield
    finally:
        handle.close()


def build_site(root: Path, *, strict: bool = False, site_dir: Path | None = None) -> tuple[Project, list[Diagnostic], Path]:
    """Check and build the project at ``root`` into ``site_dir`` (default ``root/site``).

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
        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
        try:
            with _quiet_mkdocs():
                config = load_config(str(config_file), site_dir=str(staging), strict=strict)
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build(config)
                finally:
                    config.plugins.on_shutdown()
            _swap_into_place(staging, target)
        except MkDocsException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildError(f"the site was not built; the previous site is unchanged.\n{exc}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return project, warnings, target


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with renames, so a reader never sees half a site."""
    os.chmod(staging, 0o755)
    if not target.exists():
        staging.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[None]:
    """Show MkDocs' warnings and errors, not its INFO chatter, during ``bimtek build``."""
    logger = logging.getLogger("mkdocs")
    previous = logger.level
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)
