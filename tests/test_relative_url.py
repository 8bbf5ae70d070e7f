"""Links between generated pages: bimtek.render.relative_url must give what os.path.relpath gives."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

import pytest

from bimtek.render import relative_url

PAGES = ["index.md", "agenda.md", "lessons/x.md", "lessons/index.md", "days/1/index.md", "days/12/index.md",
         "toolkit/exercises.md", "a/b/c/d.md"]
TARGETS = ["lessons/x.md", "lessons/x.md#latihan-1", "lessons/y.md", "index.md", "x.md", "days/1/index.md",
           "days/2/index.md#a", "handouts/x.pdf", "toolkit/glossary.md#istilah", "assets/bimtek/a.css", "a/b/c/e.md",
           "a/b/x.md", "a.b/c.md", "lessons/", "lessons", "", "#top", "./x.md", "../y.md", "days/1/"]


def _by_relpath(page_path: str, target: str) -> str:
    path, _, anchor = target.partition("#")
    html = PurePosixPath(path)
    if html.suffix == ".md":
        html = html.with_suffix(".html")
    relative = PurePosixPath(os.path.relpath(html, PurePosixPath(page_path).parent or "."))
    return str(relative) + (f"#{anchor}" if anchor else "")


@pytest.mark.parametrize("page_path", PAGES)
def test_relative_url_is_what_relpath_gives(page_path: str):
    assert [relative_url(page_path, target) for target in TARGETS] == [_by_relpath(page_path, t) for t in TARGETS]


def test_examples():
    assert relative_url("toolkit/exercises.md", "lessons/satu.md#latihan-1") == "../lessons/satu.html#latihan-1"
    assert relative_url("lessons/satu.md", "lessons/dua.md") == "dua.html"
    assert relative_url("index.md", "handouts/satu.pdf") == "handouts/satu.pdf"
