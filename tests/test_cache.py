"""The build cache (.bimtek-cache/): a warm run gives what a cold run gives, only faster.

Every test compares against a run without any cache (``NoCache``), so a stale
or corrupt entry would show up as a page or a diagnostic that differs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bimtek.cache import CACHE_DIR, DATABASE, Cache, NoCache, open_cache
from bimtek.project import check_project, load_project
from bimtek.render import render_site
from minimal import LESSON, write_project


def pages_of(root: Path, cache: Cache) -> dict[str, str]:
    project, _ = load_project(root, cache)
    return {page.path: page.content for page in render_site(project, cache).pages}


def uncached(root: Path) -> dict[str, str]:
    return pages_of(root, NoCache())


def test_warm_run_returns_the_pages_of_a_cold_run_from_the_cache(sample_project: Path):
    cold = open_cache(sample_project)
    first = pages_of(sample_project, cold)
    assert cold.misses > 0 and cold.hits == 0
    assert (sample_project / CACHE_DIR).is_dir()
    warm = open_cache(sample_project)
    second = pages_of(sample_project, warm)
    assert warm.misses == 0, "nothing changed: every file and page comes from the cache"
    assert warm.hits >= len(second)
    assert second == first == uncached(sample_project)


def test_an_edited_lesson_is_rendered_again_and_only_pages_that_show_it(tmp_path: Path):
    root = write_project(tmp_path)
    pages_of(root, open_cache(root))
    (root / "content/lessons/satu.yml").write_text(LESSON.format(title="Judul Sesudah Diubah"), encoding="utf-8")
    cache = open_cache(root)
    pages = pages_of(root, cache)
    assert "Judul Sesudah Diubah" in pages["lessons/satu.md"]
    assert "Judul Sesudah Diubah" in pages["index.md"], "the home page lists the new title too"
    assert pages == uncached(root)
    assert cache.misses > 0


def test_editing_a_lesson_body_keeps_every_other_lesson_page_cached(tmp_path: Path):
    root = write_project(tmp_path)
    before = pages_of(root, open_cache(root))
    lesson = root / "content/lessons/dua.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Isi **topik**.", "Isi yang BARU DITULIS."), encoding="utf-8")
    cache = open_cache(root)
    after = pages_of(root, cache)
    assert "BARU DITULIS" in after["lessons/dua.md"] and "BARU DITULIS" not in before["lessons/dua.md"]
    assert after["lessons/satu.md"] == before["lessons/satu.md"]
    assert after == uncached(root)
    # Misses: the edited file (parsed + its links), its page and the pages that gather all lessons.
    gathering = [path for path in after if not path.startswith("lessons/")]
    assert cache.misses == 2 + 1 + len(gathering)


def test_a_changed_template_invalidates_the_pages_it_renders(tmp_path: Path):
    root = write_project(tmp_path)
    pages_of(root, open_cache(root))
    override = root / "templates/site/lesson.md.j2"
    override.parent.mkdir(parents=True)
    default = Path(__file__).resolve().parent.parent / "templates/site/lesson.md.j2"
    override.write_text("<!-- PENANDA-TEMPLATE-PROYEK -->\n" + default.read_text(encoding="utf-8"), encoding="utf-8")
    pages = pages_of(root, open_cache(root))
    assert all("PENANDA-TEMPLATE-PROYEK" in pages[p] for p in ("lessons/satu.md", "lessons/dua.md"))
    override.write_text(default.read_text(encoding="utf-8"), encoding="utf-8")
    again = pages_of(root, open_cache(root))
    assert not any("PENANDA-TEMPLATE-PROYEK" in content for content in again.values())


def stored(root: Path, kind: str) -> list[str]:
    """The raw values of the cache's entries of ``kind`` (JSON text)."""
    with sqlite3.connect(root / CACHE_DIR / DATABASE) as db:
        return [row[0] for row in db.execute("SELECT value FROM entries WHERE kind = ?", (kind,))]


