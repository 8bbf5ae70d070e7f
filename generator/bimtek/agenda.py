"""The rundown arithmetic: wall-clock times of every agenda item, JP and totals, and of each
lesson's session plan (with the warnings when its steps do not add up).

Pure functions of the model; no I/O, no MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .errors import Diagnostic
from .model import PHASES, Activity, Day, Exercise, Lesson, LessonSlot, PlanStep, Workshop
from .yamlfile import YamlDocument

DAY_ENDS_BY = dt.time(17, 0)
"""A day that runs later than this gets a warning (working hours of a government office)."""


@dataclass(frozen=True)
class Slot:
    """One agenda item placed on the clock."""

    start: dt.datetime
    end: dt.datetime
    minutes: int
    lesson: Lesson | None = None
    activity: Activity | None = None
    people: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "lesson" if self.lesson is not None else self.activity.kind  # type: ignore[union-attr]

    @property
    def title(self) -> str:
        return self.lesson.title if self.lesson is not None else self.activity.activity  # type: ignore[union-attr]


@dataclass(frozen=True)
class ScheduledDay:
    """A day of the workshop with its slots and totals."""

    number: int
    date: dt.date
    slots: tuple[Slot, ...]

    @property
    def start(self) -> dt.datetime:
        return self.slots[0].start

    @property
    def end(self) -> dt.datetime:
        return self.slots[-1].end

    @property
    def lesson_minutes(self) -> int:
        return sum(slot.minutes for slot in self.slots if slot.lesson is not None)

    @property
    def total_minutes(self) -> int:
        return sum(slot.minutes for slot in self.slots)


@dataclass(frozen=True, eq=False)
class Schedule:
    """The whole rundown, and where each lesson stands in it."""

    days: tuple[ScheduledDay, ...]
    minutes_per_jp: int

    def jp(self, minutes: int) -> float:
        """Minutes as JP (jam pelajaran), e.g. 90 minutes -> 2 JP at 45 minutes per JP."""
        return minutes / self.minutes_per_jp

    @property
    def lesson_minutes(self) -> int:
        return sum(day.lesson_minutes for day in self.days)

    def slot_of(self, lesson_id: str) -> tuple[ScheduledDay, Slot] | None:
        """The first day and slot where a lesson is scheduled, if any."""
        return self._first_slots.get(lesson_id)

    @cached_property
    def _first_slots(self) -> dict[str, tuple[ScheduledDay, Slot]]:
        first: dict[str, tuple[ScheduledDay, Slot]] = {}
        for day in self.days:
            for slot in day.slots:
                if slot.lesson is not None:
                    first.setdefault(slot.lesson.id, (day, slot))
        return first

    def lesson_order(self) -> list[str]:
        """Lesson ids in agenda order, each once."""
        return list(self._first_slots)


def build_schedule(workshop: Workshop, lessons: dict[str, Lesson]) -> Schedule:
    """Place every agenda item on the clock; unknown lessons are skipped (the check reports them)."""
    days = []
    for number, day in enumerate(workshop.days, start=1):
        days.append(ScheduledDay(number, day.date, tuple(_place(day, lessons))))
    return Schedule(tuple(day for day in days if day.slots), workshop.minutes_per_jp)


def _place(day: Day, lessons: dict[str, Lesson]) -> list[Slot]:
    clock = dt.datetime.combine(day.date, day.start)
    slots = []
    for item in day.items:
        if isinstance(item, LessonSlot):
            lesson = lessons.get(item.lesson)
            if lesson is None:
                continue
            minutes = lesson.duration
            slot = Slot(clock, clock + dt.timedelta(minutes=minutes), minutes, lesson=lesson, people=tuple(item.people))
        else:
            minutes = item.minutes
            slot = Slot(clock, clock + dt.timedelta(minutes=minutes), minutes, activity=item)
        slots.append(slot)
        clock = slot.end
    return slots



@dataclass(frozen=True)
class TimingRow:
    """One block of a lesson's timing plan: a step of the trainer's session plan, or (without
    one) the presentation or an exercise."""

    minutes: int
    start: dt.datetime | None = None
    exercise: Exercise | None = None
    number: int = 0
    """The exercise's number in the lesson (Latihan 1, 2, ...)."""
    step: PlanStep | None = None

    @property
    def end(self) -> dt.datetime | None:
        return self.start + dt.timedelta(minutes=self.minutes) if self.start else None


def timing_plan(lesson: Lesson, start: dt.datetime | None) -> list[TimingRow]:
    """The lesson's minutes on the clock from ``start``: the steps of its session plan, in order;
    without a plan, presentation and discussion first, then each exercise in order."""
    numbers = {exercise.id: number for number, exercise in enumerate(lesson.exercises, start=1)}
    exercises = {exercise.id: exercise for exercise in lesson.exercises}
    if lesson.plan:
        blocks = [(step_minutes(step, lesson), exercises.get(step.exercise or ""), numbers.get(step.exercise or "", 0), step)
                  for step in lesson.plan]
    else:
        presentation = lesson.duration - lesson.exercise_minutes
        blocks = [(presentation, None, 0, None)] if presentation > 0 else []
        blocks += [(exercise.minutes, exercise, numbers[exercise.id], None) for exercise in lesson.exercises]
    rows = []
    clock = start
    for minutes, exercise, number, step in blocks:
        rows.append(TimingRow(minutes, clock, exercise, number, step))
        clock = clock + dt.timedelta(minutes=minutes) if clock else None
    return rows


def step_minutes(step: PlanStep, lesson: Lesson) -> int:
    """How long a step of the session plan takes: its own minutes, else those of the exercise it runs."""
    if step.minutes is not None:
        return step.minutes
    return next((exercise.minutes for exercise in lesson.exercises if exercise.id == step.exercise), 0)


def check_plan(lesson: Lesson, doc: YamlDocument) -> list[Diagnostic]:
    """Warnings on a lesson's session plan: its steps add up to the lesson's duration, run in the
    order opening, core, closing, and run every exercise (a co-trainer follows the plan as printed)."""
    if not lesson.plan:
        return []
    found = []
    exercise_ids = {exercise.id for exercise in lesson.exercises}
    unknown = any(step.minutes is None and step.exercise not in exercise_ids for step in lesson.plan)  # an error of its own
    total = sum(step_minutes(step, lesson) for step in lesson.plan)
    if total != lesson.duration and not unknown:
        found.append(doc.diagnostic(("plan",), f"the steps of the plan take {total} minutes, but the lesson lasts "
                                    f"{lesson.duration} ('duration'): make them add up", severity="warning", key=True))
    for s, (step, after) in enumerate(zip(lesson.plan[1:], lesson.plan), start=1):
        if PHASES.index(step.phase) < PHASES.index(after.phase):
            found.append(doc.diagnostic(("plan", s, "phase"), f"a step of the {step.phase} phase after one of the {after.phase} phase; "
                                        "the plan runs opening, core, closing", severity="warning"))
    planned = {step.exercise for step in lesson.plan}
    for e, exercise in enumerate(lesson.exercises):
        if exercise.id not in planned:
            found.append(doc.diagnostic(("exercises", e, "id"), f"exercise {exercise.id!r} is not in the session plan ('plan'): "
                                        f"add a step with 'exercise: {exercise.id}'", severity="warning"))
    return found
