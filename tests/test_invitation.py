"""The invitation letters (surat undangan), read back from the PDF: one official letter per
addressee (or per participant of participants.csv), its days, times and place from the agenda,
signed as the terms of reference unless told otherwise, the agenda as its enclosure."""

from __future__ import annotations

from pathlib import Path

from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from minimal import LESSON, WORKSHOP, write_project
from test_name_tags import PEOPLE
from test_report import assert_in_order, laid_out_pages

INVITED = WORKSHOP.replace("venue: Aula\n", """venue: Aula Utama
invitation:
  to: [Kepala Dinas Kominfo Kota Bogor, Kepala Biro Humas Pemprov Jawa Barat]
  number: "{n}/UND/UJI/IX/2021"
  nature: Segera
  letterhead: ["Jalan Uji No. 1, Jakarta 10110"]
  request: Mohon Bapak/Ibu menugaskan **dua** orang pegawai.
  contact: Rina (0812 0000 0000)
  copies: [Direktur Uji]
  signatory: Sari Direktur
  position: Direktur Uji
  signatory_nip: "197001012000032002"
  place: Jakarta
  date: 2021-09-20
""")


def letters(root: Path, name: str = "undangan.pdf") -> list[str]:
    """The pages of the invitations PDF, as laid out."""
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={name})
    return laid_out_pages(report.files[name])


def test_a_letter_per_addressee_with_the_agenda_enclosed_kept_private(tmp_path):
    root = write_project(tmp_path, INVITED)
    project, warnings = load_project(root)
    assert not warnings
    (root / "participants.csv").write_text(PEOPLE, encoding="utf-8")  # not used: the letters go to the addressees
    project, _ = load_project(root)
    handout = next(h for h in plan_handouts(project) if h.template == "invitation.html.j2")
    assert handout.private and not handout.personal, "addressed to offices: no participant's name"
    pages = letters(root)
    assert (root / "private/undangan.pdf").is_file() and not (root / "site/handouts/undangan.pdf").exists()
    assert len(pages) == 4, "each letter, then its enclosure"
    first, enclosure, second = pages[0], pages[1], pages[2]
    assert_in_order(first, [
        "PANITIA UJI", "Jalan Uji No. 1, Jakarta 10110", "Jakarta, 20 September 2021",
        "Nomor : 1/UND/UJI/IX/2021", "Sifat : Segera", "Lampiran : 1 (satu) berkas", "Hal : Undangan Bimtek Uji",
        "Yth. Kepala Dinas Kominfo Kota Bogor", "di tempat",
        "Panitia Uji akan menyelenggarakan Bimtek Uji", "Hari, tanggal, waktu : Kamis, 30 September 2021, pukul 08.00–12.30",
        "Tempat : Aula Utama Acara : Bimtek Uji",
        "Mohon Bapak/Ibu menugaskan dua orang pegawai.", "Informasi lebih lanjut dapat diperoleh dari Rina (0812 0000 0000).",
        "Demikian undangan ini kami sampaikan", "Direktur Uji,", "Sari Direktur", "NIP 197001012000032002",
        "Tembusan:", "1. Direktur Uji",
    ])
    assert "Kepala Biro Humas" not in first
    assert_in_order(enclosure, ["Lampiran Surat Undangan", "Nomor: 1/UND/UJI/IX/2021", "Tanggal: 20 September 2021",
                                "Jadwal (Susunan Acara)", "Hari 1: Kamis, 30 September 2021", "Registrasi", "Sesi Satu", "ISHOMA", "Sesi Dua"])
    assert_in_order(second, ["Nomor : 2/UND/UJI/IX/2021", "Yth. Kepala Biro Humas Pemprov Jawa Barat"])
    for page in pages:
        for secret in ("JAWABAN-CONTOH-RAHASIA", "CATATAN-FASILITATOR-RAHASIA", "Ana Narasumber (Narasumber) 198", "Rina Wulandari"):
            assert secret not in page


def test_without_addressees_a_named_letter_per_participant_else_one_to_fill_in(tmp_path):
    workshop = INVITED.replace("  to: [Kepala Dinas Kominfo Kota Bogor, Kepala Biro Humas Pemprov Jawa Barat]\n", "")
    root = write_project(tmp_path, workshop)
    blank = letters(root)
    assert len(blank) == 2, "one letter to fill in, and its enclosure"
    assert "Nomor : 1/UND/UJI/IX/2021" in blank[0] and "Yth. di tempat" in blank[0]

    (root / "participants.csv").write_text(PEOPLE, encoding="utf-8")
    project, _ = load_project(root)
    handout = next(h for h in plan_handouts(project) if h.template == "invitation.html.j2")
    assert handout.private and handout.personal, "the participants' names: personal data"
    pages = letters(root)
    assert len(pages) == 4
    assert_in_order(pages[0], ["Yth. Bapak/Ibu Rina Wulandari", "Diskominfo Kota Bogor", "di tempat"])
    assert_in_order(pages[2], ["Nomor : 2/UND/UJI/IX/2021", "Yth. Bapak/Ibu Prof. Dr. Ahmad Fauzi", "Biro Humas Pemprov Jawa Barat"])
    assert not any("198703152010122003" in page for page in pages), "a letter names the participant, not their NIP"


def test_the_signature_is_the_terms_of_references_unless_written(tmp_path):
    workshop = INVITED.replace("""  signatory: Sari Direktur
  position: Direktur Uji
  signatory_nip: "197001012000032002"
  place: Jakarta
  date: 2021-09-20
""", "  position: Ketua Panitia\n") + """terms_of_reference:
  signatory: Sari Direktur
  position: Direktur Uji
  place: Bandung
"""
    root = write_project(tmp_path, workshop)
    first = letters(root)[0]
    assert_in_order(first, ["Bandung, ……", "Ketua Panitia,", "Sari Direktur"])
    assert "Direktur Uji," not in first and "NIP" not in first


def test_who_signs_is_required_when_the_terms_of_reference_do_not_say(tmp_path):
    root = write_project(tmp_path, INVITED.replace("  signatory: Sari Direktur\n", "").replace("  place: Jakarta\n", ""))
    messages = [str(d)[str(d).index("content/"):] for d in check_project(root).diagnostics if d.severity == "error"]
    line = INVITED.splitlines().index("invitation:") + 1
    assert messages == [
        f"content/workshop.yml:{line}:1: error: field 'invitation': missing '{name}' (who signs the letters, where): write it here, "
        "or under 'terms_of_reference', whose signature the letters then share" for name in ("place", "signatory")], messages


def test_in_english_online_and_without_an_agenda(tmp_path):
    workshop = INVITED.replace("language: id", "language: en").replace("mode: offline", "mode: online")
    root = write_project(tmp_path, workshop)
    pages = letters(root, "invitations.pdf")
    assert_in_order(pages[0], ["Ref. : 1/UND/UJI/IX/2021", "Priority : Segera", "Enclosure : 1 (one) document", "Subject : Invitation: Bimtek Uji",
                               "To: Kepala Dinas Kominfo Kota Bogor", "Panitia Uji will hold Bimtek Uji", "Venue : Aula Utama (Online)",
                               "Copy to:"])
    assert "di tempat" not in pages[0]

    no_days = INVITED[:INVITED.index("days:")]
    root = write_project(tmp_path / "no-days", no_days, {"satu": LESSON.format(title="Sesi Satu")})
    pages = letters(root)
    assert len(pages) == 2, "no agenda: no enclosure"
    assert "Lampiran : –" in pages[0] and "Hari, tanggal" not in pages[0]
