"""The first-contact clock started for a whole batch of leads.assigned at once.

Most leads.assigned arrive for a clock that already runs: intake starts the clock in the
transaction that assigns the lead (service_layer/intake_batch.py). So the batch first asks,
in one statement without locks, which events' owners still hold their lead and have no
clock from that moment yet (`clock_batch_repo.needing_clock`); usually none, and the batch is
done. Those that do are locked in id order, asked again under the lock (exact), and
started in one statement: earlier pending deadlines cancelled, new ones added, the due
time stamped.

The outcome is that of `clock.start_clock` applied to the events in order: an event whose
owner no longer holds the lead (or a lead not `assigned`) does nothing, and neither does
one whose clock already runs; when several events of one lead start a clock, the last
one's clock is the one that runs.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.batching import Delivery
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import clock_batch_repo, clock_repo, import_clocks, repository
from leads.adapters.clock_batch_repo import Clock
from leads.domain.model import ASSIGNED, Lead
from leads.service_layer.clock_rules import ClockRules, deadlines_of


async def start_clocks(uow: UnitOfWork, deliveries: list[Delivery], rules: ClockRules) -> None:
    assigned = [d.payload for d in deliveries if isinstance(d.payload, events_pb2.LeadAssigned)]
    if len(assigned) != len(deliveries):
        raise TypeError("leads-clock: a payload other than LeadAssigned")  # one by one then
    await start_for(uow.session, assigned, rules)


async def start_for(session: AsyncSession, assigned: Sequence[events_pb2.LeadAssigned],
                    rules: ClockRules) -> None:
    events = [(e.lead_id, e.owner_id, e.assigned_at.ToDatetime(tzinfo=UTC)) for e in assigned]
    candidates = [events[i] for i in await clock_batch_repo.needing_clock(session, events)]
    if not candidates:
        return
    leads = {lead.id: lead for lead in await repository.get_many_for_update(
        session, lead_ids=[lead for lead, _, _ in candidates])}
    starts: dict[str, tuple[str, datetime]] = {}  # one current assignment per lead
    for i in await clock_batch_repo.needing_clock(session, candidates):  # under the lock
        lead_id, owner, start = candidates[i]
        starts[lead_id] = (owner, start)
    due = await deadlines_of(session, rules,
                             [(leads[i], start) for i, (_, start) in starts.items()])
    clocks = {i: (owner, start, due[i]) for i, (owner, start) in starts.items()}
    await clock_batch_repo.restart_clocks(session, clocks)
    await _join_imports(session, assigned, clocks)


async def _join_imports(session: AsyncSession, assigned: Sequence[events_pb2.LeadAssigned],
                        clocks: dict[str, Clock]) -> None:
    """An import's lead the assigner placed (its batch could not: import_assigned.py) runs
    its import's clock, as the batch's own leads do: its thresholds told per owner in the
    import's summaries, never reassigned."""
    of_import: dict[uuid.UUID, dict[str, Clock]] = defaultdict(dict)
    for event in assigned:
        if event.import_id and event.lead_id in clocks:
            of_import[uuid.UUID(event.import_id)][event.lead_id] = clocks[event.lead_id]
    for import_id, imported in sorted(of_import.items()):
        await clock_repo.mark_all_imported(session, lead_ids=sorted(imported),
                                           import_id=import_id)
        await import_clocks.arm(session, import_id=import_id, clocks=imported)


async def restart_after_merge(session: AsyncSession, lead: Lead, *, merged_at: datetime,
                              undone_at: datetime, rules: ClockRules) -> bool:
    """A merged lead's deadlines are skipped (the survivor's clock chases the customer);
    once the merge is undone, a lead still waiting for its first contact whose deadline
    fell due meanwhile gets a fresh clock from the undo, so it is chased again — afresh,
    since it was out of its owner's list. A clock that missed nothing runs on unchanged.
    An import's lead stays its import's: the fresh deadlines carry the import and arm its
    per-owner summary again, as its first clock did."""
    if lead.status != ASSIGNED or not lead.owner_id:
        return False
    missed, import_id = await clock_repo.fired_for_owner_since(
        session, lead_id=lead.id, owner_id=lead.owner_id, since=merged_at)
    if not missed:
        return False
    due = await deadlines_of(session, rules, [(lead, undone_at)])
    clock = {lead.id: (lead.owner_id, undone_at, due[lead.id])}
    await clock_batch_repo.restart_clocks(session, clock)
    if import_id is not None:
        await clock_repo.mark_imported(session, lead_id=lead.id, import_id=import_id)
        await import_clocks.arm(session, import_id=import_id, clocks=clock)
    return True
