"""A rep's assignment settings: capacity and daily cap (admin), away (rep or manager)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from servicekit.auth import Principal
from servicekit.errors import FieldError, NotFound, PermissionDenied
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import teams_repo
from leads.adapters.clients import OrgUser
from leads.domain.assignment_access import may_edit_rules, may_set_availability
from leads.domain.teams import MAX_CAPACITY, MAX_DAILY_CAP, RepSettings, shanghai_day
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.rules_admin import DirectoryUnavailable


@dataclass(frozen=True)
class RepView:
    settings: RepSettings
    assigned_today: int


async def _rep(user_id: str, deps: Deps) -> OrgUser:
    try:
        user = await deps.org.get_user(user_id)
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用") from error
    if user is None or user.role != "rep":
        raise NotFound("销售不存在")
    return user


async def _view(deps: Deps, user_id: str) -> RepView:
    async with deps.sessions() as session:
        found = await teams_repo.settings_of(session, user_ids=[user_id])
        counts = await teams_repo.counts_on(session, user_ids=[user_id],
                                            day=shanghai_day(deps.clock()))
    return RepView(found.get(user_id, RepSettings(user_id)), counts.get(user_id, 0))


async def set_assignment_settings(user_id: str, *, capacity: int, daily_cap: int | None,
                                  principal: Principal, deps: Deps) -> RepView:
    if not may_edit_rules(principal.role):
        raise PermissionDenied("只有管理员可以设置销售的分配权重和上限")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise FieldError("capacity", f"权重须在 1 到 {MAX_CAPACITY} 之间")
    if daily_cap is not None and not 0 <= daily_cap <= MAX_DAILY_CAP:
        raise FieldError("daily_cap", f"每日上限须在 0 到 {MAX_DAILY_CAP} 之间")
    await _rep(user_id, deps)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await teams_repo.save_settings(uow.session, user_id=user_id, by=principal.user_id,
                                       capacity=capacity, daily_cap=daily_cap)
        await uow.commit()
    return await _view(deps, user_id)


async def set_availability(user_id: str, *, away: bool, until: datetime | None,
                           principal: Principal, deps: Deps) -> RepView:
    """Away reps get no new leads until `until` (or until set back); their leads stay."""
    rep = await _rep(user_id, deps)
    if not may_set_availability(role=principal.role, user_id=principal.user_id,
                                region_ids=principal.region_ids, rep_id=rep.id,
                                rep_region_id=rep.region_id, rep_manager_id=rep.manager_id):
        raise PermissionDenied("只有本人或其经理可以设置休假状态")
    if away and until is not None and until <= deps.clock():
        raise FieldError("until", "结束时间须晚于现在")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await teams_repo.save_settings(uow.session, user_id=user_id, by=principal.user_id,
                                       away=away, away_until=until if away else None)
        await uow.commit()
    return await _view(deps, user_id)
