"""Spread a list of work items over the machine's cores with forked worker processes, when it pays.

Small guides (the real one, the tests' projects, `mkdocs serve`) stay in one process: starting
workers and copying results back costs more than it saves below a few hundred files.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
MIN_ITEMS = 600
CHUNKS_PER_WORKER = 4  # a few chunks each, so a slow chunk does not leave a core idle
WORKERS_VARIABLE = "LOOPGUIDE_WORKERS"  # a number of processes instead of one per core (1: no workers)


def workers() -> int:
    """How many processes to use: 1 where forking is unsafe (other threads run) or unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    chosen = os.environ.get(WORKERS_VARIABLE, "")
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_chunks(work: Callable[[Sequence[Item], bool], list[Result]], items: Sequence[Item]) -> list[Result]:
    """`work(items, False)`, or the same results, in order, from `work(chunk, True)` in worker processes.

    The flag tells `work` that its results cross a process boundary, so it can make them cheap to copy.
    `work` must be a module-level function (or a functools.partial of one).
    """
    count = workers() if len(items) >= MIN_ITEMS else 1
    if count == 1:
        return work(items, False)
    size = math.ceil(len(items) / (count * CHUNKS_PER_WORKER))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        return [result for part in pool.map(work, chunks, [True] * len(chunks)) for result in part]
