"""The pre-test and post-test (tes awal dan tes akhir): lessons' ``test:`` questions gathered per
agenda day on the site (read back from the built HTML), on paper for the venue (read back from
the PDF) and in the facilitator guide's answer key; the checks a trainer gets for them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from bimtek.build import build_site
from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from conftest import REPO_ROOT
from minimal import LESSON, WORKSHOP, write_project

TEST = """\
test:
  - id: t1
    question: SOAL-TES-{name}-SATU?
    choices: [Pilihan A, Pilihan B, Pilihan C]
    answer: 1
    explanation: PEMBAHASAN-TES-{name}.
  - id: t2
    question: SOAL-TES-{name}-DUA?
    choices: [Pilihan A, Pilihan B, Pilihan C, Pilihan D]
    answer: [0, 3]
"""

TWO_DAYS = WORKSHOP.replace("      - lesson: dua\n", """\
      - activity: Post-test
        minutes: 15
        kind: test
  - date: "2021-10-01"
    start: "08:00"
    items:
      - activity: Pre-test
        minutes: 15
        kind: test
      - lesson: dua
""")


def lessons_with_tests() -> dict[str, str]:
    return {name: LESSON.format(title=f"Sesi {name.title()}") + TEST.format(name=name.upper()) for name in ("satu", "dua")}


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pdf_pages(path: Path) -> list[str]:
    """Each page's text in reading order (poppler's pdftotext: pypdf groups a page's bold text apart)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext (Debian package poppler-utils; `make test` installs it)")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")]
    assert len(pages[:-1]) == len(PdfReader(path).pages) and not pages[-1]
    return pages[:-1]


def sample_tests() -> dict[int, list[str]]:
    """The sample's test questions per agenda day, in agenda order, read from the YAML files."""
    import yaml

    workshop = yaml.safe_load((REPO_ROOT / "content/workshop.yml").read_text(encoding="utf-8"))
    seen, days = set(), {}
    for number, day in enumerate(workshop["days"], start=1):
        for item in day["items"]:
            if "lesson" in item and item["lesson"] not in seen:
                seen.add(item["lesson"])
                lesson = yaml.safe_load((REPO_ROOT / f"content/lessons/{item['lesson']}.yml").read_text(encoding="utf-8"))
                days.setdefault(number, []).extend(q["question"] for q in lesson.get("test", []))
    return days


def test_the_sample_site_has_a_test_per_day_with_that_days_questions(built_sample):
    site = built_sample / "site"
    page = html(site / "test.html")
    forms = page.select("form[data-test]")
    expected = sample_tests()
    assert [form["id"] for form in forms] == [f"tes-hari-{n}" for n in sorted(expected)], "a test per agenda day, in order"
    for form, number in zip(forms, sorted(expected)):
        questions = [legend.get_text(strip=True) for legend in form.select(".bt-question legend")]
        assert questions == expected[number], f"day {number}: its lessons' test questions in agenda order"
        for question in form.select(".bt-question"):
            answer = [int(i) for i in question["data-answer"].split(",")]
            assert all(0 <= i < len(question.select("input")) for i in answer)
            assert question.select_one(".bt-explanation") is None or question.select_one(".bt-explanation").has_attr("hidden")
        assert form.select_one(".bt-test-actions").has_attr("hidden"), "the controls wait for the script"
    assert page.select_one("noscript").get_text(strip=True).startswith("Tes ini dinilai di perangkat Anda")

    lessons = " ".join(html(path).get_text(" ") for path in (site / "lessons").glob("*.html"))
    assert not any(question in lessons for questions in expected.values() for question in questions), \
        "test questions stay off the lesson pages (the pre-test would give them away)"
    nav = html(site / "index.html").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Tes Awal dan Tes Akhir" in nav
    home = html(site / "index.html").select_one(".bt-home-actions a[href='test.html']")
    assert home is not None and home.get_text(strip=True) == "Tes Awal dan Tes Akhir"


def test_the_agendas_pre_test_and_post_test_rows_open_that_days_test(built_sample):
    agenda = html(built_sample / "site/agenda.html")
    rows = agenda.select("tr.bt-kind-test")
    assert rows, "the sample's agenda has test rows"
    for row in rows:
        day = re.search(r"Hari (\d+)", row.find_previous("h2").get_text()).group(1)
        assert row.select_one("a")["href"] == f"test.html#tes-hari-{day}", row.get_text(" ", strip=True)


def test_search_finds_the_questions_but_not_their_explanations(built_sample):
    index = json.loads((built_sample / "site/search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"] if doc["location"].startswith("test.html"))
    assert "Perhatian audiens" in text, "a choice of a test question is found"
    page = html(built_sample / "site/test.html")
    for explanation in page.select(".bt-explanation"):
        words = explanation.select_one("p").get_text(" ", strip=True)
        assert words not in text, "an explanation would give the answer away before the pre-test"


def test_an_online_workshop_gets_the_key_in_the_guide_and_no_sheet(tmp_path):
    root = write_project(tmp_path, TWO_DAYS.replace("mode: offline", "mode: online"), lessons_with_tests())
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"panduan-fasilitator.pdf", "tes-awal-akhir.pdf"})
    assert "tes-awal-akhir.pdf" not in report.files, "online, participants take the test on the site"
    guide = " ".join(pdf_pages(root / "private/panduan-fasilitator.pdf"))
    key = guide[guide.index("Kunci Jawaban Tes Awal dan Tes Akhir Hari 1"):]
    day_two = key.index("Hari 2 · Jumat, 1 Oktober 2021")
    assert key.startswith("Kunci Jawaban Tes Awal dan Tes Akhir Hari 1 · Kamis, 30 September 2021 No.")
    for name, part in (("SATU", key[:day_two]), ("DUA", key[day_two:])):
        assert f"SOAL-TES-{name}-SATU? B PEMBAHASAN-TES-{name}." in part, part
        assert f"SOAL-TES-{name}-DUA? AD" in part, "every right choice of a question with several"
        assert part.index(f"SOAL-TES-{name}-SATU?") < part.index(f"SOAL-TES-{name}-DUA?")


