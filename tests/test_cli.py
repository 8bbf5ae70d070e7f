"""The ``bimtek`` command as a trainer runs it: exit codes, messages, files created."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bimtek.cli import main
from minimal import LESSON, write_project


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed command in a subprocess, as a user would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "bimtek", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_init_then_check_and_build(tmp_path):
    target = tmp_path / "pelatihan-baru"
    result = run("init", str(target))
    assert result.returncode == 0, result.stderr
    assert 'title: "Bimtek Baru"' in (target / "content/workshop.yml").read_text(encoding="utf-8")
    assert (target / "content/lessons/sesi-pertama.yml").is_file()
    assert (target / "content/.schema/lesson.schema.json").is_file()
    day = datetime.date.fromisoformat(re.search(r'date: "([0-9-]+)"', (target / "content/workshop.yml").read_text()).group(1))
    assert day > datetime.date.today() and day.isoweekday() <= 5, "the example agenda is on a coming weekday"
    assert run("check", str(target)).returncode == 0
    built = run("build", str(target), "--strict")
    assert built.returncode == 0, built.stderr
    assert (target / "site/lessons/sesi-pertama.html").is_file()
    assert (target / "site/index.html").is_file()


def test_build_names_the_pdfs_where_they_are_after_it(tmp_path):
    root = write_project(tmp_path)
    built = run("build", str(root))
    assert built.returncode == 0, built.stderr
    shown = [Path(line.strip()) for line in built.stdout.splitlines() if line.startswith("  ")]
    assert root / "site/handouts/salindia/satu.pdf" in shown, "the slides, in site/ (not the staging folder the build wrote them to)"
    assert root / "site/handouts/jadwal.pdf" in shown and root / "private/panduan-fasilitator.pdf" in shown
    missing = [path for path in shown if not path.is_file()]
    assert not missing, built.stdout
    assert built.stdout.splitlines()[-1] == (f"next: publish {root / 'site'} on a web host, serve it to the phones in the room with "
                                             f"'bimtek share {root}', or pack it into one file to send with 'bimtek zip {root}'")


def test_init_in_english_writes_english_stubs(tmp_path):
    target = tmp_path / "pr-workshop"
    assert run("init", str(target), "--language", "en", "--title", "PR Workshop").returncode == 0
    lesson = (target / "content/lessons/first-session.yml").read_text(encoding="utf-8")
    assert "title: First session" in lesson and "wajib" not in lesson
    assert run("new", "lesson", "second-session", str(target)).returncode == 0
    assert "title: Session title" in (target / "content/lessons/second-session.yml").read_text(encoding="utf-8")
    built = run("build", str(target), "--no-handouts")
    assert built.returncode == 0, built.stderr
    assert "Learning objectives" in (target / "site/lessons/first-session.html").read_text(encoding="utf-8")
    untitled = tmp_path / "untitled"
    assert run("init", str(untitled), "--language", "en").returncode == 0
    assert 'title: "New workshop"' in (untitled / "content/workshop.yml").read_text(encoding="utf-8"), "an English placeholder title"


def test_init_never_overwrites_a_project(tmp_path):
    target = tmp_path / "p"
    assert run("init", str(target)).returncode == 0
    workshop = target / "content/workshop.yml"
    workshop.write_text(workshop.read_text(encoding="utf-8") + "# edited by the trainer\n", encoding="utf-8")
    again = run("init", str(target))
    assert again.returncode == 1
    assert "already holds a project" in again.stderr
    assert workshop.read_text(encoding="utf-8").endswith("# edited by the trainer\n")


def test_check_exit_codes_and_message_format(tmp_path):
    root = write_project(tmp_path)
    ok = run("check", str(root))
    assert ok.returncode == 0 and "ok: 2 lesson(s)" in ok.stdout
    lesson = root / "content/lessons/satu.yml"
    lesson.write_text(LESSON.format(title="Satu").replace("duration: 90", "duration: sembilan"), encoding="utf-8")
    bad = run("check", ".", cwd=root)
    assert bad.returncode == 1
    assert "content/lessons/satu.yml:6:11: error: field 'duration': expected a whole number, got 'sembilan'" in bad.stderr
    assert "Traceback" not in bad.stderr


EXIT_PROBE = """
import atexit, sys, threading, time
from pathlib import Path
from bimtek.cli import run
marker = Path(sys.argv[1])
atexit.register(lambda: marker.write_text("exit handlers ran"))
if sys.argv[2] == "thread":  # a thread still at work when the command is done
    threading.Thread(target=lambda: (time.sleep(2), Path(f"{marker}.thread").write_text("done"))).start()
