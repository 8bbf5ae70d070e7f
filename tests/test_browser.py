"""The participant's side in a real headless Chromium: checklists, quizzes,
worksheet notes, offline use (file:// and a static server), phone layout,
accessibility (axe-core) and print.

The sample site is built once into a temporary folder; elements are picked
generically (the first lesson with a checklist, a quiz question with one or
several answers, ...) so the tests follow whatever the sample content holds.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from browser_support import CHROMIUM_ARGS, DESKTOP, PHONE, axe_violations, chromium_path, record, serve
from conftest import REPO_ROOT, copy_project

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is a test dependency: pip install -e '.[test]'")

MAIN_PAGES = ["index.html", "agenda.html"]


# ---------------------------------------------------------------------------
# Fixtures: one built site, one server, one browser for the module.

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from bimtek.build import build_site

    root = copy_project(REPO_ROOT, tmp_path_factory.mktemp("browser") / "sample")
    _, _, site_dir = build_site(root, site_dir=root.parent / "site")
    return site_dir


@pytest.fixture(scope="module")
def http_base(site) -> str:
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def file_base(site) -> str:
    return site.as_uri() + "/"


@pytest.fixture(params=["http", "file"])
def base(request, http_base, file_base) -> str:
    """The site served over HTTP, and opened straight from the folder."""
    return http_base if request.param == "http" else file_base


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium at /usr/bin/chromium (Debian package 'chromium'; `make test` installs it)")
    manager = playwright_api.sync_playwright().start()
    try:
        try:
            browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except playwright_api.Error as exc:
            pytest.skip(f"Chromium at {executable} cannot start here: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()
    finally:
        manager.stop()


@pytest.fixture
def open_page(browser, http_base, file_base):
    """``open_page(url, viewport=PHONE)`` -> (page, request log); asserts at the end
    that no page went outside the site and no script failed."""
    opened = []

    def _open(url: str, viewport=PHONE, javascript: bool = True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        page = context.new_page()
        log = record(page, http_base if url.startswith(http_base) else file_base)
        page.goto(url)
        opened.append((context, log))
        return page, log

    yield _open
    for context, log in opened:
        context.close()
        assert not log.outside(), f"requests outside the site: {log.outside()}"
        assert not log.errors, f"JavaScript errors: {log.errors}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def lesson_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "lessons").glob("*.html"))


def first_lesson_with(site: Path, selector: str) -> str:
    for path in lesson_pages(site):
        if soup(site / path).select_one(selector) is not None:
            return path
    pytest.fail(f"no lesson in the sample has {selector!r}")


# ---------------------------------------------------------------------------
# Offline: nothing outside the site, search from a folder.

def test_built_pages_reference_nothing_outside_the_site(site):
    external = re.compile(r"^\s*(https?:)?//", re.I)
    found = []
    for path in site.rglob("*.html"):
        page = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src")):
            for element in page.find_all(tag):
                if external.match(element.get(attr) or ""):
                    found.append(f"{path.relative_to(site)}: <{tag} {attr}={element[attr]}>")
    assert not found, "\n".join(found)
    assert (site / "assets/bimtek/vendor/iframe-worker/shim.js").is_file()
    assert (site / "search/search_index.js").is_file(), "the offline plugin inlines the search index"


def test_every_page_loads_without_leaving_the_site(site, base, open_page):
    pages = MAIN_PAGES + lesson_pages(site)[:2] + ["toolkit/checklists.html", "toolkit/exercises.html"]
    for path in pages:
        page, log = open_page(base + path)
        page.wait_for_load_state("load")
        assert page.locator("article h1").first.is_visible(), path
        assert log.urls[0].startswith(base)


def test_search_works_offline(site, base, open_page):
    title = soup(site / lesson_pages(site)[0]).select_one("article h1").get_text(" ", strip=True)
    word = max(re.findall(r"\w+", title), key=len)
    page, log = open_page(base + "index.html", viewport=DESKTOP)
    page.keyboard.press("/")
    page.keyboard.type(word)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_contain_text(re.compile(re.escape(word), re.IGNORECASE), timeout=10_000)  # once the whole word is typed
    assert any("search_index" in url for url in log.urls)


def test_search_index_is_downloaded_only_when_search_is_opened(site, base, open_page):
    """A phone that opens a lesson downloads that page, not the text of the whole site
    (20 MB for a thousand lessons): the index comes when the participant taps search."""
    title = soup(site / lesson_pages(site)[-1]).select_one("article h1").get_text(" ", strip=True)
    word = max(re.findall(r"\w+", title), key=len)
    page, log = open_page(base + lesson_pages(site)[0])  # phone width
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in log.urls if "search_index" in url], "the index was downloaded before search was opened"
    page.locator('label.md-header__button[for="__search"]').click()
    page.keyboard.type(word)
    results = page.locator(".md-search-result__item")
    # The results follow each key typed: wait for those of the whole word (a first result found
    # for its first letters may not show it; on a busy machine the last keys come late).
    expect(results.first).to_contain_text(re.compile(re.escape(word), re.IGNORECASE), timeout=10_000)
    assert [url for url in log.urls if "search_index" in url]
    results.first.click()  # the result's page highlights the searched word (search.highlight): it needs the index
    expect(page.locator("article mark[data-md-highlight]").first).to_be_visible(timeout=10_000)
    assert word.lower() in page.locator("article mark[data-md-highlight]").first.inner_text().lower()


def test_pages_opened_once_stay_readable_when_the_connection_drops(site, browser):
    """A participant who opened two lessons at the venue can read them again with no
    connection (the server gone, not just emulated: Chromium's offline switch skips
    service workers); a page never opened is not there."""
    first, second, never = lesson_pages(site)[:3]
    context = browser.new_context(viewport=PHONE)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        with serve(site) as base:
            page.goto(base + first)
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10_000)
            page.wait_for_function("caches.open('bimtek-pages-v1').then(c => c.keys()).then(k => k.length > 3)", timeout=10_000)
            page.goto(base + second)
            title = page.locator("article h1").first.inner_text()
        page.reload()
        expect(page.locator("article h1").first).to_have_text(title)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", "the theme's CSS is kept too"
        page.goto(base + first)  # the page that registered the worker
        assert page.locator("article h1").first.is_visible()
        icon = "document.querySelector('link[rel~=\"icon\"]').href"
        assert page.evaluate(f"caches.open('bimtek-pages-v1').then(c => c.match({icon})).then(r => !!r && r.ok)"), "the favicon is kept too"
        with pytest.raises(playwright_api.Error):
            page.goto(base + never)
        assert not errors, errors
    finally:
        context.close()


def test_save_to_read_offline_keeps_the_pages_of_the_menu_their_pictures_and_search(tmp_path, browser):
    """At the venue's Wi-Fi a participant taps "save to read offline" on the home page; on the bus,
    with no connection (the server gone), lessons never opened open, their pictures shown."""
    from PIL import Image

    from bimtek.build import build_site
    from minimal import LESSON, write_project

    picture = LESSON.format(title="Sesi Satu").replace("Isi **topik**.", "Isi **topik**. ![Peta wilayah](../gambar/peta.png)")
    root = write_project(tmp_path / "project", lessons={"satu": picture, "dua": LESSON.format(title="Sesi Dua")})
    (root / "content" / "gambar").mkdir()
    Image.new("RGB", (40, 30), "teal").save(root / "content" / "gambar" / "peta.png")
    build_site(root)
    context = browser.new_context(viewport=PHONE)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        with serve(root / "site") as base:
            page.goto(base)
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10_000)
            button = page.locator(".bt-offline-save")
            expect(button).to_have_text("Simpan untuk dibaca tanpa sinyal")
            # The pages it counts: this one and those its menu and text link, of the site, no PDF.
            pages = page.evaluate("""() => new Set([location.href, ...Array.from(document.querySelectorAll('.md-nav a[href], article a[href]'),
                                     a => a.href)].map(u => u.split('#')[0]).filter(u => u.startsWith(location.origin) && !u.endsWith('.pdf'))).size""")
            button.click()
            status = page.locator(".bt-offline-status")
            expect(status).to_contain_text("Tersimpan:", timeout=20_000)
            saved = int(status.inner_text().split()[1])
            assert saved == pages >= 8, status.inner_text()  # home, agenda, both lessons, the toolkit's pages...: pages, not search's files
        for path, title in (("lessons/satu.html", "Sesi Satu"), ("lessons/dua.html", "Sesi Dua"), ("toolkit/glossary.html", "Glosarium")):
            page.goto(base + path)
            expect(page.locator("article h1").first).to_contain_text(title)
        page.goto(base + "lessons/satu.html")
        picture_shown = "(() => { const img = document.querySelector('article img[alt=\"Peta wilayah\"]'); return img.complete && img.naturalWidth; })()"
        page.wait_for_function(picture_shown, timeout=10_000)
        assert page.evaluate(picture_shown) == 40
        # Search too: a workshop's index is kept with the pages.
        page.locator('label.md-header__button[for="__search"]').click()
        page.keyboard.type("Dua")
        results = page.locator(".md-search-result__item")
        expect(results.first).to_contain_text("Sesi Dua", timeout=10_000)  # once the whole word is typed
        assert not errors, errors
    finally:
        context.close()


def test_save_to_read_offline_is_not_offered_without_a_service_worker(site, file_base, open_page):
    """From a folder (file://) no worker can keep pages: the button stays hidden."""
    page, _ = open_page(file_base + "index.html")
    page.wait_for_load_state("load")
    assert page.locator(".bt-offline").count() == 1
    assert not page.locator(".bt-offline").is_visible()


def test_the_preview_keeps_no_pages_offline(tmp_path, browser):
    """``bimtek serve`` reloads on every edit: no service worker may answer for it, and one
    left on the same address (a built site served there before) is removed."""
    import os
    import sys
    import time
    import urllib.request

    from minimal import write_project
    from test_serve import free_port, wait_for

    root = write_project(tmp_path)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bimtek", "serve", str(root), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    context = browser.new_context(viewport=PHONE)
    try:
        url = f"http://127.0.0.1:{port}/lessons/satu.html"
        assert wait_for(url, "Sesi Satu", 60) is not None, "the preview server did not start"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/bimtek-sw.js", timeout=5) as response:
            assert response.status == 200
        page = context.new_page()
        page.goto(url)
        page.evaluate("navigator.serviceWorker.register('../bimtek-sw.js', {scope: '/'}).then(() => navigator.serviceWorker.ready)")
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 1
        page.reload()
        page.wait_for_function("typeof window.livereload === 'function'")
        deadline = time.monotonic() + 10
        while page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=10)


