"""The activity report (laporan kegiatan), read back from the PDF: the event in the chapters such
reports have, and the pre-test and post-test figures worked out from the scores in participants.csv."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bimtek.build import build_site
from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.participants import Participant
from bimtek.project import check_project, load_project
from bimtek.report import office_counts, compare_scores
from minimal import WORKSHOP, write_project
from test_assessment import pdf_pages
from test_handouts import pictures_drawn as printed_pictures


def laid_out_pages(path: Path) -> list[str]:
    """Each page's text as laid out (tables row by row), its whitespace collapsed."""
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")][:-1]

REPORTED = WORKSHOP.replace("venue: Aula\n", """venue: Aula
participants: 30
description: Latar belakang dari **deskripsi** kegiatan.
goals: [Peserta memahami uji.]
audience: Pranata Humas daerah
report:
  basis: ["Peraturan Menteri PANRB Nomor 83 Tahun 2012"]
  results: Kegiatan berjalan lancar dan peserta aktif berdiskusi.
  conclusions: [Peserta memahami uji.]
  recommendations: [Menambah waktu praktik.]
  pass_mark: 70
  signatory: Budi Ketua
  position: Ketua Panitia
  signatory_nip: "197001012000031001"
  place: Bandung
""")

SCORED = ("Nama;NIP;Instansi;Tes_Awal;Nilai Tes Akhir\n"
          "Rina Wulandari;198703152010122003;Diskominfo Kota Bogor;40;80\n"
          "Ahmad Fauzi;;Humas Pemprov Jawa Barat;60,5;65\n"
          "Siti Aminah;;Diskominfo Kota Bogor;;90\n"
          "Dodi Saputra;;Humas Pemprov Jawa Barat;50;50\n")


def reported(tmp_path: Path, people: str | None = SCORED, workshop: str = REPORTED) -> Path:
    root = write_project(tmp_path, workshop)
    if people is not None:
        (root / "participants.csv").write_text(people, encoding="utf-8")
    return root


def report_text(root: Path, name: str = "laporan-kegiatan.pdf") -> list[str]:
    project, _ = load_project(root)
    make_handouts(project, root / "site", progress=False, only={name})
    path = root / "private" / name
    pages = laid_out_pages(path)
    assert len(pages) == len(pdf_pages(path))
    return pages


def assert_in_order(text: str, expected: list[str]) -> None:
    """Each of ``expected`` is in ``text``, each after the one before."""
    at = 0
    for part in expected:
        found = text.find(part, at)
        assert found >= 0, (part, text[at:at + 400])
        at = found + len(part)


def test_the_report_works_out_the_test_results_and_lists_the_scores(tmp_path):
    root = reported(tmp_path)
    project, warnings = load_project(root)
    assert not warnings
    plan = {h.name: h for h in plan_handouts(project)}
    assert plan["laporan-kegiatan.pdf"].private, "it lists names, NIPs and scores: never published"
    pages = report_text(root)
    assert pages[0].replace(" ", "").startswith("LAPORANKEGIATAN") and "Bimtek Uji" in pages[0], "the cover (its kicker letter-spaced)"
    text = " ".join(pages)
    in_order = ["I. Pendahuluan", "A. Dasar Pelaksanaan", "1. Peraturan Menteri PANRB Nomor 83 Tahun 2012",
                "B. Latar Belakang", "Latar belakang dari deskripsi kegiatan.", "C. Maksud dan Tujuan", "1. Peserta memahami uji.",
                "D. Sasaran Peserta", "Pranata Humas daerah",
                "II. Pelaksanaan Kegiatan", "A. Waktu dan Tempat", "Hari 1: Kamis, 30 September 2021 08.00–12.30 4",
                "1 hari, 2 sesi, 4 JP", "Moda Luring (tatap muka) Tempat Aula",
                "B. Peserta", "Peserta yang direncanakan 30 Peserta yang terdaftar 4 Asal instansi 2 instansi",
                "1 Diskominfo Kota Bogor 2", "2 Humas Pemprov Jawa Barat 2",
                "C. Narasumber, Fasilitator, dan Moderator", "1 Ana Narasumber Sesi Satu Narasumber",
                "D. Materi", "1 Sesi Satu Hari 1, 08.30–10.00 2", "2 Sesi Dua Hari 1, 11.00–12.30 2", "Jumlah 4",
                "III. Hasil Kegiatan", "Kegiatan berjalan lancar dan peserta aktif berdiskusi.",
                "A. Hasil Tes Awal dan Tes Akhir", "Tes awal Tes akhir", "Jumlah peserta 3 4",
                "Rata-rata 50,17 71,25", "Terendah 40 50", "Tertinggi 60,5 90",
                "Peserta dengan kedua nilai 3", "Perubahan rata-rata +14,83 poin", "Nilai naik / tetap / turun 2 / 1 / 0 peserta",
                "Mencapai nilai batas lulus (70) 2 dari 4 peserta (50%)",
                "IV. Penutup", "A. Kesimpulan", "1. Peserta memahami uji.", "B. Saran", "1. Menambah waktu praktik.",
                "Demikian laporan kegiatan ini disusun", "Bandung, 30 September 2021", "Ketua Panitia,", "Budi Ketua",
                "NIP 197001012000031001",
                "Lampiran", "1. Jadwal (Susunan Acara)", "08.00–08.30 Registrasi 30",
                "2. Daftar Peserta dan Nilai Tes", "No. Nama NIP Instansi / Kelompok Tes awal Tes akhir Perubahan",
                "1 Rina Wulandari 198703152010122003 Diskominfo Kota Bogor 40 80 +40",
                "2 Ahmad Fauzi Humas Pemprov Jawa Barat 60,5 65 +4,5",
                "3 Siti Aminah Diskominfo Kota Bogor – 90 –", "4 Dodi Saputra Humas Pemprov Jawa Barat 50 50 0"]
    assert_in_order(text, in_order)


