"""The background loop that runs import jobs, beside the gRPC server in the leads process."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from leads.service_layer import import_normalise, imports
from leads.service_layer.handlers import Deps

log = logging.getLogger(__name__)


async def run(deps: Deps, stop: asyncio.Event, *, idle_seconds: float = 0.5) -> None:
    """Claims jobs until none is left, then polls. A failing job (database down) is left
    to its lease: it is claimed again once the lease runs out."""
    try:
        while not stop.is_set():
            try:
                ran = await imports.run_next(deps)
            except Exception:
                log.exception("import job failed; it will be retried after its lease")
                ran = False
            if not ran:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), idle_seconds)
    finally:
        import_normalise.shutdown()