# ---------------------------------------------------------------------------
# Checklists.

def test_checklist_ticks_persist_and_reset(site, base, open_page):
    path = first_lesson_with(site, ".bt-checklist")
    page, _ = open_page(base + path)
    checklist = page.locator(".bt-checklist").first
    key = checklist.get_attribute("data-checklist")
    total = checklist.locator("input[data-item]").count()
    progress = checklist.locator(".bt-progress")
    assert progress.is_visible()
    assert progress.inner_text().split()[0] == "0" and progress.inner_text().split()[-1] == str(total)

    labels = checklist.locator("label.bt-check")
    labels.nth(0).click()
    labels.nth(total - 1).click()
    assert progress.inner_text().split()[0] == "2"

    page.reload()
    checklist = page.locator(f'[data-checklist="{key}"]').first
    boxes = checklist.locator("input[data-item]")
    assert [boxes.nth(i).is_checked() for i in range(total)] == [True] + [False] * (total - 2) + [True]
    assert checklist.locator(".bt-progress").inner_text().split()[0] == "2"

    # The same checklist on the toolkit page (another URL) shows the same ticks.
    page.goto(base + "toolkit/checklists.html")
    elsewhere = page.locator(f'[data-checklist="{key}"]').first
    assert elsewhere.locator("input[data-item]").nth(0).is_checked()
    assert elsewhere.locator(".bt-progress").inner_text().split()[0] == "2"

    elsewhere.locator(".bt-reset").click()
    assert elsewhere.locator(".bt-progress").inner_text().split()[0] == "0"
    page.goto(base + path)
    boxes = page.locator(f'[data-checklist="{key}"]').first.locator("input[data-item]")
    assert not any(boxes.nth(i).is_checked() for i in range(total))


