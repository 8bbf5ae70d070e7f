"""Live preview: ``bimtek serve`` rebuilds when a lesson file changes, and survives bad input."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

from minimal import LESSON, write_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, timeout: float) -> float | None:
    """Seconds until ``url`` serves a page containing ``text``, or None."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def test_edit_reloads_and_bad_input_keeps_serving(tmp_path: Path):
    root = write_project(tmp_path)
    # PDFs of the last build: the preview links them rather than rendering PDFs per keystroke.
    (root / "site/handouts").mkdir(parents=True)
    (root / "site/handouts/satu.pdf").write_bytes(b"%PDF-1.7 hasil build terakhir")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "bimtek", "serve", str(root), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    url = f"http://127.0.0.1:{port}/lessons/satu.html"
    try:
        assert wait_for(url, "Sesi Satu", 60) is not None, "the preview server did not start"
        assert 'href="../handouts/satu.pdf"' in fetch(url)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/handouts/satu.pdf", timeout=5) as response:
            assert response.read() == b"%PDF-1.7 hasil build terakhir"
        downloads = fetch(f"http://127.0.0.1:{port}/downloads.html") or ""
        assert "bt-downloads-note" in downloads and "bimtek build" in downloads, "the preview says how its PDFs are made"
        lesson = root / "content/lessons/satu.yml"
        lesson.write_text(LESSON.format(title="Judul Baru Sekali"), encoding="utf-8")
        seconds = wait_for(url, "Judul Baru Sekali", 15)
        assert seconds is not None, "the edit was not picked up"
        print(f"preview reflected the edit after {seconds:.2f} s")
        lesson.write_text("title: [rusak\n", encoding="utf-8")
        time.sleep(2)
        assert server.poll() is None, "the server must survive a broken file"
        lesson.write_text(LESSON.format(title="Diperbaiki Lagi"), encoding="utf-8")
        assert wait_for(url, "Diperbaiki Lagi", 15) is not None, "the server recovers once the file is fixed"
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert "satu.yml:2:1: error: invalid YAML" in output, "the broken file's error is shown in the preview log"
    assert "Traceback" not in output


def test_the_preview_search_holds_each_page_once_after_edits(tmp_path: Path):
    """An edit rebuilds the lesson and the pages that show it; material's search replaced the entries
    of the first of them only, and the old text of the others stayed findable, once more per edit."""
    import collections
    import json

    root = write_project(tmp_path)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bimtek", "serve", str(root), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}"

    def index() -> list[dict]:
        return json.loads(fetch(f"{base}/search/search_index.json") or '{"docs": []}')["docs"]

    def pages(docs: list[dict]) -> collections.Counter:
        return collections.Counter(doc["location"].split("#")[0] for doc in docs)

    try:
        assert wait_for(f"{base}/lessons/satu.html", "Sesi Satu", 60) is not None, "the preview server did not start"
        before = pages(index())
        lesson = root / "content/lessons/satu.yml"
        for number, title in enumerate(("Judul Suntingan Pertama", "Judul Suntingan Kedua")):
            time.sleep(1.5)
            lesson.write_text(LESSON.format(title=title), encoding="utf-8")
            assert wait_for(f"{base}/lessons/satu.html", title, 15) is not None, "the edit was not picked up"
        started = time.monotonic()
        while "Judul Suntingan Kedua" not in json.dumps(index()) and time.monotonic() - started < 15:
            time.sleep(0.2)
        docs = index()
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = json.dumps(docs, ensure_ascii=False)
    assert "Judul Suntingan Kedua" in text
    assert "Judul Suntingan Pertama" not in text, "the text before the last edit is not found any more"
    assert pages(docs) == before, "each page's sections once, as before the edits"


@contextlib.contextmanager
def previewed(root: Path, path: str, text: str, output: list[str] | None = None) -> Iterator[object]:
    """``bimtek serve`` of ``root``, and a phone-sized headless Chromium page on ``path`` once the
    preview serves it with ``text``; the server's output goes into ``output`` when one is given."""
    import pytest

    playwright_api = pytest.importorskip("playwright.sync_api")
    from browser_support import CHROMIUM_ARGS, PHONE, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium at /usr/bin/chromium (`make test` installs it)")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bimtek", "serve", str(root), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL if output is None else subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/{path}"
    manager = playwright_api.sync_playwright().start()
    try:
        assert wait_for(url, text, 60) is not None, "the preview server did not start"
        browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(url)
        yield page
        browser.close()
    finally:
        manager.stop()
        server.terminate()
        printed, _ = server.communicate(timeout=10)
        if output is not None:
            output.append(printed)


