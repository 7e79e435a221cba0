"""Quotes: a new version, the discount decision, issuing (→ pipeline.quote_issued) and
the customer's acceptance. Each use case locks the deal first, so versions are assigned
one at a time and an acceptance cannot cross a new version."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.auth import Principal
from servicekit.errors import FieldError, NotFound, PermissionDenied
from servicekit.paging import InvalidCursor, decode_cursor, encode_cursor
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from pipeline.adapters import catalogue_repo, quotes_repo, repository
from pipeline.adapters.orm import opportunities as opps
from pipeline.domain import stages
from pipeline.domain.access import can_read, may_work, scope_for
from pipeline.domain.errors import TransitionRefused
from pipeline.domain.model import Opportunity
from pipeline.domain.pricing import (
    LineRequest,
    approver_needed,
    may_approve,
    price_lines,
    totals_of,
)
from pipeline.domain.quotes import ACCEPTED, APPROVALS, STATES, Quote
from pipeline.service_layer import quote_messages as messages
from pipeline.service_layer.deps import SOURCE, Deps

DEFAULT_PAGE, MAX_PAGE = 20, 100


@dataclass(frozen=True)
class CreateQuote:
    opportunity_id: str
    lines: list[LineRequest]
    discount_bp: int = 0
    note: str = ""
    idempotency_key: str = ""


async def deal_for(session: AsyncSession, opportunity_id: str, principal: Principal, *,
                   for_update: bool = False) -> Opportunity:
    """The deal if the caller may see it; NOT_FOUND otherwise (existence never leaks)."""
    opp = await repository.get(session, opportunity_id=opportunity_id, for_update=for_update)
    scope = scope_for(role=principal.role, user_id=principal.user_id,
                      region_ids=principal.region_ids)
    if opp is None or not can_read(scope, owner_id=opp.owner_id, region_id=opp.region_id):
        raise NotFound("商机不存在")
    return opp


async def _workable_deal(session: AsyncSession, opportunity_id: str,
                         principal: Principal) -> Opportunity:
    opp = await deal_for(session, opportunity_id, principal, for_update=True)
    if not may_work(role=principal.role):
        raise PermissionDenied("无权操作此商机的报价")
    if opp.status != stages.OPEN:
        raise TransitionRefused(f"商机已{stages.DEFAULT_LABELS[opp.status]}，不能再变更报价")
    return opp


async def reply(session: AsyncSession, quote: Quote) -> qpb.Quote:
    info = await quotes_repo.deal_info(session, {quote.opportunity_id})
    return messages.quote(quote, info.get(quote.opportunity_id))


async def create_quote(cmd: CreateQuote, principal: Principal, deps: Deps) -> qpb.Quote:
    key = cmd.idempotency_key or None
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if key:  # a concurrent retry waits here, then finds the first call's quote
            await uow.session.execute(select(func.pg_advisory_xact_lock(
                func.hashtext(f"quote:{principal.user_id}:{key}"))))
            if found := await quotes_repo.id_by_key(uow.session, created_by=principal.user_id,
                                                    key=key):
                return await get_quote(found, principal, deps, session=uow.session)
        opp = await _workable_deal(uow.session, cmd.opportunity_id, principal)
        lines = price_lines(cmd.lines, await catalogue_repo.catalogue(uow.session))
        totals = totals_of(lines, cmd.discount_bp)
        approver = approver_needed(totals.discount_bp, author_role=principal.role,
                                   limits=await catalogue_repo.limits(uow.session))
        if await quotes_repo.of_opportunity(uow.session, opportunity_id=opp.id,
                                            states=(ACCEPTED,)):
            raise TransitionRefused("客户已接受本商机的报价，不能再新建版本")
        live = await quotes_repo.live_of(uow.session, opportunity_id=opp.id)
        quote = Quote.draft(
            id=str(uuid7()), opportunity_id=opp.id, lines=lines, totals=totals,
            version=await quotes_repo.next_version(uow.session, opportunity_id=opp.id),
            created_by=principal.user_id, created_at=deps.clock(), approval_role=approver,
            note=cmd.note)
        for older in live:
            if older.supersede():
                await quotes_repo.save(uow.session, older)
        await quotes_repo.add(uow.session, quote, idempotency_key=key)
        await uow.commit()
        return await reply(uow.session, quote)


async def get_quote(quote_id: str, principal: Principal, deps: Deps, *,
                    session: AsyncSession | None = None) -> qpb.Quote:
    """Whoever sees the deal sees its quotes; finance sees every issued quote."""
    if session is None:
        async with deps.sessions() as own:
            return await get_quote(quote_id, principal, deps, session=own)
    quote = await quotes_repo.get(session, quote_id=quote_id)
    if quote is None:
        raise NotFound("报价不存在")
    if not (principal.role == "finance" and quote.issued_at is not None):
        await deal_for(session, quote.opportunity_id, principal)
    return await reply(session, quote)


async def _locked(uow: UnitOfWork, quote_id: str, principal: Principal
                  ) -> tuple[Opportunity, Quote]:
    found = await quotes_repo.get(uow.session, quote_id=quote_id)
    if found is None:
        raise NotFound("报价不存在")
    opp = await deal_for(uow.session, found.opportunity_id, principal, for_update=True)
    quote = await quotes_repo.get(uow.session, quote_id=quote_id, for_update=True)
    assert quote is not None
    return opp, quote


async def decide_discount(quote_id: str, *, approve: bool, comment: str,
                          principal: Principal, deps: Deps) -> qpb.Quote:
    """A manager of the deal's region (or a director) within their own limit."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        _, quote = await _locked(uow, quote_id, principal)
        limits = await catalogue_repo.limits(uow.session)
        if not may_approve(quote.totals.discount_bp, role=principal.role, limits=limits):
            raise PermissionDenied("该折扣超出您的审批权限")
        if quote.decide_discount(approve=approve, comment=comment, by=principal.user_id,
                                 now=deps.clock()):
            await quotes_repo.save(uow.session, quote)
            await uow.commit()
        return await reply(uow.session, quote)


