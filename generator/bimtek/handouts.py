"""Printable handouts: which PDFs a workshop gets, rendered from ``templates/print``.

Editions are decided here, from the model, never by hiding HTML:
- a participant handout per lesson (worksheets with ruled space, empty boxes, no answers),
- the participant workbook (cover, agenda, contents with page numbers, every lesson, glossary),
- the agenda on one page, for the venue wall or the WhatsApp group,
- the facilitator guide (timing plans, notes, example answers, answer keys). It holds
  what participants must not see, so it is written to ``private/``, never into ``site/``.

Each PDF's inputs (its HTML, the CSS, the fonts, bimtek's code and WeasyPrint's
version) are hashed; a PDF whose hash was rendered before is copied from
``.bimtek-cache/pdf/`` instead of rendered again. The rest render in parallel,
one process per core. An exercise that no page can hold is found by laying its
document out (:mod:`bimtek.pdf`); what was found is kept by the exercise's content
(``blocks.json``), so a document rendered again later is laid out only once.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_text
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from .agenda import timing_plan
from .cache import CACHE_DIR, code_digest, digest, tree_digest
from .errors import RenderError
from .editions import FIGURES_FILE, FILE_NAMES, HANDOUTS_DIR, PRIVATE_DIR, Handout, evaluation_sheets, plan_handouts, speaker_briefs
from .pdf import PAPER_SIZES, PdfJob, block_keys, render_pdf
from .project import LESSONS_DIR, Project
from .render import make_environment, render_template
from .photos import printable_photo
from .qr import qr_code, site_address
from .evaluations import aspect_labels, category as evaluation_category
from .letters import invitation_letters, invitation_signature
from .report import activity_report
from .toolkit import collect_toolkit

@dataclass
class HandoutReport:
    """What a run made: files written, how many were rendered or reused, pages, time."""

    files: dict[str, Path] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    layouts: dict[str, int] = field(default_factory=dict)
    """How many times each rendered PDF was laid out (twice when an exercise no page can hold was new)."""
    seconds: float = 0.0

    @property
    def rendered_pages(self) -> int:
        return sum(self.pages[name] for name in self.rendered)


def document_date(project: Project) -> str:
    """The PDFs' creation date: SOURCE_DATE_EPOCH if set, else the workshop's first day (never the clock)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    first = project.schedule.days[0].date if project.schedule.days else dt.date(2000, 1, 1)
    return f"{first.isoformat()}T00:00:00Z"


def render_jobs(project: Project, handouts: Iterable[Handout]) -> list[PdfJob]:
    """The HTML and CSS of each handout (fast; the PDF rendering is the slow part)."""
    env = make_environment(project, "print")
    env.globals["timing_plan"] = timing_plan
    env.globals["evaluation_sheets"] = evaluation_sheets
    env.globals["speaker_briefs"] = speaker_briefs
    env.globals["evaluation_labels"] = aspect_labels(project.workshop)  # as the site's evaluation page has them
    env.globals["activity_report"] = activity_report
    env.globals["invitation_letters"] = invitation_letters
    env.globals["invitation_signature"] = invitation_signature
    env.globals["evaluation_category"] = evaluation_category
    env.globals["printable_photo"] = functools.partial(printable_photo, project.root)
    env.globals["site_address"] = functools.partial(site_address, project)
    env.filters["qr"] = qr_code
    t = env.globals["t"]
    css_template = env.get_template("print.css")
    css, base_url = Path(css_template.filename).read_text(encoding="utf-8"), str(Path(css_template.filename).parent) + "/"
    toolkit = collect_toolkit(project)
    lessons = list(project.lessons.values())
    date = document_date(project)
    picture_digests: dict[Path, str] = {}
    jobs = []
    for handout in handouts:
        lesson = project.lessons.get(handout.lesson_id) if handout.lesson_id else None
        book, glossary, days = lessons, toolkit.glossary, project.schedule.days
        minutes = project.schedule.lesson_minutes
        if handout.lesson_ids is not None:  # the book of one day of a large catalogue
            book = [project.lessons[lesson_id] for lesson_id in handout.lesson_ids]
            glossary = collect_toolkit(project, book).glossary
            days = [day for day in project.schedule.days if day.number == handout.day]
            minutes = sum(day.lesson_minutes for day in days) if days else sum(lesson.duration for lesson in book)
        doc = {
            "title": f"{handout.title} · {project.workshop.title}" if lesson or handout.lesson_ids is not None
                     else f"{handout.title}: {project.workshop.title}",
            "subject": " ".join(lesson.summary.split()) if lesson else (project.workshop.subtitle or project.workshop.title),
            "keywords": ", ".join([t("slides") if handout.slides else t("handout") if lesson else handout.title, project.workshop.organizer]),
            "date": date,
            "paper": PAPER_SIZES[project.workshop.paper],
        }
        html = render_template(env, handout.template, page_path=handout.name, doc=doc, lesson=lesson,
                               lessons=book, glossary=glossary, days=days, lesson_minutes=minutes, edition=handout.title,
                               participants=_participants_in(handout, project))
        html, pictures = _with_local_pictures(html, project.content_dir, picture_digests)
        jobs.append(PdfJob(handout.name, html, css, base_url, pictures=pictures))
    return jobs


