"""Material's navigation, its closed parts drawn once per folder (bimtek.navcache): the same
pages as Material alone, far fewer parts drawn, and Material left alone where the analysis
does not hold (a theme override of the nav template, an unknown plugin or hook)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bimtek import mkdocs_plugin, mkdocs_write, navcache
from bimtek.build import build_site
from test_catalogue import add_hook, catalogue, page
from test_mkdocs_speed import _files


def _count_drawing(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the closed parts asked for and those drawn by Material (pages written in this process)."""
    stats = {"installed": 0, "asked": 0, "drawn": 0}
    monkeypatch.setattr(mkdocs_write, "cores", lambda: 1)

    def installing(env):
        if not navcache.draw_closed_parts_once(env):
            return False
        stats["installed"] += 1
        kept = env.globals[navcache._GLOBAL]

        def closed(draw, *args):
            stats["asked"] += 1

            def drawing(*given):
                stats["drawn"] += 1
                return draw(*given)

            return kept(drawing, *args)

        env.globals[navcache._GLOBAL] = closed
        return True

    monkeypatch.setattr(mkdocs_plugin, "draw_closed_parts_once", installing)
    return stats


def test_closed_parts_drawn_once_per_folder_give_materials_pages_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = catalogue(tmp_path / "katalog")
    stats = _count_drawing(monkeypatch)
    build_site(root, strict=True, site_dir=tmp_path / "kept")
    assert stats["installed"] == 1
    assert stats["asked"] > 500 and stats["drawn"] * 5 < stats["asked"], stats

    monkeypatch.setattr(mkdocs_plugin, "draw_closed_parts_once", lambda env: False)
    build_site(root, strict=True, site_dir=tmp_path / "material")
    ours, theirs = _files(tmp_path / "kept"), _files(tmp_path / "material")
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert b"md-nav__item--pruned" in ours["lessons/sesi-001.html"], "the catalogue's nav has closed parts"


def test_a_theme_override_of_the_nav_template_is_drawn_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = catalogue(tmp_path / "katalog")
    import material

    own = (Path(material.__file__).parent / "templates" / navcache.NAV_ITEM).read_text(encoding="utf-8")
    override = root / "overrides" / navcache.NAV_ITEM
    override.parent.mkdir(parents=True)
    override.write_text(own.replace('<li class="{{ class }}">', '<li class="{{ class }}" data-own="ya">'), encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    stats = _count_drawing(monkeypatch)
    _, _, site = build_site(root, strict=True)
    assert stats["installed"] == 0
    assert 'data-own="ya"' in (site / "lessons" / "sesi-001.html").read_text(encoding="utf-8")


def test_an_unknown_hook_keeps_materials_own_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = catalogue(tmp_path / "katalog")
    add_hook(root, "titles.py", "def on_page_context(context, page, config, nav):\n"
        "    nav.items[0].title = page.title  # a hook may change the nav for each page\n"
        "    return context\n")
    stats = _count_drawing(monkeypatch)
    _, _, site = build_site(root, strict=True)
    assert stats["installed"] == 0
    for name in ("sesi-001", "sesi-002"):
        first = page(site, f"lessons/{name}.html").select_one("nav.md-nav--primary > ul > li")
        assert first.get_text(" ", strip=True) == f"Judul {name}", "each page's nav shows what the hook set for it"
