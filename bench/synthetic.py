"""Synthetic bimtek projects of any size, for benchmarks.

Each lesson is realistic in size: about 1,500 words in all, a third of them in
three topics and another in 3 exercises (as in the sample's lessons), 2
checklists and a 5-question quiz (the sample's own lessons run from 1,500 to
2,200 words: pass a larger size to measure those). Text is drawn
deterministically (fixed seed) from the sample's vocabulary, so runs are comparable.

    python bench/synthetic.py OUT_DIR N_LESSONS [WORDS_PER_LESSON]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
LESSONS_PER_DAY = 4
WORDS_PER_LESSON = 1500


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for path in (REPO_ROOT / "content" / "lessons").glob("*.yml"):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", path.read_text(encoding="utf-8")))
    return sorted(words) or ["konten", "humas", "publik", "informasi", "media", "sosial"]


class _Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words = _vocabulary()

    def sentence(self, n: int = 12) -> str:
        words = self.rng.choices(self.words, k=n)
        return " ".join(words).capitalize() + "."

    def paragraph(self, words: int) -> str:
        out, count = [], 0
        while count < words:
            n = self.rng.randint(8, 16)
            out.append(self.sentence(n))
            count += n
        return " ".join(out)

    def title(self) -> str:
        return self.sentence(self.rng.randint(3, 6)).rstrip(".")


def words_in(data: object) -> int:
    """The words a participant reads in ``data`` (every text in it, keys left out)."""
    if isinstance(data, str):
        return len(_WORD.findall(data))
    if isinstance(data, dict):
        return sum(words_in(value) for value in data.values())
    if isinstance(data, list):
        return sum(words_in(item) for item in data)
    return 0


_WORD = re.compile(r"\w+")


def make_lesson(writer: _Writer, lesson_id: str, words: int = WORDS_PER_LESSON) -> dict:
    """One lesson as YAML-ready data, about ``words`` words in all.

    Everything but the topics is drawn first; the three topics then take the words
    left (each: four paragraphs around a two-item list), so the total is the target.
    """
    exercises = [{
        "id": f"latihan-{e}", "title": writer.title(), "kind": writer.rng.choice(["individual", "group", "discussion", "case-study", "practice"]),
        "minutes": 15, "instructions": writer.paragraph(30), "steps": [writer.sentence(8) for _ in range(3)],
        "worksheet": [{"label": writer.title(), "lines": 4}, {"label": writer.title(), "lines": 3}],
        "output": writer.sentence(6), "hints": [writer.sentence(8), {"text": writer.sentence(8), "in_handout": True}],
        "answer": writer.paragraph(30), "facilitator_notes": writer.paragraph(20),
    } for e in range(1, 4)]
    checklists = [{"id": f"daftar-{c}", "title": writer.title(),
                   "items": [writer.sentence(7) for _ in range(4)] + [{"text": writer.sentence(6), "detail": writer.sentence(8)}]}
                  for c in range(1, 3)]
    quiz = [{"id": f"soal-{q}", "question": writer.sentence(10).rstrip(".") + "?", "choices": [writer.sentence(4) for _ in range(4)],
             "answer": [0, 2] if q == 5 else writer.rng.randint(0, 3), "explanation": writer.sentence(10)} for q in range(1, 6)]
    lesson = {
        "title": writer.title(), "summary": writer.paragraph(40), "outcome": "Setelah mengikuti sesi ini, peserta mampu " + writer.sentence(8).lower(),
        "objectives": [writer.sentence(8) for _ in range(4)], "duration": 90,
        "methods": ["Ceramah interaktif", "Diskusi kelompok", "Praktik"], "media": ["Bahan tayang", "Lembar kerja"],
        "topics": [], "exercises": exercises, "checklists": checklists, "quiz": quiz,
        "key_points": [writer.sentence(9) for _ in range(4)], "recap": writer.paragraph(30),
        "glossary": [{"term": writer.title(), "definition": writer.sentence(12)} for _ in range(3)],
        "references": [{"id": "ref-1", "title": writer.title(), "publisher": "Kementerian", "year": 2021}],
        "facilitator_notes": writer.paragraph(25),
    }
    used = words_in(lesson)
    for left in (3, 2, 1):
        # A title (about 4 words), three subtopics (12), a fact (5), a list of two sentences (16):
        # about 37 words besides the four paragraphs, which overshoot their length by about 5 each.
        budget = (words - used) // left
        paragraph_words = max(10, (budget - 37) // 4 - 5)
        paragraphs = [writer.paragraph(paragraph_words) for _ in range(4)]
        body = "\n\n".join(paragraphs[:2]) + "\n\n- " + writer.sentence(8) + "\n- " + writer.sentence(8) + "\n\n" + "\n\n".join(paragraphs[2:])
        topic = {
            "title": writer.title(), "body": body, "subtopics": [writer.title() for _ in range(3)],
            "facts": [{"value": f"{writer.rng.randint(2, 99)} %", "label": writer.title(), "source": "ref-1"}],
        }
        lesson["topics"].append(topic)
        used += words_in(topic)
    return lesson


STAMP = ".synthetic.json"
"""What a generated project was made with: a project made otherwise (or by older code) is made again."""


def stamp(n_lessons: int, words: int, seed: int) -> dict:
    """The :data:`STAMP` of a project of these settings, made by this file as it is now."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return {"lessons": n_lessons, "words_per_lesson": words, "seed": seed, "generator": code}


