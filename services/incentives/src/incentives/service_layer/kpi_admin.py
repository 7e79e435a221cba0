"""Reading KPI definitions (everyone) and changing them (admins, from the next period)."""

from __future__ import annotations

from datetime import date

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork

from incentives.adapters import kpi_repo
from incentives.domain import kpis as k
from incentives.domain.errors import InvalidField
from incentives.domain.periods import check_day, local_day, next_period_start
from incentives.service_layer.deps import SOURCE, Deps


def reply(current: kpi_repo.KpiVersion, newest: kpi_repo.KpiVersion) -> pb.KpiSet:
    out = pb.KpiSet(version=current.version, effective_from=current.effective_from.isoformat(),
                    created_at=ts(current.created_at), created_by=current.created_by,
                    kpis=[pb.Kpi(id=x.id, role=x.role, label=x.label, weight_pct=x.weight_pct,
                                 target=x.target, unit=x.unit, kind=x.kind)
                          for x in current.kpis])
    if newest.version != current.version:
        out.pending_version = newest.version
        out.pending_effective_from = newest.effective_from.isoformat()
    return out


async def list_kpis(on: str, deps: Deps) -> pb.KpiSet:
    try:
        day = date.fromisoformat(on) if on else local_day(deps.clock())
    except ValueError as error:
        raise InvalidField("on", "日期格式应为 2026-11-27") from error
    check_day(day, field="on")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await kpi_repo.ensure_default(uow.session, deps.clock())
        current = await kpi_repo.in_force(uow.session, day)
        newest = await kpi_repo.newest(uow.session)
        await uow.commit()
    return reply(current, newest)


async def put_kpi(request: pb.PutKpiRequest, principal: Principal, deps: Deps) -> pb.KpiSet:
    """A new version of the whole set, in force from the 1st of next month; a pending
    (not yet in force) version is the base, so two edits in one month both apply."""
    if principal.role != "admin":
        raise PermissionDenied("只有管理员可以修改考核指标")
    now = deps.clock()
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await kpi_repo.ensure_default(uow.session, now)
        base = await kpi_repo.newest(uow.session)
        updated = k.changed(base.kpis, request.id, weight_pct=request.weight_pct,
                            target=request.target, label=request.label,
                            other_weights=dict(request.other_weights))
        if updated != base.kpis:
            await kpi_repo.add(uow.session, kpis=updated, created_by=principal.user_id,
                               effective_from=next_period_start(local_day(now)), now=now)
        current = await kpi_repo.in_force(uow.session, local_day(now))
        newest = await kpi_repo.newest(uow.session)
        await uow.commit()
    return reply(current, newest)
