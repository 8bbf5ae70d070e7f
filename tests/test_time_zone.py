"""The agenda's time zone (WIB, WITA, WIT): written after the clock times online and on paper, for
participants who join an online workshop from elsewhere in Indonesia; without one, times stand alone."""

from __future__ import annotations

from bs4 import BeautifulSoup

from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from bimtek.render import render_site
from minimal import WORKSHOP, write_project
from test_handouts import pdf_text


def page_text(pages: dict[str, str], path: str) -> str:
    return " ".join(BeautifulSoup(pages[path], "html.parser").get_text(" ").split())


def test_the_times_say_their_zone_online_and_on_paper(tmp_path):
    root = write_project(tmp_path, WORKSHOP.replace("venue: Aula\n", "venue: Aula\ntime_zone: WITA\n"))
    project, _ = load_project(root)
    pages = {page.path: page.content for page in render_site(project).pages}
    agenda = BeautifulSoup(pages["agenda.md"], "html.parser")
    assert [th.get_text() for th in agenda.select("thead th")][0] == "Waktu (WITA)"
    assert "Kamis, 30 September 2021, 08.30–10.00 WITA" in page_text(pages, "lessons/satu.md")
    assert "08.30–10.00 WITA" in page_text(pages, "index.md"), "the lesson cards too"
    report = make_handouts(project, root / "site", progress=False, only={"satu.pdf", "jadwal.pdf"})
    assert "Kamis, 30 September 2021, 08.30–10.00 WITA" in pdf_text(report.files["satu.pdf"])
    assert "Waktu (WITA)" in pdf_text(report.files["jadwal.pdf"])


def test_without_a_zone_the_times_stand_alone(tmp_path):
    root = write_project(tmp_path)
    project, _ = load_project(root)
    pages = {page.path: page.content for page in render_site(project).pages}
    assert [th.get_text() for th in BeautifulSoup(pages["agenda.md"], "html.parser").select("thead th")][0] == "Waktu"
    lesson = page_text(pages, "lessons/satu.md")
    assert "08.30–10.00" in lesson and not any(zone in lesson.split() for zone in ("WIB", "WITA", "WIT"))


def test_an_unknown_zone_is_an_error_at_its_line(tmp_path):
    root = write_project(tmp_path, WORKSHOP.replace("venue: Aula\n", "venue: Aula\ntime_zone: GMT+7\n"))
    assert [str(d).split("content/", 1)[1] for d in check_project(root).diagnostics] == [
        "workshop.yml:6:12: error: field 'time_zone': expected one of 'WIB', 'WITA' or 'WIT', got 'GMT+7'"]
