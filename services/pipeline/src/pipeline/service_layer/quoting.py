"""Quotes: a new version, the discount decision, issuing (→ pipeline.quote_issued) and
the customer's acceptance. Each use case locks the deal first, so versions are assigned
one at a time and an acceptance cannot cross a new version. Reads are in quote_reads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from pipeline.adapters import catalogue_repo, quotes_repo
from pipeline.adapters.orm import opportunities as opps
from pipeline.domain import stage_rules, stages
from pipeline.domain.access import may_work
from pipeline.domain.errors import TransitionRefused
from pipeline.domain.model import Opportunity
from pipeline.domain.pricing import (
    LineRequest,
    approver_needed,
    may_approve,
    price_lines,
    totals_of,
)
from pipeline.domain.quotes import ACCEPTED, ISSUED, NONE, PENDING, Quote
from pipeline.service_layer import deal_back, discount_messages, stage_guard
from pipeline.service_layer import quote_messages as messages
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.quote_delegation import deal_as_delegate
from pipeline.service_layer.quote_reads import deal_for, get_quote, list_quotes, reply

# Reads live in quote_reads; re-exported for callers that know them here.
__all__ = ["CreateQuote", "accept_quote", "create_quote", "decide_discount", "get_quote",
           "issue_quote", "list_quotes"]


@dataclass(frozen=True)
class CreateQuote:
    opportunity_id: str
    lines: list[LineRequest]
    discount_bp: int = 0
    note: str = ""
    idempotency_key: str = ""


async def _workable_deal(session: AsyncSession, opportunity_id: str,
                         principal: Principal, deps: Deps) -> Opportunity:
    opp = await deal_for(session, opportunity_id, principal, org=deps.org, for_update=True)
    if not may_work(role=principal.role):
        raise PermissionDenied("无权操作此商机的报价")
    if opp.status != stages.OPEN:
        raise TransitionRefused(f"商机已{stages.DEFAULT_LABELS[opp.status]}，不能再变更报价")
    return opp


async def create_quote(cmd: CreateQuote, principal: Principal, deps: Deps) -> qpb.Quote:
    key = cmd.idempotency_key or None
    # Normalised as pricing and Quote.draft store them: codes case-blind, the note's spaces.
    asked = fingerprint(cmd.opportunity_id, [(line.product_code.strip().upper(), line.quantity)
                                             for line in cmd.lines], cmd.discount_bp,
                        " ".join(cmd.note.split()))
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if key:  # a concurrent retry waits here, then finds the first call's quote
            await uow.session.execute(select(func.pg_advisory_xact_lock(
                func.hashtext(f"quote:{principal.user_id}:{key}"))))
            if found := await quotes_repo.by_key(uow.session, created_by=principal.user_id,
                                                 key=key):
                check_same_request(stored=found[1], arriving=asked)  # else another quote
                return await get_quote(found[0], principal, deps, session=uow.session)
        opp = await _workable_deal(uow.session, cmd.opportunity_id, principal, deps)
        await stage_guard.require(uow.session, opp, stage_rules.QUOTING_FROM, action="报价")
        lines = price_lines(cmd.lines, await catalogue_repo.catalogue(uow.session))
        totals = totals_of(lines, cmd.discount_bp)
        approver = approver_needed(totals.discount_bp, author_role=principal.role,
                                   limits=await catalogue_repo.limits(uow.session))
        await deal_back.requote(uow, opp, now=deps.clock())  # 409 from 报价 on
        live = await quotes_repo.live_of(uow.session, opportunity_id=opp.id)
        quote = Quote.draft(
            id=str(uuid7()), opportunity_id=opp.id, lines=lines, totals=totals,
            version=await quotes_repo.next_version(uow.session, opportunity_id=opp.id),
            created_by=principal.user_id, created_at=deps.clock(), approval_role=approver,
            note=cmd.note)
        for older in live:
            waiting = older.approval == PENDING
            if older.supersede():
                await quotes_repo.save(uow.session, older)
                if waiting:  # its approvers' 「报价折扣待您审批」 go
                    await discount_messages.withdrawn(uow, older, why=discount_messages.REVISED,
                                                      now=quote.created_at)
        await quotes_repo.add(uow.session, quote, idempotency_key=key,
                              request_hash=asked if key else None)
        if quote.approval == PENDING:
            await discount_messages.requested(uow, quote, deps=deps, now=quote.created_at)
        if quote.approval == NONE:  # within the author's limit: nobody else to approve it
            await stage_guard.tick(uow.session, opp, stage_rules.APPROVE_QUOTE, by="",
                                   now=quote.created_at)
        await uow.commit()
        return await reply(uow.session, quote, principal.role, deps.org)


async def _locked(uow: UnitOfWork, quote_id: str, principal: Principal, deps: Deps, *,
                  delegate: bool = False) -> tuple[Opportunity, Quote]:
    """The deal and quote, locked; `delegate`: a delegate may reach the quote too."""
    found = await quotes_repo.get(uow.session, quote_id=quote_id)
    if found is None:
        raise NotFound("报价不存在")
    try:
        opp = await deal_for(uow.session, found.opportunity_id, principal, org=deps.org,
                             for_update=True)
    except NotFound:
        if not delegate:
            raise
        opp = await deal_as_delegate(uow.session, found, principal, deps, for_update=True,
                                     deciding=True)
    quote = await quotes_repo.get(uow.session, quote_id=quote_id, for_update=True)
    assert quote is not None
    return opp, quote


async def decide_discount(quote_id: str, *, approve: bool, comment: str,
                          principal: Principal, deps: Deps) -> qpb.Quote:
    """A manager of the deal's region (or a director) within their own limit, or the
    delegate of one who is away, within both limits (quote_delegation). The first
    decision counts: another person's is 409, the decider's own retry changes nothing."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp, quote = await _locked(uow, quote_id, principal, deps, delegate=True)
        if opp.status != stages.OPEN:
            raise TransitionRefused(f"商机已{stages.DEFAULT_LABELS[opp.status]}，不能再审批折扣")
        if quote.approval == PENDING:  # a retry of a decision made still answers
            await stage_guard.require(uow.session, opp, stage_rules.QUOTING_FROM,
                                      action="审批报价折扣")
        limits = await catalogue_repo.limits(uow.session)
        if not may_approve(quote.totals.discount_bp, role=principal.role, limits=limits):
            raise PermissionDenied("该折扣超出您的审批权限")
        if quote.decide_discount(approve=approve, comment=comment, by=principal.user_id,
                                 now=deps.clock()):
            await quotes_repo.save(uow.session, quote)
            if approve:
                await stage_guard.tick(uow.session, opp, stage_rules.APPROVE_QUOTE,
                                       by=principal.user_id, now=deps.clock())
            await discount_messages.decided(uow, quote)
            await uow.commit()
        return await reply(uow.session, quote, principal.role, deps.org)


