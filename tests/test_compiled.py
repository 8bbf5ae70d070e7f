"""Compiled templates kept for the next process: bimtek's and the theme's, beside bimtek's compiled
modules; a project's own templates compiled in each process, never written outside the project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bimtek import compiled
from conftest import REPO_ROOT
from minimal import WORKSHOP, write_project

COUNTING = """
import json, sys
from pathlib import Path
import jinja2
compiled = []
real = jinja2.Environment.compile
def counting(self, source, name=None, filename=None, *args, **kwargs):
    compiled.append(name or "")
    return real(self, source, name, filename, *args, **kwargs)
jinja2.Environment.compile = counting
"""

RENDER = COUNTING + """
from bimtek.cache import NoCache
from bimtek.project import load_project
from bimtek.render import render_site
project, _ = load_project(Path(sys.argv[1]), NoCache())
pages = {page.path: page.content for page in render_site(project, NoCache()).pages}
print(json.dumps({"compiled": compiled, "pages": pages}))
"""

BUILD = COUNTING + """
import contextlib, io
from bimtek.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["build", sys.argv[1], "--no-handouts"])
print(json.dumps({"compiled": compiled, "code": code}))
"""


def in_new_process(script: str, root: Path, folder: Path, **env: str) -> dict:
    """Run ``script`` on ``root`` in a new Python process (as each ``bimtek build`` is), keeping
    compiled templates in ``folder``: what it printed (the templates it compiled, ...)."""
    environment = {**{k: v for k, v in os.environ.items() if k != "BIMTEK_CACHE"}, "PYTHONPATH": str(REPO_ROOT / "generator"),
                   compiled.FOLDER_ENV: str(folder), "NO_MKDOCS_2_WARNING": "1", **env}
    result = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.jinja"))


def test_a_new_process_compiles_none_of_the_templates_an_earlier_one_compiled(tmp_path: Path):
    root, folder = write_project(tmp_path / "p"), tmp_path / "compiled"
    first = in_new_process(RENDER, root, folder)
    assert "lesson.md.j2" in first["compiled"] and "_components.html.j2" in first["compiled"]
    assert kept(folder)
    second = in_new_process(RENDER, root, folder)
    assert second["compiled"] == [], "nothing compiled again"
    assert second["pages"] == first["pages"]


def test_a_second_build_compiles_neither_bimteks_templates_nor_the_themes(tmp_path: Path):
    root, folder = write_project(tmp_path / "p"), tmp_path / "compiled"
    first = in_new_process(BUILD, root, folder)
    assert first["code"] == 0
    assert "main.html" in first["compiled"] and "lesson.md.j2" in first["compiled"], "material's pages and bimtek's"
    html = {path.relative_to(root / "site"): path.read_bytes() for path in (root / "site").rglob("*.html")}
    second = in_new_process(BUILD, root, folder)
    assert second["code"] == 0 and second["compiled"] == []
    assert {path.relative_to(root / "site"): path.read_bytes() for path in (root / "site").rglob("*.html")} == html


def test_a_projects_own_templates_are_compiled_in_each_process_and_kept_nowhere(tmp_path: Path):
    root, folder = write_project(tmp_path / "p"), tmp_path / "compiled"
    in_new_process(RENDER, root, folder)
    before = kept(folder)
    own = root / "templates" / "site" / "lesson.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text((REPO_ROOT / "templates/site/lesson.md.j2").read_text(encoding="utf-8")
                   .replace("# {{ lesson.title | md }}", "# {{ lesson.title | md }} (VERSI-SENDIRI)"), encoding="utf-8")
    for version in ("VERSI-SENDIRI", "VERSI-KEDUA"):
        own.write_text(own.read_text(encoding="utf-8").replace("VERSI-SENDIRI", version), encoding="utf-8")
        run = in_new_process(RENDER, root, folder)
        assert run["compiled"] == ["lesson.md.j2"], "the project's copy; the other templates are the installation's"
        assert f"({version})" in run["pages"]["lessons/satu.md"]
    assert kept(folder) == before, "nothing of the project is written outside it"


def test_labels_compiled_into_templates_follow_the_workshop_language(tmp_path: Path):
    folder = tmp_path / "compiled"
    indonesian = in_new_process(RENDER, write_project(tmp_path / "id"), folder)
    english = in_new_process(RENDER, write_project(tmp_path / "en", workshop=WORKSHOP.replace("language: id", "language: en")), folder)
    assert "## Deskripsi Singkat" in indonesian["pages"]["lessons/satu.md"]
    assert "## Summary" in english["pages"]["lessons/satu.md"] and "Deskripsi Singkat" not in english["pages"]["lessons/satu.md"]
    assert "lesson.md.j2" in english["compiled"], "the Indonesian compilation is not the English one"


def test_damaged_compiled_templates_are_compiled_again_and_replaced(tmp_path: Path):
    root, folder = write_project(tmp_path / "p"), tmp_path / "compiled"
    first = in_new_process(RENDER, root, folder)
    for index, path in enumerate(kept(folder)):  # cut short, garbage after a good header, or empty
        data = path.read_bytes()
        path.write_bytes([data[: len(data) // 2], data[:40] + b"\x00garbage" * 10, b""][index % 3])
    again = in_new_process(RENDER, root, folder)
    assert again["pages"] == first["pages"]
    assert sorted(again["compiled"]) == sorted(first["compiled"])
    assert in_new_process(RENDER, root, folder)["compiled"] == [], "replaced by good ones"


def test_the_cache_off_writes_no_folder_and_an_unwritable_one_only_costs_time(tmp_path: Path):
    root = write_project(tmp_path / "p")
    off = in_new_process(RENDER, root, tmp_path / "off", BIMTEK_CACHE="off")
    assert not (tmp_path / "off").exists()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would go", encoding="utf-8")
    assert in_new_process(RENDER, root, blocked)["pages"] == off["pages"]
    assert blocked.read_text(encoding="utf-8") == "a file where the folder would go"


def test_folders_unused_for_a_month_are_removed_when_a_new_one_is_made(tmp_path: Path):
    folder = tmp_path / "compiled"
    old, recent = folder / ("0" * 32), folder / ("1" * 32)
    for unused in (old, recent):
        unused.mkdir(parents=True)
        (unused / "x.jinja").write_bytes(b"")
    month_ago = time.time() - (compiled.UNUSED_DAYS + 1) * 86400
    os.utime(old, (month_ago, month_ago))
    in_new_process(RENDER, write_project(tmp_path / "p"), folder)
    assert not old.exists() and recent.is_dir()
    assert kept(folder), "the new one"


def test_only_files_of_the_installation_count_as_installed(tmp_path: Path):
    import jinja2

    assert compiled.is_installed(str(REPO_ROOT / "templates" / "site" / "lesson.md.j2"))  # bimtek's defaults
    assert compiled.is_installed(str(Path(jinja2.__file__).parent / "x.html"))  # site-packages (a theme's)
    assert not compiled.is_installed(str(tmp_path / "templates" / "site" / "lesson.md.j2"))
