"""A tiny valid project written from strings, for tests that change one thing at a time."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import REPO_ROOT

WORKSHOP = """\
title: Bimtek Uji
organizer: Panitia Uji
language: id
mode: offline
venue: Aula
people:
  - id: ana
    name: Ana Narasumber
    role: speaker
days:
  - date: "2021-09-30"
    start: "08:00"
    items:
      - activity: Registrasi
        minutes: 30
        kind: opening
      - lesson: satu
        people: [ana]
      - activity: ISHOMA
        minutes: 60
        kind: break
      - lesson: dua
"""

LESSON = """\
title: {title}
summary: Ringkasan sesi.
outcome: Peserta mampu menguji.
objectives:
  - Menjelaskan uji.
duration: 90
topics:
  - title: Topik
    body: Isi **topik**.
key_points:
  - Poin satu.
exercises:
  - id: latihan-a
    title: Latihan A
    kind: group
    minutes: 30
    instructions: Kerjakan.
    answer: JAWABAN-CONTOH-RAHASIA
    facilitator_notes: CATATAN-FASILITATOR-RAHASIA
checklists:
  - id: cek
    title: Daftar cek
    items: [Satu, {{text: Dua, detail: Rinci}}]
quiz:
  - id: q1
    question: Mana yang benar?
    choices: [A, B, C]
    answer: [0, 2]
    explanation: Karena.
facilitator_notes: CATATAN-SESI-RAHASIA
"""


def write_project(root: Path, workshop: str = WORKSHOP, lessons: dict[str, str] | None = None) -> Path:
    """Write mkdocs.yml, content/workshop.yml and the lessons (default: 'satu' and 'dua')."""
    if lessons is None:
        lessons = {"satu": LESSON.format(title="Sesi Satu"), "dua": LESSON.format(title="Sesi Dua")}
    (root / "content" / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "content" / "workshop.yml").write_text(textwrap.dedent(workshop), encoding="utf-8")
    for lesson_id, text in lessons.items():
        (root / "content" / "lessons" / f"{lesson_id}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root