async def issue_quote(quote_id: str, principal: Principal, deps: Deps) -> qpb.Quote:
    """Sends the quote, from 方案设计 on (as it is made): pipeline.quote_issued reaches
    finance, and the deal's amount becomes the quote's total (the latest price the
    customer has seen)."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp, quote = await _locked(uow, quote_id, principal, deps)
        await _workable_deal(uow.session, opp.id, principal, deps)
        if quote.state != ISSUED:  # a retry after the deal moved back still answers
            await stage_guard.require(uow.session, opp, stage_rules.ISSUING_FROM,
                                      action="发出报价")
        if quote.issue(by=principal.user_id, now=deps.clock()):
            await quotes_repo.save(uow.session, quote)
            await uow.session.execute(update(opps).where(opps.c.id == uuid.UUID(opp.id)).values(
                amount_fen=quote.totals.total_fen))
            info = await quotes_repo.deal_info(uow.session, {opp.id})
            messages.publish_issued(uow, quote, info[opp.id], opp.created_at)
            await uow.commit()
        return await reply(uow.session, quote, principal.role, deps.org)


async def accept_quote(quote_id: str, principal: Principal, deps: Deps) -> qpb.Quote:
    """The customer accepted: only the deal's current, issued version, in 报价 or later
    (a price is accepted for a confirmed solution; stage_rules)."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        opp, quote = await _locked(uow, quote_id, principal, deps)
        await _workable_deal(uow.session, opp.id, principal, deps)
        if quote.state != ACCEPTED:
            await stage_guard.require(uow.session, opp, stage_rules.ACCEPTING_FROM,
                                      action="客户接受报价")
        if quote.accept(by=principal.user_id, now=deps.clock()):
            await quotes_repo.save(uow.session, quote)
            await uow.commit()
        return await reply(uow.session, quote, principal.role, deps.org)

