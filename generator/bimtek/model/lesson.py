"""``content/lessons/<id>.yml``: one session (mata pelatihan), in the order of Indonesian training modules."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field, Strict, ValidationInfo, field_validator, model_validator

from .base import Count, Markdown, Minutes, Model, Plain, Slug, Text, _renderable


class Quote(Model):
    text: Text
    by: Text
    source: Plain | None = None


class Fact(Model):
    value: Text
    label: Text
    source: Text


class Topic(Model):
    title: Text
    body: Markdown
    subtopics: list[Text] = []
    quotes: list[Quote] = []
    facts: list[Fact] = []


class Hint(Model):
    text: Text
    in_handout: Annotated[bool, Strict()] = False
    """Printed in the participant handout too (otherwise online and in the guide only)."""


def _text_to_mapping(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class WorksheetPrompt(Model):
    label: Text
    lines: Count = 3


class Exercise(Model):
    id: Slug
    title: Text
    kind: Literal["individual", "group", "discussion", "case-study", "practice"]
    minutes: Minutes
    instructions: Markdown
    steps: list[Text] = []
    worksheet: list[WorksheetPrompt] = []
    output: Plain | None = None
    hints: list[Annotated[Hint, BeforeValidator(_text_to_mapping)]] = []
    answer: Markdown | None = None
    facilitator_notes: Markdown | None = None


class ChecklistItem(Model):
    text: Text
    detail: Plain | None = None


class Checklist(Model):
    id: Slug
    title: Text
    description: Plain | None = None
    items: list[Annotated[ChecklistItem, BeforeValidator(_text_to_mapping)]] = Field(min_length=1)


def _as_index_list(value: Any) -> Any:
    return [value] if isinstance(value, int) and not isinstance(value, bool) else value


class Question(Model):
    id: Slug
    question: Text
    choices: list[Text] = Field(min_length=2)
    answer: Annotated[list[Annotated[int, Strict(), Field(ge=0)]], BeforeValidator(_as_index_list)] = Field(
        min_length=1, json_schema_extra={"description": "index (0-based) of the right choice, or a list of them"}
    )
    explanation: Markdown | None = None

    @field_validator("answer")
    @classmethod
    def _answers_within_choices(cls, answer: list[int], info: ValidationInfo) -> list[int]:
        choices = info.data.get("choices")
        for index in answer:
            if choices is not None and index >= len(choices):
                raise ValueError(f"answer {index} is out of range: choices are numbered 0 to {len(choices) - 1}")
        if len(set(answer)) != len(answer):
            raise ValueError("answer lists the same choice twice")
        return answer

    @property
    def multiple(self) -> bool:
        return len(self.answer) > 1


Phase = Literal["opening", "core", "closing"]
PHASES: tuple[str, ...] = get_args(Phase)
"""The phases of a session plan, in order: pendahuluan, kegiatan inti, penutup."""


class PlanStep(Model):
    """One step of the session plan (langkah kegiatan pembelajaran): who does what, for how long."""

    phase: Phase = Field(json_schema_extra={
        "description": "opening (pendahuluan), core (kegiatan inti) or closing (penutup)"})
    minutes: Minutes | None = Field(default=None, json_schema_extra={
        "description": "how long the step takes; a step that runs an exercise takes the exercise's minutes without it"})
    facilitator: Text | None = Field(default=None, json_schema_extra={
        "description": "what the facilitator or speaker does (kegiatan fasilitator)"})
    participants: Text | None = Field(default=None, json_schema_extra={
        "description": "what the participants do (kegiatan peserta)"})
    exercise: Slug | None = Field(default=None, json_schema_extra={
        "description": "the id of one of the lesson's exercises that this step runs"})

    @model_validator(mode="after")
    def _says_what_and_how_long(self) -> "PlanStep":
        if self.exercise is None:
            if self.minutes is None:
                raise ValueError("a step needs its 'minutes' (only a step that runs an exercise takes the exercise's)")
            if self.facilitator is None and self.participants is None:
                raise ValueError("a step needs 'facilitator' or 'participants' (what happens in it), or the 'exercise' it runs")
        return self


class GlossaryEntry(Model):
    term: Text
    definition: Text


class Reference(Model):
    id: Slug
    title: Text
    publisher: Plain | None = None
    year: Annotated[int, Strict(), Field(ge=1000, le=2999)] | None = None
    url: Annotated[str, AfterValidator(_renderable), AfterValidator(lambda u: _check_url(u))] | None = None


def _check_url(url: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#].[^\s]*$", url):
        raise ValueError(f"expected a web address starting with http:// or https://, got {url!r}")
    return url


_ITEM_NAMES = {"exercises": "exercise", "checklists": "checklist", "quiz": "question", "test": "test question",
               "references": "reference"}


class DuplicateId(ValueError):
    """Two items of one list share an id; ``index`` is the second (where the diagnostic points)."""

    def __init__(self, what: str, item_id: str, index: int, first: int):
        self.index = index
        super().__init__(f"duplicate {what} id {item_id!r} (first at item {first + 1})")


def _unique_ids(items: list[Any], what: str) -> list[Any]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in seen:
            raise DuplicateId(what, item.id, index, seen[item.id])
        seen[item.id] = index
    return items


class Lesson(Model):
    """``content/lessons/<id>.yml``: one session (mata pelatihan)."""

    id: Slug = Field(default="", json_schema_extra={"description": "set from the file name"})
    title: Text
    summary: Markdown
    outcome: Text
    objectives: list[Text] = Field(min_length=1)
    duration: Minutes
    topics: list[Topic] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    methods: list[Text] = []
    media: list[Text] = []
    people: list[Slug] = []
    prerequisites: list[Slug] = []
    recap: Markdown | None = None
    glossary: list[GlossaryEntry] = []
    references: list[Reference] = []
    facilitator_notes: Markdown | None = None
    plan: list[PlanStep] = Field(default=[], json_schema_extra={"description": (
        "the session plan (langkah kegiatan pembelajaran): its steps in order, opening, core and closing; "
        "printed in the facilitator guide with the time of each step")})
    exercises: list[Exercise] = []
    checklists: list[Checklist] = []
    quiz: list[Question] = []
    test: list[Question] = Field(default=[], json_schema_extra={"description": (
        "questions of the pre-test and post-test (tes awal dan tes akhir) of the lesson's day: answered"
        " before its first session and again after its last one; kept off the lesson page")})

    _unique = field_validator("exercises", "checklists", "quiz", "test", "references")(
        classmethod(lambda cls, items, info: _unique_ids(items, _ITEM_NAMES[info.field_name]))
    )

    @property
    def exercise_minutes(self) -> int:
        return sum(exercise.minutes for exercise in self.exercises)

    def reference(self, ref_id: str | None) -> Reference | None:
        """The reference with this id, if the lesson has one."""
        return next((ref for ref in self.references if ref.id == ref_id), None)
