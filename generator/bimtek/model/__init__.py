"""The validated model of a workshop: what ``content/`` means once it is checked.

These pydantic models are the authoring format (a public interface: field names
stay). Every model forbids unknown fields, so a typo is an error, not a silent
no-op. Field docstrings become descriptions in the published JSON Schema.
``base`` holds what they share, ``workshop`` the models of ``workshop.yml``,
``lesson`` those of a lesson file.
"""

from .base import SLUG_PATTERN, Model
from .lesson import (
    PHASES,
    Checklist,
    ChecklistItem,
    DuplicateId,
    Exercise,
    Fact,
    GlossaryEntry,
    Hint,
    Lesson,
    Phase,
    PlanStep,
    Question,
    Quote,
    Reference,
    Topic,
    WorksheetPrompt,
)
from .workshop import (
    Activity,
    Certificate,
    Day,
    Evaluation,
    FOLLOW_UP_FIELDS,
    FollowUp,
    Invitation,
    LessonSlot,
    Person,
    Photo,
    Report,
    TermsOfReference,
    Workshop,
)

__all__ = [
    "SLUG_PATTERN", "Model",
    "PHASES", "Checklist", "ChecklistItem", "DuplicateId", "Exercise", "Fact", "GlossaryEntry", "Hint", "Lesson",
    "Phase", "PlanStep", "Question", "Quote", "Reference", "Topic", "WorksheetPrompt",
    "Activity", "Certificate", "Day", "Evaluation", "FOLLOW_UP_FIELDS", "FollowUp", "Invitation", "LessonSlot",
    "Person", "Photo", "Report", "TermsOfReference", "Workshop",
]
