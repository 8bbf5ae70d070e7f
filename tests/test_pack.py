"""bimtek zip: the built site packed into one zip file, to send as a WhatsApp document, opened from a folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser_support import CHROMIUM_ARGS, PHONE, chromium_path, record
from conftest import REPO_ROOT

WHATSAPP_LIMIT = 100 * 2**20


def run_zip(*args: str) -> subprocess.CompletedProcess:
    """``bimtek zip ...`` in a subprocess, as a trainer runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "generator")}
    return subprocess.run([sys.executable, "-m", "bimtek", "zip", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small workshop built as a trainer builds it (``bimtek build``: the site and its handouts)."""
    from minimal import write_project

    root = write_project(tmp_path_factory.mktemp("pack") / "project")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "generator")}
    result = subprocess.run([sys.executable, "-m", "bimtek", "build", str(root)], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return root


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_zip_holds_the_whole_site_in_one_folder_with_a_page_to_open(built: Path, tmp_path: Path):
    archive = tmp_path / "materi.zip"
    result = run_zip(str(built), "--out", str(archive))
    assert result.returncode == 0, result.stderr
    assert str(archive) in result.stdout and " MB" in result.stdout
    assert "dokumen WhatsApp" in result.stdout, "the sample is small enough: it says so, in the workshop's language"
    assert "BUKA-DI-SINI.html" in result.stdout and "materi" in result.stdout, "it says what the receiver opens"
    assert archive.stat().st_size < WHATSAPP_LIMIT

    with zipfile.ZipFile(archive) as zipped:
        assert zipped.testzip() is None
        names = zipped.namelist()
        assert all(name.startswith("materi/") for name in names), "one folder: unzipping scatters nothing"
        packed = {name.removeprefix("materi/situs/"): zipped.read(name) for name in names if name.startswith("materi/situs/")}
        start = zipped.read("materi/BUKA-DI-SINI.html").decode("utf-8")
    assert set(names) == {"materi/BUKA-DI-SINI.html", *(f"materi/situs/{name}" for name in packed)}
    assert packed == site_files(built / "site"), "every file of the site, byte for byte, and nothing else"
    assert any(name.startswith("lessons/") for name in packed) and any(name.endswith(".pdf") for name in packed)
    assert not any("private" in name or "fasilitator" in name for name in names), "the facilitator's papers stay out"

    page = BeautifulSoup(start, "html.parser")
    title = BeautifulSoup((built / "site" / "index.html").read_text(encoding="utf-8"), "html.parser").title.string
    assert page.h1.get_text() in title
    assert page.find("a", class_="open")["href"] == "situs/index.html"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("url=situs/index.html")


def test_the_same_site_gives_the_same_zip_and_a_zip_is_replaced_whole(built: Path, tmp_path: Path):
    first, second = tmp_path / "a" / "materi.zip", tmp_path / "b" / "materi.zip"
    assert run_zip(str(built), "--out", str(first)).returncode == 0
    assert run_zip(str(built), "--out", str(second)).returncode == 0
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    first.write_bytes(b"PK\x05\x06" + bytes(18))  # an older zip of the same name (an empty one)
    assert run_zip(str(built), "--out", str(first)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert sorted(path.name for path in first.parent.iterdir()) == ["materi.zip"], "no temporary file left behind"


def test_the_unzipped_site_opens_from_its_folder_in_a_browser(built: Path, tmp_path: Path):
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium at /usr/bin/chromium (Debian package 'chromium'; `make test` installs it)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    archive = tmp_path / "materi.zip"
    assert run_zip(str(built), "--out", str(archive)).returncode == 0
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / "materi"
    with playwright_api.sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE).new_page()
        log = record(page, folder.as_uri() + "/")
        page.goto((folder / "BUKA-DI-SINI.html").as_uri())
        page.wait_for_url("**/situs/index.html", timeout=10_000)  # the start page leads on by itself
        lesson = page.locator(".md-content a[href^='lessons/']").first  # on the home page, not in the folded menu
        name = lesson.inner_text().strip()
        lesson.click()
        page.wait_for_url("**/situs/lessons/*.html")
        assert page.locator("h1").first.inner_text().strip().rstrip("¶") == name  # ¶: the heading's permalink
        assert page.locator("a[href$='.pdf']").count() > 0
        handout = (folder / "situs" / "lessons" / page.locator("a[href$='.pdf']").first.get_attribute("href")).resolve()
        assert handout.is_file(), "the lesson's handout is in the zip, where the page links it"
        browser.close()
    assert not log.outside(), f"requests outside the folder: {log.outside()}"
    assert not log.errors, log.errors


def test_zip_without_a_built_site_says_what_to_do(tmp_path: Path):
    from minimal import write_project

    root = write_project(tmp_path / "project")
    result = run_zip(str(root))
    assert result.returncode == 1
    assert "no site built yet; run 'bimtek build' first" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(root.glob("*.zip")) and not list(root.glob(".*.zip-*"))


def test_zip_never_overwrites_a_file_that_is_not_a_zip(built: Path, tmp_path: Path):
    notes = tmp_path / "catatan.zip"
    notes.write_text("catatan rapat panitia", encoding="utf-8")
    result = run_zip(str(built), "--out", str(notes))
    assert result.returncode == 1
    assert "exists and is not a zip file" in result.stderr and "Traceback" not in result.stderr
    assert notes.read_text(encoding="utf-8") == "catatan rapat panitia"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["catatan.zip"]

    inside = run_zip(str(built), "--out", str(built / "site" / "handouts" / "materi.zip"))
    assert inside.returncode == 1 and "inside the site it packs" in inside.stderr
    assert not (built / "site" / "handouts" / "materi.zip").exists()


def test_zip_is_named_after_the_workshop_and_speaks_its_language(tmp_path: Path):
    from minimal import write_project

    root = write_project(tmp_path / "project", workshop="title: Public Communication Clinic\nlanguage: en\n")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<!doctype html><title>Public Communication Clinic</title>", encoding="utf-8")
    result = run_zip(str(root))
    assert result.returncode == 0, result.stderr
    archive = root / "public-communication-clinic.zip"
    assert "WhatsApp document" in result.stdout and "OPEN-ME.html" in result.stdout
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == ["public-communication-clinic/OPEN-ME.html", "public-communication-clinic/site/index.html"]
        start = BeautifulSoup(zipped.read("public-communication-clinic/OPEN-ME.html"), "html.parser")
    assert start.find("a", class_="open").get_text() == "Open the materials"
    assert start.html["lang"] == "en"


def test_zip_and_share_say_when_the_site_is_older_than_the_lessons(built: Path, tmp_path: Path):
    """A trainer who edits a lesson and packs the site without building it again would send the old
    lesson: bimtek says so (and still packs what there is)."""
    fresh = run_zip(str(built), "--out", str(tmp_path / "a.zip"))
    assert fresh.returncode == 0 and "diubah setelah situs terakhir dibangun" not in fresh.stderr

    lesson = built / "content" / "lessons" / "satu.yml"
    backup = built / "content" / "lessons" / "satu.yml~"  # an editor's backup does not count
    later = (built / "site").stat().st_mtime + 5
    original = lesson.stat()
    try:
        backup.write_text("", encoding="utf-8")
        os.utime(backup, (later, later))
        assert "diubah setelah" not in run_zip(str(built), "--out", str(tmp_path / "b.zip")).stderr
        os.utime(lesson, (later, later))
        stale = run_zip(str(built), "--out", str(tmp_path / "c.zip"))
        assert stale.returncode == 0 and (tmp_path / "c.zip").is_file()
        assert "Perhatian:" in stale.stderr and "satu.yml diubah setelah situs terakhir dibangun" in stale.stderr
        assert "bimtek build" in stale.stderr and "satu.yml~" not in stale.stderr

        from test_share import start_share, stop

        process, _ = start_share(built)
        code, errors = stop(process)
        assert "satu.yml diubah setelah situs terakhir dibangun" in errors, "bimtek share says it too"
    finally:
        backup.unlink(missing_ok=True)
        os.utime(lesson, ns=(original.st_atime_ns, original.st_mtime_ns))