def test_without_scores_or_results_the_chapters_close_up(tmp_path):
    workshop = REPORTED.replace("  results: Kegiatan berjalan lancar dan peserta aktif berdiskusi.\n", "").replace("  basis: [\"Peraturan Menteri PANRB Nomor 83 Tahun 2012\"]\n", "")
    root = reported(tmp_path, people="nama;instansi\nRina Wulandari;Diskominfo Kota Bogor\n", workshop=workshop)
    text = " ".join(report_text(root))
    assert "A. Latar Belakang" in text and "Dasar Pelaksanaan" not in text, "sections are lettered from A whichever are left out"
    assert "III. Penutup" in text and "Hasil Kegiatan" not in text and "Tes awal" not in text, "no results chapter without results"
    assert "2. Peserta No. Nama NIP Instansi / Kelompok 1 Rina Wulandari Diskominfo Kota Bogor Halaman" in text, \
        "the participants annex without score columns"


def test_without_a_participant_list_the_report_leaves_the_people_out(tmp_path):
    root = reported(tmp_path, people=None)
    project, warnings = load_project(root)
    assert not warnings and "laporan-kegiatan.pdf" in [h.name for h in plan_handouts(project)]
    text = " ".join(report_text(root))
    assert "Peserta yang direncanakan 30" in text and "terdaftar" not in text and "Daftar Peserta" not in text
    assert "Lampiran 1. Jadwal (Susunan Acara)" in text


def test_in_english(tmp_path):
    root = reported(tmp_path, workshop=REPORTED.replace("language: id", "language: en"))
    text = " ".join(report_text(root, "activity-report.pdf"))
    assert text.replace(" ", "").startswith("ACTIVITYREPORT")
    for expected in ("I. Introduction", "A. Basis", "III. Results", "Mean 50.17 71.25",
                     "Mean change +14.83 points", "Reached the pass mark (70) 2 of 4 participants (50%)", "IV. Conclusion",
                     "Bandung, September 30, 2021"):
        assert expected in text, expected


