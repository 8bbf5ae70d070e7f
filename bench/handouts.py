"""PDF handout figures: seconds per page and per lesson, cores used, what a rebuild renders.

    .venv/bin/python bench/handouts.py [OUT_DIR] [--repeat N]

Also called by bench/run.py (``run(out, repeat)``). Each cold run starts from a
fresh copy of the project, so its PDF cache (.bimtek-cache/pdf) is empty.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from synthetic import make_project  # noqa: E402

from bimtek.handouts import make_handouts  # noqa: E402
from bimtek.project import load_project  # noqa: E402


def _copy_sample(target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "content", target / "content")
    return target


def _cold(make, repeat: int) -> tuple[float, int, int, object]:
    """Median seconds of ``repeat`` cold runs; pages, lessons and the last report."""
    times, report, project = [], None, None
    for _ in range(repeat):
        root = make()
        project, _ = load_project(root)
        started = time.perf_counter()
        report = make_handouts(project, root / "site", progress=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times), sum(report.pages.values()), len(project.lessons), (root, report)


def run(out: Path, repeat: int = 1) -> dict:
    """Measure the sample and a 50-lesson workshop; print and return the figures."""
    out.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    figures: dict = {"cores": cores}
    print(f"handouts: {cores} core(s), one renderer process per core")

    seconds, pages, lessons, (root, report) = _cold(lambda: _copy_sample(out / "handouts-sample"), repeat)
    figures["sample"] = {"seconds": round(seconds, 2), "pages": pages, "pdfs": len(report.files),
                         "pages_per_second": round(pages / seconds, 1), "seconds_per_lesson": round(seconds / lessons, 2)}
    print(f"  sample, cold: {len(report.files)} PDFs, {pages} pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s, "
          f"{seconds / pages:.3f} s/page, {seconds / lessons:.2f} s/lesson ({lessons} lessons)")

    project, _ = load_project(root)
    started = time.perf_counter()
    again = make_handouts(project, root / "site", progress=False)
    nothing = time.perf_counter() - started
    figures["sample"]["unchanged_rebuild"] = {"seconds": round(nothing, 2), "rendered": len(again.rendered)}
    print(f"  sample, nothing changed: {len(again.rendered)} PDFs rendered, {len(again.reused)} reused, {nothing:.2f} s")

    lesson_file = sorted((root / "content" / "lessons").glob("*.yml"))[0]
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(re.sub(r"(?m)^title: .*$", "title: Judul yang diubah", text, count=1), encoding="utf-8")
    project, _ = load_project(root)
    started = time.perf_counter()
    changed = make_handouts(project, root / "site", progress=False)
    one = time.perf_counter() - started
    figures["sample"]["one_lesson_changed"] = {"seconds": round(one, 2), "rendered": sorted(changed.rendered)}
    print(f"  sample, one lesson changed ({lesson_file.stem}): rendered {', '.join(sorted(changed.rendered))} in {one:.1f} s")

    seconds, pages, lessons, (root, report) = _cold(lambda: make_project(out / "handouts-50", 50), repeat)
    figures["synthetic_50"] = {"seconds": round(seconds, 2), "pages": pages, "pdfs": len(report.files),
                               "pages_per_second": round(pages / seconds, 1), "seconds_per_lesson": round(seconds / lessons, 2)}
    print(f"  50 lessons, cold: {len(report.files)} PDFs, {pages} pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s, "
          f"{seconds / pages:.3f} s/page, {seconds / lessons:.2f} s/lesson")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?", default=str(BENCH / "out"))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    run(Path(args.out), args.repeat)
