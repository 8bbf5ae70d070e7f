"""Spread independent work over the machine's cores: forked worker processes, on cold runs only.

Rendering a thousand lessons is a thousand independent jobs. With ``fork`` the
workers inherit the work (templates, models, MkDocs' config) instead of
receiving it pickled; only the results travel back, and the calling process
takes its share of the jobs (one worker fewer to fork, a share of results that
never travels). Small jobs, one core or a
platform without ``fork`` run in the calling process, and so does any job list
that failed in a worker: the error is then raised as it would be without
workers (with its diagnostics intact).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import threading
from multiprocessing.reduction import ForkingPickler
from typing import Any, Callable, Iterator, Sequence

from .cache import flush_all

MIN_JOBS = 64
"""Fewer jobs than this are not worth starting processes for (a preview edit renders one or two)."""


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
    # The first job runs here: what it loads once (templates, parsers) the workers inherit.
    first = func(items[0])
    rest = items[1:]
    try:
        return [first] + _share_out(func, rest, workers)
    except Exception:  # noqa: BLE001 - run again here, where the error keeps its type and details
        return [first] + [func(item) for item in rest]


def _share_out(func: Callable[[Any], Any], items: Sequence[Any], workers: int) -> list[Any]:
    """The results of ``func`` over ``items``, worked out by this process and ``workers - 1`` forked ones.

    This process is one of the workers: its results need not travel (a worker's are pickled
    and unpickled, a fifth of a cold load's time with a pool of two), and it does not compete
    with the workers for the cores while it waits. Each takes the next chunk when it is done
    with one (a counter in shared memory), so a slow chunk holds no one up. A worker sends
    each chunk's results as soon as they are done, and this process takes them between its
    own chunks: pickling and unpickling overlap the work instead of following it. The
    results come back in order. Raises if any job failed (anywhere), or a worker died.
    """
    size = -(-len(items) // (workers * 8))  # several chunks per worker even out slow ones
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    next_chunk = context.Value("i", 0)
    done: dict[int, list[Any]] = {}
    children = []
    try:
        for _ in range(workers - 1):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_work_in_child, args=(func, items, chunks, next_chunk, sender), daemon=True)
            child.start()
            sender.close()
            children.append((child, receiver))
        working = [receiver for _, receiver in children]
        while (index := _next(next_chunk, chunks)) is not None:
            start, end = chunks[index]
            done[index] = [func(item) for item in items[start:end]]
            working = [receiver for receiver in working if _receive_ready(receiver, done)]
        for receiver in working:
            while _receive(receiver, done):
                pass
    finally:
        with next_chunk.get_lock():  # after a failure here, the workers take no further chunk
            next_chunk.value = len(chunks)
        for child, receiver in children:
            receiver.close()
            child.join(timeout=5)
            if child.is_alive():
                child.kill()
                child.join()
    return [result for index in range(len(chunks)) for result in done[index]]


def _next(next_chunk: Any, chunks: list[tuple[int, int]]) -> int | None:
    """The index of the next chunk nobody took yet, or None when all are taken."""
    with next_chunk.get_lock():
        index = next_chunk.value
        next_chunk.value += 1
    return index if index < len(chunks) else None


def _receive_ready(receiver: Any, done: dict[int, list[Any]]) -> bool:
    """Take the messages a worker has sent so far; False once it sent its end."""
    while receiver.poll():  # also at the end of the pipe: then _receive raises
        if not _receive(receiver, done):
            return False
    return True


def _receive(receiver: Any, done: dict[int, list[Any]]) -> bool:
    """Take one message of a worker: a chunk's results (True), or its end (False). Raises when it failed or died."""
    try:
        message = receiver.recv()
    except EOFError:  # the worker died (killed, out of memory)
        raise ChildProcessError("a worker stopped before it was done") from None
    if message == "failed":
        raise ChildProcessError("a job failed in a worker")
    if message == "done":
        return False
    index, results = message
    done[index] = results
    return True


def _work_in_child(func: Callable[[Any], Any], items: Sequence[Any], chunks: list[tuple[int, int]],
                   next_chunk: Any, sender: Any) -> None:
    # A thread writes what the worker sends: the worker goes on with its next chunk while
    # the parent, busy with its own, has not read the last one yet.
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_write_all, args=(outbox, sender))
    writer.start()
    try:
        while (index := _next(next_chunk, chunks)) is not None:
            start, end = chunks[index]
            outbox.put(ForkingPickler.dumps((index, [func(item) for item in items[start:end]])))
        flush_all()  # the worker ends with os._exit, not at exit: store what it cached now
        outbox.put(ForkingPickler.dumps("done"))
    except BaseException:  # noqa: BLE001 - the caller runs every job again, and reports the error
        outbox.put(ForkingPickler.dumps("failed"))
    outbox.put(None)
    writer.join()
    sender.close()


def _write_all(outbox: "queue.SimpleQueue[bytes | None]", sender: Any) -> None:
    while (message := outbox.get()) is not None:
        try:
            sender.send_bytes(message)
        except OSError:  # the parent stopped reading (it failed): nothing more to send
            return


def heaviest_first(items: Sequence[Any], cost: Callable[[Any], int]) -> list[Any]:
    """``items`` in the order that suits :func:`parallel_map`: a typical one first (it runs in
    this process, and the workers inherit what it loaded), then the rest from the costliest
    down, so that no worker is left with a long job at the end while the others wait."""
    ordered = sorted(items, key=cost, reverse=True)
    if ordered:
        ordered.insert(0, ordered.pop(len(ordered) // 2))
    return ordered


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
