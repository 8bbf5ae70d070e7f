"""The session plan (langkah kegiatan pembelajaran): the trainer's steps, opening, core and closing,
put on the clock in the facilitator guide, told to the participants on a slide, checked against the
lesson's duration and exercises, and kept off the participants' pages."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from bimtek.render import render_site
from minimal import LESSON, write_project
from test_handouts import slide_texts
from test_report import assert_in_order, laid_out_pages

PLAN = """\
plan:
  - phase: opening
    minutes: 10
    facilitator: Membuka, PEMANTIK-FASILITATOR.
    participants: Menjawab di papan tulis.
  - phase: core
    minutes: 40
    facilitator: Ceramah *topik*.
  - phase: core
    exercise: latihan-a
    participants: Bekerja dalam kelompok.
  - phase: closing
    minutes: 10
    facilitator: Merangkum poin kunci.
"""


def planned(root: Path, plan: str = PLAN) -> Path:
    """The minimal project, its lesson 'satu' with ``plan`` (its other lesson has none)."""
    return write_project(root, lessons={"satu": LESSON.format(title="Sesi Satu") + plan, "dua": LESSON.format(title="Sesi Dua")})


def found(root: Path) -> list[str]:
    return [str(d).split("content/", 1)[1] for d in check_project(root).diagnostics]


def line_of(root: Path, text: str) -> int:
    lines = (root / "content/lessons/satu.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_guide_puts_the_steps_on_the_clock_by_phase(tmp_path):
    root = planned(tmp_path)
    assert found(root) == []
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"panduan-fasilitator.pdf"})
    text = " ".join(laid_out_pages(report.files["panduan-fasilitator.pdf"]))
    # 'satu' starts at 08:30, after the registration; the exercise's step takes the exercise's 30 minutes
    assert_in_order(text, ["Langkah-langkah Kegiatan Pembelajaran", "Waktu", "Kegiatan Fasilitator", "Kegiatan Peserta",
                           "Pendahuluan", "08.30–08.40", "Membuka, PEMANTIK-FASILITATOR.", "Menjawab di papan tulis.", "10",
                           "Kegiatan Inti", "08.40–09.20", "Ceramah topik.", "40",
                           "09.20–09.50", "Latihan 1: Latihan A", "Bekerja dalam kelompok.", "30",
                           "Penutup", "09.50–10.00", "Merangkum poin kunci.", "10", "Jumlah", "90"])
    after_satu = text[text.index("Merangkum poin kunci."):]
    assert "Rencana Waktu" in after_satu and "Penyajian materi, tanya jawab dan diskusi" in after_satu, \
        "a lesson without a plan keeps the timing worked out from its exercises"
    assert "Rencana Waktu" not in text[:text.index("Merangkum poin kunci.")]


def test_the_slides_tell_participants_what_they_do_not_the_facilitators_script(tmp_path):
    root = planned(tmp_path)
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"salindia/satu.pdf", "salindia/dua.pdf"})
    slides = slide_texts(report.files["salindia/satu.pdf"])
    flow = next(slide for slide in slides if slide.startswith("Alur Sesi"))
    assert_in_order(flow, ["Pendahuluan", "08.30", "Menjawab di papan tulis.", "10 menit", "Kegiatan Inti", "08.40", "Ceramah topik.", "40 menit",
                           "09.20", "Latihan 1: Latihan A", "30 menit", "Penutup", "09.50", "Merangkum poin kunci.", "10 menit"])
    assert "PEMANTIK-FASILITATOR" not in " ".join(slides), "where the participants' side is written, the slide shows it"
    assert slides.index(flow) == 4, "after the outcome, objectives and topics"
    assert not any(slide.startswith("Alur Sesi") for slide in slide_texts(report.files["salindia/dua.pdf"])), "no plan, no slide"


def test_the_handout_tells_participants_how_the_session_runs(tmp_path):
    root = planned(tmp_path)
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"satu.pdf", "dua.pdf"})
    text = " ".join(laid_out_pages(report.files["satu.pdf"]))
    assert_in_order(text, ["Tujuan Pembelajaran", "Alur Sesi", "Pendahuluan", "08.30", "Menjawab di papan tulis.", "10 menit",
                           "Kegiatan Inti", "Ceramah topik.", "09.20", "Latihan 1: Latihan A", "30 menit", "Penutup", "Merangkum poin kunci.",
                           "Materi Pokok"])
    assert "PEMANTIK-FASILITATOR" not in text and "Kegiatan Fasilitator" not in text, "the facilitator's script stays in the guide"
    assert "Alur Sesi" not in " ".join(laid_out_pages(report.files["dua.pdf"])), "no plan, no flow"


def test_the_plan_stays_off_the_site(tmp_path):
    root = planned(tmp_path)
    project, _ = load_project(root)
    page = next(page for page in render_site(project).pages if page.path == "lessons/satu.md")
    text = BeautifulSoup(page.content, "html.parser").get_text(" ")
    assert "Sesi Satu" in text
    for script in ("PEMANTIK-FASILITATOR", "Merangkum poin kunci.", "Bekerja dalam kelompok."):
        assert script not in text


def test_a_step_needs_its_minutes_and_what_happens_and_an_exercise_that_exists(tmp_path):
    plan = """\
