"""Which printable editions a workshop gets, and their file names: the agenda, the workbook, the
worksheets (every exercise with its writing space, for the venue), the attendance list (a sheet per
day to sign at the venue), the name tags, the evaluation forms (of each speaker, of the organisation), the pre-test and
post-test sheet, the follow-up plan (RTL) sheet, a handout and slides per lesson, the guide (with the test's answer key), the
briefs the organisers send to each speaker, facilitator and moderator, the certificates, the terms of reference, the invitation letters and the activity report.

Shared by the site (the Downloads page links them) and the PDF pipeline
(:mod:`bimtek.handouts` makes them). A large catalogue gets its workbook and
facilitator guide per agenda day, as its site groups its lessons: one book of a
thousand lessons would be tens of thousands of pages, more memory than a laptop
has to lay out, and no one prints it; a day's book is what goes to the venue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable

from .agenda import ScheduledDay, Slot
from .i18n import Translator
from .letters import names_participants
from .model import Person
from .outline import LessonGroup, is_large, lesson_groups
from .project import Project

HANDOUTS_DIR = "handouts"
FIGURES_FILE = "figures.js"
"""Beside the PDFs in ``handouts/``: each public PDF's pages and bytes, which the downloads page shows
(a script, not JSON: a page opened from a folder can load a script but not fetch a file)."""
PRIVATE_DIR = "private"

FILE_NAMES = {
    "workbook": {"id": "buku-kerja-peserta", "en": "participant-workbook"},
    "worksheets": {"id": "lembar-kerja", "en": "worksheets"},
    "agenda": {"id": "jadwal", "en": "agenda"},
    "attendance": {"id": "daftar-hadir", "en": "attendance-list"},
    "attendance_named": {"id": "daftar-hadir-bernama", "en": "attendance-list-named"},
    "name_tags": {"id": "tanda-pengenal", "en": "name-tags"},
    "name_tags_named": {"id": "tanda-pengenal-bernama", "en": "name-tags-named"},
    "evaluation": {"id": "evaluasi", "en": "evaluation"},
    "test": {"id": "tes-awal-akhir", "en": "pre-post-test"},
    "follow_up": {"id": "rtl", "en": "follow-up-plan"},
    "briefs": {"id": "kerangka-acuan-narasumber", "en": "speaker-briefs"},
    "certificates": {"id": "sertifikat", "en": "certificates"},
    "report": {"id": "laporan-kegiatan", "en": "activity-report"},
    "terms": {"id": "kerangka-acuan-kerja", "en": "terms-of-reference"},
    "invitations": {"id": "undangan", "en": "invitations"},
    "guide": {"id": "panduan-fasilitator", "en": "facilitator-guide"},
    "slides": {"id": "salindia", "en": "slides"},
    "day": {"id": "hari", "en": "day"},
    "not_scheduled": {"id": "belum-dijadwalkan", "en": "not-scheduled"},
}


@dataclass(frozen=True)
class Handout:
    """One PDF: its file name, title, template and (for a lesson handout) lesson id."""

    name: str
    title: str
    template: str
    lesson_id: str | None = None
    private: bool = False
    lesson_ids: tuple[str, ...] | None = None
    """The lessons of a book of one day (in agenda order); None: a book of every lesson."""
    day: int | None = None
    """That day's number (None for the lessons not on the agenda): its agenda is the book's."""
    for_organisers: bool = False
    """Printed by the organisers for the venue (worksheets, attendance list, evaluation forms), not read by participants."""
    personal: bool = False
    """Holds the participants' names and NIPs (participants.csv): kept in ``private/``, never published."""
    participant: int | None = None
    """One participant's own certificate (their number in the list), to send by e-mail or WhatsApp."""
    slides: bool = False
    """A lesson's slides (salindia) for the projector, rather than its handout."""


