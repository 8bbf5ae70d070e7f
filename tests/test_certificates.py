"""Certificates of attendance (sertifikat) read back from the PDF, and the participant list they
name people from: read from spreadsheets' CSV, checked with line numbers, never published."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from bimtek.build import build_site
from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from minimal import WORKSHOP, write_project
from test_assessment import pdf_pages

CERTIFIED = WORKSHOP.replace("venue: Aula\n", """venue: Aula
certificate:
  signatory: Dra. Penanda Tangan
  position: Kepala Pusat Pelatihan
  signatory_nip: "197001012000031001"
  place: Bandung
  number: "{n}/SERT/2021"
""")

PEOPLE = "\ufeffNama;NIP;Instansi\nRina Wulandari;198703152010122003;Diskominfo Kota Bogor\n;;\nAhmad Fauzi;;Humas Pemprov Jawa Barat\n"


def certified(tmp_path: Path, people: str | None = PEOPLE, workshop: str = CERTIFIED) -> Path:
    root = write_project(tmp_path, workshop)
    if people is not None:
        (root / "participants.csv").write_text(people, encoding="utf-8")
    return root


def test_a_certificate_per_participant_with_its_sessions_on_the_back(tmp_path):
    root = certified(tmp_path)
    project, warnings = load_project(root)
    assert not warnings
    plan = {h.name: h for h in plan_handouts(project)}
    assert plan["sertifikat.pdf"].private, "names and NIPs are never published"
    make_handouts(project, root / "site", progress=False, only={"sertifikat.pdf"})
    path = root / "private/sertifikat.pdf"
    box = PdfReader(path).pages[0].mediabox
    assert float(box.width) > float(box.height), "landscape"
    pages = pdf_pages(path)
    assert len(pages) == 4, "two participants (the empty row skipped), a front and a back each"
    rina, rina_back, ahmad, _ = pages
    assert rina.startswith("PANITIA UJI") and "SERTIFIKAT" in rina.replace(" ", "")
    for expected in ("Nomor: 001/SERT/2021", "diberikan kepada Rina Wulandari",
                     "NIP 198703152010122003 · Diskominfo Kota Bogor", "atas partisipasinya sebagai peserta Bimtek Uji",
                     "yang diselenggarakan oleh Panitia Uji pada 30 September 2021 secara luring (tatap muka), dengan jumlah 4 jam pelajaran (JP).",
                     "Bandung, 30 September 2021", "Kepala Pusat Pelatihan,", "Dra. Penanda Tangan", "NIP 197001012000031001"):
        assert expected in rina, (expected, rina)
    assert "Nomor: 002/SERT/2021" in ahmad and "Ahmad Fauzi Humas Pemprov Jawa Barat" in ahmad and "NIP" in ahmad.split("Tangan")[1]
    assert "NIP  " not in ahmad and "NIP ·" not in ahmad, "no empty NIP printed for a participant without one"
    for expected in ("Daftar Materi", "Bimtek Uji · Rina Wulandari", "No. Materi (Mata Pelatihan) Jadwal JP",
                     "1 Sesi Satu 30 September 2021 2", "2 Sesi Dua 30 September 2021 2", "Jumlah 4"):
        assert expected in rina_back, (expected, rina_back)


def test_without_a_list_one_certificate_to_fill_in(tmp_path):
    root = certified(tmp_path, people=None)
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={"sertifikat.pdf"})
    front, back = pdf_pages(root / "private/sertifikat.pdf")
    assert "diberikan kepada NIP" in front and "Nomor: ……/SERT/2021" in front, "blank lines for the name, NIP and office"
    assert "Jumlah 4" in back


def test_names_never_reach_the_site_or_a_published_pdf(tmp_path):
    root = certified(tmp_path)
    project, _, site = build_site(root)
    make_handouts(project, site, progress=False)  # every PDF, as 'bimtek build' does
    assert (root / "private/sertifikat.pdf").is_file() and (site / "handouts/daftar-hadir.pdf").is_file()
    published = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in published if p.name == "participants.csv"]
    for path in published:
        data = path.read_bytes()
        assert b"Rina Wulandari" not in data and b"198703152010122003" not in data, path
    for path in site.rglob("*.pdf"):
        assert "Rina" not in " ".join(pdf_pages(path)), path


@pytest.mark.parametrize("people, expected", [
    ("nama,nip\nRina,123\n", ["participants.csv:2:1: warning: NIP '123' of Rina is not 18 digits; check it before printing"]),
    ("nama,nip\n,198703152010122003\nAhmad,\n", ["participants.csv:2:1: error: this row has no name (column 'nama')"]),
    ("peserta,nip\nRina,\n", ["participants.csv:1:1: error: the first row names the columns; expected 'nama' (or 'name'), "
                              "and optionally 'nip', 'instansi', 'tes_awal' and 'tes_akhir', got 'peserta', 'nip'"]),
])
def test_problems_in_the_list_name_their_line(tmp_path, people, expected):
    root = certified(tmp_path, people)
    found = [str(d).split("/")[-1] for d in check_project(root).diagnostics]
    assert found == expected


def test_a_list_in_latin_1_asks_for_utf_8(tmp_path):
    root = certified(tmp_path, people=None)
    (root / "participants.csv").write_bytes("nama\nRina\nJosé\n".encode("latin-1"))
    found = [str(d).split("/")[-1] for d in check_project(root).errors]
    assert found == ["participants.csv:3:1: error: file is not UTF-8 text; save it as 'CSV UTF-8'"]


def test_a_list_without_certificate_settings_warns(tmp_path):
    root = certified(tmp_path, workshop=WORKSHOP)
    found = [str(d).split("/")[-1] for d in check_project(root).diagnostics]
    assert found == ["participants.csv:1:1: warning: there is a participant list but workshop.yml has no 'certificate:' "
                     "(signatory, position, place): no certificates are made"]
    assert "sertifikat.pdf" not in [h.name for h in plan_handouts(load_project(root)[0])]


def test_a_list_put_in_content_is_refused_before_it_is_published(tmp_path):
    root = certified(tmp_path, people=None)
    (root / "content/participants.csv").write_text(PEOPLE, encoding="utf-8")
    found = [str(d) for d in check_project(root).errors]
    assert len(found) == 1 and "content/participants.csv:1:1: error: a participant list in content/ would be published" in found[0]


def test_a_named_attendance_list_to_sign_only_is_kept_private(tmp_path):
    root = certified(tmp_path)
    project, _ = load_project(root)
    plan = {h.name: h for h in plan_handouts(project)}
    assert plan["daftar-hadir-bernama.pdf"].private and not plan["daftar-hadir.pdf"].private
    make_handouts(project, root / "site", progress=False, only={"daftar-hadir-bernama.pdf", "daftar-hadir.pdf"})
    (named,) = pdf_pages(root / "private/daftar-hadir-bernama.pdf")
    assert "1 Rina Wulandari 198703152010122003 Diskominfo Kota Bogor 1." in named and "2 Ahmad Fauzi Humas Pemprov Jawa Barat 2." in named
    assert " 3 3." not in named, "a row per participant, no more"
    (blank,) = pdf_pages(root / "site/handouts/daftar-hadir.pdf")
    assert "Rina" not in blank and "Wulandari" not in blank and "14." in blank, "the published list stays blank: 14 rows"


def test_each_participant_also_gets_a_certificate_of_their_own_to_send(tmp_path):
    root = certified(tmp_path)
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False)
    folder = root / "private/sertifikat"
    assert sorted(p.name for p in folder.iterdir()) == ["001-rina-wulandari.pdf", "002-ahmad-fauzi.pdf"]
    front, back = pdf_pages(folder / "002-ahmad-fauzi.pdf")
    assert "Nomor: 002/SERT/2021" in front and "Ahmad Fauzi" in front and "Rina" not in front + back
    assert "Bimtek Uji · Ahmad Fauzi" in back

    (root / "participants.csv").write_text("nama\nRina Wulandari\nSiti Aminah\n", encoding="utf-8")  # Ahmad left the list
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False)
    assert sorted(p.name for p in folder.iterdir()) == ["001-rina-wulandari.pdf", "002-siti-aminah.pdf"], \
        "the certificate of someone no longer on the list is removed: it holds their name"
    assert "Rina" not in " ".join(pdf_pages(folder / "002-siti-aminah.pdf"))


def test_file_names_from_peoples_names():
    from bimtek.editions import file_slug

    assert file_slug("Rina Wulandari, S.I.Kom.") == "rina-wulandari-s-i-kom"
    assert file_slug("Dr. Ir. Bambang Sétiawan, M.Si") == "dr-ir-bambang-setiawan-m-si"
    assert file_slug("محمد") == "peserta", "a name without Latin letters still gives a file name"
