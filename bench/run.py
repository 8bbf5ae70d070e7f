"""Reproduce the speed and size figures of bimtek with one command (not a timed test).

    .venv/bin/python bench/run.py                      # everything, 10/100/1,000 lessons, 3 runs each
    .venv/bin/python bench/run.py --quick              # 10/100 lessons, 1 run: a smoke run in a minute
    .venv/bin/python bench/run.py --only phase,site --sizes 1000 --repeat 5 --record

Figures (medians of --repeat runs, each in a fresh process):
  phase     load + validate + render pages, no MkDocs: cold (empty cache) and warm; peak memory
  site      bimtek build (cold, warm, after an edit to one lesson) vs plain MkDocs building the same
            exported Markdown; page weights; search coverage; what a phone downloads to open one
            lesson over HTTP in Chromium, and once it searches (when Chromium is installed)
  preview   bimtek serve: seconds from saving a lesson to the page served with the change
  handouts  PDF handouts, when bimtek has them (pages per second, rebuilds)
  sample    bimtek build --no-handouts of the sample workshop, a project never built before: what a
            trainer waits for; and the first run after installing (no compiled templates yet)
  zip       the built sample site zipped by bimtek zip (a WhatsApp document may be 100 MB)
  instructions  the phase for 100 lessons on one core under valgrind: instructions per lesson, cold
            and warm. Not in the default set (5 minutes); the same count on a busy or a quiet machine,
            so a change too small for the timings' spread still shows
Every run also times a fixed pure-Python loop (reference_loop_s): this machine's speed drifts by half
from hour to hour, so divide a figure by it to compare runs of different hours.
Synthetic lessons have about 1,500 words each (--words N for another size; the sample's run 1,500-2,200).
--record appends the figures to bench/RESULTS.md with the machine, date and command.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(REPO / "tests"))  # browser_support: the browser tests' Chromium and static server

from browser_support import chromium_path  # noqa: E402
from synthetic import WORDS_PER_LESSON, is_current, make_project  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("BIMTEK_CACHE", None)


def run(cmd: list[str], env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, env={**ENV, **(env or {})}, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{result.stdout}\n{result.stderr}")
    return result


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    run(cmd, env=env)
    return time.perf_counter() - started


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".bimtek-cache", ignore_errors=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- workers: run in a fresh process, print one JSON line -------------------------


def worker_phase(root: Path) -> None:
    import resource

    from bimtek.parallel import no_cyclic_gc
    from bimtek.project import load_project
    from bimtek.render import render_site

    with no_cyclic_gc():  # as in a build, where the plugin holds it from on_config to post_build
        started = time.perf_counter()
        project, _ = load_project(root)
        loaded = time.perf_counter()
        site = render_site(project)
        done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"load": loaded - started, "render": done - loaded, "total": done - started,
                      "pages": len(site.pages), "peak_mb": peak}))


def worker_plain_config(root: Path, export: Path, config_out: Path, naive: str = "") -> None:
    """mkdocs.yml for plain MkDocs: the project's settings and nav, the bimtek plugin's work done by export.

    ``naive``: the nav before bimtek grouped large catalogues (every lesson in one
    section, no pruning), for the before/after figure.
    """
    import yaml
    from mkdocs.config import load_config

    from bimtek.mkdocs_plugin import _escape_titles
    from bimtek.project import load_project
    from bimtek.render import render_site

    plugin_config = load_config(str(root / "mkdocs.yml"))
    plugin_config = plugin_config.plugins.on_config(plugin_config)  # what the bimtek plugin sets: nav, features, assets
    project, _ = load_project(root)
    site = render_site(project)
    raw = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["plugins"] = [p for p in raw.get("plugins", []) if p != "bimtek" and not (isinstance(p, dict) and "bimtek" in p)]
    raw["docs_dir"] = str(export)
    raw["site_name"] = str(plugin_config.site_name)
    raw["nav"] = json.loads(json.dumps(plugin_config.nav))  # Markup titles as plain str
    raw["theme"]["features"] = list(plugin_config.theme["features"])
    if naive:
        flat = [{page.title: page.path} for page in site.pages if page.path.startswith("lessons/")]
        raw["nav"] = [item for item in raw["nav"] if not any(isinstance(v, list) and any(
            isinstance(x, dict) and any(isinstance(y, list) for y in x.values()) for x in v) for v in item.values())]
        raw["nav"].insert(2, {"Sesi": json.loads(json.dumps(_escape_titles(flat)))})
        raw["theme"]["features"] = [f for f in raw["theme"]["features"] if f not in ("navigation.prune", "navigation.indexes")]
    raw["theme"]["language"] = plugin_config.theme["language"]
    raw["extra_css"] = [str(x) for x in plugin_config.extra_css]
    raw["extra_javascript"] = [str(x) for x in plugin_config.extra_javascript]
    config_out.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(json.dumps({"ok": True}))


def worker_imports() -> None:
    """What :func:`worker_phase` imports and nothing else: the part of its count that is not the phase."""
    from bimtek.parallel import no_cyclic_gc  # noqa: F401
    from bimtek.project import load_project  # noqa: F401
    from bimtek.render import render_site  # noqa: F401

    print(json.dumps({"ok": True}))


def worker_first_view(site: Path, page_path: str) -> None:
    """What a phone downloads to open one page over HTTP in Chromium, and then to search."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, PHONE, chromium_path, serve

    sizes: list[tuple[str, int]] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        page.on("response", lambda r: sizes.append((r.url, int(r.headers.get("content-length") or 0))))
        page.goto(base + page_path, wait_until="networkidle")
        page.wait_for_timeout(1000)
        opened = sum(size for _, size in sizes)
        index_at_once = any("search_index" in url for url, _ in sizes)
        page.locator('label.md-header__button[for="__search"]').click()
        page.keyboard.type("pesan")
        page.wait_for_load_state("networkidle")
        page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
        browser.close()
    print(json.dumps({"page_kb": opened / 1024, "index_at_once": index_at_once,
                      "after_search_kb": sum(size for _, size in sizes) / 1024}))


