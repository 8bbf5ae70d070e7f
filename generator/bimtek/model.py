"""The validated model of a workshop: what ``content/`` means once it is checked.

These pydantic models are the authoring format (a public interface: field names
stay). Every model forbids unknown fields, so a typo is an error, not a silent
no-op. Field docstrings become descriptions in the published JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union, get_args

from .markup import markdown_problem

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
"""An id: lower-case letters, digits and single hyphens (it becomes a file name)."""

def _renderable(text: str) -> str:
    # Any text may be rendered as Markdown (a project's templates choose), so every
    # text must be one Markdown can render in reasonable time.
    problem = markdown_problem(text)
    if problem:
        raise ValueError(problem)
    return text


Plain = Annotated[str, AfterValidator(_renderable)]
"""Any text a trainer writes (every text type below is one)."""
Text = Annotated[str, Field(min_length=1), AfterValidator(_renderable)]
Markdown = Annotated[str, Field(min_length=1, description="Markdown text"), AfterValidator(_renderable)]
Minutes = Annotated[int, Strict(), Field(gt=0, le=24 * 60)]
Count = Annotated[int, Strict(), Field(ge=1, le=60)]


def _parse_clock(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if not match:
            raise ValueError(f"expected a time of day as HH:MM (00:00 to 23:59), got {value!r}")
        return dt.time(int(match[1]), int(match[2]))
    return value


Clock = Annotated[dt.time, BeforeValidator(_parse_clock), Field(json_schema_extra={"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})]


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(/[^\s?#]*)?", value):
        raise ValueError(f"expected the web address the site is published at, starting with https:// "
                         f"(e.g. https://humas.example.go.id/bimtek/), got {value!r}")
    return value if value.endswith("/") else value + "/"


SiteAddress = Annotated[str, AfterValidator(_web_address), Field(json_schema_extra={"format": "uri"})]


class Model(BaseModel):
    """Base of every model: unknown fields are errors, whole numbers stay numbers."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, frozen=True)

    def __reduce_ex__(self, protocol: object) -> tuple:
        # The workers of a cold run hand 43 models a lesson back pickled. Pydantic's own
        # __getstate__/__setstate__ build and read a state dict per model: this is the same
        # state in a tuple, a third less to pickle and a sixth less to unpickle (0.06 s of
        # a cold run of 1,000 lessons).
        return (_rebuilt, (type(self), self.__dict__, self.__pydantic_fields_set__, self.__pydantic_extra__, self.__pydantic_private__))


def _rebuilt(model: type[Model], values: dict, fields_set: set, extra: dict | None, private: dict | None) -> Model:
    """A model as :meth:`Model.__reduce_ex__` pickled it (what pydantic's ``__setstate__`` sets)."""
    rebuilt = _new(model)
    _set(rebuilt, "__pydantic_fields_set__", fields_set)
    _set(rebuilt, "__pydantic_extra__", extra)
    _set(rebuilt, "__pydantic_private__", private)
    _set(rebuilt, "__dict__", values)
    return rebuilt


_new, _set = object.__new__, object.__setattr__  # frozen models: set past their own __setattr__


# --- workshop.yml -----------------------------------------------------------------


class Person(Model):
    id: Slug
    name: Text
    role: Literal["speaker", "facilitator", "moderator", "organizer"]
    title: Plain | None = None
    organization: Plain | None = None
    bio: Markdown | None = None


class LessonSlot(Model):
    """A lesson in the agenda, with the people who run it that day."""

    lesson: Slug
    people: list[Slug] = []


class Activity(Model):
    """A non-lesson agenda item: registration, opening, ISHOMA, pre-test, closing..."""

    activity: Text
    minutes: Minutes
    kind: Literal["break", "opening", "closing", "test", "follow-up", "evaluation", "other"] = Field(default="other", json_schema_extra={
        "description": "test: a pre-test or post-test (linked to the day's test); follow-up: writing the follow-up plan (RTL); "
                       "evaluation: filling in the evaluation forms (linked to the site's evaluation page)"})


def _item_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "LessonSlot" if "lesson" in value else "Activity"
    return type(value).__name__


AgendaItem = Annotated[
    Union[Annotated[LessonSlot, Tag("LessonSlot")], Annotated[Activity, Tag("Activity")]],
    Discriminator(_item_kind),
]


