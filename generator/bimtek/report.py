"""The figures of the activity report (laporan kegiatan): who took part, who ran which session, and
what the pre-test and post-test scores of ``participants.csv`` add up to.

An organiser otherwise works these out by hand in a spreadsheet for every report: the averages
before and after, the change, how many improved, how many passed. The template only lays them out.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from .editions import SpeakerBrief, speaker_briefs
from .evaluations import FormResults, aspect_labels, summarise
from .model import Person
from .participants import Participant
from .project import Project


@dataclass(frozen=True)
class ScoreSummary:
    """One test's scores: how many took it, their mean, lowest and highest."""

    taken: int
    mean: float
    lowest: float
    highest: float


@dataclass(frozen=True)
class ScoreComparison:
    """The pre-test and post-test compared, over the participants who took both."""

    pre: ScoreSummary | None
    post: ScoreSummary | None
    both: int
    """Participants with both scores: the change is counted over them only."""
    mean_change: float | None
    improved: int
    unchanged: int
    declined: int
    pass_mark: float | None
    passed: int | None
    """Participants whose post-test reached the pass mark (None without one)."""


@dataclass(frozen=True)
class ActivityReport:
    """Everything the report states that is worked out rather than written."""

    participants: list[Participant]
    offices: list[tuple[str, int]]
    """The participants' offices, the most represented first, with how many came from each."""
    briefs: list[SpeakerBrief]
    """Who ran the sessions (speakers, facilitators, moderators) and which ones, in agenda order."""
    sessions: int
    """The sessions on the agenda (lessons, counted once per slot)."""
    methods: list[str]
    """The methods of the sessions, each once, in the order they first appear."""
    results: ScoreComparison | None
    """None when the list records no score."""
    speakers: list[tuple[Person, FormResults]]
    """Each evaluated speaker or facilitator, in the order they first appear on the agenda, and their forms summed up."""
    speaker_aspects: FormResults | None
    """Every speaker's form together, aspect by aspect (None when none was typed in)."""
    organisation: FormResults | None


def activity_report(project: Project) -> ActivityReport:
    """The report's figures for ``project``."""
    participants = project.participants
    report = project.workshop.report
    methods = list(dict.fromkeys(method for lesson in project.lessons.values() for method in lesson.methods))
    sessions = sum(1 for day in project.schedule.days for slot in day.slots if slot.lesson is not None)
    speaker_labels, organisation_labels = aspect_labels(project.workshop)
    forms = project.evaluations.speaker_forms
    briefs = speaker_briefs(project)
    people = {person.id: person for person in project.workshop.people}
    in_order = dict.fromkeys([brief.person.id for brief in briefs] + list(people))  # agenda order, then anyone else scored
    speakers = [(people[pid], summarise(forms[pid], speaker_labels)) for pid in in_order if pid in forms]
    every_form = [form for person_forms in forms.values() for form in person_forms]
    organisation = project.evaluations.organisation_forms
    return ActivityReport(participants, office_counts(participants), briefs, sessions, methods,
                          compare_scores(participants, report.pass_mark if report else None),
                          speakers, summarise(every_form, speaker_labels) if every_form else None,
                          summarise(organisation, organisation_labels) if organisation else None)


def office_counts(participants: list[Participant]) -> list[tuple[str, int]]:
    """How many participants came from each office, the largest first (then by name); blank offices left out."""
    counts = Counter(person.office for person in participants if person.office)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def compare_scores(participants: list[Participant], pass_mark: float | None = None) -> ScoreComparison | None:
    """The pre-test and post-test figures of ``participants``; None when no score is recorded."""
    pre = [p.pre_test for p in participants if p.pre_test is not None]
    post = [p.post_test for p in participants if p.post_test is not None]
    if not pre and not post:
        return None
    changes = [p.post_test - p.pre_test for p in participants if p.pre_test is not None and p.post_test is not None]
    return ScoreComparison(
        pre=_summary(pre),
        post=_summary(post),
        both=len(changes),
        mean_change=statistics.fmean(changes) if changes else None,
        improved=sum(change > 0 for change in changes),
        unchanged=sum(change == 0 for change in changes),
        declined=sum(change < 0 for change in changes),
        pass_mark=pass_mark,
        passed=None if pass_mark is None else sum(score >= pass_mark for score in post),
    )


def _summary(scores: list[float]) -> ScoreSummary | None:
    return ScoreSummary(len(scores), statistics.fmean(scores), min(scores), max(scores)) if scores else None
