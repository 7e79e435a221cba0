"""The rep's end-of-day log, its streak, and the habit reward it may earn (once).

The log of a day is written once (a retry or a second log the same day answers with the
first); an Idempotency-Key answers the log it made, and is refused for another text; the
reward row is unique per (user, kind, last day of the run), and its event goes
out in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from salesos.events.v1 import incentives_pb2 as ev
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.protos import timestamp as ts
from servicekit.scope import scope_for
from servicekit.uow import UnitOfWork
from servicekit.workcal.loader import report_fallbacks
from sqlalchemy import Row, or_, select
from sqlalchemy.dialects.postgresql import insert

from incentives.adapters.orm import daily_logs, rewards
from incentives.domain import periods, streaks
from incentives.domain.errors import InvalidField
from incentives.domain.periods import local_day
from incentives.domain.text import printable
from incentives.service_layer.deps import SOURCE, Deps
from incentives.service_layer.earnings import SEE_ALL, refuse_admins
from incentives.service_layer.pages import next_token, window
from incentives.service_layer.scores import bounds

LOG_ROLES = frozenset({"rep", "manager"})


def reward_reply(row: Row[Any]) -> pb.Reward:
    return pb.Reward(id=row.id, user_id=row.user_id, kind=row.kind, label=row.label,
                     amount_fen=row.amount_fen, granted_at=ts(row.granted_at),
                     streak_end=row.streak_end.isoformat())


async def submit(text: str, principal: Principal, deps: Deps, *,
                 key: str | None = None) -> pb.DailyLogReply:
    if principal.role not in LOG_ROLES:
        raise PermissionDenied("只有销售和经理提交工作日志")
    text = printable(text)
    if not text or len(text) > 5000:
        raise InvalidField("text", "日志内容不能为空，且不超过 5000 个字")
    policy, now = deps.habits, deps.clock()
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        year = local_day(now).year
        calendar = await deps.calendar.load(uow.session, year - 2, year)
        keyed = key and (await uow.session.execute(select(daily_logs).where(
            daily_logs.c.user_id == principal.user_id,
            daily_logs.c.idempotency_key == key))).first()
        if keyed:
            day = keyed.day
        else:
            day, on_time, workday = streaks.on_time(now, is_workday=calendar.is_workday,
                                                    policy=policy)
            await uow.session.execute(insert(daily_logs).values(
                user_id=principal.user_id, day=day, submitted_at=now, on_time=on_time,
                workday=workday, text=text, idempotency_key=key).on_conflict_do_nothing())
        stored = (await uow.session.execute(select(daily_logs).where(
            daily_logs.c.user_id == principal.user_id, daily_logs.c.day == day))).one()
        if key and stored.idempotency_key == key:  # the key's log: asked for the same text?
            check_same_request(stored=fingerprint(stored.text), arriving=fingerprint(text))
        recent = await uow.session.scalars(select(daily_logs.c.day).where(
            daily_logs.c.user_id == principal.user_id, daily_logs.c.on_time,
            daily_logs.c.day > day - timedelta(days=400)))
        length = streaks.streak(day, set(recent), is_workday=calendar.is_workday)
        reward = None
        if stored.on_time and streaks.earns(length, policy):
            reward = await _grant(uow, principal, day, policy, deps)
        await uow.commit()
    report_fallbacks(calendar, subject=f"daily log of {principal.username}")
    return pb.DailyLogReply(day=day.isoformat(), on_time=stored.on_time,
                            workday=stored.workday, streak=length, reward=reward,
                            submitted_at=ts(stored.submitted_at),
                            cutoff=policy.cutoff.strftime("%H:%M"))


async def _grant(uow: UnitOfWork, principal: Principal, day: date, policy: streaks.Policy,
                 deps: Deps) -> pb.Reward:
    reward_id, now = str(uuid.uuid4()), deps.clock()
    region = principal.region_ids[0] if principal.region_ids else ""
    inserted = await uow.session.execute(insert(rewards).values(
        id=reward_id, user_id=principal.user_id, region_id=region, kind=policy.kind,
        label=policy.reward_label, amount_fen=policy.reward_fen, granted_at=now,
        streak_end=day).on_conflict_do_nothing().returning(rewards.c.id))
    if inserted.first() is not None:
        uow.publish(ev.RewardGranted(reward_id=reward_id, user_id=principal.user_id,
                                     kind=policy.kind, label=policy.reward_label,
                                     amount_fen=policy.reward_fen, granted_at=ts(now)),
                    type="incentives.reward_granted", aggregate_id=reward_id)
    row = (await uow.session.execute(select(rewards).where(
        rewards.c.user_id == principal.user_id, rewards.c.kind == policy.kind,
        rewards.c.streak_end == day))).one()
    return reward_reply(row)


async def list_rewards(request: pb.ListRewardsRequest, principal: Principal,
                       deps: Deps) -> pb.ListRewardsResponse:
    """Own rewards; finance and director all; a manager also their regions'; admins none
    (earnings.py). `period`: granted in that month or week, Shanghai time (finance pays
    by month)."""
    refuse_admins(principal)
    query = select(rewards).order_by(rewards.c.granted_at.desc(), rewards.c.id)
    if request.user_id:
        query = query.where(rewards.c.user_id == request.user_id)
    if request.period:
        start, end = bounds(periods.parse(request.period))
        query = query.where(rewards.c.granted_at >= start, rewards.c.granted_at < end)
    if principal.role not in SEE_ALL:
        scope = scope_for(role=principal.role, user_id=principal.user_id,
                          region_ids=principal.region_ids)
        query = query.where(or_(rewards.c.user_id == principal.user_id,
                                rewards.c.region_id.in_(scope.region_ids)))
    # One page from the database: every page read the whole history before (an export of
    # 10,000 rewards read it 50 times).
    start, size = window(token=request.page_token, size=request.page_size)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        rows = (await uow.session.execute(query.offset(start).limit(size + 1))).all()
    return pb.ListRewardsResponse(rewards=[reward_reply(r) for r in rows[:size]],
                                  next_page_token=next_token(start, size,
                                                             more=len(rows) > size))