class Day(Model):
    date: dt.date
    start: Clock
    items: list[AgendaItem] = Field(min_length=1)


class Evaluation(Model):
    """``evaluation``: the aspects the evaluation forms score from 1 to 4 (bimtek's own lists for those left out)."""

    speaker: list[Text] = Field(default=[], max_length=15, description="aspects of each speaker's form (evaluasi narasumber)")
    organisation: list[Text] = Field(default=[], max_length=15, description="aspects of the organisation's form (evaluasi penyelenggaraan)")


FOLLOW_UP_FIELDS = ("follow_up_activity", "follow_up_goal", "follow_up_when", "follow_up_partners", "follow_up_indicator")
"""What each step of a follow-up plan asks for (label keys): the columns of its printed sheet."""


class FollowUp(Model):
    """``follow_up``: the follow-up plan (rencana tindak lanjut, RTL) each participant writes at the end."""

    intro: Markdown | None = None
    """What the plan is for (e.g. 'within 30 days, at your office'); a general sentence without it."""
    steps: Annotated[int, Strict(), Field(ge=1, le=10, description="planned actions to write, each with its goal, time, partners and indicator")] = 3

    @property
    def fields(self) -> tuple[str, ...]:
        return FOLLOW_UP_FIELDS


class Certificate(Model):
    """``certificate``: the certificates of attendance (sertifikat) stating the JP, and who signs them."""

    signatory: Text
    """The name of who signs (the head of the organising unit, say)."""
    position: Text
    """Their position, printed above the signature."""
    signatory_nip: Plain | None = None
    place: Text
    """Where they are signed (the city)."""
    date: dt.date | None = None
    """When they are signed; the last day of the agenda without it."""
    number: Plain | None = Field(default=None, json_schema_extra={"description": "the certificates' number, '{n}' standing for the participant's place in participants.csv"})


class Photo(Model):
    """A photo of the event (dokumentasi) for the activity report."""

    file: Text
    """Its path from the project folder, e.g. ``dokumentasi/pembukaan.jpg`` (outside content/, so it is not published)."""
    caption: Plain | None = None


class Report(Model):
    """``report``: the activity report (laporan kegiatan) the organisers hand in after the workshop."""

    basis: list[Text] = Field(default=[], json_schema_extra={"description": "what the event is based on (dasar pelaksanaan): regulations, the work plan, a letter"})
    """What the event is based on (dasar pelaksanaan): regulations, the unit's work plan, an assignment letter;
    those of the terms of reference without it."""
    background: Markdown | None = None
    """Why the event was held (latar belakang); that of the terms of reference, else the workshop's description, without it."""
    results: Markdown | None = None
    """What came of it, in the organisers' words (before the test results the tool computes)."""
    conclusions: list[Text] = []
    recommendations: list[Text] = []
    photos: Annotated[list[Photo], Field(max_length=60)] = []
    """Photos of the event (dokumentasi), printed as the report's last annex."""
    pass_mark: Annotated[float, Field(ge=0, le=100, description="the post-test score that counts as passed (0 to 100)")] | None = None
    """The post-test score that counts as passed: the report counts who reached it."""
    signatory: Text
    """Who signs the report (the head of the committee, say)."""
    position: Text
    signatory_nip: Plain | None = None
    place: Text
    date: dt.date | None = None
    """When it is signed; the last day of the agenda without it."""


class TermsOfReference(Model):
    """``terms_of_reference``: the terms of reference (kerangka acuan kerja, KAK / TOR) the organisers
    write before the workshop, to have it approved and funded. Its basis and background serve the
    activity report too, so that they are written once."""

    basis: list[Text] = Field(default=[], json_schema_extra={"description": "what the event is based on (dasar hukum): regulations, the work plan"})
    """What the event is based on (dasar hukum): regulations, the unit's work plan, an assignment letter."""
    background: Markdown | None = None
    """Why the event is held (latar belakang); the workshop's description without it."""
    outputs: list[Text] = []
    """What the event is to deliver (keluaran); without them, each session's outcome (hasil belajar)."""
    funding: Text | None = None
    """Where the money comes from (sumber dana): the budget line, say 'DIPA Ditjen IKP TA 2021'."""
    signatory: Text
    """Who signs it (the head of the unit that runs the event, say)."""
    position: Text
    signatory_nip: Plain | None = None
    place: Text
    date: dt.date | None = None
    """When it is signed; without it, a blank to date by hand."""


