"""Reading quotes: one (whoever sees the deal; finance any issued one; a delegate the
quote they hold for an away approver: quote_delegation), a deal's versions, and the
scoped list. `deal_for` is the one visibility rule every quote use case starts from."""

from __future__ import annotations

from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.auth import Principal
from servicekit.errors import FieldError, NotFound
from servicekit.pages import page_window
from servicekit.paging import encode_cursor
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import catalogue_repo, quotes_repo, repository
from pipeline.domain.access import FINANCE
from pipeline.domain.model import Opportunity
from pipeline.domain.quotes import APPROVALS, DRAFT, PENDING, STATES, Quote
from pipeline.service_layer import quote_messages as messages
from pipeline.service_layer import reach
from pipeline.service_layer.deps import Deps, Directory
from pipeline.service_layer.quote_delegation import Away, away_now, deal_as_delegate, grants_for


async def deal_for(session: AsyncSession, opportunity_id: str, principal: Principal, *,
                   org: Directory | None, for_update: bool = False) -> Opportunity:
    """The deal if the caller may see it (reach: a manager his people's deals elsewhere
    too, so he decides their discounts); NOT_FOUND otherwise (existence never leaks)."""
    opp = await repository.get(session, opportunity_id=opportunity_id, for_update=for_update)
    if opp is None or not await reach.may_read(principal, org, owner_id=opp.owner_id,
                                               region_id=opp.region_id):
        raise NotFound("商机不存在")
    return opp


async def viewer(session: AsyncSession, role: str, quotes: list[Quote],
                 org: Directory | None = None) -> messages.Viewer:
    """What a caller's answers need to say whether they may decide a pending discount, and
    who holds it for an away approver (read only when one waits)."""
    pending = any(q.state == DRAFT and q.approval == PENDING for q in quotes)
    away = await away_now(session, org) if pending else Away()
    return messages.Viewer(role, await catalogue_repo.limits(session), away.stand_ins,
                           away.directors_away)


async def reply(session: AsyncSession, quote: Quote, role: str = "",
                org: Directory | None = None) -> qpb.Quote:
    info = await quotes_repo.deal_info(session, {quote.opportunity_id})
    return messages.quote(quote, info.get(quote.opportunity_id),
                          await viewer(session, role, [quote], org))


async def get_quote(quote_id: str, principal: Principal, deps: Deps, *,
                    session: AsyncSession | None = None) -> qpb.Quote:
    """Whoever sees the deal sees its quotes; finance sees every issued quote; a delegate
    the one whose discount they hold (or decided) for an away approver."""
    if session is None:
        async with deps.sessions() as own:
            return await get_quote(quote_id, principal, deps, session=own)
    quote = await quotes_repo.get(session, quote_id=quote_id)
    if quote is None:
        raise NotFound("报价不存在")
    if not (principal.role == FINANCE and quote.issued_at is not None):
        try:
            await deal_for(session, quote.opportunity_id, principal, org=deps.org)
        except NotFound:
            await deal_as_delegate(session, quote, principal, deps)
    return await reply(session, quote, principal.role, deps.org)


async def list_quotes(request: qpb.ListQuotesRequest, principal: Principal,
                      deps: Deps) -> qpb.ListQuotesResponse:
    """Newest first; scoped through the deal, finance sees every issued quote; a delegate
    also the pending discounts they hold for an away approver (their to-do list)."""
    size, after = page_window(request.page_size, request.page_token)
    if request.state and request.state not in STATES:
        raise FieldError("state", "状态须为 " + "、".join(STATES))
    if request.approval and request.approval not in APPROVALS:
        raise FieldError("approval", "审批状态须为 " + "、".join(APPROVALS))
    flt = quotes_repo.QuoteFilter(opportunity_id=request.opportunity_id, state=request.state,
                                  approval=request.approval)
    scope = await reach.deal_scope(principal, deps.org)
    async with deps.sessions() as session:
        held = await grants_for(session, principal, deps)
        found = await quotes_repo.page(session, scope=scope, flt=flt, limit=size + 1,
                                       issued_only=principal.role == FINANCE, after=after,
                                       held=held, delegate_id=principal.user_id)
        info = await quotes_repo.deal_info(session, {q.opportunity_id for q in found})
        seen_as = await viewer(session, principal.role, found[:size], deps.org)
    more = len(found) > size
    last = found[size - 1] if more else None
    return qpb.ListQuotesResponse(
        quotes=[messages.quote(q, info.get(q.opportunity_id), seen_as) for q in found[:size]],
        next_page_token=encode_cursor(last.created_at, last.id) if last else "")


async def quotes_of_deals(session: AsyncSession, opps: list[Opportunity], role: str = "",
                          org: Directory | None = None) -> dict[str, list[qpb.Quote]]:
    """Every version of each deal's quote, newest first, for the deals' answers: three
    statements whatever the number of deals (more only when a discount waits). `role`:
    each says, as the quote read does, whether the caller decides a waiting discount and
    whom it waits for (the deal is where a rep looks for whom to chase)."""
    found = await quotes_repo.of_opportunities(session, opportunity_ids=[o.id for o in opps])
    info = await quotes_repo.deal_info(session, {q.opportunity_id for q in found})
    seen_as = await viewer(session, role, found, org) if role else None
    by_deal: dict[str, list[qpb.Quote]] = {o.id: [] for o in opps}
    for q in found:
        by_deal[q.opportunity_id].append(messages.quote(q, info.get(q.opportunity_id), seen_as))
    return by_deal