def plan_handouts(project: Project) -> list[Handout]:
    """Every PDF of the workshop, in the order of the Downloads page."""
    t = Translator(project.language)
    lang = project.language
    groups = lesson_groups(project, t)
    plan = [Handout(f"{FILE_NAMES['agenda'][lang]}.pdf", t("agenda_sheet"), "agenda.html.j2")]
    plan += _books(groups, lang, "workbook", t("workbook"), "workbook.html.j2")
    plan += [replace(book, for_organisers=True) for book in _books(groups, lang, "worksheets", t("worksheets_book"), "worksheets.html.j2")
             if _holds(project, book, lambda lesson: lesson.exercises)]
    if project.workshop.mode != "online":  # online, these take a form on the call or on the site: the venue's papers, in the day's order
        days = [group for group in groups if group.day is not None]  # a large catalogue: a file per day, as its books
        if project.schedule.days:
            plan += [replace(form, for_organisers=True) for form in _books(days, lang, "attendance", t("attendance_list"), "attendance.html.j2")]
            if project.participants:  # the same list with every name printed, to sign only
                plan += [replace(form, private=True, personal=True) for form in _books(
                    days, lang, "attendance_named", t("attendance_list_named"), "attendance.html.j2")]
        plan.append(Handout(f"{FILE_NAMES['name_tags'][lang]}.pdf", t("name_tags"), "name_tags.html.j2", for_organisers=True))
        if project.participants:  # each participant's own, to hand out at the desk
            plan.append(Handout(f"{FILE_NAMES['name_tags_named'][lang]}.pdf", t("name_tags_named"), "name_tags.html.j2", private=True, personal=True))
        plan += [replace(book, for_organisers=True) for book in _books(groups, lang, "test", t("pre_post_test"), "test.html.j2")
                 if _holds(project, book, lambda lesson: lesson.test)]
        if project.schedule.days:
            plan += [replace(form, for_organisers=True) for form in _books(days, lang, "evaluation", t("evaluation_forms"), "evaluation.html.j2")]
        if project.workshop.follow_up:
            plan.append(Handout(f"{FILE_NAMES['follow_up'][lang]}.pdf", t("follow_up_plan"), "follow_up.html.j2", for_organisers=True))
    plan += [Handout(f"{lesson.id}.pdf", lesson.title, "handout.html.j2", lesson.id) for lesson in project.lessons.values()]
    if not is_large(project):  # a catalogue's trainers each take their own sessions'; ten thousand slides more per cold build
        plan += [Handout(f"{FILE_NAMES['slides'][lang]}/{lesson.id}.pdf", f"{t('slides')}: {lesson.title}", "slides.html.j2", lesson.id, slides=True)
                 for lesson in project.lessons.values()]
    plan += _books(groups, lang, "guide", t("facilitator_guide"), "guide.html.j2", private=True)
    if project.workshop.certificate is not None:  # named: personal data, never published
        plan.append(Handout(f"{FILE_NAMES['certificates'][lang]}.pdf", t("certificates"), "certificate.html.j2", private=True, personal=True))
        plan += [Handout(f"{FILE_NAMES['certificates'][lang]}/{person.number:03d}-{file_slug(person.name)}.pdf", f"{t('certificate_title')} · {person.name}",
                         "certificate.html.j2", private=True, personal=True, participant=person.number) for person in project.participants]
    if speaker_briefs(project):
        plan += _books(groups, lang, "briefs", t("speaker_briefs"), "briefs.html.j2", private=True)
    if project.workshop.terms_of_reference is not None:  # the plan and its funding: for the organisers and their superiors
        plan.append(Handout(f"{FILE_NAMES['terms'][lang]}.pdf", t("terms_of_reference"), "terms.html.j2", private=True))
    if project.workshop.invitation is not None:  # one letter per addressee, or per participant (then named: personal)
        plan.append(Handout(f"{FILE_NAMES['invitations'][lang]}.pdf", t("invitations"), "invitation.html.j2", private=True,
                            personal=names_participants(project.workshop, project.participants)))
    if project.workshop.report is not None:  # its annex lists the participants
        plan.append(Handout(f"{FILE_NAMES['report'][lang]}.pdf", t("activity_report"), "report.html.j2", private=True, personal=True))
    return plan


