"""The photos of the event (dokumentasi) in the activity report: checked where they are named, and
made printable: turned upright as the camera meant, and no larger than a page needs.

A phone's photo is 3 to 6 MB; a report of a dozen would be too large to send by e-mail. Each is
printed from a copy at most 1,600 pixels wide or high (about 135 dpi across the page), kept in
``.bimtek-cache/photos/`` under the digest of the original, so a changed photo makes a new copy.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .cache import CACHE_DIR, digest
from .errors import Diagnostic
from .model import Photo, Report
from .yamlfile import YamlDocument

LONGEST_SIDE = 1600
KINDS = (".jpg", ".jpeg", ".png", ".webp")


def check_photos(report: Report | None, doc: YamlDocument, root: Path) -> list[Diagnostic]:
    """An error for each photo of ``report`` that is not a picture file inside the project."""
    problems = []
    for index, photo in enumerate(report.photos if report else []):
        where = ("report", "photos", index, "file")
        problem = _problem(photo.file, root)
        if problem:
            problems.append(doc.diagnostic(where, f"field 'report.photos[{index}].file': {problem}"))
    return problems


def _problem(name: str, root: Path) -> str | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        return f"{name!r}: give the photo's path from the project folder (beside mkdocs.yml), e.g. 'dokumentasi/pembukaan.jpg'"
    if path.suffix.lower() not in KINDS:
        return f"{name!r}: expected a photo ({', '.join(KINDS)})"
    target = root / path
    if not target.is_file():
        return f"{name!r}: there is no file {path.as_posix()} in the project folder"
    if not target.resolve().is_relative_to(root.resolve()):
        return f"{name!r} is a symbolic link to a place outside the project"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(target) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return f"{name!r} is not a picture that can be read (a damaged or misnamed file?)"
    return None


def printable_photo(root: Path, photo: Photo) -> str:
    """The file address of ``photo``'s printable copy (made once per version of the photo)."""
    from PIL import Image, ImageOps

    original = root / photo.file
    data = original.read_bytes()
    copy = root / CACHE_DIR / "photos" / f"{digest(data, str(LONGEST_SIDE))}.jpg"
    if not copy.is_file():
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            with Image.open(original) as image:
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
                partial = copy.with_suffix(".part")
                upright.convert("RGB").save(partial, "JPEG", quality=82, optimize=True)
                partial.replace(copy)
        except OSError:  # a read-only project: the original, as large as it is
            return original.resolve().as_uri()
    return copy.resolve().as_uri()
