"""Render a checked project into site pages (Markdown with HTML blocks) with Jinja.

The template folder of a project overrides the default templates file by file
(Pelican-style). ``StrictUndefined`` turns a typo in a template into an error,
never an empty string. Content only ever reaches templates as values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
import os
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from .assessment import choice_letter, day_test, tests_for, workshop_tests
from .cache import Cache, code_digest, digest, flush_all, open_cache, tree_digest
from .editions import FIGURES_FILE, HANDOUTS_DIR, evaluation_sheets, plan_handouts
from .evaluations import aspect_labels
from .errors import RenderError
from .i18n import LabelsAtCompileTime, Translator
from .compiled import reuse_compiled_templates
from .jinja_speed import use_escaping_templates
from .markup import escape_markdown, markdown_inline, markdown_to_html
from .outline import LessonGroup, is_large, lesson_groups
from .parallel import no_cyclic_gc, parallel_map
from .project import Project
from .toolkit import collect_toolkit

PACKAGE_DIR = Path(__file__).resolve().parent


def default_templates_dir() -> Path:
    """The default templates: shipped in the package, or the repository's ``templates/``."""
    shipped = PACKAGE_DIR / "templates"
    if shipped.is_dir():
        return shipped
    return PACKAGE_DIR.parent.parent / "templates"


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its title and its Markdown."""

    path: str
    title: str
    content: str
    section: str | tuple[str, ...] | None = None
    """The navigation section, or the trail of nested sections (outermost first)."""


@dataclass
class Site:
    """Every generated page and static asset, with the navigation order."""

    pages: list[Page] = field(default_factory=list)
    assets: dict[str, bytes] = field(default_factory=dict)

    def nav(self) -> list[Any]:
        """The MkDocs-style nav: top pages, then (nested) sections in the order of ``Page.section``."""
        nav: list[Any] = []
        sections: dict[tuple[str, ...], list[Any]] = {(): nav}
        for page in self.pages:
            trail = (page.section,) if isinstance(page.section, str) else tuple(page.section or ())
            for depth in range(1, len(trail) + 1):
                if trail[:depth] not in sections:
                    sections[trail[:depth]] = []
                    sections[trail[:depth - 1]].append({trail[depth - 1]: sections[trail[:depth]]})
            sections[trail].append({page.title: page.path})
        return nav


def _template_loader(root: Path, subfolder: str) -> jinja2.FileSystemLoader:
    """The templates of ``templates/<subfolder>``: the project's own copies first, then the defaults."""
    folders = [root / "templates" / subfolder, default_templates_dir() / subfolder]
    return jinja2.FileSystemLoader([str(f) for f in folders if f.is_dir()])


def standalone_template(root: Path, subfolder: str, name: str) -> jinja2.Template:
    """A template of a page that stands alone, outside the site (``bimtek share``'s projector page,
    ``bimtek zip``'s start page): escaped, strict, none of the site's filters."""
    env = jinja2.Environment(loader=_template_loader(root, subfolder), autoescape=True, undefined=jinja2.StrictUndefined)
    return env.get_template(name)


def make_environment(project: Project, subfolder: str) -> jinja2.Environment:
    """A Jinja environment for ``templates/<subfolder>``, project templates first."""
    env = jinja2.Environment(
        loader=_template_loader(project.root, subfolder),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # an environment lives for one build: no need to look at each template's time on every use
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[LabelsAtCompileTime],
    )
    env.label_language = project.language
    reuse_compiled_templates(env)
    use_escaping_templates(env)
    raw = project.workshop.allow_raw_html
    t = Translator(project.language)
    env.filters.update(
        markdown=lambda text: markdown_to_html(text, allow_raw_html=raw),
        markdown_inline=lambda text: markdown_inline(text, allow_raw_html=raw),
        md=escape_markdown,
        date=t.date,
        number=t.number,
        clock=t.clock,
        jp=lambda minutes: t.number(project.schedule.jp(minutes)),
        letter=choice_letter,
    )
    zone = project.workshop.time_zone
    env.globals.update(t=t, workshop=project.workshop, project=project, schedule=project.schedule, link=_link,
                       day_test=day_test, zone=f" {zone}" if zone else "",  # after a time: 09.15–10.45 WIB
                       time_column=f"{t('time')} ({zone})" if zone else t("time"))
    tests = env.globals["tests"] = workshop_tests(project, t, per_day_pages=is_large(project))
    env.globals["tests_for"] = partial(tests_for, tests)
    return env


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: str) -> str:
    """URL of generated page ``target`` (e.g. ``lessons/x.md#id``) relative to the page being rendered.

    HTML blocks are not rewritten by Markdown engines, so links in them point at
    the built ``.html`` file directly (the site uses ``use_directory_urls: false``
    so that it also works opened from a folder).
    """
    return relative_url(context["page_path"], target)


