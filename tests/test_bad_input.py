"""Bad and hostile input, file by file: every case in tests/bad_input/ gets a clear
``path:line:column: severity: message`` (or builds correctly), never a traceback.

tests/bad_input/lessons/*.yml each replace the lesson ``satu`` of the minimal
project (tests/minimal.py); tests/bad_input/workshops/*.yml replace its
workshop.yml. The tables below say where each problem is and what the trainer
reads. Hostile text (Markdown, HTML, Jinja syntax in titles) is built into a
site and read back with a real HTML parser.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bimtek import cli
from bimtek.errors import BimtekError
from bimtek.project import check_project
from minimal import LESSON, WORKSHOP, write_project

CORPUS = Path(__file__).resolve().parent / "bad_input"
DIAGNOSTIC_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<message>.+)$")

# file name -> (line, column, what the trainer reads)
LESSON_CASES = {
    # YAML syntax
    "tab-indent.yml": (11, 1, "a tab character cannot indent YAML; use spaces"),
    "unclosed-quote.yml": (3, 10, "this quoted text is never closed (missing quote)"),
    "unclosed-bracket.yml": (28, 11, "did not find expected ',' or ']'"),
    "bad-indentation.yml": (9, 11, "mapping values are not allowed"),
    "duplicate-key.yml": (7, 1, "duplicate key 'summary': already given on line 2"),
    "top-level-list.yml": (1, 1, "expected the fields of a lesson (key: value lines), found a list"),
    "top-level-string.yml": (1, 1, "expected the fields of a lesson (key: value lines), found a text"),
    "empty.yml": (1, 1, "found nothing (the file is empty)"),
    "comments-only.yml": (1, 1, "found nothing (the file is empty)"),
    "crlf-error.yml": (6, 11, "field 'duration': expected a whole number, got 'sembilan puluh'"),
    "latin1.yml": (2, 28, "file is not UTF-8 text; save it as UTF-8 (byte 0xe9)"),
    "windows-1252.yml": (3, 10, "file is not UTF-8 text; save it as UTF-8 (byte 0x93)"),
    "utf16.yml": (1, 1, "file is UTF-16 text; save it as UTF-8"),
    "control-char.yml": (3, 17, "invalid character U+0000"),
    "billion-laughs.yml": (2, 4, "aliases are not supported"),
    "python-object.yml": (1, 8, "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "python-object-mapping.yml": (1, 8, "the tag 'tag:yaml.org,2002:python/object:builtins.dict' is not allowed"),
    "custom-tag.yml": (6, 11, "the tag '!ruby/object' is not allowed"),
    "merge-key.yml": (13, 5, "merge keys (<<) are not supported"),
    "windows-path.yml": (3, 25, "in double-quoted text; write a backslash as \\\\ or use single quotes"),
    "unknown-key.yml": (10, 1, "unknown field 'keypoints'; did you mean 'key_points'?"),
    "unknown-nested-key.yml": (17, 5, "unknown field 'instruction'; did you mean 'instructions'?"),
    "two-documents.yml": (31, 1, "expected a single document"),
    # values
    "minutes-as-text.yml": (16, 14, "field 'exercises[0].minutes': expected a whole number, got 'tiga puluh'"),
    "title-as-list.yml": (1, 8, "field 'title': expected text, got a list"),
    "duration-zero.yml": (6, 11, "field 'duration': expected a number greater than 0, got 0"),
    "duration-negative.yml": (6, 11, "field 'duration': expected a number greater than 0, got -45"),
    "duration-float.yml": (6, 11, "field 'duration': expected a whole number, got 1.5"),
    "duration-quoted.yml": (6, 11, "field 'duration': expected a whole number, got '90'"),
    "quiz-answer-out-of-range.yml": (28, 13, "answer 3 is out of range: choices are numbered 0 to 2"),
    "quiz-empty-choices.yml": (27, 14, "field 'quiz[0].choices': expected at least 2 item(s), got an empty list"),
    "hint-wrong-type.yml": (19, 38, "field 'exercises[0].hints[0].in_handout': expected true or false, got 'ya'"),
    # Markdown that would take minutes or crash the Markdown parser
    "markdown-nesting.yml": (9, 11, "field 'topics[0].body': this text nests lists or quotes about 400 levels deep; at most 50"),
    "markdown-brackets.yml": (9, 11, "field 'topics[0].body': this text holds 3000 '[' characters; at most 500"),
    "markdown-lines.yml": (9, 11, "field 'topics[0].body': this text has 3000 lines; at most 2000"),
    # links and images that leave the project
    "image-parent-escape.yml": (12, 15, "field 'topics[0].body': '../../../etc/passwd' points outside content/"),
    "image-absolute.yml": (9, 25, "field 'topics[0].body': '/etc/passwd' is an absolute path"),
    "image-escaped.yml": (9, 28, "field 'topics[0].body': '/etc/passwd' is an absolute path"),  # ']' written as \x5D
    "link-file-scheme.yml": (2, 25, "field 'summary': the address 'file:///etc/shadow' is not allowed"),
    "reference-link-escape.yml": (13, 8, "field 'recap': '../../rahasia.txt' points outside content/"),
    "html-image-absolute.yml": (17, 40, "field 'exercises[0].instructions': '/home/trainer/foto.jpg' is an absolute path"),
    "encoded-escape.yml": (18, 19, "field 'exercises[0].answer': '..%2F..%2F..%2Fetc%2Fpasswd' points outside content/"),
    "duplicate-exercise-id.yml": (20, 9, "field 'exercises[1].id': duplicate exercise id 'latihan-a' (first at item 1)"),
}

# every id of the file is refused at once, each on its own line
BAD_IDS = {13: "'latihan a'", 21: "'Cek-Fakta'", 25: "'q.1'", 32: "'../../etc/passwd'", 34: "'a/b'"}

WORKSHOP_CASES = {
    "time-25.yml": (12, 12, "field 'days[0].start': expected a time of day as HH:MM (00:00 to 23:59), got '25:00'"),
    "time-minutes-60.yml": (12, 12, "got '08:60'"),
    "date-feb-30.yml": (11, 11, "field 'days[0].date': expected a real date as YYYY-MM-DD (quote it), got '2021-02-30'"),
    "date-as-number.yml": (11, 11, "expected a real date as YYYY-MM-DD (quote it), got 20210930"),
    "date-words.yml": (11, 11, "got 'besok pagi'"),
    "minutes-negative.yml": (15, 18, "field 'days[0].items[0].minutes': expected a number greater than 0, got -30"),
    "person-bad-id.yml": (7, 9, "field 'people[0].id': expected an id: lower-case letters, digits and hyphens"),
    "top-level-list.yml": (1, 1, "expected the fields of a workshop (key: value lines), found a list"),
    "lesson-id-path.yml": (22, 17, "field 'days[0].items[3].lesson': expected an id: lower-case letters, digits and hyphens"),
    "allow-raw-html-text.yml": (5, 17, "field 'allow_raw_html': expected true or false, got 'ya'"),
    "unknown-key.yml": (2, 1, "unknown field 'organiser'; did you mean 'organizer'?"),
    "activity-typo.yml": (20, 9, "unknown field 'minuts'; did you mean 'minutes'?"),
    "item-as-text.yml": (14, 9, "field 'days[0].items[0]': expected an agenda item: {lesson: <lesson id>} or {activity: <text>, minutes: N}, got 'Registrasi'"),
}

VALID_LESSONS = ["bom.yml", "crlf.yml"]


def _project(tmp_path: Path, lesson: Path | None = None, workshop: Path | None = None) -> Path:
    root = write_project(tmp_path / "proyek")
    if lesson is not None:
        shutil.copyfile(lesson, root / "content" / "lessons" / "satu.yml")
    if workshop is not None:
        shutil.copyfile(workshop, root / "content" / "workshop.yml")
    return root


def _line_count(path: Path) -> int:
    return max(1, len(path.read_bytes().replace(b"\r\n", b"\n").split(b"\n")))


def _assert_lines_valid(root: Path) -> None:
    """Every diagnostic points at a real line of a real file."""
    for diagnostic in check_project(root).diagnostics:
        path = Path(diagnostic.path)
        path = path if path.is_absolute() else Path.cwd() / path
        if path.is_file():
            assert 1 <= diagnostic.line <= _line_count(path), diagnostic
        assert diagnostic.column >= 1, diagnostic


def test_every_corpus_file_has_an_expectation():
    lessons = {p.name for p in (CORPUS / "lessons").glob("*.yml")}
    workshops = {p.name for p in (CORPUS / "workshops").glob("*.yml")}
    assert lessons == set(LESSON_CASES) | set(VALID_LESSONS) | {"bad-ids.yml"}
    assert workshops == set(WORKSHOP_CASES)


@pytest.mark.parametrize("name", sorted(LESSON_CASES))
def test_bad_lesson_is_reported_at_its_line(tmp_path, name):
    line, column, expected = LESSON_CASES[name]
    root = _project(tmp_path, lesson=CORPUS / "lessons" / name)
    found = [d for d in check_project(root).diagnostics if d.path.endswith("lessons/satu.yml") and d.is_error]
    assert any(expected in d.message for d in found), [str(d) for d in found]
    hit = next(d for d in found if expected in d.message)
    assert (hit.line, hit.column) == (line, column), str(hit)
    _assert_lines_valid(root)


@pytest.mark.parametrize("name", sorted(WORKSHOP_CASES))
def test_bad_workshop_is_reported_at_its_line(tmp_path, name):
    line, column, expected = WORKSHOP_CASES[name]
    root = _project(tmp_path, workshop=CORPUS / "workshops" / name)
    found = [d for d in check_project(root).diagnostics if d.path.endswith("workshop.yml") and d.is_error]
    hit = next((d for d in found if expected in d.message), None)
    assert hit is not None, [str(d) for d in found]
    assert (hit.line, hit.column) == (line, column), str(hit)
    _assert_lines_valid(root)


def test_all_bad_ids_are_reported_at_once(tmp_path):
    root = _project(tmp_path, lesson=CORPUS / "lessons" / "bad-ids.yml")
    found = {d.line: d.message for d in check_project(root).diagnostics if d.path.endswith("satu.yml")}
    for line, shown in BAD_IDS.items():
        assert line in found and shown in found[line] and "expected an id" in found[line], (line, found)


@pytest.mark.parametrize("name", VALID_LESSONS)
def test_bom_and_crlf_files_load_like_plain_ones(tmp_path, name):
    root = _project(tmp_path, lesson=CORPUS / "lessons" / name)
    result = check_project(root)
    assert result.diagnostics == []
    assert result.project.lessons["satu"].title == "Sesi Satu"
    assert result.project.lessons["satu"].topics[0].body == "Isi **topik**."


def test_alias_bomb_is_refused_fast_with_little_memory(tmp_path):
    root = _project(tmp_path, lesson=CORPUS / "lessons" / "billion-laughs.yml")
    tracemalloc.start()
    started = time.perf_counter()
    diagnostics = check_project(root).diagnostics
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert any("aliases are not supported" in d.message for d in diagnostics)
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024  # 9**9 "lol"s would be about 25 GB


def test_twenty_megabyte_file_is_refused_without_reading_it_all(tmp_path):
    root = _project(tmp_path)
    big = root / "content" / "lessons" / "satu.yml"
    with open(big, "w", encoding="utf-8") as handle:
        handle.write(LESSON.format(title="Besar"))
        handle.write("glossary:\n")
        line = "  - {term: istilah, definition: " + "x" * 60 + "}\n"
        handle.write(line * (20 * 1024 * 1024 // len(line)))
    assert big.stat().st_size >= 20 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    diagnostics = [d for d in check_project(root).diagnostics if d.path.endswith("satu.yml")]
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [(d.line, d.column) for d in diagnostics] == [(1, 1)]
    assert "at most 2048 KB is accepted" in diagnostics[0].message and "20480 KB" in diagnostics[0].message
    assert elapsed < 1.0 and peak < 8 * 1024 * 1024


def test_nesting_bomb_is_refused_not_a_crash(tmp_path):
    # libyaml's composer recurses in C: 100,000 levels crash the interpreter (no
    # traceback, no message). Run in a subprocess so a regression fails the test, not the suite.
    root = _project(tmp_path)
    (root / "content" / "lessons" / "satu.yml").write_text("title: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "bimtek", "check", str(root)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr[-2000:]
    assert re.search(r"lessons/satu\.yml:1:\d+: error: nested more than 100 levels deep", run.stderr), run.stderr
    assert "Traceback" not in run.stderr


def test_block_nesting_bomb_is_refused(tmp_path):
    root = _project(tmp_path)
    (root / "content" / "lessons" / "satu.yml").write_text("title:\n" + "".join(" " * i + "-\n" for i in range(1, 300)), encoding="utf-8")
    found = [d for d in check_project(root).diagnostics if d.path.endswith("satu.yml")]
    assert any("nested more than 100 levels deep" in d.message for d in found), found


def test_symlink_to_device_is_not_read(tmp_path):
    root = _project(tmp_path)
    lesson = root / "content" / "lessons" / "satu.yml"
    lesson.unlink()
    lesson.symlink_to("/dev/zero")
    started = time.perf_counter()
    found = [str(d) for d in check_project(root).diagnostics if "satu.yml" in d.path]
    assert time.perf_counter() - started < 1.0
    assert any("not a regular file" in m for m in found), found
    assert any("symbolic link to /dev/zero, outside the project" in m for m in found), found


def test_named_pipe_is_not_waited_on(tmp_path):
    root = _project(tmp_path)
    os.mkfifo(root / "content" / "lessons" / "pipa.yml")  # opening it for reading would block forever
    started = time.perf_counter()
    found = [str(d) for d in check_project(root).diagnostics if "pipa.yml" in d.path]
    assert time.perf_counter() - started < 1.0
    assert len(found) == 1 and "pipa.yml:1:1: error: not a regular file" in found[0]


def test_named_pipe_in_content_stops_the_build_before_mkdocs_hangs_on_it(tmp_path, capsys):
    root = _project(tmp_path)
    (root / "content" / "gambar").mkdir()
    os.mkfifo(root / "content" / "gambar" / "peta.png")
    assert cli.main(["build", str(root)]) == 1
    assert "content/gambar/peta.png:1:1: error: not a regular file (a named pipe, socket or device)" in capsys.readouterr().err
    assert not (root / "site").exists()


# --- the command line: every problem at once, as path:line:col, exit 1 ---------------------


def _all_bad_lessons_project(tmp_path: Path) -> Path:
    root = _project(tmp_path)
    for name in LESSON_CASES:
        shutil.copyfile(CORPUS / "lessons" / name, root / "content" / "lessons" / name)
    return root


def test_check_reports_every_bad_file_at_once_without_traceback(tmp_path):
    root = _all_bad_lessons_project(tmp_path)
    run = subprocess.run([sys.executable, "-m", "bimtek", "check", "."], cwd=root, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert re.fullmatch(r"\d+ error\(s\), \d+ warning\(s\)", lines[-1]), lines[-1]
    parsed = [DIAGNOSTIC_LINE.match(line) for line in lines[:-1]]
    assert all(parsed), [line for line, match in zip(lines, parsed) if not match]
    for name, (line, column, expected) in LESSON_CASES.items():
        assert any(m["path"] == f"content/lessons/{name}" and (int(m["line"]), int(m["column"])) == (line, column)
                   and expected in m["message"] for m in parsed), name


def test_build_refuses_bad_content_and_writes_nothing(tmp_path, capsys):
    root = _all_bad_lessons_project(tmp_path)
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error(s) found" in err
    assert not (root / "site").exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".site-")]


def test_symlink_leaving_the_project_is_refused_and_never_published(tmp_path, capsys):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("KATA-SANDI-RAHASIA", encoding="utf-8")
    (tmp_path / "rahasia-dir").mkdir()
    (tmp_path / "rahasia-dir" / "kunci.txt").write_text("KATA-SANDI-RAHASIA", encoding="utf-8")
    root = _project(tmp_path)
    (root / "content" / "gambar").mkdir()
    (root / "content" / "gambar" / "peta.png").symlink_to(secret)
    (root / "content" / "berkas").symlink_to(tmp_path / "rahasia-dir")
    lesson = LESSON.format(title="Satu").replace("    body: Isi **topik**.", "    body: 'Peta: ![peta](../gambar/peta.png)'")
    (root / "content" / "lessons" / "satu.yml").write_text(lesson, encoding="utf-8")
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"content/gambar/peta\.png:1:1: error: this is a symbolic link to .*rahasia\.txt, outside the project", err), err
    assert re.search(r"content/berkas:1:1: error: this is a symbolic link to .*rahasia-dir, outside the project", err), err
    assert re.search(r"lessons/satu\.yml:9:\d+: error: field 'topics\[0\]\.body': '\.\./gambar/peta\.png' is a symbolic link", err), err
    assert not (root / "site").exists()



def test_a_content_folder_that_links_outside_the_project_is_refused(tmp_path):
    elsewhere = _project(tmp_path / "di-luar") / "content"
    root = tmp_path / "proyek"
    root.mkdir()
    (root / "mkdocs.yml").write_text((elsewhere.parent / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "content").symlink_to(elsewhere)
    messages = [str(d) for d in check_project(root).diagnostics]
    assert any(re.search(r"content:1:1: error: this is a symbolic link to .*di-luar/proyek/content, outside the project", m) for m in messages), messages

def test_images_inside_the_project_build_and_are_published(tmp_path):
    from bimtek.build import build_site

    root = _project(tmp_path)
    (root / "content" / "gambar").mkdir()
    (root / "content" / "gambar" / "peta.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "content" / "gambar" / "alias.png").symlink_to("peta.png")  # a symlink that stays inside is fine
    lesson = LESSON.format(title="Satu").replace(
        "    body: Isi **topik**.", "    body: '![peta](../gambar/peta.png) ![alias](../gambar/alias.png) [web](https://example.org/) [bagian](#topik)'")
    (root / "content" / "lessons" / "satu.yml").write_text(lesson, encoding="utf-8")
    assert check_project(root).diagnostics == []
    build_site(root)
    soup = BeautifulSoup((root / "site" / "lessons" / "satu.html").read_text(encoding="utf-8"), "html.parser")
    sources = [img["src"] for img in soup.select(".bt-md img")]
    assert sources == ["../gambar/peta.png", "../gambar/alias.png"]
    assert (root / "site" / "gambar" / "peta.png").read_bytes() == b"\x89PNG\r\n\x1a\n"


def test_a_picture_or_file_that_is_not_there_is_named_with_its_line(tmp_path):
    root = _project(tmp_path)
    (root / "content" / "gambar").mkdir()
    (root / "content" / "gambar" / "peta.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    lesson = LESSON.format(title="Satu").replace(
        "    body: Isi **topik**.", "    body: |\n      Lihat peta.\n\n      ![peta](../gambar/peta.jpg) [lembar](../berkas/lembar.docx)\n"
        "      [jadwal](../agenda.md) [unduh](../handouts/satu.pdf) [web](https://example.org/x.png) [bagian](#topik)")
    (root / "content" / "lessons" / "satu.yml").write_text(lesson, encoding="utf-8")
    found = [str(d).split("content/", 1)[1] for d in check_project(root).diagnostics]
    assert found == [
        "lessons/satu.yml:12:15: warning: field 'topics[0].body': '../gambar/peta.jpg': there is no file content/gambar/peta.jpg; did you mean 'peta.png'?",
        "lessons/satu.yml:12:44: warning: field 'topics[0].body': '../berkas/lembar.docx': there is no file content/berkas/lembar.docx",
    ], "pages and handouts are made by the build, web addresses and anchors are not files: only the two missing files"
    (root / "content" / "gambar" / "peta.jpg").write_bytes(b"\xff\xd8\xff")
    assert len(check_project(root).diagnostics) == 1, "the picture copied in: its warning goes"


def test_a_picture_from_another_web_site_is_a_warning_with_its_line_and_what_to_write(tmp_path):
    """The site works offline and asks nothing of other sites: a picture shown from the web breaks both.
    A link to the web (the participant chooses to follow it) is fine."""
    root = _project(tmp_path)
    lesson = LESSON.format(title="Satu").replace(
        "    body: Isi **topik**.", "    body: |\n      Lihat [sumber](https://example.org/berita.png).\n\n"
        "      ![grafik](https://cdn.example.org/img/grafik%20engagement.png?w=800)\n")
    (root / "content" / "lessons" / "satu.yml").write_text(lesson, encoding="utf-8")
    workshop = (root / "content" / "workshop.yml").read_text(encoding="utf-8")
    (root / "content" / "workshop.yml").write_text(workshop.replace(
        "venue: Aula", "venue: Aula\ndescription: '![logo](https://example.go.id/logo.svg)'"), encoding="utf-8")
    for _ in range(2):  # the second run reads the lesson's targets from the cache
        run = subprocess.run([sys.executable, "-m", "bimtek", "check", "."], cwd=root, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert run.stderr.splitlines() == [
            "content/lessons/satu.yml:12:17: warning: field 'topics[0].body': the picture "
            "'https://cdn.example.org/img/grafik%20engagement.png?w=800' is on another web site: it does not show without "
            "a connection nor in the handouts, and each view asks that site for it; save it as content/gambar/grafik engagement.png and write "
            "'../gambar/grafik engagement.png'",
            "content/workshop.yml:6:23: warning: field 'description': the picture 'https://example.go.id/logo.svg' is on "
            "another web site: it does not show without a connection nor in the handouts, and each view asks that site for it; save it as "
            "content/gambar/logo.svg and write 'gambar/logo.svg'",
        ]


# --- hostile text: shown literally, never markup, never a template ---------------------------

HOSTILE = "# Judul | *tebal* <script>alert(1)</script> {{ 7*7 }} {% raw %} [x](y) _a_ `k` &amp; \" </title> ' \\ --- {: #x .y onclick=\"alert(5)\" }"
WORLD = "Literasi 😀🇮🇩 مرحبا بالعالم Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsgesetz"


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A project whose every plain text field holds Markdown, HTML and Jinja syntax, built once."""
    from bimtek.build import build_site

    workshop = (WORKSHOP.replace("title: Bimtek Uji", f"title: {_q(HOSTILE)}\nsubtitle: {_q(HOSTILE)}")
                .replace("organizer: Panitia Uji", f"organizer: {_q(HOSTILE)}")
                .replace("name: Ana Narasumber", f"name: {_q(HOSTILE)}")
                .replace("activity: Registrasi", f"activity: {_q(HOSTILE)}")
                .replace("venue: Aula", f"venue: {_q(HOSTILE)}"))
    body = ("Teks **tebal**.\n\n<script>alert('xss')</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n"
            "<span class=\"khusus\" onclick=\"alert(4)\">rentang</span>\n\n"
            "Templat: {{ 7*7 }} {% raw %}mentah{% endraw %}\n\n" + WORLD)
    lesson = (LESSON.format(title=_q(HOSTILE))
              .replace("  - title: Topik\n    body: Isi **topik**.", f"  - title: {_q(HOSTILE)}\n    body: {_q(body)}\n    subtopics: [{_q(HOSTILE)}]")
              .replace("  - Poin satu.", f"  - {_q(HOSTILE)}\n  - {_q(WORLD)}")
              .replace("    title: Latihan A", f"    title: {_q(HOSTILE)}")
              .replace("    title: Daftar cek", f"    title: {_q(HOSTILE)}")
              .replace("    question: Mana yang benar?", f"    question: {_q(HOSTILE)}")
              .replace("    choices: [A, B, C]", f"    choices: [{_q(HOSTILE)}, B, C]")
              .replace("objectives:\n  - Menjelaskan uji.", f"objectives:\n  - {_q(HOSTILE)}")
              .replace("outcome: Peserta mampu menguji.", f"outcome: {_q(HOSTILE)}")
              + f"glossary:\n  - term: {_q(HOSTILE)}\n    definition: {_q(HOSTILE)}\n")
    root = write_project(tmp_path_factory.mktemp("hostile") / "proyek", workshop,
                         {"satu": lesson, "dua": LESSON.format(title=_q(WORLD))})
    for folder in (root / "content", root / "content" / "lessons"):  # what the text's [x](y) links to is there: not a missing file
        (folder / "y").write_text("y", encoding="utf-8")
    (root / "content" / "lessons" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # and the picture of its <img src="x.png">
    assert [str(d) for d in check_project(root).diagnostics] == []
    build_site(root, strict=True)
    return root / "site"


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def _block_with(soup: BeautifulSoup, marker: str):
    """The rendered Markdown block (``.bt-md``) holding ``marker``."""
    return next(block for block in soup.select(".bt-md") if marker in block.get_text())


PAGES = ["index.html", "agenda.html", "lessons/satu.html", "lessons/dua.html", "toolkit/key-points.html",
         "toolkit/exercises.html", "toolkit/checklists.html", "toolkit/glossary.html"]


@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_never_becomes_markup(hostile_site, page):
    soup = _soup(hostile_site, page)
    for script in soup.find_all("script"):
        assert "alert" not in (script.string or ""), script
    for element in soup.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs), element
        assert "javascript:" not in str(element.get("href", "")), element
    text = soup.get_text()
    assert "49" not in text  # {{ 7*7 }} is never evaluated
    assert soup.title is not None and "alert" not in "".join(str(c) for c in soup.title.find_all(True))


