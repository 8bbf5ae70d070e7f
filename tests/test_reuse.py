"""A rebuild of a large catalogue takes over the page files of the site in place that would come
out the same (bimtek.reuse), and draws every other page again: never a stale page."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from bimtek.build import build_site
from test_catalogue import LESSONS, add_hook, catalogue


def _times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ (or exist on one side only) between two sites."""
    out = []
    compared = filecmp.dircmp(a, b)
    stack = [("", compared)]
    while stack:
        prefix, here = stack.pop()
        out += [prefix + name for name in here.left_only + here.right_only + here.diff_files + here.funny_files]
        stack += [(f"{prefix}{name}/", sub) for name, sub in here.subdirs.items()]
    return out


def _without_cache(root: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("BIMTEK_CACHE", "off")
    try:
        _, _, reference = build_site(root, site_dir=tmp_path / "reference")
    finally:
        monkeypatch.delenv("BIMTEK_CACHE")
    return reference


def test_a_rebuild_after_one_edit_takes_over_the_other_pages_and_equals_a_fresh_build(tmp_path: Path, monkeypatch):
    root = catalogue(tmp_path / "katalog")
    _, _, site = build_site(root)
    before = _times(site)
    lesson = root / "content" / "lessons" / "sesi-007.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("summary: ", "summary: Kalimat baru di ringkasan. "), encoding="utf-8")

    build_site(root)
    after = _times(site)
    assert "Kalimat baru di ringkasan" in (site / "lessons/sesi-007.html").read_text(encoding="utf-8")
    assert after["lessons/sesi-007.html"] != before["lessons/sesi-007.html"], "the edited page is drawn again"
    kept = [path for path in before if path.startswith("lessons/") and after.get(path) == before[path]]
    assert len(kept) == LESSONS - 1, "every other lesson page is the file of the previous site"
    assert _same_tree(site, _without_cache(root, tmp_path, monkeypatch)) == []


@pytest.mark.parametrize("change", ["a lesson title (every page's navigation)", "a setting of mkdocs.yml"])
def test_a_new_title_or_setting_draws_every_page_again(tmp_path: Path, monkeypatch, change: str):
    root = catalogue(tmp_path / "katalog")
    _, _, site = build_site(root)
    if "title" in change:
        lesson = root / "content" / "lessons" / "sesi-040.yml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: Judul sesi-040", "title: Judul yang diganti"), encoding="utf-8")
        shown = "Judul yang diganti"
    else:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "copyright: Hak cipta Pusat Pelatihan 2027\n", encoding="utf-8")
        shown = "Hak cipta Pusat Pelatihan 2027"
    before = _times(site)

    build_site(root)
    after = _times(site)
    assert not [path for path in before if after.get(path) == before[path]], "no page file is taken over"
    assert shown in (site / "lessons/sesi-037.html").read_text(encoding="utf-8")
    assert _same_tree(site, _without_cache(root, tmp_path, monkeypatch)) == []


def test_a_page_file_changed_in_the_site_is_drawn_again(tmp_path: Path):
    root = catalogue(tmp_path / "katalog")
    _, _, site = build_site(root)
    page = site / "lessons/sesi-002.html"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace("Judul sesi-002", "Diubah tangan"), encoding="utf-8")
    (site / "lessons/sesi-003.html").unlink()

    build_site(root)
    assert (site / "lessons/sesi-002.html").read_text(encoding="utf-8") == original
    assert (site / "lessons/sesi-003.html").is_file()


def test_pages_are_drawn_again_where_a_hook_could_change_them(tmp_path: Path):
    root = catalogue(tmp_path / "katalog")
    counter = tmp_path / "count.txt"
    # a hook that shows something no key holds: how many builds ran
    add_hook(root, "stamp.py",
        "from pathlib import Path\n"
        f"COUNT = Path({str(counter)!r})\n"
        "def on_pre_build(config):\n"
        "    COUNT.write_text(str(int(COUNT.read_text()) + 1 if COUNT.exists() else 1))\n"
        "def on_page_context(context, page, config, nav):\n"
        "    page.content = (page.content or '') + f'<p>build {COUNT.read_text()}</p>'\n"
        "    return context\n")
    _, _, site = build_site(root)
    assert "build 1" in (site / "lessons/sesi-010.html").read_text(encoding="utf-8")
    build_site(root)
    assert "build 2" in (site / "lessons/sesi-010.html").read_text(encoding="utf-8")
