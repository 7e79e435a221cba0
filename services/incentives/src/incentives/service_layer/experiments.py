"""Creating A/B experiments of the pay schemes (admin, director), listing them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select

from incentives.adapters import experiment_repo
from incentives.adapters.experiment_repo import Stored, Unit
from incentives.adapters.org import Member
from incentives.domain import experiments as x
from incentives.domain.errors import InvalidField
from incentives.domain.periods import local_day
from incentives.domain.text import printable
from incentives.service_layer.deps import SOURCE, Deps
from incentives.service_layer.pages import page

RUNNERS = frozenset({"admin", "director"})


def reply(e: Stored, deps: Deps) -> pb.Experiment:
    status = x.Window(e.starts_on, e.ends_on).status(local_day(deps.clock()))
    return pb.Experiment(id=e.id, name=e.name, unit=e.unit, seed=e.seed,
                         starts_on=e.starts_on.isoformat(), ends_on=e.ends_on.isoformat(),
                         status=status, created_at=ts(e.created_at), created_by=e.created_by,
                         units=[pb.ArmUnit(unit_id=u.unit_id, arm=u.arm, region_id=u.region_id)
                                for u in e.units])


def candidates(unit: str, reps: list[Member]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Unit id → region, and unit id → its reps (a rep is its own unit)."""
    if unit == "rep":
        return {m.id: m.region_id for m in reps}, {m.id: [m.id] for m in reps}
    members: dict[str, list[str]] = defaultdict(list)
    regions: dict[str, str] = {}
    for m in reps:
        if m.team_id:
            members[m.team_id].append(m.id)
            regions.setdefault(m.team_id, m.region_id)
    return regions, dict(members)


async def create(request: pb.CreateExperimentRequest, principal: Principal,
                 deps: Deps) -> pb.Experiment:
    if principal.role not in RUNNERS and principal.role != "service":
        raise PermissionDenied("只有总监或管理员可以发起实验")
    name = printable(request.name)
    if not name or len(name) > 100:
        raise InvalidField("name", "实验名称不能为空，且不超过 100 个字")
    unit = x.check_unit_kind(request.unit or "rep")
    window = x.window(request.starts_on, request.ends_on)
    regions, members = candidates(unit, await deps.org.reps())
    chosen = list(request.unit_ids) or sorted(regions)
    if len(set(chosen)) != len(chosen):
        raise InvalidField("unit_ids", "分组单位有重复")
    unknown = [u for u in chosen if u not in regions]
    if unknown:
        raise InvalidField("unit_ids", f"找不到这些单位：{', '.join(unknown[:5])}")
    if request.arm_a or request.arm_b:
        for field, ids in (("arm_a", request.arm_a), ("arm_b", request.arm_b)):
            if missing := [u for u in ids if u not in regions]:
                raise InvalidField(field, f"找不到这些单位：{', '.join(missing[:5])}")
        arms = x.explicit(request.arm_a, request.arm_b, regions)
    else:
        arms = x.assign({u: regions[u] for u in chosen}, request.seed)
    if len(arms) < 2:
        raise InvalidField("unit_ids", "至少需要两个单位才能分成 A、B 两组")
    key = request.idempotency_key or None
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await uow.session.execute(select(func.pg_advisory_xact_lock(0x455850)))
        if key and (same := await experiment_repo.by_key(uow.session, principal.user_id, key)):
            # another trial under a used key: answering the first one lost it silently
            check_same_request(
                stored=_trial(same.name, same.unit, same.seed, same.starts_on, same.ends_on,
                              ((u.unit_id, u.arm) for u in same.units)),
                arriving=_trial(name, unit, request.seed, window.starts_on, window.ends_on,
                                ((a.unit_id, a.arm) for a in arms)))
            return reply(same, deps)
        # Results, exports and the overlap refusal name trials by name: two alike were
        # told apart by their dates only.
        if await experiment_repo.named(uow.session, name):
            raise InvalidField("name", f"已有名为「{name}」的实验，请换一个名称")
        busy = {rid: e.name for e in await experiment_repo.meeting(
            uow.session, window.starts_on, window.ends_on) for u in e.units for rid in u.rep_ids}
        x.check_no_overlap((r for a in arms for r in members[a.unit_id]), busy)
        stored = Stored(str(uuid.uuid4()), name, unit, request.seed, window.starts_on,
                        window.ends_on, principal.user_id, deps.clock(),
                        tuple(Unit(a.unit_id, a.arm, a.region_id, tuple(members[a.unit_id]))
                              for a in arms))
        await experiment_repo.add(uow.session, stored, key)
        await uow.commit()
    return reply(stored, deps)


def _trial(name: str, unit: str, seed: int, starts_on: date, ends_on: date,
           arms: Iterable[tuple[str, str]]) -> str:
    """What a keyed creation asked for; the arms as a set (their order is not asked)."""
    return fingerprint(name, unit, seed, starts_on, ends_on, sorted(arms))


async def list_(request: pb.ListExperimentsRequest, principal: Principal,
                deps: Deps) -> pb.ListExperimentsResponse:
    if principal.role not in RUNNERS | {"finance", "manager", "service"}:
        raise PermissionDenied("无权查看薪酬实验")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        found = await experiment_repo.all_(uow.session)
    chunk, cursor = page(found, token=request.page_token, size=request.page_size)
    return pb.ListExperimentsResponse(experiments=[reply(e, deps) for e in chunk],
                                      next_page_token=cursor)
