"""Printable handouts read back from the PDFs: pages, text, editions, reproducibility, cache."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.project import load_project
from minimal import LESSON, WORKSHOP, write_project

SECRETS = ("CATATAN-FASILITATOR-RAHASIA", "CATATAN-SESI-RAHASIA", "JAWABAN-CONTOH-RAHASIA")


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> tuple[Path, object]:
    root = write_project(tmp_path_factory.mktemp("handouts"))
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False)
    return root, report


def test_every_edition_is_written(handouts):
    root, report = handouts
    public = root / "site/handouts"
    assert sorted(p.name for p in public.glob("*.pdf")) == ["buku-kerja-peserta.pdf", "daftar-hadir.pdf", "dua.pdf", "evaluasi.pdf", "jadwal.pdf", "lembar-kerja.pdf", "satu.pdf", "tanda-pengenal.pdf"]
    assert (root / "private/panduan-fasilitator.pdf").is_file(), "the guide is kept out of the published site"
    assert not (public / "panduan-fasilitator.pdf").exists()
    assert page_count(public / "jadwal.pdf") == 1, "the agenda fits one page"
    assert sorted(p.name for p in (public / "salindia").glob("*.pdf")) == ["dua.pdf", "satu.pdf"], "each lesson's slides"


def test_lesson_handout_has_its_titles_and_no_answers(handouts):
    root, _ = handouts
    text = pdf_text(root / "site/handouts/satu.pdf")
    assert "Sesi Satu" in text and "Latihan 1: Latihan A" in text
    assert "Daftar cek" in text and "Mana yang benar?" in text
    assert "Kamis, 30 September 2021" in text, "date and time from the agenda on the cover block"
    assert "Ana Narasumber" in text
    assert "Halaman 1 dari" in text, "page X of Y"
    for secret in SECRETS:
        assert secret not in text


def test_no_participant_pdf_holds_facilitator_material(handouts):
    root, _ = handouts
    for pdf in (root / "site/handouts").rglob("*.pdf"):
        text = pdf_text(pdf)
        for secret in SECRETS:
            assert secret not in text, f"{secret} in {pdf.name}"


def test_guide_holds_notes_answers_and_key(handouts):
    root, _ = handouts
    text = pdf_text(root / "private/panduan-fasilitator.pdf")
    for secret in SECRETS:
        assert secret in text
    assert "Kunci Jawaban: 1. AC" in text
    assert "Rencana Waktu" in text


def test_worksheets_give_each_exercise_a_sheet_to_hand_in(tmp_path):
    import re

    more = ("    facilitator_notes: CATATAN-FASILITATOR-RAHASIA\n    worksheet:\n      - {label: Temuan utama, lines: 3}\n"
            "  - id: latihan-b\n    title: Latihan B\n    kind: individual\n    minutes: 10\n    instructions: Tulis.\n")
    satu = LESSON.format(title="Sesi Satu").replace("    facilitator_notes: CATATAN-FASILITATOR-RAHASIA\n", more, 1)
    dua = re.sub(r"exercises:\n.*?(?=checklists:)", "", LESSON.format(title="Sesi Dua"), flags=re.S)
    assert "Latihan B" in satu and "exercises:" not in dua
    root = write_project(tmp_path, lessons={"satu": satu, "dua": dua})
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False)
    pages = [page.extract_text() for page in PdfReader(root / "site/handouts/lembar-kerja.pdf").pages]
    first = [i for i, text in enumerate(pages) if "Lembar Kerja 1 ·" in text]
    second = [i for i, text in enumerate(pages) if "Lembar Kerja 2 ·" in text]
    assert first == [0] and len(second) == 1 and second[0] > 0, "each exercise on a sheet of its own"
    sheet = pages[0]
    for expected in ("Sesi Satu", "Kamis, 30 September 2021", "Nama", "Instansi / Kelompok", "Latihan 1: Latihan A", "Kerjakan.", "Temuan utama"):
        assert expected in sheet, expected
    assert "Latihan 2: Latihan B" in pages[second[0]]
    text = "\n".join(pages)
    for absent in ("Sesi Dua", "Ringkasan sesi.", "Menjelaskan uji.", "Daftar cek", "Mana yang benar?", *SECRETS):
        assert absent not in text, f"{absent!r}: only the exercises of lessons that have them, never answers or notes"


def test_a_workshop_without_exercises_gets_no_worksheets(tmp_path):
    import re


    plain = {name: re.sub(r"exercises:\n.*?(?=checklists:)", "", LESSON.format(title=name), flags=re.S) for name in ("satu", "dua")}
    project, _ = load_project(write_project(tmp_path, lessons=plain))
    assert "lembar-kerja.pdf" not in [h.name for h in plan_handouts(project)]


def attendance_pages(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_attendance_list_gives_each_day_numbered_rows_to_sign(handouts):
    root, _ = handouts
    pages = attendance_pages(root / "site/handouts/daftar-hadir.pdf")
    assert len(pages) == 1, "one day, and without 'participants' a page of rows"
    sheet = pages[0]
    for expected in ("DAFTAR HADIR PESERTA", "Bimtek Uji", "Hari 1: Kamis, 30 September 2021", "Penyelenggara Panitia Uji",
                     "Waktu 08.00", "Tempat Aula", "No. Nama NIP Jabatan / Instansi Tanda Tangan", "Panitia Penyelenggara,"):
        assert expected in sheet, expected
    rows = re.findall(r"\b(\d+) (\d+)\.", sheet)
    assert rows and all(a == b for a, b in rows), "each row's number, and again in its signature space"
    assert [int(a) for a, _ in rows] == list(range(1, len(rows) + 1)) and len(rows) >= 10
    assert not any(secret in sheet for secret in SECRETS) and "Sesi Satu" not in sheet, "no lesson content"


def test_attendance_list_has_a_row_per_expected_participant_every_day(tmp_path):
    workshop = WORKSHOP.replace("mode: offline\n", "mode: hybrid\nparticipants: 40\n").replace("      - lesson: dua\n", "") + (
        '  - date: "2021-10-01"\n    start: "09:00"\n    items:\n      - lesson: dua\n')
    project, _ = load_project(write_project(tmp_path, workshop))
    make_handouts(project, tmp_path / "site", progress=False)
    pages = attendance_pages(tmp_path / "site/handouts/daftar-hadir.pdf")
    days = [[i for i, text in enumerate(pages) if f"Hari {n}:" in text and "DAFTAR HADIR PESERTA" in text] for n in (1, 2)]
    assert len(days[0]) == 1 and len(days[1]) == 1 and days[0][0] == 0 and days[1][0] > 1, "each day starts a page, over more than one"
    for day, (start, end) in enumerate(((days[0][0], days[1][0]), (days[1][0], len(pages))), start=1):
        text = " ".join(pages[start:end])
        numbers = [int(a) for a, b in re.findall(r"\b(\d+) (\d+)\.", text) if a == b]
        assert numbers == list(range(1, 41)), f"day {day}: rows 1 to 40, in order, none split"
        assert all("Tanda Tangan" in page for page in pages[start:end]), "the table's head on every page"
        assert "Panitia Penyelenggara," in pages[end - 1] and re.search(r"\b40 40\.", pages[end - 1]), "the signature with the last row, never alone"
    assert "Jumat, 1 Oktober 2021" in pages[days[1][0]] and "09.00" in pages[days[1][0]]


def test_an_online_workshop_gets_no_attendance_list(tmp_path):

    project, _ = load_project(write_project(tmp_path, WORKSHOP.replace("mode: offline", "mode: online")))
    assert "daftar-hadir.pdf" not in [h.name for h in plan_handouts(project)], "online, attendance is taken on the call"
    english, _ = load_project(write_project(tmp_path / "en", WORKSHOP.replace("language: id", "language: en")))
    assert "attendance-list.pdf" in [h.name for h in plan_handouts(english)]


def test_evaluation_forms_have_a_sheet_per_session_and_speaker_then_the_organisations(handouts):
    root, _ = handouts
    pages = attendance_pages(root / "site/handouts/evaluasi.pdf")
    assert len(pages) == 2, "one lesson has a speaker (the other has nobody on the agenda), then the organisation's sheet"
    sheet, organisation = pages
    for expected in ("Evaluasi Narasumber · Bimtek Uji", "Ana Narasumber", "Sesi: Sesi Satu", "Hari 1, Kamis, 30 September 2021, 08.30–10.00",
                     "1 Kurang 2 Cukup 3 Baik 4 Sangat baik", "1 Penguasaan materi", "8 Ketepatan waktu", "Saran dan komentar", "tanpa nama"):
        assert expected in sheet, expected
    for expected in ("Evaluasi Penyelenggaraan", "Bimtek Uji", "Panitia Uji", "Kamis, 30 September 2021", "Aula",
                     "1 Kesesuaian materi dengan kebutuhan tugas", "7 Manfaat kegiatan secara keseluruhan", "Saran dan komentar"):
        assert expected in organisation, expected
    text = " ".join(pages)
    assert "Sesi Dua" not in text and not any(secret in text for secret in SECRETS)


def test_speaker_evaluation_follows_the_agenda_and_leaves_out_moderators(tmp_path):

    workshop = WORKSHOP.replace("people:\n", "people:\n  - {id: budi, name: Budi Fasilitator, role: facilitator, organization: Dinas Kominfo}\n"
                                              "  - {id: citra, name: Citra Moderator, role: moderator}\n", 1)
    workshop = workshop.replace("        people: [ana]\n", "        people: [budi, citra, ana]\n")
    dua = LESSON.format(title="Sesi Dua").replace("duration: 90\n", "duration: 90\npeople: [ana]\n")  # the lesson's own people
    project, _ = load_project(write_project(tmp_path, workshop, {"satu": LESSON.format(title="Sesi Satu"), "dua": dua}))
    make_handouts(project, tmp_path / "site", progress=False)
    pages = attendance_pages(tmp_path / "site/handouts/evaluasi.pdf")[:-1]  # the last: the organisation's
    sheets = [(re.search(r"(Budi Fasilitator|Ana Narasumber|Citra Moderator)", page).group(1), re.search(r"Sesi: (Sesi \w+)", page).group(1))
              for page in pages]
    assert sheets == [("Budi Fasilitator", "Sesi Satu"), ("Ana Narasumber", "Sesi Satu"), ("Ana Narasumber", "Sesi Dua")]
    assert "Fasilitator · Dinas Kominfo" in pages[0]
    online, _ = load_project(write_project(tmp_path / "online", WORKSHOP.replace("mode: offline", "mode: online")))
    assert "evaluasi.pdf" not in [h.name for h in plan_handouts(online)], "online, a form does it"


def test_an_institutions_own_evaluation_aspects(tmp_path):
    workshop = WORKSHOP.replace("venue: Aula\n", "venue: Aula\nevaluation:\n  speaker: [Ketepatan materi dengan TOR, Interaksi dengan peserta]\n")
    project, _ = load_project(write_project(tmp_path, workshop))
    make_handouts(project, tmp_path / "site", progress=False, only={"evaluasi.pdf"})
    speaker, organisation = attendance_pages(tmp_path / "site/handouts/evaluasi.pdf")
    assert "1 Ketepatan materi dengan TOR 2 Interaksi dengan peserta Saran dan komentar" in speaker, speaker
    assert "Penguasaan materi" not in speaker
    assert "1 Kesesuaian materi dengan kebutuhan tugas" in organisation and "7 Manfaat kegiatan secara keseluruhan" in organisation, \
        "the organisation's form keeps bimtek's aspects where workshop.yml gives none"


def test_workbook_has_contents_agenda_all_lessons_in_order(handouts):
    root, _ = handouts
    path = root / "site/handouts/buku-kerja-peserta.pdf"
    text = pdf_text(path)
    assert text.index("Daftar Isi") < text.index("Jadwal (Susunan Acara)")
    assert text.index("Sesi Satu Jadwal") < text.index("Sesi Dua Jadwal"), "lessons in agenda order, each from a new page"
    reader = PdfReader(path)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Sesi Satu" in titles and "Sesi Dua" in titles, "bookmarks from headings"
    assert len(reader.pages) >= 6


def test_pdf_metadata_language_and_tags(handouts):
    root, _ = handouts
    reader = PdfReader(root / "site/handouts/satu.pdf")
    assert reader.metadata.title.startswith("Sesi Satu")
    assert reader.metadata.author == "Panitia Uji"
    assert reader.metadata.subject == "Ringkasan sesi."  # the lesson summary, on one line
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "id"
    assert "/StructTreeRoot" in catalog, "tagged PDF"


def test_same_input_gives_identical_bytes_and_the_cache_skips(tmp_path, handouts):
    root, first = handouts
    assert set(first.rendered) == set(first.files)
    project, _ = load_project(root)
    before = {name: path.read_bytes() for name, path in first.files.items()}
    again = make_handouts(project, root / "site", progress=False)
    assert again.rendered == [] and sorted(again.reused) == sorted(first.files)
    # Render again without the cache: byte-identical to the first build.
    fresh = write_project(tmp_path / "fresh")
    project, _ = load_project(fresh)
    third = make_handouts(project, fresh / "site", progress=False, workers=1)
    for name, data in before.items():
        assert third.files[name].read_bytes() == data, f"{name} differs between two builds"


def test_the_books_render_first_and_the_report_keeps_the_plan_order(tmp_path, monkeypatch):
    # A book takes many times a lesson's handout: started last, it would leave one core
    # working alone at the end. The report lists the PDFs in the plan's order all the same.
    import bimtek.handouts as handouts_module

    started: list[str] = []
    real = handouts_module.render_pdf

    def recording(job):
        started.append(job.name)
        return real(job)

    monkeypatch.setattr(handouts_module, "render_pdf", recording)
    root = write_project(tmp_path)
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, workers=1)
    assert set(started[:2]) == {"buku-kerja-peserta.pdf", "panduan-fasilitator.pdf"}, started
    assert started.index("jadwal.pdf") > started.index("satu.pdf"), started  # one page, after a lesson's handout
    assert report.rendered == [handout.name for handout in plan_handouts(project)]


def test_a_changed_lesson_renders_only_its_handout_and_the_books(tmp_path):
    root = write_project(tmp_path)
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False)
    (root / "content/lessons/dua.yml").write_text(LESSON.format(title="Sesi Dua Diubah"), encoding="utf-8")
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False)
    assert sorted(report.rendered) == ["buku-kerja-peserta.pdf", "dua.pdf", "jadwal.pdf", "lembar-kerja.pdf", "panduan-fasilitator.pdf", "salindia/dua.pdf"]
    assert "Sesi Dua Diubah" in pdf_text(root / "site/handouts/dua.pdf")
    assert "Sesi Dua Diubah" in pdf_text(root / "site/handouts/salindia/dua.pdf")


def test_letter_paper_and_english(tmp_path):
    workshop = WORKSHOP.replace("language: id", "language: en\npaper: Letter")
    root = write_project(tmp_path, workshop)
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"satu.pdf"})
    page = PdfReader(report.files["satu.pdf"]).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    text = pdf_text(report.files["satu.pdf"])
    assert "Page 1 of" in text and "Exercise 1: Latihan A" in text
    assert "slides/satu.pdf" in {handout.name for handout in plan_handouts(project)}


def test_build_puts_handouts_in_the_site_with_a_downloads_page(tmp_path):
    root = write_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "bimtek", "build", str(root)], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "handouts: 12 PDF(s)" in result.stdout  # 10 published (2 of them slides), the guide and the speaker briefs kept private
    site = root / "site"
    assert (site / "handouts/satu.pdf").is_file()
    from bs4 import BeautifulSoup

    downloads = BeautifulSoup((site / "downloads.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in downloads.select(".bt-downloads a")]
    assert "handouts/satu.pdf" in hrefs and all((site / h).is_file() for h in hrefs)
    assert downloads.select_one(".bt-downloads-note") is None, "a published site does not tell participants how PDFs are made"
    lesson = BeautifulSoup((site / "lessons/satu.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in lesson.select(".bt-download a")] == ["../handouts/satu.pdf", "../handouts/salindia/satu.pdf"]
    assert (site / "handouts/salindia/satu.pdf").is_file()
    assert not (site / "handouts/panduan-fasilitator.pdf").exists()
    assert not (site / "handouts/kerangka-acuan-narasumber.pdf").exists() and (root / "private/kerangka-acuan-narasumber.pdf").is_file()
    # The downloads page shows each PDF's pages and size from handouts/figures.js (test_browser: in a browser).
    assert downloads.select_one(".bt-downloads")["data-figures"] == "handouts/figures.js"
    figures = read_figures(site / "handouts/figures.js")
    assert sorted(figures) == sorted(h.removeprefix("handouts/") for h in hrefs), "every public PDF, and not the guide"
    for name, found in figures.items():
        assert found == {"pages": page_count(site / "handouts" / name), "bytes": (site / "handouts" / name).stat().st_size}, name


def read_figures(path: Path) -> dict:
    import json

    text = path.read_text(encoding="utf-8").strip()
    assert text.startswith("window.bimtekHandouts = ") and text.endswith(";"), text[:80]
    return json.loads(text.removeprefix("window.bimtekHandouts = ").removesuffix(";"))


def test_a_run_that_makes_some_pdfs_keeps_the_figures_of_the_others(tmp_path):
    root = write_project(tmp_path)
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False)
    before = read_figures(root / "site/handouts/figures.js")
    changed = root / "content/lessons/satu.yml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("key_points:", "key_points:\n  - Satu butir lagi yang baru.", 1), encoding="utf-8")
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={"satu.pdf"})
    after = read_figures(root / "site/handouts/figures.js")
    assert sorted(after) == sorted(before) and "panduan-fasilitator.pdf" not in after
    assert after["satu.pdf"]["bytes"] == (root / "site/handouts/satu.pdf").stat().st_size != before["satu.pdf"]["bytes"]
    assert {k: v for k, v in after.items() if k != "satu.pdf"} == {k: v for k, v in before.items() if k != "satu.pdf"}


def test_pdfs_of_a_removed_lesson_are_not_left_published(tmp_path):
    """`bimtek handouts` writes into the site in place: a lesson renamed or deleted since the last
    run must not stay downloadable. A PDF the trainer publishes from content/handouts/ stays."""
    root = write_project(tmp_path)
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False)
    public = root / "site/handouts"
    (root / "content/handouts").mkdir()
    (root / "content/handouts/brosur.pdf").write_bytes(b"%PDF-1.4 brosur panitia")
    (public / "brosur.pdf").write_bytes(b"%PDF-1.4 brosur panitia")  # as MkDocs copies it
    (root / "content/lessons/dua.yml").rename(root / "content/lessons/tiga.yml")
    workshop = root / "content/workshop.yml"
    workshop.write_text(workshop.read_text(encoding="utf-8").replace("lesson: dua", "lesson: tiga"), encoding="utf-8")
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False)
    assert (public / "tiga.pdf").is_file() and not (public / "dua.pdf").exists(), "the renamed lesson's old PDF is gone"
    assert (public / "salindia/tiga.pdf").is_file() and not (public / "salindia/dua.pdf").exists(), "and its slides"
    assert (public / "satu.pdf").is_file() and (public / "brosur.pdf").read_bytes() == b"%PDF-1.4 brosur panitia"
    assert "dua.pdf" not in read_figures(public / "figures.js")
    make_handouts(project, root / "site", only={"satu.pdf"}, progress=False)
    assert (public / "tiga.pdf").is_file(), "a partial run removes nothing"


def test_handouts_command_exit_codes(tmp_path):
    root = write_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    ok = subprocess.run([sys.executable, "-m", "bimtek", "handouts", str(root), "-j", "1"], capture_output=True, text=True, env=env, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert (root / "site/handouts/jadwal.pdf").is_file()
    (root / "content/lessons/satu.yml").write_text("title: [rusak\n", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "bimtek", "handouts", str(root)], capture_output=True, text=True, env=env, timeout=300)
    assert bad.returncode == 1 and "satu.yml:" in bad.stderr and "Traceback" not in bad.stderr


def test_plain_mkdocs_build_makes_them_and_no_handouts_keeps_the_last(tmp_path):
    """What MkDocs users type gets the PDFs too; ``bimtek build --no-handouts`` leaves the last ones published."""
    root = write_project(tmp_path / "proyek")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "-q"], cwd=root, env=env, check=True, capture_output=True)
    lesson_pdf = root / "site/handouts/satu.pdf"
    assert "Sesi Satu" in pdf_text(lesson_pdf)
    assert (root / "private/panduan-fasilitator.pdf").is_file() and not (root / "site/panduan-fasilitator.pdf").exists()
    before = lesson_pdf.read_bytes()
    subprocess.run([sys.executable, "-m", "bimtek", "build", "--no-handouts", str(root)], env=env, check=True, capture_output=True)
    assert lesson_pdf.read_bytes() == before
    assert 'href="../handouts/satu.pdf"' in (root / "site/lessons/satu.html").read_text(encoding="utf-8")


def test_a_books_agenda_has_the_same_columns_every_day(tmp_path):
    # Laid out per table from its text, each day's columns stood at other places on the page.
    days = WORKSHOP.replace("""      - lesson: dua