def test_the_preview_shows_in_the_browser_what_keeps_it_from_updating(tmp_path: Path):
    """A trainer watching the page, not the terminal: an edit that breaks the build reloads the page,
    which keeps the last content that built and says what to fix; the fix clears it."""
    from playwright.sync_api import expect

    from browser_support import axe_violations

    root = write_project(tmp_path)
    with previewed(root, "lessons/satu.html", "Sesi Satu") as page:
        expect(page.locator("article h1")).to_contain_text("Sesi Satu")
        problems = page.locator(".bt-preview-problems")
        expect(problems).to_have_count(0)
        lesson = root / "content/lessons/satu.yml"
        time.sleep(1.5)
        lesson.write_text("title: [rusak\n", encoding="utf-8")
        expect(problems).to_be_visible(timeout=20_000)  # the page reloaded by itself
        expect(problems).to_have_attribute("role", "alert")
        expect(problems).to_contain_text("Pratinjau ini belum diperbarui")
        expect(problems.locator("pre")).to_contain_text("content/lessons/satu.yml:2:1: error: invalid YAML")
        expect(page.locator("article h1")).to_contain_text("Sesi Satu")  # the last content that built
        assert axe_violations(page) == [], "the box is readable (contrast, roles) like the page"
        time.sleep(1.5)
        lesson.write_text(LESSON.format(title="Sudah Diperbaiki"), encoding="utf-8")
        expect(page.locator("article h1")).to_contain_text("Sudah Diperbaiki", timeout=20_000)
        expect(problems).to_have_count(0)
    site = root / "site"
    assert not (site / "assets/bimtek/preview-status.js").exists(), "the preview writes nothing into the project's site"


def test_the_preview_shows_the_warnings_of_its_build_folded_away(tmp_path: Path):
    """Warnings stop nothing, but a trainer who watches the page and not the terminal should see them:
    folded away on top of each page, replaced by the problems when an edit breaks the build, gone when fixed."""
    from playwright.sync_api import expect

    from browser_support import axe_violations

    too_short = LESSON.format(title="Sesi Satu").replace("duration: 90", "duration: 20")  # its exercise takes 30
    root = write_project(tmp_path, lessons={"satu": too_short, "dua": LESSON.format(title="Sesi Dua")})
    output: list[str] = []
    with previewed(root, "agenda.html", "Sesi Satu", output) as page:
        warnings, problems = page.locator(".bt-preview-warnings"), page.locator(".bt-preview-problems")
        expect(warnings).to_be_visible()
        expect(warnings.locator("summary")).to_have_text("Peringatan (1)")
        assert warnings.get_attribute("open") is None, "folded: a warning the trainer accepts stays out of the way"
        warnings.locator("summary").click()
        expect(warnings.locator("pre")).to_have_text(re.compile(r"content/lessons/satu\.yml:6:11: warning: exercises take 30 minutes, more than the lesson's 20$"))
        expect(problems).to_have_count(0)
        assert axe_violations(page) == []
        lesson = root / "content/lessons/satu.yml"
        time.sleep(1.5)
        lesson.write_text("title: [rusak\n", encoding="utf-8")
        expect(problems).to_be_visible(timeout=20_000)
        expect(warnings).to_have_count(0)
        time.sleep(1.5)
        lesson.write_text(LESSON.format(title="Sesi Satu Diperbaiki"), encoding="utf-8")
        expect(page.locator("article")).to_contain_text("Sesi Satu Diperbaiki", timeout=20_000)
        expect(problems).to_have_count(0)
        expect(warnings).to_have_count(0)
    assert output[0].count("warning: exercises take 30 minutes") == 1, "the terminal says it once, not once per check"


def test_the_preview_starts_with_errors_and_shows_them_until_they_are_fixed(tmp_path: Path):
    """A trainer opens the preview on a project that has an error (broken last night): the preview
    starts anyway, on a page that shows what to fix; the fix brings the workshop."""
    from playwright.sync_api import expect

    root = write_project(tmp_path)
    lesson = root / "content/lessons/satu.yml"
    lesson.write_text("title: [rusak\n", encoding="utf-8")
    output: list[str] = []
    with previewed(root, "", "Pratinjau belum dapat dibuat", output) as page:
        problems = page.locator(".bt-preview-problems")
        expect(problems).to_be_visible()
        expect(problems.locator("pre")).to_contain_text("content/lessons/satu.yml:2:1: error: invalid YAML")
        expect(page.locator("article h1")).to_have_text(re.compile("^Pratinjau belum dapat dibuat"))
        time.sleep(1.5)
        lesson.write_text(LESSON.format(title="Sesi Satu"), encoding="utf-8")
        expect(page.locator("article")).to_contain_text("Sesi Satu", timeout=20_000)  # the home page lists the lessons
        expect(problems).to_have_count(0)
        expect(page.locator(".md-header")).to_contain_text("Bimtek Uji")
    assert output[0].count("satu.yml:2:1: error: invalid YAML") == 1, "the terminal says it too, once"


def test_serve_refuses_a_folder_that_is_no_project(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "bimtek", "serve", str(tmp_path)], capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=60)
    assert result.returncode == 1
    assert "content/workshop.yml: not found; run 'bimtek init' to start a project" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_open_shows_the_preview_in_the_browser(tmp_path: Path):
    """``bimtek serve --open``: the trainer's default browser (Python's webbrowser, $BROWSER here)
    is sent to the preview once it is served."""
    root = write_project(tmp_path / "project")
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BROWSER": str(browser)}
    server = subprocess.Popen([sys.executable, "-m", "bimtek", "serve", str(root), "-a", f"127.0.0.1:{port}", "--open"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        started = time.monotonic()
        while not (opened.exists() and opened.read_text().strip()) and time.monotonic() - started < 60:
            time.sleep(0.2)
        url = opened.read_text().strip() if opened.exists() else ""
        assert url.startswith(f"http://127.0.0.1:{port}/"), url
        assert "Bimtek Uji" in (fetch(url) or ""), "it opens the served home page"
    finally:
        server.terminate()
        server.wait(timeout=10)
