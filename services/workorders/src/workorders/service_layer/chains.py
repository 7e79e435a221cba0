"""Escalation chains per department: anyone may read one; the director or an admin
changes it (PUT semantics). Orders opened afterwards follow the new chain."""

from __future__ import annotations

from collections.abc import Sequence

from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import PermissionDenied

from workorders.adapters import chains_repo
from workorders.domain import chain as chain_rules
from workorders.domain.access import OVERSEERS, Actor
from workorders.domain.chain import Chain, Level
from workorders.service_layer import departments, messages
from workorders.service_layer.deps import Deps
from workorders.service_layer.errors import domain_errors


def _reply(found: Chain, by: str, at: object) -> pb.EscalationChain:
    return pb.EscalationChain(
        department=found.department, response_hours=found.response_hours,
        levels=[pb.EscalationLevel(level=x.level, after_hours=x.after_hours)
                for x in found.levels],
        updated_by=by, updated_at=messages.ts(at))  # type: ignore[arg-type]


async def _known(department: str, deps: Deps) -> str:
    return (await departments.known(department, deps)).code


async def get(department: str, deps: Deps) -> pb.EscalationChain:
    code = await _known(department, deps)
    async with deps.sessions() as session:
        return _reply(*await chains_repo.get(session, code))


async def put(department: str, response_hours: float, levels: Sequence[Level], actor: Actor,
              deps: Deps) -> pb.EscalationChain:
    if actor.role not in OVERSEERS:
        raise PermissionDenied("只有总监或管理员可以修改升级链")
    code = await _known(department, deps)
    with domain_errors():
        found = chain_rules.chain(code, response_hours, levels)
    now = deps.clock()
    async with deps.sessions() as session:
        await chains_repo.put(session, found, by=actor.user_id, at=now)
        await session.commit()
    return _reply(found, actor.user_id, now)