def test_damaged_entries_are_misses_never_wrong_pages(sample_project: Path):
    expected = uncached(sample_project)
    pages_of(sample_project, open_cache(sample_project))
    damage = ["", "{not json", '{"bentuk": "lain"}', "[1, 2", "\u0000\u00ff", "null", b"\xc3(\xff"]  # torn, of another shape, not UTF-8
    with sqlite3.connect(sample_project / CACHE_DIR / DATABASE) as db:
        keys = [row[0] for row in db.execute("SELECT rowid FROM entries")]
        assert keys
        for index, rowid in enumerate(keys):
            db.execute("UPDATE entries SET value = ? WHERE rowid = ?", (damage[index % len(damage)], rowid))
    cache = open_cache(sample_project)
    cache.forget()  # as a new process: nothing in memory, every entry from the damaged database
    assert pages_of(sample_project, cache) == expected
    assert cache.misses > 0


@pytest.mark.parametrize("damage", ["whole file", "past its header"])
def test_a_damaged_database_is_started_again(sample_project: Path, damage: str):
    expected = uncached(sample_project)
    pages_of(sample_project, open_cache(sample_project))
    database = sample_project / CACHE_DIR / DATABASE
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every entry in the file itself
    raw = database.read_bytes()
    assert len(raw) > 3 * 4096
    garbage = b"\x00\xff not a database " * (len(raw) // 20)
    database.write_bytes(garbage[: len(raw)] if damage == "whole file" else raw[:4096] + garbage[: len(raw) - 4096])
    assert pages_of(sample_project, open_cache(sample_project)) == expected
    pages_of(sample_project, open_cache(sample_project))
    warm = open_cache(sample_project)
    assert pages_of(sample_project, warm) == expected
    assert warm.misses == 0, "a new database holds every entry again"


def test_the_entry_files_of_an_older_bimtek_are_removed(tmp_path: Path):
    root = write_project(tmp_path)
    old = root / CACHE_DIR / "page" / "ab" / ("ab" + "0" * 62 + ".json")
    old.parent.mkdir(parents=True)
    old.write_text('{"key": "x", "value": "x"}', encoding="utf-8")
    (root / CACHE_DIR / "pdf").mkdir()
    pages_of(root, open_cache(root))
    assert not (root / CACHE_DIR / "page").exists()
    assert (root / CACHE_DIR / "pdf").is_dir(), "the handouts' cache stays"
    assert (root / CACHE_DIR / DATABASE).is_file()


def test_entries_another_version_wrote_are_dropped_and_this_versions_kept(tmp_path: Path):
    # Every key holds the digest of bimtek's code: after an upgrade the old rows are never found again.
    from bimtek.cache import code_digest

    root = write_project(tmp_path)
    expected = pages_of(root, open_cache(root))
    database = root / CACHE_DIR / DATABASE
    count = "SELECT count(*) FROM entries WHERE kind != 'meta'"
    with sqlite3.connect(database) as db:
        rows = db.execute(count).fetchone()[0]
        assert db.execute("SELECT value FROM entries WHERE kind = 'meta' AND key = 'code'").fetchall() == [(code_digest(),)]
    warm = open_cache(root)  # the same version: everything is still there, and found
    warm.forget()  # what a new process sees: the database, not this one's memory
    assert pages_of(root, warm) == expected and warm.misses == 0
    with sqlite3.connect(database) as db:
        assert db.execute(count).fetchone()[0] == rows > 0
        db.execute("UPDATE entries SET value = 'an older bimtek' WHERE kind = 'meta' AND key = 'code'")
        db.execute("INSERT INTO entries (kind, key, value) VALUES ('page', 'written-by-the-older-one', 'x')")
    after_upgrade = open_cache(root)
    after_upgrade.forget()
    assert pages_of(root, after_upgrade) == expected
    assert after_upgrade.misses > 0, "nothing the older version wrote was used"
    with sqlite3.connect(database) as db:
        assert db.execute(count).fetchone()[0] == rows, "the old rows are gone; the new run's are there, once"
        assert db.execute("SELECT value FROM entries WHERE kind = 'meta' AND key = 'code'").fetchall() == [(code_digest(),)]


def test_a_cache_that_cannot_be_written_is_skipped(sample_project: Path):
    expected = uncached(sample_project)
    (sample_project / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    assert pages_of(sample_project, open_cache(sample_project)) == expected
    assert (sample_project / CACHE_DIR).read_text(encoding="utf-8") == "not a folder"


def test_workers_of_a_cold_run_fill_one_cache(tmp_path: Path):
    """Forked workers open their own connections; every entry they write is found by the next run."""
    from bimtek.parallel import MIN_JOBS, cores
    from test_catalogue import catalogue

    lessons = MIN_JOBS + 10  # enough for the cold run to use workers
    root = catalogue(tmp_path / "katalog", lessons)
    cold = open_cache(root)
    first = pages_of(root, cold)
    if cores() >= 2:
        assert cold.hits >= lessons, "the main process found what the workers stored"
    warm = open_cache(root)
    assert pages_of(root, warm) == first == uncached(root)
    assert warm.misses == 0
    assert len(stored(root, "yaml")) == lessons + 1 and len(stored(root, "page")) == len(first)


def test_entries_are_buffered_seen_at_once_and_stored_together(tmp_path: Path):
    cache = Cache(tmp_path / CACHE_DIR)
    cache.put("page", "k1", "isi halaman")
    cache.put("links", "k2", [["a"], "b"])
    assert cache.get("page", "k1") == "isi halaman" and cache.has("links", "k2"), "the writer sees its entries at once"
    assert Cache(tmp_path / CACHE_DIR).get("page", "k1") is None, "not stored before the batch is"
    cache.flush()
    reader = Cache(tmp_path / CACHE_DIR)
    assert reader.get("page", "k1") == "isi halaman" and reader.get("links", "k2") == [["a"], "b"]


def test_a_process_stores_what_it_buffered_when_it_ends(tmp_path: Path):
    folder = tmp_path / CACHE_DIR
    code = f"from pathlib import Path; from bimtek.cache import Cache; Cache(Path({str(folder)!r})).put('page', 'k', 'isi')"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "generator")})
    assert Cache(folder).get("page", "k") == "isi"