""", """  - date: "2021-10-01"
    start: "09:00"
    items:
      - activity: Pembukaan panjang sekali dengan penjelasan alur kegiatan hari kedua yang rinci
        minutes: 45
        kind: opening
      - lesson: dua
""")
    root = write_project(tmp_path, days)
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={"buku-kerja-peserta.pdf"})
    starts: dict[str, float] = {}

    def visit(text, cm, tm, font_dict, font_size):
        for item in ("Registrasi", "Pembukaan panjang", "ISHOMA"):
            if text.strip().startswith(item) and item not in starts:
                starts[item] = round(tm[4] * cm[0] + cm[4], 1)

    for page in PdfReader(root / "site/handouts/buku-kerja-peserta.pdf").pages:
        page.extract_text(visitor_text=visit)
    assert len(starts) == 3, starts
    assert len(set(starts.values())) == 1, f"the item column starts at {starts}"


KEPT_FONTS_SCRIPT = """
import glob, os, sys, tempfile
from concurrent.futures import ProcessPoolExecutor
from bimtek.pdf import PdfJob, render_pdf
fonts = sys.argv[1]
css = "@font-face { font-family: T; src: url(NotoSans-Regular.ttf); } body { font-family: T; }"
job = PdfJob("a.pdf", "<p>Halo</p>", css, fonts)
render_pdf(job)  # this process keeps the stylesheet and its font copies
mine = glob.glob(os.path.join(tempfile.gettempdir(), "weasyprint-*"))
with ProcessPoolExecutor(1) as pool:  # a worker that inherits them and makes its own (another CSS)
    pool.submit(render_pdf, PdfJob("b.pdf", "<p>Halo</p>", css + " p { color: red }", fonts)).result()
