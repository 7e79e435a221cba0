"""One function per use case: load through the unit of work, call the domain, commit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from servicekit.auth import Principal
from servicekit.consumer import TransientError
from servicekit.errors import NotFound
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leads.adapters import repository
from leads.adapters.clients import OrgDirectoryUnavailable, OrgUser, Region
from leads.domain import commands
from leads.domain.access import can_read
from leads.domain.assignment import Candidate
from leads.domain.model import Lead
from leads.service_layer.assigning import choose
from leads.service_layer.messages import publish_events

log = logging.getLogger(__name__)
SOURCE = "leads"


class OrgDirectory(Protocol):
    async def resolve_region(self, province: str) -> Region: ...
    async def active_reps(self, region_id: str) -> list[Candidate]: ...
    async def managers_of(self, region_id: str) -> list[Candidate]: ...
    async def reps_among(self, user_ids: Collection[str]) -> list[Candidate]: ...
    async def get_user(self, user_id: str) -> OrgUser | None: ...
    async def region_ids(self) -> set[str]: ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    org: OrgDirectory
    clock: Callable[[], datetime] = _now


async def create_lead(cmd: commands.CreateLead, deps: Deps) -> tuple[str, bool]:
    """Stores a new lead and its leads.created event; the same key returns the same lead,
    a known customer gets a touch on their lead (service_layer/intake.py)."""
    from leads.service_layer import intake  # intake builds on this module's Deps

    arrival = await intake.receive(cmd, deps)
    return arrival.lead_id, arrival.created


async def get_lead(lead_id: str, principal: Principal, deps: Deps) -> Lead:
    """The lead if the caller may see it; otherwise NotFound, so existence does not leak."""
    async with deps.sessions() as session:
        lead = await repository.get(session, lead_id=lead_id)
    if lead is None or not can_read(lead, role=principal.role, user_id=principal.user_id,
                                    region_ids=principal.region_ids):
        raise NotFound("线索不存在")
    return lead


async def assign_lead(cmd: commands.AssignLead, uow: UnitOfWork, deps: Deps) -> None:
    """Gives a new lead to its rule's (or region's) next rep; runs in the consumer's
    transaction."""
    lead = await repository.get(uow.session, lead_id=cmd.lead_id, for_update=True)
    if lead is None or not lead.awaiting_assignment:
        if lead is None:
            log.warning("lead %s to assign does not exist", cmd.lead_id)
        return
    now = deps.clock()
    try:
        region = await deps.org.resolve_region(lead.province)
        decision = await choose(uow.session, lead=lead, region=region, org=deps.org, now=now)
    except OrgDirectoryUnavailable as error:
        raise TransientError(str(error)) from error
    lead.assign(decision, region_id=region.id, now=now)
    await repository.save_assignment(uow.session, lead=lead)
    publish_events(uow, lead)
