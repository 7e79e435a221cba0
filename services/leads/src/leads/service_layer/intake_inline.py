"""Intake assigns its new leads and starts their clocks in the arrivals' own transaction.

Before, every web form took two more trips through the outbox, NATS and a consumer of
the leads service itself (leads.created -> the assigner -> leads.assigned -> the clock),
each with its own transaction, inbox rows and acks: most of the service's CPU per lead.
Now the batch's new leads are decided by the assigner's own logic
(`deciding.decide_all`) before they are inserted, so they are stored assigned with
their clock's deadlines, and leads.created and leads.assigned are staged together.

Both consumers stay. The assigner still assigns what intake did not: imports, and any
batch whose inline attempt could not ask the org directory (it is down, or has no region
for a province): those leads are stored new, exactly as before, and assigned from their
leads.created. For a lead placed here, the events are published `done_for` those
consumers (recorded in their inbox in this transaction and named in the message), so each
acks them without touching the database; should one be applied anyway, it finds nothing
to do (the lead is not new; its clock already runs).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg
from servicekit.db import is_unavailable
from servicekit.orgdir import OrgUnavailable
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import teams_repo
from leads.adapters.clock_batch_repo import Clock
from leads.domain.model import ASSIGNED, Lead
from leads.domain.rules import Rule
from leads.service_layer import deciding
from leads.service_layer.clock_rules import deadlines_of
from leads.service_layer.handlers import Deps

log = logging.getLogger(__name__)
# Errors of the database (through SQLAlchemy or on the driver connection), never the org
# directory's: they fail the batch.
DATABASE_ERRORS = (SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError)
# The durables of the leads service's own consumers (entrypoints/consumers.py, clock.py).
ASSIGNER, CLOCK = "leads-assigner", "leads-clock"


def done_for(*, placed: bool, clock: bool) -> dict[str, tuple[str, ...]]:
    """Per subject, the durables whose work intake has done for a lead: a placed lead's
    leads.created for the assigner, a started clock's leads.assigned for the clock."""
    done: dict[str, tuple[str, ...]] = {}
    if placed:
        done["leads.created"] = (ASSIGNER,)
    if clock:
        done["leads.assigned"] = (CLOCK,)
    return done


@dataclass
class Placed:
    """What intake writes with its new leads: their clocks, lead id -> (owner, start,
    deadlines), and the turns taken (the parameters of teams_repo.SAVE_TURNS_CTES)."""

    clocks: dict[str, Clock] = field(default_factory=dict)
    turns: dict[str, object] = field(default_factory=lambda: teams_repo.turns_params(
        scores={}, counts={}, day=None))


async def assign_and_start(session: AsyncSession, leads: Sequence[Lead], deps: Deps, *,
                           rules: Sequence[Rule] | None = None) -> Placed:
    """Assigns the new leads in place (their leads.assigned recorded on them) and returns
    what is left to write. Leaves every lead new and writes nothing when the org
    directory cannot answer; database errors propagate."""
    if not leads:
        return Placed()
    try:
        decided = await deciding.decide_all(session, leads, org=deps.org,
                                             regions=deps.org.resolve_region,
                                             clock=deps.clock, rules=rules)
    except Exception as error:
        # OrgUnavailable is a ConnectionError, which is_unavailable takes for the database
        # being down: without this test a directory outage failed the batch (an import's
        # job stalled) instead of leaving its leads to the assigner.
        if not isinstance(error, OrgUnavailable) and (
                isinstance(error, DATABASE_ERRORS) or is_unavailable(error)):
            raise
        # Nothing is written yet: the leads are stored new, the assigner takes them.
        log.warning("intake: %d leads left to the assigner: %s: %s", len(leads),
                    type(error).__name__, error)
        return Placed()
    decided.assign()
    started = [(lead, lead.assigned_at) for lead in leads
               if lead.status == ASSIGNED and lead.assigned_at is not None]
    due = await deadlines_of(session, deps.clock_rules, started)
    clocks: dict[str, Clock] = {}
    for lead, start in started:
        lead.first_contact_due_at = due[lead.id][-1].due_at
        clocks[lead.id] = (lead.owner_id, start, due[lead.id])
    return Placed(clocks, decided.turns.taken())
