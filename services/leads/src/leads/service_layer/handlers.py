"""One function per use case: load through the unit of work, call the domain, commit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from servicekit.auth import Principal
from servicekit.consumer import TransientError
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leads.adapters import repository
from leads.adapters.clients import OrgUser, Region
from leads.domain import commands
from leads.domain.assignment import Candidate
from leads.domain.model import Lead
from leads.service_layer import deciding
from leads.service_layer.clock_rules import ClockRules
from leads.service_layer.messages import publish_events

log = logging.getLogger(__name__)
SOURCE = "leads"


class OrgDirectory(Protocol):
    async def resolve_region(self, province: str) -> Region: ...
    async def region_by_id(self, region_id: str) -> Region | None: ...
    async def active_reps(self, region_id: str) -> list[Candidate]: ...
    async def people_of(self, region_ids: Collection[str]) -> set[str]: ...
    async def people_of_manager(self, manager_id: str,
                                region_ids: Collection[str]) -> set[str]: ...
    async def managers_of(self, region_id: str) -> list[Candidate]: ...
    async def reps_among(self, user_ids: Collection[str], *,
                         fresh: bool = False) -> list[Candidate]: ...
    async def get_user(self, user_id: str) -> OrgUser | None: ...
    async def region_ids(self, *, fresh: bool = False) -> set[str]: ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    org: OrgDirectory
    clock: Callable[[], datetime] = _now
    # The first-contact clock's settings: intake starts the clock of a lead it assigns.
    clock_rules: ClockRules = field(default_factory=ClockRules)


async def create_lead(cmd: commands.CreateLead, deps: Deps) -> tuple[str, bool]:
    """Stores a new lead and its leads.created event; the same key returns the same lead,
    a known customer gets a touch on their lead (service_layer/intake.py)."""
    from leads.service_layer import intake  # intake builds on this module's Deps

    arrival = await intake.receive(cmd, deps)
    return arrival.lead_id, arrival.created


async def get_lead(lead_id: str, principal: Principal, deps: Deps) -> Lead:
    """The lead if the caller may see it; otherwise NotFound, so existence does not leak."""
    from leads.service_layer import reading  # reading builds on this module's Deps

    async with deps.sessions() as session:
        lead = await repository.get(session, lead_id=lead_id)
    return await reading.readable(lead, principal, deps)


def _untraced(_: str) -> AbstractContextManager[None]:
    return nullcontext()


async def assign_lead(cmd: commands.AssignLead, uow: UnitOfWork, deps: Deps) -> None:
    """Gives a new lead to its rule's (or region's) next rep; runs in the consumer's
    transaction."""
    await assign_leads([cmd], uow, deps)


async def assign_leads(cmds: Sequence[commands.AssignLead], uow: UnitOfWork, deps: Deps, *,
                       traced: Callable[[str], AbstractContextManager[None]] = _untraced
                       ) -> None:
    """Assigns new leads in one transaction, in arrival order, each exactly as if alone
    (deciding.decide_all). A lead that is no longer new (intake assigned it inline, or
    this is a redelivery) is left alone without being locked. An import's leads are
    counted in its summary (import_assigned.py)."""
    from leads.service_layer import import_assigned  # it builds on this module's neighbours

    imports = await import_assigned.lock(uow, cmds)  # before the leads, as the import job
    waiting = await repository.new_for_update(uow.session, lead_ids=[c.lead_id for c in cmds])
    if not waiting:
        return
    try:
        decided = await deciding.decide_all(uow.session, waiting, org=deps.org,
                                             regions=deps.org.resolve_region, clock=deps.clock)
    except OrgUnavailable as error:
        raise TransientError(str(error)) from error
    await decided.apply()
    await repository.save_assignments(uow.session, batch=waiting)
    await import_assigned.record(uow, waiting, cmds, imports)
    for lead in waiting:
        with traced(lead.id):  # the lead's events continue the trace of its arrival
            publish_events(uow, lead)
