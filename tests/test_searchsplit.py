"""Search sections found by bimtek.searchsplit must be the ones material's own parser finds,
on every page of the sample as MkDocs hands it to search, and on the HTML it reads by other rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from bimtek import searchsplit
from bimtek.build import build_site


def _material(html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return _plain(parser.data)


def _plain(sections) -> list[tuple]:
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in sections]


def test_every_sample_page_is_split_as_material_splits_it(sample_project: Path, monkeypatch: pytest.MonkeyPatch):
    seen: dict[str, object] = {}
    split = searchsplit.split_sections

    def recording(html: str):
        seen[html] = result = split(html)
        return result

    monkeypatch.setattr(searchsplit, "split_sections", recording)
    _, _, site = build_site(sample_project)
    lessons = list((sample_project / "content" / "lessons").glob("*.yml"))
    assert len(seen) >= len(lessons) > 3, "every generated page passes the splitter"
    for html, sections in seen.items():
        assert sections is not None, "the sample's pages are plain HTML: none needs material's parser"
        assert _plain(sections) == _material(html)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("lessons/") and "#" in doc["location"] for doc in index["docs"])


def test_the_search_index_is_the_same_without_the_splitter(sample_project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    _, _, site = build_site(sample_project, site_dir=tmp_path / "fast")
    fast = (site / "search" / "search_index.json").read_bytes()
    monkeypatch.setenv("BIMTEK_CACHE", "off")
    monkeypatch.setattr(searchsplit, "split_sections", lambda html: None)
    _, _, site = build_site(sample_project, site_dir=tmp_path / "material")
    assert (site / "search" / "search_index.json").read_bytes() == fast


SPLIT_HERE = [
    "<p>Teks sebelum judul</p>\n<h2 id=\"dua\">Dua</h2>\n<p>isi &amp; lagi &lt;b&gt;</p>",
    "<h1 id=\"a\">Satu<a class=\"headerlink\" href=\"#a\" title=\"Permanent link\">&para;</a></h1>\n<p>x</p>",
    "<h1>tanpa id</h1><h2 id=\"b\">B</h2><h3>c</h3><h3 id='d'>D</h3><p>teks</p>",
    "<div><h2 id=\"dalam\">Dalam div</h2><p>a</p></div><p>setelah div</p><h2 id=\"z\">Z</h2>",
    "<pre><code>baris 1\n\n  baris 3 &lt;x&gt;\n</code></pre>\n\n\n<p>\n  spasi\n\n</p><p> </p><ul><li></li><li>isi</li></ul>",
    "<div data-search-exclude><p>tersembunyi</p><div>dalam</div><p>muncul lagi?</p></div><p>terlihat</p>",
    "<table class=\"linenodiv\"><tr><td>1</td></tr></table><p>kode</p>",
    "<p>baris<br>patah<br/>lagi<br /> <img src=\"a.png\" alt=\"gambar\"/> <span/>akhir</p>",
    "<p>ter<sub>bawah</sub> dan <sup>atas</sup> <code>kode</code> <em>miring</em></p><ol><li>a</li></ol>",
    "<h2 id=\"x\" class=\"c\" data-a='1' hidden>Judul <code>kode</code> <strong>tebal</strong></h2>teks lepas",
    "<details class=\"tip\"><summary>Petunjuk</summary><p>isi</p></details><input type=\"checkbox\" checked>",
    "<textarea name=\"jawaban\" rows=\"4\"></textarea><p>setelah</p>",
    "<p>tidak ditutup<div>lalu div</div></p></p></div>",
    "",
    "teks saja",
    "<p title=\"a < b\" data-x='<>'>nilai dengan &lt; di atribut</p>",
]

READ_BY_OTHER_RULES = [
    "<p>a</p><!-- catatan --><p>b</p>",
    "<p>1 < 2</p>",
    "<script>var a = '<p>';</script><p>x</p>",
    "<style>p { color: red }</style><p>x</p>",
    "<textarea>jawaban <b>awal</b></textarea>",
    "<P>HURUF BESAR</P>",
    "<!DOCTYPE html><p>x</p>",
    "<p>tag tidak selesai <a href=\"x\"",
    "<a href=x/y>garis miring tanpa tanda kutip</a>",
]


@pytest.mark.parametrize("html", SPLIT_HERE)
def test_plain_html_is_split_as_material_splits_it(html: str):
    sections = searchsplit.split_sections(html)
    assert sections is not None
    assert _plain(sections) == _material(html)


@pytest.mark.parametrize("html", READ_BY_OTHER_RULES)
def test_html_read_by_other_rules_is_left_to_material(html: str):
    assert searchsplit.split_sections(html) is None
