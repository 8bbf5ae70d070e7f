"""Jinja's output escaped without markupsafe's wrapper: the same text, still escaped."""

from __future__ import annotations

from pathlib import Path

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bimtek import jinja_speed
from bimtek.cache import NoCache
from bimtek.jinja_speed import escape_output
from bimtek.project import load_project
from bimtek.render import make_environment, render_site
from minimal import LESSON, WORKSHOP, write_project


class Html:
    def __html__(self) -> str:
        return "<b>aman</b>"


class Text(str):
    """A str subclass (as an enum's value may be): escaped as its str()."""


@pytest.mark.parametrize("value", ["", "polos", "<script>alert('x')</script>", 'a & "b"', markupsafe.Markup("<i>ok</i>"),
                                   12, 1.5, None, True, Html(), Text("<u>")])
def test_escape_output_writes_what_markupsafe_escape_writes(value):
    assert escape_output(value) == str(markupsafe.escape(value))


@given(st.text())
def test_escape_output_matches_markupsafe_on_any_text(text):
    assert escape_output(text) == str(markupsafe.escape(text))


def test_the_site_templates_use_it(tmp_path: Path):
    project, _ = load_project(write_project(tmp_path / "p"), NoCache())
    template = make_environment(project, "site").get_template("lesson.md.j2")
    assert template.root_render_func.__globals__["escape"] is escape_output  # else the speed-up is silently gone


def test_pages_are_the_same_with_and_without_it_and_content_stays_escaped(tmp_path: Path, monkeypatch):
    hostile = "'<script>alert(\"x\")</script> & Tom''s <b>'"
    root = write_project(tmp_path / "p", lessons={"satu": LESSON.format(title=hostile), "dua": LESSON.format(title="Sesi Dua")})
    project, _ = load_project(root, NoCache())
    fast = {page.path: page.content for page in render_site(project, NoCache()).pages}
    monkeypatch.setattr(jinja_speed, "_escape_inner", None)  # plain Jinja: markupsafe.escape
    plain = {page.path: page.content for page in render_site(project, NoCache()).pages}
    assert fast == plain
    lesson = fast["lessons/satu.md"]
    assert "&lt;script&gt;alert" in lesson and "&amp; Tom" in lesson
    assert "<script>alert" not in lesson and "<b>" not in lesson
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Tom&#39;s &lt;b&gt;" in fast["index.md"]  # in HTML: every character


# --- compiled templates kept for the next process --------------------------------

RENDER_AND_COUNT = """
import json, sys
from pathlib import Path
import jinja2
compiled = []
real = jinja2.Environment.compile
def counting(self, source, name=None, filename=None, *args, **kwargs):
    compiled.append(name or "")
    return real(self, source, name, filename, *args, **kwargs)
jinja2.Environment.compile = counting
from bimtek.cache import NoCache
from bimtek.project import load_project
from bimtek.render import render_site
project, _ = load_project(Path(sys.argv[1]), NoCache())
pages = {page.path: page.content for page in render_site(project, NoCache()).pages}
print(json.dumps({"compiled": compiled, "pages": pages}))
"""