async def issue_quote(quote_id: str, principal: Principal, deps: Deps) -> qpb.Quote:
    """Sends the quote: pipeline.quote_issued reaches finance, and the deal's amount
    becomes the quote's total (the latest price the customer has seen)."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp, quote = await _locked(uow, quote_id, principal)
        await _workable_deal(uow.session, opp.id, principal)
        if quote.issue(by=principal.user_id, now=deps.clock()):
            await quotes_repo.save(uow.session, quote)
            await uow.session.execute(update(opps).where(opps.c.id == uuid.UUID(opp.id)).values(
                amount_fen=quote.totals.total_fen))
            info = await quotes_repo.deal_info(uow.session, {opp.id})
            messages.publish_issued(uow, quote, info[opp.id], opp.created_at)
            await uow.commit()
        return await reply(uow.session, quote)


async def accept_quote(quote_id: str, principal: Principal, deps: Deps) -> qpb.Quote:
    """The customer accepted: only the deal's current, issued version."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp, quote = await _locked(uow, quote_id, principal)
        await _workable_deal(uow.session, opp.id, principal)
        if quote.accept(by=principal.user_id, now=deps.clock()):
            await quotes_repo.save(uow.session, quote)
            await uow.commit()
        return await reply(uow.session, quote)


async def list_quotes(request: qpb.ListQuotesRequest, principal: Principal,
                      deps: Deps) -> qpb.ListQuotesResponse:
    """Newest first; scoped through the deal, finance sees every issued quote."""
    if not 0 <= request.page_size <= MAX_PAGE:
        raise FieldError("limit", f"每页条数应在 1 到 {MAX_PAGE} 之间")
    if request.state and request.state not in STATES:
        raise FieldError("state", "状态须为 " + "、".join(STATES))
    size = request.page_size or DEFAULT_PAGE
    try:
        after = decode_cursor(request.page_token) if request.page_token else None
    except InvalidCursor as error:
        raise FieldError("cursor", "分页游标无效") from error
    scope = scope_for(role=principal.role, user_id=principal.user_id,
                      region_ids=principal.region_ids)
    if request.approval and request.approval not in APPROVALS:
        raise FieldError("approval", "审批状态须为 " + "、".join(APPROVALS))
    flt = quotes_repo.QuoteFilter(opportunity_id=request.opportunity_id, state=request.state,
                                  approval=request.approval)
    async with deps.sessions() as session:
        found = await quotes_repo.page(session, scope=scope, flt=flt, limit=size + 1,
                                       issued_only=principal.role == "finance", after=after)
        info = await quotes_repo.deal_info(session, {q.opportunity_id for q in found})
    more = len(found) > size
    last = found[size - 1] if more else None
    return qpb.ListQuotesResponse(
        quotes=[messages.quote(q, info.get(q.opportunity_id)) for q in found[:size]],
        next_page_token=encode_cursor(last.created_at, last.id) if last else "")


async def quotes_of(session: AsyncSession, opp: Opportunity) -> list[qpb.Quote]:
    """Every version of a deal's quote, newest first, for the deal's detail."""
    found = await quotes_repo.of_opportunity(session, opportunity_id=opp.id)
    info = await quotes_repo.deal_info(session, {opp.id}) if found else {}
    return [messages.quote(q, info.get(opp.id)) for q in found]
