"""Admins' yearly working-calendar schedules (the leads service keeps the calendar the
admin API edits; the rules and repository are shared in servicekit.workcal)."""

from __future__ import annotations

import logging

from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.uow import UnitOfWork
from servicekit.workcal import repo, sync, year
from servicekit.workcal.year import ADMIN, Schedule
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leads.adapters.clock_orm import calendar_days

log = logging.getLogger(__name__)


def _require_admin(principal: Principal) -> None:
    if principal.role != "admin":
        raise PermissionDenied("只有管理员可以维护工作日历")


async def put_year(schedule: Schedule, principal: Principal,
                   sessions: async_sessionmaker[AsyncSession]) -> Schedule:
    """Replaces a year's schedule with the one the admin entered (PUT semantics)."""
    _require_admin(principal)
    async with UnitOfWork(sessions, source="leads") as uow:
        await repo.replace_year(uow.session, calendar_days, schedule.year, schedule.days(),
                                source=ADMIN)
        # Other services' clocks keep their own copy of the calendar in step from this.
        uow.publish(sync.to_event(schedule, set_by=principal.user_id), type=sync.SUBJECT,
                    aggregate_id=str(schedule.year))
        await uow.commit()
    log.info("working calendar %d set by %s", schedule.year, principal.username)
    return await get_year(schedule.year, principal, sessions)


async def get_year(number: int, principal: Principal,
                   sessions: async_sessionmaker[AsyncSession]) -> Schedule:
    _require_admin(principal)
    year.check_year(number)
    async with sessions() as session:
        days, source = await repo.year_days(session, calendar_days, number)
    return year.from_days(number, days, source or "none")
