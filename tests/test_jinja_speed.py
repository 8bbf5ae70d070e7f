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
from minimal import LESSON, write_project


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

