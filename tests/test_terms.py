"""The terms of reference (kerangka acuan kerja, KAK), read back from the PDF: the event as
planned, in the chapters the activity report shares, then its outputs, funding and signature."""

from __future__ import annotations

from pathlib import Path

from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from minimal import WORKSHOP, write_project
from test_report import assert_in_order, laid_out_pages

TERMS = WORKSHOP.replace("venue: Aula\n", """venue: Aula
participants: 30
description: Latar belakang dari **deskripsi** kegiatan.
goals: [Peserta memahami uji.]
audience: Pranata Humas daerah
terms_of_reference:
  basis: ["Peraturan Menteri PANRB Nomor 83 Tahun 2012", "Instruksi Presiden Nomor 9 Tahun 2015"]
  funding: DIPA Direktorat Uji Tahun Anggaran 2021
  signatory: Sari Direktur
  position: Direktur Uji
  signatory_nip: "197001012000032002"
  place: Jakarta
""")


def terms_text(root: Path, name: str = "kerangka-acuan-kerja.pdf") -> str:
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={name})
    return " ".join(laid_out_pages(report.files[name]))


def test_the_terms_of_reference_say_what_the_event_will_be_and_are_kept_private(tmp_path):
    root = write_project(tmp_path, TERMS)
    project, _ = load_project(root)
    handout = next(h for h in plan_handouts(project) if h.template == "terms.html.j2")
    assert handout.private and not handout.personal
    text = terms_text(root)
    assert (root / "private/kerangka-acuan-kerja.pdf").is_file() and not (root / "site/handouts/kerangka-acuan-kerja.pdf").exists()
    chapters = ["I. Pendahuluan", "A. Dasar Hukum", "1. Peraturan Menteri PANRB Nomor 83 Tahun 2012", "2. Instruksi Presiden Nomor 9 Tahun 2015",
                "B. Latar Belakang", "Latar belakang dari deskripsi kegiatan.", "C. Maksud dan Tujuan", "Peserta memahami uji.",
                "D. Sasaran Peserta", "Pranata Humas daerah", "II. Pelaksanaan Kegiatan", "A. Waktu dan Tempat", "Kamis, 30 September 2021",
                "Narasumber, Fasilitator, dan Moderator", "Ana Narasumber", "Materi (Mata Pelatihan)", "Sesi Satu", "Sesi Dua",
                "III. Keluaran", "Sesi Satu: Peserta mampu menguji.", "IV. Pembiayaan", "DIPA Direktorat Uji Tahun Anggaran 2021",
                "V. Penutup", "Jakarta, ……", "Direktur Uji,", "Sari Direktur", "NIP 197001012000032002", "Lampiran"]
    assert_in_order(text, chapters)
    for secret in ("JAWABAN-CONTOH-RAHASIA", "CATATAN-FASILITATOR-RAHASIA", "Mana yang benar?"):
        assert secret not in text


def test_outputs_given_replace_the_sessions_outcomes_and_a_date_is_printed(tmp_path):
    workshop = TERMS.replace("  funding: DIPA Direktorat Uji Tahun Anggaran 2021\n",
                             "  outputs: [Rancangan konten tiap instansi, Laporan kegiatan]\n  date: 2021-09-01\n")
    root = write_project(tmp_path, workshop)
    text = terms_text(root)
    assert_in_order(text, ["III. Keluaran", "1. Rancangan konten tiap instansi", "2. Laporan kegiatan", "IV. Penutup"])
    assert "Pembiayaan" not in text, "no funding chapter: the closing is IV"
    assert "Sesi Satu: Peserta mampu menguji." not in text
    assert "Jakarta, 1 September 2021" in text


def test_the_activity_report_takes_the_basis_and_background_written_in_the_terms(tmp_path):
    workshop = TERMS.replace("  funding:", "  background: Latar dari KAK.\n  funding:") + """report:
  signatory: Budi Ketua
  position: Ketua Panitia
  place: Bandung
"""
    root = write_project(tmp_path, workshop)
    text = terms_text(root, "laporan-kegiatan.pdf")
    assert "A. Dasar Pelaksanaan 1. Peraturan Menteri PANRB Nomor 83 Tahun 2012" in text
    assert "Latar dari KAK." in text and "Latar belakang dari deskripsi" not in text


def test_a_terms_of_reference_without_a_signatory_is_an_error_at_its_line(tmp_path):
    root = write_project(tmp_path, TERMS.replace("  signatory: Sari Direktur\n", ""))
    messages = [str(d) for d in check_project(root).diagnostics]
    line = TERMS.splitlines().index("terms_of_reference:") + 2  # its first field
    assert any(f"workshop.yml:{line}:3: error: missing required field 'signatory'" in m for m in messages), messages


def test_in_english(tmp_path):
    root = write_project(tmp_path, TERMS.replace("language: id", "language: en"))
    text = terms_text(root, "terms-of-reference.pdf")
    assert_in_order(text, ["I. Introduction", "A. Legal basis", "II. How the event will run",
                           "III. Expected outputs", "After the event, participants are expected", "IV. Funding"])
