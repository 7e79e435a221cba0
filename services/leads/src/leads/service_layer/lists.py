"""Use cases of qualified fields and lists: update and rescore, page, stream for export."""

from __future__ import annotations

from collections.abc import AsyncIterator

from servicekit.auth import Principal
from servicekit.errors import NotFound
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import lead_queries, repository
from leads.domain import commands
from leads.domain.access import can_read
from leads.domain.listing import LeadFilter, decode_cursor, encode_cursor, page_size
from leads.domain.model import Lead
from leads.service_layer import clock_retime, handover, reading, region_follow
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.messages import publish_events
from leads.service_layer.rules_admin import DirectoryUnavailable

EDIT_ROLES = frozenset({"rep", "manager", "director", "admin"})


async def update_qualification(cmd: commands.UpdateQualification, principal: Principal,
                               deps: Deps) -> Lead:
    """Owner, region manager, director or admin; anyone else reads "not found". A province
    set here moves the lead to its region (region_follow.py; the directory down: 503,
    nothing written)."""
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        session = uow.session
        lead = await repository.get(session, lead_id=cmd.lead_id, for_update=True)
        if lead is None or principal.role not in EDIT_ROLES or not can_read(
                lead, role=principal.role, user_id=principal.user_id,
                region_ids=principal.region_ids,
                people=await reading.people_for(lead, principal, deps)):
            raise NotFound("线索不存在")
        urgency, province = lead.urgency, lead.province
        lead.update_qualification(cmd)  # InvalidField before anything is written
        await repository.save_qualification(session, lead=lead)
        if lead.urgency != urgency:  # a raised urgency shortens a running clock
            await clock_retime.after_urgency_change(session, lead, rules=deps.clock_rules,
                                                    now=deps.clock())
        # Only a new province moves the lead: the same one confirmed keeps its region, also
        # when an admin has since moved the province (lead_region.py: leads keep theirs).
        if lead.province != province:
            await _follow_province(uow, lead, principal, deps)
        await uow.commit()
    return lead


async def _follow_province(uow: UnitOfWork, lead: Lead, principal: Principal,
                           deps: Deps) -> None:
    try:
        by = (await handover.named(principal, deps)).shown
        await region_follow.follow_province(uow.session, lead, org=deps.org,
                                            now=deps.clock(), by=by)
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用，请稍后再试") from error
    publish_events(uow, lead)


async def list_leads(flt: LeadFilter, *, limit: int, cursor: str, principal: Principal,
                     deps: Deps) -> tuple[list[Lead], str]:
    flt, size = flt.checked(), page_size(limit)
    after = decode_cursor(cursor) if cursor else None
    scope = await reading.lead_scope(principal, deps)
    async with deps.sessions() as session:
        found = await lead_queries.page(session, scope=scope, flt=flt,
                                        limit=size + 1, after=after)
    more = len(found) > size
    found = found[:size]
    next_cursor = encode_cursor(found[-1].created_at, found[-1].id) if more else ""
    return found, next_cursor


async def stream_leads(flt: LeadFilter, *, principal: Principal,
                       deps: Deps) -> AsyncIterator[Lead]:
    flt = flt.checked()
    scope = await reading.lead_scope(principal, deps)
    async with deps.sessions() as session:
        async for lead in lead_queries.stream(session, scope=scope, flt=flt):
            yield lead
