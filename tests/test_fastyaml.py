"""The C speed-up that reads plain YAML files (bimtek/_fastyaml.c) gives the loader's data
or gives up; it never gives other data, and it does not give up on ordinary lessons.

The reference is bimtek's own loader (PyYAML's node tree, built by bimtek.yamldata).
Data are compared strictly: ``True == 1`` and ``1 == 1.0`` in Python, not here.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bimtek import yamlfile
from bimtek.cache import Cache
from bimtek.project import check_project
from conftest import REPO_ROOT
from minimal import WORKSHOP
from test_loader import _SCALARS
from test_properties import COMMON, VALID_LESSON, mutated_data, mutated_text

try:
    from bimtek import _fastyaml as fastyaml
except ImportError:  # pragma: no cover - the Makefile builds it; say how when it did not
    fastyaml = None

FUZZ = settings(max_examples=400, deadline=dt.timedelta(seconds=5), **COMMON)


def test_the_speed_up_is_built():
    """make setup builds it (gcc and libyaml-dev are among the Debian packages it installs)."""
    assert fastyaml is not None, "bimtek._fastyaml is not built: run 'make setup' (it needs gcc and libyaml-dev)"
    assert yamlfile._load_plain is fastyaml.load, "built from an older source: run 'make setup'"


def same(a, b) -> bool:
    """Equal data of equal types, all the way down (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


_FAILED = object()


def reference(text: str):
    """What the loader makes of ``text`` (without the speed-up): its data, or _FAILED on a problem."""
    raw = text.encode("utf-8")
    saved, yamlfile._load_plain = yamlfile._load_plain, None
    try:
        return yamlfile._parse(Path("x.yml"), raw, "", positions=False).data
    except yamlfile.YamlProblems:
        return _FAILED
    finally:
        yamlfile._load_plain = saved


def fast(text: str):
    """What the speed-up makes of ``text`` as the loader hands it over (decoded, line breaks normalised)."""
    try:
        decoded = yamlfile._decode(text.encode("utf-8"), "x.yml")
    except yamlfile.YamlProblems:
        return None
    return fastyaml.load(decoded.encode("utf-8"))


def assert_agrees(text: str) -> None:
    found = fast(text)
    if found is None:
        return  # gave up: the loader reads it (and reports its problems)
    expected = reference(text)
    assert expected is not _FAILED, f"the speed-up read a file the loader refuses: {text!r}"
    assert same(found[0], expected), (text, found[0], expected)
    assert same(json.loads(found[1]), expected), ("its JSON", text, found[1])


def ordinary_files() -> list[Path]:
    return sorted((REPO_ROOT / "content").rglob("*.yml"))


@pytest.mark.parametrize("path", ordinary_files(), ids=lambda p: p.name)
def test_the_sample_is_read_by_the_speed_up_as_by_the_loader(path: Path):
    text = path.read_text(encoding="utf-8")
    found = fast(text)
    assert found is not None, f"the speed-up gave up on {path.name}, an ordinary file"
    assert same(found[0], reference(text))
    assert found[1] == json.dumps(found[0], ensure_ascii=False, separators=(",", ":"))


def test_the_minimal_files_and_the_bench_lessons_are_read_by_the_speed_up(tmp_path: Path):
    import sys

    sys.path.insert(0, str(REPO_ROOT / "bench"))
    from synthetic import make_project  # the bench's realistic lessons

    root = make_project(tmp_path / "p", 3)
    generated = [path.read_text(encoding="utf-8") for path in sorted((root / "content").rglob("*.yml"))]
    assert len(generated) == 4
    for text in (WORKSHOP, VALID_LESSON, *generated):
        found = fast(text)
        assert found is not None
        assert same(found[0], reference(text))
        assert json.loads(found[1]) == found[0]
        assert found[1] == json.dumps(found[0], ensure_ascii=False, separators=(",", ":")), "as the cache wrote it before"


@pytest.mark.parametrize("path", sorted((Path(__file__).parent / "bad_input").rglob("*.yml")), ids=lambda p: p.name)
def test_bad_input_is_read_as_by_the_loader_or_left_to_it(path: Path):
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any parser")
    assert_agrees(text)


@pytest.mark.parametrize("value", _SCALARS)
@pytest.mark.parametrize("form", ["key: {}", "key: '{}'", 'key: "{}"', "- {}", "key: [{}]", "{{key: {}}}", "key: |\n  {}\n", "{}"])
def test_scalars_resolve_as_the_loader_resolves_them(value: str, form: str):
    assert_agrees(form.format(value))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: 2\n",                       # an anchor
    "a: &x [1]\nb: *x\n",                    # an alias
    "a: !!int '3'\n",                        # a tag
    "a: !!str 3\n",
    "a: ! 3\n",
    "!!map {a: 1}\n",
    "a: !foo bar\n",
    "base: {x: 1}\n<<: {y: 2}\n",           # a merge key
    "!!merge a: 1\n",                        # a tag on a key (the loader refuses this one)
    "&k a: 1\n",                             # an anchor on a key
    "a: 1\na: 2\n",                          # a duplicate key
    "a: 1\n---\nb: 2\n",                     # two documents
    "a: [1\n",                               # a syntax error
    "? [a, b]\n: 1\n",                       # a key that is a list
    "? {a: 1}\n: 1\n",
    "a: " + "[" * 101 + "]" * 101 + "\n",   # deeper than the loader allows
    "a: " + "9" * 5000 + "\n",              # an integer Python refuses to read
])
def test_what_the_loader_must_judge_is_left_to_it(text: str):
    assert fast(text) is None
    expected = reference(text)
    if expected is not _FAILED:  # a tag the loader accepts, an integer... it reads them itself
        assert text.startswith(("a: !!int", "a: !!str", "a: ! ", "!!map", "a: &x 1", "&k a"))