@pytest.mark.parametrize("page", ["index.html", "lessons/satu.html", "toolkit/key-points.html", "toolkit/glossary.html"])
def test_hostile_text_appears_literally(hostile_site, page):
    text = _soup(hostile_site, page).get_text()
    assert text.count(HOSTILE) >= 1, page


def test_hostile_titles_are_literal_in_headings_nav_and_window_title(hostile_site):
    soup = _soup(hostile_site, "lessons/satu.html")
    assert soup.find("h1").get_text().rstrip("¶") == HOSTILE
    assert soup.title.get_text().startswith(HOSTILE + " - " + HOSTILE)
    nav_texts = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav a.md-nav__link")]
    assert HOSTILE in nav_texts
    topic = [h.get_text().rstrip("¶") for h in soup.find_all("h3")]
    assert f"1. {HOSTILE}" in topic
    home = _soup(hostile_site, "index.html")
    assert home.find("meta", attrs={"name": "description"})["content"] == HOSTILE
    assert home.find("meta", attrs={"name": "author"})["content"] == HOSTILE


def test_pipe_in_titles_does_not_break_the_agenda_table(hostile_site):
    soup = _soup(hostile_site, "agenda.html")
    rows = soup.select("table.bt-agenda tbody tr")
    assert [len(row.find_all("td")) for row in rows] == [4, 4, 4, 4]
    assert rows[0].find_all("td")[1].get_text() == HOSTILE
    assert HOSTILE in soup.select_one(".bt-agenda-intro").get_text()


