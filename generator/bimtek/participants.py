"""Read the participant list, ``participants.csv`` beside ``mkdocs.yml``: the names on the certificates.

Names and staff numbers (NIP) are personal data. The file therefore lives outside
``content/`` (MkDocs publishes what is there), and only documents written to
``private/`` use it (:mod:`bimtek.csvfile` reads it as spreadsheets save it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .csvfile import cell, read_table
from .errors import Diagnostic

PARTICIPANTS_FILE = "participants.csv"

COLUMNS = {
    "name": ("nama", "name"),
    "nip": ("nip",),
    "office": ("instansi", "office", "unit kerja", "organisation", "organization"),
    "pre_test": ("tes awal", "nilai tes awal", "pre test", "pretest", "nilai pre test"),
    "post_test": ("tes akhir", "nilai tes akhir", "post test", "posttest", "nilai post test"),
}
"""The columns read, by the headers each may have (case, spaces, '_' and '-' do not matter).
The scores (0 to 100) are the organisers' record of the pre-test and post-test, for the activity report."""


@dataclass(frozen=True)
class Participant:
    """One row of the list."""

    number: int
    """Its place in the list, from 1 (the certificate's number)."""
    name: str
    nip: str = ""
    office: str = ""
    pre_test: float | None = None
    """The pre-test score, 0 to 100; None when not taken (or not recorded)."""
    post_test: float | None = None


def read_participants(root: Path) -> tuple[list[Participant], list[Diagnostic]]:
    """The participants of the project at ``root`` (none without the file) and the problems found in it."""
    table, problems = read_table(root, PARTICIPANTS_FILE, "a participant list")
    if table is None:
        return [], problems
    if not table.headers:
        return [], [Diagnostic(table.shown, 1, 1, "the file is empty; the first row names the columns: nama, nip, instansi")]
    where = {key: table.column(names) for key, names in COLUMNS.items()}
    if where["name"] is None:
        return [], [Diagnostic(table.shown, 1, 1, f"the first row names the columns; expected 'nama' (or 'name'), and optionally 'nip', "
                               f"'instansi', 'tes_awal' and 'tes_akhir', got {', '.join(repr(h.strip()) for h in table.headers)}")]
    participants: list[Participant] = []
    for line, row in table.rows:
        value = {key: cell(row, index) for key, index in where.items()}
        if not value["name"]:
            problems.append(Diagnostic(table.shown, line, 1, "this row has no name (column 'nama')"))
            continue
        if value["nip"] and not re.fullmatch(r"\d{18}", value["nip"].replace(" ", "")):
            problems.append(Diagnostic(table.shown, line, 1, f"NIP {value['nip']!r} of {value['name']} is not 18 digits; check it before printing", "warning"))
        scores = {}
        for key in ("pre_test", "post_test"):
            scores[key], problem = _score(value[key])
            if problem:
                problems.append(Diagnostic(table.shown, line, 1, f"column {table.headers[where[key]].strip()!r} of {value['name']}: {problem}"))
        participants.append(Participant(len(participants) + 1, value["name"], value["nip"], value["office"], **scores))
    return participants, problems


def has_scores(participants: list[Participant]) -> bool:
    """Whether the list records any pre-test or post-test score."""
    return any(p.pre_test is not None or p.post_test is not None for p in participants)


def _score(cell: str) -> tuple[float | None, str]:
    """A score from 0 to 100 ('72,5' as a spreadsheet in an Indonesian locale writes it); empty: not taken."""
    if not cell:
        return None, ""
    text = cell.replace(" ", "").replace(",", ".").removesuffix("%")
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        return None, f"expected a score from 0 to 100 (or nothing: not taken), got {cell!r}"
    return value, ""