def is_current(root: Path, n_lessons: int, words: int = WORDS_PER_LESSON, seed: int = 1) -> bool:
    """Whether ``root`` holds the project :func:`make_project` would write for these settings."""
    try:
        return json.loads((root / STAMP).read_text(encoding="utf-8")) == stamp(n_lessons, words, seed)
    except (OSError, ValueError):
        return False


def make_project(root: Path, n_lessons: int, *, words: int = WORDS_PER_LESSON, seed: int = 1) -> Path:
    """Write a project of ``n_lessons`` lessons of about ``words`` words (four a day) into ``root``; returns ``root``."""
    if root.exists():
        shutil.rmtree(root)
    lessons_dir = root / "content" / "lessons"
    lessons_dir.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    writer = _Writer(seed)
    ids = [f"sesi-{i:04d}" for i in range(1, n_lessons + 1)]
    for lesson_id in ids:
        text = yaml.safe_dump(make_lesson(writer, lesson_id, words), allow_unicode=True, sort_keys=False, width=100)
        (lessons_dir / f"{lesson_id}.yml").write_text(text, encoding="utf-8")
    first = dt.date(2027, 1, 4)
    days = []
    for number, start in enumerate(range(0, n_lessons, LESSONS_PER_DAY)):
        chunk = ids[start:start + LESSONS_PER_DAY]
        items: list[dict] = [{"activity": "Registrasi", "minutes": 30, "kind": "opening"}]
        for position, lesson_id in enumerate(chunk):
            items.append({"lesson": lesson_id})
            if position == 1:
                items.append({"activity": "ISHOMA", "minutes": 60, "kind": "break"})
        days.append({"date": (first + dt.timedelta(days=number)).isoformat(), "start": "08:00", "items": items})
    workshop = {
        "title": f"Katalog Pelatihan Sintetis ({n_lessons} sesi)", "organizer": "Pusat Pelatihan", "language": "id",
        "description": writer.paragraph(60), "goals": [writer.sentence(10) for _ in range(3)], "audience": "Pranata Humas",
        "mode": "hybrid", "venue": "Aula", "people": [{"id": "fasilitator", "name": "Fasilitator", "role": "facilitator"}],
        "days": days,
    }
    (root / "content" / "workshop.yml").write_text(yaml.safe_dump(workshop, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / STAMP).write_text(json.dumps(stamp(n_lessons, words, seed)), encoding="utf-8")
    return root


if __name__ == "__main__":
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    per_lesson = int(sys.argv[3]) if len(sys.argv) > 3 else WORDS_PER_LESSON
    make_project(out, count, words=per_lesson)
    print(f"wrote {count} lessons of about {per_lesson} words into {out}")