class Invitation(Model):
    """``invitation``: the invitation letters (surat undangan) the organisers send before the workshop,
    each with the agenda as its annex. Who signs them: these fields, else the terms of reference's."""

    to: list[Text] = Field(default=[], json_schema_extra={"description": "addressees (Yth. ...), a letter each; without them, one per participant of participants.csv, else one to fill in"})
    """Who each letter is to (Yth. ...), one letter each: the heads of the offices asked to send staff, say.
    Without them, a letter per participant of ``participants.csv``; failing that, one with the addressee left blank."""
    number: Plain | None = Field(default=None, json_schema_extra={"description": "the letters' number (nomor surat), '{n}' standing for each letter's place"})
    nature: Plain | None = None
    """Sifat: 'Biasa', 'Segera', 'Penting'."""
    subject: Plain | None = None
    """Hal: the letter's subject; 'Undangan' and the workshop's title without it."""
    letterhead: list[Text] = []
    """The lines of the letterhead (kop surat) under the organiser's name: address, telephone, web site."""
    body: Markdown | None = None
    """The opening paragraph, before the days, time and place; a sentence naming the organiser and the workshop without it."""
    request: Markdown | None = None
    """What the addressee is asked to do, after the days and place (say, to send two staff and register them by a date)."""
    contact: Plain | None = None
    """Whom to ask (narahubung): a name and a telephone number."""
    copies: list[Text] = []
    """Tembusan: who gets a copy."""
    signatory: Text | None = None
    position: Text | None = None
    signatory_nip: Plain | None = None
    place: Text | None = None
    date: dt.date | None = None
    """When they are signed; without it, a blank to date by hand."""


class Workshop(Model):
    """``content/workshop.yml``: the workshop as a whole."""

    title: Text
    subtitle: Plain | None = None
    organizer: Text
    language: Literal["id", "en"] = "id"
    description: Markdown | None = None
    goals: list[Text] = []
    audience: Plain | None = None
    mode: Literal["online", "offline", "hybrid"] = "offline"
    venue: Plain | None = None
    time_zone: Literal["WIB", "WITA", "WIT"] | None = Field(default=None, json_schema_extra={
        "description": "the time zone of the agenda's times (WIB, WITA or WIT), written after them: participants join from all over Indonesia"})
    """The time zone the agenda's clock times are in, written after them (an online workshop is
    followed from three time zones); none: the times stand alone."""
    minutes_per_jp: Minutes = 45
    allow_raw_html: Annotated[bool, Strict()] = False
    paper: Literal["A4", "Letter"] = "A4"
    """Paper size of the printable handouts."""
    site_url: SiteAddress | None = None
    """Where the participant site is published (https://...): the printed papers show it with a QR code, each
    lesson's handout the address of its page (its quiz, checklists and worksheets online)."""
    participants: Annotated[int, Strict(), Field(ge=1, le=5000, description="expected participants: the rows of each day's attendance list")] | None = None
    """How many participants are expected: the rows of the attendance list (daftar hadir) of each day."""
    rules: list[Text] = Field(default=[], json_schema_extra={"description": "participant rules (tata tertib peserta): on the home page and in the workbook"})
    """The participant rules (tata tertib peserta): on the home page and in the workbook, after the agenda."""
    evaluation: Evaluation | None = None
    """The institution's own aspects for the evaluation forms."""
    terms_of_reference: TermsOfReference | None = None
    """The terms of reference (KAK / TOR), kept in ``private/``: the event as planned, to have it approved and funded."""
    invitation: Invitation | None = None
    """The invitation letters (surat undangan), kept in ``private/``: one per addressee, the agenda as their annex."""
    report: Report | None = None
    """The activity report (laporan kegiatan), kept in ``private/``: the event, its sessions and speakers, the participants and their test results."""
    certificate: Certificate | None = None
    """Certificates of attendance for the participants of ``participants.csv`` (or one to fill in), kept in ``private/``."""
    follow_up: FollowUp | None = None
    """The follow-up plan (RTL) participants write: a page of the site and, at the venue, a printed sheet."""
    people: list[Person] = []
    days: list[Day] = []


# --- lessons/<id>.yml -------------------------------------------------------------


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
