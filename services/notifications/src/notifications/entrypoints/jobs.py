"""Due rows of the notifications service, fired by servicekit.scheduler."""

from __future__ import annotations

from typing import Any

from servicekit.scheduler import DueJob
from servicekit.uow import UnitOfWork

from notifications.adapters.orm import delivery_jobs, digest_jobs
from notifications.service_layer import delivery_jobs as run
from notifications.service_layer.deps import Deps


def jobs(deps: Deps, *, interval_seconds: float) -> list[DueJob]:
    async def attempt(uow: UnitOfWork, row: Any) -> None:
        await run.attempt(deps, uow, row)

    async def digest(uow: UnitOfWork, row: Any) -> None:
        await run.digest(deps, uow, row)

    # Small batches: each attempt may wait on a slow endpoint inside the transaction.
    return [DueJob("notification-delivery", delivery_jobs, attempt, batch=10,
                   interval_seconds=interval_seconds),
            DueJob("notification-digest", digest_jobs, digest, batch=20,
                   interval_seconds=max(interval_seconds, 2.0))]
