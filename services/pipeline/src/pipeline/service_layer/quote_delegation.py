"""Who holds a quote discount for an away approver (domain/quote_delegates): the grants of
the caller's incoming delegations, and the deal of a quote they may therefore read and
decide although it is outside their scope. That reaches only the quote: the deal itself,
its other quotes and its contracts stay 404 for the delegate (they are read through
`deal_for`, which knows nothing of delegations).

The directory is asked only when someone has delegated to the caller (one indexed
read first), so a deal's everyday reads never depend on it; when it is down such a read
is 503, as a contract decision's is.
"""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import NotFound
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import approval_repo, catalogue_repo, repository
from pipeline.domain.model import Opportunity
from pipeline.domain.pricing import APPROVER_ROLES
from pipeline.domain.quote_delegates import Grant, grants, held_for
from pipeline.domain.quotes import Quote
from pipeline.service_layer.deps import Deps


async def grants_for(session: AsyncSession, principal: Principal, deps: Deps) -> list[Grant]:
    if deps.org is None or principal.role not in APPROVER_ROLES:
        return []
    away = await approval_repo.delegators_of(session, to_user_id=principal.user_id,
                                             now=deps.clock())
    if not away:
        return []
    people = {p.id: p for p in await deps.org.people()}
    return grants([people[i] for i in away if i in people], people.get(principal.user_id),
                  await catalogue_repo.limits(session))


async def deal_as_delegate(session: AsyncSession, quote: Quote, principal: Principal,
                           deps: Deps, *, for_update: bool = False,
                           deciding: bool = False) -> Opportunity:
    """The quote's deal, for a caller outside its scope who holds its pending discount for
    an away approver, or who decided it so; NotFound (as for anyone else) otherwise.
    `deciding`: a discount the approver decided first is still reached (then 409)."""
    decided_it = bool(quote.decided_by) and quote.decided_by == principal.user_id
    held = [] if decided_it else await grants_for(session, principal, deps)
    if decided_it or held:  # else nobody needs the deal loaded to be told 404
        opp = await repository.get(session, opportunity_id=quote.opportunity_id,
                                   for_update=for_update)
        if opp is not None and (decided_it or held_for(
                held, quote, owner_id=opp.owner_id, region_id=opp.region_id,
                delegate_id=principal.user_id, decided_too=deciding)):
            return opp
    raise NotFound("商机不存在")
