"""The built site as a reader sees it: parse the HTML of every generated page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bimtek.build import build_site
from bimtek.project import load_project
from minimal import LESSON, WORKSHOP, write_project

SECRETS = ("CATATAN-FASILITATOR-RAHASIA", "CATATAN-SESI-RAHASIA")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("minimal"))
    build_site(root, strict=True)
    return root / "site"


def test_every_page_exists(minimal_site):
    for page in ["index.html", "agenda.html", "lessons/satu.html", "lessons/dua.html",
                 "toolkit/key-points.html", "toolkit/exercises.html", "toolkit/checklists.html",
                 "toolkit/glossary.html", "toolkit/references.html"]:
        assert (minimal_site / page).is_file(), page
    assert not (minimal_site / "workshop.yml").exists(), "the YAML sources are not published"
    assert not list(minimal_site.rglob("*.yml"))


def test_lesson_page_follows_the_module_order(minimal_site):
    page = soup(minimal_site / "lessons/satu.html")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select("article h2")]
    assert headings == ["Deskripsi Singkat", "Tujuan Pembelajaran", "Materi Pokok", "Latihan",
                        "Daftar Periksa", "Kuis (Tes Formatif)", "Poin Kunci"]
    meta = page.select_one(".bt-lesson-meta").get_text(" ", strip=True)
    assert "90 menit (2 JP)" in meta
    assert "Kamis, 30 September 2021, 08.30–10.00" in meta
    assert "Ana Narasumber (Narasumber)" in meta


def test_lesson_components(minimal_site):
    page = soup(minimal_site / "lessons/satu.html")
    exercise = page.select_one(".bt-exercise")
    assert "Latihan A" in exercise.select_one(".admonition-title").get_text()
    assert "Kelompok" in exercise.get_text() and "30 menit" in exercise.get_text()
    answer = exercise.select_one("details.bt-answer")
    assert answer is not None and not answer.has_attr("open"), "example answers are collapsed"
    items = page.select(".bt-checklist input[type=checkbox]")
    assert len(items) == 2
    assert all(box.find_parent("label") for box in items), "every checkbox has a label"
    question = page.select_one(".bt-question")
    assert question["data-answer"] == "0,2"
    assert [i["type"] for i in question.select("input")] == ["checkbox"] * 3, "two answers: checkboxes"
    assert page.select_one(".bt-key-points li").get_text() == "Poin satu."


def test_facilitator_notes_never_reach_the_participant_site(minimal_site):
    for html in minimal_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked into {html}"
    index = (minimal_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not any(secret in index for secret in SECRETS)


def test_search_finds_the_lessons_text_not_the_page_controls(tmp_path):
    """The buttons and help lines of exercises, checklists and quizzes are the same on every
    lesson: in the search index they would only make every lesson match 'jawaban'."""
    lesson = LESSON.replace("    instructions: Kerjakan.\n", "    instructions: Kerjakan.\n    worksheet: [{{label: Temuan utama, lines: 2}}]\n")
    root = write_project(tmp_path, lessons={i: lesson.format(title=f"Sesi {i}") for i in ("satu", "dua")})
    build_site(root, strict=True)
    site = root / "site"
    page = soup(site / "lessons/satu.html").select_one("article").get_text(" ", strip=True)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = " ".join(f"{doc['title']} {doc['text']}" for doc in index["docs"] if doc["location"].startswith("lessons/satu.html"))
    for control in ("Tersimpan di perangkat ini", "Bagikan jawaban", "Atur ulang", "Pilih semua jawaban yang benar.",
                    "Periksa jawaban", "Coba lagi"):
        assert control in page, control
        assert control not in found, f"{control!r} is in the search index"
    for text in ("Mana yang benar?", "Temuan utama", "Daftar cek", "Kerjakan.", "Latihan A"):
        assert text in found, f"{text!r} is not searchable"


def test_agenda_times_and_totals(minimal_site):
    page = soup(minimal_site / "agenda.html")
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in page.select("table.bt-agenda tbody tr")]
    assert [r[0] for r in rows] == ["08.00–08.30", "08.30–10.00", "10.00–11.00", "11.00–12.30"]
    assert rows[1][1].startswith("Sesi Satu") and rows[1][3] == "2"
    footer = page.select_one("table.bt-agenda tfoot").get_text(" ", strip=True)
    assert "270" in footer and "4" in footer.split()[-1]
    assert "Kamis, 30 September 2021" in page.select_one("article h2").get_text()
    link = page.select_one("table.bt-agenda a")
    assert link["href"] == "lessons/satu.html"


def test_toolkit_pages_link_back_to_lessons(minimal_site):
    for name in ["key-points", "exercises", "checklists", "glossary"]:
        page = soup(minimal_site / f"toolkit/{name}.html")
        hrefs = {a["href"] for a in page.select("article a") if a.get("href", "").startswith("../lessons/")}
        if name == "glossary":
            continue  # the minimal lessons have no glossary
        assert hrefs == {"../lessons/satu.html", "../lessons/dua.html"}, (name, hrefs)
        for href in hrefs:
            assert (minimal_site / "toolkit" / href).resolve().is_file()


def test_home_lists_workshop_and_lessons(minimal_site):
    page = soup(minimal_site / "index.html")
    text = page.select_one("article").get_text(" ", strip=True)
    assert "Bimtek Uji" in page.select_one("article h1").get_text()
    assert "Panitia Uji" in text and "Luring (tatap muka)" in text
    assert [a.get_text() for a in page.select(".bt-lesson-card-title a")] == ["Sesi Satu", "Sesi Dua"]
    assert page.find("html")["lang"] == "id"
    actions = {a.get_text(strip=True): a["href"] for a in page.select(".bt-home-actions a.md-button")}
    assert actions == {"Jadwal (Susunan Acara)": "agenda.html", "Evaluasi": "evaluasi.html", "Unduhan": "downloads.html"}, \
        "the agenda, the evaluation and the PDFs one tap away on a phone"
    assert not any(h.get_text(strip=True).startswith("Tata Tertib") for h in page.select("article h2")), "no rules: no section"


def test_participant_rules_are_on_the_home_page_and_in_the_workbook(tmp_path):
    from bimtek.handouts import make_handouts
    from test_assessment import pdf_pages

    rules = ["Hadir **15 menit** sebelum acara.", "Mikrofon dimatikan kecuali saat berbicara."]
    workshop = WORKSHOP.replace("venue: Aula\n", "venue: Aula\nrules:\n" + "".join(f'  - "{rule}"\n' for rule in rules))
    root = write_project(tmp_path, workshop)
    _, _, site = build_site(root, strict=True)
    home = soup(site / "index.html")
    heading = next(h for h in home.select("article h2") if h.get_text(strip=True).startswith("Tata Tertib Peserta"))
    items = heading.find_next_sibling("ol", class_="bt-rules").select("li")
    assert [li.get_text() for li in items] == ["Hadir 15 menit sebelum acara.", rules[1]] and items[0].strong is not None
    project, _ = load_project(root)
    make_handouts(project, site, progress=False, only={"buku-kerja-peserta.pdf"})
    book = " ".join(pdf_pages(site / "handouts/buku-kerja-peserta.pdf"))
    assert "Tata Tertib Peserta" in book.split("Sesi Satu", 1)[0], "in the contents, before the lessons"
    assert "Tata Tertib Peserta 1. Hadir 15 menit sebelum acara. 2. Mikrofon dimatikan kecuali saat berbicara." in book


def test_every_page_footer_names_the_organiser_in_the_workshop_language(minimal_site):
    for path in ("index.html", "agenda.html", "lessons/satu.html"):
        footer = soup(minimal_site / path).select_one("footer.md-footer").get_text(" ", strip=True)
        assert "Panitia Uji" in footer, path
        assert "Made with" not in footer, f"{path}: material's English credit line"


def test_the_published_site_has_no_preview_status(minimal_site):
    assert not (minimal_site / "assets/bimtek/preview-status.js").exists()
    scripts = [tag.get("src", "") for tag in soup(minimal_site / "lessons/satu.html").find_all("script")]
    assert any(src.endswith("bimtek.js") for src in scripts) and not any("preview-status" in src for src in scripts)


def test_english_workshop_gets_english_labels(tmp_path):
    root = write_project(tmp_path, WORKSHOP.replace("language: id", "language: en"))
    build_site(root, strict=True)
    page = soup(root / "site/lessons/satu.html")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select("article h2")]
    assert headings[:3] == ["Summary", "Learning objectives", "Topics"]
    assert "Thursday, September 30, 2021" in page.select_one(".bt-lesson-meta").get_text()
    assert "Panitia Uji" in page.select_one("footer.md-footer").get_text()
    assert page.find("html")["lang"] == "en"


@pytest.mark.parametrize(("language", "paper", "expected"), [("id", "A4", "(kertas A4)"), ("en", "Letter", "(Letter paper)")])
def test_downloads_page_names_the_workshops_paper(tmp_path, language, paper, expected):
    root = write_project(tmp_path, WORKSHOP.replace("language: id", f"language: {language}\npaper: {paper}"))
    build_site(root, strict=True)
    intro = soup(root / "site/downloads.html").select_one(".bt-downloads-intro").get_text(" ", strip=True)
    assert intro.endswith(expected + "."), intro


@pytest.mark.parametrize("mode", ["offline", "online"])
def test_downloads_page_separates_what_participants_read_from_what_organisers_print(minimal_site, tmp_path, mode):
    site = minimal_site
    if mode == "online":
        root = write_project(tmp_path, WORKSHOP.replace("mode: offline", "mode: online"))
        build_site(root, strict=True)
        site = root / "site"
    page = soup(site / "downloads.html")
    sections = {}
    for heading in page.select("article h2"):
        listing = heading.find_next_sibling("ul", class_="bt-downloads")
        sections[heading.get_text(strip=True).rstrip("¶")] = [a["href"].removeprefix("handouts/") for a in listing.select("a")]
    organisers = ["lembar-kerja.pdf"] + (["daftar-hadir.pdf", "tanda-pengenal.pdf", "evaluasi.pdf"] if mode == "offline" else [])
    assert sections == {"Untuk peserta": ["jadwal.pdf", "buku-kerja-peserta.pdf", "satu.pdf", "dua.pdf"],
                        "Salindia (untuk presentasi)": ["salindia/satu.pdf", "salindia/dua.pdf"],
                        "Untuk panitia (dicetak di tempat)": organisers}
    slides = [a.get_text(strip=True) for a in page.select("article h2")[1].find_next_sibling("ul").select("a")]
    assert slides == ["Sesi Satu", "Sesi Dua"], "under their heading, the slides go by their lesson's title"


def test_titles_with_markup_appear_literally(tmp_path):
    title = "Judul # | *tebal* <script>alert(1)</script> {{ 7*7 }}"
    lessons = {"satu": LESSON.format(title=f"'{title}'"), "dua": LESSON.format(title="Dua")}
    root = write_project(tmp_path, WORKSHOP.replace("organizer: Panitia Uji", "organizer: 'Panitia <b>Uji</b> & Co'"), lessons=lessons)
    build_site(root, strict=True)
    page = soup(root / "site/lessons/satu.html")
    assert page.select_one("article h1").get_text().rstrip("¶") == title
    assert not page.select("article script"), "no script element from content"
    assert "Panitia <b>Uji</b> & Co" in page.select_one("footer.md-footer").get_text(), "the organiser as written, not as HTML"


def test_plain_pages_export_for_another_engine(tmp_path):
    from bimtek.render import render_site, write_pages

    root = write_project(tmp_path / "p")
    project, _ = load_project(root)
    written = write_pages(render_site(project), tmp_path / "out")
    names = {p.relative_to(tmp_path / "out").as_posix() for p in written}
    assert {"index.md", "agenda.md", "lessons/satu.md", "toolkit/glossary.md"} <= names
    assert (tmp_path / "out/lessons/satu.md").read_text(encoding="utf-8").startswith("# Sesi Satu")


def test_trainer_page_wins_over_generated_page(tmp_path):
    root = write_project(tmp_path)
    (root / "content" / "index.md").write_text("# Beranda khusus\n\nTulisan pelatih.\n", encoding="utf-8")
    build_site(root, strict=True)
    assert "Tulisan pelatih." in (root / "site/index.html").read_text(encoding="utf-8")
    assert (root / "content" / "index.md").read_text(encoding="utf-8").startswith("# Beranda khusus")


def test_element_ids_are_unique_on_every_page(tmp_path):
    # Both lessons use the same exercise, checklist and question ids; the toolkit
    # pages show them side by side.
    root = write_project(tmp_path)
    build_site(root)
    for html in (root / "site").rglob("*.html"):
        ids = [element["id"] for element in soup(html).find_all(id=True)]
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, f"{html.name}: {duplicates}"
