"""Who holds a quote discount for an away approver (domain/quote_delegates): the grants of
the caller's incoming delegations, and the deal of a quote they may therefore read and
decide although it is outside their scope: the away approver's scope, his people's deals
in other regions included (reach.people_of, as for the approver himself). That reaches
only the quote: the deal itself, its other quotes and its contracts stay 404 for the
delegate (they are read through `deal_for`, which knows nothing of delegations).

The directory is asked only when someone has delegated to the caller (one indexed
read first), so a deal's everyday reads never depend on it; when it is down such a read
is 503, as a contract decision's is. Who holds a waiting discount for whom
(`away_now`, read when a pending discount is shown and someone is away) names people as
the directory does now, through its short cache; with the directory down it falls back
to what the delegation row kept when it was set, rather than failing the read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import NotFound
from servicekit.orgdir import OrgUnavailable
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import approval_repo, catalogue_repo, repository
from pipeline.domain.model import Opportunity
from pipeline.domain.pricing import APPROVER_ROLES
from pipeline.domain.quote_delegates import (
    Grant,
    StandIn,
    every_director_away,
    grants,
    held_for,
    named_now,
)
from pipeline.domain.quotes import Quote
from pipeline.service_layer import reach
from pipeline.service_layer.deps import Deps, Directory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Away:
    """The delegations in force as a quote's readers are told about them."""

    stand_ins: tuple[StandIn, ...] = ()
    directors_away: bool = False  # every active director has delegated


async def away_now(session: AsyncSession, org: Directory | None) -> Away:
    rows = await approval_repo.stand_ins(session)
    if not rows or org is None:
        return Away(tuple(rows))
    try:
        people = await org.people()
    except OrgUnavailable:
        log.warning("org directory unavailable: delegates named as when delegated")
        return Away(tuple(rows))
    return Away(named_now(rows, {p.id: p for p in people}),
                every_director_away(people, (r.approver_id for r in rows)))


async def grants_for(session: AsyncSession, principal: Principal, deps: Deps) -> list[Grant]:
    if deps.org is None or principal.role not in APPROVER_ROLES:
        return []
    away = await approval_repo.delegators_of(session, to_user_id=principal.user_id,
                                             now=deps.clock())
    if not away:
        return []
    people = {p.id: p for p in await deps.org.people()}
    delegators = [people[i] for i in away if i in people]
    theirs = {p.id: await reach.people_of(role=p.role, user_id=p.id,
                                          region_ids=p.managed_region_ids, org=deps.org)
              for p in delegators}
    return grants(delegators, people.get(principal.user_id),
                  await catalogue_repo.limits(session), theirs)


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