def worker(args: list[str]) -> None:
    kind, *rest = args
    if kind == "phase":
        worker_phase(Path(rest[0]))
    elif kind == "imports":
        worker_imports()
    elif kind == "plain-config":
        worker_plain_config(*map(Path, rest[:3]), *rest[3:])
    elif kind == "first-view":
        worker_first_view(Path(rest[0]), rest[1])


def in_worker(*args: str, env: dict[str, str] | None = None) -> dict:
    return json.loads(run([PYTHON, __file__, "--worker", *args], env=env).stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def no_compiled_templates() -> Iterator[dict[str, str]]:
    """The environment of bimtek's first run after it is installed: no compiled templates kept
    where bimtek keeps them (an empty folder of its own, removed after)."""
    folder = tempfile.mkdtemp(prefix="bimtek-bench-cache-")
    try:
        yield {"BIMTEK_COMPILED_TEMPLATES": folder}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- figures ---------------------------------------------------------------------


WORDS = WORDS_PER_LESSON
"""Words per synthetic lesson (``--words``)."""


def project(out: Path, n: int) -> Path:
    """The synthetic project of ``n`` lessons, made again if it was made otherwise (or by older code)."""
    root = out / (f"p{n}" if WORDS == WORDS_PER_LESSON else f"p{n}-w{WORDS}")
    if not is_current(root, n, WORDS):
        make_project(root, n, words=WORDS)
    return root


def bench_phase(out: Path, sizes: list[int], repeat: int) -> dict:
    figures = {}
    for n in sizes:
        root = project(out, n)
        cold, warm, first = [], [], []
        for _ in range(repeat):
            clear_cache(root)
            with no_compiled_templates() as env:
                first.append(in_worker("phase", str(root), env=env))
            clear_cache(root)
            cold.append(in_worker("phase", str(root)))
            warm.append(in_worker("phase", str(root)))
        figures[n] = {
            "first_s": median([r["total"] for r in first]),
            "cold_s": median([r["total"] for r in cold]), "cold_load_s": median([r["load"] for r in cold]),
            "cold_render_s": median([r["render"] for r in cold]), "warm_s": median([r["total"] for r in warm]),
            "warm_load_s": median([r["load"] for r in warm]), "warm_render_s": median([r["render"] for r in warm]),
            "peak_mb_cold": max(r["peak_mb"] for r in cold), "peak_mb_warm": max(r["peak_mb"] for r in warm),
            "pages": cold[0]["pages"], "runs": repeat,
        }
        f = figures[n]
        print(f"phase  {n:>5} lessons: cold {f['cold_s']:.2f} s (load {f['cold_load_s']:.2f} + render {f['cold_render_s']:.2f}), "
              f"warm {f['warm_s']:.2f} s (load {f['warm_load_s']:.2f} + render {f['warm_render_s']:.2f}); "
              f"{f['cold_s'] / n * 1000:.1f} / {f['warm_s'] / n * 1000:.2f} ms per lesson; peak {f['peak_mb_cold']} MB; "
              f"first run after installing (templates not yet compiled) {f['first_s']:.2f} s", flush=True)
    ordered = sorted(figures)
    for small, large in zip(ordered, ordered[1:]):
        for state in ("cold", "warm"):
            ratio = figures[large][f"{state}_s"] / figures[small][f"{state}_s"]
            print(f"phase  linearity {state}: {large}/{small} lessons -> time x{ratio:.1f} (linear: x{large / small:.0f})")
    return figures


def instructions(*args: str, env: dict[str, str] | None = None) -> int:
    """Instructions of one worker run on one core, counted by valgrind (callgrind)."""
    # One core: the phase runs in this one process (no forked workers, which valgrind would not count).
    done = run(["taskset", "-c", "0", "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                PYTHON, __file__, "--worker", *args], env=env)
    counts = [int(line.rsplit(":", 1)[1].replace(",", "")) for line in done.stderr.splitlines() if "Collected :" in line]
    return counts[-1]


def bench_instructions(out: Path, n: int = 100) -> dict | None:
    if shutil.which("valgrind") is None or shutil.which("taskset") is None:
        print("instructions: valgrind (Debian valgrind) is not installed; skipped", flush=True)
        return None
    root = project(out, n)
    base = instructions("imports")
    clear_cache(root)
    with no_compiled_templates() as env:
        first = instructions("phase", str(root), env=env) - base
    clear_cache(root)
    cold = instructions("phase", str(root)) - base
    warm = instructions("phase", str(root)) - base
    figures = {"lessons": n, "cold_per_lesson_m": cold / n / 1e6, "warm_per_lesson_m": warm / n / 1e6, "imports_m": base / 1e6,
               "first_per_lesson_m": first / n / 1e6}
    print(f"instructions {n} lessons, one core: cold {figures['cold_per_lesson_m']:.1f} M per lesson, "
          f"warm {figures['warm_per_lesson_m']:.1f} M per lesson (imports {figures['imports_m']:.0f} M, not counted); "
          f"first run after installing {figures['first_per_lesson_m']:.1f} M per lesson", flush=True)
    return figures


def site_stats(site: Path) -> dict:
    lessons = sorted((site / "lessons").glob("*.html"))
    sizes = [p.stat().st_size for p in lessons]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = {doc["location"].split("#")[0] for doc in index["docs"]}
    covered = sum(1 for p in lessons if f"lessons/{p.name}" in found)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"lesson_pages": len(lessons), "median_page_kb": median(sizes) / 1024, "max_page_kb": max(sizes) / 1024,
            "site_mb": total / 2**20, "search_index_mb": (site / "search" / "search_index.json").stat().st_size / 2**20,
            "search_covers": covered}


def bench_site(out: Path, n: int, repeat: int, naive: bool) -> dict:
    root = project(out, n)
    export, plain_yml = out / f"export{n}", out / f"plain{n}.yml"
    shutil.rmtree(export, ignore_errors=True)
    run([str(BIN / "bimtek"), "export", str(root), "--out", str(export)])
    in_worker("plain-config", str(root), str(export), str(plain_yml))
    cold, warm, edited, plain = [], [], [], []
    build = [str(BIN / "bimtek"), "build", "--no-handouts", str(root)]  # the site alone, as plain MkDocs builds it
    lesson = sorted((root / "content" / "lessons").glob("*.yml"))[n // 2]
    original = lesson.read_text(encoding="utf-8")
    for _ in range(repeat):  # interleaved, so that the load of a shared machine hits all three alike
        plain.append(timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(plain_yml), "-d", str(out / f"plain-site{n}")]))
        clear_cache(root)
        cold.append(timed(build))
        warm.append(timed(build))
        lesson.write_text(original.replace("summary: ", "summary: Satu kalimat baru. ", 1), encoding="utf-8")
        try:
            edited.append(timed(build))  # a trainer's edit to one lesson's text, then a build
        finally:
            lesson.write_text(original, encoding="utf-8")
    stats = site_stats(root / "site")
    figures = {"plain_s": median(plain), "cold_s": median(cold), "warm_s": median(warm), "edited_s": median(edited),
               "runs": repeat, **stats}
    if naive:  # once: the navigation of every lesson on every page, as before grouping
        naive_yml = out / f"naive{n}.yml"
        in_worker("plain-config", str(root), str(export), str(naive_yml), "naive")
        naive_site = out / f"naive-site{n}"
        figures["naive_plain_s"] = timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(naive_yml), "-d", str(naive_site)])
        figures["naive_median_page_kb"] = site_stats(naive_site)["median_page_kb"]
        print(f"site   {n:>5} lessons: naive nav (all lessons on every page, no pruning), plain MkDocs: "
              f"{figures['naive_plain_s']:.1f} s, lesson page median {figures['naive_median_page_kb']:.0f} KB")
    figures["overhead_cold_pct"] = (figures["cold_s"] / figures["plain_s"] - 1) * 100
    figures["overhead_warm_pct"] = (figures["warm_s"] / figures["plain_s"] - 1) * 100
    f = figures
    print(f"site   {n:>5} lessons: plain MkDocs {f['plain_s']:.1f} s; bimtek build cold {f['cold_s']:.1f} s "
          f"({f['overhead_cold_pct']:+.1f} %), warm {f['warm_s']:.1f} s ({f['overhead_warm_pct']:+.1f} %), "
          f"after an edit to one lesson {f['edited_s']:.1f} s", flush=True)
    print(f"site   {n:>5} lessons: lesson page median {f['median_page_kb']:.0f} KB (max {f['max_page_kb']:.0f} KB); "
          f"site {f['site_mb']:.0f} MB, search index {f['search_index_mb']:.1f} MB covering {f['search_covers']}/{f['lesson_pages']} lessons")
    if chromium_path() is not None:
        view = in_worker("first-view", str(root / "site"), f"lessons/{lesson.stem}.html")
        figures["first_view"] = view
        print(f"site   {n:>5} lessons: a phone opening one lesson downloads {view['page_kb']:.0f} KB "
              f"(search index {'with it' if view['index_at_once'] else 'not yet'}); "
              f"{view['after_search_kb'] / 1024:.1f} MB once it searches", flush=True)
    return figures


