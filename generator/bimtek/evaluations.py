"""The evaluation forms the participants filled in, typed into two spreadsheets for the activity report.

``evaluasi-narasumber.csv``: a row per speaker's form, the column ``narasumber`` naming who was
scored (their name or id in workshop.yml, as the form prints it) and a column per aspect, headed
with its number on the form (1, 2, ...), each cell a score from 1 (*kurang*) to 4 (*sangat baik*)
or empty (not answered). ``evaluasi-penyelenggaraan.csv``: a row per form on the organisation, a
column per aspect. Both live beside mkdocs.yml, like the participant list: never published.
"""

from __future__ import annotations

import difflib
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .csvfile import Table, cell, header_key, read_table
from .errors import Diagnostic
from .i18n import Translator
from .model import Workshop

SPEAKER_FILE = "evaluasi-narasumber.csv"
ORGANISATION_FILE = "evaluasi-penyelenggaraan.csv"
SPEAKER_COLUMN = ("narasumber", "speaker", "nama narasumber", "fasilitator")

CATEGORY_UPPER_BOUNDS = (1.75, 2.5, 3.25, 4.0)
"""A mean up to each bound reads as score 1 to 4 (kurang, cukup, baik, sangat baik): four equal steps of 0.75."""


@dataclass
class Evaluations:
    """The scores typed in: per aspect (from 0, in the order of the forms), per person for the speakers' forms."""

    speaker_forms: dict[str, list[list[int | None]]] = field(default_factory=dict)
    """Each evaluated person's id, with their forms in the order typed, each a score (or None) per aspect."""
    organisation_forms: list[list[int | None]] = field(default_factory=list)


SPEAKER_ASPECTS = ("aspect_mastery", "aspect_structure", "aspect_clarity", "aspect_methods", "aspect_examples",
                   "aspect_questions", "aspect_engagement", "aspect_time")
ORGANISATION_ASPECTS = ("aspect_relevance", "aspect_schedule", "aspect_materials", "aspect_venue", "aspect_committee",
                        "aspect_meals", "aspect_usefulness")
"""The aspects the evaluation forms score (label keys), where workshop.yml's ``evaluation`` gives none."""


def aspect_labels(workshop: Workshop) -> tuple[list[str], list[str]]:
    """The aspects of a speaker's form and of the organisation's form, as printed."""
    t = Translator(workshop.language)
    own = workshop.evaluation
    speaker = list(own.speaker) if own and own.speaker else [t(key) for key in SPEAKER_ASPECTS]
    organisation = list(own.organisation) if own and own.organisation else [t(key) for key in ORGANISATION_ASPECTS]
    return speaker, organisation


def read_evaluations(root: Path, workshop: Workshop) -> tuple[Evaluations, list[Diagnostic]]:
    """The evaluation forms typed in beside ``root``'s mkdocs.yml (none without the files), and the problems found."""
    evaluations, problems = Evaluations(), []
    speaker_aspects, organisation_aspects = (len(labels) for labels in aspect_labels(workshop))
    table, found = read_table(root, SPEAKER_FILE, "an evaluation table")
    problems += found
    if table is not None and table.rows:
        who = table.column(SPEAKER_COLUMN)
        if who is None:
            problems.append(Diagnostic(table.shown, 1, 1, "the first row names the columns; expected 'narasumber' (who the form "
                                       "scores) and the aspects' numbers, 1 to " f"{speaker_aspects}"))
        else:
            columns = _aspect_columns(table, speaker_aspects, problems)
            people = {person.id: person for person in workshop.people} | {_key(person.name): person for person in workshop.people}
            for line, row in table.rows:
                name = cell(row, who)
                person = people.get(_key(name)) or people.get(name)
                if person is None:
                    near = difflib.get_close_matches(_key(name), list(people), n=1)
                    hint = f"; did you mean {people[near[0]].name!r}?" if near else ""
                    problems.append(Diagnostic(table.shown, line, 1, f"{name!r} is not one of the workshop's people (a name or id in workshop.yml){hint}"
                                               if name else "this row names no speaker (column 'narasumber')"))
                    continue
                evaluations.speaker_forms.setdefault(person.id, []).append(_scores(table, line, row, columns, problems))
    table, found = read_table(root, ORGANISATION_FILE, "an evaluation table")
    problems += found
    if table is not None and table.rows:
        columns = _aspect_columns(table, organisation_aspects, problems)
        evaluations.organisation_forms = [_scores(table, line, row, columns, problems) for line, row in table.rows]
    return evaluations, problems


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _aspect_columns(table: Table, aspects: int, problems: list[Diagnostic]) -> list[int | None]:
    """The column of each aspect (None: not typed in), by its number on the form ('1', 'aspek 1')."""
    columns: list[int | None] = [None] * aspects
    for index, header in enumerate(table.headers):
        match = re.fullmatch(r"(?:aspek |aspect |no |no\. )?(\d+)", header_key(header))
        if not match:
            continue
        number = int(match[1])
        if not 1 <= number <= aspects:
            problems.append(Diagnostic(table.shown, 1, 1, f"column {header.strip()!r}: the form has aspects 1 to {aspects}"))
        else:
            columns[number - 1] = index
    if all(column is None for column in columns):
        problems.append(Diagnostic(table.shown, 1, 1, f"no column of scores: head them with the aspects' numbers on the form, 1 to {aspects}"))
    return columns


def _scores(table: Table, line: int, row: list[str], columns: list[int | None], problems: list[Diagnostic]) -> list[int | None]:
    scores: list[int | None] = []
    for number, column in enumerate(columns, start=1):
        value = cell(row, column)
        if value in ("1", "2", "3", "4"):
            scores.append(int(value))
        else:
            if value:
                problems.append(Diagnostic(table.shown, line, 1, f"aspect {number}: expected a score from 1 to 4 (or nothing: not answered), got {value!r}"))
            scores.append(None)
    return scores


@dataclass(frozen=True)
class AspectResult:
    """One aspect's mean over the forms that answered it."""

    aspect: str
    answers: int
    mean: float | None


@dataclass(frozen=True)
class FormResults:
    """The forms of one kind (one person's, or the organisation's) summed up."""

    forms: int
    aspects: list[AspectResult]
    mean: float | None
    """Over every score of these forms."""


def summarise(forms: list[list[int | None]], aspects: list[str]) -> FormResults:
    """Each aspect's mean, and the mean of every score, of ``forms``."""
    results = []
    for index, aspect in enumerate(aspects):
        answered = [form[index] for form in forms if index < len(form) and form[index] is not None]
        results.append(AspectResult(aspect, len(answered), statistics.fmean(answered) if answered else None))
    every = [score for form in forms for score in form if score is not None]
    return FormResults(len(forms), results, statistics.fmean(every) if every else None)


def category(mean: float) -> int:
    """The score (1 to 4) a mean reads as: :data:`CATEGORY_UPPER_BOUNDS`."""
    return next(score for score, bound in enumerate(CATEGORY_UPPER_BOUNDS, start=1) if mean <= bound + 1e-9)