_PICTURE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)(")')


def _with_local_pictures(html: str, content: Path, known: dict[Path, str]) -> tuple[str, str]:
    """``html`` with each picture of the project (a relative ``src``) as an absolute file address, and a
    digest of those pictures (a PDF is made again when one changes; ``known``: digests by file, per run).

    A relative address is read as on the site: from a lesson's page in ``lessons/`` (``../gambar/peta.png``),
    or, failing that, from ``content/`` itself, where the workshop's texts show. Without this the PDF
    would look for it beside the print templates, and leave the picture out without a word.
    """
    found: list[str] = []

    def absolute(match: re.Match) -> str:
        source = html_text.unescape(match[2])
        parts = urlsplit(source)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return match[0]  # a web address, an anchor: as it is (the checks refuse absolute paths)
        for folder in (content / LESSONS_DIR, content):
            target = (folder / unquote(parts.path)).resolve()
            if target.is_relative_to(content.resolve()) and target.is_file():
                if target not in known:
                    known[target] = digest(target.read_bytes())
                found.extend((str(target), known[target]))
                return match[1] + str(escape(target.as_uri())) + match[3]
        return match[0]

    return _PICTURE.sub(absolute, html), digest(*found) if found else ""


def _participants_in(handout: Handout, project: Project) -> list:
    """The people a handout names: none unless it is a personal one; one for a participant's own certificate."""
    if not handout.personal:
        return []
    if handout.participant is not None:
        return [project.participants[handout.participant - 1]]
    return project.participants


def _job_key(job: PdfJob, fonts: str) -> str:
    from importlib.metadata import version

    return digest(code_digest(), version("weasyprint"), version("pydyf"), fonts, job.html, job.css, job.pictures)


def make_handouts(project: Project, site_dir: Path, *, private_dir: Path | None = None,
                  only: set[str] | None = None, workers: int | None = None, progress: bool | None = None) -> HandoutReport:
    """Write every handout PDF: participant ones into ``site_dir/handouts``, the guide into ``private_dir``.

    Unchanged PDFs come from the cache; the others render in parallel.
    Raises :class:`RenderError` if a template or WeasyPrint fails.
    """
    started = time.perf_counter()
    report = HandoutReport()
    plan = [h for h in plan_handouts(project) if only is None or h.name in only]
    public_dir = site_dir / HANDOUTS_DIR
    private_dir = private_dir or project.root / PRIVATE_DIR
    jobs = render_jobs(project, plan)
    fonts = tree_digest([Path(jobs[0].base_url) / "fonts"]) if jobs else ""
    cache_dir = project.root / CACHE_DIR / "pdf"
    blocks = _read_blocks(cache_dir)
    block_keys_of: dict[str, dict[str, str]] = {}
    todo: list[tuple[PdfJob, str]] = []
    for handout, job in zip(plan, jobs):
        key = _job_key(job, fonts)
        target = (private_dir if handout.private else public_dir) / handout.name
        report.files[handout.name] = target
        cached = cache_dir / f"{key}.pdf"
        if cached.is_file() and (cache_dir / f"{key}.pages").is_file():
            _write_atomic(target, cached.read_bytes())
            report.pages[handout.name] = int((cache_dir / f"{key}.pages").read_text() or 0)
            report.reused.append(handout.name)
        else:
            block_keys_of[job.name] = block_keys(job.html, job.css)
            known = [name for name, block in block_keys_of[job.name].items() if blocks.get(block) is True]
            todo.append((replace(job, taller_than_a_page=tuple(known)), key))
    show = sys.stderr.isatty() if progress is None else progress
    bar = _Progress(len(todo), show)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    # Longest first: the books (workbook, guide) take ten times a lesson's handout; started
    # last, one of them kept a single core busy at the end while the others waited.
    todo.sort(key=lambda item: item[0].cost, reverse=True)
    try:
        if workers == 1:
            results = (render_pdf(job) for job, _ in todo)
            _collect(results, todo, report, cache_dir, bar, (blocks, block_keys_of))
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(render_pdf, job) for job, _ in todo]
                try:
                    _collect((future.result() for future in as_completed(futures)), todo, report, cache_dir, bar, (blocks, block_keys_of))
                except BaseException:
                    for future in futures:
                        future.cancel()  # a handout failed (or Ctrl+C): do not wait for the rest to render
                    raise
    except RenderError:
        raise
    except Exception as exc:  # WeasyPrint failures of any kind: report, no traceback
        raise RenderError(f"a handout failed to render: {type(exc).__name__}: {exc}") from None
    finally:
        bar.close()
    if only is None:
        _remove_retired(public_dir, plan, project.content_dir / HANDOUTS_DIR)
        _remove_retired_certificates(private_dir / FILE_NAMES["certificates"][project.language], plan)
    _write_figures(public_dir, plan if only is None else plan_handouts(project), report)
    order = {handout.name: index for index, handout in enumerate(plan)}
    report.rendered.sort(key=order.__getitem__)  # in the plan's order, however the workers finished
    report.seconds = time.perf_counter() - started
    return report


