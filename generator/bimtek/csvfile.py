"""Read a table the organisers keep in a spreadsheet and save as CSV beside ``mkdocs.yml``.

Such tables (the participant list, the evaluation forms typed in) hold personal or
private data, so they live outside ``content/``, which MkDocs publishes; one found
there is refused. Spreadsheets save them with commas, semicolons (Excel in an
Indonesian locale) or tabs, with or without a byte-order mark; the first row names
the columns, matched whatever their case, spaces, '_' or '-'.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, display_path

MAX_BYTES = 2 * 1024 * 1024
"""Tens of thousands of rows; anything larger is a mistake."""


@dataclass(frozen=True)
class Table:
    """A CSV file's header and rows, each row with its line number."""

    shown: str
    """The file as messages name it."""
    headers: list[str]
    """The first row as written."""
    rows: list[tuple[int, list[str]]]
    """Every row that is not empty, its cells stripped."""

    def column(self, names: tuple[str, ...]) -> int | None:
        """The index of the first column whose header is one of ``names`` (as :func:`header_key` spells them)."""
        keys = [header_key(cell) for cell in self.headers]
        return next((index for index, key in enumerate(keys) if key in names), None)


def read_table(root: Path, name: str, what: str) -> tuple[Table | None, list[Diagnostic]]:
    """The table ``root/name`` (None without the file, or when it cannot be read) and why it could not be read.

    ``what`` names the table in messages ("a participant list").
    """
    path = root / name
    published = root / "content" / name
    if published.exists():  # MkDocs copies every file of content/ into the site
        return None, [Diagnostic(display_path(published), 1, 1, f"{what} in content/ would be published with the site; "
                                 f"move it beside mkdocs.yml ({display_path(path)})")]
    if not path.is_file():
        return None, []
    shown = display_path(path)
    raw = path.read_bytes()[:MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        return None, [Diagnostic(shown, 1, 1, f"file is larger than {MAX_BYTES // 1024} KB; this is not {what}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(shown, line, 1, "file is not UTF-8 text; save it as 'CSV UTF-8'")]
    lines = text.splitlines()
    if not lines:
        return Table(shown, [], []), []
    delimiter = max(",;\t", key=lines[0].count)
    reader = csv.reader(lines, delimiter=delimiter)
    headers = next(reader)
    rows = [(line, [cell.strip() for cell in row]) for line, row in enumerate(reader, start=2) if any(cell.strip() for cell in row)]
    return Table(shown, headers, rows), []


def header_key(cell: str) -> str:
    """A column's header as the readers spell the names they look for: 'Tes_Awal', 'Pre-Test ' -> 'tes awal', 'pre test'."""
    return " ".join(re.sub(r"[_-]", " ", cell).lower().split())


def cell(row: list[str], index: int | None) -> str:
    """The cell of ``row`` in column ``index`` ('' when the row is short or there is no such column)."""
    return row[index] if index is not None and index < len(row) else ""
