"""The pre-test and post-test (tes awal dan tes akhir): which questions, grouped as the agenda's days.

A bimtek day opens with a pre-test and closes with the same questions as a post-test,
so that participants and organisers see what was learned. Each lesson brings its own
test questions (``test:`` in its file); a day's test gathers those of the lessons on that
day, in agenda order. Pure functions of the model; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from .agenda import ScheduledDay
from .i18n import Translator
from .model import Lesson, Question
from .project import Project

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def choice_letter(index: int) -> str:
    """How printed sheets and answer keys name choice ``index``: A, B, C... (then numbers)."""
    return LETTERS[index] if 0 <= index < len(LETTERS) else str(index + 1)


@dataclass(frozen=True)
class TestQuestion:
    """One question of a test, with the lesson it comes from."""

    __test__ = False  # a name pytest would otherwise try to collect where a test imports it

    lesson: Lesson
    question: Question


@dataclass(frozen=True)
class WorkshopTest:
    """The test of one agenda day (or of the lessons not on the agenda)."""

    key: str
    """``hari-2``, ``lainnya`` or ``semua``: the anchor of the test on the site and the key of the participant's answers."""
    title: str
    items: tuple[TestQuestion, ...]
    day: ScheduledDay | None = None
    path: str = "test.md"
    """The site page that holds it (a large catalogue has one test page per day)."""

    @property
    def anchor(self) -> str:
        return f"tes-{self.key}"

    @property
    def lessons(self) -> list[Lesson]:
        """The lessons the questions come from, in order, each once."""
        return list({item.lesson.id: item.lesson for item in self.items}.values())


def workshop_tests(project: Project, t: Translator, *, per_day_pages: bool = False) -> list[WorkshopTest]:
    """Every test of the workshop in agenda order; ``[]`` when no lesson has test questions.

    A lesson on several days is tested on the first. With ``per_day_pages`` (a large
    catalogue) each day's test has its own page beside the day's lessons.
    """
    tests: list[WorkshopTest] = []
    placed: set[str] = set()
    for day in project.schedule.days:
        lessons = [slot.lesson for slot in day.slots if slot.lesson is not None and slot.lesson.id not in placed]
        placed.update(lesson.id for lesson in lessons)
        items = tuple(TestQuestion(lesson, question) for lesson in lessons for question in lesson.test)
        if items:
            path = f"days/{day.number}/test.md" if per_day_pages else "test.md"
            tests.append(WorkshopTest(f"hari-{day.number}", f"{t('day')} {day.number} · {t.date(day.date)}", items, day, path))
    others = tuple(TestQuestion(lesson, question) for lesson in project.lessons.values() if lesson.id not in placed
                   for question in lesson.test)
    if others:
        scheduled = bool(project.schedule.days)
        tests.append(WorkshopTest("lainnya" if scheduled else "semua", t("not_scheduled") if scheduled else t("all_sessions"),
                                  others, path="days/other/test.md" if per_day_pages else "test.md"))
    return tests


def day_test(tests: list[WorkshopTest], day_number: int) -> WorkshopTest | None:
    """The test of agenda day ``day_number``, if it has one (the agenda links its pre-test and post-test rows there)."""
    return next((test for test in tests if test.day is not None and test.day.number == day_number), None)


def tests_for(tests: list[WorkshopTest], lessons: list[Lesson]) -> list[WorkshopTest]:
    """The tests with a question from one of ``lessons`` (a book of one day holds that day's test)."""
    ids = {lesson.id for lesson in lessons}
    return [test for test in tests if any(item.lesson.id in ids for item in test.items)]