def _collect(results, todo, report: HandoutReport, cache_dir: Path, bar: "_Progress",
             known: tuple[dict[str, bool], dict[str, dict[str, str]]]) -> None:
    """Write each rendered PDF and its cache entry; remember what its layout found about its blocks."""
    keys = {job.name: key for job, key in todo}
    blocks, block_keys_of = known
    learned = False
    for result in results:
        name = result.name
        target = report.files[name]
        _write_atomic(target, result.data)
        report.pages[name] = result.pages
        report.layouts[name] = result.layouts
        report.rendered.append(name)
        try:
            _write_atomic(cache_dir / f"{keys[name]}.pdf", result.data)
            _write_atomic(cache_dir / f"{keys[name]}.pages", str(result.pages).encode())
        except OSError:
            pass  # a cache that cannot be written only costs speed
        found = block_keys_of[name]
        for block, tall in result.blocks.items():
            if block in found and blocks.get(found[block]) is not tall:
                blocks[found[block]] = tall
                learned = True
        bar.step(name)
    if learned:
        _write_blocks(cache_dir, blocks)


BLOCKS_FILE = "blocks.json"
"""What earlier layouts found about each exercise (by :func:`bimtek.pdf.block_keys`): whether a page can hold it."""
MAX_BLOCKS = 20_000


def _read_blocks(cache_dir: Path) -> dict[str, bool]:
    try:
        found = json.loads((cache_dir / BLOCKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {key: value for key, value in found.items() if isinstance(key, str) and isinstance(value, bool)}


def _write_blocks(cache_dir: Path, blocks: dict[str, bool]) -> None:
    kept = dict(list(blocks.items())[-MAX_BLOCKS:])  # the newest: a cache, not a record
    try:
        _write_atomic(cache_dir / BLOCKS_FILE, json.dumps(kept, sort_keys=False).encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only costs speed


_FIGURES_START = "window.bimtekHandouts = "


def _write_figures(public_dir: Path, published: list[Handout], report: HandoutReport) -> None:
    """``handouts/figures.js``: the pages and bytes of each public PDF, for the downloads page.

    A run that made some of the PDFs keeps what the file says of the others.
    """
    names = [handout.name for handout in published if not handout.private]
    figures = _read_figures(public_dir / FIGURES_FILE)
    for name in names:
        if name in report.pages:
            figures[name] = {"pages": report.pages[name], "bytes": report.files[name].stat().st_size}
    kept = {name: figures[name] for name in names if name in figures}
    _write_atomic(public_dir / FIGURES_FILE, f"{_FIGURES_START}{json.dumps(kept, sort_keys=True)};\n".encode("utf-8"))


def _remove_retired(public_dir: Path, plan: list[Handout], own_dir: Path) -> None:
    """Remove the public PDFs an earlier run made that the plan no longer has (a lesson deleted or
    renamed): they would stay published. Only those the last run's figures list, never a file
    of the same name that the project publishes itself from ``content/handouts/``."""
    current = {handout.name for handout in plan if not handout.private}
    for name in _read_figures(public_dir / FIGURES_FILE):
        folder, _, file = name.rpartition("/")
        if name not in current and file.endswith(".pdf") and folder in _PUBLIC_FOLDERS and "\\" not in name \
                and not file.startswith(".") and not (own_dir / name).exists():
            (public_dir / name).unlink(missing_ok=True)


_PUBLIC_FOLDERS = {"", *FILE_NAMES["slides"].values()}
"""Where public PDFs are written in ``handouts/`` (a name in the figures never leads anywhere else)."""


def _remove_retired_certificates(folder: Path, plan: list[Handout]) -> None:
    """Remove the certificates of people no longer on the list (or renamed): each holds a name and a NIP."""
    current = {handout.name.rsplit("/", 1)[-1] for handout in plan if handout.participant is not None}
    for path in folder.glob("*.pdf") if folder.is_dir() else ():
        if path.name not in current:
            path.unlink(missing_ok=True)


def _read_figures(path: Path) -> dict[str, dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8").strip()
        found = json.loads(text.removeprefix(_FIGURES_START).removesuffix(";"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {name: value for name, value in found.items()
            if isinstance(value, dict) and all(isinstance(value.get(k), int) for k in ("pages", "bytes"))}


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Progress:
    """A one-line progress bar on stderr (only on a terminal)."""

    def __init__(self, total: int, show: bool):
        self.total, self.done, self.show = total, 0, show and total > 0

    def step(self, name: str) -> None:
        self.done += 1
        if self.show:
            filled = int(30 * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} PDF  {name[:40]:<40}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.show:
            sys.stderr.write("\n")