def test_a_forked_worker_does_not_store_its_parents_entries_again(tmp_path: Path):
    cache = Cache(tmp_path / CACHE_DIR)
    cache.put("page", "k", "isi")
    pid = os.fork()
    if pid == 0:  # the child: the parent stored its entry before forking, and left nothing to it
        os._exit(0 if not cache._pending and Cache(tmp_path / CACHE_DIR).get("page", "k") == "isi" else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert len(stored(tmp_path, "page")) == 1


def test_diagnostics_of_a_cached_file_still_point_at_the_right_line(tmp_path: Path):
    root = write_project(tmp_path)
    lesson = root / "content/lessons/dua.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("duration: 90", "duration: 10"), encoding="utf-8")
    cold = [str(d) for d in check_project(root, NoCache()).diagnostics]
    assert any("dua.yml:" in d and "more than the lesson's 10" in d for d in cold)
    check_project(root, open_cache(root))
    cache = open_cache(root)
    warm = [str(d) for d in check_project(root, cache).diagnostics]
    assert cache.hits > 0 and cache.misses == 0
    assert warm == cold


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch):
    root = write_project(tmp_path)
    monkeypatch.setenv("BIMTEK_CACHE", "off")
    load_project(root)
    assert not (root / CACHE_DIR).exists()