def test_checklist_is_keyboard_operable(site, http_base, open_page):
    page, _ = open_page(http_base + first_lesson_with(site, ".bt-checklist"), viewport=DESKTOP)
    checklist = page.locator(".bt-checklist").first
    checklist.locator("input[data-item]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    boxes = checklist.locator("input[data-item]")
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    assert checklist.locator(".bt-progress").inner_text().split()[0] == "2"
    # Every checkbox has a label a screen reader reads out.
    for i in range(boxes.count()):
        name = boxes.nth(i).evaluate("b => b.labels.length && b.labels[0].innerText.trim()")
        assert name, f"checkbox {i} has no label text"


# ---------------------------------------------------------------------------
# Quiz.

def quiz_questions(site: Path) -> tuple[str, str, str]:
    """A lesson whose quiz has a one-answer and a several-answers question: (path, single id, multiple id)."""
    for path in lesson_pages(site):
        single = multiple = None
        for question in soup(site / path).select(".bt-question"):
            answers = question["data-answer"].split(",")
            if len(answers) == 1 and single is None and question.select("input[type=radio]"):
                single = question["data-question"]
            if len(answers) > 1 and multiple is None:
                multiple = question["data-question"]
        if single and multiple:
            return path, single, multiple
    pytest.fail("no lesson quiz in the sample has both a one-answer and a several-answers question")


def test_quiz_right_wrong_score_and_try_again(site, base, open_page):
    path, single_id, multiple_id = quiz_questions(site)
    page, _ = open_page(base + path)
    form = page.locator("form.bt-quiz")
    labels = {name: form.get_attribute(f"data-label-{name}") for name in ("correct", "incorrect")}
    count = form.locator(".bt-question").count()
    assert form.locator(".bt-quiz-summary").is_hidden(), "no score before an answer"

    single = form.locator(f'[data-question="{single_id}"]')
    explanation = single.locator(".bt-explanation")
    assert explanation.count() == 0 or explanation.is_hidden(), "the explanation waits for an answer"
    check = single.locator(".bt-check-answer")
    assert check.is_visible() and check.is_disabled(), "nothing chosen yet"
    right = single.get_attribute("data-answer")
    wrong = next(str(i) for i in range(single.locator("input").count()) if str(i) != right)
    single.locator(f'label.bt-choice:has(input[value="{wrong}"])').click()
    check.click()
    feedback = single.locator(".bt-feedback")
    assert feedback.inner_text().strip() == labels["incorrect"]
    if explanation.count():
        expect(explanation).to_be_visible()
        assert explanation.get_attribute("open") is not None
    assert single.locator(".bt-choice-key input").get_attribute("value") == right, "the right answer is shown"
    assert single.locator(".bt-choice-wrong input").get_attribute("value") == wrong

    multiple = form.locator(f'[data-question="{multiple_id}"]')
    answers = multiple.get_attribute("data-answer").split(",")
    assert multiple.locator("input[type=checkbox]").count() >= len(answers)
    for value in answers:
        multiple.locator(f'label.bt-choice:has(input[value="{value}"])').click()
    multiple.locator(".bt-check-answer").click()
    assert multiple.locator(".bt-feedback").inner_text().strip() == labels["correct"]

    score = form.locator(".bt-score")
    assert score.is_visible()
    assert re.search(rf"\b1\s*/\s*{count}\b", score.inner_text()), score.inner_text()

    page.reload()  # answers given are kept on the device
    form = page.locator("form.bt-quiz")
    assert re.search(rf"\b1\s*/\s*{count}\b", form.locator(".bt-score").inner_text())
    assert form.locator(f'[data-question="{single_id}"] .bt-feedback').inner_text().strip() == labels["incorrect"]

    form.locator(".bt-retry").click()
    assert form.locator(".bt-quiz-summary").is_hidden()
    assert form.locator("input:checked").count() == 0
    assert form.locator("input:disabled").count() == 0
    assert all(text.strip() == "" for text in form.locator(".bt-feedback").all_inner_texts())
    page.reload()
    assert page.locator("form.bt-quiz .bt-quiz-summary").is_hidden()


def test_quiz_options_are_labelled_and_keyboard_operable(site, http_base, open_page):
    path, single_id, _ = quiz_questions(site)
    page, _ = open_page(http_base + path, viewport=DESKTOP)
    question = page.locator(f'[data-question="{single_id}"]')
    question.locator("input").first.focus()
    page.keyboard.press("ArrowDown")  # radio group: arrows move and choose
    assert question.locator("input").nth(1).is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('bt-check-answer')")
    page.keyboard.press("Enter")
    assert question.get_attribute("data-result") in {"correct", "incorrect"}
    names = page.locator(".bt-choice input").evaluate_all(
        "inputs => inputs.map(i => i.labels.length ? i.labels[0].innerText.trim() : '')")
    assert names and all(names)
    legends = page.locator(".bt-question legend").all_inner_texts()
    assert legends and all(text.strip() for text in legends)


def test_quiz_reads_well_without_javascript(site, http_base, open_page):
    path, _, _ = quiz_questions(site)
    page, _ = open_page(http_base + path, javascript=False)
    expected = [q.select_one("legend").get_text(" ", strip=True) for q in soup(site / path).select(".bt-question")]
    legends = page.locator(".bt-question legend")
    assert legends.count() == len(expected)
    for i, text in enumerate(expected):
        assert legends.nth(i).is_visible()
        assert text in legends.nth(i).inner_text()
    assert page.locator(".bt-choice").first.is_visible()
    for control in (".bt-check-answer", ".bt-quiz-summary", ".bt-checklist-bar"):
        assert all(not el.is_visible() for el in page.locator(control).all()), f"{control} needs JavaScript"


# ---------------------------------------------------------------------------
def test_home_page_shows_how_far_the_participant_got_in_each_lesson(site, base, open_page):
    """Ticks and quiz answers kept on the device add up on the lesson cards of the home page."""
    lessons = [path for path in lesson_pages(site) if soup(site / path).select_one(".bt-checklist") and soup(site / path).select_one("form.bt-quiz")]
    assert len(lessons) >= 3, "the sample has lessons with checklists and a quiz"
    done, started = lessons[0], lessons[1]
    page, _ = open_page(base + done)
    boxes = page.locator(".bt-checklist input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    questions = page.locator(".bt-question")
    asked = questions.count()
    for i in range(asked):
        question = questions.nth(i)
        question.locator("input").first.check()
        question.locator(".bt-check-answer").click()
    page.goto(base + started)
    page.locator(".bt-checklist input[type=checkbox]").first.check()
    page.goto(base + "index.html")
    cards = {card.get_attribute("data-progress-lesson"): card for card in page.locator(".bt-lesson-card").all()}
    stem = lambda path: path.rsplit("/", 1)[-1].removesuffix(".html")  # noqa: E731
    items = soup(site / done).select(".bt-checklist input[type=checkbox]")
    complete = cards[stem(done)].locator(".bt-lesson-progress")
    expect(complete).to_have_text(f"Progres Anda: daftar periksa {len(items)}/{len(items)} · kuis {asked}/{asked} · selesai ✓")
    expect(complete).to_have_class(re.compile("bt-progress-complete"))
    partial = cards[stem(started)].locator(".bt-lesson-progress")
    total = len(soup(site / started).select(".bt-checklist input[type=checkbox]"))
    quiz = len(soup(site / started).select(".bt-question"))
    expect(partial).to_have_text(f"Progres Anda: daftar periksa 1/{total} · kuis 0/{quiz}")
    untouched = [card for lesson_id, card in cards.items() if lesson_id not in (stem(done), stem(started))]
    assert untouched and all(not card.locator(".bt-lesson-progress").is_visible() for card in untouched), "nothing where nothing was started"


# Exercises: hints and answers on demand, notes kept.

def test_hints_and_answers_open_on_demand(site, http_base, open_page):
    path = first_lesson_with(site, ".bt-exercise details.bt-answer")
    page, _ = open_page(http_base + path)
    answer = page.locator("details.bt-answer").first
    body = answer.locator(":scope > :not(summary)").first
    assert answer.get_attribute("open") is None and not body.is_visible()
    answer.locator("summary").click()
    assert answer.get_attribute("open") is not None
    expect(body).to_be_visible()  # waits out the theme's opening animation
    hints = page.locator("details.bt-hint")
    if hints.count():
        hints.first.locator("summary").click()
        assert hints.first.get_attribute("open") is not None


def test_worksheet_notes_persist(site, base, open_page):
    path = first_lesson_with(site, "textarea[data-note]")
    page, _ = open_page(base + path)
    area = page.locator("textarea[data-note]").first
    key = area.get_attribute("data-note")
    assert page.locator(".bt-notes-saved").first.is_visible()
    note = "Catatan saya: unggahan 3 paling jelas.\nBaris kedua."
    area.fill(note)
    page.reload()
    assert page.locator(f'textarea[data-note="{key}"]').input_value() == note
    page.goto(base + "toolkit/exercises.html")
    assert page.locator(f'textarea[data-note="{key}"]').input_value() == note
    page.locator(f'textarea[data-note="{key}"]').fill("")
    page.goto(base + path)
    assert page.locator(f'textarea[data-note="{key}"]').input_value() == ""


# Exercises: the answers typed on the page, passed on to the facilitator.

SHARE_SHEET = """
window.__shared = [];
window.__shareFails = "";
navigator.share = function (data) {
  window.__shared.push(data);
  if (!window.__shareFails) return Promise.resolve();
  var error = new Error("share failed"); error.name = window.__shareFails;
  return Promise.reject(error);
};
"""
NO_CLIPBOARD_API = """
window.__clipboard = navigator.clipboard;
Object.defineProperty(Navigator.prototype, "clipboard", { get: function () { return undefined; } });
"""


def _shared_exercise(site: Path) -> tuple[str, str, str, list[str]]:
    """A lesson page with an exercise of two or more writing fields: its path, the exercise's
    element id, the first lines of the text passed on (exercise, lesson) and the fields' labels."""
    path = first_lesson_with(site, ".bt-exercise .bt-prompt + .bt-prompt")
    html = soup(site / path)
    exercise = next(e for e in html.select(".bt-exercise") if len(e.select(".bt-prompt")) >= 2)
    heading = html.select_one("article h1")
    heading.select_one("a.headerlink").decompose()
    head = exercise.select_one(".admonition-title").get_text(strip=True) + "\n" + heading.get_text(strip=True)
    return path, exercise["id"], head, [label.get_text(strip=True) for label in exercise.select(".bt-prompt label")]


def _answers_context(browser, base: str, script: str = ""):
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    if script:
        context.add_init_script(script)
    return context


def test_worksheet_answers_are_copied_for_the_facilitator(site, base, browser):
    path, exercise_id, head, labels = _shared_exercise(site)
    context = _answers_context(browser, base)
    page = context.new_page()
    log = record(page, base)
    page.goto(base + path)
    exercise = page.locator(f"#{exercise_id}")
    button, status = exercise.locator(".bt-share-answers"), exercise.locator(".bt-share-status")
    expect(button).to_be_visible()
    assert button.text_content() == "Bagikan jawaban"
    page.evaluate("navigator.clipboard.writeText('sebelumnya')")
    button.click()
    expect(status).to_have_text("Belum ada jawaban: tulis dulu di kolom di atas.")
    assert page.evaluate("navigator.clipboard.readText()") == "sebelumnya", "nothing to pass on: nothing copied"
    fields = exercise.locator("textarea")
    fields.nth(0).fill("  Akun Instagram @humas.kota\nbaris kedua  ")
    fields.nth(1).fill("Unggahan 3 paling jelas.")
    button.click()
    expect(status).to_have_text(re.compile("^Jawaban disalin"))
    answers = ["Akun Instagram @humas.kota\nbaris kedua", "Unggahan 3 paling jelas."] + ["-"] * (len(labels) - 2)
    expected = head + "\n\n" + "\n\n".join(f"{label}:\n{answer}" for label, answer in zip(labels, answers))
    assert page.evaluate("navigator.clipboard.readText()") == expected
    context.close()
    assert not log.outside() and not log.errors, (log.outside(), log.errors)


def test_worksheet_answers_go_to_the_phones_share_sheet(site, http_base, browser):
    """Where the browser has Web Share (phones), the answers go to its share sheet (WhatsApp,
    e-mail, ...); closing the sheet copies nothing; a sheet that cannot open falls back to a copy."""
    path, exercise_id, head, labels = _shared_exercise(site)
    context = _answers_context(browser, http_base, SHARE_SHEET)
    page = context.new_page()
    log = record(page, http_base)
    page.goto(http_base + path)
    exercise = page.locator(f"#{exercise_id}")
    button, status = exercise.locator(".bt-share-answers"), exercise.locator(".bt-share-status")
    exercise.locator("textarea").first.fill("Jawaban lewat lembar berbagi")
    page.evaluate("navigator.clipboard.writeText('sebelumnya')")
    button.click()
    page.wait_for_function("window.__shared.length === 1")
    shared = page.evaluate("window.__shared[0]")
    assert shared["text"].startswith(head + "\n\n" + labels[0] + ":\nJawaban lewat lembar berbagi")
    page.evaluate("window.__shareFails = 'AbortError'")
    button.click()
    page.wait_for_function("window.__shared.length === 2")
    page.wait_for_timeout(200)
    assert status.text_content() == ""
    assert page.evaluate("navigator.clipboard.readText()") == "sebelumnya", "the participant closed the sheet: no copy"
    page.evaluate("window.__shareFails = 'NotAllowedError'")
    button.click()
    expect(status).to_have_text(re.compile("^Jawaban disalin"))
    assert page.evaluate("navigator.clipboard.readText()") == shared["text"]
    context.close()
    assert not log.outside() and not log.errors, (log.outside(), log.errors)


def test_worksheet_answers_are_copied_without_the_clipboard_api(site, http_base, browser):
    """A page served over plain http from another machine has no clipboard API: still copied."""
    path, exercise_id, head, _ = _shared_exercise(site)
    context = _answers_context(browser, http_base, NO_CLIPBOARD_API)
    page = context.new_page()
    page.goto(http_base + path)
    assert page.evaluate("navigator.clipboard === undefined")
    exercise = page.locator(f"#{exercise_id}")
    exercise.locator("textarea").first.fill("disalin dengan cara lama")
    exercise.locator(".bt-share-answers").click()
    expect(exercise.locator(".bt-share-status")).to_have_text(re.compile("^Jawaban disalin"))
    assert page.evaluate("window.__clipboard.readText()").startswith(head)
    context.close()


def test_share_button_needs_javascript(site, http_base, open_page):
    path, exercise_id, _, _ = _shared_exercise(site)
    page, _ = open_page(http_base + path, javascript=False)
    assert page.locator(f"#{exercise_id} .bt-share").count() == 1
    assert not page.locator(f"#{exercise_id} .bt-share").is_visible(), "without JavaScript the button would do nothing"


# ---------------------------------------------------------------------------
# Phone width, accessibility, print.

def _answer(form, wrong: range | list[int]) -> None:
    """Answer every question of a test form: one wrong choice for those numbered in ``wrong``
    (from 0), every right choice for the others."""
    form.locator("input:checked").evaluate_all("els => els.forEach(e => { e.checked = false; })")
    questions = form.locator(".bt-question")
    for index in range(questions.count()):
        question = questions.nth(index)
        key = question.get_attribute("data-answer").split(",")
        choices = question.locator("input").count()
        for value in [next(str(i) for i in range(choices) if str(i) not in key)] if index in wrong else key:
            question.locator(f'label.bt-choice:has(input[value="{value}"])').click()


def test_pre_test_then_post_test_score_the_change_and_only_then_show_the_key(site, base, open_page):
    page, _ = open_page(base + "test.html")
    form, other = page.locator("#tes-hari-1"), page.locator("#tes-hari-2")
    count = form.locator(".bt-question").count()
    submit, status = form.locator(".bt-test-submit"), form.locator(".bt-test-status")
    expect(submit).to_have_text("Kirim tes awal")
    assert form.locator(".bt-test-results").is_hidden() and form.locator(".bt-choice-key").count() == 0
    assert all(not e.is_visible() for e in form.locator(".bt-explanation").all()), "no explanation before the post-test"

    form.locator(".bt-question").first.locator("input").first.check()
    submit.click()
    expect(status).to_have_text(f"Masih ada {count - 1} soal yang belum dijawab.")
    assert page.evaluate("document.activeElement.closest('.bt-question')?.id") == form.locator(".bt-question").nth(1).get_attribute("id")

    _answer(form, wrong=range(count))
    submit.click()
    expect(form.locator('[data-result="pre"]')).to_have_text(f"Tes awal: 0 dari {count} benar (0%)")
    expect(form.locator('[data-result="pre"]')).to_be_focused()  # the score is read out, and in view
    expect(status).to_have_text(re.compile("^Tes awal tersimpan"))
    expect(submit).to_have_text("Kirim tes akhir")
    assert form.locator("input:checked").count() == 0, "the same questions again, blank, for the post-test"
    assert form.locator(".bt-choice-key").count() == 0 and form.locator(".bt-feedback:visible").count() == 0, "no key after the pre-test"

    page.reload()  # kept on the device
    form = page.locator("#tes-hari-1")
    expect(form.locator('[data-result="pre"]')).to_have_text(f"Tes awal: 0 dari {count} benar (0%)")
    expect(form.locator(".bt-test-submit")).to_have_text("Kirim tes akhir")

    _answer(form, wrong=[])
    form.locator(".bt-test-submit").click()
    expect(form.locator('[data-result="post"]')).to_have_text(f"Tes akhir: {count} dari {count} benar (100%)")
    expect(form.locator(".bt-test-change")).to_have_text("Perubahan: +100 poin")
    expect(form.locator('[data-result="post"]')).to_be_focused()
    assert form.locator(".bt-test-actions").is_hidden(), "a test is taken twice, no more"
    assert form.locator('.bt-question[data-result="correct"]').count() == count
    assert form.locator("input:disabled").count() == form.locator("input").count()
    explanations = form.locator(".bt-explanation")
    assert explanations.count() and all(e.is_visible() for e in explanations.all()), "after the post-test, the explanations"

    page.reload()
    form = page.locator("#tes-hari-1")
    expect(form.locator(".bt-test-change")).to_have_text("Perubahan: +100 poin")
    assert form.locator('.bt-question[data-result="correct"]').count() == count
    assert page.locator("#tes-hari-2 .bt-test-results").is_hidden(), "each day's test is its own"
    assert other.locator(".bt-test-submit").inner_text() == "Kirim tes awal"

    form.locator(".bt-test-retake").click()
    assert form.locator(".bt-test-results").is_hidden() and form.locator("input:disabled").count() == 0
    expect(form.locator(".bt-test-submit")).to_have_text("Kirim tes awal")
    page.reload()
    assert page.locator("#tes-hari-1 .bt-test-results").is_hidden()


def test_test_results_are_shared_with_the_organisers(site, http_base, browser):
    context = _answers_context(browser, http_base)
    page = context.new_page()
    log = record(page, http_base)
    page.goto(http_base + "test.html")
    form = page.locator("#tes-hari-2")
    count = form.locator(".bt-question").count()
    _answer(form, wrong=range(count))
    form.locator(".bt-test-submit").click()
    assert form.locator(".bt-share-results").is_hidden(), "results are passed on after the post-test"
    _answer(form, wrong=[0])
    form.locator(".bt-test-submit").click()
    form.locator(".bt-share-results").click()
    expect(form.locator(".bt-share-status")).to_have_text(re.compile("^Hasil disalin"))
    title = soup(site / "test.html").select("h2")[1]
    title.select_one("a.headerlink").decompose()
    percent = round(100 * (count - 1) / count)
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"Tes Awal dan Tes Akhir · {title.get_text(strip=True)}\n"
        f"Tes awal: 0 dari {count} benar (0%)\nTes akhir: {count - 1} dari {count} benar ({percent}%)\nPerubahan: +{percent} poin")
    assert form.locator('.bt-question[data-result="incorrect"]').count() == 1

    page.fill("#peserta-nama", "Rina Wulandari")  # typed once, it goes with everything passed on
    form.locator(".bt-share-results").click()
    expect(form.locator(".bt-share-status")).to_have_text(re.compile("^Hasil disalin"))
    assert page.evaluate("navigator.clipboard.readText()").split("\n")[:3] == [
        f"Tes Awal dan Tes Akhir · {title.get_text(strip=True)}", "Nama: Rina Wulandari", f"Tes awal: 0 dari {count} benar (0%)"]
    path, exercise_id, head, _ = _shared_exercise(site)
    page.goto(http_base + path)
    exercise = page.locator(f"#{exercise_id}")
    exercise.locator("textarea").first.fill("Jawaban.")
    exercise.locator(".bt-share-answers").click()
    expect(exercise.locator(".bt-share-status")).to_have_text(re.compile("^Jawaban disalin"))
    assert page.evaluate("navigator.clipboard.readText()").startswith(head + "\nNama: Rina Wulandari\n\n")
    page.goto(http_base + "rtl.html")
    expect(page.locator("#rtl-participant_name")).to_have_value("Rina Wulandari")
    context.close()
    assert not log.outside() and not log.errors, (log.outside(), log.errors)


def test_the_test_page_without_javascript_says_to_use_the_sheet(site, http_base, open_page):
    page, _ = open_page(http_base + "test.html", javascript=False)
    expect(page.locator(".bt-test-noscript").first).to_be_visible()
    assert page.locator(".bt-test-actions:visible, .bt-test-results:visible, .bt-explanation:visible, .bt-test-who:visible").count() == 0
    assert page.locator(".bt-question legend").first.is_visible(), "the questions still read"


def test_follow_up_plan_is_kept_and_passed_on_without_the_steps_left_empty(site, http_base, browser):
    context = _answers_context(browser, http_base)
    page = context.new_page()
    log = record(page, http_base)
    page.goto(http_base + "rtl.html")
    button, status = page.locator(".bt-follow-up .bt-share-answers"), page.locator(".bt-follow-up .bt-share-status")
    button.click()
    expect(status).to_have_text("RTL masih kosong: tulis dulu di kolom di atas.")
    page.fill("#rtl-participant_name", "Budi Santoso")
    page.fill("#rtl-1-follow_up_activity", "Audit akun Instagram dinas")
    page.fill("#rtl-1-follow_up_when", "Pekan depan")
    page.reload()
    expect(page.locator("#rtl-1-follow_up_activity")).to_have_value("Audit akun Instagram dinas")
    expect(page.locator(".bt-follow-up .bt-notes-saved")).to_be_visible()
    page.locator(".bt-follow-up .bt-share-answers").click()
    expect(page.locator(".bt-follow-up .bt-share-status")).to_have_text(re.compile("^RTL disalin"))
    head = soup(site / "rtl.html").select_one(".bt-follow-up .bt-share-answers")["data-lesson"]
    step = ["Kegiatan:\nAudit akun Instagram dinas", "Tujuan dan sasaran:\n-", "Waktu pelaksanaan:\nPekan depan",
            "Pihak yang dilibatkan:\n-", "Indikator keberhasilan:\n-"]
    assert page.evaluate("navigator.clipboard.readText()") == "\n\n".join(
        [head, "Nama:\nBudi Santoso", "Jabatan / Instansi:\n-"] + [f"Langkah 1 · {field}" for field in step])
    context.close()
    assert not log.outside() and not log.errors, (log.outside(), log.errors)


def test_evaluation_is_kept_and_passed_on_as_rows_of_the_organisers_tables(site, http_base, browser, tmp_path):
    """What a participant shares is what the organisers paste into their tables: the activity
    report then reads it (the whole way from the phone to the report's figures)."""
    from bimtek.evaluations import read_evaluations
    from bimtek.project import load_project

    context = _answers_context(browser, http_base)
    page = context.new_page()
    log = record(page, http_base)
    page.goto(http_base + "evaluasi.html")
    button, status = page.locator(".bt-share-evaluation"), page.locator(".bt-evaluation .bt-share-status")
    button.click()
    expect(status).to_have_text("Evaluasi masih kosong: pilih dulu nilai di atas.")
    forms = page.locator("details.bt-evaluation-form")
    first, organisation = forms.first, forms.last
    person = first.get_attribute("data-person")
    first.locator("summary").click()
    first.locator("[data-aspect='1'] label.bt-evaluation-score").nth(3).click()
    first.locator("[data-aspect='3'] label.bt-evaluation-score").nth(1).click()
    expect(first.locator(".bt-evaluation-progress")).to_have_text("2/8")
    organisation.locator("summary").click()
    for aspect in range(1, 8):
        organisation.locator(f"[data-aspect='{aspect}'] label.bt-evaluation-score").nth(2).click()
    expect(organisation.locator(".bt-evaluation-progress")).to_have_text("7/7 ✓")
    page.reload()
    expect(page.locator("details.bt-evaluation-form").first.locator("[data-aspect='1'] input[value='4']")).to_be_checked()
    page.locator(".bt-share-evaluation").click()
    expect(page.locator(".bt-evaluation .bt-share-status")).to_have_text(re.compile("^Evaluasi disalin"))
    shared = page.evaluate("navigator.clipboard.readText()")
    title = soup(site / "evaluasi.html").select_one(".bt-share-evaluation")["data-title"]
    assert shared == (f"{title}\n\nevaluasi-narasumber.csv\nnarasumber;1;2;3;4;5;6;7;8\n{person};4;;2;;;;;\n\n"
                      "evaluasi-penyelenggaraan.csv\n1;2;3;4;5;6;7\n3;3;3;3;3;3;3"), "no name: the forms are anonymous"
    context.close()
    assert not log.outside() and not log.errors, (log.outside(), log.errors)

    project = site.parent / "sample"
    blocks = dict(block.split("\n", 1) for block in shared.split("\n\n")[1:])
    for name, rows in blocks.items():
        (project / name).write_text(rows + "\n", encoding="utf-8")
    workshop = load_project(project)[0].workshop
    evaluations, problems = read_evaluations(project, workshop)
    assert problems == [] and evaluations.organisation_forms == [[3] * 7]
    (scores,) = evaluations.speaker_forms.values()
    assert scores == [[4, None, 2, None, None, None, None, None]]


def test_the_evaluation_page_without_javascript_says_to_use_the_printed_forms(site, http_base, open_page):
    page, _ = open_page(http_base + "evaluasi.html", javascript=False)
    expect(page.locator(".bt-evaluation-noscript")).to_be_visible()
    assert page.locator(".bt-share-evaluation:visible").count() == 0, "nothing to share without the script that keeps the choices"


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_phone_width_no_horizontal_scroll_and_large_tap_targets(site, http_base, open_page, javascript):
    """Also without JavaScript, which is how a page first shows on a slow connection, until
    material's script (last in the page) has come: nothing may then stick out either."""
    checked_targets = 0
    for path in MAIN_PAGES + lesson_pages(site) + ["toolkit/checklists.html", "toolkit/exercises.html", "test.html", "rtl.html", "evaluasi.html"]:
        page, _ = open_page(http_base + path, viewport=PHONE, javascript=javascript)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"], f"{path}: page is {width}px wide at {PHONE['width']}px"
        for details in page.locator("details.bt-evaluation-form").all():
            details.evaluate("d => d.open = true")  # folded forms: their choices are tapped once opened
        for selector in ("label.bt-check", "label.bt-choice", ".bt-reset", ".bt-check-answer", ".bt-share-answers", ".bt-test-submit",
                         "label.bt-evaluation-score", ".bt-share-evaluation", "details.bt-evaluation-form > summary",
                         "details.bt-hint > summary", "details.bt-answer > summary", "details.bt-explanation > summary"):
            for box in page.locator(selector).evaluate_all(
                    "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)"):
                assert box >= 44, f"{path}: {selector} is {box:.0f}px high"
                checked_targets += 1
        page.context.close()
    assert checked_targets > 0


def test_phone_writing_fields_are_not_zoomed_into(site, http_base, open_page):
    """A phone's browser (Safari on an iPhone) zooms into a field whose text is under 16 px when it
    is tapped, and the page then stays wider than the screen: worksheet fields sit in an exercise's
    smaller type, yet their own text is 16 px, like the name and the follow-up plan's fields."""
    checked = 0
    for path in [first_lesson_with(site, "textarea[data-note]"), "toolkit/exercises.html", "test.html", "rtl.html"]:
        page, _ = open_page(http_base + path, viewport=PHONE)
        sizes = page.locator("article textarea, article input[type=text]").evaluate_all(
            "els => els.filter(e => e.offsetParent).map(e => [e.id, parseFloat(getComputedStyle(e).fontSize)])")
        small = [(name, size) for name, size in sizes if size < 16]
        assert not small, f"{path}: fields under 16px: {small[:5]}"
        checked += len(sizes)
        page.context.close()
    assert checked > 0


def test_an_exercise_reads_at_the_pages_size_on_a_phone(site, http_base, open_page):
    """An exercise is the participant's task: its instructions and steps are as large as the text
    around them (16 px on a phone), not the theme's smaller type for notes (12.8 px)."""
    page, _ = open_page(http_base + first_lesson_with(site, ".bt-exercise .bt-steps"), viewport=PHONE)
    size = "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    body = page.locator("article .bt-md > p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    exercise = page.locator("article .bt-exercise .bt-instructions p, article .bt-exercise .bt-steps li").evaluate_all(size)
    assert exercise and body >= 16 and all(px == body for px in exercise), (body, exercise[:5])
    page.context.close()


def test_a_table_wider_than_the_phone_scrolls_from_the_keyboard_too(site, http_base, open_page):
    """The box a wide table scrolls in takes focus (axe: scrollable-region-focusable), so that a
    keyboard can scroll it as a finger does; a table that fits is left out of the tab order."""
    wide = 0
    for path in lesson_pages(site):
        if soup(site / path).select_one("article table") is None:
            continue
        page, _ = open_page(http_base + path, viewport=PHONE)
        page.wait_for_selector(".md-typeset__scrollwrap", state="attached")
        boxes = page.locator(".md-typeset__scrollwrap").evaluate_all(
            "els => els.map(e => [e.scrollWidth > e.clientWidth, e.getAttribute('tabindex')])")
        assert all((tabindex == "0") == scrolls for scrolls, tabindex in boxes), (path, boxes)
        assert axe_violations(page, rules=("scrollable-region-focusable",)) == [], path
        wide += sum(scrolls for scrolls, _ in boxes)
        page.context.close()
    assert wide > 0, "the sample has a table wider than a phone"


def test_every_page_is_legible_with_everything_opened(site, http_base, open_page):
    """Text contrast and links told apart from the text around them (axe-core), on every page with
    what a participant opens shown: hints, answers, explanations, the evaluation forms' choices."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob("*.html")) + lesson_pages(site) + \
        sorted(p.relative_to(site).as_posix() for p in (site / "toolkit").glob("*.html"))
    for path in pages:
        page, _ = open_page(http_base + path, viewport=PHONE)
        page.locator("details").evaluate_all("els => els.forEach(d => { d.open = true; })")
        page.locator(".bt-explanation").evaluate_all("els => els.forEach(e => { e.hidden = false; })")  # shown once answered
        violations = axe_violations(page, rules=("color-contrast", "link-in-text-block"))
        assert not violations, f"{path}: {violations}"
        page.context.close()


def test_downloads_page_shows_each_pdfs_pages_and_size(site, tmp_path, browser):
    """A participant on a slow connection sees what a tap costs, from the folder and over HTTP;
    a PDF not made yet (and a page without JavaScript) shows only that it is a PDF."""
    from pypdf import PdfReader

    from bimtek.handouts import make_handouts
    from bimtek.project import load_project

    copy = tmp_path / "site"
    shutil.copytree(site, copy, symlinks=True)
    project, _ = load_project(site.parent / "sample")
    lists = soup(copy / "downloads.html").select("ul.bt-downloads")
    assert len(lists) == 3, "the participants' PDFs, the slides, then the organisers'"
    made = sorted(listing.select("[data-handout]")[-1]["data-handout"] for listing in lists)  # one of each list
    make_handouts(project, copy, only=set(made), progress=False)
    expected = {}
    for name in made:
        pdf = copy / "handouts" / name
        pages, kb = len(PdfReader(pdf).pages), round(pdf.stat().st_size / 1024)
        expected[name] = f"PDF · {pages} halaman · {kb} KB"
    with serve(copy) as http:
        for base in (http, copy.as_uri() + "/"):
            for javascript in (True, False):
                context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
                page = context.new_page()
                log = record(page, base)
                page.goto(base + "downloads.html")
                files = page.locator(".bt-downloads [data-handout]")
                if javascript:
                    expect(files.filter(has_text="halaman")).to_have_count(len(made))
                shown = {files.nth(i).get_attribute("data-handout"): files.nth(i).inner_text().strip() for i in range(files.count())}
                for name, text in shown.items():
                    assert text == (expected[name] if javascript and name in expected else "PDF"), (base, name, text)
                if javascript and base == http:
                    assert axe_violations(page) == [], "the figures are readable (contrast) like the rest"
                if javascript:
                    assert sum(url.endswith("/figures.js") for url in log.urls) == 1, "both lists wait for one script"
                assert not log.outside() and not log.errors, (log.outside(), log.errors)
                context.close()


def test_agenda_is_readable_on_a_phone(http_base, open_page):
    page, _ = open_page(http_base + "agenda.html", viewport=PHONE)
    table = page.locator("table.bt-agenda").first
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "the agenda fits the screen"
    sizes = table.locator("td").evaluate_all("cells => cells.map(c => parseFloat(getComputedStyle(c).fontSize))")
    assert min(sizes) >= 12, f"agenda text too small: {min(sizes)}px"
    time_cell = table.locator("td.bt-time").first
    assert time_cell.evaluate("c => c.scrollWidth <= c.clientWidth"), "times are not clipped"


@pytest.mark.parametrize("which", ["index.html", "agenda.html", "downloads.html", "test.html", "rtl.html", "evaluasi.html", "lesson"])
def test_no_serious_accessibility_violations(site, http_base, open_page, which):
    path = first_lesson_with(site, "form.bt-quiz") if which == "lesson" else which
    for viewport in (PHONE, DESKTOP):
        page, _ = open_page(http_base + path, viewport=viewport)
        violations = axe_violations(page)
        assert not violations, f"{path} at {viewport['width']}px: {violations}"
        page.context.close()


def test_printed_lesson_is_clean(site, http_base, open_page):
    path = first_lesson_with(site, ".bt-exercise details.bt-answer")
    page, _ = open_page(http_base + path, viewport=DESKTOP)
    page.locator("details.bt-answer summary").first.click()  # opened on screen ...
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        assert all(not el.is_visible() for el in page.locator(chrome).all()), f"{chrome} is printed"
    for hidden in ("details.bt-answer", "details.bt-hint", "details.bt-explanation",
                   ".bt-check-answer", ".bt-reset", ".bt-quiz-summary", ".bt-share"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), f"{hidden} is printed"
    assert page.locator("article h1").is_visible()
    assert page.locator(".bt-exercise").first.is_visible()


def test_printed_lesson_has_my_notes_and_no_answers(site, http_base, open_page, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian poppler-utils, installed by `make test`) is missing")
    path = first_lesson_with(site, ".bt-exercise details.bt-answer")
    page, _ = open_page(http_base + path, viewport=DESKTOP)
    area = page.locator("textarea[data-note]").first
    rows = int(area.get_attribute("rows"))
    lines = [f"catatan-peserta-{i}" for i in range(1, rows + 6)]  # more lines than the box shows
    area.fill("\n".join(lines))
    page.locator("details.bt-answer summary").first.click()
    page.emulate_media(media="print")
    pdf = tmp_path / "lesson.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert all(line in text for line in lines), "the participant's notes print in full"
    answer = soup(site / path).select_one("details.bt-answer")
    answer.summary.decompose()
    sentence = max(re.split(r"(?<=[.!?])\s+", answer.get_text(" ", strip=True)), key=len)
    assert " ".join(sentence.split()[:6]) not in " ".join(text.split()), "example answers stay out of print"


# ---------------------------------------------------------------------------
# Other set-ups: material's instant navigation, a project from `bimtek init`.

def test_checklists_work_with_instant_navigation(tmp_path, browser):
    """A trainer may turn on navigation.instant (server only): bimtek.js then runs
    for every page material swaps in, through its document$ observable."""
    from bimtek.build import build_site

    root = copy_project(REPO_ROOT, tmp_path / "instant")
    site_dir = tmp_path / "instant-site"
    with serve(site_dir) as base:
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"(?m)^(\s*)- navigation\.sections", r"\1- navigation.instant\n\1- navigation.sections", config, count=1)
        assert "navigation.instant" in config
        (root / "mkdocs.yml").write_text(config + f"\nsite_url: {base}\n", encoding="utf-8")
        build_site(root, site_dir=site_dir)
        path = first_lesson_with(site_dir, ".bt-checklist")
        page = browser.new_page(viewport=DESKTOP)
        log = record(page, base)
        try:
            page.goto(base + path)
            key = page.locator(".bt-checklist").first.get_attribute("data-checklist")
            page.locator(".bt-checklist label.bt-check").first.click()
            page.evaluate("window.__sameDocument = true")
            page.locator('.md-nav a[href$="toolkit/checklists.html"]').first.click()
            page.wait_for_url("**/toolkit/checklists.html")
            assert page.evaluate("window.__sameDocument === true"), "instant navigation swapped the page in place"
            checklist = page.locator(f'[data-checklist="{key}"]').first
            checklist.locator(".bt-progress").wait_for()
            assert checklist.locator("input[data-item]").first.is_checked()
            assert checklist.locator(".bt-progress").inner_text().split()[0] == "1"
            assert not log.outside() and not log.errors, (log.outside(), log.errors)
        finally:
            page.context.close()


def test_new_project_is_offline_too(tmp_path, browser):
    """`bimtek init` writes the same offline settings: search from a folder, nothing fetched."""
    from bimtek.build import build_site
    from bimtek.scaffold import init_project

    root = tmp_path / "baru"
    init_project(root)
    _, _, site_dir = build_site(root, site_dir=tmp_path / "baru-site")
    base = site_dir.as_uri() + "/"
    page = browser.new_page(viewport=DESKTOP)
    log = record(page, base)
    try:
        page.goto(base + "index.html")
        title = soup(site_dir / lesson_pages(site_dir)[0]).select_one("article h1").get_text(" ", strip=True)
        page.keyboard.press("/")
        page.keyboard.type(max(re.findall(r"\w+", title), key=len))
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert not log.outside() and not log.errors, (log.outside(), log.errors)
    finally:
        page.context.close()
