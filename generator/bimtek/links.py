"""Keep a project's content inside the project: link and image targets, symlinks.

A trainer's text may reference images and files (``![peta](peta.png)``). Such a
target must be a web address or a path that stays inside ``content/``: an
absolute path, a ``file:`` address or a ``../`` walk out of the project is an
error naming the file, line and field. Symbolic links under ``content/`` that
lead outside the project are errors too, because MkDocs copies whatever
``content/`` holds into the published site.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Iterator, NamedTuple
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel

from .errors import Diagnostic, display_path
from .markup import markdown_to_html
from .yamlfile import YamlDocument

WEB_SCHEMES = {"http", "https", "mailto", "tel"}
UNPUBLISHED = ("private", "site", ".bimtek-cache", ".git")
"""Folders of the project that content/ must not publish through a link (private/ holds the facilitator guide)."""
_URL_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction", "cite", "background", "xlink:href"}
_PICTURE_TAGS = {"img", "source", "video", "audio", "track", "input"}
"""Tags whose ``src``, ``srcset`` or ``poster`` the browser fetches as the page shows, unasked.
(An iframe, embed or object is left out: it needs raw HTML, so a trainer wrote it on purpose.)"""


class Target(NamedTuple):
    """A URL a text asks for, and whether the page shows it (a picture) rather than links to it."""

    url: str
    shown: bool = False


class _Targets(HTMLParser):
    """Collects every URL-valued attribute of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Target] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _URL_ATTRIBUTES and value:
                shown = tag in _PICTURE_TAGS and name in ("src", "srcset", "poster")
                if name == "srcset":
                    self.found.extend(Target(part.strip().split(" ")[0], shown) for part in value.split(",") if part.strip())
                else:
                    self.found.append(Target(value.strip(), shown))

    handle_startendtag = handle_starttag


def link_targets(text: str) -> list[Target]:
    """Every link and image target a Markdown text asks for (before sanitising: a refused
    ``file:`` link is reported rather than silently dropped)."""
    if "]" not in text and "<" not in text:  # no link, image, autolink or HTML: nothing to look at
        return []
    parser = _Targets()
    parser.feed(str(markdown_to_html(text, allow_raw_html=True)))
    parser.close()
    return parser.found


def target_problem(target: str, page_dir: Path, content_dir: Path, root: Path) -> str | None:
    """Why ``target`` (seen on a page generated from ``page_dir``) is not allowed, or None."""
    cleaned = target.replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme:
        if parts.scheme.lower() in WEB_SCHEMES and (parts.netloc or parts.scheme.lower() in ("mailto", "tel")):
            return None
        return f"the address {target!r} is not allowed: use http(s):// for the web, or a file inside content/"
    if parts.netloc:
        return None  # //host/path: another web site
    path = unquote(parts.path)
    if not path:
        return None  # "#anchor" or "?query" on the same page
    if path.startswith("/") or PurePosixPath(path).is_absolute():
        return f"{target!r} is an absolute path; refer to files inside content/ with a relative path"
    resolved = Path(os.path.normpath(page_dir / path))
    if not _inside(resolved, content_dir):
        return f"{target!r} points outside content/; put the file inside content/ and refer to it from there"
    if resolved.exists() and not _inside(resolved.resolve(), root.resolve()):
        return f"{target!r} is a symbolic link to a place outside the project"
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def model_targets(model: BaseModel) -> list[tuple[tuple, Target]]:
    """Every (field path, link or image target) in ``model``'s text: a function of the file alone."""
    return [(path, target) for path, text in _strings(model, ()) for target in link_targets(text)]


def check_links(model: BaseModel, doc: YamlDocument, page_dir: Path, content_dir: Path, root: Path,
                targets: list[tuple[tuple, Target]] | None = None) -> list[Diagnostic]:
    """A diagnostic for each link or image target in ``model``'s text that leaves the project
    (an error), names a file that is not there or shows a picture from another site (warnings).

    ``targets`` are :func:`model_targets` of ``model`` when already known (cached).
    """
    out = []
    for path, (target, shown) in model_targets(model) if targets is None else targets:
        problem, severity = target_problem(target, page_dir, content_dir, root), "error"
        if problem is None:
            problem = missing_file(target, page_dir, content_dir) or (remote_picture(target, page_dir, content_dir) if shown else None)
            severity = "warning"
        if problem:
            name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
            diagnostic = doc.diagnostic(path, f"field '{name}': {problem}", severity=severity)
            out.append(_at_target(diagnostic, doc, target))
    return out


GENERATED = (".md", ".html", "/")
"""Targets bimtek or MkDocs make (pages, folders' index pages): not files a trainer adds to content/."""


