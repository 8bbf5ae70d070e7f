"""Read the participant list, ``participants.csv`` beside ``mkdocs.yml``: the names on the certificates.

Names and staff numbers (NIP) are personal data. The file therefore lives outside
``content/`` (MkDocs publishes what is there), and only documents written to
``private/`` use it. Spreadsheets save it with commas or semicolons (Excel in an
Indonesian locale), with or without a byte-order mark; the first row names the columns.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, display_path

PARTICIPANTS_FILE = "participants.csv"
MAX_BYTES = 2 * 1024 * 1024
"""A list of tens of thousands of people; anything larger is a mistake."""

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
    path = root / PARTICIPANTS_FILE
    published = root / "content" / PARTICIPANTS_FILE
    if published.exists():  # MkDocs copies every file of content/ into the site
        return [], [Diagnostic(display_path(published), 1, 1, f"a participant list in content/ would be published with the site; "
                               f"move it beside mkdocs.yml ({display_path(path)})")]
    if not path.is_file():
        return [], []
    shown = display_path(path)
    raw = path.read_bytes()[:MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        return [], [Diagnostic(shown, 1, 1, f"file is larger than {MAX_BYTES // 1024} KB; this is not a participant list")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Diagnostic(shown, line, 1, "file is not UTF-8 text; save it as 'CSV UTF-8'")]
    lines = text.splitlines()
    if not lines:
        return [], [Diagnostic(shown, 1, 1, "the file is empty; the first row names the columns: nama, nip, instansi")]
    delimiter = max(",;\t", key=lines[0].count)
    rows = csv.reader(lines, delimiter=delimiter)
    headers = next(rows)
    header = [_header(cell) for cell in headers]
    where = {key: next((i for i, cell in enumerate(header) if cell in names), None) for key, names in COLUMNS.items()}
    if where["name"] is None:
        return [], [Diagnostic(shown, 1, 1, f"the first row names the columns; expected 'nama' (or 'name'), and optionally 'nip', 'instansi', 'tes_awal' and 'tes_akhir', got {', '.join(repr(h.strip()) for h in headers)}")]
    participants: list[Participant] = []
    problems: list[Diagnostic] = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = {key: (row[index].strip() if index is not None and index < len(row) else "") for key, index in where.items()}
        if not cell["name"]:
            problems.append(Diagnostic(shown, line, 1, "this row has no name (column 'nama')"))
            continue
        if cell["nip"] and not re.fullmatch(r"\d{18}", cell["nip"].replace(" ", "")):
            problems.append(Diagnostic(shown, line, 1, f"NIP {cell['nip']!r} of {cell['name']} is not 18 digits; check it before printing", "warning"))
        scores = {}
        for key in ("pre_test", "post_test"):
            scores[key], problem = _score(cell[key])
            if problem:
                problems.append(Diagnostic(shown, line, 1, f"column {headers[where[key]].strip()!r} of {cell['name']}: {problem}"))
        participants.append(Participant(len(participants) + 1, cell["name"], cell["nip"], cell["office"], **scores))
    return participants, problems


def has_scores(participants: list[Participant]) -> bool:
    """Whether the list records any pre-test or post-test score."""
    return any(p.pre_test is not None or p.post_test is not None for p in participants)


def _header(cell: str) -> str:
    """A column's header as :data:`COLUMNS` spells it: 'Tes_Awal', 'Pre-Test ' -> 'tes awal', 'pre test'."""
    return " ".join(re.sub(r"[_-]", " ", cell).lower().split())


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
