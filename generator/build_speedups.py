"""Hatchling build hook: compile bimtek's optional C speed-up (``bimtek/_fastyaml.c``).

The extension reads plain lesson files four times faster than PyYAML's node tree
(see the C file). It is optional: without a C compiler or libyaml's header (Debian:
``libyaml-dev``; the Makefile installs it) the build warns and bimtek reads every file
with its pure-Python loader, with the same results.

- a wheel gets the compiled module inside ``bimtek/`` (and a platform tag);
- an editable install (``pip install -e .``, what the Makefile does) gets it beside the
  source in ``generator/bimtek/``, where Python imports it from.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = "generator/bimtek/_fastyaml.c"
MODULE = "bimtek._fastyaml"


class SpeedupsHook(BuildHookInterface):
    """Compile the extension; never fail the build over it."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Add the compiled module to a wheel, or put it beside the source for an editable install."""
        if self.target_name != "wheel":
            return
        if version == "editable":  # a module left by an earlier build: never imported beside a newer source
            for old in (Path(self.root) / "generator" / "bimtek").glob("_fastyaml.*"):
                if old.suffix in (".so", ".pyd"):
                    old.unlink()
        if os.environ.get("BIMTEK_NO_SPEEDUPS"):
            return
        built = compile_extension(Path(self.root))
        if built is None:
            return
        if version == "editable":
            shutil.copy2(built, Path(self.root) / "generator" / "bimtek" / built.name)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"][str(built)] = f"bimtek/{built.name}"


def compile_extension(root: Path) -> Path | None:
    """The compiled module (in a temporary folder), or None with a warning when it cannot be built."""
    try:
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext
    except ImportError as exc:  # pragma: no cover - setuptools is a build requirement
        _warn(f"setuptools is missing ({exc})")
        return None
    out = Path(tempfile.mkdtemp(prefix="bimtek-speedups-"))
    extension = Extension(MODULE, [str(root / SOURCE)], libraries=["yaml"])
    command = build_ext(Distribution({"name": "bimtek", "ext_modules": [extension]}))
    command.build_lib = str(out / "lib")
    command.build_temp = str(out / "temp")
    try:
        command.ensure_finalized()
        command.run()
    except Exception as exc:  # noqa: BLE001 - no compiler, no yaml.h: bimtek works without the speed-up
        _warn(str(exc))
        return None
    name = f"_fastyaml{sysconfig.get_config_var('EXT_SUFFIX')}"
    built = out / "lib" / "bimtek" / name
    return built if built.is_file() else None


def _warn(reason: str) -> None:
    print(f"bimtek: the C speed-up for reading YAML was not built ({reason}); "
          "bimtek reads YAML with its pure-Python loader, more slowly. On Debian: apt-get install gcc libyaml-dev",
          file=sys.stderr)
