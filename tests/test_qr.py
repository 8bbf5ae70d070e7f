"""The site's address on paper (``site_url``): QR codes read back from the printed pages with a
barcode reader, as a participant's phone camera reads them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp

from bimtek.build import build_site
from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from minimal import WORKSHOP, write_project

ADDRESS = "https://humas.example.go.id/bimtek"
PUBLISHED = WORKSHOP.replace("venue: Aula\n", f"venue: Aula\nsite_url: {ADDRESS}\n")


def scanned(pdf: Path, page: int = 1, dpi: int = 150) -> list[str]:
    """The QR codes a camera reads on one page, printed at ``dpi`` (pdftoppm's grey image)."""
    image = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(pdf)],
                           capture_output=True, check=True).stdout
    magic, size, _, pixels = image.split(b"\n", 3)
    assert magic == b"P5"
    width, height = map(int, size.split())
    found = zxingcpp.read_barcodes(memoryview(pixels).cast("B", shape=[height, width]))
    return [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("qr"), PUBLISHED)
    project, warnings = load_project(root)
    assert not warnings and project.workshop.site_url == ADDRESS + "/", "the address is kept as a folder's"
    make_handouts(project, root / "site", progress=False, only={"satu.pdf", "jadwal.pdf", "buku-kerja-peserta.pdf", "panduan-fasilitator.pdf"})
    return root


def test_a_lesson_handout_leads_to_its_own_page(published):
    assert scanned(published / "site/handouts/satu.pdf") == [f"{ADDRESS}/lessons/satu.html"]
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(published / "site/handouts/satu.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Sesi ini daring: kuis, daftar periksa, lembar kerja" in " ".join(text.split()), "what the code is for, in words"


def test_the_agenda_on_the_wall_and_the_workbook_cover_lead_to_the_site(published):
    assert scanned(published / "site/handouts/jadwal.pdf") == [f"{ADDRESS}/"]
    assert scanned(published / "site/handouts/buku-kerja-peserta.pdf", page=1) == [f"{ADDRESS}/"]
    lesson_pages = [scanned(published / "site/handouts/buku-kerja-peserta.pdf", page=n) for n in range(2, 8)]
    assert [f"{ADDRESS}/lessons/satu.html"] in lesson_pages and [f"{ADDRESS}/lessons/dua.html"] in lesson_pages, \
        "each lesson of the workbook leads to its page"


def test_the_address_is_also_the_sites_own(published):
    build_site(published)
    html = (published / "site/lessons/satu.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{ADDRESS}/lessons/satu.html">' in html
    assert f"<loc>{ADDRESS}/lessons/satu.html</loc>" in (published / "site/sitemap.xml").read_text(encoding="utf-8")


def test_without_an_address_no_code(tmp_path):
    root = write_project(tmp_path)
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={"satu.pdf", "jadwal.pdf"})
    assert scanned(root / "site/handouts/satu.pdf") == [] and scanned(root / "site/handouts/jadwal.pdf") == []


@pytest.mark.parametrize("value", ["humas.example.go.id/bimtek", "ftp://humas.example.go.id/", "https://localhost"])
def test_an_address_that_is_not_a_web_address_names_its_line(tmp_path, value):
    root = write_project(tmp_path, WORKSHOP.replace("venue: Aula\n", f"venue: Aula\nsite_url: {value}\n"))
    found = [str(d).split("content/", 1)[1] for d in check_project(root).diagnostics]
    assert len(found) == 1 and found[0].startswith("workshop.yml:6:11: error: field 'site_url': expected the web address the site is published at, "
                                                   "starting with https://"), found
