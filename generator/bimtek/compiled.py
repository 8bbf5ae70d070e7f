"""Templates compiled once: kept in memory for the process, and with the installation for the next ones.

``bimtek serve`` (MkDocs' serve) makes new Jinja environments on every rebuild, for
bimtek's templates and the theme's; compiling them again was a fifth of the rebuild of
a large catalogue and half of a small site's. A new process (every ``bimtek build``)
compiled them all again too: a third of building a small workshop without its handouts
(the sample: 0.9 s, 0.6 s with them kept; the theme's pages are large templates).

So the templates that come with the installation (bimtek's defaults, the theme's, in
site-packages) are also kept compiled beside bimtek's own compiled modules, in its
package's ``__pycache__``, as Python keeps those. Compiled code, so never in a
project's ``.bimtek-cache/`` (which holds JSON only: a project copied from elsewhere
brings no hidden code), and nothing written in the user's home or anywhere else
outside the project and the installation. A project's own templates are compiled
once per process. A template whose source changed has another checksum and is
compiled again; a file that cannot be read or written only costs the time to compile.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sysconfig
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from .cache import code_digest, digest

PACKAGE_DIR = Path(__file__).resolve().parent

FOLDER_ENV = "BIMTEK_COMPILED_TEMPLATES"
"""An environment variable naming another folder to keep them in (a read-only installation, say)."""

UNUSED_DAYS = 30
"""A folder of compiled templates nothing wrote into for this long is removed (an older bimtek's, or
other settings'), when a new one is made: upgrades do not pile them up."""


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates of environments with the same settings: in memory, and in ``folder``
    (when given) for those that come with the installation."""

    def __init__(self, folder: Path | None = None) -> None:
        self.compiled: dict[str, tuple[str, object]] = {}
        self.folder = folder

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
        bucket.installed = self.folder is not None and filename is not None and is_installed(filename)  # type: ignore[attr-defined]
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
            return
        if not getattr(bucket, "installed", False):
            return
        try:
            data = (self.folder / f"{bucket.key}.jinja").read_bytes()  # type: ignore[operator]
        except OSError:
            return
        try:
            bucket.bytecode_from_string(data)  # Jinja ignores a file of another Jinja or Python
        except Exception:  # noqa: BLE001 - a damaged file: compiled again, and replaced
            bucket.reset()
        if bucket.code is not None:
            self.compiled[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)
        if getattr(bucket, "installed", False):
            _write(self.folder, f"{bucket.key}.jinja", bucket.bytecode_to_string())  # type: ignore[arg-type]


def _write(folder: Path, name: str, data: bytes) -> None:
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True)
            _remove_unused(folder.parent)
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    except OSError:  # a read-only installation, a full disk
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, folder / name)  # a reader sees the old file or the new one
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _remove_unused(parent: Path) -> None:
    cutoff = time.time() - UNUSED_DAYS * 86400
    for folder in parent.iterdir():
        with contextlib.suppress(OSError):
            if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


@lru_cache(maxsize=1)
def _installation() -> tuple[str, ...]:
    """The folders of the installation: bimtek's package (and its default templates), site-packages."""
    from .render import default_templates_dir

    paths = sysconfig.get_paths()
    folders = {str(PACKAGE_DIR), str(default_templates_dir()), paths["purelib"], paths["platlib"]}
    return tuple(os.path.realpath(folder) + os.sep for folder in folders)


def is_installed(filename: str) -> bool:
    """Whether a template file came with the installation (not a project's own)."""
    return os.path.realpath(filename).startswith(_installation())


def compiled_templates_folder() -> Path | None:
    """Where the installation's templates are kept compiled: bimtek's ``__pycache__/templates``
    (or ``$BIMTEK_COMPILED_TEMPLATES``); None when ``BIMTEK_CACHE=off``."""
    if os.environ.get("BIMTEK_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    chosen = os.environ.get(FOLDER_ENV)
    return Path(chosen) if chosen else PACKAGE_DIR / "__pycache__" / "templates"


_COMPILED: dict[tuple, CompiledTemplates] = {}


def reuse_compiled_templates(env: jinja2.Environment) -> None:
    """Let ``env`` use the templates compiled by earlier environments with its settings: of this
    process, and (those of the installation) of earlier ones."""
    # What the compiled code depends on besides the source: the same settings share a cache.
    settings = (tuple(sorted((name, getattr(ext, "identity", "")) for name, ext in env.extensions.items())), repr(env.autoescape),
                env.trim_blocks, env.lstrip_blocks, env.block_start_string, env.variable_start_string, env.comment_start_string,
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
        cache = _COMPILED[settings] = CompiledTemplates(folder)
    env.bytecode_cache = cache
