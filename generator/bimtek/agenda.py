"""The rundown arithmetic: wall-clock times of every agenda item, JP and totals.

Pure functions of the model; no I/O, no MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from .model import Activity, Day, Exercise, Lesson, LessonSlot, Workshop

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
    """One block of a lesson's timing plan: the presentation, or an exercise."""

    minutes: int
    start: dt.datetime | None = None
    exercise: Exercise | None = None
    number: int = 0

    @property
    def end(self) -> dt.datetime | None:
        return self.start + dt.timedelta(minutes=self.minutes) if self.start else None


def timing_plan(lesson: Lesson, start: dt.datetime | None) -> list[TimingRow]:
    """The lesson's minutes: presentation and discussion first, then each exercise in order."""
    rows = []
    clock = start
    presentation = lesson.duration - lesson.exercise_minutes
    if presentation > 0:
        rows.append(TimingRow(presentation, clock))
        clock = clock + dt.timedelta(minutes=presentation) if clock else None
    for number, exercise in enumerate(lesson.exercises, start=1):
        rows.append(TimingRow(exercise.minutes, clock, exercise, number))
        clock = clock + dt.timedelta(minutes=exercise.minutes) if clock else None
    return rows
