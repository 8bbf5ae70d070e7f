"""Name tags (tanda pengenal) for the venue, read back from the PDF: ten cards a page, the
speakers and the committee first, then a card per participant (named from participants.csv, in
the private edition) or blank cards to fill in at the desk."""

from __future__ import annotations

from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.project import load_project
from minimal import WORKSHOP, write_project
from test_handouts import page_count, pdf_text

PEOPLE = ("nama;nip;instansi\n"
          "Rina Wulandari;198703152010122003;Diskominfo Kota Bogor\n"
          "Prof. Dr. Ahmad Fauzi Rahmatullah Kusumawardhana, S.Sos., M.Si.;;Biro Humas Pemprov Jawa Barat\n")


def test_blank_name_tags_for_the_expected_participants_after_the_speakers(tmp_path):
    root = write_project(tmp_path, WORKSHOP.replace("venue: Aula", "venue: Aula\nparticipants: 12"))
    project, _ = load_project(root)
    tags = next(h for h in plan_handouts(project) if h.name == "tanda-pengenal.pdf")
    assert tags.for_organisers and not tags.private
    report = make_handouts(project, root / "site", progress=False, only={"tanda-pengenal.pdf"})
    path = root / "site/handouts/tanda-pengenal.pdf"
    text = pdf_text(path)
    assert page_count(path) == 2, "1 speaker and 12 blank cards, ten a page"
    assert text.index("Ana Narasumber") < text.index("NARASUMBER") < text.index("PESERTA")
    assert text.count("PESERTA") == 12 and text.count("Instansi / Kelompok") == 12
    assert text.count("BIMTEK UJI") == 13, "each card names the event"
    assert report.pages["tanda-pengenal.pdf"] == 2


def test_named_tags_are_private_and_the_blank_ones_hold_no_name(tmp_path):
    root = write_project(tmp_path)
    (root / "participants.csv").write_text(PEOPLE, encoding="utf-8")
    project, _ = load_project(root)
    named = next(h for h in plan_handouts(project) if h.name == "tanda-pengenal-bernama.pdf")
    assert named.private and named.personal
    make_handouts(project, root / "site", progress=False, only={"tanda-pengenal.pdf", "tanda-pengenal-bernama.pdf"})
    assert not (root / "site/handouts/tanda-pengenal-bernama.pdf").exists()
    text = pdf_text(root / "private/tanda-pengenal-bernama.pdf")
    for part in ("Ana Narasumber", "Rina Wulandari", "Diskominfo Kota Bogor",
                 "Prof. Dr. Ahmad Fauzi Rahmatullah Kusumawardhana, S.Sos., M.Si.", "Biro Humas Pemprov Jawa Barat"):
        assert part in text
    assert text.count("PESERTA") == 2 and "Instansi / Kelompok" not in text, "no blank cards beside the list"
    assert "Rina" not in pdf_text(root / "site/handouts/tanda-pengenal.pdf")


def test_an_online_workshop_gets_no_name_tags(tmp_path):
    root = write_project(tmp_path, WORKSHOP.replace("mode: offline", "mode: online"))
    (root / "participants.csv").write_text(PEOPLE, encoding="utf-8")
    project, _ = load_project(root)
    assert not [h for h in plan_handouts(project) if h.template == "name_tags.html.j2"]