@lru_cache(maxsize=65536)  # the pages that gather all lessons link to each of them
def relative_url(page_path: str, target: str) -> str:
    """``target`` (a page's ``.md`` path, or a file's, with an optional ``#anchor``) relative to ``page_path``."""
    path, _, anchor = target.partition("#")
    if path.endswith(".md"):  # a page; other files (PDFs) keep their name
        path = path[:-3] + ".html"
    here, there = page_path.split("/")[:-1], path.split("/")
    if "." not in there[-1] or any(part in ("", ".", "..") for part in here + there):
        relative = _relative_by_os(page_path, path)  # not a plain path to a file: let os.path work it out
    else:
        common = 0
        while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
            common += 1
        relative = "/".join([".."] * (len(here) - common) + there[common:])
    return relative + (f"#{anchor}" if anchor else "")


def _relative_by_os(page_path: str, path: str) -> str:
    current = PurePosixPath(page_path).parent
    return str(PurePosixPath(os.path.relpath(PurePosixPath(path), current or ".")))


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; template errors become a :class:`RenderError` naming the template."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_failure(exc.filename or exc.name or name, exc.lineno, exc.message or "syntax error") from None
    except RenderError:
        raise
    except Exception as exc:  # anything a template does at run time: undefined names, 1/0, a missing include
        path, line = _template_line(exc, name)
        what = f"template not found: {exc.name}" if isinstance(exc, jinja2.TemplateNotFound) else f"{type(exc).__name__}: {exc}"
        raise _template_failure(path, line, what) from None


def _template_failure(path: str, line: int, message: str) -> RenderError:
    from .errors import Diagnostic, display_path

    shown = display_path(Path(path)) if os.path.isabs(path) else path
    return RenderError("a template failed; nothing was built", [Diagnostic(shown, max(line, 1), 1, f"template error: {message}")])


def _template_line(exc: Exception, name: str) -> tuple[str, int]:
    """File and line of the innermost template frame of ``exc`` (Jinja maps its frames to template lines)."""
    where = (name, 1)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def render_site(project: Project, cache: Cache | None = None, *, preview: bool = False) -> Site:
    """Every page of the participant site, in navigation order.

    A page whose inputs are unchanged since an earlier run comes from ``cache``
    (by default the project's ``.bimtek-cache/``) instead of being rendered.
    ``preview``: the pages are for the trainer's live preview, which makes no PDF
    (the downloads page then says how to make them; the published one does not).
    """
    with no_cyclic_gc():
        try:
            return _render_site(project, cache, preview)
        finally:
            flush_all()


def _evaluation_globals(env: jinja2.Environment, project: Project) -> None:
    """What the site's pages say of the evaluation page: its forms, and which of them a lesson or an agenda row links.
    A catalogue has none: its sessions are too many for one page of forms."""
    large = is_large(project)
    sheets = env.globals["evaluation_forms"] = [] if large else evaluation_sheets(project)
    env.globals["has_evaluation_page"] = bool(project.schedule.days) and not large
    env.globals["evaluation_labels"] = aspect_labels(project.workshop)
    env.globals["evaluations_of"] = lambda lesson_id: [sheet for sheet in sheets if sheet.slot.lesson.id == lesson_id]
    days_with_forms = {sheet.day.number for sheet in sheets}  # an agenda row of kind evaluation: that day's forms, else the organisation's
    env.globals["evaluation_target"] = lambda day: f"{EVALUATION_PAGE}#evaluasi-hari-{day}" if day in days_with_forms \
        else f"{EVALUATION_PAGE}#evaluasi-penyelenggaraan"


