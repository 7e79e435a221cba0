"""Reading and working deals: one deal, lists, ticking sub-steps, changing stage."""

from __future__ import annotations

from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import FieldError, NotFound, PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.pages import page_window
from servicekit.paging import encode_cursor
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import accounts_repo, process_repo, repository
from pipeline.adapters.repository import OpportunityFilter
from pipeline.domain import stages
from pipeline.domain.access import may_work
from pipeline.domain.criteria import Facts
from pipeline.domain.errors import GateFailed
from pipeline.domain.model import Opportunity
from pipeline.service_layer import (
    deal_back,
    deal_lost,
    deal_replies,
    deal_won,
    discount_hold,
    field_stage,
    messages,
    reach,
)
from pipeline.service_layer.deps import SOURCE, Deps


async def _visible(session: AsyncSession, opportunity_id: str, principal: Principal,
                   deps: Deps, *, for_update: bool = False) -> Opportunity:
    """The deal if the caller sees it (service_layer/reach: a manager his people's deals in
    other regions too); NOT_FOUND otherwise, so existence never leaks."""
    opp = await repository.get(session, opportunity_id=opportunity_id, for_update=for_update)
    if opp is None or not await reach.may_read(principal, deps.org, owner_id=opp.owner_id,
                                               region_id=opp.region_id):
        raise NotFound("商机不存在")
    return opp


async def _reply(session: AsyncSession, opp: Opportunity, principal: Principal,
                 deps: Deps) -> pb.Opportunity:
    return (await deal_replies.replies(session, [opp], role=principal.role, org=deps.org))[0]


async def get_opportunity(opportunity_id: str, principal: Principal,
                          deps: Deps) -> pb.Opportunity:
    async with deps.sessions() as session:
        opp = await _visible(session, opportunity_id, principal, deps)
        reply = await _reply(session, opp, principal, deps)
        # The detail only: a list page would pay one more query per deal.
        reply.visits.extend(await field_stage.recent_visits(session, opp))
        return reply


async def list_opportunities(flt: OpportunityFilter, *, limit: int, cursor: str,
                             principal: Principal, deps: Deps
                             ) -> tuple[list[pb.Opportunity], str]:
    size, after = page_window(limit, cursor)
    _check_filter(flt)
    scope = await reach.deal_scope(principal, deps.org)
    async with deps.sessions() as session:
        found = await repository.page(session, scope=scope, flt=flt, limit=size + 1,
                                      after=after)
        items = await deal_replies.replies(session, found[:size], role=principal.role,
                                           org=deps.org)
    more = len(found) > size
    return items, encode_cursor(found[size - 1].created_at, found[size - 1].id) if more else ""


def _check_filter(flt: OpportunityFilter) -> None:
    """A stage or status no deal can have is a mistake (a label, a typo), not "none"."""
    if flt.stage and flt.stage not in (*stages.ORDER, *stages.CLOSED):
        raise FieldError("stage", "阶段须为 " + "、".join((*stages.ORDER, *stages.CLOSED)))
    if flt.status and flt.status not in (stages.OPEN, *stages.CLOSED):
        raise FieldError("status", "状态须为 " + "、".join((stages.OPEN, *stages.CLOSED)))


async def check_step(opportunity_id: str, step_id: str, principal: Principal,
                     deps: Deps) -> pb.Opportunity:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp = await _workable(uow, opportunity_id, principal, deps)
        process = await process_repo.get(uow.session, version=opp.process_version)
        assert process is not None
        if opp.check_step(process, step_id, by=principal.user_id, now=deps.clock()):
            await repository.save_step(uow.session, opp, step_id)
            await uow.commit()
        return await _reply(uow.session, opp, principal, deps)


async def change_stage(opportunity_id: str, to: str, reason: str, principal: Principal,
                       deps: Deps, *, idempotency_key: str = "") -> pb.Opportunity:
    """A keyed move keeps its key on its history row: the same request again answers the
    deal as it is, also once it has moved on (a late retry of 丢单 after a reopening must
    not lose it again); another request under the key is 422."""
    key = idempotency_key or None
    asked = fingerprint("stage", opportunity_id, to.strip(), " ".join(reason.split()))
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if key:  # a concurrent retry waits here, then finds the first call's move
            await uow.session.execute(select(func.pg_advisory_xact_lock(
                func.hashtext(f"stage:{principal.user_id}:{key}"))))
        opp = await _workable(uow, opportunity_id, principal, deps)
        if key and (stored := await repository.hash_of_key(
                uow.session, by_user_id=principal.user_id, key=key)) is not None:
            check_same_request(stored=stored, arriving=asked)
            return await _reply(uow.session, opp, principal, deps)
        process = await process_repo.get(uow.session, version=opp.process_version)
        assert process is not None
        people = await accounts_repo.contacts_of(uow.session, account_id=opp.account_id)
        facts = Facts(amount_fen=opp.amount_fen, has_contact=bool(people),
                      needs_record_complete=await field_stage.needs_complete(uow, opp),
                      **await deal_won.contract_facts(uow.session, opp))
        now = deps.clock()
        came_from = opp.stage
        if deal_back.is_back(came_from, to.strip()):
            await deal_back.check(uow, opp)
        try:
            moved = opp.change_stage(process, to.strip(), reason=reason, by=principal.user_id,
                                     now=now, facts=facts)
        except GateFailed as refused:
            await field_stage.record_refusal(uow, opp, refused, to=to.strip(),
                                             by=principal.user_id, at=now)
            raise
        if moved:
            if opp.stage == "won":
                await deal_won.take_signed_amount(uow, opp)
            if opp.stage == "lost":
                await deal_lost.close(uow, opp, now=now)
            if deal_back.is_back(came_from, opp.stage):
                await deal_back.sent_back(uow, opp, now=now)
            await discount_hold.after_move(uow, opp, came_from=came_from, deps=deps, now=now)
            await repository.save_stage(uow.session, opp, idempotency_key=key,
                                        request_hash=asked if key else None)
            messages.publish(uow, opp, account_name="",
                             stage_extra=await field_stage.stage_changed_extra(uow, opp))
            if opp.stage == "won":
                await deal_won.publish_won(uow, opp, by_user_id=principal.user_id)
            await uow.commit()
        return await _reply(uow.session, opp, principal, deps)


async def _workable(uow: UnitOfWork, opportunity_id: str, principal: Principal,
                    deps: Deps) -> Opportunity:
    opp = await _visible(uow.session, opportunity_id, principal, deps, for_update=True)
    if not may_work(role=principal.role):
        raise PermissionDenied("无权操作此商机")
    return opp
