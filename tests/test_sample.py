"""The sample workshop, built with ``--strict``: every lesson's parts are on its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bimtek.project import load_project


@pytest.fixture(scope="module")
def sample(built_sample: Path):
    project, warnings = load_project(built_sample)
    assert warnings == []
    return project, built_sample / "site"


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def test_sample_has_at_least_five_substantial_lessons(sample):
    project, site = sample
    assert len(project.lessons) >= 5
    for lesson in project.lessons.values():
        text = page(site, f"lessons/{lesson.id}.html").select_one("article").get_text(" ")
        assert len(text.split()) > 800, f"{lesson.id} is thin"


def test_each_lesson_page_shows_its_exercises_checklists_quiz_and_key_points(sample):
    project, site = sample
    for lesson in project.lessons.values():
        html = page(site, f"lessons/{lesson.id}.html")
        titles = [words(t.get_text()) for t in html.select(".bt-exercise .admonition-title")]
        assert [t.split(": ", 1)[1] for t in titles] == [words(e.title) for e in lesson.exercises]
        checklists = html.select(".bt-checklist")
        assert [c["data-checklist"] for c in checklists] == [f"{lesson.id}/{c.id}" for c in lesson.checklists]
        for element, checklist in zip(checklists, lesson.checklists):
            assert len(element.select("input[type=checkbox]")) == len(checklist.items)
        questions = html.select(".bt-question")
        assert [q["data-question"] for q in questions] == [q.id for q in lesson.quiz]
        assert [words(li.get_text()) for li in html.select(".bt-key-points li")] == [words(k) for k in lesson.key_points]


def test_no_facilitator_note_reaches_the_site(sample):
    project, site = sample
    notes = []
    for lesson in project.lessons.values():
        notes += [lesson.facilitator_notes] + [e.facilitator_notes for e in lesson.exercises]
    # A distinctive sentence of each note: its longest line.
    probes = [max(n.splitlines(), key=len).strip() for n in notes if n]
    assert probes
    corpus = "\n".join(words(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text(" ")) for p in site.rglob("*.html"))
    corpus += (site / "search/search_index.json").read_text(encoding="utf-8")
    for probe in probes:
        plain = words(re.sub(r"[*_`]", "", probe))[:60]
        assert plain not in corpus, f"facilitator note leaked: {plain!r}"


def test_quotes_carry_their_source(sample):
    project, site = sample
    quoted = 0
    for lesson in project.lessons.values():
        html = page(site, f"lessons/{lesson.id}.html")
        for figure in html.select("figure.bt-quote"):
            quoted += 1
            link = figure.select_one("figcaption cite a")
            assert link is not None, f"a quote without its source in {lesson.id}"
            assert html.select_one(link["href"]) is not None, "the source link points at the reference list"
    assert quoted >= 3


def test_no_page_loads_anything_from_outside(sample):
    _, site = sample
    for path in site.rglob("*.html"):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in html.find_all(tag):
                value = element.get(attr, "")
                assert not re.match(r"^(https?:)?//", value), f"{path.name}: {tag} loads {value}"
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8", errors="ignore") for p in site.rglob("*.css"))


def test_agenda_of_the_sample_adds_up(sample):
    project, site = sample
    html = page(site, "agenda.html")
    tables = html.select("table.bt-agenda")
    assert len(tables) == len(project.workshop.days)
    for table, day in zip(tables, project.schedule.days):
        rows = table.select("tbody tr")
        assert len(rows) == len(day.slots)
        first, last = rows[0].select_one("td").get_text(), rows[-1].select_one("td").get_text()
        assert first.startswith(day.start.strftime("%H.%M")) and last.endswith(day.end.strftime("%H.%M"))


def _squeezed(text: str) -> str:
    """Letters and digits only: PDF lines break and hyphenate words (Indonesian patterns), Markdown
    and typography change the punctuation."""
    return re.sub(r"[\W_]+", "", text)


def test_sample_handouts_read_back(built_sample):
    """Every lesson handout of the sample holds its title and exercise titles and none of the
    trainer-only text; the facilitator guide holds the facilitator notes and the example answers."""
    from pypdf import PdfReader

    from bimtek.handouts import make_handouts

    project, _ = load_project(built_sample)
    report = make_handouts(project, built_sample / "site", progress=False)

    def text(name: str) -> str:
        return _squeezed(" ".join(page.extract_text() or "" for page in PdfReader(report.files[name]).pages))

    guide = text(next(name for name in report.files if report.files[name].parent.name == "private"))
    secrets = []
    for lesson in project.lessons.values():
        handout = text(f"{lesson.id}.pdf")
        assert _squeezed(lesson.title) in handout, lesson.id
        for exercise in lesson.exercises:
            assert _squeezed(exercise.title) in handout, (lesson.id, exercise.id)
        lesson_secrets = [lesson.facilitator_notes or ""] + [e.answer or "" for e in lesson.exercises] \
            + [e.facilitator_notes or "" for e in lesson.exercises]
        for secret in (_squeezed(s)[:60] for s in lesson_secrets if s.strip()):
            assert secret not in handout, (lesson.id, secret)
            secrets.append(secret)
        assert len(PdfReader(report.files[f"{lesson.id}.pdf"]).pages) >= 2
    assert secrets, "the sample has facilitator notes and example answers"
    found = [s for s in secrets if s in guide]
    assert found == secrets, f"only {len(found)} of {len(secrets)} trainer-only texts are in the guide"
    workbook = text(next(name for name in report.files if name.startswith(("buku-kerja", "participant-workbook"))))
    assert all(_squeezed(lesson.title) in workbook for lesson in project.lessons.values())
    assert not any(secret in workbook for secret in secrets)


def _body_texts(path: Path, running: list[str], page_label: str) -> list[str]:
    """Each page's text without its running header (the texts of ``running``) and its page
    number (``page_label`` with N and M), letters and digits only."""
    from pypdf import PdfReader

    number = re.compile(_squeezed(page_label).replace("N", r"\d+").replace("M", r"\d+"))
    texts = []
    for pdf_page in PdfReader(path).pages:
        text = _squeezed(pdf_page.extract_text() or "")
        for part in running:
            text = text.replace(_squeezed(part), "", 1)
        texts.append(number.sub("", text, count=1))
    return texts


def test_printed_blocks_stay_whole_and_no_heading_is_left_alone(built_sample):
    """A checklist or quiz question is whole on one page of the lesson handout (its first and last
    lines on one page), and no page holds a heading alone: an exercise that fits a page but not
    after its heading splits between its parts instead of leaving "Latihan" alone on a page."""
    from bimtek.handouts import make_handouts
    from bimtek.i18n import Translator

    project, _ = load_project(built_sample)
    report = make_handouts(project, built_sample / "site", progress=False)  # rendered already: read back
    t = Translator(project.language)
    headings = {_squeezed(t(name)) for name in ("exercises", "checklists", "quiz", "key_points", "recap", "references")}
    checked = 0
    for lesson in project.lessons.values():
        pages = _body_texts(report.files[f"{lesson.id}.pdf"], [project.workshop.title, lesson.title], f"{t('page')} N {t('of')} M")
        assert not [n for n, text in enumerate(pages, 1) if text in headings], (lesson.id, "a page with a heading alone")
        blocks = [(checklist.title, checklist.items[-1].text) for checklist in lesson.checklists]
        blocks += [(question.question, question.choices[-1]) for question in lesson.quiz]
        for first, last in blocks:
            first, last = _squeezed(first)[:60], _squeezed(last)[-60:]
            assert any(first in page and last in page for page in pages), (lesson.id, first, last)
            checked += 1
    assert checked > 30


def test_worksheets_give_every_exercise_of_the_sample_a_sheet_that_starts_with_it(built_sample):
    """The venue's worksheets: a sheet per exercise, in agenda order, each starting a page with its
    name lines and the exercise right under them (never the lines alone on a page)."""
    from pypdf import PdfReader

    from bimtek.handouts import make_handouts

    project, _ = load_project(built_sample)
    report = make_handouts(project, built_sample / "site", progress=False)  # rendered already: read back
    pages = [_squeezed(page.extract_text()) for page in PdfReader(report.files["lembar-kerja.pdf"]).pages]
    exercises = [(lesson, number, ex) for lesson in project.lessons.values() for number, ex in enumerate(lesson.exercises, 1)]
    assert len(exercises) >= 10
    starts = []
    for sheet, (lesson, number, ex) in enumerate(exercises, 1):
        kicker = re.compile(rf"LembarKerja{sheet}(?!\d)")
        found = [i for i, text in enumerate(pages) if kicker.search(text)]
        assert len(found) == 1, (sheet, ex.title)
        page = pages[found[0]]
        header = _squeezed(project.workshop.title + lesson.title)  # the running header
        assert kicker.search(page).start() <= len(header), "the sheet starts the page"
        for expected in (_squeezed(lesson.title), "Nama", "InstansiKelompok", _squeezed(f"Latihan {number}: {ex.title}")):
            assert expected in page, (sheet, expected)
        starts.append(found[0])
    assert starts == sorted(starts) and len(pages) <= 2 * len(exercises), (starts, len(pages))


def test_search_finds_each_exercise_checklist_and_key_point_once_on_its_lesson(sample):
    """The toolkit pages that gather exercises, checklists and key points repeat the lessons' text:
    search leaves them out (it pointed at both), and still finds each of them on its lesson page."""
    import json

    project, site = sample
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {doc["location"].split("#")[0] for doc in docs}
    assert not pages & {"toolkit/exercises.html", "toolkit/checklists.html", "toolkit/key-points.html"}
    assert {"toolkit/glossary.html", "toolkit/references.html"} <= pages, "pages of their own stay searchable"
    text_of = {}
    for doc in docs:
        page = doc["location"].split("#")[0]
        text_of[page] = text_of.get(page, "") + " " + _squeezed(BeautifulSoup(doc["title"] + " " + doc["text"], "html.parser").get_text(" "))
    for lesson in project.lessons.values():
        found = text_of[f"lessons/{lesson.id}.html"]
        wanted = [ex.title for ex in lesson.exercises] + [cl.title for cl in lesson.checklists] + list(lesson.key_points)
        missing = [text for text in wanted if _squeezed(text)[:50] not in found]
        assert not missing, (lesson.id, missing)
