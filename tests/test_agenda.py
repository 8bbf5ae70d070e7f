"""The rundown arithmetic: wall-clock times, JP, day and workshop totals."""

from __future__ import annotations

import datetime as dt

from bimtek.agenda import build_schedule
from bimtek.i18n import Translator
from bimtek.model import Lesson, Workshop


def lesson(lesson_id: str, minutes: int) -> Lesson:
    return Lesson(
        id=lesson_id, title=lesson_id, summary="s", outcome="o", objectives=["x"], duration=minutes,
        topics=[{"title": "t", "body": "b"}], key_points=["k"],
    )


def workshop(**overrides) -> Workshop:
    data = {
        "title": "W", "organizer": "O",
        "days": [
            {"date": "2021-09-30", "start": "08:30", "items": [
                {"activity": "Registrasi", "minutes": 30, "kind": "opening"},
                {"lesson": "a"},
                {"activity": "ISHOMA", "minutes": 60, "kind": "break"},
                {"lesson": "b"},
            ]},
            {"date": "2021-10-01", "start": "13:00", "items": [{"lesson": "c"}]},
        ],
    }
    data.update(overrides)
    return Workshop.model_validate(data)


LESSONS = {"a": lesson("a", 90), "b": lesson("b", 135), "c": lesson("c", 45)}


def test_each_item_starts_when_the_previous_ends():
    schedule = build_schedule(workshop(), LESSONS)
    day = schedule.days[0]
    times = [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M"), s.title) for s in day.slots]
    assert times == [
        ("08:30", "09:00", "Registrasi"),
        ("09:00", "10:30", "a"),
        ("10:30", "11:30", "ISHOMA"),
        ("11:30", "13:45", "b"),
    ]


def test_day_and_workshop_totals_and_jp():
    schedule = build_schedule(workshop(), LESSONS)
    first, second = schedule.days
    assert first.total_minutes == 30 + 90 + 60 + 135
    assert first.lesson_minutes == 225
    assert schedule.jp(first.lesson_minutes) == 5
    assert second.start == dt.datetime(2021, 10, 1, 13, 0)
    assert schedule.lesson_minutes == 270
    assert schedule.jp(schedule.lesson_minutes) == 6


def test_minutes_per_jp_changes_the_jp_count():
    schedule = build_schedule(workshop(minutes_per_jp=40), LESSONS)
    assert schedule.jp(90) == 2.25
    assert Translator("id").number(schedule.jp(90)) == "2,25"
    assert Translator("en").number(schedule.jp(135)) == "3.38"


def test_lesson_order_and_lookup():
    schedule = build_schedule(workshop(), LESSONS)
    assert schedule.lesson_order() == ["a", "b", "c"]
    day, slot = schedule.slot_of("c")
    assert day.number == 2 and slot.end.strftime("%H:%M") == "13:45"
    assert schedule.slot_of("zzz") is None


def test_dates_in_the_workshop_language():
    date = dt.date(2021, 9, 30)
    assert Translator("id").date(date) == "Kamis, 30 September 2021"
    assert Translator("en").date(date) == "Thursday, September 30, 2021"
