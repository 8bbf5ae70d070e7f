"""Property-based tests (Hypothesis): whatever a trainer's editor produces, the
loader returns a model or diagnostics pointing at real lines, never raises; a
model that loads always renders; and a few generated projects build with MkDocs.

Files are generated two ways: by mutating the text of a valid lesson/workshop
(typing slips, stray YAML punctuation, lost indentation, pasted Unicode) and by
mutating its data (a wrong type or a hostile string in any field) then dumping
it as YAML.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bimtek.project import check_project
from bimtek.render import render_site
from minimal import LESSON, WORKSHOP, write_project

COMMON = dict(database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CHECK_SETTINGS = settings(max_examples=150, deadline=dt.timedelta(seconds=5), **COMMON)
RENDER_SETTINGS = settings(max_examples=60, deadline=dt.timedelta(seconds=5), **COMMON)
BUILD_SETTINGS = settings(max_examples=3, deadline=dt.timedelta(seconds=30), **COMMON)

VALID_LESSON = LESSON.format(title="Sesi Satu")

# What slips into YAML from phones, Word and WhatsApp: YAML punctuation, tabs,
# CR, non-breaking and zero-width spaces, smart quotes, emoji, Arabic, controls.
NASTY = st.sampled_from(list(":-[]{}\"'#&*!|>%@`,?\t\r\n \u00a0\u200b\u201c\u201d\u2019\ufeff😀مa1\x00\x07\\"))
FRAGMENT = st.text(NASTY, min_size=1, max_size=6) | st.sampled_from(
    ["\n  ", ": ", "- ", "&a ", "*a", "!!python/object:os.system ", "{{ 7*7 }}", "<script>", "---\n", "...\n", "? ", "<<: "])


@st.composite
def mutated_text(draw, base: str) -> str:
    """``base`` with a few random edits: insertions, deletions, duplicated or swapped lines, re-indents."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "indent", "truncate"]))
        lines = text.split("\n")
        if action == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(FRAGMENT) + text[at:]
        elif action == "delete" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        elif action == "duplicate":
            at = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[: at + 1] + [lines[at]] + lines[at + 1:])
        elif action == "swap" and len(lines) > 1:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif action == "indent":
            at = draw(st.integers(0, len(lines) - 1))
            lines[at] = draw(st.sampled_from(["", " ", "   ", "\t", "      "])) + lines[at].lstrip(" ")
            text = "\n".join(lines)
        elif action == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
    return text


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.sampled_from(["", "25:00", "2021-02-30", "../..", "Ada Spasi", "<script>alert(1)</script>",
                                           "{{ 7*7 }}", "{% raw %}", "# judul", "a | b", "![x](/etc/passwd)", "😀" * 30]),
    st.lists(st.text(max_size=10), max_size=3), st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2),
)


def _paths(data, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


@st.composite
def mutated_data(draw, base: str) -> str:
    """``base`` parsed, with a few values replaced by junk, keys dropped or added, dumped back to YAML."""
    data = copy.deepcopy(yaml.safe_load(base))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(JUNK)
        elif action == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["titel", "minutes", "id", "extra", "allow_raw_html"]))] = draw(JUNK)
        else:
            parent.append(draw(JUNK))
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False, default_flow_style=draw(st.sampled_from([False, None])))


def _check_and_render(root: Path) -> None:
    """The property: diagnostics point at real lines of real files; a model that loads renders."""
    result = check_project(root)  # must not raise
    for diagnostic in result.diagnostics:
        assert diagnostic.severity in ("error", "warning")
        assert diagnostic.message and "\n" not in diagnostic.message, diagnostic
        path = Path(diagnostic.path)
        path = path if path.is_absolute() else Path.cwd() / path
        if path.is_file():
            lines = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
            assert 1 <= diagnostic.line <= len(lines), (str(diagnostic), len(lines))
            assert diagnostic.column >= 1, str(diagnostic)
        else:
            assert path.is_dir(), str(diagnostic)
    if not result.errors:
        site = render_site(result.project)
        assert any(page.path == "lessons/satu.md" for page in site.pages) or "satu" not in result.project.lessons


@pytest.fixture
def project(tmp_path) -> Path:
    return write_project(tmp_path / "proyek")


