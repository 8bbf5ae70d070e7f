"""Diagnostics and the one error base class of bimtek.

Every problem found in a trainer's files is a :class:`Diagnostic` that prints as
``path:line:column: severity: message`` (the yamllint / compiler convention, so
editors can jump to it). Code that cannot go on raises :class:`BimtekError`
carrying all diagnostics of the run; the CLI catches it once and prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class BimtekError(Exception):
    """Base class of every error bimtek reports to a user (never a traceback)."""

    def __init__(self, message: str = "", diagnostics: Iterable[Diagnostic] = ()):
        self.diagnostics = sorted(diagnostics)
        super().__init__(message or self._summary())

    def _summary(self) -> str:
        errors = sum(1 for d in self.diagnostics if d.is_error)
        return f"{errors} error(s) found"

    def report(self) -> str:
        """The text shown to the user: every diagnostic, then what went wrong."""
        return "\n".join([str(d) for d in self.diagnostics] + [f"bimtek: {self}"])


class ValidationFailed(BimtekError):
    """The project's content has errors; nothing was rendered."""


class RenderError(BimtekError):
    """A template failed while rendering pages or handouts."""


class BuildError(BimtekError):
    """The site could not be built or put in place."""


class ShareError(BimtekError):
    """The built site could not be shared (no port to serve on)."""


class PackError(BimtekError):
    """The built site could not be packed into a zip file (a file in the way, a place inside the site)."""


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
