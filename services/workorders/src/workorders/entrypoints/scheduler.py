"""The clock job: response/delivery escalations and daily-progress reminders."""

from __future__ import annotations

from typing import Any

from servicekit.scheduler import DueJob
from servicekit.uow import UnitOfWork

from workorders.adapters.orm import deadlines
from workorders.service_layer import clocks
from workorders.service_layer.deps import Deps


def clock_job(deps: Deps, *, interval_seconds: float = 1.0) -> DueJob:
    async def handle(uow: UnitOfWork, row: Any) -> None:
        await clocks.fire(uow, row, deps)

    return DueJob(name="workorders-clocks", table=deadlines, handler=handle,
                  interval_seconds=interval_seconds)
