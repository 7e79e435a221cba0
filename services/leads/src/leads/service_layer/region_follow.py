"""After a lead's province became known or changed (a rep's or manager's edit, a returning
customer's gap fill): the lead moves to the province's region (domain/region_move.py),
with a history entry, and a lead nobody could take is offered to assignment there.

Runs in the caller's transaction with the lead locked (leads before turns, as every
assignment path locks). The owner is never changed and no event is raised for the move
itself (no service keeps a lead's region: pipeline and notifications take it from the
events of assignment and qualification); a re-offered lead raises `leads.assigned` or
`leads.unassigned` like any assignment, for the caller to publish.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

import grpc
from servicekit.ids import uuid7_text
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import dedupe_repository as dedupe_repo
from leads.adapters import repository, teams_repo
from leads.domain import region_move
from leads.domain.history import Touch
from leads.domain.model import Lead
from leads.service_layer.assigning import Roster, choose
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.lead_region import Regions
from leads.service_layer.messages import publish_events

log = logging.getLogger(__name__)


class Directory(Regions, Roster, Protocol):
    """What following a province needs of the org directory."""


async def follow_province(session: AsyncSession, lead: Lead, *, org: Directory,
                          now: datetime, by: str = "") -> region_move.Move | None:
    """Moves the (locked) lead to its province's region when it is elsewhere, records the
    move in its history and saves it; None when it stays. Raises OrgUnavailable, having
    written nothing, while the directory cannot answer."""
    region = await org.resolve_region(lead.province) if lead.province else None
    if region is None or not region_move.must_move(lead, region.id):
        return None
    before = await org.region_by_id(lead.region_id)
    reoffered = region_move.move(lead, region_id=region.id)
    moved = region_move.Move(province=lead.province,
                             from_region=before.name if before else lead.region_id,
                             to_region=region.name, by=by, reoffered=reoffered)
    if reoffered:
        decision = await choose(session, lead=lead, region=region, org=org, now=now,
                                exclude=await teams_repo.rejected_by(session, lead_id=lead.id))
        lead.assign(region_move.moved_reason(decision, moved), region_id=region.id, now=now)
    await repository.save_assignment(session, lead=lead)
    await dedupe_repo.add_touch(session, touch=Touch(
        id=uuid7_text(), lead_id=lead.id, source=region_move.SOURCE,
        channel=region_move.CHANNEL, summary=moved.line, touched_at=now))
    return moved


async def follow_each(lead_ids: Iterable[str], deps: Deps) -> None:
    """Leads whose province an import batch filled, each moved in a transaction of its own
    after the batch's (which holds its assignment turns: a re-offered lead takes others).
    The directory not answering costs the move, never the batch (logged)."""
    for lead_id in sorted(set(lead_ids)):
        try:
            async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
                lead = await repository.get(uow.session, lead_id=lead_id, for_update=True)
                if lead is None or await follow_province(uow.session, lead, org=deps.org,
                                                         now=deps.clock()) is None:
                    continue
                publish_events(uow, lead)
                await uow.commit()
        except (OrgUnavailable, grpc.aio.AioRpcError) as error:
            log.warning("lead %s keeps its region: the org directory did not answer (%s)",
                        lead_id, error)
