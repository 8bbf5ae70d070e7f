"""Load a whole project: ``content/`` -> validated :class:`Project` plus diagnostics.

All files are read and checked before anything is reported, so a trainer sees
every problem of a run at once. Cross-file checks (agenda -> lessons, people,
prerequisites) and warnings live here; the model checks one file at a time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .agenda import Schedule, build_schedule
from .crosscheck import check_references, check_schedule
from .cache import Cache, NoCache, code_digest, digest, flush_all, open_cache
from .errors import Diagnostic, ValidationFailed, display_path
from .letters import check_invitation
from .links import Target, check_links, check_symlinks, model_targets
from .diagnose import kind_of, translate
from .model import SLUG_PATTERN, Lesson, Workshop
from .parallel import MIN_JOBS, no_cyclic_gc, parallel_map
from .evaluations import ORGANISATION_FILE, SPEAKER_FILE, Evaluations, read_evaluations
from .photos import check_photos
from .participants import PARTICIPANTS_FILE, Participant, has_scores, read_participants
from .yamlfile import YamlDocument, YamlProblems, is_cached, load_yaml, read_file, remember_document

CONTENT_DIR = "content"
WORKSHOP_FILE = "workshop.yml"
LESSONS_DIR = "lessons"


@dataclass
class Project:
    """A checked project: the workshop, its lessons (in agenda order) and its schedule."""

    root: Path
    workshop: Workshop
    lessons: dict[str, Lesson]
    schedule: Schedule
    sources: dict[str, Path] = field(default_factory=dict)
    """Which file each lesson id came from (and ``workshop`` for the workshop file)."""
    participants: list[Participant] = field(default_factory=list)
    """The people of ``participants.csv`` (personal data: only documents in ``private/`` use them)."""
    evaluations: Evaluations = field(default_factory=Evaluations)
    """The evaluation forms the organisers typed in (for the activity report)."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """The content hash of each of those files (keys of cached work, see :mod:`bimtek.cache`)."""

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def language(self) -> str:
        return self.workshop.language

    def people(self, ids: list[str] | tuple[str, ...]) -> list[Any]:
        """The people with these ids, in the given order (unknown ids skipped)."""
        by_id = {person.id: person for person in self.workshop.people}
        return [by_id[i] for i in ids if i in by_id]


@dataclass
class CheckResult:
    """What :func:`check_project` found: a project (if loadable) and the diagnostics."""

    project: Project | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


EDITOR_LEFTOVERS = ("~", ".bak", ".orig", ".rej", ".swp", ".swo", ".tmp")
"""Endings of the copies editors leave beside a file (``satu.yml~``, ``workshop.yml.bak``)."""


def is_editor_leftover(name: str) -> bool:
    """Whether a file name is an editor's copy or lock (``satu.yml~``, ``#satu.yml#``), not the trainer's file."""
    return name.endswith(EDITOR_LEFTOVERS) or (name.startswith("#") and name.endswith("#"))


def find_root(start: Path) -> Path:
    """The project root: ``start`` itself when it holds ``content/``, else ``start``."""
    start = start.resolve()
    if (start / CONTENT_DIR).is_dir() or start.name != CONTENT_DIR:
        return start
    return start.parent


def check_project(root: Path, cache: Cache | None = None) -> CheckResult:
    """Read and validate every file of the project at ``root``; never raises on bad input.

    Files unchanged since an earlier run are not parsed again (``cache``, by
    default the project's ``.bimtek-cache/``); the checks all run every time.
    """
    with no_cyclic_gc():
        try:
            return _check_project(root, cache)
        finally:
            flush_all()


def _check_project(root: Path, cache: Cache | None) -> CheckResult:
    root = find_root(root)
    cache = open_cache(root) if cache is None else cache
    diagnostics: list[Diagnostic] = []
    content = root / CONTENT_DIR
    workshop_path = content / WORKSHOP_FILE
    if not workshop_path.is_file():
        shown = display_path(workshop_path)
        return CheckResult(None, [Diagnostic(shown, 1, 1, "no workshop file here; run 'bimtek init' to start a project")])

    workshop_doc, workshop = _load_model(workshop_path, Workshop, diagnostics, cache=cache)
    lessons: dict[str, Lesson] = {}
    lesson_docs: dict[str, YamlDocument] = {}
    lesson_files: set[str] = set()  # every lesson file found, loadable or not
    sources: dict[str, Path] = {"workshop": workshop_path}
    lesson_paths = sorted((content / LESSONS_DIR).glob("*.y*ml"))
    read = _parse_ahead(lesson_paths, cache)
    for path in lesson_paths:
        if path.suffix not in (".yml", ".yaml") or path.name.startswith("."):
            continue  # hidden files are editors' (Emacs' .#lock links, swap files), not lessons
        lesson_id = path.stem
        if not re.fullmatch(SLUG_PATTERN, lesson_id):
            diagnostics.append(
                Diagnostic(display_path(path), 1, 1, f"the file name {path.name!r} is the lesson id and must be a slug: "
                           "lower-case letters, digits and hyphens (e.g. 'konten-positif.yml')")
            )
            continue
        if lesson_id in lesson_files:
            diagnostics.append(Diagnostic(display_path(path), 1, 1, f"duplicate lesson id {lesson_id!r} (.yml and .yaml)"))
            continue
        lesson_files.add(lesson_id)
        raw, fingerprint = read.pop(path, (None, None))
        doc, lesson = _load_model(path, Lesson, diagnostics, inject_id=lesson_id, cache=cache, raw=raw, fingerprint=fingerprint)
        if doc is not None:
            lesson_docs[lesson_id] = doc
        if lesson is not None:
            lessons[lesson_id] = lesson
            sources[lesson_id] = path

    diagnostics.extend(check_symlinks(root, content))
    if workshop is None:
        return CheckResult(None, sorted(diagnostics))
    if not lesson_files:
        diagnostics.append(Diagnostic(display_path(content / LESSONS_DIR), 1, 1, "no lessons: add content/lessons/<id>.yml ('bimtek new lesson ID')"))

    check_references(workshop, workshop_doc, lessons, lesson_docs, lesson_files, diagnostics)
    diagnostics.extend(check_links(workshop, workshop_doc, content, content, root))
    diagnostics.extend(check_photos(workshop.report, workshop_doc, root))
    diagnostics.extend(check_invitation(workshop, workshop_doc))
    for lesson_id, lesson in lessons.items():
        targets = _link_targets(lesson, lesson_docs[lesson_id], cache)
        diagnostics.extend(check_links(lesson, lesson_docs[lesson_id], content / LESSONS_DIR, content, root, targets))
    schedule = build_schedule(workshop, lessons)
    check_schedule(workshop, workshop_doc, schedule, lessons, lesson_docs, diagnostics)
    ordered = {lesson_id: lessons[lesson_id] for lesson_id in schedule.lesson_order() if lesson_id in lessons}
    ordered.update({lesson_id: lesson for lesson_id, lesson in lessons.items() if lesson_id not in ordered})
    fingerprints = {"workshop": workshop_doc.fingerprint, **{i: lesson_docs[i].fingerprint for i in lessons}}
    participants, evaluations = _organisers_records(root, workshop, diagnostics)
    project = Project(root, workshop, ordered, schedule, sources, fingerprints=fingerprints, participants=participants,
                      evaluations=evaluations)
    return CheckResult(project, sorted(set(diagnostics)))


def _organisers_records(root: Path, workshop: Workshop, diagnostics: list[Diagnostic]) -> tuple[list[Participant], Evaluations]:
    """The spreadsheets the organisers keep beside mkdocs.yml: the participant list, the evaluation forms typed in."""
    participants, problems = read_participants(root)
    evaluations, more = read_evaluations(root, workshop)
    diagnostics += problems + more
    unused = "no 'report:' (signatory, position, place): only the activity report uses them"
    if participants and workshop.certificate is None and workshop.report is None:
        diagnostics.append(Diagnostic(display_path(root / PARTICIPANTS_FILE), 1, 1, "there is a participant list but workshop.yml has no "
                                      "'certificate:' (signatory, position, place): no certificates are made", "warning"))
    if has_scores(participants) and workshop.report is None:
        diagnostics.append(Diagnostic(display_path(root / PARTICIPANTS_FILE), 1, 1, f"the participant list has test scores but workshop.yml has {unused}", "warning"))
    if (evaluations.speaker_forms or evaluations.organisation_forms) and workshop.report is None:
        name = SPEAKER_FILE if evaluations.speaker_forms else ORGANISATION_FILE
        diagnostics.append(Diagnostic(display_path(root / name), 1, 1, f"the evaluation forms are typed in but workshop.yml has {unused}", "warning"))
    return participants, evaluations


def workshop_language(root: Path) -> str:
    """The language the workshop file asks for, read even when the project does not load ('id' failing that)."""
    return workshop_language_and_title(root)[0]


def workshop_language_and_title(root: Path) -> tuple[str, str]:
    """The workshop's language and title, read (once) even when the project does not load
    ('id' and 'bimtek' failing that): what ``bimtek share`` and ``bimtek zip`` say and show."""
    try:
        data = load_yaml(find_root(root) / CONTENT_DIR / WORKSHOP_FILE).data
    except YamlProblems:
        data = None
    language, title = (data.get("language"), data.get("title")) if isinstance(data, dict) else (None, None)
    return (language if language in ("id", "en") else "id",
            title.strip() if isinstance(title, str) and title.strip() else "bimtek")


def load_project(root: Path, cache: Cache | None = None) -> tuple[Project, list[Diagnostic]]:
    """Check the project and return it with its warnings; raise :class:`ValidationFailed` on errors."""
    result = check_project(root, cache)
    if result.errors or result.project is None:
        raise ValidationFailed(diagnostics=result.diagnostics)
    return result.project, result.warnings


# --- one file ---------------------------------------------------------------------


def _link_targets(lesson: Lesson, doc: YamlDocument, cache: Cache) -> list[tuple[tuple, Target]]:
    """The lesson's link targets, found once per version of its file (walking every text is slow)."""
    if not doc.may_link:
        return []
    key = _links_key(doc.fingerprint, lesson.id)
    found = cache.recall("links", key)
    if found is None:
        found = cache.get("links", key)
        if not (isinstance(found, list) and all(isinstance(item, list) and len(item) == 3 and isinstance(item[0], list) for item in found)):
            found = [[list(path), *target] for path, target in model_targets(lesson)]
            cache.put("links", key, found)
        cache.keep("links", key, found)
    return [(tuple(path), Target(url, shown)) for path, url, shown in found]


def _parse_ahead(paths: list[Path], cache: Cache) -> dict[Path, tuple[bytes | None, str]]:
    """A cold run of a large project parses and validates its lesson files on all cores first.

    Each worker stores its results in the cache for later runs, and hands back the
    validated lessons and their link targets: this process keeps them in memory, where
    the loop in :func:`check_project` finds them (and reports any problem itself, in order).
    Returns the bytes and digests of the files read to find which are new (the loop needs
    not read or digest them again); in a project never built, only the digests (of the
    files the workers read and found valid: the loop finds them in memory).
    """
    if isinstance(cache, NoCache):
        return {}
    lesson_files = [path for path in paths if path.suffix in (".yml", ".yaml")]
    if len(lesson_files) >= MIN_JOBS and cache.is_new():
        # A project never built: every file is new, and the workers read them too.
        found = {}
        for path, fingerprint, lesson, targets in filter(None, parallel_map(functools.partial(_read_and_parse, cache=cache), lesson_files)):
            _remember(path, fingerprint, lesson, targets, cache)
            found[path] = (None, fingerprint)
        return found
    read: dict[Path, tuple[bytes | None, str]] = {}
    for path in lesson_files:
        try:
            raw = read_file(path)
        except YamlProblems:
            continue  # the loop reports it, in order
        read[path] = (raw, digest(raw))
    todo = [path for path, (_, fingerprint) in read.items() if not is_cached(path, fingerprint, cache)]
    if len(todo) < MIN_JOBS:
        return read

    def parse(path: Path) -> tuple[Path, str, Lesson, list] | None:  # the workers inherit the bytes read
        return _parse_into_cache(path, cache, *read[path])

    for path, fingerprint, lesson, targets in filter(None, parallel_map(parse, todo)):
        _remember(path, fingerprint, lesson, targets, cache)
    return read


def _remember(path: Path, fingerprint: str, lesson: Lesson, targets: list, cache: Cache) -> None:
    """Keep what a worker found in memory, where the loop of :func:`check_project` finds it."""
    remember_document(path, fingerprint, cache)
    cache.keep("model", _memo_key(Lesson, fingerprint, path.stem), lesson)
    cache.keep("links", _links_key(fingerprint, lesson.id), targets)


def _read_and_parse(path: Path, cache: Cache) -> tuple[Path, str, Lesson, list] | None:
    try:
        raw = read_file(path)
    except YamlProblems:
        return None  # the loop reports it, in order
    return _parse_into_cache(path, cache, raw, digest(raw))


def _parse_into_cache(path: Path, cache: Cache, raw: bytes, fingerprint: str) -> tuple[Path, str, Lesson, list] | None:
    try:
        doc, lesson = _load_model(path, Lesson, [], inject_id=path.stem, cache=cache, raw=raw, fingerprint=fingerprint)
        if lesson is None:
            return None
        return path, doc.fingerprint, lesson, [[list(where), *target] for where, target in _link_targets(lesson, doc, cache)]
    except Exception:  # noqa: BLE001 - only a head start: the real load reports every problem
        return None


def _links_key(fingerprint: str, lesson_id: str) -> str:
    return digest(code_digest(), fingerprint, lesson_id)


def _memo_key(model: type[BaseModel], fingerprint: str, inject_id: str | None) -> tuple:
    """The in-memory key of a validated model: the same bytes make the same (frozen) model."""
    return (model.__name__, code_digest(), fingerprint, inject_id)


def _load_model(path: Path, model: type[BaseModel], diagnostics: list[Diagnostic], inject_id: str | None = None,
                cache: Cache | None = None, raw: bytes | None = None, fingerprint: str | None = None):
    try:
        doc = load_yaml(path, cache, raw, fingerprint)
    except YamlProblems as problems:
        diagnostics.extend(problems.diagnostics)
        return None, None
    # bimtek serve validates only the edited file; a cold run's workers validated the rest.
    memo_key = _memo_key(model, doc.fingerprint, inject_id)
    valid = cache.recall("model", memo_key) if cache is not None else None
    if valid is not None:
        return doc, valid
    data = doc.data
    if not isinstance(data, dict):
        found = "nothing (the file is empty)" if data is None else f"a {kind_of(data)}"
        diagnostics.append(doc.diagnostic((), f"expected the fields of a {model.__name__.lower()} (key: value lines), found {found}"))
        return doc, None
    if inject_id is not None:
        if "id" in data and data["id"] != inject_id:
            diagnostics.append(doc.diagnostic(("id",), f"the lesson id comes from the file name ({inject_id!r}); remove this 'id' field", key=True))
            return doc, None
        data = {**data, "id": inject_id}
    try:
        valid = model.model_validate(data)
    except ValidationError as exc:
        diagnostics.extend(translate(exc, doc, model))
        return doc, None
    if cache is not None:
        cache.keep("model", memo_key, valid)
    return doc, valid
