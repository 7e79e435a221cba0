"""Merging two leads by hand, undoing it, and reading a lead's history.

A merge marks the other lead `merged_into` the survivor and records who and when; no
field or touch is moved, so the undo is exact: it clears the mark and stamps the merge
row undone. Later arrivals matching the merged lead are recorded on the survivor. The
merged lead's first-contact deadlines are skipped while it is merged; if one fell due
meanwhile, the undo starts it a fresh clock (clock_batch.restart_after_merge).
Managers merge leads of their regions; directors and admins any; a lead the caller
cannot read is NOT_FOUND, as everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.auth import Principal
from servicekit.errors import Conflict, NotFound, PermissionDenied
from servicekit.uow import UnitOfWork
from uuid6 import uuid7

from leads.adapters import dedupe_repository as dedupe_repo
from leads.adapters import repository
from leads.domain.history import MERGE_ROLES, Merge, MergeConflict, Touch, check_merge
from leads.domain.model import Lead
from leads.service_layer import reading
from leads.service_layer.clock_batch import restart_after_merge
from leads.service_layer.handlers import SOURCE, Deps


@dataclass(frozen=True)
class History:
    touches: list[Touch]
    merges: list[Merge]


async def _lock_pair(uow: UnitOfWork, a: str, b: str, principal: Principal,
                     deps: Deps) -> tuple[Lead, Lead]:
    # Locked in id order, so two merges of the same pair never deadlock.
    locked = {}
    for lead_id in sorted({a, b}):
        locked[lead_id] = await reading.readable(
            await repository.get(uow.session, lead_id=lead_id, for_update=True), principal, deps)
    return locked[a], locked[b]


def _may_merge(principal: Principal) -> None:
    if principal.role not in MERGE_ROLES:
        raise PermissionDenied("只有区域经理、总监或管理员可以合并线索")


def _event(kind: type, merge: Merge, by: str) -> object:
    return kind(merge_id=merge.id, survivor_id=merge.survivor_id, merged_id=merge.merged_id,
                by_user_id=by)


async def merge_leads(lead_id: str, other_id: str, principal: Principal, deps: Deps) -> Merge:
    _may_merge(principal)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        survivor, other = await _lock_pair(uow, lead_id, other_id, principal, deps)
        current = await dedupe_repo.active_merge(uow.session, merged_id=other.id)
        if current is not None and current.survivor_id == survivor.id:
            return current  # the same merge asked again: the same answer
        try:
            check_merge(survivor_id=survivor.id, survivor_merged_into=survivor.merged_into,
                        other_id=other.id, other_merged_into=other.merged_into,
                        other_status=other.status)
        except MergeConflict as error:
            raise Conflict(str(error)) from error
        merge = Merge(id=str(uuid7()), survivor_id=survivor.id, merged_id=other.id,
                      merged_by=principal.user_id, merged_at=deps.clock())
        await dedupe_repo.add_merge(uow.session, merge=merge)
        uow.publish(_event(events_pb2.LeadsMerged, merge, principal.user_id),
                    type="leads.merged", aggregate_id=survivor.id)
        await uow.commit()
    return merge


async def unmerge_leads(lead_id: str, merge_id: str, principal: Principal, deps: Deps) -> Merge:
    _may_merge(principal)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        merge = await dedupe_repo.get_merge(uow.session, merge_id=merge_id, for_update=True)
        # Either lead: the merged one lists the merge too (history), and is where a
        # manager who followed an old link finds it.
        if merge is None or lead_id not in (merge.survivor_id, merge.merged_id):
            raise NotFound("合并记录不存在")
        _, merged = await _lock_pair(uow, merge.survivor_id, merge.merged_id, principal,
                                     deps)
        if not merge.active:
            return merge  # already undone: undoing again changes nothing
        undone = Merge(**{**merge.__dict__, "undone_by": principal.user_id,
                          "undone_at": deps.clock()})
        await dedupe_repo.undo_merge(uow.session, merge=undone)
        await restart_after_merge(uow.session, merged, merged_at=merge.merged_at,
                                  undone_at=deps.clock(), rules=deps.clock_rules)
        uow.publish(_event(events_pb2.LeadsUnmerged, undone, principal.user_id),
                    type="leads.unmerged", aggregate_id=merge.survivor_id)
        await uow.commit()
    return undone


async def history(lead_id: str, deps: Deps) -> History:
    """Touches of the lead and of every lead merged into it; merges it took part in.
    The caller has already checked the lead may be read."""
    async with deps.sessions() as session:
        ids = await dedupe_repo.absorbed_ids(session, lead_id=lead_id)
        touches = await dedupe_repo.touches_of(session, lead_ids=ids)
        merges = await dedupe_repo.merges_of(session, lead_id=lead_id)
    return History(touches=touches, merges=merges)
