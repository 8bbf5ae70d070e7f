"""MkDocs' Markdown pass with one engine per process (bimtek.markdown_engine): every page's HTML,
table of contents, title and anchors as MkDocs' own ``Page.render`` gives them, page after page."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from bimtek import markdown_engine
from bimtek.project import load_project
from bimtek.render import render_site
from conftest import REPO_ROOT

EDGE_CASES = {
    "a.md": "# Judul\n\n## Tujuan\n\nTeks[^1] dengan *tekanan* dan [tautan](b.md#tujuan).\n\n[^1]: Catatan kaki.\n\n## Tujuan\n",
    "b.md": "# Judul\n\n## Tujuan {#tujuan}\n\n!!! note \"Catatan\"\n    isi\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div id=\"x\" markdown=\"1\">*md*</div>\n",
    "c.md": "Tanpa judul\n\n??? tip \"Buka\"\n    isi\n\n## Tujuan\n\n<a name=\"jangkar\"></a>\n",
}


def _config(tmp_path: Path, extensions: str | None = None):
    source = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if extensions is not None:
        source = source.split("markdown_extensions:")[0] + "markdown_extensions:\n" + extensions
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(source, encoding="utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    config = load_config(str(config_file), docs_dir=str(tmp_path / "content"))
    config.plugins._current_plugin = None  # as during a build, for File.generated
    return config


def _pages(config, sources: dict[str, str]) -> list[Page]:
    files = Files([File.generated(config, path, content=text) for path, text in sources.items()])
    pages = [Page(None, file, config) for file in files]
    for page in pages:
        page.read_source(config)
    return pages, files


def _rendered(page: Page) -> tuple:
    return (page.content, [(item.title, item.id, item.level, [child.id for child in item.children]) for item in page.toc],
            page._title_from_render, sorted(page.present_anchor_ids or ()),
            {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()})


def _same_as_mkdocs(config, sources: dict[str, str]) -> list[Page]:
    ours, files = _pages(config, sources)
    theirs, _ = _pages(config, sources)
    for kept, own in zip(ours, theirs):  # one after the other: what a page leaves in the engine must not show
        markdown_engine.render_page(kept, config, files)
        Page.render(own, config, files)
        assert _rendered(kept) == _rendered(own), kept.file.src_uri
    return ours


def test_every_sample_page_renders_as_mkdocs_renders_it(tmp_path: Path):
    project, _ = load_project(REPO_ROOT)
    config = _config(tmp_path)
    assert markdown_engine._engine(config) is not None, "the sample's extensions are all known: its engine is kept"
    pages = _same_as_mkdocs(config, {page.path: page.content for page in render_site(project).pages} | EDGE_CASES)
    assert len(pages) > 15
    assert [item.id for item in list(pages[-3].toc)[0].children] == ["tujuan", "tujuan_1"], "ids count from 0 on each page"


def test_what_extensions_keep_per_page_does_not_reach_the_next_page(tmp_path: Path):
    config = _config(tmp_path, "  - toc:\n      permalink: true\n  - footnotes\n  - abbr\n  - def_list\n  - attr_list\n"
                     "  - md_in_html\n  - admonition\n  - pymdownx.details\n  - tables\n")
    assert markdown_engine._engine(config) is not None
    twice = {**EDGE_CASES, **{f"lagi/{path}": text for path, text in EDGE_CASES.items()}}
    twice["d.md"] = "*[HTML]: Hyper Text\n\nHTML di sini[^a].\n\n[^a]: Catatan d.\n"
    twice["e.md"] = "HTML di sana[^a].\n\n[^a]: Catatan e.\n"
    ours = {page.file.src_uri: page for page in _same_as_mkdocs(config, twice)}
    assert [item.id for item in list(ours["lagi/a.md"].toc)[0].children] == ["tujuan", "tujuan_1"], "ids count from 0 on each page"
    assert "<abbr" in ours["d.md"].content and "<abbr" not in ours["e.md"].content
    assert "Catatan d." in ours["d.md"].content and "Catatan d." not in ours["e.md"].content


def test_protected_pages_with_placeholders_left_out_of_the_inline_pass_come_back_the_same(tmp_path: Path):
    from bimtek.rawhtml import PLACEHOLDER_TEXT, protect_html, restore_html

    project, _ = load_project(REPO_ROOT)
    config = _config(tmp_path)
    sources = {page.path: page.content for page in render_site(project).pages}
    ours, files = _pages(config, sources)
    theirs, _ = _pages(config, sources)
    protected = 0
    for kept, own in zip(ours, theirs):
        source = kept.markdown
        kept.markdown, blocks = protect_html(source)
        protected += bool(blocks)
        markdown_engine.render_page(kept, config, files, placeholders=PLACEHOLDER_TEXT if blocks else None)
        kept.content = restore_html(kept.content, blocks)
        Page.render(own, config, files)
        assert kept.content == own.content, kept.file.src_uri
        assert [item.id for item in kept.toc] == [item.id for item in own.toc] and kept.title == own.title
    assert protected > 10


@pytest.mark.parametrize("extensions", ["  - toc\n  - pymdownx.superfences\n", "  - toc\n  - pymdownx.snippets\n"])
def test_an_engine_with_other_extensions_is_built_for_every_page(tmp_path: Path, extensions: str):
    config = _config(tmp_path, extensions)
    assert markdown_engine._engine(config) is None
    pages, files = _pages(config, EDGE_CASES)
    markdown_engine.render_page(pages[0], config, files)
    assert '<h2 id="tujuan">' in pages[0].content
