"""Work spread over one process a CPU, by ``fork``.

Only on Linux, only with two CPUs or more, and only from a process without other threads
(forking a process with threads can leave a lock held forever in the child). Elsewhere, or
when no process can be made at all, the caller does the work itself.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_processes(work: Callable[[list[T]], list[R]], items: Sequence[T]) -> list[R] | None:
    """``work`` done on ``items`` by one process a CPU, a batch at a time, with the results in
    the order of the items; ``None`` when it cannot be done elsewhere (see above)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cpus < 2 or sys.platform != "linux" or threading.active_count() > 1:
        return None
    # Imported here: most runs work in one process, and the pool's modules cost 10 ms.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, len(items) // (cpus * 4))
    batches = [list(items[start:start + size]) for start in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(cpus, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for done in pool.map(work, batches) for result in done]
    except (BrokenProcessPool, OSError, ImportError):  # no processes here (no sem_open)
        return None