EVALUATED_ROLES = ("speaker", "facilitator")
"""Who participants evaluate after a session (evaluasi narasumber): not the moderator or the committee."""


@dataclass(frozen=True)
class EvaluationSheet:
    """One speaker's evaluation form for one session."""

    day: ScheduledDay
    slot: Slot
    person: Person

    @property
    def anchor(self) -> str:
        """The form's id on the site's evaluation page (a lesson page links it)."""
        return f"evaluasi-{self.day.number}-{self.slot.start:%H%M}-{self.person.id}"


def evaluation_sheets(project: Project, days: list[ScheduledDay] | None = None) -> list[EvaluationSheet]:
    """A form per session and speaker or facilitator on the agenda (or on these ``days``), in agenda order."""
    sheets = []
    for day in project.schedule.days if days is None else days:
        for slot in day.slots:
            if slot.lesson is not None:
                for person in project.people(slot.people or slot.lesson.people):
                    if person.role in EVALUATED_ROLES:
                        sheets.append(EvaluationSheet(day, slot, person))
    return sheets


def file_slug(name: str, fallback: str = "peserta") -> str:
    """A file name's part from a name: 'Rina Wulandari, S.I.Kom.' -> 'rina-wulandari-s-i-kom'
    (``fallback`` for a name without Latin letters or digits)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].rstrip("-") or fallback


BRIEFED_ROLES = ("speaker", "facilitator", "moderator")
"""Who gets a brief of their sessions from the organisers (kerangka acuan narasumber): everyone who runs one."""


@dataclass(frozen=True)
class SpeakerBrief:
    """What the organisers send one speaker, facilitator or moderator: their sessions, in agenda order."""

    person: Person
    sessions: tuple[tuple[ScheduledDay, Slot], ...]


def speaker_briefs(project: Project, lesson_ids: Iterable[str] | None = None) -> list[SpeakerBrief]:
    """A brief per person who runs a session on the agenda (of these lessons only, for a day's book), in the order they first appear."""
    wanted = None if lesson_ids is None else set(lesson_ids)
    sessions: dict[str, list[tuple[ScheduledDay, Slot]]] = {}
    people: dict[str, Person] = {}
    for day in project.schedule.days:
        for slot in day.slots:
            if slot.lesson is None or (wanted is not None and slot.lesson.id not in wanted):
                continue
            for person in project.people(slot.people or slot.lesson.people):
                if person.role in BRIEFED_ROLES:
                    people.setdefault(person.id, person)
                    sessions.setdefault(person.id, []).append((day, slot))
    return [SpeakerBrief(people[pid], tuple(found)) for pid, found in sessions.items()]


def _holds(project: Project, book: Handout, has) -> bool:
    """Whether a lesson of ``book`` (every lesson, or one day's) has what ``has`` looks for."""
    return any(has(project.lessons[i]) for i in (project.lessons if book.lesson_ids is None else book.lesson_ids))


def _books(groups: list[LessonGroup], lang: str, kind: str, title: str, template: str, private: bool = False) -> list[Handout]:
    """One book of every lesson; for a large catalogue (``groups``), one per agenda day (and one of the unscheduled lessons)."""
    if not groups:
        return [Handout(f"{FILE_NAMES[kind][lang]}.pdf", title, template, private=private)]
    books = []
    for group in groups:
        suffix = f"{FILE_NAMES['day'][lang]}-{group.day}" if group.day is not None else FILE_NAMES["not_scheduled"][lang]
        books.append(Handout(f"{FILE_NAMES[kind][lang]}-{suffix}.pdf", f"{title} · {group.title}", template, private=private,
                             lesson_ids=tuple(lesson.id for lesson in group.lessons), day=group.day))
    return books
