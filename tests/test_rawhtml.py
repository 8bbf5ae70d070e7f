"""Generated pages' HTML blocks handed past Python-Markdown (bimtek.rawhtml): the output must be
byte for byte what Markdown itself writes, with the same anchors, on every page of the sample."""

from __future__ import annotations

import markdown
import pytest
import yaml

from bimtek.project import load_project
from bimtek.rawhtml import anchor_ids, protect_html, restore_html
from bimtek.render import render_site
from conftest import REPO_ROOT


def _engine() -> markdown.Markdown:
    """Python-Markdown with the sample's mkdocs.yml extensions, as MkDocs builds it."""
    names, configs = [], {}
    for item in yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = config or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _both(text: str) -> tuple[str, str, list[str]]:
    direct = _engine().convert(text)
    protected, blocks = protect_html(text)
    return direct, restore_html(_engine().convert(protected), blocks), blocks


def test_every_sample_page_renders_identically_and_keeps_its_anchors():
    from mkdocs.structure.pages import _HTMLHandler

    project, _ = load_project(REPO_ROOT)
    pages = render_site(project).pages
    assert len(pages) > 10
    for page in pages:
        direct, fast, blocks = _both(page.content)
        assert fast == direct, page.path
        raw = _HTMLHandler()
        raw.feed(page.content)
        raw.close()
        assert anchor_ids(blocks) == raw.present_anchor_ids, page.path
        if page.path.startswith("lessons/"):
            assert blocks, f"{page.path}: its HTML blocks are handed past Markdown"


@pytest.mark.parametrize("text", [
    "# Judul\n\n<div class=\"a\">\n<pre><code>baris satu\n\nbaris tiga</code></pre>\n</div>\n\nTeks *miring*.",
    "<div markdown=\"1\">\n*ditekankan*\n</div>\n\n<div>\n<p>biasa</p>\n</div>",
    "<a href=\"#x\">tautan</a> di awal paragraf\n\n<ul>\n<li>satu</li>\n</ul>",
    "<div>\n<p>tanpa penutup\n\n## Judul",
    "<div><p>a</p></div> teks setelahnya\n\n<p id='tunggal' class=x>b</p>",
    "```html\n<div>\n\n<p>dalam kode</p>\n</div>\n```\n\n<div>\n<p>x</p>\n</div>",
    "Teks BIMTEKRAWBLOCK000000X\n\n<div>\n<p>x</p>\n</div>",
    "<details class=\"tip\">\n<summary>Petunjuk</summary>\n<p>isi<br>baris <img src=\"a.png\" alt=\"\"></p>\n</details>\n\n<hr>\n\n<!-- catatan -->",
])
def test_edge_cases_render_as_markdown_renders_them(text):
    direct, fast, _ = _both(text)
    assert fast == direct


def test_what_is_not_plain_html_is_left_to_markdown():
    assert protect_html("<div markdown=\"1\">\n*x*\n</div>") == ("<div markdown=\"1\">\n*x*\n</div>", [])
    assert protect_html("```\n<div>\n</div>\n```\n\n<div>\n</div>")[1] == []
    assert protect_html("<a href=\"#\">x</a> teks")[1] == []
    text, blocks = protect_html("## A\n\n<div id=\"satu\">\n<p>x</p>\n</div>\n\n## B")
    assert blocks == ["<div id=\"satu\">\n<p>x</p>\n</div>"] and "<div" not in text
    assert anchor_ids(blocks) == {"satu"}


@pytest.mark.parametrize("chunk", [
    "<div class=\"a\"><p>x</p></div>", "</div >", "<br/><img src=x><div/>", "</br></img>", "<di<v>", "<a href='x>y'>z</a>",
    "<p>a < b > c</p>", "<ul>\n<li>satu</li>\n<li>dua", "</ul></details>", "<DIV><Span>x</span></DIV>", "<x-y:z a=1/>",
])
def test_tags_are_counted_in_one_pass_as_by_a_pattern_for_each_kind(chunk):
    import re

    from bimtek import rawhtml

    void = rawhtml._VOID_NAME
    opens = re.compile(rf"<(?!{void})[a-zA-Z][\w:-]*(?:\s[^<>]*)?(?<!/)>")
    closes = re.compile(rf"</(?!{void})[a-zA-Z][\w:-]*(?:\s[^<>]*)?(?<!/)>")
    assert rawhtml._depth_change(chunk) == len(opens.findall(chunk)) - len(closes.findall(chunk))
