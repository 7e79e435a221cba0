"""The background loop that runs import jobs, beside the gRPC server in the leads process."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from servicekit.db import is_unavailable

from leads.service_layer import import_jobs, import_normalise
from leads.service_layer.handlers import Deps

log = logging.getLogger(__name__)


async def run(deps: Deps, stop: asyncio.Event, *, idle_seconds: float = 0.5) -> None:
    """Claims jobs until none is left, then polls. A failing job (database down) is left
    to its lease: it is claimed again once the lease runs out. On `stop` the job in hand
    is handed back after its batch in flight, for the next process to resume at once.
    The database down is said once per outage, as a warning: polling it every half
    second is no news."""
    database_down = False
    try:
        while not stop.is_set():
            try:
                ran = await import_jobs.run_next(deps, stop)
                database_down = False
            except Exception as error:
                if not is_unavailable(error):
                    log.exception("import job failed; it will be retried after its lease")
                elif not database_down:
                    log.warning("database unavailable, imports wait for it: %s", error)
                database_down = is_unavailable(error)
                ran = False
            if not ran:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), idle_seconds)
    finally:
        import_normalise.shutdown()