def _write(root: Path, name: str, text: str | bytes) -> None:
    target = root / "content" / name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")


@CHECK_SETTINGS
@given(text=mutated_text(VALID_LESSON))
def test_mutated_lesson_text_gives_a_model_or_located_diagnostics(project, text):
    _write(project, "lessons/satu.yml", text)
    _check_and_render(project)


@CHECK_SETTINGS
@given(text=mutated_text(WORKSHOP))
def test_mutated_workshop_text_gives_a_model_or_located_diagnostics(project, text):
    _write(project, "workshop.yml", text)
    _check_and_render(project)


@CHECK_SETTINGS
@given(data=st.binary(max_size=300), at=st.integers(0, len(VALID_LESSON)))
def test_random_bytes_in_a_lesson(project, data, at):
    raw = VALID_LESSON.encode()
    _write(project, "lessons/satu.yml", raw[:at] + data + raw[at:])
    _check_and_render(project)


@RENDER_SETTINGS
@given(text=mutated_data(VALID_LESSON))
def test_mutated_lesson_data_gives_a_model_or_located_diagnostics(project, text):
    _write(project, "lessons/satu.yml", text)
    _check_and_render(project)


@RENDER_SETTINGS
@given(text=mutated_data(WORKSHOP))
def test_mutated_workshop_data_gives_a_model_or_located_diagnostics(project, text):
    _write(project, "workshop.yml", text)
    _check_and_render(project)


PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(lambda s: s.strip())


@RENDER_SETTINGS
@given(title=PRINTABLE, body=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200),
       point=PRINTABLE)
def test_any_text_in_a_valid_lesson_renders(project, title, body, point):
    data = yaml.safe_load(VALID_LESSON)
    data["title"], data["key_points"] = title, [point]
    data["topics"][0]["body"] = body if body.strip() else "x"
    _write(project, "lessons/satu.yml", yaml.safe_dump(data, allow_unicode=True))
    _check_and_render(project)


@BUILD_SETTINGS
@example(title="¶", body="0")  # a title that is the theme's permalink sign
@given(title=PRINTABLE, body=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120).filter(lambda s: s.strip()))
def test_generated_lessons_build_with_mkdocs(tmp_path, title, body):
    from bs4 import BeautifulSoup

    from bimtek.build import build_site

    data = yaml.safe_load(VALID_LESSON)
    data["title"] = title
    data["topics"][0]["body"] = body
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        root = write_project(Path(folder) / "proyek")
        _write(root, "lessons/satu.yml", yaml.safe_dump(data, allow_unicode=True))
        result = check_project(root)
        if result.errors:  # e.g. a body that links outside the project: a located error is the right answer
            return _check_and_render(root)
        build_site(root)
        soup = BeautifulSoup((root / "site" / "lessons" / "satu.html").read_text(encoding="utf-8"), "html.parser")
        heading = soup.find("h1")
        for permalink in heading.select("a.headerlink"):
            permalink.decompose()  # the theme's "¶" (not the title's own: hypothesis tried one)
        assert heading.get_text() == " ".join(title.split())
        shutil.rmtree(root / "site")


MARKDOWN_TOKENS = st.sampled_from(["- ", "* ", "1. ", "> ", "[", "]", "](", ")", "![", "<", ">", "<a ", "</a>", "<div>", "\n", "\n\n",
                                   "===", "---", ": ", "`", "```", "*", "_", "|", "#", "    ", "\t", "&", "\\", "{", "}", "x", "kata "])


@settings(max_examples=300, deadline=dt.timedelta(seconds=5), **COMMON)
@given(parts=st.lists(MARKDOWN_TOKENS, max_size=600))
def test_markdown_of_any_shape_renders_or_is_refused(parts):
    """The Markdown renderer never raises and never stalls on text the checks let through."""
    import time

    from bimtek.markup import markdown_problem, markdown_to_html

    text = "".join(parts)
    if markdown_problem(text):
        return
    started = time.perf_counter()
    for raw in (False, True):
        html = str(markdown_to_html(text, allow_raw_html=raw))
        assert raw or "<script" not in html
    assert time.perf_counter() - started < 2.0
