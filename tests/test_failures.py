"""Failures during a build: the previous site stays intact and complete, a new one
appears only whole, nothing is left half-written, and no generated file ever
replaces a file the trainer wrote.

Builds run in temporary copies; killed and concurrent builds are real
``python -m bimtek build`` processes.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bimtek import cli
from bimtek.build import build_site, project_lock
from minimal import LESSON, write_project

BIMTEK = [sys.executable, "-m", "bimtek"]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_left(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


@pytest.fixture
def built(tmp_path) -> tuple[Path, dict[str, str]]:
    """A minimal project with a complete site already built, and that site's snapshot."""
    root = write_project(tmp_path / "proyek")
    build_site(root)
    return root, snapshot(root / "site")


def _change_a_title(root: Path) -> None:
    (root / "content" / "lessons" / "satu.yml").write_text(LESSON.format(title="Judul Baru"), encoding="utf-8")


# --- a failing build leaves the previous site as it was ------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("# {{ lesson.title }\n", r"templates/site/lesson\.md\.j2:2:1: error: template error: unexpected '}'"),
        ("# {{ lesson.titel }}\n", r"templates/site/lesson\.md\.j2:2:1: error: template error: UndefinedError: .* no attribute 'titel'"),
        ("{{ 1 // 0 }}\n", r"templates/site/lesson\.md\.j2:2:1: error: template error: ZeroDivisionError"),
        ("{% include 'tidak-ada.j2' %}\n", r"templates/site/lesson\.md\.j2:2:1: error: template error: template not found: tidak-ada\.j2"),
    ],
)
def test_template_error_is_a_diagnostic_and_keeps_the_old_site(built, capsys, template, expected):
    root, before = built
    (root / "templates" / "site").mkdir(parents=True)
    (root / "templates" / "site" / "lesson.md.j2").write_text("{# a trainer's own page #}\n" + template, encoding="utf-8")
    _change_a_title(root)
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert re.search(expected, err), err
    assert "Traceback" not in err
    assert snapshot(root / "site") == before
    assert staging_left(root) == []


