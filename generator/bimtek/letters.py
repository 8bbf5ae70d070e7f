"""The invitation letters (surat undangan): to whom each goes, its number, and who signs them.

A letter is written once in ``workshop.yml`` (``invitation:``) and printed once per addressee,
with the agenda as its annex. Who signs is most often who signed the terms of reference: the
fields left out of ``invitation`` are taken from there, so that they are written once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import Diagnostic
from .model import Workshop
from .participants import Participant
from .yamlfile import YamlDocument

SIGNATURE_FIELDS = ("signatory", "position", "place")
"""What a signature needs; ``signatory_nip`` and ``date`` may stay blank."""


@dataclass(frozen=True)
class Signature:
    """Who signs a letter, where and when (``date`` None: a blank to date by hand)."""

    signatory: str
    position: str
    place: str
    nip: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Letter:
    """One invitation: its number and its addressee (both empty: lines to fill in by hand)."""

    number: str
    to: str
    office: str = ""
    """The addressee's office, under the name (a participant's, from participants.csv)."""
    person: bool = False
    """Addressed by name (a participant), not by office: the letter puts "Bapak/Ibu" before it."""


def invitation_signature(workshop: Workshop) -> Signature:
    """Who signs the invitations: their own fields, each else the terms of reference's (checked by :func:`check_invitation`)."""
    invitation, terms = workshop.invitation, workshop.terms_of_reference
    assert invitation is not None

    def field(name: str):
        own = getattr(invitation, name)
        return own if own is not None or terms is None else getattr(terms, name)

    return Signature(field("signatory"), field("position"), field("place"), field("signatory_nip"), field("date"))


def invitation_letters(workshop: Workshop, participants: list[Participant]) -> list[Letter]:
    """A letter per addressee of ``invitation.to``; without them, one per participant; failing that, one to fill in."""
    invitation = workshop.invitation
    assert invitation is not None
    if invitation.to:
        addressees = [(name, "", False) for name in invitation.to]
    elif participants:
        addressees = [(person.name, person.office, True) for person in participants]
    else:
        addressees = [("", "", False)]
    number = invitation.number or ""
    return [Letter(number.replace("{n}", str(n)), name, office, person)
            for n, (name, office, person) in enumerate(addressees, start=1)]


def names_participants(workshop: Workshop, participants: list[Participant]) -> bool:
    """Whether the letters carry the names of the participant list (personal data)."""
    return workshop.invitation is not None and not workshop.invitation.to and bool(participants)


def check_invitation(workshop: Workshop, doc: YamlDocument) -> list[Diagnostic]:
    """An error for each part of the signature that neither ``invitation`` nor ``terms_of_reference`` gives."""
    invitation, terms = workshop.invitation, workshop.terms_of_reference
    if invitation is None or terms is not None:
        return []
    return [doc.diagnostic(("invitation",), f"field 'invitation': missing '{name}' (who signs the letters, where): write it "
                           "here, or under 'terms_of_reference', whose signature the letters then share", key=True)
            for name in SIGNATURE_FIELDS if getattr(invitation, name) is None]
