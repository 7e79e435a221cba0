"""The demo company's history: a year of facts and one finished experiment (service token
only; `python -m gateway seed` calls it after seeding the people). Idempotent."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.uow import UnitOfWork
from sqlalchemy import select

from incentives.adapters import experiment_repo, fact_repo
from incentives.adapters.experiment_repo import Stored, Unit
from incentives.adapters.orm import experiments, facts
from incentives.domain import experiments as x
from incentives.domain.demo_history import history
from incentives.domain.periods import local_day
from incentives.service_layer.deps import SOURCE, Deps

DEMO_EXPERIMENT = "2026 年第三季度 提成方案 A/B 对照"
DEMO_SEED = 2026


async def seed(request: pb.SeedDemoRequest, principal: Principal, deps: Deps) -> pb.SeedDemoReply:
    if principal.role != "service":
        raise PermissionDenied("只有系统可以写入演示数据")
    today = date.fromisoformat(request.today) if request.today else local_day(deps.clock())
    reps = {u.id: u.region_id for u in request.users if u.role == "rep"}
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if await uow.session.scalar(select(facts.c.event_id).where(
                facts.c.event_id == "demo-0")) is not None:
            found = await uow.session.scalar(select(experiments.c.id).where(
                experiments.c.name == DEMO_EXPERIMENT))
            return pb.SeedDemoReply(already=True, experiment_id=found or "")
        # The trial ran for the last full quarter before the demo's "today".
        ends = today - timedelta(days=14)
        starts = ends - timedelta(days=90)
        arms = x.assign(reps, DEMO_SEED)
        arm_b = {a.unit_id for a in arms if a.arm == x.B}
        made = history(sorted(reps.items()), today, arm_b, (starts, ends))
        await fact_repo.append(uow.session, made)
        stored = Stored(str(uuid.uuid4()), DEMO_EXPERIMENT, "rep", DEMO_SEED, starts, ends,
                        "demo", deps.clock(),
                        tuple(Unit(a.unit_id, a.arm, a.region_id, (a.unit_id,)) for a in arms))
        await experiment_repo.add(uow.session, stored, "demo")
        await uow.commit()
    return pb.SeedDemoReply(facts=len(made), experiment_id=stored.id)