def test_full_disk_keeps_the_old_site_and_cleans_up(built, capsys, monkeypatch):
    import mkdocs.utils

    root, before = built
    _change_a_title(root)
    real_write = mkdocs.utils.write_file
    calls = []

    def write_until_full(content: bytes, output_path: str) -> None:
        calls.append(output_path)
        if len(calls) > 3:  # a few pages fit, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)
        real_write(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", write_until_full)
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "the previous site is unchanged" in err, err
    assert "Traceback" not in err
    assert len(calls) == 4 and all("/.site-" in call for call in calls)  # only ever wrote into staging
    assert snapshot(root / "site") == before
    assert staging_left(root) == []


def test_failing_pdf_render_keeps_the_old_site(built, capsys, monkeypatch):
    weasyprint = pytest.importorskip("weasyprint")
    root, before = built
    _change_a_title(root)

    def crash(self, *args, **kwargs):
        raise RuntimeError("mesin PDF mogok")

    monkeypatch.setattr(weasyprint.HTML, "render", crash)  # inherited by the forked PDF workers
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "a handout failed to render: RuntimeError: mesin PDF mogok" in err, err
    assert "Traceback" not in err
    assert snapshot(root / "site") == before
    assert staging_left(root) == []


def test_unexpected_exception_keeps_the_old_site(built, capsys, monkeypatch):
    import mkdocs.commands.build

    root, before = built

    def broken(*args, **kwargs):
        raise RuntimeError("theme exploded")

    monkeypatch.setattr(mkdocs.commands.build, "_build_theme_template", broken)
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "the site was not built; the previous site is unchanged" in err and "RuntimeError: theme exploded" in err
    assert "Traceback" not in err
    assert snapshot(root / "site") == before
    assert staging_left(root) == []


def test_site_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    from bimtek.errors import BuildError

    root = write_project(tmp_path / "proyek")
    (tmp_path / "berkas").write_text("bukan folder", encoding="utf-8")
    with pytest.raises(BuildError, match=r"berkas: cannot write here"):
        build_site(root, site_dir=tmp_path / "berkas" / "site")
    assert (tmp_path / "berkas").read_text(encoding="utf-8") == "bukan folder"


# --- a killed build ------------------------------------------------------------------------


def test_killed_build_leaves_the_old_site_and_the_next_build_cleans_up(tmp_path):
    from conftest import REPO_ROOT, copy_project

    root = copy_project(REPO_ROOT, tmp_path / "sample")  # big enough to kill half way
    env = {**os.environ, "BIMTEK_CACHE": "off"}
    subprocess.run(BIMTEK + ["build", "--no-handouts", str(root)], check=True, capture_output=True, env=env, timeout=180)
    before = snapshot(root / "site")
    (root / "content" / "workshop.yml").write_text(
        (root / "content" / "workshop.yml").read_text(encoding="utf-8") + "\n# disunting\n", encoding="utf-8")

    process = subprocess.Popen(BIMTEK + ["build", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    try:
        while not any((p / "index.html").exists() or (p / "assets").exists() for p in root.glob(".site-*")):
            assert process.poll() is None, "the build ended before it could be killed half way"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert staging_left(root), "the build was killed after it started writing"
    assert snapshot(root / "site") == before

    run = subprocess.run(BIMTEK + ["build", "--no-handouts", str(root)], capture_output=True, text=True, env=env, timeout=180)
    assert run.returncode == 0, run.stderr
    assert staging_left(root) == []
    assert (root / "site" / "index.html").is_file() and (root / "site" / "search" / "search_index.json").is_file()


def test_readers_never_see_half_a_site(built):
    """While a build replaces the site, every look at site/ finds a complete one."""
    root, before = built
    _change_a_title(root)
    must_exist = ["index.html", "agenda.html", "lessons/satu.html", "search/search_index.json", "sitemap.xml"]
    process = subprocess.Popen(BIMTEK + ["build", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    looks, missing = 0, []
    while process.poll() is None or looks == 0:
        looks += 1
        site = root / "site"
        missing += [name for name in must_exist if not (site / name).is_file()]
    assert process.wait(timeout=120) == 0, process.stderr.read()
    assert missing == [] and looks > 10
    assert "Judul Baru" in (root / "site" / "lessons" / "satu.html").read_text(encoding="utf-8")


def test_stale_staging_folders_are_removed_but_nothing_else(built):
    root, _ = built
    for name in (".site-abc12345", ".site-old-k9_x2zq1"):
        (root / name).mkdir()
        (root / name / "index.html").write_text("setengah", encoding="utf-8")
    (root / ".site-catatan").mkdir()  # not a name bimtek makes: the trainer's
    build_site(root)
    assert staging_left(root) == [".site-catatan"]


# --- two builds at once --------------------------------------------------------------------


def test_second_build_while_one_runs_is_refused_clearly(built, capsys):
    root, before = built
    _change_a_title(root)
    with project_lock(root):
        assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "another bimtek build of this project is running" in err and "Traceback" not in err
    assert snapshot(root / "site") == before


def test_two_builds_started_together_leave_one_complete_site(built):
    root, _ = built
    _change_a_title(root)
    processes = [subprocess.Popen(BIMTEK + ["build", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in processes]
    assert any(code == 0 for code, _ in results), results
    for code, err in results:
        assert "Traceback" not in err
        if code != 0:
            assert code == 1 and "another bimtek build of this project is running" in err
    assert staging_left(root) == []
    fresh = write_project(root.parent / "fresh", lessons={"satu": LESSON.format(title="Judul Baru"), "dua": LESSON.format(title="Sesi Dua")})
    subprocess.run(BIMTEK + ["build", str(fresh)], check=True, capture_output=True, timeout=180)
    assert snapshot(root / "site").keys() == snapshot(fresh / "site").keys()
    assert "Judul Baru" in (root / "site" / "lessons" / "satu.html").read_text(encoding="utf-8")


# --- generated files never replace the trainer's -------------------------------------------


def test_export_refuses_content_templates_and_the_project_root(built, capsys):
    root, _ = built
    (root / "templates").mkdir()
    (root / "content" / "index.md").write_text("# Halaman saya\n", encoding="utf-8")
    before = snapshot(root / "content")
    for out in ("content", "content/halaman", "templates", "."):
        assert cli.main(["export", str(root), "--out", str(root / out)]) == 1, out
        err = capsys.readouterr().err
        assert "refusing to write generated pages into the project's own files" in err and "Traceback" not in err
    assert snapshot(root / "content") == before
    assert not (root / "index.md").exists() and not (root / "templates" / "index.md").exists()
    assert cli.main(["export", str(root), "--out", str(root.parent / "ekspor")]) == 0
    assert (root.parent / "ekspor" / "lessons" / "satu.md").is_file()


def test_init_never_overwrites(tmp_path, capsys):
    root = write_project(tmp_path / "proyek")
    before = snapshot(root)
    assert cli.main(["init", str(root)]) == 1
    assert "already holds a project" in capsys.readouterr().err
    assert snapshot(root) == before

    partial = tmp_path / "sebagian"  # only a lesson of the example's name: refused before anything is written
    (partial / "content" / "lessons").mkdir(parents=True)
    (partial / "content" / "lessons" / "sesi-pertama.yml").write_text("title: Punya saya\n", encoding="utf-8")
    assert cli.main(["init", str(partial)]) == 1
    assert "sesi-pertama.yml: already exists; nothing was changed" in capsys.readouterr().err
    assert sorted(p.relative_to(partial).as_posix() for p in partial.rglob("*")) == ["content", "content/lessons", "content/lessons/sesi-pertama.yml"]

    repo = tmp_path / "repo"  # a folder with the trainer's own .gitignore: kept as it is
    repo.mkdir()
    (repo / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    assert cli.main(["init", str(repo)]) == 0
    assert (repo / ".gitignore").read_text(encoding="utf-8") == "*.bak\n"
    assert (repo / "content" / "workshop.yml").is_file()


def test_new_lesson_never_overwrites_and_refuses_unsafe_ids(built, capsys):
    root, _ = built
    lesson = root / "content" / "lessons" / "satu.yml"
    before = lesson.read_bytes()
    assert cli.main(["new", "lesson", "satu", str(root)]) == 1
    assert "already exists; bimtek never overwrites a file" in capsys.readouterr().err
    assert lesson.read_bytes() == before
    for bad in ("../keluar", "/tmp/x", "Sesi Baru", "a.b", ".."):
        assert cli.main(["new", "lesson", bad, str(root)]) == 1, bad
        assert "is not a valid lesson id" in capsys.readouterr().err
    assert sorted(p.name for p in (root / "content" / "lessons").iterdir()) == ["dua.yml", "satu.yml"]
    assert not (root / "keluar.yml").exists() and not (root / "content" / "keluar.yml").exists()


def test_trainers_own_page_wins_over_the_generated_one(tmp_path):
    root = write_project(tmp_path / "proyek")
    (root / "content" / "index.md").write_text("# Beranda buatan saya\n\nTeks saya.\n", encoding="utf-8")
    (root / "content" / "lessons" / "satu.md").write_text("# Sesi satu versi saya\n", encoding="utf-8")
    build_site(root)
    assert "Beranda buatan saya" in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Sesi satu versi saya" in (root / "site" / "lessons" / "satu.html").read_text(encoding="utf-8")
    assert (root / "content" / "index.md").read_text(encoding="utf-8") == "# Beranda buatan saya\n\nTeks saya.\n"


# --- the same input, the same site ---------------------------------------------------------


def test_same_input_builds_byte_identical_html(tmp_path):
    from conftest import REPO_ROOT, copy_project

    root = copy_project(REPO_ROOT, tmp_path / "sample")
    # Two processes with different hash seeds: set and dict order must not leak into the pages.
    for out, seed in (("satu", "1"), ("dua", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "BIMTEK_CACHE": "off"}
        code = ("import sys; from pathlib import Path; from bimtek.build import build_site; "
                "build_site(Path(sys.argv[1]), site_dir=Path(sys.argv[2]))")
        subprocess.run([sys.executable, "-c", code, str(root), str(tmp_path / out)], check=True, env=env, timeout=180)
    first, second = snapshot(tmp_path / "satu"), snapshot(tmp_path / "dua")
    dated = {"sitemap.xml", "sitemap.xml.gz"}  # MkDocs stamps the build date there
    assert {k: v for k, v in first.items() if k not in dated} == {k: v for k, v in second.items() if k not in dated}
    assert sum(name.endswith(".html") for name in first) >= 10


def test_build_writes_nothing_outside_the_project(tmp_path):
    """Only site/, private/ (the facilitator guide) and bimtek's own hidden files appear;
    HOME, TMPDIR and the parent folder stay empty."""
    root = write_project(tmp_path / "proyek")
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    before = snapshot(root)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(home / ".cache")}
    run = subprocess.run(BIMTEK + ["build", "."], cwd=root, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "proyek", "tmp"]
    assert list(home.iterdir()) == [] and list(tmp.iterdir()) == []
    after = snapshot(root)
    changed = {name for name in after if before.get(name) != after[name]}
    assert {name.split("/")[0] for name in changed} <= {"site", "private", ".bimtek.lock", ".bimtek-cache"}, sorted(changed)
    assert {name for name in before if name not in after} == set()


# --- a system without fork (Windows) ---------------------------------------------------------

WITHOUT_FORK = """
import multiprocessing, os, sys
del os.fork, os.register_at_fork  # Windows has neither (the standard library checks for fork first)
multiprocessing.get_all_start_methods = lambda: ["spawn"]
from bimtek.cli import run
sys.argv = ["bimtek", "build", sys.argv[1], "--no-handouts"]
run()
"""


def test_a_system_without_fork_builds_the_same_site_in_one_process(tmp_path: Path):
    """Windows has no fork and no os.register_at_fork: bimtek still starts there, and the work
    that would go to forked workers runs in the one process."""
    from conftest import REPO_ROOT

    lessons = {"satu": LESSON.format(title="Sesi Satu"), "dua": LESSON.format(title="Sesi Dua"),
               **{f"sesi-{n:03d}": LESSON.format(title=f"Sesi {n}") for n in range(1, 71)}}  # enough to use workers where there are
    here, there = (write_project(tmp_path / name, lessons=lessons) for name in ("fork", "no-fork"))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "generator"), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(BIMTEK + ["build", str(here), "--no-handouts"], check=True, capture_output=True, env=env, timeout=300)
    result = subprocess.run([sys.executable, "-c", WITHOUT_FORK, str(there)], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pages = {name: text for name, text in snapshot(here / "site").items() if name.endswith(".html") and "sitemap" not in name}
    assert pages and {name: snapshot(there / "site")[name] for name in pages} == pages