def _render_site(project: Project, cache: Cache | None, preview: bool) -> Site:
    env = make_environment(project, "site")
    _evaluation_globals(env, project)
    published = [handout for handout in plan_handouts(project) if not handout.private]
    slides = {handout.lesson_id: f"{HANDOUTS_DIR}/{handout.name}" for handout in published if handout.slides}
    env.globals["slides_of"] = lambda lesson_id: slides.get(lesson_id, "")  # a lesson page links its slides, where there are any
    t = env.globals["t"]
    toolkit = collect_toolkit(project)
    site = Site()
    keys = _PageKeys(project, cache)
    jobs: list[tuple[int, str, str, str | None, dict[str, Any]]] = []  # pages not in the cache

    def add(path: str, template: str, title: str, section: Any = None, key: str | None = None, **context: Any) -> None:
        content = None
        if key:
            content = keys.cache.recall("page", key)  # bimtek serve asks for every page on each edit
            if content is None:
                content = keys.cache.get("page", key)
                if isinstance(content, str):
                    keys.cache.keep("page", key, content)
        if not isinstance(content, str):
            jobs.append((len(site.pages), template, path, key, context))
            content = ""
        site.pages.append(Page(path, title, content, section))

    groups = lesson_groups(project, t)
    large = bool(groups)
    add("index.md", "home.md.j2", t("home"), key=keys.whole("index.md"), groups=groups)
    add("agenda.md", "agenda.md.j2", t("agenda_short"), key=keys.whole("agenda.md"))
    tests = env.globals["tests"]
    if tests and not large:
        add("test.md", "test.md.j2", t("pre_post_test"), key=keys.whole("test.md"), tests=tests)
    if project.workshop.follow_up:
        add("rtl.md", "follow_up.md.j2", t("follow_up_plan"), key=keys.whole("rtl.md"))
    if env.globals["has_evaluation_page"]:
        add(EVALUATION_PAGE, "evaluation.md.j2", t("evaluation_page"), key=keys.whole(EVALUATION_PAGE))
    for group in groups or [LessonGroup(t("lessons"), "", list(project.lessons.values()), trail=(t("lessons"),))]:
        if group.path:
            test = next((test for test in tests if (test.day.number if test.day else None) == group.day), None)  # the day's, beside its lessons
            add(group.path, "day.md.j2", group.title, group.trail, key=keys.group(group), group=group, test=test)
            if test is not None:
                add(test.path, "test.md.j2", t("pre_post_test"), group.trail, key=keys.whole(test.path), tests=[test])
        for lesson in group.lessons:
            placed = project.schedule.slot_of(lesson.id)
            path = f"lessons/{lesson.id}.md"
            add(path, "lesson.md.j2", lesson.title, group.trail if large else t("lessons"), key=keys.lesson(path, lesson.id, placed),
                lesson=lesson, day=placed[0] if placed else None, slot=placed[1] if placed else None)
    for path, template, label in TOOLKIT_PAGES:
        add(path, template, t(label), t("toolkit"), key=keys.whole(path), toolkit=toolkit, large=large)
    add("downloads.md", "downloads.md.j2", t("downloads"), key=keys.whole(f"downloads.md|preview={preview}"),
        handouts=published, handouts_dir=HANDOUTS_DIR, figures_file=FIGURES_FILE,
        preview=preview)
    def render(job: tuple[int, str, str, str | None, dict[str, Any]]) -> str:
        _, template, path, key, context = job
        content = render_template(env, template, page_path=path, **context)
        if key:
            keys.cache.put("page", key, content)  # by the worker that rendered it: writing is slow too
        return content

    # Workers take chunks of jobs in order: the pages that gather the whole catalogue (each
    # dozens of times a lesson page) go first, so that no worker is left with one at the end
    # while the other waits; a lesson page goes before them, to be rendered here, where the
    # templates it compiles are then inherited by every worker.
    jobs.sort(key=lambda job: job[1] in ("lesson.md.j2", "day.md.j2"))  # stable: the gathering pages first
    first_lesson = next((i for i, job in enumerate(jobs) if job[1] == "lesson.md.j2"), None)
    if first_lesson is not None:
        jobs.insert(0, jobs.pop(first_lesson))
    for (index, _, _, key, _), content in zip(jobs, parallel_map(render, jobs)):
        site.pages[index] = replace(site.pages[index], content=content)
        if key:
            keys.cache.keep("page", key, content)
    site.assets.update(read_assets(project.root))
    return site