assert glob.glob(os.path.join(tempfile.gettempdir(), "weasyprint-*")) == mine, "the worker removed its own copies, not ours"
data = render_pdf(job).data
open(sys.argv[2], "wb").write(data)
"""


def test_kept_fonts_are_removed_at_exit_and_a_worker_leaves_its_parents_alone(tmp_path):
    from conftest import REPO_ROOT

    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    fonts = str(REPO_ROOT / "templates/print/fonts") + "/"
    run = subprocess.run([sys.executable, "-c", KEPT_FONTS_SCRIPT, fonts, str(tmp_path / "a.pdf")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Exception ignored" not in run.stderr, run.stderr
    assert list((tmp_path / "tmp").iterdir()) == [], "WeasyPrint's font copies are removed when the process ends"
    fonts_used = subprocess.run(["pdffonts", str(tmp_path / "a.pdf")], capture_output=True, text=True).stdout
    assert "+T" in fonts_used, fonts_used  # the shipped font, still there for the second render


def _with_exercises(lesson: str, exercises: str) -> str:
    """``lesson`` (minimal.LESSON filled in) with its exercises replaced by ``exercises`` (YAML)."""
    start, end = lesson.index("exercises:\n"), lesson.index("checklists:\n")
    return lesson[:start] + exercises + lesson[end:]


LONG_WORKSHEET = """\
exercises:
  - id: pendek
    title: Latihan Pendek
    kind: individual
    minutes: 10
    instructions: Tulis satu kalimat.
    worksheet:
      - {label: Jawaban pendek, lines: 1}
  - id: panjang
    title: Latihan Panjang
    kind: group
    minutes: 40
    instructions: Isi lembar kerja yang panjang ini bersama kelompok.
    worksheet:
