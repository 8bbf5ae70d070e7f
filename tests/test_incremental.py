"""Dirty rebuilds (what ``bimtek serve`` runs on each edit): only changed pages are written again."""

from __future__ import annotations

import time
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from minimal import LESSON, write_project


def build(root: Path, site: Path) -> None:
    """One rebuild as ``mkdocs serve`` runs it: a fresh config, the plugin object kept."""
    mkdocs_build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)), dirty=True)


def count_compiled_templates(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from now on, none compiled before (as in a new process)."""
    import jinja2

    from bimtek import compiled as compiled_templates

    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name or "")
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    monkeypatch.setattr(compiled_templates, "_COMPILED", {})
    monkeypatch.setattr(compiled_templates, "compiled_templates_folder", lambda: None)  # nor kept by an earlier process
    return compiled


def test_a_dirty_rebuild_rewrites_changed_pages_and_all_pages_when_the_nav_changes(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = write_project(tmp_path / "project")
    site = tmp_path / "site"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        mkdocs_build(config, dirty=True)
        satu, dua = site / "lessons/satu.html", site / "lessons/dua.html"
        before = dua.stat().st_mtime_ns
        time.sleep(0.05)

        lesson = root / "content/lessons/satu.yml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("Isi **topik**.", "Isi TEKS-BARU."), encoding="utf-8")
        build(root, site)
        assert "TEKS-BARU" in satu.read_text(encoding="utf-8")
        assert dua.stat().st_mtime_ns == before, "an unchanged page is not written again"

        lesson.write_text(LESSON.format(title="Judul Navigasi Baru"), encoding="utf-8")
        build(root, site)
        nav = BeautifulSoup(dua.read_text(encoding="utf-8"), "html.parser").select_one("nav.md-nav--primary")
        assert "Judul Navigasi Baru" in nav.get_text(), "a new title reaches the navigation of every page"
    finally:
        config.plugins.on_shutdown()


def test_a_rebuild_does_not_compile_or_list_the_theme_again(tmp_path: Path, monkeypatch):
    """mkdocs serve makes new Jinja environments on each rebuild; the theme's compiled templates
    and the list of its files are kept: the same site, without compiling material again."""
    from bimtek import mkdocs_speed

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = write_project(tmp_path / "project")
    compiled = count_compiled_templates(monkeypatch)
    monkeypatch.setattr(mkdocs_speed, "_LISTED", {})
    build(root, tmp_path / "site-1")
    first = (tmp_path / "site-1/lessons/satu.html").read_bytes()
    assert "main.html" in compiled and "partials/language.html" in compiled
    compiled.clear()
    build(root, tmp_path / "site-2")
    assert mkdocs_speed._LISTED, "the installed theme's files were listed once"
    assert not {"main.html", "base.html", "404.html", "partials/language.html"} & set(compiled), compiled
    assert (tmp_path / "site-2/lessons/satu.html").read_bytes() == first
    listed = [sorted(p.relative_to(tmp_path / f"site-{n}").as_posix() for p in (tmp_path / f"site-{n}").rglob("*")) for n in (1, 2)]
    assert listed[0] == listed[1]
    assert any(name.startswith("assets/javascripts/bundle.") for name in listed[1]), "the theme's files are copied on a rebuild too"


def test_a_rebuild_renders_an_edited_lesson_without_compiling_bimteks_templates_again(tmp_path: Path, monkeypatch):
    """bimtek serve makes a new environment for the pages on each edit: the templates compiled
    for the last one are used (an edited template is compiled again: tests/test_cache.py)."""
    from bimtek import render
    from bimtek.cache import NoCache
    from bimtek.project import load_project

    root = write_project(tmp_path / "project")
    compiled = count_compiled_templates(monkeypatch)
    project, _ = load_project(root, NoCache())
    render.render_site(project, NoCache())
    assert {"lesson.md.j2", "_components.html.j2", "home.md.j2"} <= set(compiled)
    compiled.clear()
    lesson = root / "content/lessons/satu.yml"
    lesson.write_text(LESSON.format(title="Judul Baru Sesudah Suntingan"), encoding="utf-8")
    project, _ = load_project(root, NoCache())
    pages = {page.path: page.content for page in render.render_site(project, NoCache()).pages}
    assert "Judul Baru Sesudah Suntingan" in pages["lessons/satu.md"]
    assert compiled == []