plan:
  - phase: opening
    facilitator: Membuka.
  - phase: core
    minutes: 20
  - phase: core
    exercise: latihan-b
  - phase: closing
    minutes: 5
    facilitator: Menutup.
"""
    root = planned(tmp_path, plan)
    assert found(root) == [
        f"lessons/satu.yml:{line_of(root, '- phase: opening')}:5: error: field 'plan[0]': "
        "a step needs its 'minutes' (only a step that runs an exercise takes the exercise's)",
        f"lessons/satu.yml:{line_of(root, 'minutes: 20') - 1}:5: error: field 'plan[1]': "
        "a step needs 'facilitator' or 'participants' (what happens in it), or the 'exercise' it runs",
    ], "the model's errors come first; the unknown exercise is checked once the lesson is valid"
    root = planned(tmp_path, plan.replace("  - phase: opening\n    facilitator", "  - phase: opening\n    minutes: 5\n    facilitator")
                   .replace("    minutes: 20\n", "    minutes: 20\n    facilitator: Ceramah.\n"))
    assert found(root) == [
        f"lessons/satu.yml:{line_of(root, '  - id: latihan-a')}:9: warning: exercise 'latihan-a' is not in the session plan ('plan'): "
        "add a step with 'exercise: latihan-a'",
        f"lessons/satu.yml:{line_of(root, 'exercise: latihan-b')}:15: error: unknown exercise 'latihan-b'; did you mean 'latihan-a'?",
    ], "no warning that the steps do not add up: the unknown exercise's minutes are not known"


def test_warnings_when_the_plan_does_not_add_up_runs_out_of_order_or_leaves_an_exercise_out(tmp_path):
    plan = """\
plan:
  - phase: core
    minutes: 40
    facilitator: Ceramah.
  - phase: opening
    minutes: 10
    facilitator: Membuka.
  - phase: closing
    minutes: 10
    facilitator: Menutup.
"""
    root = planned(tmp_path, plan)
    assert found(root) == [
        f"lessons/satu.yml:{line_of(root, '  - id: latihan-a')}:9: warning: exercise 'latihan-a' is not in the session plan ('plan'): "
        "add a step with 'exercise: latihan-a'",
        f"lessons/satu.yml:{line_of(root, 'plan:')}:1: warning: the steps of the plan take 60 minutes, but the lesson lasts 90 "
        "('duration'): make them add up",
        f"lessons/satu.yml:{line_of(root, '- phase: opening')}:12: warning: a step of the opening phase after one of the core phase; "
        "the plan runs opening, core, closing",
    ]
    assert check_project(root).errors == [], "warnings only: the guide is still printed"


def test_the_sample_lessons_plans_add_up_and_run_every_exercise():
    from conftest import REPO_ROOT

    result = check_project(REPO_ROOT)
    assert result.diagnostics == []
    for lesson in result.project.lessons.values():
        assert [step.phase for step in lesson.plan][0] == "opening" and lesson.plan[-1].phase == "closing", lesson.id
        assert {step.exercise for step in lesson.plan} >= {exercise.id for exercise in lesson.exercises}, lesson.id


def test_the_speakers_brief_shows_the_plan_of_their_session(tmp_path):
    root = planned(tmp_path)
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"kerangka-acuan-narasumber.pdf"})
    text = " ".join(laid_out_pages(report.files["kerangka-acuan-narasumber.pdf"]))
    assert_in_order(text, ["Kepada: Ana Narasumber", "Sesi Satu", "Latihan A (Kelompok, 30 menit)", "Langkah-langkah Kegiatan Pembelajaran",
                           "Pendahuluan", "08.30–08.40", "Membuka, PEMANTIK-FASILITATOR.", "Kegiatan Inti", "09.20–09.50", "Latihan 1: Latihan A",
                           "Penutup", "Merangkum poin kunci.", "Jumlah", "90"])