def test_an_offline_workshop_prints_a_test_sheet_per_day(tmp_path):
    root = write_project(tmp_path, TWO_DAYS, lessons_with_tests())
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={"tes-awal-akhir.pdf"})
    pages = pdf_pages(root / "site/handouts/tes-awal-akhir.pdf")
    assert len(pages) == 2, "one sheet per day"
    for page, (day, name) in zip(pages, [("Hari 1 · Kamis, 30 September 2021", "SATU"), ("Hari 2 · Jumat, 1 Oktober 2021", "DUA")]):
        for expected in ("Tes Awal dan Tes Akhir · Bimtek Uji", day, "Nama", "NIP", "Jabatan / Instansi", "Lembar ini untuk: Tes awal Tes akhir",
                         f"1. SOAL-TES-{name}-SATU? A. Pilihan A B. Pilihan B C. Pilihan C", f"2. SOAL-TES-{name}-DUA?", "D. Pilihan D"):
            assert expected in page, (expected, page)
        assert "PEMBAHASAN" not in page, "the sheet holds no explanation and no key"
    figures = (root / "site/handouts/figures.js").read_text(encoding="utf-8")
    assert "tes-awal-akhir.pdf" in figures


def test_english_names_the_sheet_and_its_labels(tmp_path):
    from bimtek.editions import plan_handouts

    root = write_project(tmp_path, TWO_DAYS.replace("language: id", "language: en"), lessons_with_tests())
    project, _ = load_project(root)
    plan = {h.name: h for h in plan_handouts(project)}
    assert plan["pre-post-test.pdf"].for_organisers and plan["pre-post-test.pdf"].title == "Pre-test and post-test"
    _, _, site = build_site(root, strict=True)
    page = html(site / "test.html")
    assert page.select_one("form[data-test]")["data-label-submit-pre"] == "Submit the pre-test"
    assert page.select_one("h2").get_text(strip=True).startswith("Day 1 · Thursday, September 30, 2021")


def test_without_test_questions_there_is_no_test_page_and_the_agenda_warns(tmp_path):
    root = write_project(tmp_path, TWO_DAYS)
    result = check_project(root)
    assert not result.errors
    warnings = [str(d).split("content/", 1)[1] for d in result.warnings if "test" in d.message]
    lines = (root / "content/workshop.yml").read_text(encoding="utf-8").splitlines()
    tests = [n for n, line in enumerate(lines, start=1) if "kind: test" in line]
    assert warnings == [
        f"workshop.yml:{line}:15: warning: day {day} has a test on the agenda, but none of its lessons has test questions: "
        "add 'test:' questions to its lessons for a pre-test and post-test on the site and on paper"
        for day, line in ((1, tests[0]), (2, tests[1]))
    ], "once per day, at its first test"
    _, _, site = build_site(root)
    assert not (site / "test.html").exists()
    assert html(site / "agenda.html").select_one("tr.bt-kind-test a") is None


@pytest.mark.parametrize("mistake, message", [
    ("  - id: t1\n    question: Lagi?\n    choices: [A, B]\n    answer: 0\n", "duplicate test question id 't1' (first at item 1)"),
    ("  - id: t3\n    question: Di luar?\n    choices: [A, B]\n    answer: 2\n", "answer 2 is out of range: choices are numbered 0 to 1"),
])
def test_a_mistake_in_a_test_question_names_its_line(tmp_path, mistake, message):
    lessons = lessons_with_tests()
    lessons["satu"] += mistake
    root = write_project(tmp_path, TWO_DAYS, lessons)
    errors = [str(d) for d in check_project(root).errors]
    text = lessons["satu"].splitlines()
    line = len(text) - mistake.count("\n") + 1 + (3 if "answer 2" in message else 0)
    assert any(f"content/lessons/satu.yml:{line}:" in e and message in e for e in errors), (line, errors)


def test_a_large_catalogue_has_each_days_test_beside_its_lessons(tmp_path):
    from test_catalogue import catalogue

    root = catalogue(tmp_path / "katalog")
    for lesson_id, name in (("sesi-001", "SATU"), ("sesi-006", "ENAM")):
        path = root / f"content/lessons/{lesson_id}.yml"
        path.write_text(path.read_text(encoding="utf-8") + TEST.format(name=name), encoding="utf-8")
    _, _, site = build_site(root, strict=True)
    assert not (site / "test.html").exists(), "no page of every day's questions in a catalogue"
    for day, name in ((1, "SATU"), (2, "ENAM")):
        page = html(site / f"days/{day}/test.html")
        forms = page.select("form[data-test]")
        assert [form["id"] for form in forms] == [f"tes-hari-{day}"]
        assert [q.get_text(strip=True) for q in forms[0].select("legend")] == [f"SOAL-TES-{name}-SATU?", f"SOAL-TES-{name}-DUA?"]
        link = html(site / f"days/{day}/index.html").select_one(".bt-day-test a")
        assert link["href"] == f"test.html#tes-hari-{day}" and link.get_text(strip=True) == "Tes Awal dan Tes Akhir"
    assert not (site / "days/3/test.html").exists() and html(site / "days/3/index.html").select_one(".bt-day-test") is None
