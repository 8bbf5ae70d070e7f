"""How the lessons are grouped in the site: one flat section for a workshop, days for a catalogue.

MkDocs Material draws the navigation into every page. For a workshop of a few
lessons that is a short list; for a training centre's catalogue of a thousand
lessons it was most of each page's weight and most of the build time. A large
catalogue is therefore grouped by agenda day (and days in blocks), each group
with an index page, and ``navigation.prune`` draws only the groups on the way
to the current page. Search still covers every lesson: it indexes pages, not
the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import Translator
from .model import Lesson
from .project import Project

LARGE_CATALOGUE = 40
"""More lessons than this: group them by day (a workshop of a week has about 25)."""

DAYS_PER_BLOCK = 10
"""Days in one block of the navigation, when there are more days than that."""


@dataclass
class LessonGroup:
    """The lessons of one agenda day (or the unscheduled ones), with their index page."""

    title: str
    path: str
    lessons: list[Lesson] = field(default_factory=list)
    day: int | None = None
    trail: tuple[str, ...] = ()
    """The sections above the group's lessons, outermost first (the group's own title last)."""


def is_large(project: Project) -> bool:
    """Whether the project is a catalogue whose pages are grouped (and whose toolkit links rather than repeats)."""
    return len(project.lessons) > LARGE_CATALOGUE


def lesson_groups(project: Project, t: Translator) -> list[LessonGroup]:
    """The groups of a large catalogue, in agenda order; ``[]`` for a workshop (one flat section)."""
    if not is_large(project):
        return []
    groups: list[LessonGroup] = []
    placed: set[str] = set()
    for day in project.schedule.days:
        lessons = [slot.lesson for slot in day.slots if slot.lesson is not None and slot.lesson.id not in placed]
        if not lessons:
            continue
        placed.update(lesson.id for lesson in lessons)
        title = f"{t('day')} {day.number} · {t.date(day.date, 'short')}"
        groups.append(LessonGroup(title, f"days/{day.number}/index.md", lessons, day.number))
    others = [lesson for lesson in project.lessons.values() if lesson.id not in placed]
    if others:
        groups.append(LessonGroup(t("not_scheduled"), "days/other/index.md", others))
    blocks = len(groups) > DAYS_PER_BLOCK
    for index, group in enumerate(groups):
        if blocks:
            chunk = groups[index - index % DAYS_PER_BLOCK: index - index % DAYS_PER_BLOCK + DAYS_PER_BLOCK]
            group.trail = (t("lessons"), _block_title(chunk, t), group.title)
        else:
            group.trail = (t("lessons"), group.title)
    return groups


def _block_title(chunk: list[LessonGroup], t: Translator) -> str:
    days = [group.day for group in chunk if group.day is not None]  # the unscheduled lessons close the last block
    if not days:
        return t("not_scheduled")
    return f"{t('day')} {days[0]}–{days[-1]}" if len(days) > 1 else f"{t('day')} {days[0]}"
