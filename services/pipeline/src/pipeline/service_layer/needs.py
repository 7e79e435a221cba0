"""The structured needs record: read it, save it (pipeline.needs_recorded)."""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import Stale
from servicekit.uow import UnitOfWork

from pipeline.adapters import needs_repo
from pipeline.domain import stages
from pipeline.domain.errors import TransitionRefused
from pipeline.domain.needs import Needs, NeedsRecord, validated
from pipeline.service_layer import field_messages
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.working import _visible, _workable


async def get_needs(opportunity_id: str, principal: Principal, deps: Deps) -> NeedsRecord:
    async with deps.sessions() as session:
        opp = await _visible(session, opportunity_id, principal, deps)
        return await needs_repo.get(session, opportunity_id=opp.id)


async def put_needs(opportunity_id: str, draft: Needs, principal: Principal,
                    deps: Deps, *, expected_version: int | None = None) -> NeedsRecord:
    """Replaces the record (a PUT); the same content again changes nothing and emits
    nothing, so a retried request is harmless. With `expected_version` (the version the
    caller read) a record someone else saved meanwhile is not overwritten: Stale."""
    needs = validated(draft)  # InvalidField before anything is read or written
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp = await _workable(uow, opportunity_id, principal, deps)  # row lock: versions in order
        if opp.status != stages.OPEN:  # why it was won or lost stays as it was recorded
            closed = stages.DEFAULT_LABELS[opp.status]
            raise TransitionRefused(f"商机已{closed}，不能再修改需求记录")
        current = await needs_repo.get(uow.session, opportunity_id=opp.id)
        if current.version and current.needs == needs:
            return current  # before the version check: a retry of a save that went through
        if expected_version is not None and expected_version != current.version:
            raise Stale(f"需求记录在您读取之后已被修改（现为第 {current.version} 版），"
                        "请刷新后再保存")
        record = NeedsRecord(opp.id, needs, current.version + 1, principal.user_id,
                             deps.clock())
        await needs_repo.save(uow.session, record)
        field_messages.publish_needs_recorded(uow, record, opp)
        await uow.commit()
        return record