def waiting_site(root: Path, language: str) -> Site:
    """What ``bimtek serve`` shows when the project has errors from the start: a home page (over
    which bimtek.js shows the problems), and the assets; the first build that succeeds replaces it."""
    title = Translator(language)("preview_waiting")
    return Site([Page("index.md", title, f"# {escape_markdown(title)}\n")], read_assets(root))


EVALUATION_PAGE = "evaluasi.md"
"""The participants' evaluation forms on the site (for an online workshop, what the printed ones are at a venue)."""

TOOLKIT_PAGES = [
    ("toolkit/key-points.md", "key_points.md.j2", "key_points"),
    ("toolkit/exercises.md", "exercises.md.j2", "exercises"),
    ("toolkit/checklists.md", "checklists.md.j2", "checklists"),
    ("toolkit/glossary.md", "glossary.md.j2", "glossary"),
    ("toolkit/references.md", "references.md.j2", "references"),
]


class _PageKeys:
    """Cache keys of pages: digests of everything a page is rendered from.

    Every key holds bimtek's code, the templates and the workshop file. A
    lesson page adds its lesson file, its agenda slot and the outline of the
    catalogue (ids, titles and lengths of all lessons, which the templates show
    in links), so editing one lesson's text re-renders that page alone. Pages
    that gather all lessons (home, agenda, toolkit) hold every file.
    """

    def __init__(self, project: Project, cache: Cache | None):
        self.cache = open_cache(project.root) if cache is None else cache
        self.fingerprints = project.fingerprints
        templates = tree_digest([project.root / "templates" / "site", default_templates_dir() / "site"])
        self.enabled = "workshop" in self.fingerprints and all(i in self.fingerprints for i in project.lessons)
        outline = [f"{lesson.id}|{lesson.title}|{lesson.duration}" for lesson in project.lessons.values()]
        self.base = digest(code_digest(), templates, self.fingerprints.get("workshop", ""), *outline)
        self.everything = digest(self.base, *(f"{name}={value}" for name, value in self.fingerprints.items()))
        self.schedule = project.schedule

    def whole(self, path: str) -> str | None:
        return digest(self.everything, path) if self.enabled else None

    def group(self, group: LessonGroup) -> str | None:
        if not self.enabled:
            return None
        return digest(self.base, group.path, group.title, *(self.fingerprints[lesson.id] for lesson in group.lessons))

    def lesson(self, path: str, lesson_id: str, placed: Any) -> str | None:
        if not self.enabled:
            return None
        where = ""
        if placed:
            day, slot = placed
            where = f"{day.number}|{day.date}|{slot.start}|{slot.end}|{','.join(slot.people)}"
        return digest(self.base, path, self.fingerprints[lesson_id], where)


ASSETS_DIR = "assets/bimtek/"
"""Where the files of ``templates/assets`` go in the site; those of ``templates/assets/root`` go to its top."""


def read_assets(root: Path) -> dict[str, bytes]:
    """Static files (CSS, JS) under ``templates/assets``; a project's own win.

    Files under ``templates/assets/root/`` go to the top of the site (the service
    worker: it can serve only the folder it is in, and the folders below).
    """
    assets: dict[str, bytes] = {}
    for base in (default_templates_dir() / "assets", root / "templates" / "assets"):
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    name = path.relative_to(base).as_posix()
                    assets[name.removeprefix("root/") if name.startswith("root/") else ASSETS_DIR + name] = path.read_bytes()
    return assets


def write_pages(site: Site, out_dir: Path) -> list[Path]:
    """Write the generated pages and assets as plain files (for any Markdown engine)."""
    written = []
    for page in site.pages:
        target = out_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        written.append(target)
    for name, data in site.assets.items():
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written
