"""The demo company's history: a year of facts and one finished experiment (service token
only; `python -m gateway seed` calls it after seeding the people). Idempotent."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.uow import UnitOfWork
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from incentives.adapters import experiment_repo, fact_repo
from incentives.adapters.experiment_repo import Stored, Unit
from incentives.adapters.orm import daily_logs, experiments, facts, rewards
from incentives.domain import experiments as x
from incentives.domain.demo_history import MADE_HERE, history, streak_rewards
from incentives.domain.demo_history import daily_logs as demo_logs
from incentives.domain.periods import SHANGHAI, local_day
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
            # A demo seeded before the deals' facts came from the pipeline's history
            # drops what this generator made of deals then: they would count twice.
            await uow.session.execute(delete(facts).where(
                facts.c.event_id.like("demo-%"), facts.c.kind.not_in(MADE_HERE)))
            await uow.commit()
            return pb.SeedDemoReply(already=True, experiment_id=found or "")
        # The trial ran for the last full quarter before the demo's "today".
        ends = today - timedelta(days=14)
        starts = ends - timedelta(days=90)
        arms = x.assign(reps, DEMO_SEED)
        arm_b = {a.unit_id for a in arms if a.arm == x.B}
        made = history(sorted(reps.items()), today, arm_b, (starts, ends))
        await fact_repo.append(uow.session, made)
        await _habits(uow, reps, today, deps)
        stored = Stored(str(uuid.uuid4()), DEMO_EXPERIMENT, "rep", DEMO_SEED, starts, ends,
                        "demo", deps.clock(),
                        tuple(Unit(a.unit_id, a.arm, a.region_id, (a.unit_id,)) for a in arms))
        await experiment_repo.add(uow.session, stored, "demo")
        await uow.commit()
    return pb.SeedDemoReply(facts=len(made), experiment_id=stored.id)


async def _habits(uow: UnitOfWork, reps: dict[str, str], today: date, deps: Deps) -> None:
    """A year of daily logs and the streak rewards they earned, recorded without events:
    the demo's past is not news to notify anyone of."""
    calendar = await deps.calendar.load(uow.session, today.year - 1, today.year)
    policy = deps.habits
    logs = demo_logs(list(reps), today, is_workday=calendar.is_workday, cutoff=policy.cutoff)
    rows = [{"user_id": g.user_id, "day": g.day, "submitted_at": g.submitted_at,
             "on_time": g.on_time, "workday": True, "text": "（演示）今日拜访客户、跟进报价"}
            for g in logs]
    for start in range(0, len(rows), 1000):
        await uow.session.execute(insert(daily_logs).values(rows[start:start + 1000])
                                  .on_conflict_do_nothing())
    earned = streak_rewards(logs, today, is_workday=calendar.is_workday, length=policy.length)
    if earned:
        await uow.session.execute(insert(rewards).values([{
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-reward:{user}:{day}")),
            "user_id": user, "region_id": reps[user], "kind": policy.kind,
            "label": policy.reward_label, "amount_fen": policy.reward_fen,
            "granted_at": datetime.combine(day, time(21, 30), SHANGHAI), "streak_end": day}
            for user, day in earned]).on_conflict_do_nothing())