""" + "\n".join(f"      - {{label: Bagian {n} dari lembar kerja, lines: {1 if n == 1 else 10}}}" for n in range(1, 7)) + "\n"
"""Lesson 'satu' of these tests: a short worksheet, then one of 51 lines that no page can hold."""


def test_an_exercise_stays_whole_unless_no_page_can_hold_it(tmp_path):
    """A short worksheet is whole on one page. One taller than a page cannot be: it starts right
    where it falls (not on a new page, after an empty rest of the last one) and splits between its
    fields, its task with the first of them."""
    lessons = {"satu": _with_exercises(LESSON.format(title="Sesi Satu"), LONG_WORKSHEET), "dua": LESSON.format(title="Sesi Dua")}
    root = write_project(tmp_path, lessons=lessons)
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"satu.pdf"})
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(report.files["satu.pdf"]).pages]

    def on(text: str) -> list[int]:
        return [number for number, page in enumerate(pages, 1) if text in page]

    assert on("Latihan 1: Latihan Pendek") == on("Jawaban pendek"), "the short worksheet is whole"
    start = on("Latihan 2: Latihan Panjang")
    assert len(start) == 1 and start == on("Jawaban pendek"), f"the long one starts where it falls: {pages}"
    assert on("Bagian 1 dari lembar kerja") == start, "its task keeps its first field"
    assert on("Bagian 6 dari lembar kerja")[0] > start[0], "and it goes on over the next page"
    assert all(len(on(f"Bagian {n} dari lembar kerja")) == 1 for n in range(1, 7)), "each field is on one page"


def test_what_a_layout_found_spares_the_next_build_a_second_layout(tmp_path):
    """A document with an exercise no page can hold is laid out twice the first time; after that,
    what the layout found is known (by the exercise's content), and a book rendered again because
    another lesson changed is laid out once, into the same bytes as without that knowledge."""
    lessons = {"satu": _with_exercises(LESSON.format(title="Sesi Satu"), LONG_WORKSHEET), "dua": LESSON.format(title="Sesi Dua")}
    root = write_project(tmp_path, lessons=lessons)
    project, _ = load_project(root)
    first = make_handouts(project, root / "site", progress=False)
    assert first.layouts["satu.pdf"] == 2 and first.layouts["buku-kerja-peserta.pdf"] == 2, first.layouts
    assert first.layouts["dua.pdf"] == 1, first.layouts
    (root / "content/lessons/dua.yml").write_text(LESSON.format(title="Sesi Dua Diubah"), encoding="utf-8")
    project, _ = load_project(root)
    second = make_handouts(project, root / "site", progress=False)
    assert "buku-kerja-peserta.pdf" in second.rendered and second.layouts["buku-kerja-peserta.pdf"] == 1, second.layouts
    workbook = second.files["buku-kerja-peserta.pdf"].read_bytes()
    (root / ".bimtek-cache/pdf/blocks.json").write_text("{not json", encoding="utf-8")  # a broken cache is only slower
    for cached in (root / ".bimtek-cache/pdf").glob("*.pdf"):
        cached.unlink()
    again = make_handouts(project, root / "site", progress=False)
    assert again.layouts["buku-kerja-peserta.pdf"] == 2, again.layouts
    assert again.files["buku-kerja-peserta.pdf"].read_bytes() == workbook


def _png(width: int, height: int, rgb: bytes) -> bytes:
    """A valid PNG of one colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def pictures_drawn(path: Path) -> list[tuple[int, int]]:
    """The size of each picture drawn in the PDF (poppler's pdfimages: one row per picture drawn)."""
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [(int(row.split()[3]), int(row.split()[4])) for row in listed]


def test_pictures_of_the_lessons_are_printed_and_a_changed_picture_renders_again(tmp_path):
    lesson = (LESSON.format(title="Sesi Satu")
              .replace("    body: Isi **topik**.", "    body: 'Peta: ![peta](../gambar/peta%20wilayah.png)'")
              .replace("instructions: Kerjakan.", "instructions: 'Isi tabel ini: ![tabel](../gambar/tabel.png)'"))
    root = write_project(tmp_path, WORKSHOP.replace("title: Bimtek Uji\n", "title: Bimtek Uji\ndescription: 'Denah: ![denah](gambar/denah.png)'\n"),
                         {"satu": lesson, "dua": LESSON.format(title="Sesi Dua")})
    pictures = root / "content/gambar"
    pictures.mkdir()
    (pictures / "peta wilayah.png").write_bytes(_png(200, 100, b"\xff\x00\x00"))
    (pictures / "tabel.png").write_bytes(_png(120, 60, b"\x00\x00\xff"))
    (pictures / "denah.png").write_bytes(_png(90, 90, b"\x00\xff\x00"))
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={"satu.pdf", "dua.pdf", "panduan-fasilitator.pdf"})
    assert pictures_drawn(root / "site/handouts/satu.pdf") == [(120, 60)], "the exercise's picture, as on the site (the handout has no topic texts)"
    assert sorted(pictures_drawn(root / "private/panduan-fasilitator.pdf")) == [(120, 60), (200, 100)], "the topic's and the exercise's"

    workshop_with_report = (root / "content/workshop.yml").read_text(encoding="utf-8") + "report: {signatory: Budi, position: Ketua, place: Bandung}\n"
    (root / "content/workshop.yml").write_text(workshop_with_report, encoding="utf-8")
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={"laporan-kegiatan.pdf"})
    assert pictures_drawn(root / "private/laporan-kegiatan.pdf") == [(90, 90)], "a workshop text's picture, from content/ as on the home page"

    (pictures / "tabel.png").write_bytes(_png(150, 50, b"\x00\x00\xff"))  # same name, new picture
    report = make_handouts(project, root / "site", progress=False, only={"satu.pdf", "dua.pdf"})
    assert report.rendered == ["satu.pdf"] and report.reused == ["dua.pdf"], "only the PDF that shows the picture is made again"
    assert pictures_drawn(root / "site/handouts/satu.pdf") == [(150, 50)]