sys.argv = ["bimtek", "check", sys.argv[3]]
print("x" * 100_000)  # more than a pipe's buffer: all of it must arrive
run()
"""


def test_the_command_exits_fast_but_completely(tmp_path):
    """``bimtek`` skips tearing the interpreter down (seconds for a large catalogue), never the
    exit handlers, its output, its exit code or a thread still at work."""
    good, bad = write_project(tmp_path / "good"), write_project(tmp_path / "bad")
    (bad / "content/lessons/satu.yml").write_text("title: [", encoding="utf-8")
    for root, code in ((good, 0), (bad, 1)):
        for mode in ("plain", "thread"):
            marker = tmp_path / f"{root.name}-{mode}"
            result = subprocess.run([sys.executable, "-c", EXIT_PROBE, str(marker), mode, str(root)],
                                    capture_output=True, text=True, timeout=300)
            assert result.returncode == code, result.stderr
            assert result.stdout.startswith("x" * 100_000)
            assert ("ok: 2 lesson(s)" in result.stdout) if code == 0 else ("satu.yml:1:" in result.stderr)
            assert marker.read_text() == "exit handlers ran"
            assert (Path(f"{marker}.thread").read_text() == "done") if mode == "thread" else True


def test_failed_build_leaves_the_previous_site(tmp_path):
    root = write_project(tmp_path)
    assert run("build", str(root)).returncode == 0
    before = (root / "site/lessons/satu.html").read_text(encoding="utf-8")
    (root / "content/lessons/satu.yml").write_text("title: [rusak\n", encoding="utf-8")
    failed = run("build", str(root))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "satu.yml:" in failed.stderr
    assert (root / "site/lessons/satu.html").read_text(encoding="utf-8") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site-")], "no staging folder left behind"


def test_new_lesson_stub_is_valid_and_never_overwrites(tmp_path, capsys):
    root = write_project(tmp_path)
    assert main(["new", "lesson", "sesi-tiga", str(root)]) == 0
    stub = root / "content/lessons/sesi-tiga.yml"
    assert stub.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../.schema/lesson.schema.json")
    from bimtek.project import check_project

    result = check_project(root)
    assert result.errors == [], result.errors
    assert [str(w) for w in result.warnings if "sesi-tiga" in str(w)], "an unused lesson is a warning"
    assert main(["new", "lesson", "sesi-tiga", str(root)]) == 1
    assert main(["new", "lesson", "../jahat", str(root)]) == 1
    assert "not a valid lesson id" in capsys.readouterr().err


def test_schema_describes_both_files(tmp_path, capsys):
    assert main(["schema", "--print", "lesson"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"title", "summary", "outcome", "objectives", "duration", "topics", "key_points"} <= set(schema["required"])
    assert "id" not in schema["properties"]
    assert schema["additionalProperties"] is False


def test_committed_schemas_are_current():
    from bimtek.scaffold import json_schemas
    from conftest import REPO_ROOT

    for name, schema in json_schemas().items():
        committed = json.loads((REPO_ROOT / "content/.schema" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"content/.schema/{name} is stale: run 'bimtek schema'"


def test_export_refuses_to_write_into_content(tmp_path, capsys):
    root = write_project(tmp_path)
    assert main(["export", str(root), "--out", str(root / "content")]) == 1
    assert "refusing" in capsys.readouterr().err
    assert main(["export", str(root), "--out", str(tmp_path / "md")]) == 0
    assert (tmp_path / "md/lessons/satu.md").is_file()


def test_plain_mkdocs_build_works(tmp_path):
    root = write_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (root / "site/lessons/dua.html").is_file()
