"""``content/workshop.yml``: the workshop as a whole, its agenda, its people, and what the organisers print."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Strict, Tag

from .base import Clock, Markdown, Minutes, Model, Plain, SiteAddress, Slug, Text


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
