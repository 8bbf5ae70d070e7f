"""Spread independent work over the machine's cores: forked worker processes, on cold runs only.

Rendering a thousand lessons is a thousand independent jobs. With ``fork`` the
workers inherit the work (templates, models, MkDocs' config) instead of
receiving it pickled; only the results travel back. Small jobs, one core or a
platform without ``fork`` run in the calling process, and so does any job list
that failed in a worker: the error is then raised as it would be without
workers (with its diagnostics intact).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from typing import Any, Callable, Iterator, Sequence

from .cache import flush_all

MIN_JOBS = 64
"""Fewer jobs than this are not worth starting processes for (a preview edit renders one or two)."""

_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parallel_map(func: Callable[[Any], Any], items: Sequence[Any], *, min_jobs: int = MIN_JOBS) -> list[Any]:
    """``[func(item) for item in items]``, spread over forked workers when it pays.

    ``func`` and ``items`` need not be picklable (the workers inherit them); the
    results must be.
    """
    workers = min(cores(), 8)
    if workers < 2 or len(items) < min_jobs or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    global _work
    # The first job runs here: what it loads once (templates, parsers) the workers inherit.
    first = func(items[0])
    items = items[1:]
    _work = (func, items)
    try:
        size = -(-len(items) // (workers * 8))  # several chunks per worker even out slow ones
        chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_chunk, chunks)
    except Exception:  # noqa: BLE001 - run again here, where the error keeps its type and details
        return [first] + [func(item) for item in items]
    finally:
        _work = None
    return [first] + [result for part in parts for result in part]


def heaviest_first(items: Sequence[Any], cost: Callable[[Any], int]) -> list[Any]:
    """``items`` in the order that suits :func:`parallel_map`: a typical one first (it runs in
    this process, and the workers inherit what it loaded), then the rest from the costliest
    down, so that no worker is left with a long job at the end while the others wait."""
    ordered = sorted(items, key=cost, reverse=True)
    if ordered:
        ordered.insert(0, ordered.pop(len(ordered) // 2))
    return ordered


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _work is not None
    func, items = _work
    results = [func(item) for item in items[bounds[0]:bounds[1]]]
    flush_all()  # a worker is stopped, not shut down, when the work is done: store what it cached now
    return results


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Run a batch step without Python's cyclic garbage collector (re-entrant).

    Loading and rendering a catalogue allocate millions of objects that form no
    cycles; the collector would walk the ever larger heap again and again (a
    tenth of a large build). Reference counting still frees them; the few cycles
    wait for the collector's next run after the step.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
