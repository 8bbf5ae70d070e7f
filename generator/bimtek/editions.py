"""Which printable editions a workshop gets, and their file names.

Shared by the site (the Downloads page links them) and the PDF pipeline
(:mod:`bimtek.handouts` makes them).
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Translator
from .project import Project

HANDOUTS_DIR = "handouts"
PRIVATE_DIR = "private"

FILE_NAMES = {
    "workbook": {"id": "buku-kerja-peserta", "en": "participant-workbook"},
    "agenda": {"id": "jadwal", "en": "agenda"},
    "guide": {"id": "panduan-fasilitator", "en": "facilitator-guide"},
}


@dataclass(frozen=True)
class Handout:
    """One PDF: its file name, title, template and (for a lesson handout) lesson id."""

    name: str
    title: str
    template: str
    lesson_id: str | None = None
    private: bool = False


def plan_handouts(project: Project) -> list[Handout]:
    """Every PDF of the workshop, in the order of the Downloads page."""
    t = Translator(project.language)
    lang = project.language
    plan = [
        Handout(f"{FILE_NAMES['agenda'][lang]}.pdf", t("agenda_sheet"), "agenda.html.j2"),
        Handout(f"{FILE_NAMES['workbook'][lang]}.pdf", t("workbook"), "workbook.html.j2"),
    ]
    plan += [Handout(f"{lesson.id}.pdf", lesson.title, "handout.html.j2", lesson.id) for lesson in project.lessons.values()]
    plan.append(Handout(f"{FILE_NAMES['guide'][lang]}.pdf", t("facilitator_guide"), "guide.html.j2", private=True))
    return plan
