"""Pack the built site into one zip file, to send as a WhatsApp document or copy to a flash drive.

Organisers hand the materials out as a file: participants whose office blocks the site,
or who read on a laptop with no internet, open it from a folder (the site works there:
its links name the ``.html`` files). The archive holds one folder, named after the
workshop, with a single page to open at its top and the site below it, so that the
person who unzips it sees at once what to click. The same site gives the same bytes
(fixed dates, a fixed order): a copy sent again can be told to be the same.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .editions import file_slug
from .errors import PackError
from .i18n import Translator
from .render import standalone_template

WHATSAPP_LIMIT = 100 * 2**20
"""The largest document WhatsApp sends (100 MB)."""

SITE_FOLDER = {"id": "situs", "en": "site"}
START_PAGE = {"id": "BUKA-DI-SINI.html", "en": "OPEN-ME.html"}
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the bytes depend on the site alone


@dataclass(frozen=True)
class Packed:
    """What :func:`pack_site` wrote."""

    path: Path
    size: int
    """Bytes of the zip file."""
    files: int
    """Files of the site in it (the start page not counted)."""
    folder: str
    """The folder the archive unpacks into."""
    start_page: str
    """The page to open, inside :attr:`folder`."""

    @property
    def fits_whatsapp(self) -> bool:
        return self.size <= WHATSAPP_LIMIT


def default_archive(root: Path, title: str) -> Path:
    """Where ``bimtek zip`` writes by default: beside ``site/``, named after the workshop."""
    return root / f"{file_slug(title, 'bimtek')}.zip"


def pack_site(site: Path, archive: Path, *, language: str, start_page: str) -> Packed:
    """Write the built site folder ``site`` (:func:`bimtek.build.built_site`) into the zip file ``archive``
    (replaced whole, never half written).

    The archive unpacks into one folder named like ``archive``: the start page
    (the HTML ``start_page``, which leads to the site) and the site in a folder below it.
    Raises :class:`PackError` when ``archive`` is a file that is not a zip, or would be inside the site.
    """
    if site.resolve() in archive.resolve().parents:
        raise PackError(f"{archive}: inside the site it packs (the next zip would hold this one); choose a place outside {site}")
    if archive.exists() and not (archive.is_file() and zipfile.is_zipfile(archive)):
        raise PackError(f"{archive}: exists and is not a zip file; nothing was written (choose another name with --out)")
    folder = archive.stem
    site_folder, start_name = SITE_FOLDER.get(language, "site"), START_PAGE.get(language, "OPEN-ME.html")
    files = _site_files(site)
    archive.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{archive.name}-", dir=archive.parent)
    try:
        with os.fdopen(handle, "wb") as stream, zipfile.ZipFile(stream, "w") as zipped:
            _add(zipped, f"{folder}/{start_name}", start_page.encode("utf-8"))
            for path in files:
                _add(zipped, f"{folder}/{site_folder}/{path.relative_to(site).as_posix()}", path.read_bytes())
        os.chmod(temporary, 0o644)
        os.replace(temporary, archive)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Packed(archive, archive.stat().st_size, len(files), folder, start_name)


def start_page_html(root: Path, language: str, title: str) -> str:
    """The page at the top of the archive: the workshop's title and a link to the site's home
    page beside it (followed at once where the browser allows)."""
    site_folder = SITE_FOLDER.get(language, "site")
    return standalone_template(root, "pack", "start.html.j2").render(t=Translator(language), language=language, title=title,
                                                    site_folder=site_folder, target=f"{site_folder}/index.html")


def _site_files(site: Path) -> list[Path]:
    """The site's files in a fixed order; symbolic links are not followed (a site has none of its own)."""
    found = []
    for folder, subfolders, names in os.walk(site):
        subfolders.sort()
        found += [Path(folder) / name for name in sorted(names) if (Path(folder) / name).is_file()
                  and not (Path(folder) / name).is_symlink()]
    return sorted(found, key=lambda path: path.relative_to(site).as_posix())


def _add(zipped: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.external_attr = 0o644 << 16  # readable by everyone who unpacks it, on any system
    info.create_system = 3  # Unix, whatever system packed it: the same bytes everywhere
    zipped.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
