"""The speaker briefs (kerangka acuan narasumber) read back from the PDF: a sheet per person who
runs a session, with the event and each of their sessions, kept out of the published site."""

from __future__ import annotations

from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.project import load_project
from minimal import WORKSHOP, write_project
from test_assessment import pdf_pages
from test_handouts import SECRETS

BRIEFED = WORKSHOP.replace("""    role: speaker
""", """    role: speaker
    title: Kepala Bagian Humas
    organization: Kementerian Uji
  - id: budi
    name: Budi Moderator
    role: moderator
  - id: cici
    name: Cici Panitia
    role: organizer
""").replace("        people: [ana]\n", "        people: [ana, budi]\n").replace("      - lesson: dua\n", "      - lesson: dua\n        people: [budi, cici]\n")


def test_each_person_running_a_session_gets_a_brief_of_their_sessions(tmp_path):
    root = write_project(tmp_path, BRIEFED)
    project, _ = load_project(root)
    plan = {h.name: h for h in plan_handouts(project)}
    assert plan["kerangka-acuan-narasumber.pdf"].private, "sent by the organisers, never published"
    make_handouts(project, root / "site", progress=False, only={"kerangka-acuan-narasumber.pdf"})
    assert not (root / "site/handouts/kerangka-acuan-narasumber.pdf").exists()
    pages = pdf_pages(root / "private/kerangka-acuan-narasumber.pdf")
    sheets = [page for page in pages if "Kepada:" in page]
    assert [page.split("Kepada: ", 1)[1].split(" Narasumber")[0].split(" Moderator")[0] for page in sheets] == ["Ana", "Budi"], \
        "a sheet per speaker and moderator in the order they appear; not the committee"
    ana, budi = " ".join(pages[:pages.index(sheets[1])]), " ".join(pages[pages.index(sheets[1]):])
    for expected in ("Kerangka Acuan Narasumber · Bimtek Uji", "Kepada: Ana Narasumber", "Narasumber · Kepala Bagian Humas, Kementerian Uji",
                     "Penyelenggara Panitia Uji", "Jadwal Kamis, 30 September 2021", "Moda Luring (tatap muka) · Aula",
                     "Sesi yang Anda bawakan", "Sesi Satu", "Hari 1, Kamis, 30 September 2021, 08.30–10.00", "90 menit (2 JP)",
                     "Bersama Budi Moderator (Moderator)", "Peserta mampu menguji.", "Menjelaskan uji.", "Latihan A (Kelompok, 30 menit)",
                     "Narahubung: Cici Panitia"):
        assert expected in ana, (expected, ana)
    assert "Sesi Dua" not in ana, "only the sessions the person runs"
    assert "Sesi Satu" in budi and "Sesi Dua" in budi and "Bersama Ana Narasumber (Narasumber)" in budi
    assert "Bersama Cici Panitia (Panitia)" in budi, "who else is on the slot, committee included"
    assert not any(secret in ana + budi for secret in SECRETS), "no facilitator notes or example answers"


def test_no_brief_without_people_on_the_agenda(tmp_path):
    root = write_project(tmp_path, WORKSHOP.replace("        people: [ana]\n", ""))
    project, _ = load_project(root)
    assert not [h for h in plan_handouts(project) if "kerangka-acuan" in h.name]