def test_a_warm_build_writes_the_same_site_as_a_build_without_cache(tmp_path: Path, monkeypatch):
    import filecmp

    from bimtek.build import build_site
    from conftest import REPO_ROOT, copy_project

    root = copy_project(REPO_ROOT, tmp_path / "sample")
    monkeypatch.setenv("BIMTEK_CACHE", "off")
    build_site(root, site_dir=tmp_path / "uncached")
    monkeypatch.delenv("BIMTEK_CACHE")
    build_site(root, site_dir=tmp_path / "cold")
    build_site(root, site_dir=tmp_path / "warm")
    entries = [json.loads(value) for value in stored(root, "mkdocs-page")]
    assert entries, "MkDocs' Markdown pass is cached too"
    assert entries and all(entry.get("search") for entry in entries), "with the search entries of each page"
    assert len(stored(root, "mkdocs-html")) == len(entries), "each with its HTML apart"
    with sqlite3.connect(root / CACHE_DIR / DATABASE) as db:  # an entry whose HTML is gone: the page is rendered again
        db.execute("DELETE FROM entries WHERE kind = 'mkdocs-html'")
    build_site(root, site_dir=tmp_path / "half")
    for built in ("cold", "warm", "half"):
        comparison = filecmp.dircmp(tmp_path / "uncached", tmp_path / built)
        pending, different = [comparison], []
        while pending:
            current = pending.pop()
            different += current.diff_files + current.left_only + current.right_only
            pending += current.subdirs.values()
        assert different == [], f"{built} build differs from an uncached one: {different}"


def test_a_rebuild_in_the_same_process_validates_and_renders_only_what_changed(tmp_path: Path, monkeypatch):
    """bimtek serve loads the whole project on every edit: what did not change comes from memory."""
    import bimtek.model as model

    root = write_project(tmp_path)
    validated: list[str] = []
    real = model.Lesson.model_validate.__func__

    def counting(cls, data, *args, **kwargs):
        validated.append(data.get("id"))
        return real(cls, data, *args, **kwargs)

    monkeypatch.setattr(model.Lesson, "model_validate", classmethod(counting))
    before = pages_of(root, open_cache(root))
    assert sorted(validated) == ["dua", "satu"]
    validated.clear()
    lesson = root / "content/lessons/dua.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Isi **topik**.", "Isi yang BARU."), encoding="utf-8")
    after = pages_of(root, open_cache(root))
    assert validated == ["dua"], "the unchanged lesson is not validated again"
    assert "BARU" in after["lessons/dua.md"] and after["lessons/satu.md"] == before["lessons/satu.md"]
    assert after == uncached(root)
    validated.clear()
    uncached(root)
    assert sorted(validated) == ["dua", "satu"], "without a cache nothing is kept in memory either"


def test_a_cold_run_with_workers_reports_what_one_process_without_a_cache_reports(tmp_path: Path, monkeypatch):
    """A project never built: the workers read, parse and validate the files; the broken ones
    (bad YAML, a wrong field, an unreadable file) are reported as without workers, in order."""
    from bimtek.parallel import MIN_JOBS
    from bimtek.project import check_project
    from test_catalogue import catalogue

    root = catalogue(tmp_path / "katalog", MIN_JOBS + 10)
    lessons = root / "content" / "lessons"
    (lessons / "sesi-003.yml").write_text("title: [tidak ditutup\n", encoding="utf-8")
    broken = lessons / "sesi-040.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("duration: 90", "duration: sembilan puluh"), encoding="utf-8")
    (lessons / "sesi-050.yml").write_bytes(b"title: \xff\xfe\n")
    with_workers = check_project(root)
    assert (root / CACHE_DIR).is_dir(), "the cold run used the cache (and its workers)"
    monkeypatch.setenv("BIMTEK_CACHE", "off")
    without = check_project(root)
    shown = [str(d) for d in with_workers.diagnostics]
    assert shown == [str(d) for d in without.diagnostics]
    assert [(Path(d.path).name, d.line) for d in with_workers.errors] == [("sesi-003.yml", 2), ("sesi-040.yml", 6), ("sesi-050.yml", 1)]