def test_markdown_field_is_rendered_and_sanitised(hostile_site):
    soup = _soup(hostile_site, "lessons/satu.html")
    body = _block_with(soup, "Teks")
    assert body.find("strong").get_text() == "tebal"
    assert body.find("img")["src"] == "x.png" and "onerror" not in body.find("img").attrs
    assert body.find("span") is None or "onclick" not in body.find("span").attrs
    assert "rentang" in body.get_text()
    assert "{{ 7*7 }}" in body.get_text() and "{% raw %}mentah{% endraw %}" in body.get_text()
    assert WORLD in body.get_text()


def test_emoji_arabic_and_long_words_reach_every_page(hostile_site):
    assert _soup(hostile_site, "lessons/dua.html").find("h1").get_text().rstrip("¶") == WORLD
    assert WORLD in [li.get_text() for li in _soup(hostile_site, "toolkit/key-points.html").find_all("li")]
    index = (hostile_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "مرحبا" in index or "\\u0645\\u0631" in index


def test_raw_html_is_kept_only_when_the_workshop_opts_in(tmp_path):
    from bimtek.build import build_site

    body = "Teks <span class=\"khusus\" data-x=\"1\">rentang</span> <iframe src=\"video.html\"></iframe>"
    lesson = LESSON.format(title="Satu").replace("    body: Isi **topik**.", f"    body: {_q(body)}")
    for opt_in in (False, True):
        workshop = WORKSHOP.replace("mode: offline", f"mode: offline\nallow_raw_html: {str(opt_in).lower()}")
        root = write_project(tmp_path / str(opt_in), workshop, {"satu": lesson, "dua": LESSON.format(title="Dua")})
        build_site(root)
        topic = _block_with(_soup(root / "site", "lessons/satu.html"), "rentang")
        span = topic.find("span")
        assert span.get_text() == "rentang"
        assert (span.get("data-x") == "1") is opt_in
        assert (topic.find("iframe") is not None) is opt_in


@pytest.fixture(scope="module")
def chromium():
    playwright_api = pytest.importorskip("playwright.sync_api")
    from browser_support import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium at /usr/bin/chromium (`make test` installs it)")
    with playwright_api.sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def test_long_words_and_arabic_fit_a_phone_screen(hostile_site, chromium):
    """At 390 px nothing scrolls sideways: long words wrap, right-to-left text stays inside."""
    from browser_support import PHONE

    page = chromium.new_page(viewport=PHONE)
    for name in ("lessons/satu.html", "lessons/dua.html", "toolkit/key-points.html"):
        page.goto((hostile_site / name).as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (name, overflow)
    page.close()


def test_no_script_runs_on_any_page_or_in_search_results(hostile_site, chromium):
    """In a real browser: no dialog opens while pages load, and none when search shows the hostile titles."""
    from playwright.sync_api import expect

    from browser_support import DESKTOP, serve

    dialogs: list[str] = []
    with serve(hostile_site) as base:
        page = chromium.new_page(viewport=DESKTOP)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for name in PAGES:
            page.goto(base + name)
            page.wait_for_load_state("load")
        page.goto(base + "index.html")
        page.keyboard.press("/")
        page.keyboard.type("Judul")
        results = page.locator(".md-search-result__item")
        expect(results.first).to_contain_text("<script>alert(1)</script>", timeout=10_000)  # once the whole word is typed
        page.wait_for_timeout(300)
        page.close()
    assert dialogs == []


def test_editor_leftovers_are_not_lessons(tmp_path):
    """Emacs' lock links (dangling), backups and swap files sit beside lessons while a trainer edits."""
    root = _project(tmp_path)
    lessons = root / "content" / "lessons"
    (lessons / ".#satu.yml").symlink_to("trainer@laptop.4242:1700000000")
    (lessons / ".satu.yml.swp").write_bytes(b"b0VIM 9.0\x00\x00")
    (lessons / "satu.yml~").write_text("title: [cadangan lama\n", encoding="utf-8")
    assert [str(d) for d in check_project(root).diagnostics] == []


def test_copies_of_lesson_files_are_never_published(tmp_path):
    """Backups beside the sources hold facilitator notes and example answers: MkDocs must not copy them."""
    from bimtek.build import build_site

    root = _project(tmp_path)
    content = root / "content"
    source = (content / "lessons" / "satu.yml").read_text(encoding="utf-8")
    leftovers = ["lessons/satu.yml~", "lessons/satu.yml.bak", "lessons/satu.yaml.orig", "workshop.yml.bak",
                 "lessons/#satu.yml#", "catatan.md~", "workshop.yaml.swp"]
    for name in leftovers:
        (content / name).write_text(source, encoding="utf-8")
    (content / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # a trainer's own file is still published
    build_site(root)
    site = root / "site"
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not published & set(leftovers)
    assert "foto.png" in published
    secret = [p for p in published if b"CATATAN-FASILITATOR-RAHASIA" in (site / p).read_bytes()]
    assert secret == []


def test_a_link_into_the_private_folder_is_refused(tmp_path):
    from bimtek.build import build_site

    root = _project(tmp_path)
    (root / "private").mkdir()
    (root / "private" / "panduan-fasilitator.pdf").write_bytes(b"%PDF-1.7 RAHASIA")
    (root / "content" / "panduan.pdf").symlink_to("../private/panduan-fasilitator.pdf")
    found = [d for d in check_project(root).diagnostics if d.path.endswith("content/panduan.pdf")]
    assert len(found) == 1 and found[0].is_error and "never published" in found[0].message, [str(d) for d in found]
    with pytest.raises(BimtekError):
        build_site(root)
    assert not (root / "site").exists()


@pytest.mark.parametrize("name", ["Sesi Satu.yml", "sesi.satu.yml", "SESI.yml", "sesi_satu.yml", "sesi--satu.yml", "-sesi.yml", "sési.yml"])
def test_lesson_file_name_must_be_a_slug(tmp_path, name):
    root = _project(tmp_path)
    shutil.copyfile(root / "content" / "lessons" / "satu.yml", root / "content" / "lessons" / name)
    found = [d for d in check_project(root).diagnostics if d.path.endswith(name)]
    assert len(found) == 1 and (found[0].line, found[0].column) == (1, 1)
    assert "is the lesson id and must be a slug" in found[0].message


def test_markdown_the_parser_cannot_handle_is_shown_as_text(tmp_path):
    """Definition lists chained hundreds deep make Python-Markdown recurse past Python's limit:
    the page still builds, with that text shown as plain text."""
    import json

    from bimtek.build import build_site

    text = "Istilah\n: arti\n" * 700
    lesson = LESSON.format(title="Satu").replace("    body: Isi **topik**.", "    body: " + json.dumps(text))
    root = write_project(tmp_path / "proyek", lessons={"satu": lesson, "dua": LESSON.format(title="Dua")})
    assert check_project(root).diagnostics == []
    started = time.perf_counter()
    build_site(root)
    assert time.perf_counter() - started < 20
    body = _block_with(_soup(root / "site", "lessons/satu.html"), "Istilah")
    assert body.get_text().count("Istilah") == 700
    # The parser that gave up is not reused half-way: later Markdown still gets its paragraphs.
    from bimtek.markup import markdown_to_html

    assert str(markdown_to_html("Paragraf satu.\n\nParagraf *dua*.")) == "<p>Paragraf satu.</p>\n<p>Paragraf <em>dua</em>.</p>"


# --- the same hostile text in the printable handouts (PDF) -----------------------------------


@pytest.fixture(scope="module")
def hostile_handouts(hostile_site) -> dict[str, str]:
    """The hostile project's PDFs as text, by file name (poppler's pdftotext: it reads the
    Arabic and emoji fonts' Unicode maps, where pypdf returns garbage)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext (Debian package poppler-utils; `make test` installs it)")
    from bimtek.handouts import make_handouts
    from bimtek.project import load_project

    project, _ = load_project(hostile_site.parent)
    report = make_handouts(project, hostile_site, progress=False)
    texts = {}
    for name, path in report.files.items():
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
        text = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)  # bidi marks pdftotext adds around Arabic
        texts[name] = " ".join(text.split())
    return texts


def test_hostile_text_is_literal_in_the_pdfs(hostile_handouts):
    assert len(hostile_handouts) >= 4
    for name in ("satu.pdf", "jadwal.pdf"):
        assert HOSTILE in hostile_handouts[name], name


def test_emoji_arabic_and_long_words_reach_the_pdf(hostile_handouts):
    text = hostile_handouts["dua.pdf"]
    assert "Literasi 😀" in text and "مرحبا بالعالم" in text
    assert "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsgesetz" in text.replace("- ", "").replace(" ", "")


def test_a_file_read_whole_though_it_grew_after_its_size_was_taken(tmp_path, monkeypatch):
    """read_file reads as many bytes as the file has, and on if it has more by then (never past the limit)."""
    from types import SimpleNamespace

    from bimtek import yamlfile

    path = tmp_path / "satu.yml"
    path.write_bytes(b"title: " + b"x" * 5000 + b"\n")
    monkeypatch.setattr(yamlfile, "os", SimpleNamespace(fstat=lambda fd: SimpleNamespace(st_size=10)))
    assert yamlfile.read_file(path) == path.read_bytes()
    path.write_bytes(b"x" * (yamlfile.MAX_FILE_BYTES + 10))
    with pytest.raises(yamlfile.YamlProblems, match="at most 2048 KB"):
        yamlfile.read_file(path)
