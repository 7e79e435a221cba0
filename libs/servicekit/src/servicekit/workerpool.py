"""A process pool for CPU-bound work of a service, that leaves no stray stderr behind.

"spawn" (forking a process that runs gRPC threads is unsafe) makes multiprocessing use
named semaphores, registered with its resource tracker, a helper process writing to our
stderr. When the service is SIGKILLed the pool never unregisters them, and the tracker
unlinks them and says so with a plain-text warning ("resource_tracker: There appear to
be 5 leaked semaphore objects ..."): a non-JSON line in the service's log, which breaks
"every log line is JSON", and nothing to act on (the tracker has already cleaned up; the
kill itself shows as the restart). So the tracker is started here, before the pool
would start it, with that warning filtered out by its command line (`-W`, the only
channel into it: it is a fresh interpreter that runs no code of ours).
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import resource_tracker

from servicekit.procs import die_with_parent

# -W matches the start of the message; "resource_tracker" is all of it that has no ":".
QUIET_TRACKER = "ignore:resource_tracker:UserWarning"


def start_quiet_resource_tracker() -> None:
    # The tracker's command line carries sys.warnoptions; the pool's workers, spawned
    # later, get the restored list and warn as usual.
    saved = list(sys.warnoptions)
    sys.warnoptions.append(QUIET_TRACKER)
    try:
        resource_tracker.ensure_running()
    finally:
        sys.warnoptions[:] = saved


def process_pool(processes: int) -> ProcessPoolExecutor:
    """Spawned workers that die with the service, even when it is killed."""
    start_quiet_resource_tracker()
    return ProcessPoolExecutor(max_workers=processes,
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=die_with_parent)
