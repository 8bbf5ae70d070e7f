"""Checks across files: what one file names in another, and what the timed agenda shows.

The model checks one file at a time; here the agenda is checked against the lesson files
and the people, lessons against each other (prerequisites) and against their own parts
(references, exercises), and the schedule for days that run late or hold a test with no
questions. Every problem is a diagnostic at the line that names it, with a close match
suggested where there is one.
"""

from __future__ import annotations

import difflib
from typing import Any

from .agenda import DAY_ENDS_BY, Schedule, check_plan
from .model import LessonSlot



def _suggest(name: str, known: list[str], where: str = "") -> str:
    """A close match of ``name`` among ``known``; failing that, the known ids (when few) and ``where`` they are written."""
    match = difflib.get_close_matches(name, known, n=1)
    if match:
        return f"; did you mean '{match[0]}'?"
    if not where:
        return ""
    if not known:
        return f"; there are none yet in {where}"
    if len(known) <= 5:
        return f"; known in {where}: " + ", ".join(known)
    return f"; see {where}"


def check_references(workshop, workshop_doc, lessons, lesson_docs, lesson_files, diagnostics) -> None:
    """Add a diagnostic for each id that names nothing: lessons and people of the agenda, people and
    prerequisites of lessons, the references of quotes, the exercises of session plans."""
    person_ids = [person.id for person in workshop.people]
    seen: dict[str, int] = {}
    for index, person in enumerate(workshop.people):
        if person.id in seen:
            diagnostics.append(workshop_doc.diagnostic(("people", index, "id"), f"duplicate person id {person.id!r} (first at people[{seen[person.id]}])"))
        seen.setdefault(person.id, index)
    for d, day in enumerate(workshop.days):
        for i, item in enumerate(day.items):
            if not isinstance(item, LessonSlot):
                continue
            if item.lesson not in lesson_files:
                diagnostics.append(workshop_doc.diagnostic(
                    ("days", d, "items", i, "lesson"),
                    f"unknown lesson {item.lesson!r}: no file content/lessons/{item.lesson}.yml{_suggest(item.lesson, sorted(lesson_files))}"))
            for p, person in enumerate(item.people):
                if person not in person_ids:
                    diagnostics.append(workshop_doc.diagnostic(("days", d, "items", i, "people", p), f"unknown person {person!r}{_suggest(person, person_ids, 'content/workshop.yml, people')}"))
    for lesson_id, doc in lesson_docs.items():
        lesson = lessons.get(lesson_id)
        # A lesson that failed validation still has its references checked (from what the file
        # says), so that fixing its other errors does not bring these up in a second round.
        people = lesson.people if lesson else _texts_under(doc.data, "people")
        prerequisites = lesson.prerequisites if lesson else _texts_under(doc.data, "prerequisites")
        for p, person in enumerate(people):
            if person is not None and person not in person_ids:
                diagnostics.append(doc.diagnostic(("people", p), f"unknown person {person!r}{_suggest(person, person_ids, 'content/workshop.yml, people')}"))
        for p, other in enumerate(prerequisites):
            if other is None:
                continue
            if other not in lesson_files:
                diagnostics.append(doc.diagnostic(("prerequisites", p), f"unknown lesson {other!r}{_suggest(other, sorted(lesson_files))}"))
            elif other == lesson_id:
                diagnostics.append(doc.diagnostic(("prerequisites", p), "a lesson cannot be its own prerequisite"))
        if lesson is None:
            continue
        ref_ids = [ref.id for ref in lesson.references]
        for t, topic in enumerate(lesson.topics):
            for q, quote in enumerate(topic.quotes):
                if quote.source and quote.source not in ref_ids:
                    diagnostics.append(doc.diagnostic(("topics", t, "quotes", q, "source"), f"unknown reference {quote.source!r}{_suggest(quote.source, ref_ids)}; add it under 'references'"))
        exercise_ids = [exercise.id for exercise in lesson.exercises]
        for s, step in enumerate(lesson.plan):
            if step.exercise is not None and step.exercise not in exercise_ids:
                where = _suggest(step.exercise, exercise_ids) if exercise_ids else "; the lesson has no exercises"
                diagnostics.append(doc.diagnostic(("plan", s, "exercise"), f"unknown exercise {step.exercise!r}{where}"))


def _texts_under(data: Any, field: str) -> list[str | None]:
    """The texts listed under ``field`` of a file's raw data (None where an item is not text), as far as it is a list."""
    items = data.get(field) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, str) else None for item in items]


def check_schedule(workshop, workshop_doc, schedule: Schedule, lessons, lesson_docs, diagnostics) -> None:
    """Add what the timed agenda shows: days that end late or repeat a date, a test or follow-up plan
    with nothing to show, exercises longer than their lesson, lessons not on the agenda, session plans."""
    for day_index, day in enumerate(schedule.days):
        if day.end.time() > DAY_ENDS_BY or day.end.date() > day.date:
            diagnostics.append(workshop_doc.diagnostic(
                ("days", day.number - 1, "start"),
                f"day {day.number} ends at {day.end:%H:%M}, after {DAY_ENDS_BY:%H:%M}", severity="warning"))
        items = workshop.days[day_index].items
        test = _first_of_kind(items, "test")
        if test is not None and not any(slot.lesson.test for slot in day.slots if slot.lesson is not None):
            diagnostics.append(workshop_doc.diagnostic(
                ("days", day_index, "items", test, "kind"),
                f"day {day.number} has a test on the agenda, but none of its lessons has test questions: add 'test:' "
                "questions to its lessons for a pre-test and post-test on the site and on paper", severity="warning"))
        plan = _first_of_kind(items, "follow-up")
        if plan is not None and workshop.follow_up is None:
            diagnostics.append(workshop_doc.diagnostic(
                ("days", day_index, "items", plan, "kind"),
                f"day {day.number} has a follow-up plan (RTL) on the agenda, but workshop.yml has no 'follow_up': "
                "add 'follow_up: {steps: 3}' for its page on the site and its printed sheet", severity="warning"))
    dates = [day.date for day in workshop.days]
    for index, date in enumerate(dates):
        if date in dates[:index]:
            diagnostics.append(workshop_doc.diagnostic(("days", index, "date"), f"the date {date} is already used by another day"))
    scheduled = set(schedule.lesson_order())
    for lesson_id, lesson in lessons.items():
        doc = lesson_docs[lesson_id]
        if lesson.exercise_minutes > lesson.duration:
            diagnostics.append(doc.diagnostic(("duration",), f"exercises take {lesson.exercise_minutes} minutes, more than the lesson's {lesson.duration}", severity="warning"))
        diagnostics.extend(check_plan(lesson, doc))
        if workshop.days and lesson_id not in scheduled:
            diagnostics.append(doc.diagnostic((), f"lesson {lesson_id!r} is not in the agenda (content/workshop.yml, days)", severity="warning"))


def _first_of_kind(items: list, kind: str) -> int | None:
    """The index of the day's first agenda activity of ``kind`` (where its warning points)."""
    return next((index for index, item in enumerate(items) if getattr(item, "kind", None) == kind), None)