def test_a_picture_from_another_site_is_never_fetched_for_a_handout(tmp_path):
    """A handout is made from the project alone: offline at the venue, and the same PDF whatever a web site serves
    that day. The picture's alternative text stands in its place (bimtek check warns of it)."""
    import http.server
    import threading

    asked: list[str] = []

    class Recording(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            asked.append(self.path)
            body = _png(80, 40, b"\xff\x00\x00")
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/grafik.png"
        lesson = LESSON.format(title="Sesi Satu").replace("instructions: Kerjakan.", f"instructions: 'Isi tabel ini: ![Grafik jangkauan]({url})'")
        root = write_project(tmp_path, WORKSHOP, {"satu": lesson, "dua": LESSON.format(title="Sesi Dua")})
        project, _ = load_project(root)
        make_handouts(project, root / "site", progress=False, only={"satu.pdf", "panduan-fasilitator.pdf"})
    finally:
        server.shutdown()
    assert asked == [], "no handout asks another site for anything"
    assert pictures_drawn(root / "site/handouts/satu.pdf") == []
    assert "Grafik jangkauan" in pdf_text(root / "site/handouts/satu.pdf"), "the alternative text in the picture's place"


def slide_texts(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def expected_slides(lesson) -> int:
    """The slides a lesson makes, each on one page: title, outcome, objectives, outline, the session's
    flow (with a plan), a slide per topic, per three facts and per quote, per exercise and checklist,
    the quiz, the key points, the references and the closing slide. More pages than this: a slide ran over."""
    topics = sum(1 + -(-len(topic.facts) // 3) + len(topic.quotes) for topic in lesson.topics)
    return 4 + bool(lesson.plan) + topics + len(lesson.exercises) + len(lesson.checklists) + bool(lesson.quiz) + 1 + bool(lesson.references) + 1


def test_a_lessons_slides_are_16_9_one_page_per_slide_without_answers(handouts):
    root, _ = handouts
    path = root / "site/handouts/salindia/satu.pdf"
    reader = PdfReader(path)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert round(width / height, 2) == round(16 / 9, 2) and width > height
    slides = slide_texts(path)
    project, _ = load_project(root)
    assert len(slides) == expected_slides(project.lessons["satu"]) == 10
    assert "Sesi Satu" in slides[0] and "Ana Narasumber (Narasumber)" in slides[0] and "Kamis, 30 September 2021" in slides[0]
    assert slides[1].startswith("Hasil Belajar Peserta mampu menguji.")
    assert slides[2].startswith("Indikator Hasil Belajar") and "Menjelaskan uji." in slides[2]
    assert slides[3].startswith("Materi Pokok") and "Topik" in slides[3]
    assert slides[5].startswith("Latihan 1: Latihan A") and "30 menit" in slides[5]
    assert slides[6].startswith("Daftar cek") and "Satu" in slides[6]
    assert slides[7].startswith("Kuis (Tes Formatif) 1 soal: jawab di halaman sesi ini")
    assert "Mana yang benar?" not in " ".join(slides), "the questions are answered on the page or the handout, not read off the wall"
    assert slides[8].startswith("Poin Kunci Poin satu.")
    assert slides[-1].startswith("Terima kasih")
    assert all(text.endswith(f"{number} / {len(slides)}") for number, text in enumerate(slides[1:], 2)), "numbered, but not the title slide"
    for secret in (*SECRETS, "Karena."):
        assert secret not in " ".join(slides)


def test_the_sample_lessons_slides_each_fit_a_page(tmp_path):
    from conftest import REPO_ROOT

    project, _ = load_project(REPO_ROOT)
    names = {f"salindia/{lesson_id}.pdf" for lesson_id in project.lessons}
    report = make_handouts(project, tmp_path / "site", progress=False, only=names)
    for lesson in project.lessons.values():
        assert page_count(report.files[f"salindia/{lesson.id}.pdf"]) == expected_slides(lesson), lesson.id


def test_a_slide_too_long_for_its_page_goes_on_under_its_heading(tmp_path):
    items = ", ".join(f"Butir nomor {i} yang cukup panjang untuk satu baris penuh" for i in range(30))
    lesson = LESSON.format(title="Sesi Satu").replace("items: [Satu, {text: Dua, detail: Rinci}]", f"items: [{items}]")
    root = write_project(tmp_path, lessons={"satu": lesson, "dua": LESSON.format(title="Sesi Dua")})
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"salindia/satu.pdf"})
    slides = slide_texts(report.files["salindia/satu.pdf"])
    first = next(i for i, text in enumerate(slides) if text.startswith("Daftar cek ☐ Butir nomor 0"))
    assert slides[first + 1].startswith("☐ Butir nomor") and "Daftar cek (lanjutan)" in slides[first + 1], slides[first + 1]
    assert [i for i, text in enumerate(slides) if "(lanjutan)" in text] == [first + 1], "only the page that goes on says so"


def test_a_slide_with_facts_quotes_and_a_qr_code(tmp_path):
    lesson = LESSON.format(title="Sesi Satu").replace("    body: Isi **topik**.", """    body: Isi.
    subtopics: [Sub satu, Sub dua]
    facts:
      - {value: "81,7 miliar", label: tayangan, source: setneg}
      - {value: "25,87 %", label: milenial, source: setneg}
      - {value: "27,94 %", label: gen Z, source: setneg}
      - {value: "270,2 juta", label: penduduk, source: setneg}
    quotes: [{text: Konten adalah raja., by: Faris Mufid}]""") + """references:
  - {id: setneg, title: Kemensetneg Libatkan TikTok, year: 2022}
"""
    root = write_project(tmp_path, WORKSHOP.replace("venue: Aula", "venue: Aula\nsite_url: https://humas.example.go.id/bimtek/"),
                         lessons={"satu": lesson, "dua": LESSON.format(title="Sesi Dua")})
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"salindia/satu.pdf"})
    slides = slide_texts(report.files["salindia/satu.pdf"])
    assert len(slides) == expected_slides(project.lessons["satu"]) == 14
    assert slides[4].startswith("1. Topik Sub satu Sub dua")
    assert slides[5].startswith("1. Topik 81,7 miliar tayangan Sumber: Kemensetneg Libatkan TikTok") and "27,94 %" in slides[5]
    assert slides[6].startswith("1. Topik 270,2 juta penduduk"), "three facts a slide"
    assert slides[7].startswith("1. Topik Konten adalah raja. — Faris Mufid")
    assert slides[-2].startswith("Referensi Kemensetneg Libatkan TikTok, 2022.")
    from test_qr import scanned

    assert scanned(report.files["salindia/satu.pdf"], page=1) == ["https://humas.example.go.id/bimtek/lessons/satu.html"]
    assert scanned(report.files["salindia/satu.pdf"], page=len(slides)) == ["https://humas.example.go.id/bimtek/"]
