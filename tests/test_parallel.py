"""parallel_map: the calling process works beside forked workers, results come back in order,
and a job that fails (or a worker that dies) gives what the same jobs give in one process."""

from __future__ import annotations

import os
import time

import pytest

from bimtek.parallel import MIN_JOBS, cores, parallel_map

pytestmark = pytest.mark.skipif(cores() < 2, reason="one core: everything runs in the calling process")

PARENT = os.getpid()


def busy(seconds: float) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        pass


def test_results_come_back_in_order_and_the_work_is_shared():
    """Jobs long enough for a worker to start (a fork takes milliseconds); a run that fell
    back to this process alone would show one pid."""
    items = list(range(2000))
    found = parallel_map(lambda n: (busy(0.0002), n * n, os.getpid())[1:], items)
    assert [square for square, _ in found] == [n * n for n in items]
    pids = {pid for _, pid in found}
    assert PARENT in pids, "the calling process works too"
    assert len(pids) == min(cores(), 8), "and each worker takes a share"


def test_a_worker_that_finishes_first_is_heard_to_the_end():
    """A slow first chunk here: the worker does every other chunk and ends before this process
    looks at it again (it must read the worker's end once, and not wait for more)."""
    items = list(range(1000))
    found = parallel_map(lambda n: (busy(0.03 if n < 20 else 0.0002), n, os.getpid())[1:], items)
    assert [n for n, _ in found] == items
    workers = [pid for _, pid in found if pid != PARENT]
    assert len(workers) > len(items) // 2, "the worker did most of the work"


def test_few_jobs_run_here():
    found = parallel_map(lambda n: os.getpid(), list(range(MIN_JOBS - 1)))
    assert set(found) == {os.getpid()}


def test_a_job_that_fails_in_a_worker_raises_as_it_would_here():
    def job(n: int) -> int:
        if n == 1500:
            raise ValueError(f"job {n} failed in {'this process' if os.getpid() == PARENT else 'a worker'}")
        return n

    with pytest.raises(ValueError, match="job 1500 failed in this process"):
        parallel_map(job, list(range(2000)))


def test_a_job_that_fails_here_stops_the_workers_at_once():
    """The workers take no further chunk once this process failed: it does not wait for them to
    work through the rest (two seconds of jobs here) before it reports the error."""
    def job(n: int) -> int:
        if n == 1 and os.getpid() == PARENT:
            raise ValueError("job 1 failed")
        busy(0.001)
        return n

    started = time.perf_counter()
    with pytest.raises(ValueError, match="job 1 failed"):
        parallel_map(job, list(range(2000)))
    assert time.perf_counter() - started < 1.0


def test_a_worker_that_dies_costs_only_time():
    def job(n: int) -> int:
        if os.getpid() != PARENT:
            os._exit(3)  # killed, out of memory...
        return n + 1

    assert parallel_map(job, list(range(500))) == list(range(1, 501))


def test_a_result_a_worker_cannot_send_is_worked_out_here():
    def job(n: int):
        return (lambda: n) if os.getpid() != PARENT else n  # a lambda does not pickle

    assert parallel_map(job, list(range(500))) == list(range(500))