def render_in_new_process(root: Path, cache_home: Path, **env: str) -> dict:
    """Render ``root``'s site in a new Python process (as each ``bimtek build`` is): the templates it
    compiled, and its pages."""
    import json
    import os
    import subprocess
    import sys

    from conftest import REPO_ROOT

    environment = {**{k: v for k, v in os.environ.items() if k != "BIMTEK_CACHE"}, "PYTHONPATH": str(REPO_ROOT / "generator"),
                   "XDG_CACHE_HOME": str(cache_home), **env}
    result = subprocess.run([sys.executable, "-c", RENDER_AND_COUNT, str(root)], capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_new_process_reuses_the_templates_an_earlier_one_compiled(tmp_path: Path):
    root = write_project(tmp_path / "p")
    cache_home = tmp_path / "cache"
    first = render_in_new_process(root, cache_home)
    assert "lesson.md.j2" in first["compiled"] and "_components.html.j2" in first["compiled"]
    assert list((cache_home / "bimtek" / "templates").glob("*/*.jinja")), "kept in the user's cache folder"
    second = render_in_new_process(root, cache_home)
    assert second["compiled"] == [], "nothing compiled again"
    assert second["pages"] == first["pages"]

    # A project's own copy of a template is its own source: compiled, and used.
    own = root / "templates" / "site" / "lesson.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text((Path(__file__).resolve().parent.parent / "templates/site/lesson.md.j2").read_text(encoding="utf-8")
                   .replace("# {{ lesson.title | md }}", "# {{ lesson.title | md }} (VERSI-SENDIRI)"), encoding="utf-8")
    third = render_in_new_process(root, cache_home)
    assert third["compiled"] == ["lesson.md.j2"]
    assert "(VERSI-SENDIRI)" in third["pages"]["lessons/satu.md"]
    own.write_text(own.read_text(encoding="utf-8").replace("VERSI-SENDIRI", "VERSI-KEDUA"), encoding="utf-8")
    fourth = render_in_new_process(root, cache_home)
    assert fourth["compiled"] == ["lesson.md.j2"] and "(VERSI-KEDUA)" in fourth["pages"]["lessons/satu.md"]


def test_labels_compiled_into_templates_follow_the_workshop_language(tmp_path: Path):
    cache_home = tmp_path / "cache"
    indonesian = render_in_new_process(write_project(tmp_path / "id"), cache_home)
    english = render_in_new_process(write_project(tmp_path / "en", workshop=WORKSHOP.replace("language: id", "language: en")), cache_home)
    assert "## Deskripsi Singkat" in indonesian["pages"]["lessons/satu.md"]
    assert "## Summary" in english["pages"]["lessons/satu.md"] and "Deskripsi Singkat" not in english["pages"]["lessons/satu.md"]
    assert "lesson.md.j2" in english["compiled"], "the Indonesian compilation is not the English one"


def test_damaged_compiled_templates_are_compiled_again(tmp_path: Path):
    root = write_project(tmp_path / "p")
    cache_home = tmp_path / "cache"
    first = render_in_new_process(root, cache_home)
    kept = list((cache_home / "bimtek" / "templates").glob("*/*.jinja"))
    for index, path in enumerate(kept):  # cut short, garbage after a good header, or empty
        data = path.read_bytes()
        path.write_bytes([data[: len(data) // 2], data[:40] + b"\x00garbage" * 10, b""][index % 3])
    again = render_in_new_process(root, cache_home)
    assert again["pages"] == first["pages"]
    assert sorted(again["compiled"]) == sorted(first["compiled"])
    assert render_in_new_process(root, cache_home)["compiled"] == [], "replaced by good ones"


def test_no_folder_is_written_with_the_cache_off_and_an_unwritable_one_only_costs_time(tmp_path: Path):
    root = write_project(tmp_path / "p")
    off = render_in_new_process(root, tmp_path / "off", BIMTEK_CACHE="off")
    assert not (tmp_path / "off").exists()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would go", encoding="utf-8")
    assert render_in_new_process(root, blocked)["pages"] == off["pages"]
    assert blocked.read_text(encoding="utf-8") == "a file where the folder would go"


def test_folders_unused_for_a_month_are_removed_when_a_new_one_is_made(tmp_path: Path):
    import os
    import time

    cache_home = tmp_path / "cache"
    parent = cache_home / "bimtek" / "templates"
    old, recent = parent / ("0" * 32), parent / ("1" * 32)
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "x.jinja").write_bytes(b"")
    month_ago = time.time() - (jinja_speed.UNUSED_DAYS + 1) * 86400
    os.utime(old, (month_ago, month_ago))
    render_in_new_process(write_project(tmp_path / "p"), cache_home)
    assert not old.exists() and recent.is_dir()
    assert len([folder for folder in parent.iterdir() if folder not in (recent,)]) >= 1, "the new one"
