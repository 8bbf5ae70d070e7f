"""A large catalogue (hundreds of lessons): grouped, pruned navigation; light pages; search covers every lesson."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from bimtek.build import build_site
from bimtek.outline import DAYS_PER_BLOCK, LARGE_CATALOGUE
from minimal import LESSON, write_project

LESSONS = LARGE_CATALOGUE + 5
PER_DAY = 4


def catalogue(root: Path, lessons: int = LESSONS) -> Path:
    ids = [f"sesi-{i:03d}" for i in range(1, lessons + 1)]
    days = []
    for number, start in enumerate(range(0, lessons, PER_DAY)):
        items = "".join(f"      - lesson: {lesson_id}\n" for lesson_id in ids[start:start + PER_DAY])
        days.append(f'  - date: "2027-01-{number + 1:02d}"\n    start: "08:00"\n    items:\n{items}')
    workshop = "title: Katalog\norganizer: Pusat Pelatihan\nlanguage: id\ndays:\n" + "".join(days)
    return write_project(root, workshop, {i: LESSON.format(title=f"Judul {i}") for i in ids})


def add_hook(root: Path, name: str, source: str) -> None:
    """Write ``source`` as the MkDocs hook ``name`` of the project and list it in its mkdocs.yml."""
    (root / name).write_text(source, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nhooks:\n  - {name}\n", encoding="utf-8")


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_a_large_catalogue_is_grouped_by_day_with_pruned_navigation(tmp_path: Path):
    root = catalogue(tmp_path / "katalog")
    _, _, site = build_site(root, strict=True)
    assert (LESSONS + PER_DAY - 1) // PER_DAY > DAYS_PER_BLOCK, "the test needs blocks of days too"

    downloads = [a["href"] for a in page(site, "lessons/sesi-001.html").select(".bt-download a")]
    assert downloads == ["../handouts/sesi-001.pdf"], "the handout; no slides in a catalogue"
    nav = page(site, "lessons/sesi-001.html").select_one("nav.md-nav--primary")
    linked = {a["href"].split("#")[0].rsplit("/", 1)[-1] for a in nav.select("a[href]")}
    assert {f"sesi-00{i}.html" for i in range(1, PER_DAY + 1)} <= linked, "the lessons of the page's day are in its nav"
    assert f"sesi-{LESSONS:03d}.html" not in linked, "lessons of other days are pruned from the nav"
    labels = nav.get_text(" ", strip=True)
    assert "Hari 1–10" in labels and "Hari 11–12" in labels, "days come in blocks"

    day = page(site, "days/1/index.html")
    assert [a.get_text() for a in day.select(".bt-lesson-card-title a")] == [f"Judul sesi-00{i}" for i in range(1, PER_DAY + 1)]
    home = page(site, "index.html")
    assert len(home.select(".bt-day-list > li")) == (LESSONS + PER_DAY - 1) // PER_DAY

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    found = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"lessons/sesi-{i:03d}.html" for i in range(1, LESSONS + 1)} <= found, "search covers every lesson"


def test_the_toolkit_of_a_large_catalogue_links_to_each_exercise_instead_of_repeating_it(tmp_path: Path):
    root = catalogue(tmp_path / "katalog")
    _, _, site = build_site(root, strict=True)
    toolkit = page(site, "toolkit/exercises.html")
    assert not toolkit.select(".bt-exercise"), "no full exercise blocks"
    links = toolkit.select(".bt-toolkit-links a[href*='#latihan-']")
    assert len(links) == LESSONS
    target = links[-1]["href"]
    lesson = page(site, "toolkit/" + target.split("#")[0])
    assert lesson.find(id=target.split("#")[1]) is not None, "each link lands on the exercise in its lesson page"


def test_a_large_catalogue_gets_its_workbook_and_guide_per_day(tmp_path: Path):
    """One book of a thousand lessons is tens of thousands of pages (more memory than a laptop has
    to lay out): a catalogue's books are per agenda day, each with that day's lessons and agenda."""
    from bimtek.editions import plan_handouts
    from bimtek.handouts import make_handouts
    from bimtek.project import load_project
    from test_handouts import pdf_text

    root = catalogue(tmp_path / "katalog")
    project, _ = load_project(root)
    plan = plan_handouts(project)
    days = (LESSONS + PER_DAY - 1) // PER_DAY
    workbooks = [h.name for h in plan if h.template == "workbook.html.j2"]
    guides = [h for h in plan if h.template == "guide.html.j2"]
    assert workbooks == [f"buku-kerja-peserta-hari-{n}.pdf" for n in range(1, days + 1)]
    assert [h.name for h in guides] == [f"panduan-fasilitator-hari-{n}.pdf" for n in range(1, days + 1)]
    assert all(h.private for h in guides), "the guides stay out of the site"
    books = [h.lesson_ids for h in plan if h.template == "workbook.html.j2"]
    assert [lesson for book in books for lesson in book] == list(project.lessons), "each lesson in one book, in agenda order"
    assert not [h for h in plan if h.slides], "no slides: a catalogue's trainers each take their own sessions'"

    day = 2
    name = f"buku-kerja-peserta-hari-{day}.pdf"
    report = make_handouts(project, root / "site", only={name, f"panduan-fasilitator-hari-{day}.pdf"}, progress=False)
    text = pdf_text(root / "site/handouts" / name)
    ids = [f"sesi-{i:03d}" for i in range(1, LESSONS + 1)]
    inside = ids[(day - 1) * PER_DAY: day * PER_DAY]
    assert all(f"Judul {lesson_id}" in text for lesson_id in inside)
    assert not any(f"Judul {lesson_id}" in text for lesson_id in ids if lesson_id not in inside)
    assert "Hari 2" in text and "Hari 1:" not in text and "Hari 3:" not in text, "the day's agenda only"
    assert (root / "private" / f"panduan-fasilitator-hari-{day}.pdf").is_file()
    assert report.pages[name] < 4 * PER_DAY * 3, "a few pages a lesson, not the whole catalogue's"

    # The organisers' forms of a day (the catalogue is held in person): that day's alone, as its books.
    for kind in ("daftar-hadir", "evaluasi"):
        assert [h.name for h in plan if h.name.startswith(kind)] == [f"{kind}-hari-{n}.pdf" for n in range(1, days + 1)]
    forms = {f"daftar-hadir-hari-{day}.pdf", f"evaluasi-hari-{day}.pdf"}
    make_handouts(project, root / "site", only=forms, progress=False)
    for form in forms:
        text = pdf_text(root / "site/handouts" / form)
        assert "2 Januari 2027" in text and "1 Januari 2027" not in text and "3 Januari 2027" not in text, form

    site = root / "site-web"
    build_site(root, site_dir=site)
    links = {a["href"].rsplit("/", 1)[-1] for a in page(site, "downloads.html").select("a[href$='.pdf']")}
    assert set(workbooks) <= links and not any(h.name in links for h in guides)
