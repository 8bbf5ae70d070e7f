"""New projects and new lessons from the stubs in ``templates/scaffold``.

Nothing here ever overwrites a file: an existing target is an error.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import jinja2

from .errors import BimtekError
from .model import SLUG_PATTERN, Lesson, Workshop
from .project import CONTENT_DIR, LESSONS_DIR, WORKSHOP_FILE
from .render import default_templates_dir
from .yamlfile import YamlProblems, load_yaml

SCHEMA_DIR = ".schema"


def _scaffold_env(root: Path | None = None) -> jinja2.Environment:
    folders = [default_templates_dir() / "scaffold"]
    if root is not None:
        folders.insert(0, root / "templates" / "scaffold")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders if f.is_dir()]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


FIRST_LESSON = {"id": "sesi-pertama", "en": "first-session"}


def _stub(env: jinja2.Environment, name: str, language: str) -> jinja2.Template:
    """The stub in the workshop's language (``scaffold/en/...``), else the Indonesian one."""
    return env.select_template([f"{language}/{name}", name])


def _project_language(root: Path) -> str:
    """The language of the project's workshop file; Indonesian when it cannot be read."""
    try:
        data = load_yaml(root / CONTENT_DIR / WORKSHOP_FILE).data
    except (YamlProblems, OSError):
        return "id"
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in FIRST_LESSON else "id"


def _write_new(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise BimtekError(f"{path}: already exists; bimtek never overwrites a file") from None
    except OSError as exc:
        raise BimtekError(f"{path}: cannot write: {exc.strerror or exc}") from None


def check_slug(value: str, what: str) -> str:
    """Refuse an id that is not a safe slug (ids become file names)."""
    if not re.fullmatch(SLUG_PATTERN, value):
        raise BimtekError(f"{value!r} is not a valid {what}: use lower-case letters, digits and hyphens (e.g. 'konten-positif')")
    return value


DEFAULT_TITLES = {"id": "Bimtek Baru", "en": "New workshop"}


def init_project(target: Path, *, title: str | None = None, language: str = "id") -> list[Path]:
    """Create a project that builds at once: mkdocs.yml, a workshop and one example lesson
    (``title``: the workshop's, by default a placeholder in its ``language``)."""
    title = title or DEFAULT_TITLES.get(language, DEFAULT_TITLES["id"])
    if target.exists() and not target.is_dir():
        raise BimtekError(f"{target}: is a file, not a folder; nothing was changed")
    if (target / CONTENT_DIR / WORKSHOP_FILE).exists() or (target / "mkdocs.yml").exists():
        raise BimtekError(f"{target}: already holds a project (mkdocs.yml or content/workshop.yml); nothing was changed")
    env = _scaffold_env()
    lesson_id = FIRST_LESSON.get(language, FIRST_LESSON["id"])
    # The example's day: four weeks from now, a weekday, so that the new agenda is not in the past.
    day = datetime.date.today() + datetime.timedelta(days=28)
    if day.isoweekday() > 5:  # Saturday or Sunday: the Monday after
        day += datetime.timedelta(days=8 - day.isoweekday())
    context = {"title": title, "language": language, "lesson_id": lesson_id, "first_day": day.isoformat()}
    files = {
        target / "mkdocs.yml": _stub(env, "mkdocs.yml.j2", language).render(context),
        target / CONTENT_DIR / WORKSHOP_FILE: _stub(env, "workshop.yml.j2", language).render(context),
        target / CONTENT_DIR / LESSONS_DIR / f"{lesson_id}.yml": _stub(env, "lesson.yml.j2", language).render(context, example=True),
        target / ".gitignore": "/site/\n/.site-*/\n/*.zip\n/.bimtek.lock\n/.bimtek-cache/\n/private/\n/participants.csv\n/evaluasi-*.csv\n",  # names, NIPs and evaluations stay off the repository
    }
    if (target / ".gitignore").exists():
        del files[target / ".gitignore"]  # the trainer's own: left as it is
    existing = [path for path in files if path.exists()]
    if existing:  # checked before writing anything: never half a project
        raise BimtekError(f"{existing[0]}: already exists; nothing was changed (bimtek never overwrites a file)")
    for path, text in files.items():
        _write_new(path, text)
    written = list(files) + write_schemas(target)
    return written


def new_lesson(root: Path, lesson_id: str) -> Path:
    """Add ``content/lessons/<id>.yml`` with every field stubbed."""
    check_slug(lesson_id, "lesson id")
    path = root / CONTENT_DIR / LESSONS_DIR / f"{lesson_id}.yml"
    language = _project_language(root)
    text = _stub(_scaffold_env(root), "lesson.yml.j2", language).render(lesson_id=lesson_id, example=False, language=language)
    _write_new(path, text)
    return path


def json_schemas() -> dict[str, dict]:
    """The JSON Schemas of both files, for editors with the YAML language server."""
    workshop = Workshop.model_json_schema()
    lesson = Lesson.model_json_schema()
    lesson["properties"].pop("id", None)
    for schema, name in ((workshop, "workshop.yml"), (lesson, "lessons/<id>.yml")):
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"bimtek {name}"
    return {"workshop.schema.json": workshop, "lesson.schema.json": lesson}


def write_schemas(root: Path) -> list[Path]:
    """Write (or refresh) ``content/.schema/*.schema.json``; these files are generated, not written by hand."""
    folder = root / CONTENT_DIR / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
