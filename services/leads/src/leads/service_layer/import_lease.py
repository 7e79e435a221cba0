"""A running import's claim: a heartbeat keeps it, every write of the job is fenced by it.

The claim's `lease_until` is its token. A heartbeat renews it every HEARTBEAT (a few
seconds) for a short LEASE, so when the process dies, another worker (or the restarted
process) claims the job as soon as the lease runs out, not a minute later. Two live
workers never write for the same job: each batch (and the end of the job) first locks the
job's row where `lease_until` is still this claim's token; a worker whose heartbeat was
silent too long finds another claim's token there, rolls back and gives up (LeaseLost).
A lock in this process orders the heartbeat and that check, so a renewal is never taken
for another worker's claim.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import datetime

from servicekit.db import is_unavailable
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leads.adapters import imports_repository as repo

log = logging.getLogger(__name__)
# Who holds a claim, in the job's row (`imports.worker`, beside `lease_until`) and in its
# log lines: the host (in Kubernetes, the pod) and the pid say whose logs to read; the
# random part tells a restarted process apart from one that had the same pid.
WORKER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:4]}"


def log_fields(import_id: uuid.UUID, lease_until: datetime | None) -> dict[str, str]:
    """The JSON log fields an operator finds a job's lines by (servicekit.logs)."""
    return {"import_id": str(import_id), "worker": WORKER,
            "lease_until": lease_until.isoformat() if lease_until else ""}


class LeaseLost(Exception):
    """Another worker claimed the job after this one's lease ran out."""


class Lease:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], import_id: uuid.UUID,
                 token: datetime) -> None:
        self._sessions, self.import_id, self.token = sessions, import_id, token
        self._lock = asyncio.Lock()
        self.lost = False

    async def hold(self, session: AsyncSession) -> None:
        """In a transaction of the job: locks its row while the claim is still ours."""
        async with self._lock:
            if self.lost or not await repo.hold(session, import_id=self.import_id,
                                                token=self.token):
                self.lost = True
                raise LeaseLost(str(self.import_id))

    async def renew(self) -> None:
        async with self._lock, self._sessions() as session, session.begin():
            token = await repo.renew(session, import_id=self.import_id, token=self.token)
        if token is None:
            self.lost = True
            log.warning("import %s: worker %s lost its claim", self.import_id, WORKER,
                        extra=log_fields(self.import_id, self.token))
        else:
            self.token = token

    async def release(self) -> None:
        async with self._lock, self._sessions() as session, session.begin():
            await repo.release(session, import_id=self.import_id, token=self.token)

    async def _beat(self) -> None:
        while not self.lost:
            await asyncio.sleep(repo.HEARTBEAT.total_seconds())
            try:
                await self.renew()
            except Exception as error:  # the next beat tries again; the fence stays
                if not is_unavailable(error):
                    log.exception("import %s: heartbeat failed", self.import_id)

    @contextlib.asynccontextmanager
    async def kept(self) -> AsyncIterator[Lease]:
        """The heartbeat runs while the block does."""
        beat = asyncio.create_task(self._beat())
        try:
            yield self
        finally:
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
