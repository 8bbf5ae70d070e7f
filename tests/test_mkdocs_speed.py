"""Pages written on all cores (bimtek.mkdocs_write) must be the files MkDocs writes alone,
say nothing MkDocs would not, and stand aside when a plugin wants to see each page written."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bimtek import mkdocs_plugin, mkdocs_search, mkdocs_write
from bimtek.build import build_site
from bimtek.parallel import cores
from test_catalogue import add_hook, catalogue

pytestmark = pytest.mark.skipif(cores() < 2, reason="pages are written on several cores only where there are several")


def _record_written(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    calls: list[set[str]] = []
    real = mkdocs_write.write_pages_in_parallel

    def recording(*args, **kwargs):
        calls.append(real(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(mkdocs_plugin, "write_pages_in_parallel", recording)
    return calls


def _add_recorder(root: Path, record: Path, event: str, line: str, returns: str) -> Path:
    """A hook of the project that appends ``line`` (a Python expression) to ``record`` on each ``event`` call."""
    add_hook(root, "recorder.py", f"def {event}:\n"
             f"    with open({str(record)!r}, 'a', encoding='utf-8') as out:\n"
             f"        out.write({line})\n"
             f"    return {returns}\n")
    return record


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file() and path.suffix != ".gz"}  # gzip holds a time


def test_pages_written_on_all_cores_are_the_files_mkdocs_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture):
    root = catalogue(tmp_path / "katalog")
    written = _record_written(monkeypatch)
    with caplog.at_level(logging.INFO):
        _, _, parallel = build_site(root, strict=True, site_dir=tmp_path / "parallel")
    assert written and len(written[0]) > mkdocs_write.MIN_JOBS, "the catalogue's pages are written by workers"
    assert "lessons/sesi-001.md" in written[0]
    assert not [r for r in caplog.records if "Page skipped" in r.getMessage()], "nothing is said about the empty template"

    monkeypatch.setattr(mkdocs_write, "cores", lambda: 1)
    _, _, serial = build_site(root, strict=True, site_dir=tmp_path / "serial")
    assert written[-1] == set()
    ours, theirs = _files(parallel), _files(serial)
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert b"Judul sesi-001" in ours["lessons/sesi-001.html"] and b"md-nav" in ours["lessons/sesi-001.html"]


def test_a_plugin_that_sees_each_page_written_gets_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = catalogue(tmp_path / "katalog")
    add_hook(root, "stamp.py", "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<!-- stamped -->\\n</body>')\n")
    written = _record_written(monkeypatch)
    _, _, site = build_site(root, strict=True)
    assert written == [set()], "a post_page hook keeps MkDocs writing each page itself"
    pages = list((site / "lessons").glob("*.html"))
    assert len(pages) > mkdocs_write.MIN_JOBS // 2
    assert all("<!-- stamped -->" in page.read_text(encoding="utf-8") for page in pages)


def test_a_plugin_that_reads_pages_after_they_are_written_still_gets_their_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = catalogue(tmp_path / "katalog")
    seen = _add_recorder(root, tmp_path / "seen.txt", "on_page_context(context, page, config, nav)",
                         "f'{page.file.src_uri} {len(page.content or \"\")}\\n'", "context")
    written = _record_written(monkeypatch)
    build_site(root, strict=True)
    assert written and len(written[0]) > mkdocs_write.MIN_JOBS, "a page_context hook does not stop the parallel writing"
    lengths = dict(line.rsplit(" ", 1) for line in seen.read_text(encoding="utf-8").splitlines())
    assert all(int(lengths[uri]) > 0 for uri in written[0]), "the hook sees every page's HTML"


def test_what_pages_log_is_told_once_and_counted_by_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture):
    root = catalogue(tmp_path / "katalog")
    add_hook(root, "warner.py", "import logging\n"
        "log = logging.getLogger('mkdocs.plugins.warner')\n"
        "def on_page_context(context, page, config, nav):\n"
        "    if page.file.src_uri == 'lessons/sesi-002.md':\n"
        "        log.warning('halaman ini diperiksa')\n"
        "    return context\n")
    written = _record_written(monkeypatch)
    with caplog.at_level(logging.INFO):
        build_site(root)
    assert written and "lessons/sesi-002.md" in written[0]
    assert [r.getMessage() for r in caplog.records].count("halaman ini diperiksa") == 1
    with pytest.raises(Exception, match="warning"):
        build_site(root, strict=True)


def test_a_rebuilds_search_index_is_materials_json_of_the_merged_entries(monkeypatch):
    """The preview's index: the rebuilt pages' entries replace theirs, pages gone are dropped, and the
    JSON (entries of earlier rebuilds not encoded again) is byte for byte what material writes."""
    import json

    from material.plugins.search.plugin import SearchIndex

    config = {"lang": ["id"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1000.0}}}

    def entry(location: str, text: str) -> dict:
        return {"location": location, "title": location.upper(), "text": text, "tags": ["ä", 1.5]}

    prev = SearchIndex(**config)
    prev.entries = [entry("index.html", "beranda"), entry("lessons/a.html", "lama"), entry("lessons/a.html#x", "lama x"),
                    entry("lessons/b.html", "tetap \u201ckutipan\u201d"), entry("lessons/gone.html", "dihapus")]
    monkeypatch.setattr(mkdocs_search, "_SITE_PAGES", {"index.html", "lessons/a.html", "lessons/b.html"})
    for _ in range(2):  # the second time, the kept entries' JSON comes from the first
        index = SearchIndex(**config)
        index.entries = [entry("index.html", "beranda baru"), entry("lessons/a.html", "baru")]
        expected = [prev.entries[3], *index.entries]
        written = mkdocs_search._merged_search_index(index, index.generate_search_index, prev)
        assert index.entries == expected
        assert written == json.dumps({"config": config, "docs": expected}, separators=(",", ":"), default=str)
    monkeypatch.setattr(mkdocs_search, "_DIRTY", True)  # the first build of a preview: no index before it
    first = SearchIndex(**config)
    first.entries = [entry("index.html", "awal"), prev.entries[3]]
    written = mkdocs_search._merged_search_index(first, first.generate_search_index, None)
    assert written == json.dumps({"config": config, "docs": first.entries}, separators=(",", ":"), default=str)


def test_search_rewrites_only_pages_with_search_attributes_and_the_site_is_materials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = catalogue(tmp_path / "katalog")
    (root / "content" / "tambahan.md").write_text(
        "# Tambahan\n\n<p data-search-boost=\"2\" id=\"isi\">teks yang dicari</p>\n", encoding="utf-8")
    installed = []
    real = mkdocs_search._skip_needless_rewrites

    def recording(config, search):
        real(config, search)
        installed.append([getattr(h, "__func__", None) for h in config.plugins.events["page_context"]])

    monkeypatch.setattr(mkdocs_search, "_skip_needless_rewrites", recording)
    _, _, ours = build_site(root, strict=True, site_dir=tmp_path / "ours")
    assert installed and mkdocs_search._search_page_context in installed[0]
    page = (ours / "tambahan.html").read_text(encoding="utf-8")
    assert 'id="isi"' in page and "data-search-boost" not in page, "material's rewrite still runs where it has work"

    monkeypatch.setattr(mkdocs_search, "_skip_needless_rewrites", lambda config, search: None)
    _, _, theirs = build_site(root, strict=True, site_dir=tmp_path / "theirs")
    mine, material = _files(ours), _files(theirs)
    assert mine.keys() == material.keys()
    assert [name for name in mine if mine[name] != material[name]] == []


def test_each_page_is_read_once_as_mkdocs_reads_it(tmp_path: Path):
    root = catalogue(tmp_path / "katalog")
    seen = _add_recorder(root, tmp_path / "read.txt", "on_page_read_source(page, config)", "page.file.src_uri + '\\n'", "None")
    _, _, site = build_site(root, strict=True)
    reads = seen.read_text(encoding="utf-8").split()
    assert "lessons/sesi-001.md" in reads and len(reads) == len(set(reads)), "a cold build reads each page once"
    assert "Judul sesi-001" in (site / "lessons" / "sesi-001.html").read_text(encoding="utf-8")
