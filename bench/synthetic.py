"""Synthetic bimtek projects of any size, for benchmarks.

Each lesson is realistic in size: about 1,500 words of Markdown over three
topics, 3 exercises, 2 checklists and a 5-question quiz. Text is drawn
deterministically (fixed seed) from the sample's own vocabulary, so runs are
comparable.

    python bench/synthetic.py OUT_DIR N_LESSONS
"""

from __future__ import annotations

import datetime as dt
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


def make_lesson(writer: _Writer, lesson_id: str) -> dict:
    """One lesson as YAML-ready data, about WORDS_PER_LESSON words."""
    topic_words = (WORDS_PER_LESSON - 900) // 3  # the rest: exercises, quiz, checklists, summary
    topics = []
    for t in range(3):
        paragraphs = [writer.paragraph(topic_words // 4) for _ in range(4)]
        body = "\n\n".join(paragraphs[:2]) + "\n\n- " + writer.sentence(8) + "\n- " + writer.sentence(8) + "\n\n" + "\n\n".join(paragraphs[2:])
        topics.append({
            "title": writer.title(), "body": body, "subtopics": [writer.title() for _ in range(3)],
            "facts": [{"value": f"{writer.rng.randint(2, 99)} %", "label": writer.title(), "source": "ref-1"}],
        })
    exercises = [{
        "id": f"latihan-{e}", "title": writer.title(), "kind": writer.rng.choice(["individual", "group", "discussion", "case-study", "practice"]),
        "minutes": 15, "instructions": writer.paragraph(40), "steps": [writer.sentence(8) for _ in range(3)],
        "worksheet": [{"label": writer.title(), "lines": 4}, {"label": writer.title(), "lines": 3}],
        "output": writer.sentence(6), "hints": [writer.sentence(10), {"text": writer.sentence(10), "in_handout": True}],
        "answer": writer.paragraph(40), "facilitator_notes": writer.paragraph(25),
    } for e in range(1, 4)]
    checklists = [{"id": f"daftar-{c}", "title": writer.title(),
                   "items": [writer.sentence(7) for _ in range(4)] + [{"text": writer.sentence(6), "detail": writer.sentence(8)}]}
                  for c in range(1, 3)]
    quiz = [{"id": f"soal-{q}", "question": writer.sentence(10).rstrip(".") + "?", "choices": [writer.sentence(5) for _ in range(4)],
             "answer": [0, 2] if q == 5 else writer.rng.randint(0, 3), "explanation": writer.sentence(14)} for q in range(1, 6)]
    return {
        "title": writer.title(), "summary": writer.paragraph(50), "outcome": "Setelah mengikuti sesi ini, peserta mampu " + writer.sentence(8).lower(),
        "objectives": [writer.sentence(8) for _ in range(4)], "duration": 90,
        "methods": ["Ceramah interaktif", "Diskusi kelompok", "Praktik"], "media": ["Bahan tayang", "Lembar kerja"],
        "topics": topics, "exercises": exercises, "checklists": checklists, "quiz": quiz,
        "key_points": [writer.sentence(9) for _ in range(4)], "recap": writer.paragraph(40),
        "glossary": [{"term": writer.title(), "definition": writer.sentence(12)} for _ in range(3)],
        "references": [{"id": "ref-1", "title": writer.title(), "publisher": "Kementerian", "year": 2021}],
        "facilitator_notes": writer.paragraph(30),
    }


def make_project(root: Path, n_lessons: int, *, seed: int = 1) -> Path:
    """Write a project of ``n_lessons`` lessons (four a day) into ``root``; returns ``root``."""
    if root.exists():
        shutil.rmtree(root)
    lessons_dir = root / "content" / "lessons"
    lessons_dir.mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    writer = _Writer(seed)
    ids = [f"sesi-{i:04d}" for i in range(1, n_lessons + 1)]
    for lesson_id in ids:
        text = yaml.safe_dump(make_lesson(writer, lesson_id), allow_unicode=True, sort_keys=False, width=100)
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
    return root


if __name__ == "__main__":
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    make_project(out, count)
    print(f"wrote {count} lessons into {out}")