def test_names_and_scores_never_reach_the_site(tmp_path):
    root = reported(tmp_path)
    project, _, site = build_site(root)
    make_handouts(project, site, progress=False)
    assert (root / "private/laporan-kegiatan.pdf").is_file()
    for path in (p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert b"Wulandari" not in data and b"laporan-kegiatan" not in data, path


@pytest.mark.parametrize("cell, expected", [
    ("abc", "participants.csv:2:1: error: column 'Tes Akhir' of Rina: expected a score from 0 to 100 (or nothing: not taken), got 'abc'"),
    ("120", "participants.csv:2:1: error: column 'Tes Akhir' of Rina: expected a score from 0 to 100 (or nothing: not taken), got '120'"),
])
def test_a_score_that_is_not_one_names_its_line_and_column(tmp_path, cell, expected):
    root = reported(tmp_path, people=f"nama;Pre-Test;Tes Akhir\nRina;72,5;{cell}\nAhmad;10;20\n")
    assert [str(d).split("/")[-1] for d in check_project(root).diagnostics] == [expected]


def test_scores_read_from_the_headers_and_decimals_spreadsheets_write(tmp_path):
    root = reported(tmp_path, people='Nama,pre_test,POST-TEST\nRina,"72,5",80%\nAhmad,,\n')
    project, _ = load_project(root)
    rina, ahmad = project.participants
    assert (rina.pre_test, rina.post_test) == (72.5, 80.0) and (ahmad.pre_test, ahmad.post_test) == (None, None)


def test_scores_without_a_report_warn(tmp_path):
    root = reported(tmp_path, workshop=WORKSHOP)
    found = [str(d).split("/")[-1] for d in check_project(root).diagnostics]
    assert "participants.csv:1:1: warning: the participant list has test scores but workshop.yml has no 'report:' " \
           "(signatory, position, place): only the activity report uses them" in found


def test_figures():
    people = [Participant(1, "A", office="X", pre_test=40, post_test=80), Participant(2, "B", office="Y", pre_test=60, post_test=60),
              Participant(3, "C", office="Y", pre_test=70, post_test=50), Participant(4, "D", post_test=100), Participant(5, "E")]
    results = compare_scores(people, pass_mark=75)
    assert (results.pre.taken, results.pre.mean, results.pre.lowest, results.pre.highest) == (3, pytest.approx(56.667, abs=1e-3), 40, 70)
    assert (results.post.taken, results.post.mean) == (4, 72.5)
    assert (results.both, results.mean_change, results.improved, results.unchanged, results.declined) == (3, pytest.approx(20 / 3), 1, 1, 1)
    assert results.passed == 2
    assert compare_scores(people).passed is None
    assert compare_scores([Participant(1, "A")]) is None, "no scores, no figures"
    assert office_counts(people) == [("Y", 2), ("X", 1)]


def test_a_section_with_nothing_to_say_is_left_out(tmp_path):
    root = reported(tmp_path, people=None, workshop=REPORTED.replace("participants: 30\n", ""))
    text = " ".join(report_text(root))
    assert "B. Narasumber, Fasilitator, dan Moderator" in text and "Peserta yang" not in text, \
        "no participants section without an expected count or a list; the next section takes its letter"


SPEAKER_FORMS = "narasumber;1;2;3;4;5;6;7;8\nAna Narasumber;4;4;3;4;3;4;4;3\nana;3;3;3;4;;4;4;3\n"
ORGANISATION_FORMS = "No;1;2;3;4;5;6;7;Saran\n1;4;3;3;2;4;3;4;Ruangan dingin\n2;3;3;4;1;4;3;4;\n"


def test_the_evaluation_forms_typed_in_are_summed_up(tmp_path):
    root = reported(tmp_path)
    (root / "evaluasi-narasumber.csv").write_text(SPEAKER_FORMS, encoding="utf-8")
    (root / "evaluasi-penyelenggaraan.csv").write_text(ORGANISATION_FORMS, encoding="utf-8")
    assert check_project(root).diagnostics == []
    text = " ".join(report_text(root))
    in_order = ["III. Hasil Kegiatan", "A. Hasil Tes Awal dan Tes Akhir",
                "B. Hasil Evaluasi Narasumber", "No. Nama Formulir Rata-rata Kategori", "1 Ana Narasumber 2 3,53 Sangat baik",
                "Per aspek, semua narasumber", "1 Penguasaan materi 3,5 Sangat baik", "3 Kejelasan penyampaian 3 Baik",
                "5 Contoh yang relevan dengan tugas peserta 3 Baik", "Rata-rata 3,53 Sangat baik",
                "C. Hasil Evaluasi Penyelenggaraan", "Formulir: 2", "4 Tempat dan sarana 1,5 Kurang", "6 Konsumsi 3 Baik",
                "Rata-rata 3,21 Baik", "Skala 1 (kurang) sampai 4 (sangat baik).", "IV. Penutup"]
    assert_in_order(text, in_order)


@pytest.mark.parametrize("name, table, expected", [
    ("evaluasi-narasumber.csv", "narasumber;1;2\nAna Narasumber;4;5\nAna Narsumber;3;3\nBudi;4;4\n;4;4\n", [
        "evaluasi-narasumber.csv:2:1: error: aspect 2: expected a score from 1 to 4 (or nothing: not answered), got '5'",
        "evaluasi-narasumber.csv:3:1: error: 'Ana Narsumber' is not one of the workshop's people (a name or id in workshop.yml); did you mean 'Ana Narasumber'?",
        "evaluasi-narasumber.csv:4:1: error: 'Budi' is not one of the workshop's people (a name or id in workshop.yml)",
        "evaluasi-narasumber.csv:5:1: error: this row names no speaker (column 'narasumber')"]),
    ("evaluasi-narasumber.csv", "nama;1\nana;4\n", [
        "evaluasi-narasumber.csv:1:1: error: the first row names the columns; expected 'narasumber' (who the form scores) and the aspects' numbers, 1 to 8"]),
    ("evaluasi-penyelenggaraan.csv", "aspek 1;aspek 9\n4;4\n", [
        "evaluasi-penyelenggaraan.csv:1:1: error: column 'aspek 9': the form has aspects 1 to 7"]),
    ("evaluasi-penyelenggaraan.csv", "saran\nBagus\n", [
        "evaluasi-penyelenggaraan.csv:1:1: error: no column of scores: head them with the aspects' numbers on the form, 1 to 7"]),
])
def test_problems_in_the_evaluation_tables_name_their_line(tmp_path, name, table, expected):
    root = reported(tmp_path, people=None)
    (root / name).write_text(table, encoding="utf-8")
    assert [str(d).split("/")[-1] for d in check_project(root).diagnostics] == expected


def test_evaluation_tables_without_a_report_warn_and_in_content_are_refused(tmp_path):
    root = reported(tmp_path, people=None, workshop=WORKSHOP)
    (root / "evaluasi-penyelenggaraan.csv").write_text(ORGANISATION_FORMS, encoding="utf-8")
    assert [str(d).split("/")[-1] for d in check_project(root).diagnostics] == [
        "evaluasi-penyelenggaraan.csv:1:1: warning: the evaluation forms are typed in but workshop.yml has no 'report:' "
        "(signatory, position, place): only the activity report uses them"]
    (root / "content/evaluasi-narasumber.csv").write_text(SPEAKER_FORMS, encoding="utf-8")
    errors = [str(d) for d in check_project(root).errors]
    assert len(errors) == 1 and "content/evaluasi-narasumber.csv:1:1: error: an evaluation table in content/ would be published" in errors[0]


def test_a_mean_reads_as_the_forms_scale():
    from bimtek.evaluations import category

    assert [category(mean) for mean in (1, 1.75, 1.76, 2.5, 2.51, 3.25, 3.26, 4)] == [1, 1, 2, 2, 3, 3, 4, 4]


PHOTOGRAPHED = REPORTED.replace("  signatory: Budi Ketua\n", """  photos:
    - {file: dokumentasi/pembukaan.jpg, caption: Pembukaan oleh Kepala Dinas}
    - {file: dokumentasi/diskusi.png}
  signatory: Budi Ketua
""")


def _photos(root: Path) -> None:
    from PIL import Image

    folder = root / "dokumentasi"
    folder.mkdir()
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held upright: show the picture turned a quarter
    Image.new("RGB", (4000, 3000), (200, 30, 30)).save(folder / "pembukaan.jpg", quality=95, exif=exif)
    Image.new("RGB", (800, 600), (30, 30, 200)).save(folder / "diskusi.png")


def test_photos_of_the_event_are_the_last_annex_upright_and_no_larger_than_print_needs(tmp_path):
    root = reported(tmp_path, workshop=PHOTOGRAPHED)
    _photos(root)
    assert check_project(root).diagnostics == []
    pages = report_text(root)
    assert "3. Dokumentasi Kegiatan" in pages[-1] and "Pembukaan oleh Kepala Dinas" in pages[-1]
    assert printed_pictures(root / "private/laporan-kegiatan.pdf") == [(1200, 1600), (800, 600)], \
        "the phone's 4000 x 3000 photo turned upright and made 1,600 pixels high; the small one as it is"
    assert (root / "private/laporan-kegiatan.pdf").stat().st_size < 300_000

    from PIL import Image

    Image.new("RGB", (600, 400), (0, 0, 0)).save(root / "dokumentasi/diskusi.png")  # a photo replaced
    project, _ = load_project(root)
    report = make_handouts(project, root / "site", progress=False, only={"laporan-kegiatan.pdf"})
    assert report.rendered == ["laporan-kegiatan.pdf"] and (600, 400) in printed_pictures(root / "private/laporan-kegiatan.pdf")


@pytest.mark.parametrize("file, expected", [
    ("dokumentasi/tidak-ada.jpg", "'dokumentasi/tidak-ada.jpg': there is no file dokumentasi/tidak-ada.jpg in the project folder"),
    ("/home/panitia/foto.jpg", "'/home/panitia/foto.jpg': give the photo's path from the project folder (beside mkdocs.yml), e.g. 'dokumentasi/pembukaan.jpg'"),
    ("../foto.jpg", "'../foto.jpg': give the photo's path from the project folder (beside mkdocs.yml), e.g. 'dokumentasi/pembukaan.jpg'"),
    ("dokumentasi/catatan.docx", "'dokumentasi/catatan.docx': expected a photo (.jpg, .jpeg, .png, .webp)"),
    ("dokumentasi/rusak.jpg", "'dokumentasi/rusak.jpg' is not a picture that can be read (a damaged or misnamed file?)"),
])
def test_a_photo_that_cannot_be_printed_names_its_line(tmp_path, file, expected):
    root = reported(tmp_path, people=None, workshop=PHOTOGRAPHED.replace("dokumentasi/diskusi.png", file))
    _photos(root)
    (root / "dokumentasi/rusak.jpg").write_bytes(b"bukan foto")
    found = [str(d).split("content/", 1)[1] for d in check_project(root).diagnostics]
    line = PHOTOGRAPHED.splitlines().index("    - {file: dokumentasi/diskusi.png}") + 1
    assert found == [f"workshop.yml:{line}:14: error: field 'report.photos[1].file': {expected}"]