@pytest.mark.parametrize("text", [
    "", "# only a comment\n", "---\n", "---\n...\n", "a: 1\n...\n", "%YAML 1.2\n---\na: 1\n",
    "'<<': 1\n", "a: '<<'\n", "1: a\ntrue: b\nnull: c\n~: d\n", "a:\nb: \n", "- \n- ~\n",
    "a: 1.0e999\nb: -.5\nc: 5.\nd: +0\ne: -0.0\n", "a: 0007\nb: -010\n",
    "a: |\n  line\n\n  more\n\nb: >-\n  folded\n  text\n", "a: 'it''s'\nb: \"tab\\tand \\u00e9 \\x41\"\n",
    "k: \"\\ud83d\\ude00\"\n", "{a: [1, {b: c}], d: []}\n", "[]\n", "{}\n", "text\n", "- - - deep\n",
    "a: b: c\n", "a:\n  - x\n  -\n  - 'y'\n", "empty: ''\nspace: ' '\n", "ä: ö\n😀: 😀\n",
    "a: \"\\0\\a\\b\\t\\n\\v\\f\\r\\e \\\" \\\\ \\/ \\x7f \\x1f\"\n", "a: '\\'\n", "a: 1.5e-07\nb: 100000000000000000000\nc: 1.0e999\nd: -1.0e999\n",
])
def test_the_corners_of_plain_yaml_agree(text: str):
    assert_agrees(text)


@FUZZ
@given(text=mutated_text(VALID_LESSON))
def test_mutated_lessons_are_read_as_by_the_loader(text: str):
    assert_agrees(text)


@FUZZ
@given(text=mutated_data(VALID_LESSON))
def test_lessons_with_odd_values_are_read_as_by_the_loader(text: str):
    assert_agrees(text)


SCALAR_TEXT = st.text(st.sampled_from(list("0123456789+-.eE_xoa:~ntruefalsNUL \t'\"#")), max_size=8)


@FUZZ
@given(values=st.lists(SCALAR_TEXT, min_size=1, max_size=4))
def test_number_like_values_are_read_as_by_the_loader(values: list[str]):
    assert_agrees("".join(f"k{i}: {value}\n" for i, value in enumerate(values)))
    assert_agrees("".join(f"- {value}\n" for value in values))


def test_a_cold_check_of_the_sample_reads_every_file_with_the_speed_up(sample_project: Path, monkeypatch):
    """check_project on a project never read before: each YAML file goes through the speed-up, which
    reads it (none is left to the slower loader), and the result is the one the loader gives."""
    calls: list[bool] = []

    def counting(text: bytes):
        found = fastyaml.load(text)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(yamlfile, "_load_plain", counting)
    with_speed_up = check_project(sample_project)
    files = len(list((sample_project / "content").rglob("*.yml")))
    assert calls == [True] * files
    monkeypatch.setattr(yamlfile, "_load_plain", None)
    shutil.rmtree(sample_project / ".bimtek-cache")
    Cache(sample_project / ".bimtek-cache").forget()  # this process's memory of the files, too
    without = check_project(sample_project)
    assert with_speed_up.diagnostics == without.diagnostics
    assert with_speed_up.project.workshop == without.project.workshop
    assert with_speed_up.project.lessons == without.project.lessons