def missing_file(target: str, page_dir: Path, content_dir: Path) -> str | None:
    """Why the file ``target`` names inside content/ is not there (a typo, a picture not copied in), or None.

    Pages and the handouts are made by the build, so links to them are not looked for.
    """
    parts = urlsplit(target.replace("\\", "/"))
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or not path or path.endswith(GENERATED):
        return None
    resolved = Path(os.path.normpath(page_dir / path))
    if resolved.is_file() or _inside(resolved, content_dir / "handouts"):
        return None
    shown = resolved.relative_to(content_dir.parent).as_posix() if _inside(resolved, content_dir.parent) else str(resolved)
    names = _names_in(resolved.parent)
    near = [name for name in names if Path(name).stem == resolved.stem] or difflib.get_close_matches(resolved.name, names, n=1, cutoff=0.8)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return f"{target!r}: there is no file {shown}{hint}"


def remote_picture(target: str, page_dir: Path, content_dir: Path) -> str | None:
    """Why the picture ``target`` should be a file of the project rather than another site's, or None.

    The site is made to work offline and ask nothing of other sites: such a picture leaves a
    hole on a phone without a connection (and in every handout: :mod:`bimtek.pdf` fetches nothing from the web), and each view
    tells that site who is reading.
    """
    parts = urlsplit(target)
    if not parts.netloc:
        return None
    name = PurePosixPath(unquote(parts.path)).name or "gambar.png"
    written = Path(os.path.relpath(content_dir / "gambar" / name, page_dir)).as_posix()
    return (f"the picture {target!r} is on another web site: it does not show without a connection nor in the handouts, and each view "
            f"asks that site for it; save it as content/gambar/{name} and write {written!r}")


def _names_in(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return []


def _at_target(diagnostic: Diagnostic, doc: YamlDocument, target: str) -> Diagnostic:
    """Move ``diagnostic`` from the start of a long text to the line holding ``target``."""
    for offset, line in enumerate(doc.lines[diagnostic.line - 1:]):
        column = line.find(target)
        if column >= 0:
            return replace(diagnostic, line=diagnostic.line + offset, column=column + 1)
        if offset and line.strip() and not line.startswith(" "):
            break  # the next top-level field: the target is written differently (escaped, encoded)
    return diagnostic


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    # Every text of the model, not only the Markdown-typed fields: a project's
    # own templates may render any field as Markdown.
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
    elif isinstance(value, str):
        yield path, value


def check_symlinks(root: Path, content_dir: Path) -> list[Diagnostic]:
    """An error for each symbolic link under ``content_dir`` that leads outside the project,
    and for each named pipe, socket or device there (MkDocs would hang or fail copying it)."""
    out = []
    real_root = root.resolve()
    for entry in _entries(content_dir):
        if not entry.is_symlink():
            if not (entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)) \
                    and _exists(entry) and not _is_lesson_file(Path(entry.path), content_dir):
                out.append(Diagnostic(display_path(Path(entry.path)), 1, 1, "not a regular file (a named pipe, socket or device); "
                                      "remove it from content/"))
            continue
        path = Path(entry.path)
        target = path.resolve()
        if not _inside(target, real_root):
            out.append(Diagnostic(display_path(path), 1, 1, f"this is a symbolic link to {target}, outside the project; "
                                  "MkDocs would publish that file: copy it into content/ instead"))
        elif any(_inside(target, real_root / name) for name in UNPUBLISHED):
            out.append(Diagnostic(display_path(path), 1, 1, f"this is a symbolic link to {target}, which is bimtek's own output "
                                  "or data (never published: the facilitator guide, the site, the cache); remove the link"))
    return out


def _entries(content_dir: Path) -> Iterator[os.DirEntry]:
    """``content_dir`` and everything under it, never following a symlinked folder.

    Directory entries tell a file, a folder or a link from the folder listing (no
    stat per file): a catalogue of a thousand lessons is checked on every preview edit.
    """
    try:
        with os.scandir(content_dir.parent) as listing:
            yield from [entry for entry in listing if entry.name == content_dir.name]
    except OSError:
        return  # no project folder (any more): nothing to publish
    folders = [str(content_dir)] if content_dir.is_dir() else []
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue  # vanished or unreadable meanwhile: nothing to publish
        for entry in entries:
            yield entry
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)


def _exists(entry: os.DirEntry) -> bool:
    try:
        entry.stat(follow_symlinks=False)
    except OSError:
        return False  # vanished meanwhile: nothing to publish
    return True


def _is_lesson_file(path: Path, content_dir: Path) -> bool:
    """Lesson files are reported by the loader already."""
    return path.parent == content_dir / "lessons" and path.suffix in (".yml", ".yaml")
