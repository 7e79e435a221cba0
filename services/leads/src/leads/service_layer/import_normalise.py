"""Import rows normalised in a separate process, so the service's event loop and GIL stay
free for the batch writes, the assigner, the relay and gRPC.

Lead.create costs tens of microseconds a row (text folding, phone/email checks, company
key, score); 100k rows of it in a thread of the service held the GIL for seconds, which
the event loop (and with it the writes and every other RPC) waited on. A worker process
created lazily ("spawn": forking a process that runs gRPC threads is unsafe) does it;
only the leads and the failed rows' values travel back.
`SALESOS_IMPORT_PROCESSES` (default 1; 0 = in a thread, as before) sizes the pool: on a
two-core machine a second worker only competes with PostgreSQL and the service.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import datetime

from servicekit.ids import uuid7_texts
from servicekit.workerpool import process_pool

from leads.domain import lead_wire
from leads.domain.import_rows import lead_from_row

# number, values, lead, reason (a lead with a reason: imported without the cells it names)
Row = tuple[int, list[str], lead_wire.LeadView | None, str]
# What crosses the process boundary: the lead as a flat tuple (domain/lead_wire.py).
_WireRow = tuple[int, list[str], tuple[object, ...] | None, str]
_pool: ProcessPoolExecutor | None = None


def normalise_rows(rows: Sequence[list[str]], columns: dict[int, str],
                   numbers: Sequence[int], now: datetime) -> list[_WireRow]:
    """Each row's lead (flattened), or the reason it failed (the values are kept only for
    those); `numbers`: each row's number in the file, as Excel shows it."""
    out: list[_WireRow] = []
    ids = uuid7_texts(len(rows))
    for offset, values in enumerate(rows):
        result = lead_from_row(values, columns, lead_id=ids[offset], now=now)
        lead = lead_wire.flatten(result.lead) if result.lead else None
        # A failed or warned row keeps its values for errors.xlsx.
        kept = values if result.lead is None or result.warned else []
        out.append((numbers[offset], kept, lead, result.reason))
    return out


def _executor() -> Executor | None:
    global _pool
    processes = int(os.environ.get("SALESOS_IMPORT_PROCESSES", "1"))
    if processes <= 0:
        return None  # the loop's default thread pool
    if _pool is None:
        # The worker goes when the service goes, even when the service was killed, and
        # leaves no plain-text warning in the log then (servicekit.workerpool).
        _pool = process_pool(processes)
    return _pool


async def normalise(rows: Sequence[list[str]], columns: dict[int, str],
                    numbers: Sequence[int], now: datetime) -> list[Row]:
    loop = asyncio.get_running_loop()
    wire = await loop.run_in_executor(_executor(), normalise_rows, rows, columns, numbers,
                                      now)
    return [(n, values, lead_wire.view(lead) if lead is not None else None, reason)
            for n, values, lead, reason in wire]


def shutdown() -> None:
    """Stops the worker process (service shutdown)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool = None
