"""CPython's cyclic collector held back while an import's batches flow.

Each batch keeps tens of thousands of container objects alive for about a second (the
rows read, their leads, events, envelopes, staged records). They survive the young
collections, so the collector soon runs full collections, and each of those walks
every object of the service's heap (gRPC, SQLAlchemy, protobuf, the caches): measured
in the leads process, ~100 us of CPU per imported row went to full collections alone,
a third of the import's cost there. Reference counting frees a batch's objects when the
batch is done either way; the collector only finds cycles.

While at least one import is inside `paused()`, automatic collection is off and each
`young()` (once per batch) collects the two young generations instead: cycles made
meanwhile, by the import or by anything else the process does, are still freed batch by
batch, and only the rare cycle that outlives a batch waits for the import's end, when the
collector's own schedule resumes. A batch stalled on a frozen database holds the pause
as long as it stalls (the process then does little else that allocates). Nothing here
changes what is stored or sent.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_holders = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Automatic collection off until the last holder leaves (jobs may overlap in tests)."""
    global _holders, _was_enabled
    if _holders == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _holders += 1
    try:
        yield
    finally:
        _holders -= 1
        if _holders == 0 and _was_enabled:
            gc.enable()


def young() -> None:
    """Collects the young generations (objects made since the last one that are still
    alive: mostly the batch in flight), never the whole heap."""
    if _holders:
        gc.collect(1)
