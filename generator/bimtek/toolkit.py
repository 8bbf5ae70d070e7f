"""Cross-lesson collections: key points, exercises, checklists, glossary, references.

Each entry keeps the lessons it came from so the pages can link back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import GlossaryEntry, Lesson, Reference
from .project import Project


@dataclass
class MergedTerm:
    """A glossary term, with every lesson that defines it."""

    term: str
    definitions: list[tuple[str, Lesson]] = field(default_factory=list)


@dataclass
class MergedReference:
    """A reference, with every lesson that cites it."""

    reference: Reference
    lessons: list[Lesson] = field(default_factory=list)


@dataclass
class Toolkit:
    """Everything a participant may want across lessons, in agenda order."""

    lessons: list[Lesson]
    glossary: list[MergedTerm]
    references: list[MergedReference]

    @property
    def exercise_count(self) -> int:
        return sum(len(lesson.exercises) for lesson in self.lessons)

    @property
    def checklist_count(self) -> int:
        return sum(len(lesson.checklists) for lesson in self.lessons)


def collect_toolkit(project: Project, lessons: list[Lesson] | None = None) -> Toolkit:
    """Merge glossaries (by term, case-insensitive) and references (by title) across lessons
    (``lessons``: these, e.g. a day's; by default all)."""
    lessons = list(project.lessons.values()) if lessons is None else lessons
    terms: dict[str, MergedTerm] = {}
    references: dict[str, MergedReference] = {}
    for lesson in lessons:
        for entry in lesson.glossary:
            merged = terms.setdefault(entry.term.casefold(), MergedTerm(entry.term))
            if all(entry.definition != d for d, _ in merged.definitions):
                merged.definitions.append((entry.definition, lesson))
        for reference in lesson.references:
            key = (reference.url or reference.title).casefold()
            merged_ref = references.setdefault(key, MergedReference(reference))
            if lesson not in merged_ref.lessons:
                merged_ref.lessons.append(lesson)
    glossary = sorted(terms.values(), key=lambda m: m.term.casefold())
    refs = sorted(references.values(), key=lambda m: m.reference.title.casefold())
    return Toolkit(lessons, glossary, refs)


__all__ = ["Toolkit", "MergedTerm", "MergedReference", "collect_toolkit", "GlossaryEntry"]