def bench_preview(root: Path, repeat: int, label: str) -> dict:
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    lesson = sorted((root / "content" / "lessons").glob("*.yml"))[len(list((root / "content" / "lessons").glob("*.yml"))) // 2]
    url = f"http://127.0.0.1:{port}/lessons/{lesson.stem}.html"

    def wait_for(marker: str, timeout: float) -> float | None:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if marker in response.read().decode("utf-8"):
                        return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.05)
        return None

    server = subprocess.Popen([str(BIN / "bimtek"), "serve", str(root), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    original = lesson.read_text(encoding="utf-8")
    seconds = []
    try:
        startup = wait_for("</html>", 600)
        if startup is None:
            raise SystemExit("the preview server did not start")
        for number in range(repeat):
            time.sleep(1.5)  # let the watcher settle between edits
            marker = f"SUNTINGAN-{number}-{time.time_ns()}"
            lesson.write_text(original.replace("summary: ", f"summary: {marker} ", 1), encoding="utf-8")
            took = wait_for(marker, 300)
            seconds.append(took if took is not None else float("inf"))
    finally:
        lesson.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    figures = {"startup_s": startup, "edit_to_page_s": median(seconds), "all_s": seconds}
    print(f"preview {label}: edit -> page served in {figures['edit_to_page_s']:.2f} s median "
          f"({', '.join(f'{s:.2f}' for s in seconds)}); first build {startup:.1f} s", flush=True)
    return figures


def bench_sample_build(out: Path, repeat: int) -> dict:
    """``bimtek build --no-handouts`` of the sample, as a trainer's project (content and mkdocs.yml; the
    installed templates), never built before; and the same as the first run after installing."""
    root = out / "sample-build"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content")
    command = [str(BIN / "bimtek"), "build", str(root), "--no-handouts"]
    cold, first = [], []
    for _ in range(repeat):
        for times, env in ((first, "first"), (cold, None)):
            clear_cache(root)
            shutil.rmtree(root / "site", ignore_errors=True)
            if env:
                with no_compiled_templates() as fresh:
                    times.append(timed(command, fresh))
            else:
                times.append(timed(command))
    figures = {"cold_s": median(cold), "first_s": median(first), "runs": repeat}
    print(f"sample bimtek build --no-handouts: {figures['cold_s']:.2f} s for a project never built before "
          f"(the whole command: start-up, imports, MkDocs); {figures['first_s']:.2f} s as the first run after installing", flush=True)
    return figures


def bench_zip(out: Path) -> dict:
    import zipfile

    sys.path.insert(0, str(REPO / "tests"))
    from conftest import copy_project

    shutil.rmtree(out / "sample", ignore_errors=True)
    root = copy_project(REPO, out / "sample")
    run([str(BIN / "bimtek"), "build", str(root)])
    archive = out / "sample-site.zip"
    started = time.perf_counter()
    run([str(BIN / "bimtek"), "zip", str(root), "--out", str(archive)])  # what an organiser sends
    seconds = time.perf_counter() - started
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.testzip() is None
    size = archive.stat().st_size / 2**20
    raw = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 2**20
    print(f"zip    sample site: {raw:.1f} MB built, {size:.1f} MB zipped by 'bimtek zip' in {seconds:.1f} s "
          f"({size / 100 * 100:.1f} % of a 100 MB WhatsApp document)")
    return {"site_mb": raw, "zip_mb": size, "zip_s": seconds}


def bench_handouts(out: Path, repeat: int) -> dict | None:
    try:
        import handouts as handouts_bench  # bench/handouts.py, by the handouts' own engineer
    except ImportError:
        print("handouts: bench/handouts.py is not there yet: skipped")
        return None
    return handouts_bench.run(out, repeat)


# --- report ----------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    try:  # reading YAML takes four times longer without it (a machine without a C compiler when bimtek was installed)
        from bimtek import _fastyaml  # noqa: F401
        speedup = "YAML speed-up built"
    except ImportError:
        speedup = "YAML speed-up NOT built (no C compiler or libyaml-dev at install)"
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average at start {load}, {speedup}")


def reference_loop(runs: int = 5) -> float:
    """Seconds of a fixed pure-Python workload (dicts, strings, integers, like the generator's),
    the fastest of ``runs``: how fast this machine runs Python now. A shared machine's speed
    drifts by half from hour to hour; a figure divided by this one drifts far less."""
    def work() -> int:
        table: dict[str, int] = {}
        for n in range(500_000):
            key = f"kunci-{n % 5000}"
            table[key] = table.get(key, 0) + len(key) * n % 7
        return sum(table.values())

    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def record(figures: dict, argv: list[str]) -> None:
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"\n## {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC · commit {commit}\n",
        f"- machine: {figures.pop('machine')}",
        f"- command: `.venv/bin/python bench/run.py {' '.join(argv)}`",
        "",
        "```json",
        json.dumps(figures, indent=1, default=str),
        "```",
    ]
    with open(BENCH / "RESULTS.md", "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print("recorded in bench/RESULTS.md")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--worker"]:
        worker(argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="lesson counts (default 10,100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; medians are reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="sizes 10,100 and one run: a smoke run")
    parser.add_argument("--only", default="phase,site,sample,preview,handouts,zip", help="which figures (comma-separated)")
    parser.add_argument("--out", default=str(BENCH / "out"), help="work folder (default bench/out, ignored by git)")
    parser.add_argument("--record", action="store_true", help="append the figures to bench/RESULTS.md")
    parser.add_argument("--words", type=int, default=WORDS_PER_LESSON, help=f"words per synthetic lesson (default {WORDS_PER_LESSON})")
    parser.add_argument("--naive", action="store_true", help="also build once with the flat, unpruned nav (before/after)")
    args = parser.parse_args(argv)
    global WORDS
    WORDS = args.words
    sizes = [10, 100] if args.quick else [int(s) for s in args.sizes.split(",")]
    repeat = 1 if args.quick else args.repeat
    only = set(args.only.split(","))
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    figures: dict = {"machine": machine(), "words_per_lesson": WORDS, "reference_loop_s": reference_loop()}
    print(figures["machine"], flush=True)
    print(f"machine speed: a fixed pure-Python loop took {figures['reference_loop_s']:.3f} s (divide a figure by it to "
          "compare runs at different hours of a machine whose speed drifts)", flush=True)
    if "phase" in only:
        figures["phase"] = bench_phase(out, sizes, repeat)
    if "site" in only:
        figures["site"] = {n: bench_site(out, n, repeat, args.naive) for n in sizes if n >= 100 or len(sizes) == 1}
    if "preview" in only:
        sys.path.insert(0, str(REPO / "tests"))
        from conftest import copy_project

        shutil.rmtree(out / "preview-sample", ignore_errors=True)
        sample = copy_project(REPO, out / "preview-sample")
        figures["preview"] = {"sample": bench_preview(sample, repeat, "sample")}
        big = max(sizes)
        figures["preview"][big] = bench_preview(project(out, big), repeat, f"{big} lessons")
    if "sample" in only:
        figures["sample"] = bench_sample_build(out, repeat)
    if "handouts" in only:
        figures["handouts"] = bench_handouts(out, repeat)
    if "zip" in only:
        figures["zip"] = bench_zip(out)
    if "instructions" in only:
        figures["instructions"] = bench_instructions(out)
    if args.record:
        record(figures, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
